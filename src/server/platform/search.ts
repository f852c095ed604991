// X-5: Chinese full-text search. jieba segments text in the app; the tokens go into a tsvector
// with the 'simple' configuration and a GIN index, so the same SQL runs on PostgreSQL and PGlite
// (neither has a Chinese parser; ARCHITECTURE §1).
import { createRequire } from 'node:module';
import { sql, type SQL } from 'drizzle-orm';
import type { Jieba } from '@node-rs/jieba';

const require = createRequire(import.meta.url);
let jieba: Jieba | null = null;

function segmenter(): Jieba {
  if (!jieba) {
    // The package is native (napi); loaded on first use so start-up does not pay for the dictionary.
    const { Jieba: J } = require('@node-rs/jieba') as typeof import('@node-rs/jieba');
    const { dict } = require('@node-rs/jieba/dict') as { dict: Uint8Array };
    jieba = J.withDict(dict);
  }
  return jieba;
}

const MAX_INDEXED_CHARS = 20_000;

function clean(tokens: string[]): string[] {
  const out = new Set<string>();
  for (const t of tokens) {
    const w = t.trim().toLowerCase();
    // Punctuation and spaces carry no meaning; tsquery operators must not leak into tokens.
    if (!w || /^[\s\p{P}\p{S}]+$/u.test(w)) continue;
    out.add(w.replace(/[&|!():*<>'\\]/g, ''));
  }
  out.delete('');
  return [...out];
}

/** Tokens stored for a document: search-mode segmentation, so both words and their parts match. */
export function indexTokens(...parts: (string | null | undefined)[]): string {
  const text = parts.filter(Boolean).join(' ').slice(0, MAX_INDEXED_CHARS);
  return clean(segmenter().cutForSearch(text, true)).join(' ');
}

/** Tokens of a query: precise segmentation; every token must match (AND). */
export function queryTokens(q: string): string[] {
  return clean(segmenter().cut(q.slice(0, 200), true));
}

/**
 * The tsquery text for `q`: every word must match, either whole or by all of its parts — jieba
 * may cut a word differently inside a longer sentence (职业资格 / 职业 + 资格考试), and the index
 * holds the parts as well (search-mode segmentation).
 */
export function queryExpression(q: string): string | null {
  const words = queryTokens(q);
  if (words.length === 0) return null;
  return words
    .map((w) => {
      const parts = clean(segmenter().cutForSearch(w, true)).filter((p) => p !== w);
      return parts.length >= 2 ? `('${w}' | (${parts.map((p) => `'${p}'`).join(' & ')}))` : `'${w}'`;
    })
    .join(' & ');
}

/** `to_tsvector('simple', tokens)` for an INSERT or UPDATE. */
export function searchVector(...parts: (string | null | undefined)[]): SQL {
  return sql`to_tsvector('simple', ${indexTokens(...parts)})`;
}

/** A tsquery matching documents that contain every token of `q`, or null for an empty query. */
export function searchQuery(q: string): SQL | null {
  const expr = queryExpression(q);
  return expr === null ? null : sql`to_tsquery('simple', ${expr})`;
}
