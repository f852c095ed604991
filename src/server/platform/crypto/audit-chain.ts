// X-1 tamper evidence: every audit row carries prevHash (the previous row's hash) and
// hash = SM3(prevHash + '\n' + canonicalJson(row fields)). Changing, deleting, inserting or
// reordering rows breaks the chain, which verifyChain reports (npm run audit:verify).
// The table itself is append-only (trigger in migration 0001); this is the second line.
import { canonicalJson } from './canonical-json.js';
import { sm3Hex } from './sm3.js';

/**
 * The fields of an audit row that the hash covers. Write `at` as `date.toISOString()` and read it
 * back the same way: the hash covers the exact string. `before` / `after` may be any JSON value;
 * their key order does not matter (canonical JSON).
 */
export interface AuditHashInput {
  seq: number;
  at: string; // ISO 8601, e.g. 2024-05-01T08:30:00.000Z
  actorUserId: string | null;
  actorOrgId: string | null;
  orgId: string | null;
  action: string;
  entityType: string | null;
  entityId: string | null;
  before: unknown;
  after: unknown;
  reason: string | null;
  ip: string | null;
  requestId: string | null;
}

export type AuditChainRow = AuditHashInput & { prevHash: string; hash: string };

export type VerifyChainResult =
  | { ok: true; checked: number }
  | {
      ok: false;
      /** rows verified good before the broken one */
      checked: number;
      firstBrokenSeq: number;
      reason: 'hash-mismatch' | 'prev-link-mismatch' | 'seq-gap';
    };

/** prevHash of the very first audit row. */
export const GENESIS_HASH = '0'.repeat(64);

/**
 * Only the AuditHashInput fields are hashed, in a fixed shape: extra properties a caller passes
 * (a database row's actorName, orgPath, prevHash, hash …) never change the result. A nullable
 * field left undefined is hashed as null, as the NULL column reads back, so the writer's object
 * and the row read back hash alike.
 */
function hashedFields(input: AuditHashInput): Record<string, unknown> {
  return {
    seq: input.seq,
    at: input.at,
    actorUserId: input.actorUserId ?? null,
    actorOrgId: input.actorOrgId ?? null,
    orgId: input.orgId ?? null,
    action: input.action,
    entityType: input.entityType ?? null,
    entityId: input.entityId ?? null,
    before: input.before ?? null,
    after: input.after ?? null,
    reason: input.reason ?? null,
    ip: input.ip ?? null,
    requestId: input.requestId ?? null,
  };
}

/** hash = sm3Hex(prevHash + '\n' + canonicalJson(input)), 64 lowercase hex characters. */
export function computeAuditHash(prevHash: string, input: AuditHashInput): string {
  return sm3Hex(prevHash + '\n' + canonicalJson(hashedFields(input)));
}

/**
 * Walks rows in the order given (ascending seq) and reports the first break:
 * - 'seq-gap': seq is not exactly the previous row's seq + 1 (a row deleted or inserted);
 * - 'prev-link-mismatch': prevHash is not the previous row's stored hash (or startPrevHash
 *   for the first row);
 * - 'hash-mismatch': the stored hash is not the hash of the row's own fields (a field changed).
 * Checks run in that order per row. The first row's seq is taken as given, so a segment of the
 * chain can be verified by passing the hash of the row before it as startPrevHash.
 */
export function verifyChain(
  rows: Iterable<AuditChainRow>,
  startPrevHash: string = GENESIS_HASH,
): VerifyChainResult {
  let checked = 0;
  let expectedPrev = startPrevHash;
  let expectedSeq: number | null = null;
  for (const row of rows) {
    if (expectedSeq !== null && row.seq !== expectedSeq) {
      return { ok: false, checked, firstBrokenSeq: row.seq, reason: 'seq-gap' };
    }
    if (row.prevHash !== expectedPrev) {
      return { ok: false, checked, firstBrokenSeq: row.seq, reason: 'prev-link-mismatch' };
    }
    if (computeAuditHash(row.prevHash, row) !== row.hash) {
      return { ok: false, checked, firstBrokenSeq: row.seq, reason: 'hash-mismatch' };
    }
    checked += 1;
    expectedPrev = row.hash;
    expectedSeq = row.seq + 1;
  }
  return { ok: true, checked };
}
