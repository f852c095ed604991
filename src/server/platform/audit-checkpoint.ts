// X-1 (issue 10, ADR 0009): signed checkpoints of the audit chain head. The hash chain alone shows
// a changed row, but not the last rows deleted, nor the whole chain recomputed with the published
// algorithm by someone who can write the database. So, at intervals (the periodic job) and on
// demand (`npm run audit:checkpoint`), the head (seq, hash) is signed with the platform's SM2 key
// and the signed checkpoint kept in three places: the audit_checkpoints table, an append-only
// file under DATA_DIR and the log. `npm run audit:verify` checks the chain against them.
//
// The key is derived from the SM4 master key (DATA_KEY or DATA_DIR/data.key), which never enters
// the database: whoever holds only the database cannot sign a checkpoint.
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { asc, desc, eq, gt, sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '../db/client.js';
import { auditCheckpoints, auditLog } from '../db/schema.js';
import { AUDIT_APPEND_LOCK, verifyAuditLog, type ChainHead, type VerifyResult } from './audit.js';
import { canonicalJson } from './crypto/canonical-json.js';
import { hmacSm3, sm3Hex } from './crypto/sm3.js';
import { isValidPrivateKey, publicKeyOf, sm2Sign, sm2Verify, type Sm2KeyPair } from './crypto/sm2.js';

/** The file next to the data key that keeps every checkpoint this process signed, one JSON a line. */
export const CHECKPOINT_FILE_NAME = 'audit-checkpoints.jsonl';
const SIGNED_PURPOSE = 'chengjie/audit-checkpoint/v1';
const KEY_LABEL = 'chengjie/audit-checkpoint/sm2';
/** How much of the file's end the job reads for the latest checkpoint (lines are ~450 bytes). */
const FILE_TAIL_BYTES = 64 * 1024;
/**
 * How long verifyAuditTrail computes (an SM2 verification is ~3 ms) before it lets the event loop
 * serve other requests: the server keeps answering while GET /api/v1/audit/verify runs.
 */
export const TRAIL_SLICE_MS = 10;
/** Rows per page of the reads inside verifyAuditTrail: on PGlite a page is read (and hashed) in one go. */
const TRAIL_PAGE = 200;

/**
 * Digest of the columns that hash version 1 does not cover (actor_name, org_path) over every
 * version-1 row, so that after the first checkpoint they cannot change unseen either.
 */
export interface LegacySeal {
  rows: number;
  digest: string;
}

export interface AuditCheckpoint {
  seq: number;
  hash: string;
  at: string;
  legacy: LegacySeal | null;
  publicKey: string;
  signature: string;
}

export class AuditCheckpointError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export const checkpointFilePath = (dataDir: string) => path.join(dataDir, CHECKPOINT_FILE_NAME);

/**
 * The platform's checkpoint key pair: d = HMAC-SM3(masterKey, label || counter), the first value
 * in [1, n-2] (the first one almost surely). Same master key, same pair, in every process.
 */
export function auditCheckpointKey(masterKey: Buffer): Sm2KeyPair {
  for (let i = 0; ; i++) {
    const d = hmacSm3(masterKey, `${KEY_LABEL}/${i}`).toString('hex');
    if (isValidPrivateKey(d)) return { privateKey: d, publicKey: publicKeyOf(d) };
  }
}

const signedMessage = (cp: Omit<AuditCheckpoint, 'signature'>) =>
  canonicalJson({ purpose: SIGNED_PURPOSE, seq: cp.seq, hash: cp.hash, at: cp.at, legacy: cp.legacy, publicKey: cp.publicKey });

/** A checkpoint signed with `privateKey` (the job's; tests forge with another key). */
export function signCheckpoint(unsigned: Omit<AuditCheckpoint, 'signature'>, privateKey: string): AuditCheckpoint {
  return { ...unsigned, signature: sm2Sign(signedMessage(unsigned), privateKey) };
}

/** True when the checkpoint is signed by `expectedPublicKey` over exactly its fields. */
export function checkpointSignedBy(cp: AuditCheckpoint, expectedPublicKey: string): boolean {
  return cp.publicKey === expectedPublicKey && sm2Verify(signedMessage(cp), cp.signature, cp.publicKey);
}

/** A parsed line of the file or the log, or null when it is not a checkpoint. */
export function parseCheckpoint(value: unknown): AuditCheckpoint | null {
  if (!value || typeof value !== 'object') return null;
  const o = value as Record<string, unknown>;
  // a pino line carries it as `auditCheckpoint` (or as the job result's)
  const nested = (o.auditCheckpoint ?? (o.result as Record<string, unknown> | undefined)?.auditCheckpoint) as unknown;
  if (nested) return parseCheckpoint(nested);
  const legacy = o.legacy as Record<string, unknown> | null | undefined;
  if (
    !Number.isSafeInteger(o.seq) ||
    typeof o.hash !== 'string' ||
    typeof o.at !== 'string' ||
    typeof o.publicKey !== 'string' ||
    typeof o.signature !== 'string' ||
    !(legacy === null || (legacy && Number.isSafeInteger(legacy.rows) && typeof legacy.digest === 'string'))
  ) {
    return null;
  }
  return {
    seq: o.seq as number,
    hash: o.hash,
    at: o.at,
    legacy: legacy ? { rows: legacy.rows as number, digest: legacy.digest as string } : null,
    publicKey: o.publicKey,
    signature: o.signature,
  };
}

export interface CheckpointFile {
  checkpoints: AuditCheckpoint[];
  /** line numbers (1-based) that are not a checkpoint */
  malformed: number[];
}

/** Adds line `n` (1-based) of a checkpoint file to `out`: a checkpoint, a malformed line, or nothing when blank. */
function addLine(out: CheckpointFile, line: string, n: number) {
  if (!line.trim()) return;
  let cp: AuditCheckpoint | null;
  try {
    cp = parseCheckpoint(JSON.parse(line));
  } catch {
    cp = null; // not JSON: a torn or foreign line
  }
  if (cp) out.checkpoints.push(cp);
  else out.malformed.push(n);
}

/** Every checkpoint of a file (ours, or lines kept from the log); a missing file has none. Blocking: for the CLI and tests. */
export function readCheckpointFile(file: string): CheckpointFile {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { checkpoints: [], malformed: [] };
    throw e;
  }
  const out: CheckpointFile = { checkpoints: [], malformed: [] };
  text.split('\n').forEach((line, i) => addLine(out, line, i + 1));
  return out;
}

/**
 * readCheckpointFile for the server: the file grows by ~288 lines a day, so it is streamed and
 * parsed a chunk at a time, the event loop turning between chunks.
 */
export async function loadCheckpointFile(file: string): Promise<CheckpointFile> {
  let handle: fs.promises.FileHandle;
  try {
    handle = await fs.promises.open(file, 'r');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { checkpoints: [], malformed: [] };
    throw e;
  }
  const out: CheckpointFile = { checkpoints: [], malformed: [] };
  const lines = readline.createInterface({ input: handle.createReadStream({ encoding: 'utf8' }), crlfDelay: Infinity });
  try {
    let n = 0;
    for await (const line of lines) addLine(out, line, ++n);
  } finally {
    lines.close();
    await handle.close().catch(() => undefined); // the stream closes it itself when it ends
  }
  return out;
}

/** The highest checkpoint among the last lines of the file (appends of several processes may interleave). */
function latestInFileTail(file: string): AuditCheckpoint | null {
  let fd: number;
  try {
    fd = fs.openSync(file, 'r');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw e;
  }
  try {
    const size = fs.fstatSync(fd).size;
    const len = Math.min(size, FILE_TAIL_BYTES);
    const buf = Buffer.alloc(len);
    fs.readSync(fd, buf, 0, len, size - len);
    let best: AuditCheckpoint | null = null;
    for (const line of buf.toString('utf8').split('\n')) {
      let cp: AuditCheckpoint | null;
      try {
        cp = parseCheckpoint(JSON.parse(line));
      } catch {
        continue; // the cut first line, or a torn one
      }
      if (cp && (!best || cp.seq > best.seq)) best = cp;
    }
    return best;
  } finally {
    fs.closeSync(fd);
  }
}

function appendToFile(file: string, cp: AuditCheckpoint) {
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  // One write of one line with O_APPEND: lines of several processes never tear each other.
  fs.appendFileSync(file, JSON.stringify(cp) + '\n', { mode: 0o600 });
}

const rowToCheckpoint = (r: typeof auditCheckpoints.$inferSelect): AuditCheckpoint => ({
  seq: r.seq,
  hash: r.headHash,
  at: r.at.toISOString(),
  legacy: (r.legacy as LegacySeal | null) ?? null,
  publicKey: r.publicKey,
  signature: r.signature,
});

export async function tableCheckpoints(db: DbOrTx): Promise<AuditCheckpoint[]> {
  return (await db.select().from(auditCheckpoints).orderBy(asc(auditCheckpoints.seq))).map(rowToCheckpoint);
}

/** The seal of the hash-version-1 rows (null when there are none), read in pages. */
export async function computeLegacySeal(db: DbOrTx, pageSize = 5000): Promise<LegacySeal | null> {
  const lines: string[] = [];
  let after = 0;
  for (;;) {
    await nextTurn(); // a page a turn of the event loop (PGlite resolves queries as microtasks)
    const rows = await db
      .select({ seq: auditLog.seq, actorName: auditLog.actorName, orgPath: auditLog.orgPath })
      .from(auditLog)
      .where(sql`${auditLog.hashVersion} = 1 AND ${auditLog.seq} > ${after}`)
      .orderBy(auditLog.seq)
      .limit(pageSize);
    if (!rows.length) break;
    for (const r of rows) lines.push(canonicalJson([r.seq, r.actorName, r.orgPath]));
    after = rows[rows.length - 1].seq;
  }
  return lines.length ? { rows: lines.length, digest: sm3Hex(lines.join('\n')) } : null;
}

export type CheckpointOutcome =
  | { status: 'signed'; checkpoint: AuditCheckpoint }
  | { status: 'unchanged'; seq: number }
  | { status: 'empty' };

/** The chain row of a trusted checkpoint, as the start of a verification; it must still hold the signed hash. */
async function rowOf(db: DbOrTx, cp: AuditCheckpoint): Promise<ChainHead> {
  const [row] = await db.select({ hash: auditLog.hash, hashVersion: auditLog.hashVersion }).from(auditLog).where(eq(auditLog.seq, cp.seq));
  if (!row || row.hash !== cp.hash) throw rewritten(cp, row?.hash ?? null);
  return { seq: cp.seq, hash: row.hash, hashVersion: row.hashVersion };
}

async function verifiedHead(db: DbOrTx, after: ChainHead | undefined): Promise<ChainHead | null> {
  const res = await verifyAuditLog(db, 2000, { after });
  if (!res.ok) {
    throw new AuditCheckpointError('chain-broken', `审计日志哈希链在第 ${res.firstBrokenSeq} 条断裂（${res.reason}），拒绝签署检查点`);
  }
  return res.head ?? null;
}

/**
 * Signs the current head unless the latest checkpoint already covers it. The rows since the
 * latest trusted checkpoint (the table's; the file's being later is itself a disagreement) are
 * verified first: a rewritten or truncated chain is refused with AuditCheckpointError, never
 * signed. That walk runs outside the lock (the first checkpoint of a large log reads it all);
 * then, under the audit append lock, only the rows appended meanwhile are verified and the head
 * signed, so the head does not move while it is signed and two processes sign a head once. The
 * file copy is written after commit, so it never holds a checkpoint the table does not.
 */
export async function createAuditCheckpoint(
  db: DbOrTx,
  opts: { key: Sm2KeyPair; file: string | null; now?: Date },
): Promise<CheckpointOutcome> {
  const before = await latestTrusted(db, opts);
  const pre = await verifiedHead(db, before ? await rowOf(db, before) : undefined);
  const outcome = await db.transaction(async (tx): Promise<CheckpointOutcome> => {
    await tx.execute(sql`SELECT pg_advisory_xact_lock(${AUDIT_APPEND_LOCK})`);
    const [head] = await tx
      .select({ seq: auditLog.seq, hash: auditLog.hash, hashVersion: auditLog.hashVersion })
      .from(auditLog)
      .orderBy(desc(auditLog.seq))
      .limit(1);
    const trusted = await latestTrusted(tx, opts);
    if (!head) {
      if (trusted) throw truncated(trusted, 0);
      return { status: 'empty' };
    }
    if (trusted && trusted.seq > head.seq) throw truncated(trusted, head.seq);
    if (trusted && trusted.seq === head.seq) {
      if (trusted.hash !== head.hash) throw rewritten(trusted, head.hash);
      return { status: 'unchanged', seq: head.seq };
    }
    let after = trusted ? await rowOf(tx, trusted) : undefined;
    if (pre && pre.seq > (after?.seq ?? 0)) {
      const [row] = await tx.select({ hash: auditLog.hash }).from(auditLog).where(eq(auditLog.seq, pre.seq));
      if (row?.hash === pre.hash) after = pre;
    }
    await verifiedHead(tx, after);
    // The seal does not change once taken (no version-1 row is ever written again): a trusted
    // checkpoint's is carried forward instead of reading every old row each time.
    const legacy = trusted ? trusted.legacy : await computeLegacySeal(tx);
    const unsigned = { seq: head.seq, hash: head.hash, at: (opts.now ?? new Date()).toISOString(), legacy, publicKey: opts.key.publicKey };
    const checkpoint = signCheckpoint(unsigned, opts.key.privateKey);
    await tx.insert(auditCheckpoints).values({
      seq: checkpoint.seq,
      headHash: checkpoint.hash,
      at: new Date(checkpoint.at),
      legacy: checkpoint.legacy,
      publicKey: checkpoint.publicKey,
      signature: checkpoint.signature,
    });
    return { status: 'signed', checkpoint };
  });
  if (outcome.status === 'signed' && opts.file) appendToFile(opts.file, outcome.checkpoint);
  return outcome;
}

/** The table's latest checkpoint, after checking it and the file's latest are ours and agree. */
async function latestTrusted(db: DbOrTx, opts: { key: Sm2KeyPair; file: string | null }): Promise<AuditCheckpoint | null> {
  const [latestRow] = await db.select().from(auditCheckpoints).orderBy(desc(auditCheckpoints.seq)).limit(1);
  const fromTable = latestRow ? rowToCheckpoint(latestRow) : null;
  const fromFile = opts.file ? latestInFileTail(opts.file) : null;
  for (const [cp, where] of [
    [fromTable, '数据库表 audit_checkpoints'],
    [fromFile, opts.file],
  ] as const) {
    if (cp && !checkpointSignedBy(cp, opts.key.publicKey)) {
      throw new AuditCheckpointError('checkpoint-signature-invalid', `${where} 中第 ${cp.seq} 条的检查点签名无效或不是本平台密钥所签，拒绝在其上继续签署（checkpoint-signature-invalid）`);
    }
  }
  if (fromFile && (!fromTable || fromFile.seq > fromTable.seq)) {
    throw new AuditCheckpointError('checkpoint-missing-in-table', `检查点文件中第 ${fromFile.seq} 条的检查点在数据库表 audit_checkpoints 中缺失（checkpoint-missing-in-table）`);
  }
  return fromTable;
}

function truncated(cp: AuditCheckpoint, headSeq: number) {
  return new AuditCheckpointError(
    'audit-truncated',
    `审计日志被截断：${cp.at} 签名的检查点记录至第 ${cp.seq} 条，数据库中现在只有 ${headSeq} 条（audit-truncated: checkpoint seq ${cp.seq} > head seq ${headSeq}）`,
  );
}

function rewritten(cp: AuditCheckpoint, actual: string | null) {
  return new AuditCheckpointError(
    'audit-rewritten',
    `审计日志被改写或整体重算：第 ${cp.seq} 条的哈希 ${actual ?? '（缺失）'} 与 ${cp.at} 签名的检查点 ${cp.hash} 不符（audit-rewritten: hash at checkpoint seq differs from the signed one）`,
  );
}

/** The periodic job (platform/jobs.ts): its result — the checkpoint itself — goes into the log line. */
export function auditCheckpointJob(db: Db, opts: { key: Sm2KeyPair; file: string | null }) {
  return {
    name: 'audit-checkpoint',
    run: async (now: Date) => {
      const out = await createAuditCheckpoint(db, { ...opts, now });
      return out.status === 'signed' ? { auditCheckpoint: out.checkpoint } : out;
    },
  };
}

export interface TrailProblem {
  code:
    | 'checkpoint-signature-invalid'
    | 'checkpoint-missing-in-table'
    | 'checkpoint-conflict'
    | 'audit-truncated'
    | 'audit-rewritten'
    | 'legacy-seal-mismatch';
  seq?: number;
  message: string;
}

export interface TrailResult {
  chain: VerifyResult;
  /** distinct checkpoints accepted (table ∪ files, each counted once; none found forged) */
  checkpoints: number;
  latest: AuditCheckpoint | null;
  /** checkpoints only in the table (another process, another machine wrote them): not a fault */
  onlyInTable: number;
  /** of `checkpoints`, those accepted without their signature checked (`signatures: 'findings'` only) */
  unverified: number;
  /** SM2 verifications run: each distinct checkpoint at most once */
  signaturesChecked: number;
  problems: TrailProblem[];
  /** warnings that do not fail the check */
  notes: string[];
  ok: boolean;
}

export interface TrailOptions {
  publicKey: string;
  files: { name: string; content: CheckpointFile }[];
  /**
   * 'all' (`npm run audit:verify`, the default): every distinct checkpoint's signature is checked.
   * 'findings' (GET /api/v1/audit/verify): only the signatures a finding or the answer rests on —
   * every checkpoint that disagrees with the chain, the legacy seal or the table, or shares its
   * seq with a different one, and the newest valid checkpoint of each source (the table, each
   * file), hence `latest`. So every reported truncation or rewrite rests on a real signature
   * (a forgery is reported as one, never as a truncation), and "the chain is as signed up to
   * `latest`" does too. An older checkpoint that agrees with the chain is accepted unchecked:
   * forged, it would claim only what the chain already shows, so the chain's verdict stands.
   * What the full walk adds is the finding that such an agreeing forgery exists at all — that
   * someone wrote the table or the file — and the CLI reports it (the answer counts them in
   * `unverified` and says so in a note).
   */
  signatures?: 'all' | 'findings';
  /** how long to compute before yielding to the event loop (TRAIL_SLICE_MS) */
  sliceMs?: number;
}

/** One distinct checkpoint (every signed field the same), wherever it is kept. */
interface Variant {
  cp: AuditCheckpoint;
  key: string;
  sources: string[];
  /** signature checked: true/false; undefined while unchecked */
  valid?: boolean;
}

const TABLE_SOURCE = '数据库表 audit_checkpoints';

/** Identity of a checkpoint: all the fields its signature covers, and the signature. */
const contentKey = (cp: AuditCheckpoint) =>
  `${cp.seq}|${cp.hash}|${cp.at}|${cp.legacy ? `${cp.legacy.rows}/${cp.legacy.digest}` : '-'}|${cp.publicKey}|${cp.signature}`;

/** The table's checkpoints by seq, read in pages with a turn of the event loop between them. */
async function tableCheckpointsPaged(db: DbOrTx, pageSize: number): Promise<AuditCheckpoint[]> {
  const out: AuditCheckpoint[] = [];
  for (let after = 0; ; ) {
    const rows = await db.select().from(auditCheckpoints).where(gt(auditCheckpoints.seq, after)).orderBy(asc(auditCheckpoints.seq)).limit(pageSize);
    for (const r of rows) out.push(rowToCheckpoint(r));
    if (rows.length < pageSize) return out;
    after = rows[rows.length - 1].seq;
    await nextTurn();
  }
}

/** Resolves at once until `sliceMs` of work have passed since the last turn, then lets the event loop turn. */
function pacer(sliceMs: number) {
  let since = performance.now();
  return async () => {
    if (performance.now() - since < sliceMs) return;
    await nextTurn();
    since = performance.now();
  };
}

/**
 * The check of `npm run audit:verify` and GET /api/v1/audit/verify: the chain, and the checkpoints
 * of the table and the given files — signed by `publicKey`, present in the table when a file has
 * it, one content per seq, its head still in the chain with the signed hash, the legacy seal
 * unchanged. The checkpoints are deduplicated first (the table and our file hold each one twice,
 * ~288 a day): each distinct one is compared once by map look-ups and its signature verified at
 * most once; the work yields to the event loop every `sliceMs`.
 */
export async function verifyAuditTrail(db: DbOrTx, opts: TrailOptions): Promise<TrailResult> {
  const problems: TrailProblem[] = [];
  const notes: string[] = [];
  const pace = pacer(opts.sliceMs ?? TRAIL_SLICE_MS);
  const bySeq = new Map<number, Variant[]>();
  const bySource = new Map<string, Variant[]>();
  const variants: Variant[] = []; // in the order first met: the table's by seq, then each file's
  const add = (cp: AuditCheckpoint, source: string) => {
    const key = contentKey(cp);
    let atSeq = bySeq.get(cp.seq);
    if (!atSeq) bySeq.set(cp.seq, (atSeq = []));
    let v = atSeq.find((x) => x.key === key); // one entry per seq unless it was tampered with
    if (!v) {
      v = { cp, key, sources: [] };
      atSeq.push(v);
      variants.push(v);
    }
    if (!v.sources.includes(source)) {
      v.sources.push(source);
      let list = bySource.get(source);
      if (!list) bySource.set(source, (list = []));
      list.push(v);
    }
    return v;
  };

  const table = await tableCheckpointsPaged(db, TRAIL_PAGE);
  const tableKeyAt = new Map<number, string>(); // seq is the table's primary key: one per seq
  for (const cp of table) {
    tableKeyAt.set(cp.seq, add(cp, TABLE_SOURCE).key);
    await pace();
  }
  const inFiles = new Set<string>();
  const missing = new Set<Variant>();
  for (const f of opts.files) {
    const bad = f.content.malformed;
    if (bad.length) {
      // a shipped log has other lines too; our own file should have none (a torn write at most)
      const which = bad.slice(0, 5).join('、') + (bad.length > 5 ? ' …' : '');
      notes.push(`${f.name} 中有 ${bad.length} 行不是检查点，已忽略（第 ${which} 行）（checkpoint-file-malformed）`);
    }
    for (const cp of f.content.checkpoints) {
      const v = add(cp, f.name);
      inFiles.add(v.key);
      if (tableKeyAt.get(cp.seq) !== v.key) {
        missing.add(v);
        problems.push({
          code: 'checkpoint-missing-in-table',
          seq: cp.seq,
          message: `检查点文件 ${f.name} 中 ${cp.at} 签名的第 ${cp.seq} 条检查点在数据库表 audit_checkpoints 中缺失或不同（checkpoint-missing-in-table: the table lost or altered it）`,
        });
      }
      await pace();
    }
  }
  let onlyInTable = 0;
  for (const key of tableKeyAt.values()) if (!inFiles.has(key)) onlyInTable++;

  // The stored hash at every checkpoint's seq, whatever its signature: reading it costs nothing more.
  const hashesAt = new Map<number, string | null>([...bySeq.keys()].map((seq) => [seq, null]));
  const chain = await verifyAuditLog(db, TRAIL_PAGE, { hashesAt });
  const headSeq = chain.head?.seq ?? 0;
  // The chain's own break is reported by the caller; the checkpoints are checked up to it.
  const readUpTo = chain.ok ? headSeq : (chain.firstBrokenSeq ?? 1) - 1;
  const legacyNow = variants.length ? canonicalJson(await computeLegacySeal(db, TRAIL_PAGE)) : '';
  const truncates = (cp: AuditCheckpoint) => cp.seq > headSeq && chain.ok;
  const rewrites = (cp: AuditCheckpoint) => cp.seq <= readUpTo && hashesAt.get(cp.seq) !== cp.hash;
  const unsealed = (cp: AuditCheckpoint) => canonicalJson(cp.legacy) !== legacyNow;

  let signaturesChecked = 0;
  const signed = async (v: Variant) => {
    if (v.valid === undefined) {
      v.valid = checkpointSignedBy(v.cp, opts.publicKey);
      signaturesChecked++;
      await pace();
    }
    return v.valid;
  };
  const all = opts.signatures !== 'findings';
  for (const v of variants) {
    if (all || missing.has(v) || bySeq.get(v.cp.seq)!.length > 1 || truncates(v.cp) || rewrites(v.cp) || unsealed(v.cp)) await signed(v);
    else await pace();
  }
  // The newest valid checkpoint of each source: what `latest` and the verdict rest on.
  for (const list of bySource.values()) {
    for (const v of [...list].sort((a, b) => b.cp.seq - a.cp.seq)) if (await signed(v)) break;
  }

  for (const v of variants) {
    if (v.valid !== false) continue;
    problems.push({
      code: 'checkpoint-signature-invalid',
      seq: v.cp.seq,
      message: `${v.sources.join('、')} 中第 ${v.cp.seq} 条的检查点签名无效或不是本平台密钥所签（公钥 ${v.cp.publicKey.slice(0, 18)}…），不予采信（checkpoint-signature-invalid: forged or altered）`,
    });
  }
  for (const [seq, atSeq] of bySeq) {
    const valid = atSeq.filter((v) => v.valid === true);
    if (valid.length > 1) {
      problems.push({
        code: 'checkpoint-conflict',
        seq,
        message: `第 ${seq} 条有 ${valid.length} 个内容不同、签名却都有效的检查点（${valid.map((v) => `${v.sources.join('、')}：${v.cp.at} 哈希 ${v.cp.hash.slice(0, 16)}…`).join('；')}）。本平台对每个序号只签署一次，签名密钥曾在别处被使用（checkpoint-conflict）`,
      });
    }
  }

  const accepted = variants.filter((v) => v.valid !== false).sort((a, b) => a.cp.seq - b.cp.seq);
  for (const { cp } of accepted) {
    if (truncates(cp)) problems.push({ code: 'audit-truncated', seq: cp.seq, message: truncated(cp, headSeq).message });
    else if (rewrites(cp)) problems.push({ code: 'audit-rewritten', seq: cp.seq, message: rewritten(cp, hashesAt.get(cp.seq) ?? null).message });
  }
  const bad = accepted.find((v) => unsealed(v.cp))?.cp;
  if (bad) {
    problems.push({
      code: 'legacy-seal-mismatch',
      seq: bad.seq,
      message: `升级前写入的旧格式记录（hash_version 1）的操作人姓名或单位路径被改动：摘要与 ${bad.at} 签名的第 ${bad.seq} 条检查点不符（legacy-seal-mismatch）`,
    });
  }
  const unverified = accepted.filter((v) => v.valid === undefined).length;
  if (!accepted.length) notes.push('尚无有效的检查点：删除最后若干条或整体重算哈希链无法被发现（no checkpoint yet）');
  else if (onlyInTable) notes.push(`另有 ${onlyInTable} 个检查点只在数据库表中（可能由其他进程或其他机器写入，其文件副本在那里）`);
  if (unverified) {
    notes.push(`另有 ${unverified} 个较早的检查点与哈希链一致，本次未逐一验签；逐一验签请运行 npm run audit:verify（checkpoint-signatures-sampled）`);
  }
  return {
    chain,
    checkpoints: accepted.length,
    latest: accepted.length ? accepted[accepted.length - 1].cp : null,
    onlyInTable,
    unverified,
    signaturesChecked,
    problems,
    notes,
    ok: chain.ok && problems.length === 0,
  };
}
