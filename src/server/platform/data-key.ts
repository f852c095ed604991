// Issue 10 §5: the platform refuses to start when the SM4 data key does not match the data. A fresh
// key on a database that holds personal data would turn every phone number, ID number, TOTP secret
// and signing key into a 500; so a key is created only for a database without encrypted data, and
// the database remembers which key it belongs to (`platform_settings.data_key_check`: the key's
// fingerprint and an HMAC-SM3 of a fixed label under it) and is compared with it at every start.
//
// Two steps around the migrations: `loadDataKey` only reads (so a refused start writes nothing, not
// even a migration), `recordDataKey` writes the check value once the table exists.
import fs from 'node:fs';
import { eq, sql } from 'drizzle-orm';
import { ConfigError } from '../config.js';
import type { Db } from '../db/client.js';
import { platformSettings } from '../db/schema.js';
import {
  createFieldCipher,
  createMasterKeyFile,
  FIELD_CIPHER_PREFIX,
  masterKeyCheckValue,
  masterKeyFingerprint,
  readMasterKey,
  type MasterKeySource,
} from './crypto/field-cipher.js';

/** A start refused because of the data key: one line, Chinese then English (main.ts prints it). */
export class DataKeyError extends ConfigError {}

export const DATA_KEY_CHECK = 'data_key_check';

interface StoredCheck {
  fingerprint: string;
  check: string;
}

export interface DataKey {
  key: Buffer;
  /** first 8 hex of SM3 of the key: how the key is named to people (start-up line, backups) */
  fingerprint: string;
  source: MasterKeySource;
  /** the DATA_DIR/data.key path (read, or written when this start created the key) */
  filePath: string;
  /** this start created DATA_DIR/data.key (an empty database) */
  created: boolean;
  /** the database has no check value yet: recordDataKey writes it */
  unrecorded: boolean;
}

const whereZh = (k: { source: MasterKeySource; filePath: string }) => (k.source === 'env' ? '环境变量 DATA_KEY' : k.filePath);
const whereEn = (k: { source: MasterKeySource; filePath: string }) => (k.source === 'env' ? 'the DATA_KEY variable' : k.filePath);

const mismatch = (expected: string, k: DataKey) =>
  new DataKeyError(
    `数据密钥与数据库不符：数据库需要密钥 ${expected}，当前密钥 ${k.fingerprint}（读自 ${whereZh(k)}）；请提供原密钥（DATA_KEY 或 DATA_DIR/data.key），平台不会换用新密钥。` +
      ` / Data key does not match the database: expected key ${expected}, got ${k.fingerprint} (read from ${whereEn(k)}); provide the original key.`,
  );

async function storedCheck(db: Db): Promise<StoredCheck | null> {
  // Before the migrations run, the table may not exist yet (a database from before issue 10).
  const t = (await db.execute(sql`SELECT to_regclass('platform_settings') IS NOT NULL AS present`)) as unknown as { rows: { present: boolean }[] };
  if (!t.rows[0]?.present) return null;
  const [row] = await db.select({ value: platformSettings.value }).from(platformSettings).where(eq(platformSettings.name, DATA_KEY_CHECK));
  return (row?.value as StoredCheck | undefined) ?? null;
}

/**
 * One encrypted value of every column that holds them (columns named *_enc, ORG-6 and TB-4), read
 * through the catalogue so that it works on any schema version. All are under one key, so one each
 * is enough to tell whether a key is the right one.
 */
async function encryptedSamples(db: Db): Promise<string[]> {
  const cols = (await db.execute(sql`
    SELECT table_name AS t, column_name AS c FROM information_schema.columns
     WHERE table_schema = current_schema() AND column_name LIKE '%\\_enc' AND data_type = 'text'
     ORDER BY 1, 2`)) as unknown as { rows: { t: string; c: string }[] };
  const samples: string[] = [];
  for (const { t, c } of cols.rows) {
    const r = (await db.execute(sql`SELECT ${sql.identifier(c)} AS v FROM ${sql.identifier(t)} WHERE ${sql.identifier(c)} IS NOT NULL LIMIT 1`)) as unknown as {
      rows: { v: string }[];
    };
    if (r.rows[0]) samples.push(r.rows[0].v);
  }
  return samples;
}

/**
 * The data key of this start, checked against the database without writing to it: refuses
 * (DataKeyError) a key that does not match the stored check value, a key that does not decrypt the
 * existing encrypted data of a database from before the check value, and a missing key when the
 * database holds encrypted data or a check value. Creates DATA_DIR/data.key only for a database
 * with neither.
 */
export async function loadDataKey(db: Db, opts: { envValue?: string; filePath: string }): Promise<DataKey> {
  const stored = await storedCheck(db);
  const configured = readMasterKey(opts);
  let dataKey: DataKey;
  if (configured) {
    dataKey = { ...configured, fingerprint: masterKeyFingerprint(configured.key), filePath: opts.filePath, created: false, unrecorded: !stored };
  } else {
    const samples = stored ? [] : await encryptedSamples(db);
    if (stored || samples.length) {
      const expected = stored ? `密钥 ${stored.fingerprint}` : '原密钥';
      throw new DataKeyError(
        `未找到数据密钥：数据库已有加密数据（需要${expected}），但 DATA_KEY 未设置且 ${opts.filePath} 不存在；请设置 DATA_KEY 或放回 data.key，平台不会新建密钥。` +
          ` / No data key: the database holds encrypted data${stored ? ` (key ${stored.fingerprint})` : ''}, but DATA_KEY is unset and ${opts.filePath} does not exist; no new key is created.`,
      );
    }
    const made = createMasterKeyFile(opts.filePath);
    dataKey = { key: made.key, source: 'file', fingerprint: masterKeyFingerprint(made.key), filePath: opts.filePath, created: made.created, unrecorded: true };
  }
  if (stored) {
    if (stored.check !== masterKeyCheckValue(dataKey.key)) throw mismatch(stored.fingerprint, dataKey);
    return dataKey;
  }
  // A database from before the check value: the key is accepted only if it reads what is there.
  const cipher = createFieldCipher(dataKey.key);
  for (const token of dataKey.created ? [] : await encryptedSamples(db)) {
    try {
      if (!token.startsWith(FIELD_CIPHER_PREFIX)) continue; // not written by the field cipher
      cipher.decrypt(token);
    } catch {
      throw new DataKeyError(
        `数据密钥与数据库不符：当前密钥 ${dataKey.fingerprint}（读自 ${whereZh(dataKey)}）无法解密数据库中已有的加密数据；请提供原密钥，平台不会换用新密钥。` +
          ` / Data key does not match the database: key ${dataKey.fingerprint} (read from ${whereEn(dataKey)}) does not decrypt the encrypted data already stored; provide the original key.`,
      );
    }
  }
  return dataKey;
}

/**
 * After the migrations: stores the check value of a key the database does not know yet. Two
 * processes starting at once on an empty database with different new keys: the first check value
 * wins, the other process refuses and removes the key file it had just created.
 */
export async function recordDataKey(db: Db, dataKey: DataKey): Promise<void> {
  if (!dataKey.unrecorded) return;
  const value: StoredCheck = { fingerprint: dataKey.fingerprint, check: masterKeyCheckValue(dataKey.key) };
  await db.insert(platformSettings).values({ name: DATA_KEY_CHECK, value }).onConflictDoNothing();
  const now = await storedCheck(db);
  if (now?.check !== value.check) {
    if (dataKey.created) fs.rmSync(dataKey.filePath, { force: true });
    throw mismatch(now?.fingerprint ?? '?', dataKey);
  }
  dataKey.unrecorded = false;
}
