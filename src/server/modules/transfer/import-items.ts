// FUN-5: import a department's items from the programme's Excel template. Every row is checked
// first; a file with any bad row imports nothing and answers each row and field in Chinese.
// A clean file goes in as one transaction (drafts, or published at once when asked).
// The file is hostile until read (issue 10 §1): it is parsed in the cage (platform/untrusted), a
// worker thread with memory and time limits; a file the cage refuses answers 413/422, never a 500.
import crypto from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { recordRevisions, transferItems } from '../../db/schema.js';
import type { Actor, RequestMeta } from '../../platform/actor.js';
import { appendAudit, whoFromActor } from '../../platform/audit.js';
import { AppError } from '../../platform/errors.js';
import { indexTokens } from '../../platform/search.js';
import type { Category, ProgrammeParameters } from '../../../domain/programme/programme.types.js';
import { runUntrusted } from '../untrusted-jobs.js';
import { programmeForDepartment, syncRelayTodo } from './save-item.js';
import { itemSnapshot } from './transfer-views.js';
import type { ItemImportResult } from '../../../contract/transfer.js';

const BATCH = 1000;

export async function importItems(opts: { db: Db; actor: Actor; meta: RequestMeta; programmeId: string; file: Buffer; publish: boolean }): Promise<ItemImportResult> {
  const { db, actor } = opts;
  // Parsing needs the programme's categories; read them outside the write transaction.
  const p0 = await programmeForDepartment(db, actor, opts.programmeId);
  const params0 = p0.programme.parameters as ProgrammeParameters;
  const parsed = await runUntrusted('item-workbook', opts.file, {
    programme: { categories: p0.programme.categories as Category[], commissioningModes: params0.commissioningModes },
  });
  if (parsed.errors.length) {
    throw new AppError('VALIDATION_FAILED', `导入文件有 ${parsed.errors.length} 处错误，未导入任何事项`, {
      errors: parsed.errors.map((e) => ({ path: e.row ? `file.row.${e.row}${e.field ? `.${e.field}` : ''}` : 'file', message: e.row ? `第 ${e.row} 行“${e.column}”：${e.message}` : e.message })),
      extra: { rowErrors: parsed.errors },
    });
  }
  if (parsed.rows.length === 0) throw new AppError('VALIDATION_FAILED', '文件中没有事项', { errors: [{ path: 'file', message: '文件中没有事项' }] });
  return db.transaction(async (tx) => {
    const p = await programmeForDepartment(tx, actor, opts.programmeId);
    const now = new Date();
    const ids: string[] = [];
    for (let i = 0; i < parsed.rows.length; i += BATCH) {
      const chunk = parsed.rows.slice(i, i + BATCH).map((r) => ({
        id: crypto.randomUUID(),
        programmeId: p.programme.id,
        departmentId: actor.orgId,
        associationId: p.programme.associationId,
        associationPath: p.associationPath,
        title: r.title,
        categoryCode: r.categoryCode,
        description: r.description,
        legalBasis: r.legalBasis ?? null,
        commissioningMode: r.commissioningMode,
        budgetFen: r.budgetFen ?? null,
        expectedPeriod: r.expectedPeriod ?? null,
        requiredQualifications: r.requiredQualifications ?? null,
        status: opts.publish ? 'published' : 'draft',
        revision: opts.publish ? 1 : 0,
        publishedAt: opts.publish ? now : null,
        search: opts.publish ? sql`to_tsvector('simple', ${indexTokens(r.title, r.description)})` : null,
        createdBy: actor.userId,
      }));
      await tx.insert(transferItems).values(chunk);
      if (opts.publish) {
        await tx.insert(recordRevisions).values(
          chunk.map((c) => ({ entityType: 'transfer_item', entityId: c.id, revision: 1, changeKind: 'publish', snapshot: itemSnapshot(c), reason: '批量导入发布', actorUserId: actor.userId, actorName: actor.displayName, actorOrgName: actor.orgName })),
        );
      }
      ids.push(...chunk.map((c) => c.id));
    }
    if (opts.publish) await syncRelayTodo(tx, p.programme.id, p.programme.associationId, p.programme.name, actor.userId);
    // One audit event for the file: who imported which items, with their ids and titles.
    await appendAudit(tx, whoFromActor(actor, opts.meta), {
      action: opts.publish ? 'item.import.publish' : 'item.import',
      entityType: 'programme',
      entityId: p.programme.id,
      orgId: actor.orgId,
      orgPath: actor.orgPath,
      after: { count: ids.length, status: opts.publish ? 'published' : 'draft', items: ids.map((id, i) => ({ id, title: parsed.rows[i].title })) },
    });
    return { imported: ids.length, status: opts.publish ? ('published' as const) : ('draft' as const) };
  });
}
