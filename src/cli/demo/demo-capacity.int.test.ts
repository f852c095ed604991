// Issue 13 demo data: the full demo (`npm start`) seeds 济南's capacity plan through the use cases;
// this seeds a fresh database the same way (both drivers) and checks what the README promises —
// the stages reached (from the call to the recovery and its debarment), the ledger, and who acts next.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PGlite } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import { openDatabase, type Database } from '../../server/db/client.js';
import { migrate } from '../../server/db/migrate.js';
import { createFieldCipher } from '../../server/platform/crypto/field-cipher.js';
import { TEST_KEY, createScratchDatabase } from '../../server/testing/harness.js';
import { findCall } from '../../server/modules/capacity/calls.js';
import { eligibilityOf } from '../../server/modules/capacity/applications.js';
import { chinaToday } from '../../domain/calendar-day.js';
import type { ProgrammeParameters } from '../../domain/programme/programme.types.js';
import { seedDemo } from './demo.js';

let database: Database;
let close: () => Promise<void> = async () => {};
const rows = async <T>(q: ReturnType<typeof sql>): Promise<T[]> => ((await database.db.execute(q)) as unknown as { rows: T[] }).rows;

beforeAll(async () => {
  const url = process.env.TEST_DATABASE_URL;
  if (url) {
    const scratch = await createScratchDatabase(url, 'cj_demo');
    database = await openDatabase({ url: scratch.url, poolSize: 5 });
    close = async () => {
      await database.close();
      await scratch.drop();
    };
  } else {
    const pgl = await PGlite.create();
    database = await openDatabase({ pglite: pgl });
    close = async () => database.close();
  }
  await migrate(database.db);
  await seedDemo({ db: database.db, cipher: createFieldCipher(TEST_KEY), capacityFlow: true });
}, 300_000);
afterAll(async () => close());

describe('the demo of 济南’s capacity plan (issue 13)', () => {
  it('publishes the programme with its own fund, the year’s budget entered in the ledger', async () => {
    const [p] = await rows<{ status: string; fund: string }>(sql`SELECT status, parameters->'funds'->0->>'name' AS fund FROM programmes WHERE name LIKE '%济南市科协学会服务能力提升计划'`);
    expect(p).toEqual({ status: 'published', fund: '济南市科协学会服务能力提升计划专项资金' });
    // (the province's transfer programme keeps a fund too: FND-7, demo-taskbooks.ts)
    const [a] = await rows<{ budgeted: number }>(sql`SELECT f.budgeted_fen::int AS budgeted FROM fund_accounts f JOIN programmes p ON p.id = f.programme_id WHERE p.name LIKE '%济南市科协学会服务能力提升计划'`);
    expect(a.budgeted).toBe(60_000_000);
  });

  it('has this year’s call carried past funding and next year’s open at every early stage', async () => {
    const calls = await rows<{ year: number; status: string }>(sql`SELECT year, status FROM capacity_calls ORDER BY year`);
    expect(calls.map((c) => c.status)).toEqual(['closed', 'published']);
    const states = await rows<{ title: string; status: string }>(sql`SELECT a.title, a.status FROM capacity_applications a JOIN capacity_calls c ON c.id = a.call_id ORDER BY c.year, a.title`);
    expect(Object.fromEntries(states.map((s) => [s.title, s.status]))).toEqual({
      // this year's
      黄河流域装备制造高端学术论坛: 'funded',
      科技咨询与决策服务学术年会: 'notSelected',
      中小企业科技评价服务: 'acceptanceFailed',
      装备制造中小企业技术诊断服务: 'accepted',
      // next year's
      智能制造前沿技术研讨会: 'submitted',
      学会会员信息化管理平台建设: 'returned',
      科技成果评价规范宣贯: 'passed',
      装备制造企业技术标准服务: 'expertReview',
      中医药科普系列讲座: 'draft',
    });
    const [sheets] = await rows<{ n: number }>(sql`SELECT count(*)::int AS n FROM capacity_expert_assignments WHERE status = 'submitted'`);
    expect(sheets.n).toBe(22); // 4 × 5 on this year's call, 2 on next year's
  });

  it('closes the result notice and the first evaluation notice by their job, and leaves the second open with one objection', async () => {
    const notices = await rows<{ kind: string; status: string; results: number; objections: string | null; system: number }>(sql`
      SELECT n.kind, n.status, jsonb_array_length(n.application_ids)::int AS results,
             (SELECT string_agg(o.status, ',') FROM capacity_objections o WHERE o.notice_id = n.id) AS objections,
             (SELECT count(*)::int FROM audit_log l WHERE l.entity_id = n.id::text AND l.action = 'capacityNotice.autoClose' AND l.actor_user_id IS NULL) AS system
        FROM capacity_notices n ORDER BY n.published_at`);
    expect(notices).toEqual([
      { kind: 'result', status: 'closed', results: 3, objections: 'notUpheld', system: 1 },
      { kind: 'evaluation', status: 'closed', results: 2, objections: null, system: 1 },
      { kind: 'evaluation', status: 'open', results: 1, objections: 'pending', system: 0 },
    ]);
  });

  it('signs the three letters by both parties, records the expenses and audits the refused attempt', async () => {
    const letters = await rows<{ status: string; parties: string }>(sql`
      SELECT l.status, (SELECT string_agg(s.party, ',' ORDER BY s.party) FROM capacity_letter_signatures s WHERE s.letter_id = l.id) AS parties FROM capacity_letters l`);
    expect(letters).toEqual(Array(3).fill({ status: 'signed', parties: 'association,society' }));
    const [expenses] = await rows<{ n: number; fen: number; fixed: number }>(sql`SELECT count(*)::int AS n, sum(amount_fen)::int AS fen, count(*) FILTER (WHERE fixed_asset AND flag_checked_at IS NULL)::int AS fixed FROM capacity_expenses`);
    expect(expenses).toEqual({ n: 7, fen: 3_730_000, fixed: 1 });
    const refused = await rows<{ actor: string; rule: string; category: string }>(sql`
      SELECT u.username AS actor, l.after->>'rule' AS rule, l.after->>'category' AS category FROM audit_log l JOIN users u ON u.id = l.actor_user_id WHERE l.action = 'capacityExpense.refused'`);
    expect(refused).toEqual([{ actor: 'jnjixie.user', rule: 'FND-2', category: 'personnel' }]);
  });

  it('disburses two, fails one acceptance (confirmed by the bureau) and recovers its funds with a 2-year debarment in the society’s facts; the ledger adds up', async () => {
    const accepted = await rows<{ title: string; result: string; status: string; org: string }>(sql`
      SELECT a.title, x.result, x.status, o.name AS org FROM capacity_acceptances x JOIN capacity_applications a ON a.id = x.application_id JOIN organisations o ON o.id = x.confirmed_org_id ORDER BY a.title`);
    expect(accepted).toEqual([
      { title: '中小企业科技评价服务', result: 'failed', status: 'confirmed', org: '济南市财政局' },
      { title: '装备制造中小企业技术诊断服务', result: 'passed', status: 'confirmed', org: '济南市财政局' },
    ]);
    const today = chinaToday();
    const [r] = await rows<{ ground: string; amount: number; years: number; starts: string; society: string }>(sql`
      SELECT r.ground, r.amount_fen::int AS amount, (r.debarment->>'years')::int AS years, r.debarment->>'startsOn' AS starts, o.name AS society
        FROM capacity_fund_returns r JOIN capacity_applications a ON a.id = r.application_id JOIN organisations o ON o.id = a.society_id WHERE r.kind = 'recovery'`);
    expect(r).toEqual({ ground: 'failedAcceptance', amount: 3_000_000, years: 2, starts: today, society: '济南市科技咨询协会' });
    // in its yearly facts, so SEL-3 refuses its next submission by itself: its returned application of next year says why
    const [facts] = await rows<{ n: number }>(sql`
      SELECT count(*)::int AS n FROM society_yearly_facts f JOIN organisations o ON o.id = f.society_id, jsonb_array_elements(f.debarments) d
       WHERE o.name = '济南市科技咨询协会' AND d->>'startsOn' = ${today}`);
    expect(facts.n).toBe(1);
    const [b2] = await rows<{ society_id: string; call_id: string; type_code: string; parameters: ProgrammeParameters }>(sql`
      SELECT a.society_id, a.call_id, a.type_code, p.parameters FROM capacity_applications a JOIN programmes p ON p.id = a.programme_id WHERE a.title = '学会会员信息化管理平台建设'`);
    const { result } = await eligibilityOf(database.db, b2.society_id, b2.parameters, (await findCall(database.db, b2.call_id))!, b2.type_code);
    expect(result.eligible).toBe(false);
    const [a] = await rows<Record<string, number>>(sql`
      SELECT f.budgeted_fen::int AS budgeted, f.awarded_fen::int AS awarded, f.committed_fen::int AS committed, f.disbursed_fen::int AS disbursed,
             f.spent_fen::int AS spent, f.refunded_fen::int AS refunded, f.recovered_fen::int AS recovered
        FROM fund_accounts f JOIN programmes p ON p.id = f.programme_id WHERE p.name LIKE '%济南市科协学会服务能力提升计划'`);
    // three awards of 30,000 元; two paid; one recovered in full
    expect(a).toEqual({ budgeted: 60_000_000, awarded: 9_000_000, committed: 3_000_000, disbursed: 6_000_000, spent: 3_730_000, refunded: 0, recovered: 3_000_000 });
  });

  it('leaves each next step with the user the README names', async () => {
    const open = await rows<{ kind: string; who: string }>(sql`
      SELECT t.kind, coalesce(u.username, o.name) AS who FROM todos t
      LEFT JOIN users u ON u.id = t.assignee_user_id LEFT JOIN organisations o ON o.id = t.assignee_org_id
      WHERE t.status = 'open' AND t.kind LIKE 'capacity%' ORDER BY 1, 2`);
    const by = (kind: string) => open.filter((t) => t.kind === kind).map((t) => t.who);
    expect(by('capacityApplication.review')).toEqual(['济南市科学技术协会']);
    expect(by('capacityApplication.revise')).toEqual(['济南市科技咨询协会']);
    expect(by('capacityReview.score')).toHaveLength(3);
    expect(by('capacityCall.apply').length).toBeGreaterThan(0); // next year's call, to the societies that have not applied
    expect(by('capacityObjection.handle')).toEqual(['济南市科学技术协会']); // the second evaluation notice's
    expect(by('capacityExpense.check')).toEqual(['济南市科学技术协会']); // the fixed asset
    // nothing else of this year's call waits on anyone
    for (const kind of ['capacityLetter.sign', 'capacityEvaluation.confirm', 'capacityApplication.disburse', 'capacityAcceptance.confirm', 'capacityFunds.recover', 'capacityFunds.refund']) expect(by(kind), kind).toEqual([]);
  });
});

describe('the demo of tiers and the willingness survey (issue 14)', () => {
  it('classifies the twelve societies, some twice, each with reasons and the suggestion of the time', async () => {
    const t = await rows<{ name: string; n: number; tier: string; reasons: string; suggested: string | null }>(sql`
      SELECT o.name, count(*)::int AS n, (array_agg(t.tier ORDER BY t.decided_at DESC, t.id DESC))[1] AS tier,
             (array_agg(t.reasons ORDER BY t.decided_at DESC, t.id DESC))[1] AS reasons, (array_agg(t.suggested_tier ORDER BY t.decided_at DESC, t.id DESC))[1] AS suggested
      FROM society_tiers t JOIN organisations o ON o.id = t.society_id GROUP BY o.name`);
    expect(t).toHaveLength(12);
    expect(t.filter((x) => x.n > 1).map((x) => x.name).sort()).toEqual(['山东省机械工程学会', '山东省计算机学会', '济南市科技咨询协会'].sort());
    for (const x of t) {
      expect(x.reasons.length, x.name).toBeGreaterThan(5);
      expect(x.suggested, x.name).not.toBeNull();
    }
    const by = Object.fromEntries(t.map((x) => [x.name, x]));
    expect(by['济南市科技咨询协会']).toMatchObject({ tier: 'exit', suggested: 'exit' }); // debarred after the recovery
    expect(by['山东省机械工程学会'].tier).toBe('strengthen');
    expect(new Set(t.map((x) => x.tier))).toEqual(new Set(['strengthen', 'build', 'stabilise', 'exit']));
  });

  it('has the province’s survey of this year answered by most of its societies, 山东中医药学会 still to answer', async () => {
    const [r] = await rows<{ id: string; status: string; invited: number; answered: number; willing: number; capable: number }>(sql`
      SELECT w.id, w.status,
        (SELECT count(*)::int FROM todos t WHERE t.entity_id = w.id AND t.kind = 'willingness.answer') AS invited,
        (SELECT count(*)::int FROM willingness_responses x WHERE x.round_id = w.id) AS answered,
        (SELECT count(*)::int FROM willingness_responses x WHERE x.round_id = w.id AND x.willing) AS willing,
        (SELECT count(*)::int FROM willingness_responses x WHERE x.round_id = w.id AND x.capable) AS capable
      FROM willingness_rounds w JOIN organisations o ON o.id = w.association_id WHERE o.name = '山东省科学技术协会'`);
    expect(r).toMatchObject({ status: 'open', invited: 12, answered: 7, willing: 6, capable: 4 });
    const open = await rows<{ name: string }>(sql`SELECT o.name FROM todos t JOIN organisations o ON o.id = t.assignee_org_id WHERE t.entity_id = ${r.id} AND t.status = 'open' ORDER BY o.name`);
    expect(open.map((o) => o.name)).toContain('山东中医药学会');
    // the one revision: 山东省机械工程学会 added an item
    const [rev] = await rows<{ v: number }>(sql`SELECT x.row_version AS v FROM willingness_responses x JOIN organisations o ON o.id = x.society_id WHERE x.round_id = ${r.id} AND o.name = '山东省机械工程学会'`);
    expect(rev.v).toBe(2);
  });
});
