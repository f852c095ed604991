// FND-5, FND-7 (issue 13): the fund ledger on both drivers, with the demo's 济南市科协 and its
// preset-003 programme (fund capacity_special_fund, co-managed by 济南市财政局). The budget through
// its route; awards, cancellations, disbursements, expenses, refunds and recoveries through the one
// write path (recordFundEntry, called in a transaction as the later use cases will). Every refusal
// names its rule and changes nothing; after a random sequence the running sums equal what the
// journal adds up to, and what the pure ledger says; who reads the ledger; the journal and project
// pages; the Excel export. On PostgreSQL: racing awards and racing disbursements, exactly one wins.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { TestClient, as, createTestContext, scalar, type TestContext } from '../../testing/harness.js';
import { AppError } from '../../platform/errors.js';
import { recordFundEntry, type FundEntryInput, type FundProjectRef } from './ledger.repo.js';
import { applyEntry, emptyLedger, entryRefusal, fundBalance, type Ledger, type LedgerEntry } from '../../../domain/funds/ledger.js';

const FUND = 'capacity_special_fund';
let ctx: TestContext;
let jinan: TestClient;
let jncz: TestClient;
let sheng: TestClient;
let qingdao: TestClient;
let pingyin: TestClient;
let jixie: TestClient;
let anon: TestClient;
let programmeId: string;
let societies: { id: string; name: string }[];

const base = () => `/api/v1/programmes/${programmeId}/funds`;
type Row = Record<string, any>;
const rows = async (q: ReturnType<typeof sql>): Promise<Row[]> => ((await ctx.database.db.execute(q)) as unknown as { rows: Row[] }).rows;

/** Everything an entry could change: the sums, the project balances, the journal and the audit log. */
async function snapshot() {
  return {
    accounts: await rows(sql`SELECT * FROM fund_accounts ORDER BY programme_id, fund_code`),
    projects: await rows(sql`SELECT * FROM fund_project_balances ORDER BY project_kind, project_id`),
    entries: await scalar(ctx.database.db, sql`SELECT count(*)::int AS n FROM fund_entries`),
    audit: await scalar(ctx.database.db, sql`SELECT count(*)::int AS n FROM audit_log`),
  };
}

/** One entry in its own transaction, as a use case will make it. */
const record = (entry: FundEntryInput, o: { societyId?: string; fundCode?: string; programme?: string; note?: string } = {}) =>
  ctx.database.db.transaction((tx) => recordFundEntry(tx, { actor: null, programmeId: o.programme ?? programmeId, fundCode: o.fundCode ?? FUND, entry, societyId: o.societyId ?? null, note: o.note ?? null }));

/** A refusal by a rule: 409 (or the code given), the rule named (null: none), nothing changed. */
async function refused(p: () => Promise<unknown>, rule: string | null, message?: string | RegExp, code = 'INVALID_STATE') {
  const before = await snapshot();
  const err = await p().then(
    () => null,
    (e: unknown) => e,
  );
  expect(err, `expected a refusal by ${rule}`).toBeInstanceOf(AppError);
  const e = err as AppError;
  expect(e.code).toBe(code);
  expect(e.extra?.rule ?? null).toBe(rule);
  if (message) expect(e.message).toMatch(message);
  expect(await snapshot()).toEqual(before);
}

/** A capacity application of the programme (the table the award names), so that names resolve; each to a call of its own year. */
let year = 2100;
async function application(societyIdx: number, title: string): Promise<FundProjectRef> {
  const s = societies[societyIdx];
  year += 1;
  const [call] = await rows(sql`
    INSERT INTO capacity_calls (programme_id, association_id, association_path, year, title, description, budget_fen, fund_code, opens_on, closes_on, types, status)
    SELECT p.id, p.association_id, o.path, ${year}, ${`${year}年度申报通知`}, '通知正文', 100000000, ${FUND}, '2031-04-01', '2031-04-30', '[{"code":"academic_exchange","quota":9,"awardFen":100000}]'::jsonb, 'closed'
    FROM programmes p JOIN organisations o ON o.id = p.association_id WHERE p.id = ${programmeId}
    RETURNING id`);
  const [r] = await rows(sql`
    INSERT INTO capacity_applications (call_id, programme_id, association_id, association_path, society_id, society_path, type_code, title, goals, indicators, budget, requested_fen, status)
    SELECT ${call.id}, p.id, p.association_id, a.path, o.id, o.path, 'academic_exchange', ${title}, '目标', '[]'::jsonb, '[]'::jsonb, 100000, 'passed'
    FROM programmes p JOIN organisations a ON a.id = p.association_id JOIN organisations o ON o.id = ${s.id}
    WHERE p.id = ${programmeId}
    RETURNING id`);
  return { kind: 'capacityApplication', id: r.id };
}

beforeAll(async () => {
  ctx = await createTestContext();
  [jinan, jncz, sheng, qingdao, pingyin, jixie] = await Promise.all(['jinan.admin', 'jncz.user', 'sheng.admin', 'qingdao.admin', 'pingyin.admin', 'jixie.user'].map((u) => as(ctx.app, u)));
  anon = new TestClient(ctx.app);
  programmeId = ctx.ids.programmes.jinan;
  // the finance bureau reads a programme once it is published (programme-scope.ts)
  const prog = await jinan.get(`/api/v1/programmes/${programmeId}`);
  const pub = await jinan.post(`/api/v1/programmes/${programmeId}/publish`, { version: prog.body.version, confirmPastStages: true });
  expect(pub.status, JSON.stringify(pub.body)).toBe(200);
  societies = (await rows(sql`SELECT id, name FROM organisations WHERE type = 'society' AND parent_id = ${ctx.ids.jinan} ORDER BY name`)) as { id: string; name: string }[];
  expect(societies.length).toBeGreaterThanOrEqual(3);
}, 180_000);
afterAll(async () => ctx?.close());

describe('who reads and keeps the ledger', () => {
  it('the association and those above it read it; its own association keeps it; the co-managing finance bureau reads it', async () => {
    const mine = await jinan.get(base());
    expect(mine.status, JSON.stringify(mine.body)).toBe(200);
    expect(mine.body).toMatchObject({
      programmeId,
      associationName: '济南市科学技术协会',
      actions: ['budget'],
      nextCursor: null,
      items: [{ code: FUND, name: '益阳市科协学会服务能力提升计划专项资金', plannedFen: null, inParameters: true, budgetedFen: 0, availableFen: 0, projects: 0, entries: 0, balanced: true, updatedAt: null }],
    });
    expect((await sheng.get(base())).body).toMatchObject({ actions: [], items: [{ code: FUND }] });
    expect((await jncz.get(base())).body).toMatchObject({ actions: [], items: [{ code: FUND }] });
  });

  it('refuses a society (403), another city (403), the county association below (403), nobody (401), an unknown programme (404)', async () => {
    const soc = await jixie.get(base());
    expect([soc.status, soc.body.code]).toEqual([403, 'FORBIDDEN']);
    const other = await qingdao.get(base());
    expect([other.status, other.body.code]).toEqual([403, 'OUT_OF_SCOPE']);
    const below = await pingyin.get(base());
    expect([below.status, below.body.code]).toEqual([403, 'OUT_OF_SCOPE']);
    expect((await anon.get(base())).status).toBe(401);
    expect((await jinan.get('/api/v1/programmes/00000000-0000-4000-8000-000000000000/funds')).status).toBe(404);
    for (const path of [`${base()}/${FUND}/entries`, `${base()}/${FUND}/projects`, `${base()}/export.xlsx`]) {
      expect((await qingdao.get(path)).status, path).toBe(403);
      expect((await jixie.get(path)).status, path).toBe(403);
    }
    expect((await jinan.get(`${base()}/no_such_fund/entries`)).status).toBe(404);
  });

  it('the finance bureau only while the programme says it co-manages the funds', async () => {
    await ctx.database.db.execute(sql`UPDATE programmes SET parameters = jsonb_set(parameters, '{financeBureauCoManages}', 'false') WHERE id = ${programmeId}`);
    try {
      const r = await jncz.get(base());
      expect([r.status, r.body.code]).toEqual([403, 'OUT_OF_SCOPE']);
      expect(r.body.detail).toContain('不由本财政局共同管理');
      expect((await jinan.get(base())).status).toBe(200);
    } finally {
      await ctx.database.db.execute(sql`UPDATE programmes SET parameters = jsonb_set(parameters, '{financeBureauCoManages}', 'true') WHERE id = ${programmeId}`);
    }
    expect((await jncz.get(base())).status).toBe(200);
  });
});

describe('the budget entry (预算入账)', () => {
  it('is kept by the programme’s own association only, within the programme’s funds, with a note', async () => {
    const body = { amountFen: 100_000_000, note: '济财教〔2026〕12 号：年度专项资金预算' };
    const untouched = await snapshot();
    expect((await jncz.post(`${base()}/${FUND}/budget`, body)).status).toBe(403);
    const above = await sheng.post(`${base()}/${FUND}/budget`, body);
    expect([above.status, above.body.code]).toEqual([403, 'FORBIDDEN']);
    // a denial is audited (access.deny), nothing else is written
    expect({ ...(await snapshot()), audit: untouched.audit }).toEqual(untouched);
    const before = await snapshot();
    expect((await jinan.post(`${base()}/${FUND}/budget`, { ...body, note: '' })).status).toBe(400);
    expect((await jinan.post(`${base()}/${FUND}/budget`, { ...body, amountFen: 0 })).status).toBe(400);
    expect((await jinan.post(`${base()}/${FUND}/budget`, { ...body, amountFen: 12.5 })).status).toBe(400);
    const unknown = await jinan.post(`${base()}/other_fund/budget`, body);
    expect([unknown.status, unknown.body.code, unknown.body.rule]).toEqual([409, 'INVALID_STATE', 'FND-7']);
    expect(unknown.body.detail).toContain('方案参数中没有这项专项资金');
    expect(await snapshot()).toEqual(before);

    const ok = await jinan.post(`${base()}/${FUND}/budget`, body);
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    expect(ok.body).toMatchObject({ code: FUND, budgetedFen: 100_000_000, availableFen: 100_000_000, committedFen: 0, paidOutFen: 0, entries: 1, balanced: true });
    const audit = await rows(sql`SELECT action, entity_type, entity_id, after, actor_user_id FROM audit_log WHERE entity_type = 'fund' AND after->>'programmeId' = ${programmeId} ORDER BY seq`);
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ action: 'fund.budget', actor_user_id: ctx.ids.users['jinan.admin'], after: { programmeId, name: '益阳市科协学会服务能力提升计划专项资金', amountFen: 100_000_000, note: body.note } });
    const [entry] = await rows(sql`SELECT id, kind, amount_fen, note FROM fund_entries WHERE programme_id = ${programmeId}`);
    expect(entry).toMatchObject({ id: audit[0].entity_id, kind: 'budget', amount_fen: 100_000_000 });
  });
});

describe('awards, disbursement, expenses, refunds and recoveries (recordFundEntry)', () => {
  it('moves the balances as the ledger says, and refuses what breaks a rule, naming it and changing nothing', async () => {
    const a = await application(0, '学术交流品牌建设项目');
    const b = await application(1, '科技志愿服务项目');
    await refused(() => record({ kind: 'award', project: a, amountFen: 30_000_000 }), null, '核定资助须指明承接的学会', 'VALIDATION_FAILED');
    const r1 = await record({ kind: 'award', project: a, amountFen: 30_000_000 }, { societyId: societies[0].id, note: '评审结果公示无异议' });
    expect(r1.fund).toMatchObject({ budgetedFen: 100_000_000, awardedFen: 30_000_000, committedFen: 30_000_000, availableFen: 70_000_000 });
    await refused(() => record({ kind: 'award', project: a, amountFen: 1 }, { societyId: societies[0].id }), 'FND-5', '该项目已核定资助金额');
    await refused(() => record({ kind: 'award', project: b, amountFen: 70_000_001 }, { societyId: societies[1].id }), 'FND-5', /资助金额超过该资金的可用余额（700,000.00 元）/);
    await refused(() => record({ kind: 'disburse', project: b, amountFen: 1 }), 'FND-5', '该项目没有核定的资助金额');
    await refused(() => record({ kind: 'disburse', project: a, amountFen: 30_000_001 }), 'CAP-6', '拨付金额不能超过核定的资助金额');
    const r2 = await record({ kind: 'disburse', project: a, amountFen: 30_000_000 });
    expect(r2.fund).toMatchObject({ committedFen: 0, disbursedFen: 30_000_000, paidOutFen: 30_000_000, availableFen: 70_000_000 });
    await refused(() => record({ kind: 'disburse', project: a, amountFen: 1 }), 'CAP-6', '该项目的资金已拨付，不能重复拨付');
    await record({ kind: 'expense', project: a, amountFen: 12_000_000 });
    await refused(() => record({ kind: 'expense', project: a, amountFen: 18_000_001 }), 'FND-1', '支出合计不能超过批复的项目预算');
    await record({ kind: 'refund', project: a, amountFen: 5_000_000 }, { note: '执行期满未使用资金退还' });
    await refused(() => record({ kind: 'recover', project: a, amountFen: 25_000_001 }), 'FND-6', /收回金额不能超过/);
    await refused(() => record({ kind: 'refund', project: a, amountFen: 25_000_001 }), 'FND-6', /退还金额不能超过/);
    const r3 = await record({ kind: 'recover', project: a, amountFen: 25_000_000 }, { note: '验收不合格，收回已拨付资金' });
    expect(r3.fund).toMatchObject({ disbursedFen: 30_000_000, refundedFen: 5_000_000, recoveredFen: 25_000_000, paidOutFen: 0, committedFen: 0, availableFen: 100_000_000, spentFen: 12_000_000 });
    expect(r3.project).toMatchObject({ awardFen: 30_000_000, disbursedFen: 30_000_000, refundedFen: 5_000_000, recoveredFen: 25_000_000 });

    // a cancelled award commits nothing more and cannot be paid
    await record({ kind: 'award', project: b, amountFen: 20_000_000 }, { societyId: societies[1].id });
    const c = await record({ kind: 'cancelAward', project: b }, { note: '公示期间异议成立' });
    expect(c.fund).toMatchObject({ awardedFen: 30_000_000, committedFen: 0, availableFen: 100_000_000 });
    await refused(() => record({ kind: 'cancelAward', project: b }), 'FND-5', '该项目的资助已撤销');
    await refused(() => record({ kind: 'disburse', project: b, amountFen: 1 }), 'CAP-6', '该项目的资助已撤销，不能拨付');

    // ring-fenced: a fund the programme does not list; a project funded from another programme's fund
    await refused(() => record({ kind: 'budget', amountFen: 1 }, { fundCode: 'other_fund' }), 'FND-7');
    await refused(() => record({ kind: 'expense', project: a, amountFen: 1 }, { programme: ctx.ids.programmes.shandong, fundCode: 'capacity_programme' }), 'FND-5', /另一方案或另一项专项资金/);
    await refused(() => record({ kind: 'expense', project: a, amountFen: 0 }), 'FND-5', undefined, 'VALIDATION_FAILED');

    // one audit row per journal entry, on the association's path, naming the society
    const audit = await rows(sql`SELECT action, after FROM audit_log WHERE entity_type = 'fund' AND after->>'programmeId' = ${programmeId} ORDER BY seq`);
    expect(audit.map((x) => x.action)).toEqual(['fund.budget', 'fund.award', 'fund.disburse', 'fund.expense', 'fund.refund', 'fund.recover', 'fund.award', 'fund.cancelAward']);
    expect(audit[1].after).toMatchObject({ societyId: societies[0].id, amountFen: 30_000_000, note: '评审结果公示无异议' });
    expect(audit[7].after).toMatchObject({ societyId: societies[1].id, amountFen: 20_000_000 });
  });

  it('shows the balances, the journal newest first and the projects with their societies, page by page', async () => {
    const ledger = await jncz.get(base());
    expect(ledger.body.items[0]).toMatchObject({ budgetedFen: 100_000_000, awardedFen: 30_000_000, disbursedFen: 30_000_000, spentFen: 12_000_000, refundedFen: 5_000_000, recoveredFen: 25_000_000, availableFen: 100_000_000, projects: 2, entries: 8, balanced: true });

    const seen: Row[] = [];
    let cursor: string | null = null;
    let first: Row | null = null;
    do {
      const res = await jncz.get(`${base()}/${FUND}/entries?limit=3${cursor ? `&cursor=${cursor}` : '&count=exact'}`);
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      first ??= res.body;
      seen.push(...res.body.items);
      cursor = res.body.nextCursor;
    } while (cursor);
    expect(first!.total).toBe(8);
    expect(seen.map((x) => x.kind)).toEqual(['cancelAward', 'award', 'recover', 'refund', 'expense', 'disburse', 'award', 'budget']);
    expect(seen[0]).toMatchObject({ kindLabel: '撤销资助', amountFen: 20_000_000, projectKind: 'capacityApplication', projectTitle: '科技志愿服务项目', societyName: societies[1].name, note: '公示期间异议成立', recordedByName: null });
    expect(seen[7]).toMatchObject({ kindLabel: '预算入账', projectTitle: null, societyName: null, recordedByName: expect.any(String) });

    const p1 = await jinan.get(`${base()}/${FUND}/projects?limit=1&count=exact`);
    expect(p1.body.total).toBe(2);
    const p2 = await jinan.get(`${base()}/${FUND}/projects?limit=1&cursor=${p1.body.nextCursor}`);
    expect(p2.body.nextCursor).toBeNull();
    const projects = [...p1.body.items, ...p2.body.items];
    expect(projects.map((p: Row) => p.projectId)).toEqual([...projects.map((p: Row) => p.projectId)].sort());
    expect(projects).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ title: '学术交流品牌建设项目', societyName: societies[0].name, projectKindLabel: '能力提升项目', awardFen: 30_000_000, spentFen: 12_000_000, outstandingFen: 0, committedFen: 0, cancelled: false }),
        expect.objectContaining({ title: '科技志愿服务项目', societyName: societies[1].name, cancelled: true, committedFen: 0 }),
      ]),
    );
    const bad = await jinan.get(`${base()}/${FUND}/projects?cursor=${Buffer.from('["x","y"]').toString('base64url')}`);
    expect(bad.status).toBe(400);
  });
});

describe('the running sums are what the journal adds up to', () => {
  it('after a random sequence of entries (refused ones included), for the fund and every project, and as the pure ledger says', async () => {
    // the pure ledger, fed with everything so far and then with the same random sequence
    const journal = await rows(sql`SELECT kind, amount_fen, project_kind, project_id FROM fund_entries WHERE programme_id = ${programmeId} AND fund_code = ${FUND} ORDER BY recorded_at, (kind = 'budget') DESC`);
    let l: Ledger = emptyLedger();
    const key = (kind: string, id: string) => `${kind}:${id}`;
    for (const j of journal) {
      const e: LedgerEntry =
        j.kind === 'budget'
          ? { kind: 'budget', fund: FUND, amountFen: j.amount_fen }
          : j.kind === 'award'
            ? { kind: 'award', fund: FUND, project: key(j.project_kind, j.project_id), amountFen: j.amount_fen }
            : j.kind === 'cancelAward'
              ? { kind: 'cancelAward', project: key(j.project_kind, j.project_id) }
              : ({ kind: j.kind, project: key(j.project_kind, j.project_id), amountFen: j.amount_fen } as LedgerEntry);
      l = applyEntry(l, e);
    }
    let seed = 20260613;
    const r = () => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return seed / 4294967296;
    };
    const projects: { ref: FundProjectRef; society: string }[] = [];
    for (let i = 0; i < 8; i++) projects.push({ ref: await application(i % societies.length, `随机项目 ${i + 1}`), society: societies[i % societies.length].id });
    let accepted = 0;
    let refusedCount = 0;
    for (let step = 0; step < 120; step++) {
      const p = projects[Math.floor(r() * projects.length)];
      const amountFen = 1 + Math.floor(r() * (r() < 0.5 ? 500_000 : 20_000_000));
      const k = r();
      const entry: FundEntryInput =
        k < 0.06
          ? { kind: 'budget', amountFen }
          : k < 0.25
            ? { kind: 'award', project: p.ref, amountFen }
            : k < 0.3
              ? { kind: 'cancelAward', project: p.ref }
              : k < 0.45
                ? { kind: 'disburse', project: p.ref, amountFen }
                : k < 0.75
                  ? { kind: 'expense', project: p.ref, amountFen }
                  : k < 0.88
                    ? { kind: 'refund', project: p.ref, amountFen }
                    : { kind: 'recover', project: p.ref, amountFen };
      const pure: LedgerEntry =
        entry.kind === 'budget'
          ? { kind: 'budget', fund: FUND, amountFen }
          : entry.kind === 'award'
            ? { kind: 'award', fund: FUND, project: key(p.ref.kind, p.ref.id), amountFen }
            : entry.kind === 'cancelAward'
              ? { kind: 'cancelAward', project: key(p.ref.kind, p.ref.id) }
              : { kind: entry.kind, project: key(p.ref.kind, p.ref.id), amountFen };
      const expected = entryRefusal(l, pure);
      const got = await record(entry, { societyId: p.society }).then(
        () => null,
        (e: AppError) => ({ rule: e.extra?.rule, message: e.message }),
      );
      expect(got, `step ${step} ${JSON.stringify(entry)}`).toEqual(expected);
      if (expected) refusedCount++;
      else {
        l = applyEntry(l, pure);
        accepted++;
      }
    }
    expect(accepted).toBeGreaterThan(30);
    expect(refusedCount).toBeGreaterThan(10);

    // recompute from the journal alone
    const all = await rows(sql`SELECT kind, amount_fen, project_kind, project_id FROM fund_entries WHERE programme_id = ${programmeId} AND fund_code = ${FUND}`);
    const per = new Map<string, { award: number; cancelled: boolean; disbursed: number; spent: number; refunded: number; recovered: number }>();
    let budgeted = 0;
    for (const j of all) {
      if (j.kind === 'budget') {
        budgeted += j.amount_fen;
        continue;
      }
      const id = key(j.project_kind, j.project_id);
      const p = per.get(id) ?? { award: 0, cancelled: false, disbursed: 0, spent: 0, refunded: 0, recovered: 0 };
      if (j.kind === 'award') p.award += j.amount_fen;
      else if (j.kind === 'cancelAward') p.cancelled = true;
      else if (j.kind === 'disburse') p.disbursed += j.amount_fen;
      else if (j.kind === 'expense') p.spent += j.amount_fen;
      else if (j.kind === 'refund') p.refunded += j.amount_fen;
      else p.recovered += j.amount_fen;
      per.set(id, p);
    }
    const stored = await rows(sql`SELECT * FROM fund_project_balances WHERE programme_id = ${programmeId} AND fund_code = ${FUND}`);
    expect(stored).toHaveLength(per.size);
    for (const s of stored) {
      expect({ award: s.award_fen, cancelled: s.cancelled, disbursed: s.disbursed_fen, spent: s.spent_fen, refunded: s.refunded_fen, recovered: s.recovered_fen }).toEqual(per.get(key(s.project_kind, s.project_id)));
    }
    const sum = (f: (p: typeof per extends Map<string, infer V> ? V : never) => number) => [...per.values()].reduce((n, p) => n + f(p), 0);
    const [account] = await rows(sql`SELECT * FROM fund_accounts WHERE programme_id = ${programmeId} AND fund_code = ${FUND}`);
    const fromJournal = {
      budgeted_fen: budgeted,
      awarded_fen: sum((p) => (p.cancelled ? 0 : p.award)),
      // a capacity award is paid once: once disbursed it commits nothing (a pilot's staged award would commit the rest)
      committed_fen: [...per.entries()].reduce((n, [id, p]) => n + (p.cancelled || (!id.startsWith('project:') && p.disbursed > 0) ? 0 : Math.max(p.award - p.disbursed, 0)), 0),
      disbursed_fen: sum((p) => p.disbursed),
      spent_fen: sum((p) => p.spent),
      refunded_fen: sum((p) => p.refunded),
      recovered_fen: sum((p) => p.recovered),
      entries: all.length,
    };
    expect(account).toMatchObject(fromJournal);
    // and the pure ledger agrees
    const b = fundBalance(l, FUND);
    expect(fromJournal).toMatchObject({ budgeted_fen: b.budgetedFen, awarded_fen: b.awardedFen, committed_fen: b.committedFen, disbursed_fen: b.disbursedFen, spent_fen: b.spentFen, refunded_fen: b.refundedFen, recovered_fen: b.recoveredFen });

    const shown = (await jinan.get(base())).body.items[0];
    expect(shown).toMatchObject({ budgetedFen: b.budgetedFen, availableFen: b.availableFen, paidOutFen: b.paidOutFen, balanced: true, entries: all.length });
    expect(shown.budgetedFen).toBe(shown.availableFen + shown.committedFen + shown.paidOutFen);
    expect(await scalar(ctx.database.db, sql`SELECT count(*)::int AS n FROM audit_log WHERE entity_type = 'fund' AND after->>'programmeId' = ${programmeId}`)).toBe(all.length);
  }, 120_000);

  it('notices running sums that no longer match the projects’ balances', async () => {
    await ctx.database.db.execute(sql`UPDATE fund_accounts SET spent_fen = spent_fen + 1 WHERE programme_id = ${programmeId}`);
    try {
      expect((await jinan.get(base())).body.items[0].balanced).toBe(false);
    } finally {
      await ctx.database.db.execute(sql`UPDATE fund_accounts SET spent_fen = spent_fen - 1 WHERE programme_id = ${programmeId}`);
    }
    expect((await jinan.get(base())).body.items[0].balanced).toBe(true);
  });
});

describe('the Excel export', () => {
  it('has the balances per fund and every project, in 元 with two decimals, under the page’s column titles', async () => {
    const res = await jncz.get(`${base()}/export.xlsx`);
    expect(res.status).toBe(200);
    expect(String(res.headers['content-type'])).toContain('spreadsheetml');
    expect(decodeURIComponent(String(res.headers['content-disposition']))).toContain('资金台账-');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.raw as unknown as ArrayBuffer);
    const s1 = wb.getWorksheet('资金余额')!;
    expect(s1.getRow(1).values).toEqual(expect.arrayContaining(['资金名称', '资金来源', '计划金额（元）', '预算（元）', '已核定资助（元）', '待拨付（元）', '已拨付（元）', '可用余额（元）', '平衡核对']));
    const ledger = (await jinan.get(base())).body.items[0];
    const header = s1.getRow(1).values as unknown[];
    const cell = (title: string) => s1.getRow(2).getCell(header.indexOf(title));
    expect(cell('资金名称').value).toBe('益阳市科协学会服务能力提升计划专项资金');
    expect(cell('预算（元）').value).toBe(ledger.budgetedFen / 100);
    expect(cell('可用余额（元）').value).toBe(ledger.availableFen / 100);
    expect(cell('预算（元）').numFmt).toBe('#,##0.00');
    expect(cell('平衡核对').value).toBe('平衡');
    const s2 = wb.getWorksheet('项目资金')!;
    expect(s2.getRow(1).values).toEqual(expect.arrayContaining(['资金名称', '项目名称', '项目类别', '承接学会', '核定资助（元）', '学会尚持有（元）', '资助状态']));
    expect(s2.rowCount - 1).toBe(ledger.projects);
    const h2 = s2.getRow(1).values as unknown[];
    const rowOf = (title: string) => [...Array(s2.rowCount).keys()].map((i) => s2.getRow(i + 1)).find((r) => r.getCell(h2.indexOf('项目名称')).value === title)!;
    const a = rowOf('学术交流品牌建设项目');
    expect(a.getCell(h2.indexOf('核定资助（元）')).value).toBe(300_000);
    expect(a.getCell(h2.indexOf('承接学会')).value).toBe(societies[0].name);
    expect(rowOf('科技志愿服务项目').getCell(h2.indexOf('资助状态')).value).toBe('已撤销');
  });
});

describe('racing decisions on PostgreSQL: exactly one wins', () => {
  it.skipIf(!process.env.TEST_DATABASE_URL)('two awards that together exceed the available money; two disbursements of one project', async () => {
    for (let round = 0; round < 5; round++) {
      await record({ kind: 'budget', amountFen: 10_000_000 });
      const available = (await jinan.get(base())).body.items[0].availableFen as number;
      const share = Math.floor(available * 0.6);
      const x = await application(round % societies.length, `并发核定甲 ${round}`);
      const y = await application((round + 1) % societies.length, `并发核定乙 ${round}`);
      const awards = await Promise.allSettled([
        record({ kind: 'award', project: x, amountFen: share }, { societyId: societies[round % societies.length].id }),
        record({ kind: 'award', project: y, amountFen: share }, { societyId: societies[(round + 1) % societies.length].id }),
      ]);
      expect(awards.filter((s) => s.status === 'fulfilled')).toHaveLength(1);
      const lost = awards.find((s) => s.status === 'rejected') as PromiseRejectedResult;
      expect(lost.reason).toBeInstanceOf(AppError);
      expect([lost.reason.code, lost.reason.status, lost.reason.extra.rule]).toEqual(['INVALID_STATE', 409, 'FND-5']);

      const winner = awards[0].status === 'fulfilled' ? x : y;
      const pays = await Promise.allSettled([record({ kind: 'disburse', project: winner, amountFen: share }), record({ kind: 'disburse', project: winner, amountFen: share })]);
      expect(pays.filter((s) => s.status === 'fulfilled')).toHaveLength(1);
      const second = pays.find((s) => s.status === 'rejected') as PromiseRejectedResult;
      expect([second.reason.code, second.reason.extra.rule]).toEqual(['INVALID_STATE', 'CAP-6']);
      expect(await scalar(ctx.database.db, sql`SELECT count(*)::int AS n FROM fund_entries WHERE project_id = ${winner.id} AND kind = 'disburse'`)).toBe(1);
    }
    const shown = (await jinan.get(base())).body.items[0];
    expect(shown.balanced).toBe(true);
    expect(shown.availableFen).toBeGreaterThanOrEqual(0);
  }, 120_000);
});
