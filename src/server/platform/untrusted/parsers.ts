// Issue 10 §1: the parsers the cage can run, by name. Every parser of an uploaded file is listed
// here, so that the one worker entry (worker.ts; one bundle, untrusted-worker.mjs) can run any of
// them; each module loads on its parser's first use. Add a parser: a name, its argument and result
// types in ParserTypes, and its loader in loadParser.
import type { ItemWorkbookRead, ItemWorkbookProgramme } from '../../modules/transfer/item-spreadsheet.js';

export type Parser = (bytes: Buffer, args: never) => Promise<unknown>;

export interface ParserTypes {
  /** FUN-5: the rows of an uploaded item workbook, checked against the programme */
  'item-workbook': { args: { programme: ItemWorkbookProgramme; maxRows?: number }; result: ItemWorkbookRead };
  /** PUB-2: the verification code printed in an uploaded task book file (Word or PDF), if any */
  'verification-code': { args: undefined; result: string | null };
}
export type ParserName = keyof ParserTypes;

export async function loadParser(name: string): Promise<Parser> {
  switch (name) {
    case 'item-workbook': {
      const { parseItemWorkbook } = await import('../../modules/transfer/item-spreadsheet.js');
      return ((bytes: Buffer, args: ParserTypes['item-workbook']['args']) => parseItemWorkbook(bytes, args.programme, { maxRows: args.maxRows })) as Parser;
    }
    case 'verification-code': {
      const { extractVerificationCode } = await import('../../modules/taskbooks/documents/extract.js');
      return ((bytes: Buffer) => extractVerificationCode(bytes)) as Parser;
    }
    default:
      throw new Error(`unknown parser "${name}"`);
  }
}
