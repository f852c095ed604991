// PUB-2: the verification code printed in a task book file, read back from the file's metadata
// when an uploaded copy does not match an issued document byte for byte.
//   Word (docx, a zip): the custom property 校验码 (docProps/custom.xml), else the code in the
//     core properties (keywords, subject, description in docProps/core.xml).
//   PDF: the information dictionary's /VerificationCode, else a code in /Keywords or /Subject
//     (strings written in the dictionary or, as pdfkit writes them, in indirect objects, never
//     compressed) — read from the file as written, and, when a program re-saved it with
//     compressed object streams, from those streams.
// Never throws on malformed input: anything that is not such a file gives null.
import zlib from 'node:zlib';

/** 16 letters or digits in four groups, as the platform issues them (TB7K-3QX9-M2PD-8WZA). */
const CODE_IN_TEXT = /\b([A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4})\b/;
const MAX_INFLATE = 8 * 1024 * 1024;

export async function extractVerificationCode(bytes: Buffer): Promise<string | null> {
  try {
    if (bytes.length >= 4 && bytes.readUInt32LE(0) === 0x04034b50) return fromDocx(bytes);
    const head = bytes.subarray(0, 1024).toString('latin1');
    if (head.includes('%PDF-')) return fromPdf(bytes);
  } catch {
    /* malformed: no code */
  }
  return null;
}

// ---------------------------------------------------------------------------------------------
// docx
// ---------------------------------------------------------------------------------------------

/** The named entries of a zip file, inflated (stored or deflated entries only). */
export function readZipEntries(zip: Buffer, wanted: readonly string[]): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  // end of central directory: the last 22+ bytes (a comment of up to 65535 bytes may follow it)
  let eocd = -1;
  for (let i = zip.length - 22; i >= Math.max(0, zip.length - 22 - 65535); i--) {
    if (zip.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) return out;
  const entries = zip.readUInt16LE(eocd + 10);
  let p = zip.readUInt32LE(eocd + 16);
  for (let n = 0; n < entries && p + 46 <= zip.length; n++) {
    if (zip.readUInt32LE(p) !== 0x02014b50) break;
    const method = zip.readUInt16LE(p + 10);
    const compressed = zip.readUInt32LE(p + 20);
    const nameLen = zip.readUInt16LE(p + 28);
    const extraLen = zip.readUInt16LE(p + 30);
    const commentLen = zip.readUInt16LE(p + 32);
    const local = zip.readUInt32LE(p + 42);
    const name = zip.subarray(p + 46, p + 46 + nameLen).toString('utf8');
    p += 46 + nameLen + extraLen + commentLen;
    if (!wanted.includes(name) || local + 30 > zip.length || zip.readUInt32LE(local) !== 0x04034b50) continue;
    const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
    const data = zip.subarray(start, start + compressed);
    if (method === 0) out.set(name, Buffer.from(data));
    else if (method === 8) out.set(name, zlib.inflateRawSync(data, { maxOutputLength: MAX_INFLATE }));
  }
  return out;
}

const unescapeXml = (s: string) =>
  s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&#(\d+);/g, (_, d: string) => String.fromCodePoint(Number(d)))
    .replace(/&#x([0-9a-f]+);/gi, (_, h: string) => String.fromCodePoint(parseInt(h, 16)))
    .replace(/&amp;/g, '&');

function fromDocx(bytes: Buffer): string | null {
  const files = readZipEntries(bytes, ['docProps/custom.xml', 'docProps/core.xml']);
  const custom = files.get('docProps/custom.xml')?.toString('utf8');
  if (custom) {
    for (const m of custom.matchAll(/<property\b([^>]*)>([\s\S]*?)<\/property>/g)) {
      const name = /\bname="([^"]*)"/.exec(m[1])?.[1];
      if (name && unescapeXml(name) === '校验码') {
        const v = /<vt:lpwstr>([\s\S]*?)<\/vt:lpwstr>/.exec(m[2])?.[1];
        if (v?.trim()) return unescapeXml(v).trim();
      }
    }
  }
  const core = files.get('docProps/core.xml')?.toString('utf8');
  if (core) {
    for (const tag of ['cp:keywords', 'dc:subject', 'dc:description']) {
      const v = new RegExp(`<${tag}>([\\s\\S]*?)</${tag}>`).exec(core)?.[1];
      const code = v ? CODE_IN_TEXT.exec(unescapeXml(v))?.[1] : undefined;
      if (code) return code;
    }
  }
  return null;
}

// ---------------------------------------------------------------------------------------------
// PDF
// ---------------------------------------------------------------------------------------------

/** Decodes a PDF string's bytes: UTF-16BE with a byte-order mark, else PDFDocEncoding (≈ Latin-1). */
function pdfText(b: Buffer): string {
  if (b.length >= 2 && b[0] === 0xfe && b[1] === 0xff) {
    const sw = Buffer.from(b.subarray(2));
    if (sw.length % 2) return '';
    return sw.swap16().toString('utf16le');
  }
  return b.toString('latin1');
}

/** The string value (literal or hex) that starts at `i` in `s` (a Latin-1 view of the file). */
function pdfStringAt(s: string, i: number): string | null {
  while (i < s.length && /\s/.test(s[i])) i++;
  if (s[i] === '<' && s[i + 1] !== '<') {
    const end = s.indexOf('>', i);
    if (end < 0) return null;
    let hex = s.slice(i + 1, end).replace(/\s+/g, '');
    if (!/^[0-9a-fA-F]*$/.test(hex)) return null;
    if (hex.length % 2) hex += '0';
    return pdfText(Buffer.from(hex, 'hex'));
  }
  if (s[i] !== '(') return null;
  const out: number[] = [];
  let depth = 0;
  for (let j = i + 1; j < s.length; j++) {
    const c = s[j];
    if (c === '\\') {
      const n = s[++j];
      const simple: Record<string, number> = { n: 10, r: 13, t: 9, b: 8, f: 12, '(': 40, ')': 41, '\\': 92 };
      if (n in simple) out.push(simple[n]);
      else if (n >= '0' && n <= '7') {
        let oct = n;
        while (oct.length < 3 && s[j + 1] >= '0' && s[j + 1] <= '7') oct += s[++j];
        out.push(parseInt(oct, 8) & 0xff);
      } else if (n === '\r') {
        if (s[j + 1] === '\n') j++;
      } else if (n !== '\n') out.push(n.charCodeAt(0) & 0xff);
      continue;
    }
    if (c === '(') depth++;
    if (c === ')') {
      if (depth === 0) return pdfText(Buffer.from(out));
      depth--;
    }
    out.push(c.charCodeAt(0) & 0xff);
  }
  return null;
}

/** The string that is the value at `i`: written there, or an indirect object (`12 0 R`) holding one. */
function pdfValueAt(s: string, i: number): string | null {
  const ref = /^\s*(\d+)\s+(\d+)\s+R(?![A-Za-z])/.exec(s.slice(i, i + 40));
  if (!ref) return pdfStringAt(s, i);
  // the last definition of the object wins (incremental updates append new ones)
  let found: string | null = null;
  for (const m of s.matchAll(new RegExp(`(?:^|[^0-9])${ref[1]}\\s+${ref[2]}\\s+obj\\b`, 'g'))) {
    const v = pdfStringAt(s, m.index + m[0].length);
    if (v != null) found = v;
  }
  return found;
}

/** The value of the last `/Key` in `s` whose value is a string (direct or indirect). */
function lastStringOf(s: string, key: string): string | null {
  const re = new RegExp(`/${key}(?![A-Za-z0-9])`, 'g');
  let found: string | null = null;
  for (const m of s.matchAll(re)) {
    const v = pdfValueAt(s, m.index + m[0].length);
    if (v != null) found = v;
  }
  return found;
}

function codeFromPdfText(s: string): string | null {
  const direct = lastStringOf(s, 'VerificationCode')?.trim();
  if (direct) return direct;
  for (const key of ['Keywords', 'Subject']) {
    const v = lastStringOf(s, key);
    const code = v ? CODE_IN_TEXT.exec(v)?.[1] : undefined;
    if (code) return code;
  }
  // XMP metadata (pdf:Keywords)
  const xmp = /<pdf:Keywords>([\s\S]*?)<\/pdf:Keywords>/.exec(s)?.[1];
  return xmp ? (CODE_IN_TEXT.exec(unescapeXml(xmp))?.[1] ?? null) : null;
}

function fromPdf(bytes: Buffer): string | null {
  const s = bytes.toString('latin1');
  const found = codeFromPdfText(s);
  if (found) return found;
  // re-saved with object streams: look inside the compressed streams (the page contents among them)
  let inflated = 0;
  for (const m of s.matchAll(/stream\r?\n/g)) {
    const start = m.index + m[0].length;
    const end = s.indexOf('endstream', start);
    if (end < 0) break;
    const dict = s.slice(Math.max(0, m.index - 300), m.index);
    if (!/\/Type\s*\/(ObjStm|Metadata)/.test(dict)) continue;
    try {
      const raw = bytes.subarray(start, end);
      const data = /\/FlateDecode/.test(dict) ? zlib.inflateSync(raw, { maxOutputLength: MAX_INFLATE }) : raw;
      inflated += data.length;
      const code = codeFromPdfText(data.toString('latin1'));
      if (code) return code;
    } catch {
      /* not a stream we can read */
    }
    if (inflated > 4 * MAX_INFLATE) break;
  }
  return null;
}
