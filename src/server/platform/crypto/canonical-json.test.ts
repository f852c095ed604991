import { describe, expect, it } from 'vitest';
import { canonicalJson } from './canonical-json.js';

describe('canonicalJson', () => {
  it('writes scalars as JSON does', () => {
    expect(canonicalJson(null)).toBe('null');
    expect(canonicalJson(true)).toBe('true');
    expect(canonicalJson(1.5)).toBe('1.5');
    expect(canonicalJson(-0)).toBe('0');
    expect(canonicalJson('a"b\n承接')).toBe(JSON.stringify('a"b\n承接'));
  });

  it('sorts object keys and writes no whitespace', () => {
    expect(canonicalJson({ b: 1, a: 2, c: { z: 1, y: [1, 2] } })).toBe(
      '{"a":2,"b":1,"c":{"y":[1,2],"z":1}}',
    );
  });

  it('does not depend on key insertion order, at any depth', () => {
    const one = { a: 1, b: { x: [{ p: 1, q: 2 }], y: 'y' }, c: null };
    const two = { c: null, b: { y: 'y', x: [{ q: 2, p: 1 }] }, a: 1 };
    expect(canonicalJson(one)).toBe(canonicalJson(two));
  });

  it('keeps array order and handles nested arrays', () => {
    expect(canonicalJson([3, [2, [1, { b: 2, a: 1 }]], []])).toBe('[3,[2,[1,{"a":1,"b":2}]],[]]');
    expect(canonicalJson([1, 2])).not.toBe(canonicalJson([2, 1]));
  });

  it('drops undefined members and writes undefined array items as null', () => {
    expect(canonicalJson({ a: undefined, b: 1 })).toBe('{"b":1}');
    expect(canonicalJson([undefined, 1])).toBe('[null,1]');
    expect(() => canonicalJson(undefined)).toThrow();
  });

  it('writes Dates as ISO strings', () => {
    const at = new Date('2024-05-01T08:30:00.123Z');
    expect(canonicalJson({ at })).toBe('{"at":"2024-05-01T08:30:00.123Z"}');
    expect(canonicalJson({ at })).toBe(canonicalJson({ at: at.toISOString() }));
    expect(() => canonicalJson(new Date('nope'))).toThrow(/invalid Date/);
  });

  it('honours toJSON like JSON.stringify (what a jsonb column would store)', () => {
    const buf = Buffer.from([1, 2]);
    expect(canonicalJson({ buf })).toBe('{"buf":{"data":[1,2],"type":"Buffer"}}');
    const custom = { toJSON: () => ({ b: 1, a: 2 }) };
    expect(canonicalJson(custom)).toBe('{"a":2,"b":1}');
  });

  it('refuses BigInt and non-finite numbers', () => {
    expect(() => canonicalJson({ n: 1n })).toThrow(/BigInt/);
    expect(() => canonicalJson([Number.NaN])).toThrow(/non-finite/);
    expect(() => canonicalJson({ a: { b: Number.POSITIVE_INFINITY } })).toThrow(/non-finite/);
    expect(() => canonicalJson(Number.NEGATIVE_INFINITY)).toThrow(/non-finite/);
  });

  it('refuses values that do not survive a JSON round trip', () => {
    expect(() => canonicalJson({ f: () => 1 })).toThrow(/function/);
    expect(() => canonicalJson({ s: Symbol('x') })).toThrow(/symbol/);
    expect(() => canonicalJson(new Map())).toThrow(/Map/);
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(() => canonicalJson(cyclic)).toThrow(/circular/);
  });

  it('allows the same object to appear twice when there is no cycle', () => {
    const shared = { k: 1 };
    expect(canonicalJson({ a: shared, b: [shared] })).toBe('{"a":{"k":1},"b":[{"k":1}]}');
  });

  it('round-trips through JSON.parse to an equal value', () => {
    const value = { z: [1, 'two', { three: 3 }], a: { nested: true }, m: null };
    expect(JSON.parse(canonicalJson(value))).toEqual(value);
  });
});
