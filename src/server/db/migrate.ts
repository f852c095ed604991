// Applies the SQL files of ./migrations (drizzle-kit's journal order) at start, on either driver.
// All pending files run in one transaction under an advisory lock, so two processes starting at
// once on one PostgreSQL cannot apply a file twice, and a failed file leaves nothing behind.
import fs from 'node:fs';
import { sql } from 'drizzle-orm';
import type { Db } from './client.js';

// Next to this file when run from source; from dist/server/main.mjs (the bundle `npm start` runs)
// the SQL files stay in the source tree.
const dir = [new URL('./migrations/', import.meta.url), new URL('../../src/server/db/migrations/', import.meta.url)].find((u) =>
  fs.existsSync(new URL('meta/_journal.json', u)),
)!;

interface Journal {
  entries: { idx: number; tag: string }[];
}

export function listMigrations(): { tag: string; statements: string[] }[] {
  const journal = JSON.parse(fs.readFileSync(new URL('meta/_journal.json', dir), 'utf8')) as Journal;
  return [...journal.entries]
    .sort((a, b) => a.idx - b.idx)
    .map((e) => ({
      tag: e.tag,
      statements: fs
        .readFileSync(new URL(`${e.tag}.sql`, dir), 'utf8')
        .split('--> statement-breakpoint')
        .map((s) => s.trim())
        .filter((s) => s.replace(/--.*$/gm, '').trim().length > 0),
    }));
}

export async function migrate(db: Db): Promise<string[]> {
  const applied: string[] = [];
  await db.transaction(async (tx) => {
    await tx.execute(sql`SELECT pg_advisory_xact_lock(727001)`);
    // Created only when missing: CREATE … IF NOT EXISTS needs the right to create in the schema
    // even when the table is there, and the application may connect as a role without it once
    // the owner has migrated (README, "Audit log": the app role does not own the audit tables).
    const bookkeeping = (await tx.execute(sql`SELECT to_regclass('schema_migrations') IS NOT NULL AS present`)) as unknown as { rows: { present: boolean }[] };
    if (!bookkeeping.rows[0].present) {
      await tx.execute(sql`CREATE TABLE schema_migrations (tag text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())`);
    }
    const done = (await tx.execute(sql`SELECT tag FROM schema_migrations`)) as unknown as { rows: { tag: string }[] };
    const have = new Set(done.rows.map((r) => r.tag));
    for (const m of listMigrations()) {
      if (have.has(m.tag)) continue;
      for (const stmt of m.statements) await tx.execute(sql.raw(stmt));
      await tx.execute(sql`INSERT INTO schema_migrations (tag) VALUES (${m.tag})`);
      applied.push(m.tag);
    }
  });
  return applied;
}
