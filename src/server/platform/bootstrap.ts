// Opens the database (PostgreSQL or embedded PGlite), migrates it, loads the field-encryption key
// and fills an empty database with the demo dataset.
import path from 'node:path';
import type { Config } from '../config.js';
import { openDatabase, type Database } from '../db/client.js';
import { migrate } from '../db/migrate.js';
import { createFieldCipher, loadOrCreateMasterKey, type FieldCipher } from './crypto/field-cipher.js';
import { isEmpty, seedDemo, type DemoUser } from '../db/seed/demo.js';
import { registerMilestoneHooks } from '../modules/supervision/milestones.js';

export interface Platform {
  database: Database;
  cipher: FieldCipher;
  migrated: string[];
  seededUsers: DemoUser[] | null;
}

export async function openPlatform(config: Config, opts: { seed?: boolean } = {}): Promise<Platform> {
  registerMilestoneHooks(); // SUP-2: the demo's signed task books get their milestones too
  const database = await openDatabase(config.databaseUrl ? { url: config.databaseUrl } : { dataDir: path.join(config.dataDir, 'pglite') });
  try {
    const migrated = await migrate(database.db);
    const key = loadOrCreateMasterKey({ envValue: config.dataKeyHex, filePath: path.join(config.dataDir, 'data.key') });
    const cipher = createFieldCipher(key);
    let seededUsers: DemoUser[] | null = null;
    if (opts.seed !== false && config.seedDemo && (await isEmpty(database.db))) {
      seededUsers = (await seedDemo({ db: database.db, cipher })).users;
    }
    return { database, cipher, migrated, seededUsers };
  } catch (e) {
    await database.close().catch(() => undefined);
    throw e;
  }
}
