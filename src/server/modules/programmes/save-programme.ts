// PRG-1, PRG-2: create a programme from a seed preset, edit its stages, categories and parameters,
// publish and close it. Parameters are validated by the programme schema; a bad value is refused
// with its field named.
import crypto from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { programmes } from '../../db/schema.js';
import type { Actor, RequestMeta } from '../../platform/actor.js';
import { appendAudit, diff, whoFromActor } from '../../platform/audit.js';
import { AppError, validationError, type FieldError } from '../../platform/errors.js';
import { assertInScope } from '../../http/guards.js';
import { assertProgrammeRowReadable } from './programme-scope.js';
import { closeTodos, deadlineFrom, openTodo } from '../../platform/todos.js';
import { chinaToday } from '../../platform/transition.js';
import { startOfChinaDay } from '../../../domain/calendar-day.js';
import { pastStages, pastStagesMessage } from '../../../domain/programme/past-stages.js';
import { DomainError, transition } from '../../../domain/lifecycle.js';
import { programmeLifecycle, type ProgrammeState } from '../../../domain/programme/programme.lifecycle.js';
import {
  validateCategories,
  validateParameters,
  validateStages,
  type PresetCode,
  type Stage,
  type ValidationResult,
} from '../../../domain/programme/programme.types.js';
import { getPreset, instantiatePreset } from '../../../domain/presets/index.js';
import { findOrg } from '../orgs/orgs.repo.js';
import { findProgramme } from './programmes.repo.js';
import { programmeView } from './programme-view.js';

const PUBLISH_TODO = 'programme.publish';

function collect<T>(res: ValidationResult<T>, prefix: string, into: FieldError[]): T | undefined {
  if (res.ok) return res.value;
  for (const e of res.errors) into.push({ path: e.path ? `${prefix}.${e.path}` : prefix, message: e.message });
  return undefined;
}

function applyTransition(from: string, event: 'edit' | 'publish' | 'close') {
  try {
    return transition(programmeLifecycle, from as ProgrammeState, event);
  } catch (e) {
    if (e instanceof DomainError) throw new AppError('INVALID_STATE', e.message);
    throw e;
  }
}

export async function createProgramme(opts: {
  db: Db;
  actor: Actor;
  meta: RequestMeta;
  input: { associationId: string; presetCode: PresetCode; name: string; year: number; description?: string | null };
}) {
  const { db, actor, input } = opts;
  const preset = getPreset(input.presetCode);
  if (!preset) throw validationError([{ path: 'body.presetCode', message: '预置方案不存在' }]);
  const draft = instantiatePreset(preset, input.year);
  return db.transaction(async (tx) => {
    const assoc = await findOrg(tx, input.associationId);
    if (!assoc || assoc.type !== 'association') throw validationError([{ path: 'body.associationId', message: '请选择科协' }]);
    assertInScope(actor, assoc.path, { entityType: 'organisation', entityId: assoc.id });
    const id = crypto.randomUUID();
    const [row] = await tx
      .insert(programmes)
      .values({
        id,
        associationId: assoc.id,
        name: input.name,
        kind: draft.kind,
        presetCode: preset.code,
        year: input.year,
        status: 'draft',
        description: input.description ?? null,
        stages: draft.stages,
        categories: draft.categories,
        parameters: draft.parameters,
        createdBy: actor.userId,
      })
      .returning();
    const firstStage = draft.stages[0];
    await openTodo(tx, {
      kind: PUBLISH_TODO,
      title: `完善并发布方案：${input.name}`,
      link: `/app/programmes/${id}`,
      entityType: 'programme',
      entityId: id,
      assigneeOrgId: assoc.id,
      permission: 'programme.publish',
      // before the first stage starts; when it has already started, the association's days (PRG-2)
      dueAt: firstStage ? deadlineFrom(startOfChinaDay(firstStage.startsOn), draft.parameters.selectionDays.review) : null,
    });
    const view = programmeView(row, assoc.name);
    await appendAudit(tx, whoFromActor(actor, opts.meta), {
      action: 'programme.create',
      entityType: 'programme',
      entityId: id,
      orgId: assoc.id,
      orgPath: assoc.path,
      after: { name: view.name, kind: view.kind, presetCode: view.presetCode, year: view.year, stages: view.stages, categories: view.categories, parameters: view.parameters },
    });
    return view;
  });
}

export interface ProgrammePatch {
  version: number;
  reason?: string | null;
  name?: string;
  description?: string | null;
  year?: number;
  stages?: unknown;
  categories?: unknown;
  parameters?: unknown;
}

export async function updateProgramme(opts: { db: Db; actor: Actor; meta: RequestMeta; id: string; input: ProgrammePatch }) {
  const { db, actor, input } = opts;
  const errors: FieldError[] = [];
  const stages = input.stages === undefined ? undefined : collect(validateStages(input.stages), 'body.stages', errors);
  const categories = input.categories === undefined ? undefined : collect(validateCategories(input.categories), 'body.categories', errors);
  const parameters = input.parameters === undefined ? undefined : collect(validateParameters(input.parameters), 'body.parameters', errors);
  if (errors.length) throw validationError(errors, errors.map((e) => `${e.path}：${e.message}`).join('；'));
  return db.transaction(async (tx) => {
    const row = await findProgramme(tx, opts.id, true);
    if (!row) throw new AppError('NOT_FOUND', '方案不存在');
    assertInScope(actor, row.associationPath, { entityType: 'programme', entityId: row.p.id });
    assertProgrammeRowReadable(actor, row); // a draft: only its own association's staff
    applyTransition(row.p.status, 'edit');
    if (row.p.version !== input.version) throw new AppError('CONFLICT', '该方案已被他人修改，请刷新后重试', { extra: { currentVersion: row.p.version } });
    if (row.p.status === 'published' && !input.reason) {
      throw validationError([{ path: 'body.reason', message: '已发布的方案修改时须填写修改原因' }]);
    }
    const [updated] = await tx
      .update(programmes)
      .set({
        name: input.name,
        description: input.description,
        year: input.year,
        stages,
        categories,
        parameters,
        version: sql`${programmes.version} + 1`,
        updatedAt: new Date(),
      })
      .where(and(eq(programmes.id, row.p.id), eq(programmes.version, input.version)))
      .returning();
    if (!updated) throw new AppError('CONFLICT');
    const before = programmeView(row.p, row.associationName);
    const after = programmeView(updated, row.associationName);
    const changes = diff(
      { name: before.name, description: before.description, year: before.year, stages: before.stages, categories: before.categories, parameters: before.parameters } as Record<string, unknown>,
      { name: after.name, description: after.description, year: after.year, stages: after.stages, categories: after.categories, parameters: after.parameters },
    );
    await appendAudit(tx, whoFromActor(actor, opts.meta), {
      action: 'programme.update',
      entityType: 'programme',
      entityId: row.p.id,
      orgId: row.p.associationId,
      orgPath: row.associationPath,
      before: changes.before,
      after: changes.after,
      reason: input.reason ?? null,
    });
    return after;
  });
}

export async function changeProgrammeState(opts: { db: Db; actor: Actor; meta: RequestMeta; id: string; event: 'publish' | 'close'; version: number; reason?: string | null; confirmPastStages?: boolean }) {
  const { db, actor } = opts;
  return db.transaction(async (tx) => {
    const row = await findProgramme(tx, opts.id, true);
    if (!row) throw new AppError('NOT_FOUND', '方案不存在');
    assertInScope(actor, row.associationPath, { entityType: 'programme', entityId: row.p.id });
    assertProgrammeRowReadable(actor, row); // a draft: only its own association's staff
    const to = applyTransition(row.p.status, opts.event);
    if (row.p.version !== opts.version) throw new AppError('CONFLICT', '该方案已被他人修改，请刷新后重试', { extra: { currentVersion: row.p.version } });
    const now = new Date();
    // issue 11 §5: stages that start before today are adjusted, or confirmed as they are
    const past = opts.event === 'publish' ? pastStages(row.p.stages as Stage[], chinaToday(now)) : [];
    if (past.length && !opts.confirmPastStages) {
      throw new AppError('VALIDATION_FAILED', pastStagesMessage(past, chinaToday(now)), {
        errors: past.map((s) => ({ path: `stages.${s.index}.startsOn`, message: `阶段“${s.name}”的开始日期 ${s.startsOn} 早于今天` })),
        extra: { pastStages: past },
      });
    }
    const [updated] = await tx
      .update(programmes)
      .set({
        status: to,
        publishedAt: opts.event === 'publish' ? now : undefined,
        version: sql`${programmes.version} + 1`,
        updatedAt: now,
      })
      .where(and(eq(programmes.id, row.p.id), eq(programmes.version, opts.version), eq(programmes.status, row.p.status)))
      .returning();
    if (!updated) throw new AppError('CONFLICT');
    if (opts.event === 'publish') await closeTodos(tx, { entityType: 'programme', entityId: row.p.id, kind: PUBLISH_TODO }, actor.userId);
    await appendAudit(tx, whoFromActor(actor, opts.meta), {
      action: `programme.${opts.event}`,
      entityType: 'programme',
      entityId: row.p.id,
      orgId: row.p.associationId,
      orgPath: row.associationPath,
      before: { status: row.p.status },
      after: past.length ? { status: to, pastStagesConfirmed: past.map((s) => `${s.name}（${s.startsOn} 至 ${s.endsOn}）`) } : { status: to },
      reason: opts.reason ?? null,
    });
    return programmeView(updated, row.associationName);
  });
}
