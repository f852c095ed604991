// Text that no field may carry (issue 10 §3): PostgreSQL refuses NUL in text (a 500 before this
// check) and a lone UTF-16 surrogate cannot be written as UTF-8 (the drivers silently turn it into
// U+FFFD, so what is stored is not what was sent). Checked for every request part that has a
// schema, before the schema (http/validation.ts), so no module can forget it.
import type { FieldError } from '../platform/errors.js';

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const LONE_SURROGATES = new RegExp(LONE_SURROGATE.source, 'g');

/** The Chinese reason a string may not be stored, or null when it may. */
export function findUnsafeChar(s: string): string | null {
  if (s.includes('\u0000')) return '不能包含空字符（U+0000）';
  if (LONE_SURROGATE.test(s)) return '含有无效的 Unicode 字符（不成对的代理项）';
  return null;
}

/** Deepest nesting a request part may have: the platform's deepest schema is a few levels deep. */
export const MAX_NESTING = 32;

/**
 * The first string (value or object key) in a parsed request part that may not be stored, with its
 * dotted path under `prefix` (`body.members.0.name`); or a part nested deeper than MAX_NESTING (a
 * 1 MiB body holds half a million levels of `[`: walked recursively, that is a stack overflow and a
 * 500). Walked with an explicit stack, in document order.
 */
export function findUnsafeText(value: unknown, prefix: string): FieldError | null {
  const stack: { value: unknown; path: string; depth: number }[] = [{ value, path: prefix, depth: 0 }];
  while (stack.length) {
    const { value: v, path, depth } = stack.pop()!;
    if (typeof v === 'string') {
      const reason = findUnsafeChar(v);
      if (reason) return { path, message: reason };
      continue;
    }
    if (v === null || typeof v !== 'object' || Buffer.isBuffer(v)) continue;
    if (depth >= MAX_NESTING) return { path, message: `嵌套层级过深（不能超过 ${MAX_NESTING} 层）` };
    const children: { value: unknown; path: string; depth: number }[] = [];
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) children.push({ value: v[i], path: `${path}.${i}`, depth: depth + 1 });
    } else {
      for (const [key, child] of Object.entries(v)) {
        // a bad key is named by what can be shown of it
        const keyReason = findUnsafeChar(key);
        if (keyReason) return { path: `${path}.${key.replaceAll('\u0000', '\uFFFD').replace(LONE_SURROGATES, '\uFFFD')}`, message: `字段名${keyReason}` };
        children.push({ value: child, path: `${path}.${key}`, depth: depth + 1 });
      }
    }
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]);
  }
  return null;
}
