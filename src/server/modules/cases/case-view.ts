// EVA-5: what the API answers for typical cases (contract/cases.ts) — a case with the actions the
// reading user may take, the association's list (newest first, keyed on (created_at, id) over
// typical_cases_association_idx), and the portal's published cases (keyed on (published_at, id) over
// the partial index typical_cases_public_idx), which carry nothing internal.
import { and, desc, eq, sql, type SQL } from 'drizzle-orm';
import { alias, type SelectedFields } from 'drizzle-orm/pg-core';
import type { DbOrTx } from '../../db/client.js';
import { organisations, pilotProjects, programmes, typicalCases } from '../../db/schema.js';
import { beforeTimeKey, cursorKeys, decodeCursor, timeKeyOf, toPage, totalOf, type CountMode } from '../../http/paging.js';
import type { Actor } from '../../platform/actor.js';
import { AppError } from '../../platform/errors.js';
import type { PublicCase, TypicalCase, TypicalCaseItem, TypicalCasePage } from '../../../contract/cases.js';
import type { CaseState } from '../../../domain/evaluation/typical-case.js';
import { attachmentRefs, pickRefs } from '../supervision/supervision-attachments.js';
import { caseStatusLabel, loadCase, managesCase, type CaseRow } from './cases.js';

const assoc = alias(organisations, 'tc_assoc');
const society = alias(organisations, 'tc_society');
const dept = alias(organisations, 'tc_dept');

const caseColumns = {
  c: typicalCases,
  programmeName: programmes.name,
  associationName: assoc.name,
  projectTitle: pilotProjects.title,
  itemId: pilotProjects.itemId,
  societyId: pilotProjects.societyId,
  societyName: society.name,
  departmentId: pilotProjects.departmentId,
  departmentName: dept.name,
};
const caseQuery = (db: DbOrTx) =>
  db
    .select({ ...caseColumns, key: timeKeyOf(typicalCases.createdAt) })
    .from(typicalCases)
    .innerJoin(programmes, eq(programmes.id, typicalCases.programmeId))
    .innerJoin(assoc, eq(assoc.id, typicalCases.associationId))
    .innerJoin(pilotProjects, eq(pilotProjects.id, typicalCases.projectId))
    .innerJoin(society, eq(society.id, pilotProjects.societyId))
    .innerJoin(dept, eq(dept.id, pilotProjects.departmentId));
type Joined = Awaited<ReturnType<ReturnType<typeof caseQuery>['execute']>>[number];

function caseActions(actor: Actor, c: CaseRow): TypicalCase['actions'] {
  if (!managesCase(actor, c)) return [];
  if (c.status === 'published') return ['withdraw'];
  return ['edit', 'publish'];
}

function itemView(actor: Actor, r: Joined): TypicalCaseItem {
  const c = r.c;
  return {
    id: c.id,
    programmeId: c.programmeId,
    programmeName: r.programmeName,
    associationId: c.associationId,
    associationName: r.associationName,
    project: { id: c.projectId, title: r.projectTitle, societyId: r.societyId, societyName: r.societyName, departmentId: r.departmentId, departmentName: r.departmentName },
    title: c.title,
    summary: c.summary,
    tags: c.tags,
    status: c.status as CaseState,
    statusLabel: caseStatusLabel(c.status),
    createdByName: c.createdByName,
    createdAt: c.createdAt.toISOString(),
    updatedAt: c.updatedAt.toISOString(),
    publishedAt: c.publishedAt?.toISOString() ?? null,
    withdrawnAt: c.withdrawnAt?.toISOString() ?? null,
    rowVersion: c.rowVersion,
    actions: caseActions(actor, c),
  };
}

export async function readCase(db: DbOrTx, actor: Actor, id: string): Promise<TypicalCase> {
  await loadCase(db, actor, id);
  const [r] = await caseQuery(db).where(eq(typicalCases.id, id));
  const refs = await attachmentRefs(db, r.c.attachmentIds);
  return { ...itemView(actor, r), body: r.c.body, experience: r.c.experience, attachments: pickRefs(refs, r.c.attachmentIds) };
}

/** The cases of the actor's subtree, newest first; filtered by programme and state. */
export async function caseList(db: DbOrTx, actor: Actor, q: { programmeId?: string; status?: CaseState; cursor?: string; limit: number; count?: CountMode }): Promise<TypicalCasePage> {
  const actions: TypicalCasePage['actions'] = actor.orgType === 'association' && actor.permissions.has('case.manage') ? ['create'] : [];
  if (actor.orgType !== 'association' || !actor.permissions.has('case.read')) return { items: [], nextCursor: null, ...(q.count ? { total: 0 } : {}), actions };
  const where: SQL = and(
    sql`${typicalCases.associationPath} LIKE ${actor.scopePath.replace(/[%_\\]/g, '\\$&') + '%'}`,
    q.programmeId ? eq(typicalCases.programmeId, q.programmeId) : undefined,
    q.status ? eq(typicalCases.status, q.status) : undefined,
  )!;
  const after = decodeCursor(q.cursor, cursorKeys.textTime);
  const rows = await caseQuery(db)
    .where(and(where, beforeTimeKey(typicalCases.createdAt, typicalCases.id, after)))
    .orderBy(desc(typicalCases.createdAt), desc(typicalCases.id))
    .limit(q.limit + 1);
  const total = await totalOf(db, q.count, db.select({ one: sql`1` }).from(typicalCases).where(where));
  const page = toPage(rows, q.limit, total, (r) => [r.key, r.c.id]);
  return { ...page, items: page.items.map((r) => itemView(actor, r)), actions };
}

// ------------------------------------------------------------------ the portal (PUB-1)

const published = eq(typicalCases.status, 'published');
const publicColumns = {
  id: typicalCases.id,
  programmeId: typicalCases.programmeId,
  programmeName: programmes.name,
  associationName: assoc.name,
  projectId: typicalCases.projectId,
  itemId: pilotProjects.itemId,
  projectTitle: pilotProjects.title,
  societyId: pilotProjects.societyId,
  societyName: society.name,
  departmentName: dept.name,
  title: typicalCases.title,
  summary: typicalCases.summary,
  tags: typicalCases.tags,
  publishedAt: typicalCases.publishedAt,
};
const publicQuery = <T extends SelectedFields>(db: DbOrTx, extra: T) =>
  db
    .select({ ...publicColumns, ...extra })
    .from(typicalCases)
    .innerJoin(programmes, eq(programmes.id, typicalCases.programmeId))
    .innerJoin(assoc, eq(assoc.id, typicalCases.associationId))
    .innerJoin(pilotProjects, eq(pilotProjects.id, typicalCases.projectId))
    .innerJoin(society, eq(society.id, pilotProjects.societyId))
    .innerJoin(dept, eq(dept.id, pilotProjects.departmentId));

export async function publicCaseList(db: DbOrTx, q: { programmeId?: string; cursor?: string; limit: number; count?: CountMode }) {
  const where = and(published, q.programmeId ? eq(typicalCases.programmeId, q.programmeId) : undefined)!;
  const after = decodeCursor(q.cursor, cursorKeys.textTime);
  const rows = await publicQuery(db, { key: timeKeyOf(typicalCases.publishedAt) })
    .where(and(where, beforeTimeKey(typicalCases.publishedAt, typicalCases.id, after)))
    .orderBy(desc(typicalCases.publishedAt), desc(typicalCases.id))
    .limit(q.limit + 1);
  const total = await totalOf(db, q.count, db.select({ one: sql`1` }).from(typicalCases).where(where));
  const page = toPage(rows, q.limit, total, (r) => [r.key, r.id]);
  return {
    ...page,
    items: page.items.map((r) => ({
      id: r.id,
      programmeId: r.programmeId,
      programmeName: r.programmeName,
      associationName: r.associationName,
      projectTitle: r.projectTitle,
      societyName: r.societyName,
      departmentName: r.departmentName,
      title: r.title,
      summary: r.summary,
      tags: r.tags,
      publishedAt: r.publishedAt!.toISOString(),
    })),
  };
}

export async function publicCase(db: DbOrTx, id: string): Promise<PublicCase> {
  const [r] = await publicQuery(db, { body: typicalCases.body, experience: typicalCases.experience })
    .where(and(eq(typicalCases.id, id), published));
  if (!r) throw new AppError('NOT_FOUND', '典型案例不存在或未公开');
  return { ...r, publishedAt: r.publishedAt!.toISOString() };
}
