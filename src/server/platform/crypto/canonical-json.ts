// Deterministic JSON for hashing (X-1 audit hash chain, §4). The same value always gives the same
// string whatever the key insertion order, so a row read back from jsonb (which reorders keys)
// hashes exactly as it did when it was written.
//
// Rules:
// - object keys sorted (by UTF-16 code units, as Array.prototype.sort), recursively;
// - no whitespace; strings and numbers are written as JSON.stringify writes them;
// - object members whose value is `undefined` are dropped (as JSON.stringify and jsonb do);
//   `undefined` inside an array is written as null (as JSON.stringify does);
// - Dates are written as their ISO string (an invalid Date is refused); other objects with a
//   toJSON method are written as what toJSON returns, as JSON.stringify does;
// - refused with a thrown Error: BigInt, NaN / ±Infinity, functions, symbols, Map, Set,
//   circular references — anything that would not survive a jsonb round trip unchanged.

export function canonicalJson(value: unknown): string {
  return write(value, new Set<object>(), '$');
}

function write(value: unknown, seen: Set<object>, path: string): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return JSON.stringify(value);
    case 'number':
      if (!Number.isFinite(value)) {
        throw new Error(`canonicalJson: non-finite number at ${path}`);
      }
      return JSON.stringify(value); // -0 is written as 0
    case 'bigint':
      throw new Error(`canonicalJson: BigInt is not supported (at ${path})`);
    case 'undefined':
      // Only reached at the top level or inside arrays; object members are dropped earlier.
      if (path === '$') throw new Error('canonicalJson: undefined is not a JSON value');
      return 'null';
    case 'function':
    case 'symbol':
      throw new Error(`canonicalJson: ${typeof value} is not a JSON value (at ${path})`);
    case 'object':
      break;
  }

  const obj = value as object;
  if (obj instanceof Date) {
    if (Number.isNaN(obj.getTime())) throw new Error(`canonicalJson: invalid Date at ${path}`);
    return JSON.stringify(obj.toISOString());
  }
  // Other objects with toJSON (e.g. Buffer, Decimal types) are written as JSON.stringify would
  // write them, which is also what a jsonb column would store and give back.
  const toJSON = (obj as { toJSON?: unknown }).toJSON;
  if (typeof toJSON === 'function') {
    return write(toJSON.call(obj), seen, path);
  }
  if (obj instanceof Map || obj instanceof Set) {
    throw new Error(`canonicalJson: Map/Set is not supported (at ${path})`);
  }
  if (seen.has(obj)) throw new Error(`canonicalJson: circular reference at ${path}`);
  seen.add(obj);
  try {
    if (Array.isArray(obj)) {
      return '[' + obj.map((item, i) => write(item, seen, `${path}[${i}]`)).join(',') + ']';
    }
    const record = obj as Record<string, unknown>;
    const parts: string[] = [];
    for (const key of Object.keys(record).sort()) {
      const member = record[key];
      if (member === undefined) continue;
      parts.push(JSON.stringify(key) + ':' + write(member, seen, `${path}.${key}`));
    }
    return '{' + parts.join(',') + '}';
  } finally {
    seen.delete(obj); // shared (non-circular) sub-objects are fine
  }
}
