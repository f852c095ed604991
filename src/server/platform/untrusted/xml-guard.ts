// Issue 10 §1: bounds on the XML of an uploaded file before an XML parser sees it. A parser keeps
// a text node or a tag whole in memory until it ends; one 417 KB workbook whose single cell
// inflates to hundreds of MB took the server from 150 MB to 2.6 GB. Here every text run (the text
// between two tags) is cut at `maxTextChars` and marked with OVERSIZED, so the reader can refuse
// that cell with its row and column; a tag longer than `maxTagChars` refuses the file.
// Linear: each chunk is scanned once with indexOf.
import { UntrustedFileError } from './refusal.js';

/** Put where an over-long text was cut (private-use characters that no real text carries). */
export const OVERSIZED = '\uE000\uE001\uE002';

export interface XmlGuardLimits {
  maxTextChars: number;
  maxTagChars: number;
  /** refuse the file (too large) when more than `max` elements named `tag` open (e.g. shared strings' <si>) */
  maxElements?: { tag: string; max: number; what: string };
}

/** Where to cut a text run at `n` characters without leaving half an entity or half a surrogate pair. */
function safeCut(s: string, n: number): number {
  let cut = n;
  const code = s.charCodeAt(cut - 1);
  if (code >= 0xd800 && code <= 0xdbff) cut--;
  const amp = s.lastIndexOf('&', cut - 1);
  if (amp >= 0 && amp > cut - 12 && s.indexOf(';', amp) >= cut) cut = amp;
  return Math.max(0, cut);
}

export async function* guardXml(chunks: AsyncIterable<string>, limits: XmlGuardLimits, partName: string): AsyncGenerator<string> {
  let inTag = false;
  let tagLen = 0;
  let textLen = 0;
  let cut = false;
  let elements = 0;
  const counted = limits.maxElements;
  const isCounted = (chunk: string, at: number) => {
    if (!counted || !chunk.startsWith(counted.tag, at + 1)) return false;
    const next = chunk[at + 1 + counted.tag.length];
    return next === '>' || next === ' ' || next === '/' || next === undefined;
  };
  for await (const chunk of chunks) {
    let out = '';
    let i = 0;
    while (i < chunk.length) {
      if (inTag) {
        const j = chunk.indexOf('>', i);
        const end = j < 0 ? chunk.length : j + 1;
        tagLen += end - i;
        if (tagLen > limits.maxTagChars) {
          throw new UntrustedFileError('malformed', `文件中 ${partName} 有超过 ${limits.maxTagChars} 个字符的标记，不是正常的 Excel 文件`);
        }
        out += chunk.slice(i, end);
        if (j >= 0) {
          inTag = false;
          textLen = 0;
          cut = false;
        }
        i = end;
      } else {
        const j = chunk.indexOf('<', i);
        const end = j < 0 ? chunk.length : j;
        if (!cut) {
          const room = limits.maxTextChars - textLen;
          if (end - i <= room) out += chunk.slice(i, end);
          else {
            const piece = chunk.slice(i, end);
            out += piece.slice(0, safeCut(piece, room)) + OVERSIZED;
            cut = true;
          }
        }
        textLen += end - i;
        if (j >= 0) {
          inTag = true;
          tagLen = 0;
          if (isCounted(chunk, j) && ++elements > counted!.max) {
            throw new UntrustedFileError('too-large', `文件中的${counted!.what}超过 ${counted!.max} 个，未处理`);
          }
        }
        i = end;
      }
    }
    if (out) yield out;
  }
}
