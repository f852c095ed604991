// SEL-2…SEL-4: reading declarations — the detail with what the reader may do next, the list in
// the reader's scope (key-based paging on submitted_at), and a society's qualification check against
// an item it may open. The rules: who reads a declaration (declarations.ts assertMayReadDeclaration,
// declaration-scope.ts for lists), what a reader may do (domain/selection/selection.actions.ts).
import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { DbOrTx } from '../../db/client.js';
import { attachments, declarations, organisations, transferItems } from '../../db/schema.js';
import type { Actor } from '../../platform/actor.js';
import { AppError } from '../../platform/errors.js';
import { beforeTimeKey, cursorKeys, decodeCursor, timeKeyOf, toPage, totalOf, type CountMode } from '../../http/paging.js';
import { declarationActionsFor } from '../../../domain/selection/selection.actions.js';
import type { DeclarationState } from '../../../domain/selection/declaration.lifecycle.js';
import type { ProgrammeParameters } from '../../../domain/programme/programme.types.js';
import type { Declaration, DeclarationPage, QualificationResult } from '../../../contract/selection.js';
import { findItem } from '../transfer/transfer.repo.js';
import { itemScope } from '../transfer/item-scope.js';
import { assertMayReadProgramme } from '../programmes/programme-scope.js';
import { assertMayReadDeclaration, findDeclaration, qualificationOf } from './declarations.js';
import { declarationReadScope } from './declaration-scope.js';
import { declarationListItem, declarationView } from './selection-views.js';

const society = alias(organisations, 'society');
const dept = alias(organisations, 'dept');

/** A declaration the actor may read, with the actions open to them; NOT_FOUND / OUT_OF_SCOPE otherwise. */
export async function readDeclaration(db: DbOrTx, actor: Actor, id: string): Promise<Declaration> {
  const found = await findDeclaration(db, id);
  if (!found) throw new AppError('NOT_FOUND', '申报不存在');
  const row = (await findItem(db, found.d.itemId))!;
  await assertMayReadDeclaration(db, actor, found.d, row);
  const files = found.d.attachmentIds.length
    ? await db
        .select({ id: attachments.id, filename: attachments.filename, sizeBytes: attachments.sizeBytes, contentType: attachments.contentType })
        .from(attachments)
        .where(inArray(attachments.id, found.d.attachmentIds))
    : [];
  return declarationView(found.d, {
    societyName: found.societyName,
    itemTitle: row.item.title,
    itemStatus: row.item.status,
    programmeName: row.programme.name,
    departmentId: row.item.departmentId,
    departmentName: row.departmentName,
    associationName: row.associationName,
    attachments: files,
    actions: declarationActionsFor(actor, found.d, row.item),
  });
}

export interface DeclarationListQuery {
  itemId?: string;
  programmeId?: string;
  status?: DeclarationState;
  cursor?: string;
  limit: number;
  count?: CountMode;
}

/** The declarations the actor reads, newest submission first. */
export async function listDeclarations(db: DbOrTx, actor: Actor, q: DeclarationListQuery): Promise<DeclarationPage> {
  if (q.programmeId) await assertMayReadProgramme(db, actor, q.programmeId);
  const where = and(
    declarationReadScope(actor),
    q.itemId ? eq(declarations.itemId, q.itemId) : undefined,
    q.programmeId ? eq(declarations.programmeId, q.programmeId) : undefined,
    q.status ? eq(declarations.status, q.status) : undefined,
  )!;
  const after = decodeCursor(q.cursor, cursorKeys.textTime);
  const rows = await db
    .select({
      id: declarations.id,
      itemId: declarations.itemId,
      societyId: declarations.societyId,
      status: declarations.status,
      reviewOpinion: declarations.reviewOpinion,
      closedReason: declarations.closedReason,
      submittedAt: declarations.submittedAt,
      decidedAt: declarations.decidedAt,
      version: declarations.version,
      // two fields of the stored check, not the whole document
      isQualified: sql<boolean>`coalesce((${declarations.qualification}->>'isQualified')::boolean, false)`,
      failed: sql<number>`coalesce((${declarations.qualification}->>'failed')::int, 0)`,
      key: timeKeyOf(declarations.submittedAt),
      societyName: society.name,
      itemTitle: transferItems.title,
      departmentId: transferItems.departmentId,
      departmentName: dept.name,
    })
    .from(declarations)
    .innerJoin(society, eq(society.id, declarations.societyId))
    .innerJoin(transferItems, eq(transferItems.id, declarations.itemId))
    .innerJoin(dept, eq(dept.id, transferItems.departmentId))
    .where(and(where, beforeTimeKey(declarations.submittedAt, declarations.id, after)))
    .orderBy(desc(declarations.submittedAt), desc(declarations.id))
    .limit(q.limit + 1);
  const total = await totalOf(db, q.count, db.select({ one: sql`1` }).from(declarations).where(where));
  const p = toPage(rows, q.limit, total, (r) => [r.key, r.id]);
  return { ...p, items: p.items.map(declarationListItem) };
}

/** SEL-3: the society's qualification against an item it may open (reached by the relay, or declared on). */
export async function qualificationForItem(db: DbOrTx, actor: Actor, itemId: string): Promise<QualificationResult> {
  const row = await findItem(db, itemId);
  const [open] = row ? await db.select({ id: transferItems.id }).from(transferItems).where(and(eq(transferItems.id, row.item.id), itemScope(actor))) : [];
  if (!row || !open) throw new AppError('NOT_FOUND', '事项不存在');
  return qualificationOf(db, actor.orgId, row.programme.parameters as ProgrammeParameters);
}
