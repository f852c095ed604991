// FND-5, FND-7: reading a programme's fund ledger — who may, the balances per fund (from the running
// sums, checked against the projects' sums), the journal and the project balances (key-based
// pages), the Excel export — and the one write a route makes itself, the budget entry.
//
// Who reads a programme's ledger (the programme readable first, programme-scope.ts):
// - association staff holding fund.read whose data scope covers the programme's association (the
//   association itself and those above it);
// - the finance bureau attached to the programme's association (organisations.parent_id, the same
//   bureau that confirms its calls, capacity/calls.ts), only when the programme says the bureau
//   co-manages it (`financeBureauCoManages`).
// Anyone else who reads the programme is refused with 403 OUT_OF_SCOPE; a programme they may not
// read is 403 as well, one that does not exist 404. Only the programme's own association keeps the
// ledger (fund.manage): the budget entry.
import { once } from 'node:events';
import type { Stream } from 'node:stream';
import { and, asc, desc, eq, sql, type SQL } from 'drizzle-orm';
import type { Db, DbOrTx } from '../../db/client.js';
import { capacityApplications, fundAccounts, fundEntries, fundProjectBalances, organisations, pilotProjects, programmes, users } from '../../db/schema.js';
import type { Actor, RequestMeta } from '../../platform/actor.js';
import { AppError } from '../../platform/errors.js';
import { beforeTimeKey, timeKeyOf } from '../../http/paging.js';
import { isInScope } from '../../../domain/access/roles.js';
import type { ProgrammeParameters } from '../../../domain/programme/programme.types.js';
import type { ProgrammeState } from '../../../domain/programme/programme.lifecycle.js';
import { committedFen, ledgerEntryKindLabels, outstandingFen, withDerived, type FundSums, type LedgerEntryKind } from '../../../domain/funds/ledger.js';
import type { FundAccount, FundEntry, FundLedger, FundProject } from '../../../contract/funds.js';
import { fundBalanceColumns, fundProjectColumns } from '../../../domain/funds/columns.js';
import { assertProgrammeRowReadable } from '../programmes/programme-scope.js';
import { fundProjectKindLabels, recordFundEntry, stagedKind, sumsOfAccount, type FundProjectKind } from './ledger.repo.js';

export interface ProgrammeForFunds {
  id: string;
  name: string;
  status: string;
  associationId: string;
  associationName: string;
  associationPath: string;
  parameters: ProgrammeParameters;
  /** the actor keeps the ledger: fund.manage at the programme's own association */
  keeps: boolean;
}

/** The programme whose ledger the actor may read; 404 when there is none, 403 when not theirs to read. */
export async function loadFundProgramme(db: DbOrTx, actor: Actor, programmeId: string): Promise<ProgrammeForFunds> {
  const [r] = await db
    .select({ p: programmes, associationName: organisations.name, associationPath: organisations.path })
    .from(programmes)
    .innerJoin(organisations, eq(organisations.id, programmes.associationId))
    .where(eq(programmes.id, programmeId));
  if (!r) throw new AppError('NOT_FOUND', '方案不存在');
  assertProgrammeRowReadable(actor, r);
  const parameters = r.p.parameters as ProgrammeParameters;
  const reads = actor.permissions.has('fund.read');
  const staff = reads && actor.orgType === 'association' && isInScope(actor.scopePath, r.associationPath);
  // a finance bureau's data scope is the association it is attached to (domain/access/roles.ts)
  const bureau = reads && actor.orgType === 'finance_bureau' && actor.scopePath === r.associationPath && parameters.financeBureauCoManages === true;
  if (!staff && !bureau) {
    throw new AppError('OUT_OF_SCOPE', actor.orgType === 'finance_bureau' ? '该方案的专项资金不由本财政局共同管理，不能查看其资金台账' : '该方案的资金台账不在本单位数据范围内', {
      extra: { entityType: 'programme', entityId: r.p.id },
    });
  }
  return {
    id: r.p.id,
    name: r.p.name,
    status: r.p.status,
    associationId: r.p.associationId,
    associationName: r.associationName,
    associationPath: r.associationPath,
    parameters,
    keeps: actor.orgType === 'association' && actor.orgId === r.p.associationId && actor.permissions.has('fund.manage'),
  };
}

/** The fund of the programme named in a path: listed in its parameters, or with entries of its own (404 otherwise). */
export async function assertFundOf(db: DbOrTx, prog: ProgrammeForFunds, fundCode: string): Promise<void> {
  if ((prog.parameters.funds ?? []).some((f) => f.code === fundCode)) return;
  const [a] = await db
    .select({ n: fundAccounts.entries })
    .from(fundAccounts)
    .where(and(eq(fundAccounts.programmeId, prog.id), eq(fundAccounts.fundCode, fundCode)));
  if (!a) throw new AppError('NOT_FOUND', '本方案没有这项专项资金');
}

const int = (col: SQL) => sql<number>`coalesce(${col}, 0)::bigint`.mapWith(Number);

/**
 * Every fund of the programme with its balances: the funds its parameters list (in their order,
 * zero until the first entry) and any fund with entries that the parameters no longer list.
 * `balanced` checks the identity, that nothing is negative, and that the running sums of the
 * account equal the sums over its projects' balances (one grouped scan of fund_project_balances).
 */
export async function fundAccountsOf(db: DbOrTx, prog: ProgrammeForFunds): Promise<FundAccount[]> {
  const [accounts, perProject] = await Promise.all([
    db.select().from(fundAccounts).where(eq(fundAccounts.programmeId, prog.id)),
    db
      .select({
        fundCode: fundProjectBalances.fundCode,
        projects: sql<number>`count(*)::int`.mapWith(Number),
        awardedFen: int(sql`sum(CASE WHEN ${fundProjectBalances.cancelled} THEN 0 ELSE ${fundProjectBalances.awardFen} END)`),
        // domain/funds/ledger.ts committedFen: a capacity award (paid once) commits nothing once disbursed; a pilot's (staged) what is left
        committedFen: int(
          sql`sum(CASE WHEN ${fundProjectBalances.cancelled} OR (${fundProjectBalances.projectKind} <> 'project' AND ${fundProjectBalances.disbursedFen} > 0) THEN 0 ELSE greatest(${fundProjectBalances.awardFen} - ${fundProjectBalances.disbursedFen}, 0) END)`,
        ),
        disbursedFen: int(sql`sum(${fundProjectBalances.disbursedFen})`),
        spentFen: int(sql`sum(${fundProjectBalances.spentFen})`),
        refundedFen: int(sql`sum(${fundProjectBalances.refundedFen})`),
        recoveredFen: int(sql`sum(${fundProjectBalances.recoveredFen})`),
      })
      .from(fundProjectBalances)
      .where(eq(fundProjectBalances.programmeId, prog.id))
      .groupBy(fundProjectBalances.fundCode),
  ]);
  const listed = prog.parameters.funds ?? [];
  const codes = [...listed.map((f) => f.code), ...accounts.map((a) => a.fundCode).filter((c) => !listed.some((f) => f.code === c)).sort()];
  return codes.map((code) => {
    const f = listed.find((x) => x.code === code);
    const a = accounts.find((x) => x.fundCode === code);
    const sums: FundSums = a ? sumsOfAccount(a) : { budgetedFen: 0, awardedFen: 0, committedFen: 0, disbursedFen: 0, spentFen: 0, refundedFen: 0, recoveredFen: 0 };
    const b = withDerived(sums);
    const p = perProject.find((x) => x.fundCode === code);
    const projectSums = p ?? { awardedFen: 0, committedFen: 0, disbursedFen: 0, spentFen: 0, refundedFen: 0, recoveredFen: 0 };
    const agrees = (['awardedFen', 'committedFen', 'disbursedFen', 'spentFen', 'refundedFen', 'recoveredFen'] as const).every((k) => projectSums[k] === sums[k]);
    return {
      code,
      name: f?.name ?? '方案参数中已移除的专项资金',
      source: f?.source ?? null,
      plannedFen: f?.amountFen ?? null,
      inParameters: !!f,
      ...b,
      projects: p?.projects ?? 0,
      entries: a?.entries ?? 0,
      balanced: b.budgetedFen === b.availableFen + b.committedFen + b.paidOutFen && b.availableFen >= 0 && b.paidOutFen >= 0 && agrees,
      updatedAt: a && a.entries > 0 ? a.updatedAt.toISOString() : null,
    };
  });
}

export async function fundLedgerView(db: DbOrTx, prog: ProgrammeForFunds): Promise<FundLedger> {
  return {
    programmeId: prog.id,
    programmeName: prog.name,
    programmeStatus: prog.status as ProgrammeState,
    associationName: prog.associationName,
    items: await fundAccountsOf(db, prog),
    nextCursor: null,
    actions: prog.keeps && prog.status !== 'closed' ? ['budget'] : [],
  };
}

// ------------------------------------------------------------------------------------------------
// The journal and the project balances: key-based pages
// ------------------------------------------------------------------------------------------------

/** The name of a funded project, whichever table it lives in. */
const projectTitle = sql<string | null>`coalesce(${capacityApplications.title}, ${pilotProjects.title})`;

/** Entries with who recorded them, the society and the project's name: the journal's and a project's rows alike. */
const entryRows = (db: DbOrTx) =>
  db
    .select({
      e: fundEntries,
      key: timeKeyOf(fundEntries.recordedAt),
      recordedByName: users.displayName,
      societyName: organisations.name,
      projectTitle,
    })
    .from(fundEntries)
    .leftJoin(users, eq(users.id, fundEntries.recordedBy))
    .leftJoin(fundProjectBalances, and(eq(fundProjectBalances.projectKind, fundEntries.projectKind), eq(fundProjectBalances.projectId, fundEntries.projectId)))
    .leftJoin(organisations, eq(organisations.id, fundProjectBalances.societyId))
    .leftJoin(capacityApplications, and(eq(fundEntries.projectKind, 'capacityApplication'), eq(capacityApplications.id, fundEntries.projectId)))
    .leftJoin(pilotProjects, and(eq(fundEntries.projectKind, 'project'), eq(pilotProjects.id, fundEntries.projectId)));

/** One page of the fund's journal, newest first, on fund_entries_fund_recorded_idx. */
export async function fundEntriesPage(db: DbOrTx, prog: ProgrammeForFunds, fundCode: string, after: [string, string] | null, limit: number) {
  const rows = await entryRows(db)
    .where(and(fundEntriesWhere(prog, fundCode), beforeTimeKey(fundEntries.recordedAt, fundEntries.id, after)))
    .orderBy(desc(fundEntries.recordedAt), desc(fundEntries.id))
    .limit(limit + 1);
  return rows;
}
/** Every entry of one project, newest first (fund_entries_project_idx; a project has a few). */
export async function projectEntries(db: DbOrTx, projectKind: FundProjectKind, projectId: string): Promise<FundEntry[]> {
  const rows = await entryRows(db)
    .where(and(eq(fundEntries.projectKind, projectKind), eq(fundEntries.projectId, projectId)))
    .orderBy(desc(fundEntries.recordedAt), desc(fundEntries.id));
  return rows.map(fundEntryView);
}

export const fundEntriesWhere = (prog: ProgrammeForFunds, fundCode: string) => and(eq(fundEntries.programmeId, prog.id), eq(fundEntries.fundCode, fundCode))!;

export function fundEntryView(r: Awaited<ReturnType<typeof fundEntriesPage>>[number]): FundEntry {
  const kind = r.e.kind as LedgerEntryKind;
  return {
    id: r.e.id,
    kind,
    kindLabel: ledgerEntryKindLabels[kind] ?? r.e.kind,
    amountFen: r.e.amountFen,
    projectKind: (r.e.projectKind as FundProjectKind | null) ?? null,
    projectId: r.e.projectId,
    projectTitle: r.e.projectId ? (r.projectTitle ?? '（项目已删除）') : null,
    societyName: r.societyName,
    note: r.e.note,
    recordedAt: r.e.recordedAt.toISOString(),
    recordedByName: r.recordedByName,
  };
}

export const fundProjectsWhere = (prog: ProgrammeForFunds, fundCode: string) => and(eq(fundProjectBalances.programmeId, prog.id), eq(fundProjectBalances.fundCode, fundCode))!;

/** One page of the fund's projects in the order of fund_project_balances_fund_idx (project id, then kind). */
export async function fundProjectsPage(db: DbOrTx, prog: ProgrammeForFunds, fundCode: string, after: [string, string] | null, limit: number) {
  return db
    .select({ b: fundProjectBalances, societyName: organisations.name, title: projectTitle })
    .from(fundProjectBalances)
    .innerJoin(organisations, eq(organisations.id, fundProjectBalances.societyId))
    .leftJoin(capacityApplications, and(eq(fundProjectBalances.projectKind, 'capacityApplication'), eq(capacityApplications.id, fundProjectBalances.projectId)))
    .leftJoin(pilotProjects, and(eq(fundProjectBalances.projectKind, 'project'), eq(pilotProjects.id, fundProjectBalances.projectId)))
    .where(
      and(
        eq(fundProjectBalances.programmeId, prog.id),
        eq(fundProjectBalances.fundCode, fundCode),
        after ? sql`(${fundProjectBalances.projectId}, ${fundProjectBalances.projectKind}) > (${after[0]}::uuid, ${after[1]})` : undefined,
      ),
    )
    .orderBy(asc(fundProjectBalances.projectId), asc(fundProjectBalances.projectKind))
    .limit(limit + 1);
}

export function fundProjectView(r: Awaited<ReturnType<typeof fundProjectsPage>>[number]): FundProject {
  const b = r.b;
  const p = { fund: b.fundCode, awardFen: b.awardFen, staged: stagedKind(b.projectKind), cancelled: b.cancelled, disbursedFen: b.disbursedFen, spentFen: b.spentFen, refundedFen: b.refundedFen, recoveredFen: b.recoveredFen };
  const kind = b.projectKind as FundProjectKind;
  return {
    projectKind: kind,
    projectKindLabel: fundProjectKindLabels[kind] ?? '资助项目',
    projectId: b.projectId,
    title: r.title,
    societyId: b.societyId,
    societyName: r.societyName,
    awardFen: b.awardFen,
    cancelled: b.cancelled,
    disbursedFen: b.disbursedFen,
    spentFen: b.spentFen,
    refundedFen: b.refundedFen,
    recoveredFen: b.recoveredFen,
    committedFen: committedFen(p),
    outstandingFen: outstandingFen(p),
    updatedAt: b.updatedAt.toISOString(),
  };
}

// ------------------------------------------------------------------------------------------------
// The budget entry (预算入账): the programme's own association
// ------------------------------------------------------------------------------------------------

export async function recordBudget(opts: { db: Db; actor: Actor; meta: RequestMeta; programmeId: string; fundCode: string; amountFen: number; note: string }): Promise<void> {
  await opts.db.transaction(async (tx) => {
    const prog = await loadFundProgramme(tx, opts.actor, opts.programmeId);
    if (!prog.keeps) throw new AppError('FORBIDDEN', `专项资金预算由${prog.associationName}登记`);
    if (prog.status === 'closed') throw new AppError('INVALID_STATE', `方案“${prog.name}”已结束，不能再登记预算`);
    await recordFundEntry(tx, { actor: opts.actor, meta: opts.meta, programmeId: prog.id, fundCode: opts.fundCode, entry: { kind: 'budget', amountFen: opts.amountFen }, note: opts.note });
  });
}

// ------------------------------------------------------------------------------------------------
// Excel: the balances per fund and the project balances, under the page's column titles
// ------------------------------------------------------------------------------------------------

/** Rows of the export's second sheet are read in pages of this many. */
const EXPORT_PAGE = 1_000;

// eslint-disable-next-line no-control-regex -- removing control characters is the point
const xmlSafe = (s: string | null) => (s === null ? null : s.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, ''));
const yuan = (fen: number) => fen / 100;
const MONEY_FORMAT = '#,##0.00';

/** Every project of every fund of the programme, page by page (fund by fund, in the ledger's order). */
async function* allProjects(db: DbOrTx, prog: ProgrammeForFunds, funds: FundAccount[]): AsyncGenerator<{ fund: FundAccount; rows: FundProject[] }> {
  for (const fund of funds) {
    let after: [string, string] | null = null;
    for (;;) {
      const rows = await fundProjectsPage(db, prog, fund.code, after, EXPORT_PAGE);
      const kept = rows.slice(0, EXPORT_PAGE);
      if (kept.length) yield { fund, rows: kept.map(fundProjectView) };
      if (rows.length <= EXPORT_PAGE) break;
      const last = kept[kept.length - 1].b;
      after = [last.projectId, last.projectKind];
    }
  }
}

/** Writes the workbook to `out` (exceljs's streaming writer): sheet 资金余额, then sheet 项目资金. */
export async function writeFundWorkbook(out: NodeJS.WritableStream, db: DbOrTx, prog: ProgrammeForFunds): Promise<void> {
  const { default: ExcelJS } = await import('exceljs');
  const funds = await fundAccountsOf(db, prog);
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out as unknown as Stream, useSharedStrings: false, useStyles: true });
  wb.creator = '承接';

  const sheet1 = wb.addWorksheet('资金余额', { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet1.columns = [{ width: 40 }, { width: 24 }, { width: 18, style: { numFmt: MONEY_FORMAT } }, ...fundBalanceColumns.map(() => ({ width: 18, style: { numFmt: MONEY_FORMAT } })), { width: 12 }, { width: 10 }];
  const head1 = sheet1.addRow(['资金名称', '资金来源', '计划金额（元）', ...fundBalanceColumns.map((c) => c.title), '资助项目数', '平衡核对']);
  head1.font = { bold: true };
  head1.commit();
  for (const f of funds) {
    sheet1.addRow([xmlSafe(f.name), xmlSafe(f.source) ?? '—', f.plannedFen === null ? '未规定' : yuan(f.plannedFen), ...fundBalanceColumns.map((c) => yuan(f[c.key])), f.projects, f.balanced ? '平衡' : '不平衡']).commit();
  }
  sheet1.commit();

  const sheet2 = wb.addWorksheet('项目资金', { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet2.columns = [{ width: 36 }, ...fundProjectColumns.map((c) => (c.key.endsWith('Fen') ? { width: 18, style: { numFmt: MONEY_FORMAT } } : { width: c.key === 'title' ? 44 : c.key === 'societyName' ? 30 : 12 }))];
  const head2 = sheet2.addRow(['资金名称', ...fundProjectColumns.map((c) => c.title)]);
  head2.font = { bold: true };
  head2.commit();
  const o = out as NodeJS.WritableStream & { writableNeedDrain?: boolean; destroyed?: boolean };
  for await (const { fund, rows } of allProjects(db, prog, funds)) {
    for (const p of rows) {
      const cells = fundProjectColumns.map((c) => {
        if (c.key === 'cancelled') return p.cancelled ? '已撤销' : '正常';
        const v = p[c.key];
        return typeof v === 'number' ? yuan(v) : xmlSafe(v ?? '—');
      });
      sheet2.addRow([xmlSafe(fund.name), ...cells]).commit();
    }
    // back-pressure: exceljs buffers what `out` has not taken yet; a closed download stops the reading
    if (o.writableNeedDrain && !o.destroyed) {
      const ac = new AbortController();
      await Promise.race([once(out, 'drain', { signal: ac.signal }), once(out, 'close', { signal: ac.signal })]).finally(() => ac.abort());
    }
    if (o.destroyed) return;
  }
  sheet2.commit();
  await wb.commit();
}
