// Issue 10 §1: the parsers of uploaded files the server runs in its cage (platform/untrusted/cage.ts),
// by name, and the server's cage. Every parser of an uploaded file is listed here, so that the one
// worker entry (./untrusted-worker.ts; one bundle, untrusted-worker.mjs) can run any of them; each
// module loads on its parser's first use. Add a parser: a name, its argument and result types in
// ParserTypes, and its loader in loadParser.
import { Cage, cageWorkerEntry, type RunOptions } from '../platform/untrusted/cage.js';
import type { Parser } from '../platform/untrusted/worker.js';
import type { ItemWorkbookRead, ItemWorkbookProgramme } from './transfer/item-spreadsheet.js';

export interface ParserTypes {
  /** FUN-5: the rows of an uploaded item workbook, checked against the programme */
  'item-workbook': { args: { programme: ItemWorkbookProgramme; maxRows?: number }; result: ItemWorkbookRead };
  /** PUB-2: the verification code printed in an uploaded task book file (Word or PDF), if any */
  'verification-code': { args: undefined; result: string | null };
}
export type ParserName = keyof ParserTypes;

/** In the worker thread: the parser of that name (serveCageJobs, platform/untrusted/worker.ts). */
export async function loadParser(name: string): Promise<Parser> {
  switch (name) {
    case 'item-workbook': {
      const { parseItemWorkbook } = await import('./transfer/item-spreadsheet.js');
      return ((bytes: Buffer, args: ParserTypes['item-workbook']['args']) => parseItemWorkbook(bytes, args.programme, { maxRows: args.maxRows })) as Parser;
    }
    case 'verification-code': {
      const { extractVerificationCode } = await import('./taskbooks/documents/extract.js');
      return ((bytes: Buffer) => extractVerificationCode(bytes)) as Parser;
    }
    default:
      throw new Error(`unknown parser "${name}"`);
  }
}

/** The worker that runs loadParser's parsers, from the sources or the bundle (cageWorkerEntry). */
export const untrustedWorker = { source: new URL('./untrusted-worker.ts', import.meta.url), repoPath: 'src/server/modules/untrusted-worker.ts' };

let shared: Cage | null = null;

/** The server's cage (created on first use). */
export function sharedCage(): Cage {
  shared ??= new Cage({ entry: cageWorkerEntry(untrustedWorker) });
  return shared;
}

/** Parses an uploaded file with a named parser in the server's cage (see platform/untrusted/cage.ts). */
export function runUntrusted<N extends ParserName>(parser: N, bytes: Uint8Array, args: ParserTypes[N]['args'], opts?: RunOptions): Promise<ParserTypes[N]['result']> {
  return sharedCage().run(parser, bytes, args, opts) as Promise<ParserTypes[N]['result']>;
}

/** Stops the server's cage (shutdown, tests); the next runUntrusted starts a new one. */
export async function closeUntrustedCage(): Promise<void> {
  const c = shared;
  shared = null;
  await c?.close();
}
