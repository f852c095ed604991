// PUB-3: the CSV of the open-data feeds. UTF-8 with a byte-order mark (Excel reads the Chinese
// without an import dialog), comma-separated, CRLF between records, a field quoted when it holds a
// comma, a double quote, CR or LF, its quotes doubled (RFC 4180). A cell is the JSON value as text:
// null is empty, a list (`json`) its JSON text, booleans true/false.
//
// Formula injection (OWASP "CSV Injection"): a text cell that begins with = + - @, TAB or CR would be
// run as a formula by a spreadsheet; such a cell gets a leading apostrophe. A cell that already begins
// with an apostrophe gets one too, so the rule reverses exactly: drop one leading apostrophe when it is
// followed by one of those characters or by another apostrophe (`decodeTextCell`). Numbers, times, ids
// and amounts are written by the platform and never prefixed (a negative number stays a number).
import type { OpenDataField } from '../../../contract/opendata.js';
import type { Utf8Chunks } from './utf8-chunks.js';

export const CSV_BOM = '\uFEFF';
export const CSV_CONTENT_TYPE = 'text/csv; charset=utf-8; header=present';

const FORMULA_START = /^[=+\-@\t\r']/;
const NEEDS_QUOTES = /[",\r\n]/;

/** RFC 4180: the field as written, quoted when it must be. */
export function quoteField(s: string): string {
  return NEEDS_QUOTES.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** A text cell protected against formula injection. */
export function protectText(s: string): string {
  return FORMULA_START.test(s) ? `'${s}` : s;
}

/** The original text of a protected cell. */
export function decodeTextCell(s: string): string {
  return s.length > 1 && s[0] === "'" && FORMULA_START.test(s.slice(1)) ? s.slice(1) : s;
}

/** One value as a CSV field of its type. */
export function csvCell(value: unknown, type: OpenDataField['type']): string {
  if (value === null || value === undefined) return '';
  switch (type) {
    case 'text':
      return quoteField(protectText(String(value)));
    case 'json':
      return quoteField(protectText(JSON.stringify(value)));
    case 'boolean':
      return value ? 'true' : 'false';
    default:
      // ids, integers, numbers, amounts, instants, days: written by the platform, never a formula
      return quoteField(String(value));
  }
}

/** A record line (CRLF-terminated) of the fields in order. */
export function csvLine(record: Record<string, unknown>, fields: readonly OpenDataField[]): string {
  let line = '';
  for (let i = 0; i < fields.length; i++) {
    if (i) line += ',';
    line += csvCell(record[fields[i].name], fields[i].type);
  }
  return line + '\r\n';
}

/** Records written as CSV lines into `out` (utf8-chunks.ts: no line or chunk string is built). */
export function writeCsvRecord(out: Utf8Chunks, record: Record<string, unknown>, fields: readonly OpenDataField[]): void {
  for (let i = 0; i < fields.length; i++) {
    if (i) out.text(',');
    const cell = csvCell(record[fields[i].name], fields[i].type);
    if (cell) out.text(cell);
  }
  out.text('\r\n');
}

/** The header line: Chinese column titles (`zh`) or the machine names (`field`). */
export function csvHeader(fields: readonly OpenDataField[], header: 'zh' | 'field'): string {
  return fields.map((fd) => quoteField(header === 'zh' ? fd.label : fd.name)).join(',') + '\r\n';
}

/** RFC 4180 reader (tests, the benchmark's check): the rows of a CSV text, BOM dropped. */
export function parseCsv(text: string): string[][] {
  const s = text.startsWith(CSV_BOM) ? text.slice(1) : text;
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let i = 0;
  let quoted = false;
  while (i < s.length) {
    const c = s[i];
    if (quoted) {
      if (c === '"') {
        if (s[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
        i++;
        continue;
      }
      field += c;
      i++;
      continue;
    }
    if (c === '"' && field === '') {
      quoted = true;
      i++;
    } else if (c === ',') {
      row.push(field);
      field = '';
      i++;
    } else if (c === '\r' && s[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i += 2;
    } else {
      field += c;
      i++;
    }
  }
  if (field !== '' || row.length) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

/** A parsed CSV row back as the record's values (the inverse of `csvCell`), for checks. */
export function recordFromCsv(cells: readonly string[], fields: readonly OpenDataField[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  fields.forEach((fd, i) => {
    const c = cells[i] ?? '';
    if (c === '' && fd.nullable) out[fd.name] = null;
    else if (fd.type === 'integer' || fd.type === 'number') out[fd.name] = Number(c);
    else if (fd.type === 'boolean') out[fd.name] = c === 'true';
    else if (fd.type === 'json') out[fd.name] = JSON.parse(decodeTextCell(c));
    else if (fd.type === 'text') out[fd.name] = decodeTextCell(c);
    else out[fd.name] = c;
  });
  return out;
}
