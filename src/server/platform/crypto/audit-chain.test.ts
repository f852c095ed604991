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
    actorName: '李明（sheng.admin）',
    orgPath: '1/4/',
    hashVersion: 2,
  };
}

/** A valid chain of rows seq first..first+n-1. */
function buildChain(n: number, first = 1, startPrev = GENESIS_HASH, version = (_seq: number) => 2): AuditChainRow[] {
  const rows: AuditChainRow[] = [];
  let prev = startPrev;
  for (let seq = first; seq < first + n; seq++) {
    const fields = { ...input(seq), hashVersion: version(seq) };
    const hash = computeAuditHash(prev, fields);
    rows.push({ ...fields, prevHash: prev, hash });
    prev = hash;
  }
  return rows;
}

describe('computeAuditHash (X-1)', () => {
  it('version 2 is sm3Hex(prevHash + "\\n" + canonicalJson(every column, the version included))', () => {
    const fields = input(1);
    expect(computeAuditHash(GENESIS_HASH, fields)).toBe(
      sm3Hex(GENESIS_HASH + '\n' + canonicalJson(fields)),
    );
    expect(computeAuditHash(GENESIS_HASH, fields)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('version 1 (rows before issue 10) is the same without actorName, orgPath and the version', () => {
    const { actorName: _n, orgPath: _p, hashVersion: _v, ...v1 } = input(1);
    expect(computeAuditHash(GENESIS_HASH, { ...input(1), hashVersion: 1 })).toBe(
      sm3Hex(GENESIS_HASH + '\n' + canonicalJson(v1)),
    );
    // the same fields under the two rules never give the same hash
    expect(computeAuditHash(GENESIS_HASH, { ...input(1), hashVersion: 1 })).not.toBe(computeAuditHash(GENESIS_HASH, input(1)));
  });

  it('refuses an unknown version rather than guessing a rule', () => {
    expect(() => computeAuditHash(GENESIS_HASH, { ...input(1), hashVersion: 3 })).toThrow(/unknown audit hash version 3/);
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
      hashVersion: a.hashVersion,
      orgPath: a.orgPath,
      actorName: a.actorName,
    };
    expect(computeAuditHash(GENESIS_HASH, reordered)).toBe(computeAuditHash(GENESIS_HASH, a));
  });

  it('ignores extra properties such as a database row’s prevHash or hash', () => {
    const a = input(1);
    const row = { ...a, prevHash: 'x', hash: 'y', somethingElse: 1 };
    expect(computeAuditHash(GENESIS_HASH, row)).toBe(computeAuditHash(GENESIS_HASH, a));
  });

  it('covers actorName and orgPath from version 2 on, not in version 1 (legacy rows, sealed by checkpoints)', () => {
    const a = input(1);
    expect(computeAuditHash(GENESIS_HASH, { ...a, actorName: '张三' })).not.toBe(computeAuditHash(GENESIS_HASH, a));
    expect(computeAuditHash(GENESIS_HASH, { ...a, orgPath: '1/' })).not.toBe(computeAuditHash(GENESIS_HASH, a));
    const v1 = { ...a, hashVersion: 1 };
    expect(computeAuditHash(GENESIS_HASH, { ...v1, actorName: '张三', orgPath: '1/' })).toBe(computeAuditHash(GENESIS_HASH, v1));
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
    ['actorName', (r) => (r.actorName = '王五（wang）')],
    ['orgPath', (r) => (r.orgPath = '1/')],
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

describe('hash versions along the chain (X-1, issue 10)', () => {
  it('accepts version-1 rows followed by version-2 rows, each by its own rule', () => {
    expect(verifyChain(buildChain(6, 1, GENESIS_HASH, (seq) => (seq <= 3 ? 1 : 2)))).toEqual({ ok: true, checked: 6 });
  });

  it('a version-1 row after a version-2 row is a break, even with a hash that matches the old rule', () => {
    const rows = buildChain(5);
    // row 3 rewritten under the old rule (which leaves actorName out), chain re-linked after it
    rows[2] = { ...rows[2], hashVersion: 1, actorName: '王五（wang）' };
    rows[2].hash = computeAuditHash(rows[2].prevHash, rows[2]);
    expect(verifyChain(rows)).toEqual({ ok: false, checked: 2, firstBrokenSeq: 3, reason: 'hash-version' });
  });

  it('a version-2 row switched to version 1 without re-hashing is a hash mismatch (first of the chain)', () => {
    const rows = buildChain(3);
    rows[0].hashVersion = 1;
    expect(verifyChain(rows)).toEqual({ ok: false, checked: 0, firstBrokenSeq: 1, reason: 'hash-mismatch' });
  });

  it('an unknown version is a break, not an exception', () => {
    const rows = buildChain(3);
    rows[1].hashVersion = 3;
    expect(verifyChain(rows)).toEqual({ ok: false, checked: 1, firstBrokenSeq: 2, reason: 'hash-version' });
  });

  it('a segment continues with the version of the row before it', () => {
    const rows = buildChain(4, 1, GENESIS_HASH, (seq) => (seq <= 2 ? 1 : 2));
    expect(verifyChain(rows.slice(2), rows[1].hash, 2)).toEqual({ ok: true, checked: 2 });
    const legacyTail = buildChain(2, 3, rows[1].hash, () => 1);
    expect(verifyChain(legacyTail, rows[1].hash, 2)).toMatchObject({ ok: false, firstBrokenSeq: 3, reason: 'hash-version' });
  });
});
