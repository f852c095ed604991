// Opens the database (PostgreSQL or embedded PGlite), checks the field-encryption key against it,
// migrates it, chooses where files live and lets the caller's seed fill an empty database (the demo
// dataset: the server and `npm run seed` pass src/cli/demo/demo.ts's seedDemoIfEmpty).
import path from 'node:path';
import type { Config } from '../config.js';
import { openDatabase, type Database, type Db } from '../db/client.js';
import { migrate } from '../db/migrate.js';
import { createFieldCipher, type FieldCipher } from './crypto/field-cipher.js';
import type { Sm2KeyPair } from './crypto/sm2.js';
import { auditCheckpointKey } from './audit-checkpoint.js';
import { loadDataKey, recordDataKey } from './data-key.js';
import { fileStoreFor, importDiskFiles, type FileStore } from './files.js';
import type { RoleCode } from '../../domain/access/roles.js';

/** A user a seed wrote, as the server prints it on its first start. */
export interface SeededUser {
  username: string;
  displayName: string;
  role: RoleCode;
  orgName: string;
}
/** Fills the database when it is empty and answers the users it wrote; null when it wrote nothing. */
export type Seed = (target: { db: Db; cipher: FieldCipher }) => Promise<SeededUser[] | null>;

export interface Platform {
  database: Database;
  cipher: FieldCipher;
  /** where attachments and issued documents live: PostgreSQL, or DATA_DIR/files for PGlite */
  files: FileStore;
  /** the data key's fingerprint (first 8 hex of SM3) and where it was read from — never the key */
  dataKey: { fingerprint: string; source: 'env' | 'file'; filePath: string; created: boolean };
  /** the audit checkpoint key pair, derived from the data key checked here (ADR 0009) */
  auditKey: Sm2KeyPair;
  migrated: string[];
  /** files a PostgreSQL deployment had on this machine's disk, copied into the database at this start */
  importedFiles: { imported: number; missing: number };
  seededUsers: SeededUser[] | null;
}

/** `seed` runs after the migrations when the configuration allows it (SEED_DEMO, on by default); without it nothing is seeded. */
export async function openPlatform(config: Config, opts: { seed?: Seed } = {}): Promise<Platform> {
  const database = await openDatabase(config.databaseUrl ? { url: config.databaseUrl } : { dataDir: path.join(config.dataDir, 'pglite') });
  try {
    // The key is checked before anything is written: a wrong key is refused with one line and the
    // database stays as it was (not even migrated).
    const dataKey = await loadDataKey(database.db, { envValue: config.dataKeyHex, filePath: path.join(config.dataDir, 'data.key') });
    const migrated = await migrate(database.db);
    await recordDataKey(database.db, dataKey);
    const cipher = createFieldCipher(dataKey.key);
    const files = fileStoreFor(database, config.dataDir);
    const importedFiles = database.driver === 'postgres' ? await importDiskFiles(database.db, config.dataDir) : { imported: 0, missing: 0 };
    const seededUsers = opts.seed && config.seedDemo ? await opts.seed({ db: database.db, cipher }) : null;
    const { fingerprint, source, filePath, created } = dataKey;
    return { database, cipher, files, dataKey: { fingerprint, source, filePath, created }, auditKey: auditCheckpointKey(dataKey.key), migrated, importedFiles, seededUsers };
  } catch (e) {
    await database.close().catch(() => undefined);
    throw e;
  }
}
