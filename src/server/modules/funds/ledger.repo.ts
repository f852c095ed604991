// FND-5, FND-7: the one write path of the fund ledger. Every movement of a programme's fund — the
// budget, an award, its cancellation, the disbursement, an expense, a refund, a recovery — is made
// by `recordFundEntry` inside the transaction of the use case that causes it (the budget route
// here; awards, disbursements, expenses, refunds and recoveries in later steps), so the entry, the
// running sums and the use case's own change commit together or not at all.
//
// The decision is the pure ledger's (domain/funds/ledger.ts `refusalIn`), asked with what the
// transaction has locked: the fund's `fund_accounts` row (created on first use, then locked FOR
// UPDATE — every entry of a fund lines up behind it, so two awards that together exceed what is
// available, or two disbursements of one project, cannot both pass) and the one project's
// `fund_project_balances` row. The sums written back are `applyToScope`'s, so the rows always hold
// what the journal (`fund_entries`) adds up to (ledger.int.test.ts recomputes and compares).
//
// Lock order: the programme is read, then the account row, then the project row, then the audit
// chain's lock (appendAudit). A caller must call this before it appends its own audit row in the
// same transaction; auditing first and locking the account after could deadlock with an entry that
// holds the account and waits for the audit lock.
import { and, eq } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { fundAccounts, fundEntries, fundProjectBalances, organisations, programmes } from '../../db/schema.js';
import type { Actor, RequestMeta } from '../../platform/actor.js';
import { appendAudit, whoFromActor } from '../../platform/audit.js';
import { clauseOf, type HasRuleClauses, type RuleClauseKey } from '../../../domain/programme/rule-clauses.js';
import { AppError } from '../../platform/errors.js';
import type { ProgrammeParameters } from '../../../domain/programme/programme.types.js';
import { fundProjectKindValues } from '../../../contract/funds.js';
import { SUM_KEYS, applyToScope, refusalIn, withDerived, type EntryScope, type FundBalance, type FundSums, type LedgerEntry, type LedgerEntryKind, type ProjectBalance } from '../../../domain/funds/ledger.js';

/** What a fund pays for: a capacity application (CAP, once awarded) or a transfer pilot project (task-book funding). */
export const fundProjectKinds = fundProjectKindValues;
export type FundProjectKind = (typeof fundProjectKinds)[number];
export const fundProjectKindLabels: Record<FundProjectKind, string> = { capacityApplication: '能力提升项目', project: '试点项目' };

export interface FundProjectRef {
  kind: FundProjectKind;
  id: string;
}

/** An entry as a use case states it: the fund is the call's `fundCode`, the project by kind and id. */
export type FundEntryInput =
  | { kind: 'budget'; amountFen: number }
  | { kind: 'award'; project: FundProjectRef; amountFen: number }
  | { kind: 'cancelAward'; project: FundProjectRef }
  | { kind: 'disburse' | 'expense' | 'refund' | 'recover'; project: FundProjectRef; amountFen: number };

export interface RecordedEntry {
  entryId: string;
  recordedAt: Date;
  /** the fund after the entry */
  fund: FundBalance;
  /** the project after the entry (null for a budget entry) */
  project: ProjectBalance | null;
}

type AccountRow = typeof fundAccounts.$inferSelect;
type ProjectRow = typeof fundProjectBalances.$inferSelect;

const projectKey = (p: FundProjectRef) => `${p.kind}:${p.id}`;

/** The pure ledger's entry for an input: the fund by its code, the project by its key. */
function ledgerEntryOf(fundCode: string, e: FundEntryInput): LedgerEntry {
  switch (e.kind) {
    case 'budget':
      return { kind: 'budget', fund: fundCode, amountFen: e.amountFen };
    case 'award':
      // a pilot project's task-book funding is paid in stages; a capacity project's award once (CAP-6)
      return { kind: 'award', fund: fundCode, project: projectKey(e.project), amountFen: e.amountFen, staged: stagedKind(e.project.kind) };
    case 'cancelAward':
      return { kind: 'cancelAward', project: projectKey(e.project) };
    default:
      return { kind: e.kind, project: projectKey(e.project), amountFen: e.amountFen };
  }
}

export const sumsOfAccount = (a: Pick<AccountRow, (typeof SUM_KEYS)[number]>): FundSums => ({
  budgetedFen: a.budgetedFen,
  awardedFen: a.awardedFen,
  committedFen: a.committedFen,
  disbursedFen: a.disbursedFen,
  spentFen: a.spentFen,
  refundedFen: a.refundedFen,
  recoveredFen: a.recoveredFen,
});

/** Whether a project of this kind is paid in stages: a transfer pilot (task-book funding), not a capacity project. */
export const stagedKind = (kind: string): boolean => kind === 'project';

export const balanceOfProject = (r: ProjectRow): ProjectBalance => ({
  fund: r.fundCode,
  awardFen: r.awardFen,
  staged: stagedKind(r.projectKind),
  cancelled: r.cancelled,
  disbursedFen: r.disbursedFen,
  spentFen: r.spentFen,
  refundedFen: r.refundedFen,
  recoveredFen: r.recoveredFen,
});

/** The clause, behind each rule the ledger refuses by, in the programme's words (a page shows the clause, never the id). */
const ledgerClauseKeys: Record<string, RuleClauseKey> = {
  'FND-1': 'budgetLine',
  'FND-5': 'fundAccounting',
  'FND-6': 'recovery',
  'FND-7': 'programmeFunds',
  'CAP-6': 'disbursement',
};

/** A refusal by a rule: 409 with the rule's id beside the Chinese reason and the programme's clause (problem+json `rule`, `clause`). */
const ruleRefusal = (params: HasRuleClauses, rule: string, message: string) =>
  new AppError('INVALID_STATE', message, { extra: { rule, clause: clauseOf(params, ledgerClauseKeys[rule] ?? 'fundAccounting') } });

/**
 * Records one entry of a programme's fund in the caller's transaction and returns the balances
 * after it. Refusals (AppError, nothing written — the caller's transaction rolls back): the
 * programme unknown (404); the fund not one the programme's parameters list (409, FND-7); the
 * project funded from another programme or fund (409, FND-5); whatever the pure ledger refuses
 * (409 with its rule: FND-5 available money, CAP-6 a capacity project's disbursement once and within
 * the award, FND-5 a pilot project's staged disbursements within the award in sum, FND-1
 * expenses within the award, FND-6 refunds and recoveries within what is out); an amount that is
 * not a positive whole number of fen (400). An award names the society it goes to (`societyId`).
 */
export async function recordFundEntry(
  tx: DbOrTx,
  o: { actor: Actor | null; meta?: RequestMeta; programmeId: string; fundCode: string; entry: FundEntryInput; societyId?: string | null; note: string | null },
): Promise<RecordedEntry> {
  const { entry, fundCode } = o;
  const [prog] = await tx
    .select({ id: programmes.id, name: programmes.name, parameters: programmes.parameters, associationId: programmes.associationId, associationPath: organisations.path })
    .from(programmes)
    .innerJoin(organisations, eq(organisations.id, programmes.associationId))
    .where(eq(programmes.id, o.programmeId));
  if (!prog) throw new AppError('NOT_FOUND', '方案不存在');
  const params = prog.parameters as ProgrammeParameters;
  const fund = (params.funds ?? []).find((f) => f.code === fundCode);
  if (!fund) throw ruleRefusal(params, 'FND-7', `“${prog.name}”的方案参数中没有这项专项资金，只能登记方案所列专项资金的收支`);
  if ('amountFen' in entry && (!Number.isSafeInteger(entry.amountFen) || entry.amountFen <= 0)) {
    throw new AppError('VALIDATION_FAILED', '金额应为正的整数（分）', { errors: [{ path: 'amountFen', message: '金额应为正的整数（分）' }], extra: { rule: 'FND-5' } });
  }
  if (entry.kind === 'award' && !o.societyId) throw new AppError('VALIDATION_FAILED', '核定资助须指明承接的学会', { errors: [{ path: 'societyId', message: '核定资助须指明承接的学会' }] });

  // the fund's account: created on first use, then locked — every entry of the fund waits here
  await tx.insert(fundAccounts).values({ programmeId: prog.id, fundCode, associationPath: prog.associationPath }).onConflictDoNothing();
  const [account] = await tx
    .select()
    .from(fundAccounts)
    .where(and(eq(fundAccounts.programmeId, prog.id), eq(fundAccounts.fundCode, fundCode)))
    .for('update');

  let row: ProjectRow | undefined;
  if (entry.kind !== 'budget') {
    [row] = await tx
      .select()
      .from(fundProjectBalances)
      .where(and(eq(fundProjectBalances.projectKind, entry.project.kind), eq(fundProjectBalances.projectId, entry.project.id)))
      .for('update');
    if (row && (row.programmeId !== prog.id || row.fundCode !== fundCode)) {
      throw ruleRefusal(params, 'FND-5', '该项目的资助来自另一方案或另一项专项资金：专项资金单独核算，不能在此登记');
    }
  }

  const e = ledgerEntryOf(fundCode, entry);
  // the fund counts as in the ledger from its first budget entry, as in the pure ledger
  const scope: EntryScope = { fund: account.budgetedFen > 0 ? sumsOfAccount(account) : null, project: row ? balanceOfProject(row) : null };
  const refusal = refusalIn(scope, e);
  if (refusal) throw ruleRefusal(params, refusal.rule, refusal.message);
  const next = applyToScope(scope, e);
  const now = new Date();
  // a cancellation is journalled with the award it withdraws
  const amountFen = entry.kind === 'cancelAward' ? row!.awardFen : entry.amountFen;

  if (entry.kind === 'award') {
    // another fund's account does not serialise with this one: the key decides between two awards of one project
    const inserted = await tx
      .insert(fundProjectBalances)
      .values({ programmeId: prog.id, fundCode, projectKind: entry.project.kind, projectId: entry.project.id, societyId: o.societyId!, awardFen: entry.amountFen, updatedAt: now })
      .onConflictDoNothing()
      .returning({ id: fundProjectBalances.projectId });
    if (!inserted.length) throw ruleRefusal(params, 'FND-5', '该项目已核定资助金额');
  } else if (entry.kind !== 'budget') {
    const p = next.project!;
    await tx
      .update(fundProjectBalances)
      .set({ cancelled: p.cancelled, disbursedFen: p.disbursedFen, spentFen: p.spentFen, refundedFen: p.refundedFen, recoveredFen: p.recoveredFen, updatedAt: now })
      .where(and(eq(fundProjectBalances.projectKind, entry.project.kind), eq(fundProjectBalances.projectId, entry.project.id)));
  }
  const [journal] = await tx
    .insert(fundEntries)
    .values({
      programmeId: prog.id,
      fundCode,
      kind: entry.kind,
      amountFen,
      projectKind: entry.kind === 'budget' ? null : entry.project.kind,
      projectId: entry.kind === 'budget' ? null : entry.project.id,
      note: o.note,
      recordedBy: o.actor?.userId ?? null,
    })
    .returning({ id: fundEntries.id, recordedAt: fundEntries.recordedAt });
  await tx
    .update(fundAccounts)
    .set({ ...next.fund, entries: account.entries + 1, updatedAt: now })
    .where(and(eq(fundAccounts.programmeId, prog.id), eq(fundAccounts.fundCode, fundCode)));

  const kind: LedgerEntryKind = entry.kind;
  const societyId = entry.kind === 'award' ? o.societyId! : (row?.societyId ?? null);
  await appendAudit(tx, whoFromActor(o.actor, o.meta ?? { ip: null, requestId: null }), {
    action: `fund.${kind}`,
    entityType: 'fund',
    entityId: journal.id,
    orgId: prog.associationId,
    orgPath: prog.associationPath,
    after: {
      programmeId: prog.id,
      name: fund.name,
      amountFen,
      ...(societyId ? { societyId } : {}),
      ...(entry.kind !== 'budget' && entry.project.kind === 'project' ? { projectId: entry.project.id } : {}),
      note: o.note,
    },
  });
  return { entryId: journal.id, recordedAt: journal.recordedAt, fund: withDerived(next.fund), project: next.project };
}
