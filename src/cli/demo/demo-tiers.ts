// Issue 14 demo data (ORG-4, ORG-5, EVA-6): this year's willingness and capability survey of
// 山东省科学技术协会, answered by most of its societies (山东中医药学会 still to answer: its to-do is
// open), and a tier for each of the twelve societies — classified by the association each belongs
// to, some twice (an earlier classification, then the one in force) — with the platform's suggestion
// kept beside each. Written through the use cases, as the users the README names.
import { and, desc, eq } from 'drizzle-orm';
import type { Db } from '../../server/db/client.js';
import { organisations, societyTiers, userRoles, users } from '../../server/db/schema.js';
import type { Actor, RequestMeta } from '../../server/platform/actor.js';
import { permissionsOf, scopeRootPath } from '../../domain/access/roles.js';
import { addDays } from '../../server/platform/transition.js';
import { chinaDayOf, startOfChinaDay } from '../../domain/calendar-day.js';
import { openRound, answerRound } from '../../server/modules/willingness/willingness.js';
import { classifySociety } from '../../server/modules/societies/tiers.js';
import { willingnessResponses } from '../../server/db/schema.js';
import type { SocietyTier } from '../../domain/org/tiers.js';
import type { ProcurementMode } from '../../domain/programme/programme.types.js';

const meta: RequestMeta = { ip: null, requestId: 'seed' };

async function actorOf(db: Db, username: string): Promise<Actor | null> {
  const [u] = await db.select().from(users).where(eq(users.username, username));
  if (!u) return null;
  const [o] = await db.select().from(organisations).where(eq(organisations.id, u.orgId));
  const roles = (await db.select({ role: userRoles.role }).from(userRoles).where(eq(userRoles.userId, u.id))).map((r) => r.role);
  return {
    userId: u.id,
    username,
    displayName: u.displayName,
    orgId: o.id,
    orgName: o.name,
    orgType: o.type,
    orgPath: o.path,
    roles,
    permissions: permissionsOf(roles),
    scopePath: scopeRootPath(o),
    sessionIdHash: 'demo-seed',
    csrfToken: 'demo-seed',
    needsTotpEnrollment: false,
    totpEnabled: false,
  };
}

type Answer = [username: string, willing: boolean, capable: boolean, modes: ProcurementMode[], hoped: string[], note: string | null];
// 山东中医药学会 (zhongyi.user) has not answered yet: the README's next step.
const ANSWERS: Answer[] = [
  ['jixie.user', true, true, ['longTermAgreement', 'directedPurchase'], ['工程技术领域团体标准研制', '科技成果评价', '职业资格考试考务'], null],
  ['nongxue.user', true, true, ['directedPurchase', 'subsidy'], ['农业科技推广政策落实情况第三方评估', '新型职业农民培训'], null],
  ['yixue.user', true, true, ['centralPurchase', 'longTermAgreement'], ['医疗卫生技术评估', '继续医学教育学分管理'], null],
  ['jisuanji.user', true, false, ['subsidy'], ['软件和信息服务团体标准研制'], '专职人员不足，希望先承接小型事项并参加培训'],
  // 济南's societies (their accounts exist in the full demo, demo-capacity.ts)
  ['jnjixie.user', true, true, ['directedPurchase'], ['装备制造中小企业技术诊断'], null],
  ['jnzixun.user', false, false, [], [], '本会正在整改，今年暂不承接'],
  ['jnzyy.user', true, false, ['subsidy'], ['中医药科普系列讲座'], '希望科协给予能力建设指导'],
];

type Classification = [by: string, society: string, tier: SocietyTier, reasons: string];
/** In order: the earlier classifications come first, the ones in force after them. */
const tiers = (capacityFlow: boolean): Classification[] => [
  ['sheng.admin', '山东省机械工程学会', 'stabilise', '上一轮分类：承接经验尚少，保持现有承接工作。'],
  ['sheng.admin', '山东省计算机学会', 'build', '上一轮分类：新近开展承接工作，作为培育对象。'],
  ['jinan.admin', '济南市科技咨询协会', 'stabilise', '上一轮分类：年检合格，承接工作平稳。'],
  ['sheng.admin', '山东省机械工程学会', 'strengthen', '承担省级科研和创新基地运行绩效评估试点项目，组织实施规范，拟继续加强支持。'],
  ['sheng.admin', '山东省农学会', 'stabilise', '正在承接农业科技推广政策落实情况第三方评估，保持现有承接工作。'],
  ['sheng.admin', '山东省医学会', 'strengthen', '专家资源充足、承接能力强，今年调查表示愿意且有能力承接，拟重点支持。'],
  ['sheng.admin', '山东省计算机学会', 'stabilise', '已具备一定承接基础，但专职人员不足，保持现有工作并加强培训。'],
  ['sheng.admin', '山东中医药学会', 'stabilise', '已申报中医药领域团体标准研制，年检连续合格。'],
  ['sheng.admin', '山东土木建筑学会', 'exit', '年检不合格并被通报批评，专职人员和独立账户不具备，暂停承接政府转移职能。'],
  ['jinan.admin', '济南市机械工程学会', 'strengthen', '能力提升项目验收合格，承接装备制造领域服务成效明显。'],
  [
    'jinan.admin',
    '济南市科技咨询协会',
    'exit',
    capacityFlow ? '能力提升项目验收不合格，专项资金已追回，被取消申报资格 2 年，退出承接。' : '承接工作出现严重问题，退出承接。',
  ],
  ['jinan.admin', '济南市中医药研究会', 'exit', '超范围开展评比活动，处于取消申报资格期内。'],
  ['pingyin.admin', '平阴县农业技术推广协会', 'build', '县级农业推广主体，作为新培育的承接学会。'],
  ['qingdao.admin', '青岛市海洋学会', 'stabilise', '年检连续合格，保持现有承接工作。'],
  ['qingdao.admin', '青岛大学科学技术协会', 'build', '高校科协，新纳入承接培育范围。'],
];

export async function seedTiersAndWillingness(db: Db, opts: { year: number; today: string; orgs: Record<string, string>; capacityFlow: boolean }): Promise<void> {
  // ORG-5: the province's survey of this year, open for a month from today
  const sheng = (await actorOf(db, 'sheng.admin'))!;
  const closesOn = chinaDayOf(addDays(startOfChinaDay(opts.today), 30));
  const roundId = await openRound({
    db,
    actor: sheng,
    meta,
    today: opts.today,
    input: { year: opts.year, title: `${opts.year}年度学会承接政府转移职能意愿与能力调查`, opensOn: opts.today, closesOn },
  });
  for (const [username, willing, capable, preferredModes, hopedItems, note] of ANSWERS) {
    const actor = await actorOf(db, username);
    if (!actor) continue; // 济南's societies' accounts come with the capacity flow
    await answerRound({ db, actor, meta, roundId, today: opts.today, input: { willing, capable, preferredModes, hopedItems, note, rowVersion: null } });
  }
  // one revision: 山东省机械工程学会 adds an item it hopes to take on
  const jixie = (await actorOf(db, 'jixie.user'))!;
  const [mine] = await db.select().from(willingnessResponses).where(and(eq(willingnessResponses.roundId, roundId), eq(willingnessResponses.societyId, jixie.orgId)));
  await answerRound({
    db,
    actor: jixie,
    meta,
    roundId,
    today: opts.today,
    input: { willing: true, capable: true, preferredModes: mine.preferredModes as ProcurementMode[], hopedItems: [...mine.hopedItems, '机械工程师资格评价'], note: '补充一项希望承接的事项', rowVersion: mine.rowVersion },
  });

  // ORG-4: the tiers, each by the association the society belongs to
  for (const [by, society, tier, reasons] of tiers(opts.capacityFlow)) {
    const actor = (await actorOf(db, by))!;
    const societyId = opts.orgs[society];
    const [current] = await db.select({ id: societyTiers.id }).from(societyTiers).where(eq(societyTiers.societyId, societyId)).orderBy(desc(societyTiers.decidedAt), desc(societyTiers.id)).limit(1);
    await classifySociety({ db, actor, meta, societyId, input: { tier, reasons, basedOn: current?.id ?? null } });
  }
}
