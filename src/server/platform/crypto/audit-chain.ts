// X-1 tamper evidence: every audit row carries prevHash (the previous row's hash) and
// hash = SM3(prevHash + '\n' + canonicalJson(row fields)). Changing, deleting, inserting or
// reordering rows breaks the chain, which verifyChain reports (npm run audit:verify).
// The table itself is append-only (trigger in migration 0001); this is the second line, and the
// signed checkpoints of the chain head (platform/audit-checkpoint.ts) the third.
//
// Hash versions (the row's hash_version column, migration 0008):
//   1 — rows written before issue 10: every column except actor_name and org_path;
//   2 — every column of the row, the version itself included.
// A row is checked by the rule of its own version only, never "whichever matches", and versions
// never go down along the chain: once a version-2 row is seen, a version-1 row after it is a break.
import { canonicalJson } from './canonical-json.js';
import { sm3Hex } from './sm3.js';

/** The version new rows are written with. */
export const AUDIT_HASH_VERSION = 2;
export const AUDIT_HASH_VERSIONS: readonly number[] = [1, 2];

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
  /** covered from version 2 on */
  actorName: string | null;
  /** covered from version 2 on */
  orgPath: string | null;
  /** which rule hashes this row (AUDIT_HASH_VERSIONS) */
  hashVersion: number;
}

export type AuditChainRow = AuditHashInput & { prevHash: string; hash: string };

export type VerifyChainResult =
  | { ok: true; checked: number }
  | {
      ok: false;
      /** rows verified good before the broken one */
      checked: number;
      firstBrokenSeq: number;
      reason: 'hash-mismatch' | 'prev-link-mismatch' | 'seq-gap' | 'hash-version';
    };

/** prevHash of the very first audit row. */
export const GENESIS_HASH = '0'.repeat(64);

/**
 * Only the AuditHashInput fields of the row's version are hashed, in a fixed shape: extra
 * properties a caller passes (a database row's prevHash, hash …) never change the result. A
 * nullable field left undefined is hashed as null, as the NULL column reads back, so the writer's
 * object and the row read back hash alike.
 */
function hashedFields(input: AuditHashInput): Record<string, unknown> {
  const v1 = {
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
  switch (input.hashVersion) {
    case 1:
      return v1;
    case 2:
      return { ...v1, actorName: input.actorName ?? null, orgPath: input.orgPath ?? null, hashVersion: 2 };
    default:
      throw new Error(`unknown audit hash version ${String(input.hashVersion)}`);
  }
}

/** hash = sm3Hex(prevHash + '\n' + canonicalJson(fields of the row's version)), 64 lowercase hex. */
export function computeAuditHash(prevHash: string, input: AuditHashInput): string {
  return sm3Hex(prevHash + '\n' + canonicalJson(hashedFields(input)));
}

/**
 * Walks rows in the order given (ascending seq) and reports the first break:
 * - 'seq-gap': seq is not exactly the previous row's seq + 1 (a row deleted or inserted);
 * - 'prev-link-mismatch': prevHash is not the previous row's stored hash (or startPrevHash
 *   for the first row);
 * - 'hash-version': the row's hash version is unknown, or lower than the previous row's (a row
 *   switched to the older rule, which does not cover every column);
 * - 'hash-mismatch': the stored hash is not the hash of the row's own fields (a field changed).
 * Checks run in that order per row. The first row's seq is taken as given, so a segment of the
 * chain can be verified by passing the hash (and hash version) of the row before it.
 */
export function verifyChain(
  rows: Iterable<AuditChainRow>,
  startPrevHash: string = GENESIS_HASH,
  startVersion = 1,
): VerifyChainResult {
  let checked = 0;
  let expectedPrev = startPrevHash;
  let expectedSeq: number | null = null;
  let minVersion = startVersion;
  for (const row of rows) {
    if (expectedSeq !== null && row.seq !== expectedSeq) {
      return { ok: false, checked, firstBrokenSeq: row.seq, reason: 'seq-gap' };
    }
    if (row.prevHash !== expectedPrev) {
      return { ok: false, checked, firstBrokenSeq: row.seq, reason: 'prev-link-mismatch' };
    }
    if (!AUDIT_HASH_VERSIONS.includes(row.hashVersion) || row.hashVersion < minVersion) {
      return { ok: false, checked, firstBrokenSeq: row.seq, reason: 'hash-version' };
    }
    if (computeAuditHash(row.prevHash, row) !== row.hash) {
      return { ok: false, checked, firstBrokenSeq: row.seq, reason: 'hash-mismatch' };
    }
    checked += 1;
    expectedPrev = row.hash;
    expectedSeq = row.seq + 1;
    minVersion = row.hashVersion;
  }
  return { ok: true, checked };
}
