// PUB-3: a page of a feed as JSON bytes, written field by field from the contract's field list — the
// same list the page's response schema is built from (contract/opendata.ts openDataPageSchema), so the
// answer carries exactly the named fields in their order and nothing else, as a zod-serialised answer
// would, but without one string for the whole page (utf8-chunks.ts) and without the encode step, which
// cost a third of the server's CPU per 1,000-record page (bench/opendata-feed.ts). The integration test
// checks every page it reads against the zod schema.
import type { OpenDataField } from '../../../contract/opendata.js';
import { Utf8Chunks } from './utf8-chunks.js';
import type { FeedBatch } from './feeds.js';

const keysOf = new WeakMap<readonly OpenDataField[], string[]>();

/** The first `count` records of `batch` (made one at a time, feeds.ts FeedBatch) as the page's JSON. */
export function jsonPage(batch: FeedBatch, count: number, fields: readonly OpenDataField[], nextCursor: string | null): Buffer {
  let keys = keysOf.get(fields);
  if (!keys) {
    keys = fields.map((f, i) => `${i ? ',' : '{'}${JSON.stringify(f.name)}:`);
    keysOf.set(fields, keys);
  }
  const out = new Utf8Chunks();
  out.text('{"items":[');
  for (let r = 0; r < count; r++) {
    if (r) out.text(',');
    const record = batch.recordAt(r);
    for (let i = 0; i < fields.length; i++) {
      out.text(keys[i]);
      const v = record[fields[i].name];
      out.text(v === undefined || v === null ? 'null' : JSON.stringify(v));
    }
    out.text('}');
  }
  out.text(`],"nextCursor":${JSON.stringify(nextCursor)}}`);
  return Buffer.concat(out.take());
}
