// One data layer for both drivers (ARCHITECTURE §1): PostgreSQL through `pg` when a URL is given,
// otherwise the embedded PGlite on a data directory (or in memory for tests).
import { PGlite } from '@electric-sql/pglite';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import pg from 'pg';
import * as schema from './schema.js';
import { lockDataDir, type DataDirLock } from '../platform/datadir-lock.js';

export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
export type DbOrTx = Db | Tx;

export interface Database {
  db: Db;
  driver: 'pglite' | 'postgres';
  pool?: pg.Pool;
  pglite?: PGlite;
  close(): Promise<void>;
}

export class DatabaseUnreachableError extends Error {}

export interface OpenOptions {
  url?: string;
  dataDir?: string;
  /** an already created PGlite instance (tests clone a migrated template into memory) */
  pglite?: PGlite;
  poolSize?: number;
}

// `pg` returns int8 and numeric as strings; we use int4 and bigint-as-number columns only.
pg.types.setTypeParser(20, (v) => Number(v));

export async function openDatabase(opts: OpenOptions): Promise<Database> {
  if (opts.url) {
    const pool = new pg.Pool({
      connectionString: opts.url,
      max: opts.poolSize ?? 20,
      connectionTimeoutMillis: 5_000,
      idleTimeoutMillis: 30_000,
    });
    pool.on('error', () => {
      /* a broken idle client is dropped by the pool; requests report their own errors */
    });
    try {
      const c = await pool.connect();
      c.release();
    } catch (e) {
      await pool.end().catch(() => undefined);
      const safeUrl = opts.url.replace(/\/\/([^:@/]+)(:[^@/]*)?@/, '//$1@');
      throw new DatabaseUnreachableError(`无法连接数据库 ${safeUrl}：${(e as Error).message}`);
    }
    const db = drizzlePg(pool, { schema }) as unknown as Db;
    return { db, driver: 'postgres', pool, close: () => pool.end() };
  }
  let lock: DataDirLock | undefined;
  let client = opts.pglite;
  if (!client) {
    if (opts.dataDir) lock = lockDataDir(opts.dataDir);
    try {
      client = await PGlite.create(opts.dataDir ? { dataDir: opts.dataDir } : {});
    } catch (e) {
      lock?.release();
      throw e;
    }
  }
  const pgl = client;
  const db = drizzlePglite(pgl, { schema }) as unknown as Db;
  return {
    db,
    driver: 'pglite',
    pglite: pgl,
    close: async () => {
      await pgl.close();
      lock?.release();
    },
  };
}
