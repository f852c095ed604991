// Issue 10 §1: the shared zip reader against crafted zips, each built here byte by byte: a
// directory that lies about its entry count (0xFFFF skipped every check before) or about sizes,
// an entry that inflates to 1 GB, entries overlapping one another, ZIP64 records, truncated and
// mutated files. Every refusal says whether the file is too large (413) or malformed (400/422),
// and nothing reads past the buffer or throws.
import crypto from 'node:crypto';
import zlib from 'node:zlib';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { UntrustedFileError } from './refusal.js';
import { DEFAULT_ZIP_LIMITS, InflateBudget, entryText, inflateEntry, inspectZip, listZipEntries, readZip, zipRefusalError, zipRefusalThrown, type ZipEntry, type ZipLimits } from './zip.js';

interface Part {
  name: string;
  data?: Buffer;
  /** the bytes written as the entry's data (default: data deflated, or data when stored) */
  packed?: Buffer;
  method?: number;
  flags?: number;
  /** what the directory declares, when it lies */
  declaredSize?: number;
  compressedSize?: number;
  crc?: number;
  /** point the directory record at another entry's local header */
  localOffsetOf?: number;
}

interface Shape {
  count?: number;
  cdOffset?: number;
  /** write a ZIP64 end record and locator; the classic record then holds 0xFFFF… markers */
  zip64?: { count?: number; cdOffset?: number; at?: number };
}

/** A zip file of `parts`, honest unless a field of a part or of `shape` says otherwise. */
function buildZip(parts: Part[], shape: Shape = {}): Buffer {
  const locals: Buffer[] = [];
  const central: Buffer[] = [];
  const offsets: number[] = [];
  let offset = 0;
  for (const p of parts) {
    const data = p.data ?? Buffer.alloc(0);
    const method = p.method ?? 8;
    const packed = p.packed ?? (method === 8 ? zlib.deflateRawSync(data) : data);
    const name = Buffer.from(p.name, 'utf8');
    const crc = p.crc ?? zlib.crc32(data) >>> 0;
    const size = p.declaredSize ?? data.length;
    const csize = p.compressedSize ?? packed.length;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(p.flags ?? 0, 6);
    local.writeUInt16LE(method, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(Math.min(csize, 0xffffffff), 18);
    local.writeUInt32LE(Math.min(size, 0xffffffff), 22);
    local.writeUInt16LE(name.length, 26);
    offsets.push(offset);
    locals.push(local, name, packed);
    const cd = Buffer.alloc(46);
    cd.writeUInt32LE(0x02014b50, 0);
    cd.writeUInt16LE(20, 4);
    cd.writeUInt16LE(20, 6);
    cd.writeUInt16LE(p.flags ?? 0, 8);
    cd.writeUInt16LE(method, 10);
    cd.writeUInt32LE(crc, 16);
    cd.writeUInt32LE(Math.min(csize, 0xffffffff), 20);
    cd.writeUInt32LE(Math.min(size, 0xffffffff), 24);
    cd.writeUInt16LE(name.length, 28);
    cd.writeUInt32LE(p.localOffsetOf === undefined ? offset : offsets[p.localOffsetOf], 42);
    central.push(cd, name);
    offset += 30 + name.length + packed.length;
  }
  const cd = Buffer.concat(central);
  const tail: Buffer[] = [];
  const eocd = Buffer.alloc(22);
  eocd.writeUInt32LE(0x06054b50, 0);
  const count = shape.count ?? parts.length;
  eocd.writeUInt16LE(Math.min(count, 0xffff), 8);
  eocd.writeUInt16LE(Math.min(count, 0xffff), 10);
  eocd.writeUInt32LE(cd.length, 12);
  eocd.writeUInt32LE(shape.cdOffset ?? offset, 16);
  if (shape.zip64) {
    const rec = Buffer.alloc(56);
    rec.writeUInt32LE(0x06064b50, 0);
    rec.writeBigUInt64LE(44n, 4);
    rec.writeBigUInt64LE(BigInt(shape.zip64.count ?? parts.length), 24);
    rec.writeBigUInt64LE(BigInt(shape.zip64.count ?? parts.length), 32);
    rec.writeBigUInt64LE(BigInt(cd.length), 40);
    rec.writeBigUInt64LE(BigInt(shape.zip64.cdOffset ?? offset), 48);
    const loc = Buffer.alloc(20);
    loc.writeUInt32LE(0x07064b50, 0);
    loc.writeBigUInt64LE(BigInt(shape.zip64.at ?? offset + cd.length), 8);
    loc.writeUInt32LE(1, 16);
    tail.push(rec, loc);
    eocd.writeUInt16LE(0xffff, 8);
    eocd.writeUInt16LE(0xffff, 10);
    eocd.writeUInt32LE(0xffffffff, 16);
  }
  return Buffer.concat([...locals, cd, ...tail, eocd]);
}

/** Raw deflate of `mb` MB of zeros without compressing them: a fully flushed 1 MB block repeated. */
function deflatedZeros(mb: number): Buffer {
  const block = zlib.deflateRawSync(Buffer.alloc(1024 * 1024), { level: 9, finishFlush: zlib.constants.Z_FULL_FLUSH });
  return Buffer.concat([...Array.from({ length: mb }, () => block), Buffer.from([0x03, 0x00])]);
}

const text = (s: string) => Buffer.from(s, 'utf8');
/** CPU time of this process since `from`: the work done, whatever else the machine is running. */
const cpuMs = (from: NodeJS.CpuUsage) => {
  const d = process.cpuUsage(from);
  return (d.user + d.system) / 1000;
};
const drain = async (it: AsyncIterable<unknown>) => {
  for await (const _ of it) void _;
};
const small: ZipLimits = { maxEntries: 100, maxEntryInflated: 1024 * 1024, maxTotalInflated: 4 * 1024 * 1024, maxNameBytes: 256 };

describe('a well-formed zip', () => {
  const core = text(`<cp:keywords>TB7K-3QX9-M2PD-8WZA</cp:keywords>${'<cp:x/>'.repeat(100)}`);
  const zip = buildZip([
    { name: 'docProps/core.xml', data: core },
    { name: 'stored.txt', data: text('stored as is'), method: 0 },
    { name: 'empty', data: Buffer.alloc(0) },
  ]);

  it('lists, reads and inspects every entry, counting the bytes inflated', async () => {
    const listing = listZipEntries(zip);
    expect(listing.ok && listing.entries.map((e) => e.name)).toEqual(['docProps/core.xml', 'stored.txt', 'empty']);
    const read = readZip(zip, ['docProps/core.xml', 'stored.txt', 'absent']);
    expect(read.ok).toBe(true);
    if (!read.ok) return;
    expect(read.files.get('docProps/core.xml')?.toString()).toContain('TB7K');
    expect(read.files.get('stored.txt')?.toString()).toBe('stored as is');
    expect(read.files.has('absent')).toBe(false);
    expect(await inspectZip(zip)).toEqual({
      ok: true,
      entries: [
        { name: 'docProps/core.xml', compressed: expect.any(Number), inflated: core.length },
        { name: 'stored.txt', compressed: 12, inflated: 12 },
        { name: 'empty', compressed: expect.any(Number), inflated: 0 },
      ],
      totalInflated: core.length + 12,
    });
  });

  it('accepts an xlsx as exceljs writes it (the cage’s pre-check before the import)', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('事项');
    for (let i = 0; i < 2000; i++) ws.addRow([`事项${i}`, '评估', i]);
    const xlsx = Buffer.from(await wb.xlsx.writeBuffer());
    const r = await inspectZip(xlsx);
    expect(r.ok).toBe(true);
    if (r.ok) {
      expect(r.entries.map((e) => e.name)).toContain('xl/workbook.xml');
      expect(r.totalInflated).toBe(r.entries.reduce((n, e) => n + e.inflated, 0));
      expect(r.totalInflated).toBeGreaterThan(xlsx.length);
    }
  });
});

describe('a zip whose directory lies', () => {
  it('walks the directory by its bytes: a count of 0xFFFF over three entries is malformed', async () => {
    const zip = buildZip([{ name: 'a', data: text('a') }, { name: 'b', data: text('b') }, { name: 'c', data: text('c') }], { count: 0xffff });
    expect(listZipEntries(zip)).toMatchObject({ ok: false, kind: 'malformed', reason: 'count' });
    expect(await inspectZip(zip)).toMatchObject({ ok: false, kind: 'malformed', reason: 'count' });
    expect(readZip(zip, ['a'])).toMatchObject({ ok: false, kind: 'malformed' });
  });

  it('stops walking at the entry cap: too many entries is too large', async () => {
    const zip = buildZip(Array.from({ length: 101 }, (_, i) => ({ name: `f${i}`, data: text('x') })));
    expect(await inspectZip(zip, small)).toMatchObject({ ok: false, kind: 'too-large', reason: 'entries' });
    expect((await inspectZip(zip, { ...small, maxEntries: 101 })).ok).toBe(true);
  });

  it('refuses an entry that inflates to more than it declares, after at most that many bytes', async () => {
    // 1 GB of zeros in ~1 MB, declared as 1 KB
    const packed = deflatedZeros(1024);
    expect(packed.length).toBeLessThan(1.1 * 1024 * 1024);
    const zip = buildZip([{ name: 'bomb', packed, declaredSize: 1024, crc: 0 }]);
    const cpu0 = process.cpuUsage();
    expect(await inspectZip(zip)).toMatchObject({ ok: false, kind: 'malformed', reason: 'size-mismatch' });
    expect(readZip(zip, ['bomb'])).toMatchObject({ ok: false, kind: 'malformed', reason: 'size-mismatch' });
    expect(cpuMs(cpu0)).toBeLessThan(200); // inflating the whole gigabyte takes seconds
  });

  it('refuses a 1 GB entry as too large from its declared size, before inflating', async () => {
    const zip = buildZip([{ name: 'bomb', packed: deflatedZeros(1024), declaredSize: 1024 * 1024 * 1024, crc: 0 }]);
    const cpu0 = process.cpuUsage();
    const r = await inspectZip(zip);
    expect(r).toMatchObject({ ok: false, kind: 'too-large', reason: 'entry-size' });
    expect(cpuMs(cpu0)).toBeLessThan(50);
    // and the refusal is a 413 problem in Chinese
    if (!r.ok) expect(zipRefusalError(r)).toMatchObject({ status: 413, code: 'PAYLOAD_TOO_LARGE', message: expect.stringMatching(/解压后超过 256 MB/) });
    const bad = listZipEntries(buildZip([{ name: 'a', data: text('1') }], { count: 7 }));
    if (!bad.ok) expect(zipRefusalError(bad)).toMatchObject({ status: 422, code: 'UNPROCESSABLE' });
  });

  it('counts real bytes against the total cap across entries', async () => {
    // each entry honest and under the entry cap; together over the total
    const parts = Array.from({ length: 5 }, (_, i) => ({ name: `p${i}`, packed: deflatedZeros(1), declaredSize: 1024 * 1024, crc: zlib.crc32(Buffer.alloc(1024 * 1024)) >>> 0 }));
    const zip = buildZip(parts);
    expect(await inspectZip(zip, small)).toMatchObject({ ok: false, kind: 'too-large', reason: 'total-size' });
    const four = await inspectZip(zip, { ...small, maxTotalInflated: 5 * 1024 * 1024 });
    expect(four).toMatchObject({ ok: true, totalInflated: 5 * 1024 * 1024 });
    expect(readZip(zip, ['p0', 'p1', 'p2', 'p3', 'p4'], small)).toMatchObject({ ok: false, kind: 'too-large', reason: 'total-size' });
  });

  it('refuses an entry that produces less than declared, or other bytes (CRC)', async () => {
    expect(await inspectZip(buildZip([{ name: 'a', data: text('abc'), declaredSize: 4 }]))).toMatchObject({ ok: false, reason: 'size-mismatch' });
    expect(await inspectZip(buildZip([{ name: 'a', data: text('abc'), crc: 1 }]))).toMatchObject({ ok: false, kind: 'malformed', reason: 'crc' });
    expect(readZip(buildZip([{ name: 'a', data: text('abc'), crc: 1 }]), ['a'])).toMatchObject({ ok: false, reason: 'crc' });
    expect(await inspectZip(buildZip([{ name: 'a', data: text('abc'), method: 0, declaredSize: 9 }]))).toMatchObject({ ok: false, reason: 'size-mismatch' });
  });

  it('never reads outside the buffer: a compressed size or offset past the end is malformed', async () => {
    expect(listZipEntries(buildZip([{ name: 'a', data: text('abc'), compressedSize: 0x7fffffff }]))).toMatchObject({ ok: false, reason: 'bounds' });
    expect(listZipEntries(buildZip([{ name: 'a', data: text('abc') }], { cdOffset: 0xfffffff0 }))).toMatchObject({ ok: false, reason: 'directory' });
  });
});

describe('a zip built to inflate the same bytes many times', () => {
  it('refuses directory records that point into the same or overlapping data', async () => {
    const data = crypto.randomBytes(1000);
    // 50 records, every one pointing at the first entry's header (the non-recursive zip bomb)
    const same = buildZip([{ name: 'a', data }, ...Array.from({ length: 50 }, (_, i) => ({ name: `copy${i}`, data, localOffsetOf: 0 }))]);
    expect(listZipEntries(same)).toMatchObject({ ok: false, kind: 'malformed', reason: 'overlap' });
    expect(await inspectZip(same)).toMatchObject({ ok: false, reason: 'overlap' });
    // an entry whose declared compressed size runs over the next entry's header
    const over = buildZip([{ name: 'a', data, method: 0, compressedSize: 1040, declaredSize: 1040 }, { name: 'b', data }]);
    expect(listZipEntries(over)).toMatchObject({ ok: false, reason: 'overlap' });
  });

  it('refuses duplicate names, long names, encryption and unknown methods', async () => {
    expect(listZipEntries(buildZip([{ name: 'a', data: text('1') }, { name: 'a', data: text('2') }]))).toMatchObject({ ok: false, reason: 'duplicate' });
    expect(listZipEntries(buildZip([{ name: 'n'.repeat(257), data: text('1') }]), small)).toMatchObject({ ok: false, kind: 'malformed', reason: 'name' });
    expect(await inspectZip(buildZip([{ name: 'a', data: text('1'), flags: 1 }]))).toMatchObject({ ok: false, reason: 'encrypted' });
    expect(await inspectZip(buildZip([{ name: 'a', data: text('1'), method: 12 }]))).toMatchObject({ ok: false, reason: 'method' });
  });
});

describe('ZIP64', () => {
  const parts = [{ name: 'a', data: text('alpha') }, { name: 'b', data: text('beta') }];

  it('reads the 64-bit end record, bounded like the classic one', async () => {
    expect(await inspectZip(buildZip(parts, { zip64: {} }))).toMatchObject({ ok: true, totalInflated: 9 });
  });

  it('refuses a ZIP64 record whose count, offset or position lies', async () => {
    expect(listZipEntries(buildZip(parts, { zip64: { count: 2 ** 40 } }))).toMatchObject({ ok: false, kind: 'malformed', reason: 'count' });
    expect(listZipEntries(buildZip(parts, { zip64: { cdOffset: 2 ** 40 } }))).toMatchObject({ ok: false, reason: 'directory' });
    expect(listZipEntries(buildZip(parts, { zip64: { at: 2 ** 62 } }))).toMatchObject({ ok: false, reason: 'zip64' });
    expect(listZipEntries(buildZip(parts, { zip64: { at: 0 } }))).toMatchObject({ ok: false, reason: 'zip64' });
  });

  it('refuses 0xFFFFFFFF size markers without the extra field that should hold the sizes', () => {
    const zip = buildZip([{ name: 'a', data: text('alpha'), declaredSize: 0xffffffff }]);
    expect(listZipEntries(zip)).toMatchObject({ ok: false, reason: 'zip64' });
  });
});

describe('the streaming reader (the xlsx import feeds exceljs part by part)', () => {
  const entriesOf = (zip: Buffer, limits: ZipLimits = DEFAULT_ZIP_LIMITS): ZipEntry[] => {
    const l = listZipEntries(zip, limits);
    if (!l.ok) throw new Error(l.reason);
    return l.entries;
  };
  const refusal = (p: Promise<unknown>) => p.then(() => null, (e: unknown) => e);

  it('streams an entry as text, whole characters across 64 KB chunks, counting into the budget', async () => {
    const long = '承接政府转移职能事项'.repeat(20_000); // 600 KB of three-byte characters
    const zip = buildZip([{ name: 'a.xml', data: text(long) }, { name: 'b.xml', data: text('乙'), method: 0 }]);
    const [a, b] = entriesOf(zip);
    const budget = new InflateBudget(DEFAULT_ZIP_LIMITS);
    let got = '';
    for await (const t of entryText(zip, a, budget)) got += t;
    expect(got).toBe(long);
    for await (const t of entryText(zip, b, budget)) got += t;
    expect(got.endsWith('乙')).toBe(true);
    expect(budget.used).toBe(text(long).length + 3);
  });

  it('stops an entry that inflates past its declared size after the first chunk, and one whose CRC or data is wrong', async () => {
    const zip = buildZip([{ name: 'bomb', packed: deflatedZeros(1024), declaredSize: 1024, crc: 0 }]);
    const budget = new InflateBudget(DEFAULT_ZIP_LIMITS);
    const cpu0 = process.cpuUsage();
    const e = await refusal(drain(inflateEntry(zip, entriesOf(zip)[0], budget)));
    expect(e).toBeInstanceOf(UntrustedFileError);
    expect(e).toMatchObject({ kind: 'malformed', message: '压缩包内文件解压后的大小与目录记录不符' });
    expect(budget.used).toBeLessThanOrEqual(1024);
    expect(cpuMs(cpu0)).toBeLessThan(200);
    const crc = buildZip([{ name: 'a', data: text('abc'), crc: 1 }]);
    expect(await refusal(drain(inflateEntry(crc, entriesOf(crc)[0], new InflateBudget(DEFAULT_ZIP_LIMITS))))).toMatchObject({ kind: 'malformed' });
    const damaged = buildZip([{ name: 'a', packed: Buffer.from([0xff, 0xff, 0xff, 0xff]), declaredSize: 10 }]);
    expect(await refusal(drain(inflateEntry(damaged, entriesOf(damaged)[0], new InflateBudget(DEFAULT_ZIP_LIMITS))))).toMatchObject({ kind: 'malformed' });
  });

  it('admits each entry only within what the earlier ones left of the total cap: too large, before inflating it', async () => {
    const parts = Array.from({ length: 5 }, (_, i) => ({ name: `p${i}`, packed: deflatedZeros(1), declaredSize: 1024 * 1024, crc: zlib.crc32(Buffer.alloc(1024 * 1024)) >>> 0 }));
    const zip = buildZip(parts);
    const budget = new InflateBudget(small);
    const entries = entriesOf(zip, small);
    for (const e of entries.slice(0, 4)) await drain(inflateEntry(zip, e, budget));
    expect(budget.used).toBe(4 * 1024 * 1024);
    const e = await refusal(drain(inflateEntry(zip, entries[4], budget)));
    expect(e).toMatchObject({ kind: 'too-large', message: '文件解压后超过 4 MB' });
    expect(budget.used).toBe(4 * 1024 * 1024);
  });

  it('maps every refusal to the cage’s two kinds', () => {
    const count = listZipEntries(buildZip([{ name: 'a', data: text('1') }], { count: 0xffff }));
    const many = listZipEntries(buildZip(Array.from({ length: 101 }, (_, i) => ({ name: `f${i}`, data: text('x') }))), small);
    if (count.ok || many.ok) throw new Error('expected refusals');
    expect(zipRefusalThrown(count)).toMatchObject({ kind: 'malformed', message: count.message });
    expect(zipRefusalThrown(many)).toMatchObject({ kind: 'too-large', message: many.message });
  });
});

describe('a damaged zip', () => {
  const zip = buildZip([
    { name: 'docProps/custom.xml', data: text('<Properties>'.repeat(200)) },
    { name: 'docProps/core.xml', data: crypto.randomBytes(3000) },
  ]);

  it('is malformed at every truncation, never an exception', async () => {
    for (let cut = 0; cut < zip.length; cut += 97) {
      const part = zip.subarray(0, cut);
      const r = await inspectZip(part);
      expect(r.ok, `cut at ${cut}`).toBe(false);
      if (!r.ok) expect(r.kind).toBe('malformed');
      expect(readZip(part, ['docProps/core.xml']).ok).toBe(false);
    }
  });

  it('answers every random mutation with a result, never an exception', async () => {
    const rnd = (n: number) => crypto.randomInt(n);
    for (let i = 0; i < 2000; i++) {
      const m = Buffer.from(zip);
      for (let k = 1 + rnd(8); k > 0; k--) m[rnd(m.length)] = rnd(256);
      // and now and then the directory's numbers set to their extremes
      if (i % 10 === 0) m.writeUInt32LE(0xffffffff, m.length - 22 + [12, 16][rnd(2)]);
      const r = await inspectZip(m);
      expect(typeof r.ok).toBe('boolean');
      expect(typeof readZip(m, ['docProps/core.xml', 'docProps/custom.xml']).ok).toBe('boolean');
      // the streaming reader throws refusals only
      const listing = listZipEntries(m);
      const budget = new InflateBudget(DEFAULT_ZIP_LIMITS);
      for (const e of listing.ok ? listing.entries : []) {
        await drain(inflateEntry(m, e, budget)).catch((err: unknown) => expect(err).toBeInstanceOf(UntrustedFileError));
      }
    }
  });

  it('says what is not a zip at all, and honours an aborted signal', async () => {
    expect(await inspectZip(Buffer.from('%PDF-1.7'))).toMatchObject({ ok: false, kind: 'malformed', reason: 'not-zip' });
    expect(await inspectZip(Buffer.alloc(0))).toMatchObject({ ok: false, reason: 'not-zip' });
    expect(await inspectZip(zip, { signal: AbortSignal.abort() })).toMatchObject({ ok: false, kind: 'timeout' });
    expect(DEFAULT_ZIP_LIMITS.maxEntries).toBeGreaterThan(100);
  });
});
