// X-5 (issue 14): briefings and progress reports published before their search vectors existed
// (migration 0022 added the columns empty) are made searchable once, at start-up (main.ts). Only
// published rows without a vector are touched, each UPDATE repeats that test, so a second run — in
// this process or another one sharing the database — finds nothing to do and changes nothing. The
// vectors are the ones publication writes: a briefing's title and body, a progress report's title
// and public summary (never its body), a case's write-up with its project and society.
import { and, eq, isNull, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { briefings, organisations, pilotProjects, progressReports, typicalCases } from '../../db/schema.js';
import { briefingVector } from '../programme-records/records.js';
import { progressVector } from '../supervision/progress.js';
import { caseSearchVector } from '../cases/cases.js';

const BATCH = 200;

export interface SearchBackfill {
  briefings: number;
  progress: number;
  cases: number;
}

/** Runs `write` on batches of rows until a batch is short; answers how many rows got a vector. */
async function inBatches<R extends { id: string }>(next: () => Promise<R[]>, write: (r: R) => Promise<boolean>): Promise<number> {
  let done = 0;
  for (;;) {
    const rows = await next();
    for (const r of rows) if (await write(r)) done += 1;
    if (rows.length < BATCH) return done;
  }
}

export async function backfillSearchVectors(db: Db): Promise<SearchBackfill> {
  const briefingRows = () => db.select({ id: briefings.id, title: briefings.title, body: briefings.body }).from(briefings).where(and(eq(briefings.disclosure, 'published'), isNull(briefings.search))).limit(BATCH);
  const setBriefing = (r: { id: string; title: string; body: string }) =>
    db
      .update(briefings)
      .set({ search: briefingVector(r) })
      .where(and(eq(briefings.id, r.id), eq(briefings.disclosure, 'published'), isNull(briefings.search)))
      .returning({ id: briefings.id })
      .then((x) => x.length > 0);

  const progressRows = () =>
    db
      .select({ id: progressReports.id, title: progressReports.title, publicSummary: progressReports.publicSummary })
      .from(progressReports)
      .where(and(eq(progressReports.disclosure, 'published'), isNull(progressReports.search)))
      .limit(BATCH);
  const setProgress = (r: { id: string; title: string; publicSummary: string | null }) =>
    db
      .update(progressReports)
      .set({ search: progressVector(r.title, r.publicSummary) })
      .where(and(eq(progressReports.id, r.id), eq(progressReports.disclosure, 'published'), isNull(progressReports.search)))
      .returning({ id: progressReports.id })
      .then((x) => x.length > 0);

  const caseRows = () =>
    db
      .select({ id: typicalCases.id, c: typicalCases, projectTitle: pilotProjects.title, societyName: organisations.name })
      .from(typicalCases)
      .innerJoin(pilotProjects, eq(pilotProjects.id, typicalCases.projectId))
      .innerJoin(organisations, eq(organisations.id, pilotProjects.societyId))
      .where(and(eq(typicalCases.status, 'published'), isNull(typicalCases.search)))
      .limit(BATCH);
  const setCase = (r: { id: string; c: typeof typicalCases.$inferSelect; projectTitle: string; societyName: string }) => {
    return db
      .update(typicalCases)
      .set({ search: caseSearchVector(r.c, r.projectTitle, r.societyName) })
      .where(and(eq(typicalCases.id, r.id), eq(typicalCases.status, 'published'), isNull(typicalCases.search)))
      .returning({ id: typicalCases.id })
      .then((x) => x.length > 0);
  };

  return {
    briefings: await inBatches(briefingRows, setBriefing),
    progress: await inBatches(progressRows, setProgress),
    cases: await inBatches(caseRows, setCase),
  };
}

/** How many published rows still lack a vector (0 after the backfill). */
export async function missingSearchVectors(db: Db): Promise<number> {
  const count = async (q: SQL) => Number(((await db.execute(q)) as unknown as { rows: { n: number }[] }).rows[0]?.n ?? 0);
  return (
    (await count(sql`SELECT count(*)::int AS n FROM briefings WHERE disclosure = 'published' AND search IS NULL`)) +
    (await count(sql`SELECT count(*)::int AS n FROM progress_reports WHERE disclosure = 'published' AND search IS NULL`)) +
    (await count(sql`SELECT count(*)::int AS n FROM typical_cases WHERE status = 'published' AND search IS NULL`))
  );
}
