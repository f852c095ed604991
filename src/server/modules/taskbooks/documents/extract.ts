// PUB-2: the verification code printed in a task book file, read back from the file's metadata
// when an uploaded copy does not match an issued document byte for byte.
//   Word (docx, a zip): the custom property 校验码 (docProps/custom.xml), else the code in the
//     core properties (keywords, subject, description in docProps/core.xml).
//   PDF: the information dictionary's /VerificationCode, else a code in /Keywords or /Subject
//     (strings written in the dictionary or, as pdfkit writes them, in indirect objects, never
//     compressed) — read from the file as written, and, when a program re-saved it with
//     compressed object streams, from those streams.
// Never throws on malformed input: anything that is not such a file gives null.
//
// Issue 10 §1: the file comes from an anonymous upload, so the reading is linear in its size
// whatever it holds. Before, each `/Key N 0 R` rescanned the whole file for `N 0 obj`: 400 KB of
// repeated references held the event loop for seconds. Now one pass indexes every `N G obj`,
// references resolve through that index, each at most once (memoised, cycles cut, depth bounded),
// every string read is bounded and all of them together by a multiple of the file's size, object
// streams are bounded in number and in bytes actually inflated, zips go through the shared
// reader (platform/untrusted/zip.ts), and a cooperative deadline stands behind the worker cage's.
// No pattern here can backtrack: scanning is indexOf and bounded loops.
import zlib from 'node:zlib';
import { DEFAULT_ZIP_LIMITS, isZip, readZip, type ZipLimits } from '../../../platform/untrusted/zip.js';

/** 16 letters or digits in four groups, as the platform issues them (TB7K-3QX9-M2PD-8WZA). */
const CODE_IN_TEXT = /\b([A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4})\b/;

export interface VerificationFileLimits {
  /** docx: the shared zip reader's caps (only the two docProps parts are inflated). */
  zip: ZipLimits;
  /** Bytes of one PDF string read as a value (the code, keywords and subject are short). */
  maxStringBytes: number;
  /** References followed from one value (a → b → c …). */
  maxRefDepth: number;
  /** Distinct objects resolved in one file. */
  maxRefs: number;
  /** Compressed object (and metadata) streams inflated. */
  maxStreams: number;
  /** Bytes one stream may inflate to, and all of them together. */
  maxStreamInflated: number;
  maxTotalInflated: number;
  /** Objects indexed from one object stream's header. */
  maxObjectsPerStream: number;
  /** The reading gives up after this long (the worker cage has its own deadline besides). */
  deadlineMs: number;
}

/** Far above what the platform's own files need (a few objects, no object streams). */
export const VERIFICATION_FILE_LIMITS: VerificationFileLimits = {
  zip: { ...DEFAULT_ZIP_LIMITS, maxEntries: 2_000, maxEntryInflated: 4 * 1024 * 1024, maxTotalInflated: 8 * 1024 * 1024 },
  maxStringBytes: 16 * 1024,
  maxRefDepth: 8,
  maxRefs: 200_000,
  maxStreams: 1_000,
  maxStreamInflated: 8 * 1024 * 1024,
  maxTotalInflated: 32 * 1024 * 1024,
  maxObjectsPerStream: 10_000,
  deadlineMs: 3_000,
};

/**
 * What reading gave: the code, no code, or why it stopped — a bound reached ('too-large'), a zip
 * that is not one ('malformed'), the deadline ('timeout'). The cage can answer 413/422 from it.
 */
export type VerificationOutcome = { kind: 'code'; code: string } | { kind: 'none' } | { kind: 'too-large' | 'malformed' | 'timeout'; message: string };

/** Thrown inside the reading when a bound is reached; never escapes this module. */
class Stop extends Error {
  constructor(
    readonly kind: 'too-large' | 'timeout',
    message: string,
  ) {
    super(message);
  }
}

/** Counts loop steps and looks at the clock every 256 of them. */
class Clock {
  private steps = 0;
  private readonly until: number;
  constructor(ms: number) {
    this.until = performance.now() + ms;
  }
  tick(): void {
    if ((++this.steps & 0xff) === 0) this.check();
  }
  check(): void {
    if (performance.now() > this.until) throw new Stop('timeout', '读取文件超时');
  }
}

export async function extractVerificationCode(bytes: Buffer): Promise<string | null> {
  const outcome = await extractVerificationOutcome(bytes);
  return outcome.kind === 'code' ? outcome.code : null;
}

export async function extractVerificationOutcome(
  bytes: Buffer,
  options: { limits?: VerificationFileLimits; deadlineMs?: number } = {},
): Promise<VerificationOutcome> {
  const limits = options.limits ?? VERIFICATION_FILE_LIMITS;
  const clock = new Clock(options.deadlineMs ?? limits.deadlineMs);
  try {
    let code: string | null = null;
    if (isZip(bytes)) {
      const read = readZip(bytes, ['docProps/custom.xml', 'docProps/core.xml'], limits.zip);
      if (!read.ok) return { kind: read.kind, message: read.message };
      clock.check();
      code = scanDocxParts(read.files.get('docProps/custom.xml')?.toString('utf8'), read.files.get('docProps/core.xml')?.toString('utf8'), clock);
    } else if (bytes.subarray(0, 1024).toString('latin1').includes('%PDF-')) {
      code = new PdfReader(bytes, limits, clock).code();
    }
    return code ? { kind: 'code', code } : { kind: 'none' };
  } catch (err) {
    if (err instanceof Stop) return { kind: err.kind, message: err.message };
    return { kind: 'none' }; // malformed in a way no check foresaw: no code
  }
}

// ---------------------------------------------------------------------------------------------
// docx
// ---------------------------------------------------------------------------------------------

/** The named entries of a zip file, inflated; none when the shared reader refuses the zip. */
export function readZipEntries(zip: Buffer, wanted: readonly string[]): Map<string, Buffer> {
  const read = readZip(zip, wanted);
  return read.ok ? read.files : new Map();
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

const isWordChar = (c: number) => (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;

/** The text between the first `<tag>` and the `</tag>` after it (a lazy regex, without its retries). */
function firstElement(xml: string, tag: string): string | null {
  const open = xml.indexOf(`<${tag}>`);
  if (open < 0) return null;
  const close = xml.indexOf(`</${tag}>`, open + tag.length + 2);
  return close < 0 ? null : xml.slice(open + tag.length + 2, close);
}

/**
 * The code in docx properties. Each `<property …>…</property>` is found by indexOf and the scan
 * moves past it, so the parts are read once (a lazy regex retried from every unclosed opening
 * would be quadratic in a part full of them).
 */
export function scanDocxParts(custom: string | undefined, core: string | undefined, clock = new Clock(VERIFICATION_FILE_LIMITS.deadlineMs)): string | null {
  if (custom) {
    let i = 0;
    for (;;) {
      clock.tick();
      const open = custom.indexOf('<property', i);
      if (open < 0) break;
      if (isWordChar(custom.charCodeAt(open + 9))) {
        i = open + 9;
        continue;
      }
      const gt = custom.indexOf('>', open);
      const close = gt < 0 ? -1 : custom.indexOf('</property>', gt);
      if (close < 0) break;
      const name = /\bname="([^"]*)"/.exec(custom.slice(open + 9, gt))?.[1];
      if (name && unescapeXml(name) === '校验码') {
        const v = firstElement(custom.slice(gt + 1, close), 'vt:lpwstr');
        if (v?.trim()) return unescapeXml(v).trim();
      }
      i = close + 11;
    }
  }
  if (core) {
    for (const tag of ['cp:keywords', 'dc:subject', 'dc:description']) {
      const v = firstElement(core, tag);
      const code = v ? CODE_IN_TEXT.exec(unescapeXml(v))?.[1] : undefined;
      if (code) return code;
    }
  }
  return null;
}

// ---------------------------------------------------------------------------------------------
// PDF
// ---------------------------------------------------------------------------------------------

const isWs = (c: number) => c === 32 || c === 10 || c === 13 || c === 9 || c === 12 || c === 0;
const isDigit = (c: number) => c >= 48 && c <= 57;
const isLetter = (c: number) => (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
/** Not whitespace, not a delimiter, not the end: `obj` followed by one is another word. */
const isRegular = (c: number) => !Number.isNaN(c) && !isWs(c) && !'()<>[]{}/%'.includes(String.fromCharCode(c));

/** Whitespace runs and number lengths worth reading between the tokens of `N G obj` and `N G R`. */
const MAX_WS = 64;
const MAX_NUM_DIGITS = 10;
const MAX_GEN_DIGITS = 5;

/** Where readBack stopped: the position before the number it read. */
const back = { at: 0 };

/**
 * Reading backwards from `j`: whitespace (at least one character, at most MAX_WS), then a number
 * of 1…`most` digits not preceded by another digit. Its value, or -1; `back.at` is where it began − 1.
 * Plain loops and arithmetic: this runs for every `obj` in the file.
 */
function readBack(s: string, j: number, most: number): number {
  const wsFrom = j;
  while (j >= 0 && wsFrom - j < MAX_WS && isWs(s.charCodeAt(j))) j--;
  if (j === wsFrom) return -1;
  let value = 0;
  let scale = 1;
  let n = 0;
  for (; j >= 0 && isDigit(s.charCodeAt(j)); j--) {
    if (++n > most) return -1;
    value += (s.charCodeAt(j) - 48) * scale;
    scale *= 10;
  }
  back.at = j;
  return n === 0 ? -1 : value;
}

/** Decodes a PDF string's bytes: UTF-16BE with a byte-order mark, else PDFDocEncoding (≈ Latin-1). */
function pdfText(b: Buffer): string {
  if (b.length >= 2 && b[0] === 0xfe && b[1] === 0xff) {
    const sw = Buffer.from(b.subarray(2));
    if (sw.length % 2) return '';
    return sw.swap16().toString('utf16le');
  }
  return b.toString('latin1');
}

/**
 * Where an object's value starts, as one number: which text (0 the file, then each inflated
 * object stream) times 2^32, plus the position in it. Objects are keyed by one number too (see
 * refKey): a 400 KB file can define 30,000 objects, and an index of strings and small objects
 * costs more in allocation than the scan itself.
 */
type Definition = number;
const POSITION = 2 ** 32;
/**
 * The object number itself for generation 0 (nearly every object: a small integer, which a Map
 * hashes fastest), a negative number for the others.
 */
const refKey = (num: number, gen: number) => (gen === 0 ? num : -1 - (num * 65_536 + gen));

const PENDING = Symbol('pending');
const ESCAPES: Record<string, number> = { n: 10, r: 13, t: 9, b: 8, f: 12, '(': 40, ')': 41, '\\': 92 };

class PdfReader {
  private readonly file: string;
  /** The file, then each inflated object stream: what a Definition's text number points into. */
  private readonly texts: string[] = [];
  private readonly index = new Map<number, Definition | Definition[]>();
  private memo = new Map<number, string | null | typeof PENDING>();
  private refs = 0;
  /** Characters read by string parsing, against a budget proportional to the text there is. */
  private scanned = 0;
  private budget: number;

  constructor(
    private readonly bytes: Buffer,
    private readonly limits: VerificationFileLimits,
    private readonly clock: Clock,
  ) {
    this.file = bytes.toString('latin1');
    this.texts.push(this.file);
    this.budget = 4 * this.file.length + 4 * limits.maxStringBytes;
  }

  code(): string | null {
    this.indexObjects(0);
    const found = this.codeIn(this.file);
    if (found) return found;
    // re-saved with object streams: index the objects they hold, then read again everywhere
    const { texts, capped } = this.objectStreams();
    if (texts.length === 0) {
      if (capped) throw new Stop('too-large', '文件中的压缩数据超过读取上限');
      return null;
    }
    this.memo = new Map();
    this.refs = 0;
    this.scanned = 0;
    this.budget = 4 * (this.file.length + texts.reduce((n, t) => n + t.length, 0)) + 4 * this.limits.maxStringBytes;
    for (const s of [this.file, ...texts]) {
      const code = this.codeIn(s);
      if (code) return code;
    }
    if (capped) throw new Stop('too-large', '文件中的压缩数据超过读取上限');
    return null;
  }

  private codeIn(s: string): string | null {
    const direct = this.lastStringOf(s, 'VerificationCode')?.trim();
    if (direct) return direct;
    for (const key of ['Keywords', 'Subject']) {
      const v = this.lastStringOf(s, key);
      const code = v ? CODE_IN_TEXT.exec(v)?.[1] : undefined;
      if (code) return code;
    }
    // XMP metadata (pdf:Keywords)
    const xmp = firstElement(s, 'pdf:Keywords');
    return xmp ? (CODE_IN_TEXT.exec(unescapeXml(xmp))?.[1] ?? null) : null;
  }

  /** One pass over a text: every `N G obj` (each `obj` read backwards, a bounded number of characters). */
  private indexObjects(text: number): void {
    const s = this.texts[text];
    for (let i = s.indexOf('obj'); i >= 0; i = s.indexOf('obj', i + 3)) {
      this.clock.tick();
      if (isRegular(s.charCodeAt(i + 3))) continue;
      const gen = readBack(s, i - 1, MAX_GEN_DIGITS);
      if (gen < 0) continue;
      const num = readBack(s, back.at, MAX_NUM_DIGITS);
      if (num < 0) continue;
      this.define(refKey(num, gen), text * POSITION + i + 3);
    }
  }

  private define(key: number, d: Definition): void {
    const known = this.index.get(key);
    if (known === undefined) this.index.set(key, d);
    else if (typeof known === 'number') this.index.set(key, [known, d]);
    else known.push(d);
  }

  /** The value of the last `/Key` in `s` whose value is a string (direct or indirect). */
  private lastStringOf(s: string, key: string): string | null {
    const needle = `/${key}`;
    for (let i = s.lastIndexOf(needle); i >= 0; i = i === 0 ? -1 : s.lastIndexOf(needle, i - 1)) {
      this.clock.tick();
      const after = s.charCodeAt(i + needle.length);
      if (isLetter(after) || isDigit(after)) continue;
      const v = this.valueAt(s, i + needle.length, 0);
      if (v != null) return v;
    }
    return null;
  }

  /** The string that is the value at `at`: written there, or an indirect object (`12 0 R`) holding one. */
  private valueAt(s: string, at: number, depth: number): string | null {
    let i = at;
    while (i < s.length && i - at < MAX_WS && isWs(s.charCodeAt(i))) i++;
    const c = s.charCodeAt(i);
    if (isDigit(c)) {
      const ref = this.refAt(s, i);
      return ref === -1 ? null : this.resolve(ref, depth);
    }
    if (c === 0x28) return this.literalAt(s, i);
    if (c === 0x3c && s.charCodeAt(i + 1) !== 0x3c) return this.hexAt(s, i);
    return null;
  }

  /** `N G R` at `i`, as the index's key, or -1 (plain loops: this runs for every reference). */
  private refAt(s: string, i: number): number {
    let j = i;
    let num = 0;
    for (; isDigit(s.charCodeAt(j)); j++) {
      if (j - i >= MAX_NUM_DIGITS) return -1;
      num = num * 10 + s.charCodeAt(j) - 48;
    }
    let from = j;
    while (j - from < MAX_WS && isWs(s.charCodeAt(j))) j++;
    if (j === from) return -1;
    from = j;
    let gen = 0;
    for (; isDigit(s.charCodeAt(j)); j++) {
      if (j - from >= MAX_GEN_DIGITS) return -1;
      gen = gen * 10 + s.charCodeAt(j) - 48;
    }
    if (j === from) return -1;
    from = j;
    while (j - from < MAX_WS && isWs(s.charCodeAt(j))) j++;
    if (j === from || s.charCodeAt(j) !== 0x52 /* R */ || isLetter(s.charCodeAt(j + 1))) return -1;
    return refKey(num, gen);
  }

  /** Each object is resolved once: the last of its definitions that is a string (incremental updates append). */
  private resolve(key: number, depth: number): string | null {
    if (depth >= this.limits.maxRefDepth) return null;
    const known = this.memo.get(key);
    if (known !== undefined) return known === PENDING ? null : known; // PENDING: a cycle
    if (++this.refs > this.limits.maxRefs) throw new Stop('too-large', '文件中的对象引用过多');
    this.memo.set(key, PENDING);
    const found = this.index.get(key);
    const defs = found === undefined ? [] : typeof found === 'number' ? [found] : found;
    let v: string | null = null;
    for (let k = defs.length - 1; k >= 0 && v == null; k--) {
      this.clock.tick();
      v = this.valueAt(this.texts[Math.floor(defs[k] / POSITION)], defs[k] % POSITION, depth + 1);
    }
    this.memo.set(key, v);
    return v;
  }

  /** Charges `n` characters read to the budget: past it the file is built to make reading slow. */
  private charge(n: number): void {
    this.scanned += n;
    if (this.scanned > this.budget) throw new Stop('too-large', '文件结构异常，无法在限定时间内读取');
  }

  /** A literal string `( … )` at `i`, read up to a bounded length. */
  private literalAt(s: string, i: number): string | null {
    const out: number[] = [];
    const stop = Math.min(s.length, i + 1 + 4 * this.limits.maxStringBytes);
    let depth = 0;
    let j = i + 1;
    try {
      for (; j < stop; j++) {
        const c = s[j];
        if (c === '\\') {
          const n = s[++j];
          if (n === undefined) return null;
          if (n in ESCAPES) out.push(ESCAPES[n]);
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
          if (depth === 0) return out.length <= this.limits.maxStringBytes ? pdfText(Buffer.from(out)) : null;
          depth--;
        }
        out.push(c.charCodeAt(0) & 0xff);
      }
      return null;
    } finally {
      this.charge(j - i);
    }
  }

  /** A hex string `< … >` at `i`, read up to a bounded length. */
  private hexAt(s: string, i: number): string | null {
    const stop = Math.min(s.length, i + 1 + 4 * this.limits.maxStringBytes);
    let j = i + 1;
    while (j < stop && s[j] !== '>') j++;
    this.charge(j - i);
    if (j >= stop) return null;
    let hex = s.slice(i + 1, j).replace(/[\s\0]+/g, '');
    if (!/^[0-9a-fA-F]*$/.test(hex)) return null;
    if (hex.length % 2) hex += '0';
    return pdfText(Buffer.from(hex, 'hex'));
  }

  /**
   * The object and metadata streams, inflated (bounded in number and in bytes produced), their
   * objects added to the index from each object stream's header. `capped`: a bound was reached.
   */
  private objectStreams(): { texts: string[]; capped: boolean } {
    const s = this.file;
    const texts: string[] = [];
    let capped = false;
    let inflated = 0;
    let streams = 0;
    let pos = 0;
    let prevEnd = 0;
    for (;;) {
      this.clock.tick();
      const k = s.indexOf('stream', pos);
      if (k < 0) break;
      pos = k + 6;
      if (k >= 3 && s.startsWith('end', k - 3)) continue;
      let start = k + 6;
      if (s[start] === '\r') start++;
      if (s[start] !== '\n') continue;
      start++;
      // the streams are taken in order and the scan resumes after each `endstream`, so every
      // byte is looked at once however many `stream` keywords there are
      const end = s.indexOf('endstream', start);
      if (end < 0) break;
      pos = end + 9;
      let dict = s.slice(Math.max(prevEnd, k - 512), k);
      prevEnd = pos;
      const obj = dict.lastIndexOf('obj');
      if (obj >= 0) dict = dict.slice(obj);
      const type = /\/Type\s*\/(ObjStm|Metadata)(?![A-Za-z])/.exec(dict)?.[1];
      if (!type) continue;
      const flate = /\/FlateDecode/.test(dict);
      if (!flate && /\/Filter/.test(dict)) continue; // a filter this reader does not decode
      if (++streams > this.limits.maxStreams) {
        capped = true;
        break;
      }
      this.clock.check();
      const raw = this.bytes.subarray(start, end);
      let data: Buffer = raw;
      if (flate) {
        const room = Math.min(this.limits.maxStreamInflated, this.limits.maxTotalInflated - inflated);
        if (room <= 0) {
          capped = true;
          break;
        }
        try {
          // the output is bounded by maxOutputLength, so a bomb stops after `room` bytes;
          // a sync flush keeps what a slightly damaged stream holds
          data = zlib.inflateSync(raw, { maxOutputLength: room, finishFlush: zlib.constants.Z_SYNC_FLUSH });
        } catch (err) {
          if ((err as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') {
            inflated += room;
            capped = true;
          }
          continue;
        }
        inflated += data.length;
      }
      const text = data.toString('latin1');
      texts.push(text);
      this.texts.push(text);
      if (type === 'ObjStm') this.indexObjectStream(this.texts.length - 1, dict);
    }
    return { texts, capped };
  }

  /** An object stream begins with `num offset` pairs; its objects start at /First + offset. */
  private indexObjectStream(textNumber: number, dict: string): void {
    const text = this.texts[textNumber];
    const n = Number(/\/N\s+(\d{1,9})/.exec(dict)?.[1] ?? 0);
    const first = Number(/\/First\s+(\d{1,9})/.exec(dict)?.[1] ?? -1);
    if (first < 0 || first > text.length) return;
    const most = Math.min(n, this.limits.maxObjectsPerStream);
    let j = 0;
    const int = () => {
      while (j < first && isWs(text.charCodeAt(j))) j++;
      const from = j;
      while (j < first && j - from < MAX_NUM_DIGITS && isDigit(text.charCodeAt(j))) j++;
      return j > from ? Number(text.slice(from, j)) : -1;
    };
    for (let k = 0; k < most; k++) {
      this.clock.tick();
      const num = int();
      const offset = int();
      if (num < 0 || offset < 0) return;
      if (first + offset < text.length) this.define(refKey(num, 0), textNumber * POSITION + first + offset);
    }
  }
}
