import { describe, expect, it } from 'vitest';
import {
  type AuditChainRow,
  type AuditHashInput,
  computeAuditHash,
  GENESIS_HASH,
  verifyChain,
} from './audit-chain.js';
import { canonicalJson } from './canonical-json.js';
import { sm3Hex } from './sm3.js';

function input(seq: number): AuditHashInput {
  return {
    seq,
    at: new Date(Date.UTC(2024, 4, 1, 8, 0, seq)).toISOString(),
    actorUserId: '11111111-1111-4111-8111-111111111111',
    actorOrgId: '22222222-2222-4222-8222-222222222222',
    orgId: '33333333-3333-4333-8333-333333333333',
    action: 'programme.update',
    entityType: 'programme',
    entityId: `p-${seq}`,
    before: { title: '旧标题', budget: { total: 100, items: [1, 2] } },
    after: { title: '新标题', budget: { total: 120, items: [1, 2, 3] } },
    reason: seq % 2 === 0 ? '调整预算' : null,
    ip: '10.0.0.1',
    requestId: `req-${seq}`,
  };
}

/** A valid chain of rows seq first..first+n-1. */
function buildChain(n: number, first = 1, startPrev = GENESIS_HASH): AuditChainRow[] {
  const rows: AuditChainRow[] = [];
  let prev = startPrev;
  for (let seq = first; seq < first + n; seq++) {
    const fields = input(seq);
    const hash = computeAuditHash(prev, fields);
    rows.push({ ...fields, prevHash: prev, hash });
    prev = hash;
  }
  return rows;
}

describe('computeAuditHash (X-1)', () => {
  it('is sm3Hex(prevHash + "\\n" + canonicalJson(input))', () => {
    const fields = input(1);
    expect(computeAuditHash(GENESIS_HASH, fields)).toBe(
      sm3Hex(GENESIS_HASH + '\n' + canonicalJson(fields)),
    );
    expect(computeAuditHash(GENESIS_HASH, fields)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('GENESIS_HASH is 64 zeros', () => {
    expect(GENESIS_HASH).toBe('0'.repeat(64));
  });

  it('depends on prevHash', () => {
    expect(computeAuditHash(GENESIS_HASH, input(1))).not.toBe(
      computeAuditHash('f'.repeat(64), input(1)),
    );
  });

  it('does not change when keys inside `after` (or the row) are reordered', () => {
    const a = input(1);
    const reordered: AuditHashInput = {
      requestId: a.requestId,
      ip: a.ip,
      reason: a.reason,
      after: { budget: { items: [1, 2, 3], total: 120 }, title: '新标题' },
      before: a.before,
      entityId: a.entityId,
      entityType: a.entityType,
      action: a.action,
      orgId: a.orgId,
      actorOrgId: a.actorOrgId,
      actorUserId: a.actorUserId,
      at: a.at,
      seq: a.seq,
    };
    expect(computeAuditHash(GENESIS_HASH, reordered)).toBe(computeAuditHash(GENESIS_HASH, a));
  });

  it('ignores extra properties such as a database row’s actorName, orgPath or hash', () => {
    const a = input(1);
    const row = { ...a, actorName: '张三', orgPath: 'a/b/', prevHash: 'x', hash: 'y' };
    expect(computeAuditHash(GENESIS_HASH, row)).toBe(computeAuditHash(GENESIS_HASH, a));
  });

  it('hashes a missing before/after like a NULL column read back', () => {
    const a = { ...input(1), before: undefined, after: undefined };
    expect(computeAuditHash(GENESIS_HASH, a)).toBe(
      computeAuditHash(GENESIS_HASH, { ...a, before: null, after: null }),
    );
  });
});

describe('verifyChain (X-1)', () => {
  it('verifies an intact chain of 5', () => {
    expect(verifyChain(buildChain(5))).toEqual({ ok: true, checked: 5 });
  });

  it('verifies an empty chain', () => {
    expect(verifyChain([])).toEqual({ ok: true, checked: 0 });
  });

  it('accepts any iterable, e.g. a generator', () => {
    const rows = buildChain(3);
    function* gen() {
      yield* rows;
    }
    expect(verifyChain(gen())).toEqual({ ok: true, checked: 3 });
  });

  it('verifies a segment given the previous row’s hash as startPrevHash', () => {
    const rows = buildChain(5);
    expect(verifyChain(rows.slice(2), rows[1].hash)).toEqual({ ok: true, checked: 3 });
    expect(verifyChain(rows.slice(2))).toMatchObject({
      ok: false,
      firstBrokenSeq: 3,
      reason: 'prev-link-mismatch',
    });
  });

  const tampers: Array<[string, (r: AuditChainRow) => void]> = [
    ['at', (r) => (r.at = '2024-05-01T08:00:04.000Z')],
    ['actorUserId', (r) => (r.actorUserId = null)],
    ['actorOrgId', (r) => (r.actorOrgId = '44444444-4444-4444-8444-444444444444')],
    ['orgId', (r) => (r.orgId = null)],
    ['action', (r) => (r.action = 'programme.delete')],
    ['entityType', (r) => (r.entityType = 'user')],
    ['entityId', (r) => (r.entityId = 'p-999')],
    ['before', (r) => (r.before = { title: '旧标题', budget: { total: 101, items: [1, 2] } })],
    ['after (nested array)', (r) => (r.after = { title: '新标题', budget: { total: 120, items: [1, 2] } })],
    ['reason', (r) => (r.reason = '无')],
    ['ip', (r) => (r.ip = '10.0.0.2')],
    ['requestId', (r) => (r.requestId = 'req-x')],
    ['hash', (r) => (r.hash = 'a'.repeat(64))],
  ];

  it.each(tampers)('changing %s of row 3 → firstBrokenSeq 3, hash-mismatch', (_, tamper) => {
    const rows = buildChain(5);
    tamper(rows[2]);
    expect(verifyChain(rows)).toEqual({
      ok: false,
      checked: 2,
      firstBrokenSeq: 3,
      reason: 'hash-mismatch',
    });
  });

  it('changing row 3’s seq → seq gap, reported with the stored seq', () => {
    const rows = buildChain(5);
    rows[2].seq = 7;
    expect(verifyChain(rows)).toEqual({ ok: false, checked: 2, firstBrokenSeq: 7, reason: 'seq-gap' });
  });

  it('changing row 3’s prevHash → firstBrokenSeq 3, prev-link-mismatch', () => {
    const rows = buildChain(5);
    rows[2].prevHash = 'b'.repeat(64);
    expect(verifyChain(rows)).toEqual({
      ok: false,
      checked: 2,
      firstBrokenSeq: 3,
      reason: 'prev-link-mismatch',
    });
  });

  it('deleting row 3 → row 4 is reported (seq gap)', () => {
    const rows = buildChain(5);
    rows.splice(2, 1);
    expect(verifyChain(rows)).toEqual({ ok: false, checked: 2, firstBrokenSeq: 4, reason: 'seq-gap' });
  });

  it('deleting row 3 and renumbering the rest → row 4 (now seq 3) breaks the link', () => {
    const rows = buildChain(5);
    rows.splice(2, 1);
    rows[2].seq = 3;
    rows[3].seq = 4;
    expect(verifyChain(rows)).toMatchObject({ ok: false, checked: 2, reason: 'prev-link-mismatch' });
  });

  it('deleting row 3 and re-hashing row 4 onto row 2 is still caught by the seq gap', () => {
    const rows = buildChain(5);
    rows.splice(2, 1);
    rows[2].prevHash = rows[1].hash;
    rows[2].hash = computeAuditHash(rows[2].prevHash, rows[2]);
    expect(verifyChain(rows)).toEqual({ ok: false, checked: 2, firstBrokenSeq: 4, reason: 'seq-gap' });
  });

  it('swapping rows 3 and 4 → seq gap at the first out-of-order row', () => {
    const rows = buildChain(5);
    [rows[2], rows[3]] = [rows[3], rows[2]];
    expect(verifyChain(rows)).toEqual({ ok: false, checked: 2, firstBrokenSeq: 4, reason: 'seq-gap' });
  });

  it('a tampered first row is reported with checked 0', () => {
    const rows = buildChain(5);
    rows[0].action = 'x';
    expect(verifyChain(rows)).toEqual({ ok: false, checked: 0, firstBrokenSeq: 1, reason: 'hash-mismatch' });
  });

  it('reordering keys inside a stored `after` (as jsonb does) still verifies', () => {
    const rows = buildChain(5);
    rows[2].after = { budget: { items: [1, 2, 3], total: 120 }, title: '新标题' };
    expect(verifyChain(rows)).toEqual({ ok: true, checked: 5 });
  });
});
