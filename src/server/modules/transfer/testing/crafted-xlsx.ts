// Issue 10 §1: hostile workbooks, generated (never committed as binaries) for the tests and the
// upload-soak bench. A small zip writer of our own, so that a test can make the zip lie: a wrong
// entry count (0xFFFF), sizes and CRCs that do not match the data, parts that inflate to hundreds
// of MB from a few hundred KB.
import zlib from 'node:zlib';
import { ITEM_COLUMNS, ITEM_SHEET } from '../item-spreadsheet.js';

export interface CraftedPart {
  name: string;
  /** the part's content, or a generator of its content (for parts too big to hold) */
  data: string | Buffer | (() => Iterable<string | Buffer>);
  /** 0 stored, 8 deflated (default) */
  method?: 0 | 8;
  /** what the directory claims; default the truth */
  declaredSize?: number;
  crc?: number;
}

const u16 = (n: number) => {
  const b = Buffer.alloc(2);
  b.writeUInt16LE(n & 0xffff);
  return b;
};
const u32 = (n: number) => {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(n >>> 0);
  return b;
};

/** Deflates a part's content piece by piece (a 400 MB part never exists in memory whole). */
function packPart(part: CraftedPart): { packed: Buffer; size: number; crc: number } {
  const pieces = typeof part.data === 'function' ? part.data() : [part.data];
  let size = 0;
  let crc = 0;
  if ((part.method ?? 8) === 0) {
    const bufs: Buffer[] = [];
    for (const p of pieces) {
      const b = Buffer.isBuffer(p) ? p : Buffer.from(p, 'utf8');
      bufs.push(b);
      size += b.length;
      crc = zlib.crc32(b, crc);
    }
    return { packed: Buffer.concat(bufs), size, crc: crc >>> 0 };
  }
  // segments of ~16 MB, each deflated on its own and ended with a sync flush (byte-aligned, not
  // final): concatenated they are one valid raw deflate stream, and memory stays bounded
  const out: Buffer[] = [];
  let chunks: Buffer[] = [];
  let gathered = 0;
  // a segment made of the very same Buffer objects as the one before (repeated()) deflates the same
  let last: { chunks: Buffer[]; packed: Buffer } | null = null;
  const flush = (final: boolean) => {
    const same = !final && last && last.chunks.length === chunks.length && last.chunks.every((c, i) => c === chunks[i]);
    const packed = same ? last!.packed : deflateSegment(chunks, final);
    out.push(packed);
    last = { chunks, packed };
    chunks = [];
    gathered = 0;
  };
  for (const p of pieces) {
    const b = Buffer.isBuffer(p) ? p : Buffer.from(p, 'utf8');
    size += b.length;
    crc = zlib.crc32(b, crc);
    chunks.push(b);
    gathered += b.length;
    if (gathered >= 16 * 1024 * 1024) flush(false);
  }
  flush(true);
  return { packed: Buffer.concat(out), size, crc: crc >>> 0 };
}

const deflateSegment = (chunks: Buffer[], last: boolean) =>
  zlib.deflateRawSync(Buffer.concat(chunks), { level: 9, ...(last ? {} : { finishFlush: zlib.constants.Z_SYNC_FLUSH }) });

/** A zip of `parts`, in order. `eocdCount` overrides the entry count of the end record. */
export function buildZip(parts: CraftedPart[], opts: { eocdCount?: number } = {}): Buffer {
  const locals: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const part of parts) {
    const name = Buffer.from(part.name, 'utf8');
    const { packed, size, crc } = packPart(part);
    const method = part.method ?? 8;
    const head = (sig: number, isCentral: boolean) =>
      Buffer.concat([
        u32(sig),
        ...(isCentral ? [u16(20)] : []),
        u16(20), // version needed
        u16(0x0800), // flags: UTF-8 names
        u16(method),
        u16(0),
        u16(0x21), // time, date
        u32(part.crc ?? crc),
        u32(packed.length),
        u32(part.declaredSize ?? size),
        u16(name.length),
        u16(0), // extra
        ...(isCentral ? [u16(0), u16(0), u16(0), u32(0), u32(offset)] : []),
        name,
      ]);
    const local = Buffer.concat([head(0x04034b50, false), packed]);
    central.push(head(0x02014b50, true));
    locals.push(local);
    offset += local.length;
  }
  const cd = Buffer.concat(central);
  const count = opts.eocdCount ?? parts.length;
  const end = Buffer.concat([u32(0x06054b50), u16(0), u16(0), u16(count), u16(count), u32(cd.length), u32(offset), u16(0)]);
  return Buffer.concat([...locals, cd, end]);
}

const NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const col = (i: number) => String.fromCharCode(65 + i);

/** A row as cells: inline text, or { shared: n } for the n-th shared string. */
export type CraftedCell = string | number | { shared: number } | null;

/** One row of the sheet's XML, cells in template order. */
export function rowXml(r: number, cells: CraftedCell[]): string {
  const cs = cells
    .map((v, i) => {
      const ref = `${col(i)}${r}`;
      if (v === null) return '';
      if (typeof v === 'number') return `<c r="${ref}"><v>${v}</v></c>`;
      if (typeof v === 'object') return `<c r="${ref}" t="s"><v>${v.shared}</v></c>`;
      return `<c r="${ref}" t="inlineStr"><is><t>${esc(v)}</t></is></c>`;
    })
    .join('');
  return `<row r="${r}">${cs}</row>`;
}

/** A valid item row of programme 001 (Shandong), titled `title`. */
export const goodRow = (title: string): CraftedCell[] => ['' + title, '相关科技评估 / 省级科研项目完成情况评估', '对省级科研项目的完成情况开展第三方评估。', null, '购买服务', 120000, '1年', null];

export interface CraftedWorkbookOptions {
  /** data rows from row 2 (header in row 1) */
  rows?: CraftedCell[][];
  /** the sheet's XML between <sheetData> rows, as pieces (for huge sheets); replaces `rows` */
  sheetPieces?: () => Iterable<string | Buffer>;
  /** shared strings, as pieces of the <sst> content */
  sharedPieces?: () => Iterable<string | Buffer>;
  /** parts after the standard ones, or overrides of their directory entries */
  partOverrides?: Partial<Record<string, Partial<CraftedPart>>>;
  eocdCount?: number;
  /** shared strings before the sheet (exceljs's own reader then reads the sheet first … or not) */
  sharedFirst?: boolean;
}

/** A workbook with the template's header row on 可转移职能事项, built part by part. */
export function craftedWorkbook(opts: CraftedWorkbookOptions = {}): Buffer {
  const header = rowXml(1, ITEM_COLUMNS.map((c) => c.header));
  const rows = opts.rows ?? [];
  const sheet: CraftedPart = {
    name: 'xl/worksheets/sheet1.xml',
    data: function* () {
      yield `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet ${NS}><sheetData>${header}`;
      if (opts.sheetPieces) yield* opts.sheetPieces();
      else for (let i = 0; i < rows.length; i++) yield rowXml(i + 2, rows[i]);
      yield '</sheetData></worksheet>';
    },
  };
  const shared: CraftedPart | null = opts.sharedPieces
    ? {
        name: 'xl/sharedStrings.xml',
        data: function* () {
          yield `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><sst ${NS}>`;
          yield* opts.sharedPieces!();
          yield '</sst>';
        },
      }
    : null;
  const parts: CraftedPart[] = [
    {
      name: '[Content_Types].xml',
      data: '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>',
    },
    { name: '_rels/.rels', data: `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>` },
    { name: 'xl/workbook.xml', data: `<?xml version="1.0" encoding="UTF-8"?><workbook ${NS}><sheets><sheet name="${ITEM_SHEET}" sheetId="1" r:id="rId1"/></sheets></workbook>` },
    {
      name: 'xl/_rels/workbook.xml.rels',
      data: `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL}/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="${REL}/sharedStrings" Target="sharedStrings.xml"/></Relationships>`,
    },
    ...(opts.sharedFirst && shared ? [shared, sheet] : shared ? [sheet, shared] : [sheet]),
  ].map((p) => ({ ...p, ...opts.partOverrides?.[p.name] }));
  return buildZip(parts, { eocdCount: opts.eocdCount });
}

/** `n` characters of `ch`, in pieces of 1 MiB characters (for parts that inflate to hundreds of MB). */
export function* repeated(ch: string, n: number): Iterable<Buffer> {
  const piece = Buffer.from(ch.repeat(1024 * 1024));
  for (let left = n; left > 0; left -= 1024 * 1024) yield left >= 1024 * 1024 ? piece : Buffer.from(ch.repeat(left));
}

/**
 * The 417 KB workbook of issue 10 §1: one row whose 事项内容 is a shared string of `mb` MB
 * (a single text node). exceljs alone builds it into one string: 2.6 GB of server memory.
 */
export function hugeSharedStringWorkbook(mb = 400): Buffer {
  return craftedWorkbook({
    rows: [['巨型单元格', '相关科技评估 / 省级科研项目完成情况评估', { shared: 0 }, null, '购买服务', null, null, null]],
    sharedPieces: function* () {
      yield '<si><t>';
      yield* repeated('A', mb * 1024 * 1024);
      yield '</t></si>';
    },
  });
}

/** The same cell written inline in the sheet (no shared strings). */
export function hugeInlineCellWorkbook(mb = 400): Buffer {
  const [before, after] = rowXml(2, ['巨型单元格', '相关科技评估 / 省级科研项目完成情况评估', '@@', null, '购买服务', null, null, null]).split('@@');
  return craftedWorkbook({
    sheetPieces: function* () {
      yield before;
      yield* repeated('A', mb * 1024 * 1024);
      yield after;
    },
  });
}

/**
 * A sheet that inflates to `mb` MB of rows, with the directory's entry count set to 0xFFFF (which
 * made the old check skip every part; `honestCount` leaves the count true, so that only the sizes
 * lie) and the sheet's declared size set to 1 KB.
 */
export function countLieBombWorkbook(mb = 600, { honestCount = false } = {}): Buffer {
  const row = rowXml(2, ['炸弹', '相关科技评估 / 省级科研项目完成情况评估', '内容', null, '购买服务', null, null, null]);
  return craftedWorkbook({
    sheetPieces: function* () {
      const block = Buffer.from(' '.repeat(1024 * 1024)); // whitespace between rows: legal XML, nothing to keep
      yield row;
      for (let n = 0; n < mb; n++) yield block;
    },
    sharedPieces: function* () {
      yield '<si><t>x</t></si>';
    },
    eocdCount: honestCount ? undefined : 0xffff,
    partOverrides: { 'xl/worksheets/sheet1.xml': { declaredSize: 1024 } },
  });
}

/**
 * A workbook whose sheet (ahead of the shared strings, so exceljs alone parks it in a temporary
 * file) is damaged half-way through its deflate data, with the entry count 0xFFFF so the old check
 * did not look at it: exceljs's temporary-file pipe then fails with an `error` nobody listens to.
 * `honestCount` leaves the count true: the zip reader then gets as far as the damaged data.
 */
export function damagedSheetWorkbook(rows = 2000, { honestCount = false } = {}): Buffer {
  const good = craftedWorkbook({
    rows: Array.from({ length: rows }, (_, i) => goodRow(`事项${i}`)),
    sharedPieces: function* () {
      yield '<si><t>x</t></si>';
    },
    eocdCount: honestCount ? undefined : 0xffff,
  });
  const name = Buffer.from('xl/worksheets/sheet1.xml');
  const at = good.indexOf(name);
  const dataStart = at + name.length; // first occurrence: the local header (no extra field)
  const packed = good.readUInt32LE(at - 30 + 18);
  const bad = Buffer.from(good);
  bad.fill(0x55, dataStart + Math.floor(packed / 2), dataStart + Math.floor(packed / 2) + 256);
  return bad;
}
