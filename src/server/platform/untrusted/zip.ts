// Issue 10 §1: the zip reader for every uploaded file that is a zip (docx, xlsx). An uploaded zip
// is hostile: its directory can lie about the entry count (0xFFFF skipped every check before),
// about every size, and can point several entries at the same bytes (overlapping entries, the
// classic non-recursive zip bomb). So nothing here trusts a declared number for a limit: the
// directory is walked by its byte bounds, every offset is checked against the buffer before it is
// read, entries may not overlap, and inflation counts the bytes it actually produces, stopping at
// the entry's declared size (a lie is "malformed") and at the caps (honest but too big is
// "too-large"). A declared size may refuse a file early; it never admits one.
//
// API (for the worker cage, src/server/platform/untrusted/cage.ts, and the parsers it runs):
//
//   interface ZipLimits { maxEntries; maxEntryInflated; maxTotalInflated; maxNameBytes }  (bytes)
//   DEFAULT_ZIP_LIMITS                       a docx or xlsx of the platform's sizes fits well inside
//
//   type ZipRefusal = { ok: false; kind: 'too-large' | 'malformed' | 'timeout'; reason; message }
//     kind 'too-large' → 413 (PAYLOAD_TOO_LARGE), 'malformed' and 'timeout' → 422 (UNPROCESSABLE),
//     as the cage answers them; `kind` is also refusal.ts's RefusalKind for the first two, so a
//     parser in the worker can `throw new UntrustedFileError(r.kind, r.message)`. `reason` is a
//     stable English token for tests and logs, `message` the Chinese sentence for the
//     problem+json detail. `zipRefusalError(r)` makes the AppError.
//
//   isZip(bytes): boolean                    starts with a local file header
//   listZipEntries(bytes, limits?)           → { ok: true, entries: ZipEntry[] } | ZipRefusal
//       the central directory, validated (count and name caps, bounds, no overlaps, no
//       duplicates, ZIP64 fields read and bounded); inflates nothing. Synchronous.
//   readZip(bytes, wanted, limits?)          → { ok: true, files: Map<name, Buffer>, totalInflated } | ZipRefusal
//       the named entries inflated (others only validated), each output capped at its declared
//       size, the entry cap and what is left of the total cap, and checked by CRC-32.
//       Synchronous (zlib.inflateRawSync with maxOutputLength): for small parts such as docProps.
//   inspectZip(bytes, limits & { signal? })  → Promise<{ ok: true, entries: { name, compressed,
//       inflated }[], totalInflated } | ZipRefusal>
//       inflates EVERY entry as a stream without keeping the output, counting real bytes and
//       checking CRCs: the pre-check before a parser (exceljs) that would inflate on its own.
//       An aborted `signal` (AbortSignal.timeout(ms)) ends it with kind 'timeout'.
//
//   Streaming, for a parser that pulls parts one at a time (the xlsx import feeds exceljs so,
//   modules/transfer/item-spreadsheet.ts):
//   new InflateBudget(limits)                the bytes inflated so far from one file: readZip's
//       running total, shared by the parts read from it one after another
//   inflateEntry(bytes, entry, budget)       AsyncGenerator<Buffer>: one entry of listZipEntries,
//       admitted and bounded as readZip's are (stopped as soon as it passes its declared size),
//       inflated only as far as its chunks are pulled, counted into the budget, CRC checked
//   entryText(bytes, entry, budget)          the same as UTF-8 text, one decoder across chunk ends
//   zipRefusalThrown(r)                      a refusal as refusal.ts's UntrustedFileError
//
// None of these throws on any input (a bug aside); refusals are values — except the two streaming
// generators, which throw `zipRefusalThrown(…)` because their consumer is a stream.
import { StringDecoder } from 'node:string_decoder';
import zlib from 'node:zlib';
import { AppError } from '../errors.js';
import { UntrustedFileError } from './refusal.js';

export interface ZipLimits {
  /** Entries in the central directory, walked (never the count the directory declares). */
  maxEntries: number;
  /** Bytes one entry may inflate to. */
  maxEntryInflated: number;
  /** Bytes all inflated entries together may produce. */
  maxTotalInflated: number;
  /** Bytes of one entry's name. */
  maxNameBytes: number;
}

/** Generous for an office file (an xlsx of 20,000 rows inflates to ~30 MB in a few hundred parts). */
export const DEFAULT_ZIP_LIMITS: ZipLimits = {
  maxEntries: 10_000,
  maxEntryInflated: 256 * 1024 * 1024,
  maxTotalInflated: 512 * 1024 * 1024,
  maxNameBytes: 1024,
};

export type ZipRefusalKind = 'too-large' | 'malformed' | 'timeout';
export type ZipRefusalReason =
  | 'not-zip'
  | 'directory'
  | 'count'
  | 'entries'
  | 'name'
  | 'duplicate'
  | 'bounds'
  | 'overlap'
  | 'zip64'
  | 'encrypted'
  | 'method'
  | 'entry-size'
  | 'total-size'
  | 'size-mismatch'
  | 'crc'
  | 'deflate'
  | 'timeout';

export interface ZipRefusal {
  ok: false;
  kind: ZipRefusalKind;
  reason: ZipRefusalReason;
  /** Chinese, for the problem+json detail. */
  message: string;
}

export interface ZipEntry {
  name: string;
  /** 0 stored, 8 deflated (anything else is refused). */
  method: number;
  flags: number;
  crc: number;
  compressedSize: number;
  /** As declared by the directory: an upper bound for inflation, never a permission. */
  declaredSize: number;
  localOffset: number;
  /** The compressed bytes: [dataStart, dataEnd), inside the buffer, before the directory. */
  dataStart: number;
  dataEnd: number;
}

export type ZipListing = { ok: true; entries: ZipEntry[] } | ZipRefusal;
export type ZipRead = { ok: true; files: Map<string, Buffer>; totalInflated: number } | ZipRefusal;
export type ZipInspection = { ok: true; entries: { name: string; compressed: number; inflated: number }[]; totalInflated: number } | ZipRefusal;

const MB = 1024 * 1024;
const mb = (n: number) => `${Math.max(1, Math.round(n / MB))} MB`;

const messages: Record<ZipRefusalReason, (l: ZipLimits) => string> = {
  'not-zip': () => '文件不是有效的压缩包格式（Word 或 Excel 文件）',
  directory: () => '压缩包目录损坏或缺失',
  count: () => '压缩包目录记录的文件数与实际不符',
  entries: (l) => `压缩包内文件过多（上限 ${l.maxEntries} 个）`,
  name: (l) => `压缩包内文件名过长或无效（上限 ${l.maxNameBytes} 字节）`,
  duplicate: () => '压缩包内有重名文件',
  bounds: () => '压缩包内文件的位置超出文件范围（文件已损坏或被截断）',
  overlap: () => '压缩包内文件的数据相互重叠',
  zip64: () => '压缩包的 ZIP64 扩展信息无效',
  encrypted: () => '压缩包已加密，无法读取',
  method: () => '压缩包使用了不支持的压缩方式',
  'entry-size': (l) => `压缩包内单个文件解压后超过 ${mb(l.maxEntryInflated)}`,
  'total-size': (l) => `文件解压后超过 ${mb(l.maxTotalInflated)}`,
  'size-mismatch': () => '压缩包内文件解压后的大小与目录记录不符',
  crc: () => '压缩包内文件校验失败（文件已损坏）',
  deflate: () => '压缩包内文件的压缩数据损坏',
  timeout: () => '解压超时',
};

const kindOf = (reason: ZipRefusalReason): ZipRefusalKind =>
  reason === 'entries' || reason === 'entry-size' || reason === 'total-size' ? 'too-large' : reason === 'timeout' ? 'timeout' : 'malformed';

function refuse(reason: ZipRefusalReason, limits: ZipLimits): ZipRefusal {
  return { ok: false, kind: kindOf(reason), reason, message: messages[reason](limits) };
}

/** The AppError a route answers with, as the cage does: 413 when too large, else 422. */
export function zipRefusalError(r: ZipRefusal): AppError {
  return new AppError(r.kind === 'too-large' ? 'PAYLOAD_TOO_LARGE' : 'UNPROCESSABLE', r.message, { extra: { reason: r.reason } });
}

/** What a parser in the cage throws (refusal.ts): too-large → 413, anything else is a malformed file. */
export const zipRefusalThrown = (r: ZipRefusal): UntrustedFileError => new UntrustedFileError(r.kind === 'too-large' ? 'too-large' : 'malformed', r.message);

const SIG_LOCAL = 0x04034b50;
const SIG_CENTRAL = 0x02014b50;
const SIG_EOCD = 0x06054b50;
const SIG_EOCD64 = 0x06064b50;
const SIG_LOCATOR64 = 0x07064b50;
const EOCD_SIZE = 22;
const CENTRAL_SIZE = 46;
const LOCAL_SIZE = 30;

export const isZip = (bytes: Buffer): boolean => bytes.length >= LOCAL_SIZE && bytes.readUInt32LE(0) === SIG_LOCAL;

/** Reads a little-endian 64-bit size; past 2^53 it is no size any buffer here has, so -1. */
function u64(b: Buffer, at: number): number {
  const v = b.readBigUInt64LE(at);
  return v > BigInt(Number.MAX_SAFE_INTEGER) ? -1 : Number(v);
}

/** The end-of-central-directory record: the last signature whose comment fits in the file. */
function findEocd(b: Buffer): number {
  const stop = Math.max(0, b.length - EOCD_SIZE - 0xffff);
  for (let i = b.length - EOCD_SIZE; i >= stop; i--) {
    if (b[i] === 0x50 && b.readUInt32LE(i) === SIG_EOCD && i + EOCD_SIZE + b.readUInt16LE(i + 20) <= b.length) return i;
  }
  return -1;
}

export function listZipEntries(bytes: Buffer, limits: ZipLimits = DEFAULT_ZIP_LIMITS): ZipListing {
  const b = bytes;
  if (!isZip(b)) return refuse('not-zip', limits);
  const eocd = findEocd(b);
  if (eocd < 0) return refuse('directory', limits);
  // one disk only: multi-part archives are no upload
  if (b.readUInt16LE(eocd + 4) !== 0 || b.readUInt16LE(eocd + 6) !== 0) return refuse('directory', limits);
  let declaredCount = b.readUInt16LE(eocd + 10);
  let cdSize = b.readUInt32LE(eocd + 12);
  let cdOffset = b.readUInt32LE(eocd + 16);
  let cdLimit = eocd; // the directory ends before the record that describes it
  if (b.readUInt16LE(eocd + 8) !== declaredCount) return refuse('directory', limits);

  // ZIP64: when the locator precedes the record, its 64-bit values replace the 0xFFFF… markers;
  // they are bounded by the buffer like any other, so a lie cannot reach past it
  const loc = eocd - 20;
  if (loc >= 0 && b.readUInt32LE(loc) === SIG_LOCATOR64) {
    const at = u64(b, loc + 8);
    if (at < 0 || at + 56 > loc || b.readUInt32LE(at) !== SIG_EOCD64) return refuse('zip64', limits);
    if (b.readUInt32LE(at + 16) !== 0 || b.readUInt32LE(at + 20) !== 0) return refuse('directory', limits);
    const count64 = u64(b, at + 32);
    const size64 = u64(b, at + 40);
    const offset64 = u64(b, at + 48);
    if (count64 < 0 || size64 < 0 || offset64 < 0) return refuse('zip64', limits);
    declaredCount = count64;
    cdSize = size64;
    cdOffset = offset64;
    cdLimit = at;
  } else if (declaredCount === 0xffff && cdOffset === 0xffffffff) {
    return refuse('zip64', limits); // markers without the record they announce
  }
  const cdEnd = cdOffset + cdSize;
  if (cdEnd > cdLimit) return refuse('directory', limits);

  // walk the directory by its bytes: the declared count is compared afterwards, never trusted
  const entries: ZipEntry[] = [];
  const names = new Set<string>();
  let p = cdOffset;
  while (p < cdEnd) {
    if (entries.length >= limits.maxEntries) return refuse('entries', limits);
    if (p + CENTRAL_SIZE > cdEnd || b.readUInt32LE(p) !== SIG_CENTRAL) return refuse('directory', limits);
    const flags = b.readUInt16LE(p + 8);
    const method = b.readUInt16LE(p + 10);
    const crc = b.readUInt32LE(p + 16);
    let compressedSize = b.readUInt32LE(p + 20);
    let declaredSize = b.readUInt32LE(p + 24);
    const nameLen = b.readUInt16LE(p + 28);
    const extraLen = b.readUInt16LE(p + 30);
    const commentLen = b.readUInt16LE(p + 32);
    const disk = b.readUInt16LE(p + 34);
    let localOffset = b.readUInt32LE(p + 42);
    const next = p + CENTRAL_SIZE + nameLen + extraLen + commentLen;
    if (next > cdEnd) return refuse('directory', limits);
    if (nameLen === 0 || nameLen > limits.maxNameBytes) return refuse('name', limits);
    const name = b.toString('utf8', p + CENTRAL_SIZE, p + CENTRAL_SIZE + nameLen);
    if (name.includes('\0')) return refuse('name', limits);
    if (names.has(name)) return refuse('duplicate', limits);
    names.add(name);

    if (compressedSize === 0xffffffff || declaredSize === 0xffffffff || localOffset === 0xffffffff) {
      // the ZIP64 extra field (0x0001) holds, in this order, only the values marked 0xFFFFFFFF
      const z = zip64Extra(b, p + CENTRAL_SIZE + nameLen, extraLen);
      if (!z) return refuse('zip64', limits);
      let q = 0;
      const take = () => (q + 8 <= z.length ? ((q += 8), u64(z.buf, z.at + q - 8)) : -1);
      if (declaredSize === 0xffffffff) declaredSize = take();
      if (compressedSize === 0xffffffff) compressedSize = take();
      if (localOffset === 0xffffffff) localOffset = take();
      if (declaredSize < 0 || compressedSize < 0 || localOffset < 0) return refuse('zip64', limits);
    }
    if (disk !== 0 && disk !== 0xffff) return refuse('directory', limits);

    if (localOffset + LOCAL_SIZE > cdOffset || b.readUInt32LE(localOffset) !== SIG_LOCAL) return refuse('bounds', limits);
    const dataStart = localOffset + LOCAL_SIZE + b.readUInt16LE(localOffset + 26) + b.readUInt16LE(localOffset + 28);
    const dataEnd = dataStart + compressedSize;
    if (dataEnd > cdOffset) return refuse('bounds', limits);
    entries.push({ name, method, flags, crc, compressedSize, declaredSize, localOffset, dataStart, dataEnd });
    p = next;
  }
  if (entries.length !== declaredCount) return refuse('count', limits);

  // each entry's bytes end before the next entry's header begins: several directory records
  // pointing into the same bytes would inflate them again and again
  const byOffset = [...entries].sort((x, y) => x.localOffset - y.localOffset);
  for (let i = 1; i < byOffset.length; i++) if (byOffset[i - 1].dataEnd > byOffset[i].localOffset) return refuse('overlap', limits);
  return { ok: true, entries };
}

function zip64Extra(b: Buffer, start: number, len: number): { buf: Buffer; at: number; length: number } | null {
  let p = start;
  const end = start + len;
  while (p + 4 <= end) {
    const id = b.readUInt16LE(p);
    const size = b.readUInt16LE(p + 2);
    if (p + 4 + size > end) return null;
    if (id === 0x0001) return { buf: b, at: p + 4, length: size };
    p += 4 + size;
  }
  return null;
}

/** The checks before an entry is inflated: supported, and within what is left of the caps. */
function admit(e: ZipEntry, total: number, limits: ZipLimits): ZipRefusalReason | null {
  if (e.flags & 1) return 'encrypted';
  if (e.method !== 0 && e.method !== 8) return 'method';
  if (e.method === 0 && e.compressedSize !== e.declaredSize) return 'size-mismatch';
  // a declared size only ever refuses early; what is inflated is bounded by it and counted
  if (e.declaredSize > limits.maxEntryInflated) return 'entry-size';
  if (total + e.declaredSize > limits.maxTotalInflated) return 'total-size';
  return null;
}

export function readZip(bytes: Buffer, wanted: readonly string[], limits: ZipLimits = DEFAULT_ZIP_LIMITS): ZipRead {
  const listing = listZipEntries(bytes, limits);
  if (!listing.ok) return listing;
  const files = new Map<string, Buffer>();
  let total = 0;
  for (const e of listing.entries) {
    if (!wanted.includes(e.name)) continue;
    const no = admit(e, total, limits);
    if (no) return refuse(no, limits);
    const packed = bytes.subarray(e.dataStart, e.dataEnd);
    let data: Buffer;
    if (e.method === 0) data = Buffer.from(packed);
    else {
      try {
        // the output may not exceed the declared size (itself within both caps): a longer
        // stream is a lying directory, stopped after at most that many bytes
        data = zlib.inflateRawSync(packed, { maxOutputLength: Math.max(1, e.declaredSize) });
      } catch (err) {
        return refuse((err as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE' ? 'size-mismatch' : 'deflate', limits);
      }
    }
    if (data.length !== e.declaredSize) return refuse('size-mismatch', limits);
    if (zlib.crc32(data) >>> 0 !== e.crc) return refuse('crc', limits);
    total += data.length;
    files.set(e.name, data);
  }
  return { ok: true, files, totalInflated: total };
}

export async function inspectZip(bytes: Buffer, options: Partial<ZipLimits> & { signal?: AbortSignal } = {}): Promise<ZipInspection> {
  const { signal, ...given } = options;
  const limits: ZipLimits = { ...DEFAULT_ZIP_LIMITS, ...given };
  const listing = listZipEntries(bytes, limits);
  if (!listing.ok) return listing;
  const out: { name: string; compressed: number; inflated: number }[] = [];
  let total = 0;
  for (const e of listing.entries) {
    if (signal?.aborted) return refuse('timeout', limits);
    const no = admit(e, total, limits);
    if (no) return refuse(no, limits);
    const packed = bytes.subarray(e.dataStart, e.dataEnd);
    let n: number;
    let crc: number;
    if (e.method === 0) {
      n = packed.length;
      crc = zlib.crc32(packed) >>> 0;
    } else {
      const r = await inflateCounting(packed, e.declaredSize, signal);
      if (typeof r === 'string') return refuse(r, limits);
      [n, crc] = r;
    }
    if (n !== e.declaredSize) return refuse('size-mismatch', limits);
    if (crc !== e.crc) return refuse('crc', limits);
    total += n;
    out.push({ name: e.name, compressed: e.compressedSize, inflated: n });
  }
  return { ok: true, entries: out, totalInflated: total };
}

/** Inflates as a stream, keeping nothing: the bytes produced and their CRC, or why it stopped. */
async function inflateCounting(packed: Buffer, most: number, signal?: AbortSignal): Promise<[number, number] | ZipRefusalReason> {
  const inflater = zlib.createInflateRaw({ chunkSize: 64 * 1024 });
  inflater.end(packed);
  let n = 0;
  let crc = 0;
  try {
    for await (const chunk of inflater as AsyncIterable<Buffer>) {
      n += chunk.length;
      if (n > most) return 'size-mismatch'; // more than declared: stop now, not at the cap
      if (signal?.aborted) return 'timeout';
      crc = zlib.crc32(chunk, crc);
    }
  } catch {
    return 'deflate';
  } finally {
    inflater.destroy();
  }
  return [n, crc >>> 0];
}

/** The bytes inflated so far from one file, across the parts read from it (inflateEntry). */
export class InflateBudget {
  used = 0;
  constructor(readonly limits: ZipLimits) {}
}

const SLICE = 64 * 1024;

export async function* inflateEntry(bytes: Buffer, e: ZipEntry, budget: InflateBudget): AsyncGenerator<Buffer> {
  const { limits } = budget;
  const no = admit(e, budget.used, limits);
  if (no) throw zipRefusalThrown(refuse(no, limits));
  const packed = bytes.subarray(e.dataStart, e.dataEnd);
  let n = 0;
  let crc = 0;
  const count = (chunk: Buffer) => {
    n += chunk.length;
    // the declared size was admitted within the caps; a stream longer than it is a lying
    // directory, stopped now rather than at the cap
    if (n > e.declaredSize) throw zipRefusalThrown(refuse('size-mismatch', limits));
    budget.used += chunk.length;
    crc = zlib.crc32(chunk, crc);
  };
  if (e.method === 0) {
    for (let i = 0; i < packed.length; i += SLICE) {
      const chunk = packed.subarray(i, i + SLICE);
      count(chunk);
      yield chunk;
    }
  } else {
    const inflater = zlib.createInflateRaw({ chunkSize: SLICE });
    inflater.end(packed);
    try {
      // async iteration pulls: the inflater works only as far as its output is taken
      for await (const chunk of inflater as AsyncIterable<Buffer>) {
        count(chunk);
        yield chunk;
      }
    } catch (err) {
      if (err instanceof UntrustedFileError) throw err;
      throw zipRefusalThrown(refuse('deflate', limits));
    } finally {
      inflater.destroy();
    }
  }
  if (n !== e.declaredSize) throw zipRefusalThrown(refuse('size-mismatch', limits));
  if (crc >>> 0 !== e.crc) throw zipRefusalThrown(refuse('crc', limits));
}

/** An entry's text: UTF-8 decoded with one decoder, so no character is cut where a chunk ends. */
export async function* entryText(bytes: Buffer, e: ZipEntry, budget: InflateBudget): AsyncGenerator<string> {
  const decoder = new StringDecoder('utf8');
  for await (const chunk of inflateEntry(bytes, e, budget)) {
    const text = decoder.write(chunk);
    if (text) yield text;
  }
  const rest = decoder.end();
  if (rest) yield rest;
}
