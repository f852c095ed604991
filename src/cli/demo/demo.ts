// The demo dataset (issue 2): one provincial association with two city associations (one with a
// county association), eight departments, the review offices of preset 001, a finance bureau, an
// evaluator, twelve societies with varied yearly facts, six experts, one user per role — and a named
// user for every organisation that acts in the demo (issue 11: no stand-in actors; two societies with
// declarations and projects) — and programmes in draft and published states. Written through the
// same use cases as the API, so every row is validated and audited by the user who made it.
import crypto from 'node:crypto';
import { count, eq } from 'drizzle-orm';
import type { Db } from '../../server/db/client.js';
import { organisations, userRoles, users } from '../../server/db/schema.js';
import { publishIndicators } from '../../server/modules/indicators/indicators.js';
import type { FieldCipher } from '../../server/platform/crypto/field-cipher.js';
import type { Actor, RequestMeta } from '../../server/platform/actor.js';
import { appendAudit } from '../../server/platform/audit.js';
import { permissionsOf } from '../../domain/access/roles.js';
import { hashPassword } from '../../server/modules/auth/passwords.js';
import { createOrg } from '../../server/modules/orgs/create-org.js';
import { createSociety } from '../../server/modules/societies/create-society.js';
import { putYearlyFacts } from '../../server/modules/societies/put-yearly-facts.js';
import { createUser } from '../../server/modules/users/save-user.js';
import { registerModuleHooks } from '../../server/modules/hooks.js';
import { changeProgrammeState, createProgramme, updateProgramme } from '../../server/modules/programmes/save-programme.js';
import type { SocietyProfileInput, YearlyFactsInput } from '../../domain/org/org.types.js';
import type { RoleCode } from '../../domain/access/roles.js';
import { chinaToday } from '../../server/platform/transition.js';
import { seedDemoFlow } from './demo-flow.js';
import { seedCapacityFlow } from './demo-capacity.js';
import { seedTiersAndWillingness } from './demo-tiers.js';
import { seedSatisfactionSurvey } from './demo-surveys.js';

/** Every demo user has this password (README, and printed by `npm start` on first run). */
export const DEMO_PASSWORD = 'Chengjie@2026';

export interface DemoUser {
  username: string;
  displayName: string;
  role: RoleCode;
  orgName: string;
}

export interface DemoIds {
  province: string;
  jinan: string;
  qingdao: string;
  pingyin: string;
  orgs: Record<string, string>;
  users: Record<string, string>;
  programmes: Record<string, string>;
}

const meta: RequestMeta = { ip: null, requestId: 'seed' };

export async function isEmpty(db: Db): Promise<boolean> {
  const [{ n }] = await db.select({ n: count() }).from(organisations);
  return Number(n) === 0;
}

/** For openPlatform (the server, `npm run seed`): the demo dataset when the database is empty; the users written, or null. */
export async function seedDemoIfEmpty(target: { db: Db; cipher: FieldCipher }): Promise<DemoUser[] | null> {
  return (await isEmpty(target.db)) ? (await seedDemo({ ...target, capacityFlow: true })).users : null;
}

/**
 * `capacityFlow`: also run 济南's capacity plan through its calls, applications and expert review
 * (demo-capacity.ts) — the full demo does; the test template does not (its tests start from 济南's
 * draft programme and run the flow themselves).
 */
export async function seedDemo(opts: { db: Db; cipher: FieldCipher; year?: number; today?: string; capacityFlow?: boolean }): Promise<{ users: DemoUser[]; ids: DemoIds }> {
  const { db, cipher } = opts;
  // The seed signs task books without an app: their milestones (SUP-2) come from the modules' hooks.
  registerModuleHooks();
  const year = opts.year ?? new Date().getFullYear();
  const demoUsers: DemoUser[] = [];
  const orgs: Record<string, string> = {};
  const userIds: Record<string, string> = {};

  // The root of the tree and its first administrator are the only rows written directly.
  const provinceId = crypto.randomUUID();
  const adminId = crypto.randomUUID();
  const pw = await hashPassword(DEMO_PASSWORD);
  await db.transaction(async (tx) => {
    await tx.insert(organisations).values({
      id: provinceId,
      parentId: null,
      path: `${provinceId}/`,
      type: 'association',
      level: 'provincial',
      name: '山东省科学技术协会',
      shortName: '省科协',
      region: '山东省',
      contactName: '王主任',
      contactPhoneEnc: cipher.encrypt('0531-86000001'),
    });
    await tx.insert(users).values({
      id: adminId,
      orgId: provinceId,
      username: 'sheng.admin',
      displayName: '李明',
      passwordHash: pw,
      title: '学会部部长',
      phoneEnc: cipher.encrypt('13805310001'),
      emailEnc: cipher.encrypt('liming@sdast.example.cn'),
    });
    await tx.insert(userRoles).values({ userId: adminId, role: 'association_admin' });
    await appendAudit(
      tx,
      { actorUserId: null, actorName: '系统初始化', actorOrgId: null, ip: null, requestId: 'seed' },
      { action: 'system.seed', entityType: 'organisation', entityId: provinceId, orgId: provinceId, orgPath: `${provinceId}/`, after: { name: '山东省科学技术协会', admin: 'sheng.admin' } },
    );
  });
  orgs['山东省科学技术协会'] = provinceId;
  userIds['sheng.admin'] = adminId;
  demoUsers.push({ username: 'sheng.admin', displayName: '李明', role: 'association_admin', orgName: '山东省科学技术协会' });

  const actor: Actor = {
    userId: adminId,
    username: 'sheng.admin',
    displayName: '李明',
    orgId: provinceId,
    orgName: '山东省科学技术协会',
    orgType: 'association',
    orgPath: `${provinceId}/`,
    roles: ['association_admin'],
    permissions: permissionsOf(['association_admin']),
    scopePath: `${provinceId}/`,
    sessionIdHash: 'seed',
    csrfToken: 'seed',
    needsTotpEnrollment: false,
    totpEnabled: false,
  };

  const org = async (parent: string, type: 'association' | 'department' | 'review_office' | 'finance_bureau' | 'evaluator', name: string, extra: Record<string, unknown> = {}) => {
    const v = await createOrg({ db, cipher, actor, meta, input: { parentId: orgs[parent], type, name, ...extra } as never });
    orgs[name] = v.id;
    return v.id;
  };

  const jinan = await org('山东省科学技术协会', 'association', '济南市科学技术协会', { level: 'city', shortName: '济南市科协', region: '济南市' });
  const qingdao = await org('山东省科学技术协会', 'association', '青岛市科学技术协会', { level: 'city', shortName: '青岛市科协', region: '青岛市' });
  const pingyin = await org('济南市科学技术协会', 'association', '平阴县科学技术协会', { level: 'county', shortName: '平阴县科协', region: '济南市平阴县' });

  // Eight departments (FUN-1 publishers).
  for (const d of ['山东省科学技术厅', '山东省工业和信息化厅', '山东省农业农村厅', '山东省卫生健康委员会', '山东省市场监督管理局']) {
    await org('山东省科学技术协会', 'department', d, { contactName: '处室联系人', contactPhone: '0531-8' + String(Object.keys(orgs).length).padStart(7, '0') });
  }
  await org('济南市科学技术协会', 'department', '济南市科学技术局');
  await org('济南市科学技术协会', 'department', '济南市工业和信息化局');
  await org('青岛市科学技术协会', 'department', '青岛市科学技术局');

  // The review offices of preset 001 (001 §5(1): 编办、发改、民政、财政、法制).
  await org('山东省科学技术协会', 'review_office', '中共山东省委机构编制委员会办公室', { officeKind: 'establishment', shortName: '省编办' });
  await org('山东省科学技术协会', 'review_office', '山东省发展和改革委员会', { officeKind: 'developmentReform', shortName: '省发改委' });
  await org('山东省科学技术协会', 'review_office', '山东省民政厅', { officeKind: 'civilAffairs' });
  await org('山东省科学技术协会', 'review_office', '山东省财政厅', { officeKind: 'finance' });
  await org('山东省科学技术协会', 'review_office', '山东省人民政府法制办公室', { officeKind: 'legal', shortName: '省政府法制办' });

  await org('济南市科学技术协会', 'finance_bureau', '济南市财政局');
  await org('山东省科学技术协会', 'evaluator', '山东省科技评估中心');

  // Twelve societies with varied records (ORG-2) and yearly facts (ORG-3).
  const societies: { parent: string; name: string; p: Partial<SocietyProfileInput>; facts: (y: number) => Partial<YearlyFactsInput>[] }[] = [
    { parent: '山东省科学技术协会', name: '山东省机械工程学会', p: { societyType: 'society', disciplines: ['机械工程', '智能制造'], industries: ['装备制造'], secretaryGeneralFullTime: true, fullTimeStaff: 8, financeStaff: 2, hasIndependentAccount: true, partyOrg: 'workingGroup', councilSize: 120, standingCouncilSize: 40, memberCount: 5200, hasMemberDatabase: true, hasExpertDatabase: true, expertCount: 310, foundedYear: 1956 },
      facts: (y) => [{ annualInspection: 'passed', commendations: [{ title: '济南市先进科技社团', level: 'city', awardedOn: `${y - 1}-12-10` }] }, { annualInspection: 'passed' }, { annualInspection: 'passed' }] },
    { parent: '山东省科学技术协会', name: '山东省农学会', p: { societyType: 'society', disciplines: ['农学', '作物栽培'], industries: ['农业'], secretaryGeneralFullTime: true, fullTimeStaff: 5, financeStaff: 1, hasIndependentAccount: true, partyOrg: 'branch', councilSize: 90, standingCouncilSize: 30, memberCount: 3100, hasMemberDatabase: true, foundedYear: 1951 },
      facts: () => [{ annualInspection: 'passed' }, { annualInspection: 'passed' }, { annualInspection: 'basicallyPassed' }] },
    { parent: '山东省科学技术协会', name: '山东省医学会', p: { societyType: 'society', disciplines: ['临床医学', '公共卫生'], industries: ['医疗卫生'], secretaryGeneralFullTime: true, fullTimeStaff: 26, financeStaff: 4, hasIndependentAccount: true, partyOrg: 'committee', councilSize: 200, standingCouncilSize: 60, memberCount: 48000, hasMemberDatabase: true, hasExpertDatabase: true, expertCount: 2600, foundedYear: 1932 },
      facts: (y) => [{ annualInspection: 'passed', commendations: [{ title: '全国科协系统先进集体', level: 'national', awardedOn: `${y - 2}-11-20` }] }, { annualInspection: 'passed' }, { annualInspection: 'passed' }] },
    { parent: '山东省科学技术协会', name: '山东省计算机学会', p: { societyType: 'society', disciplines: ['计算机科学', '人工智能'], industries: ['信息技术'], secretaryGeneralFullTime: false, fullTimeStaff: 3, financeStaff: 1, hasIndependentAccount: true, partyOrg: 'workingGroup', councilSize: 80, standingCouncilSize: 25, memberCount: 2600, foundedYear: 1979 },
      facts: () => [{ annualInspection: 'passed' }, { annualInspection: 'passed', failedTasks: [{ description: '未按期报送年度学术活动统计' }] }, { annualInspection: 'passed' }] },
    { parent: '山东省科学技术协会', name: '山东中医药学会', p: { societyType: 'society', disciplines: ['中医学', '中药学'], industries: ['医疗卫生', '中医药'], secretaryGeneralFullTime: true, fullTimeStaff: 6, financeStaff: 2, hasIndependentAccount: true, partyOrg: 'branch', councilSize: 150, standingCouncilSize: 45, memberCount: 9000, hasExpertDatabase: true, expertCount: 500, foundedYear: 1979 },
      facts: () => [{ annualInspection: 'passed' }, { annualInspection: 'passed' }, { annualInspection: 'passed' }] },
    { parent: '山东省科学技术协会', name: '山东土木建筑学会', p: { societyType: 'society', disciplines: ['土木工程'], industries: ['建筑业'], secretaryGeneralFullTime: false, fullTimeStaff: 2, financeStaff: 0, hasIndependentAccount: false, partyOrg: 'none', councilSize: 60, standingCouncilSize: 20, memberCount: 1500, foundedYear: 1962 },
      facts: (y) => [{ annualInspection: 'basicallyPassed' }, { annualInspection: 'failed', criticisms: [{ description: '年检材料不实，被登记管理机关通报批评', occurredOn: `${y - 2}-06-15` }] }, { annualInspection: 'notInspected' }] },
    { parent: '济南市科学技术协会', name: '济南市机械工程学会', p: { societyType: 'society', disciplines: ['机械工程'], industries: ['装备制造'], secretaryGeneralFullTime: true, fullTimeStaff: 3, financeStaff: 1, hasIndependentAccount: true, partyOrg: 'workingGroup', councilSize: 45, standingCouncilSize: 15, memberCount: 800, foundedYear: 1980 },
      facts: (y) => [{ annualInspection: 'passed', commendations: [{ title: '济南市先进科技社团', level: 'city', awardedOn: `${y - 1}-12-10` }] }, { annualInspection: 'passed' }, { annualInspection: 'passed' }] },
    { parent: '济南市科学技术协会', name: '济南市科技咨询协会', p: { societyType: 'association', disciplines: ['科技咨询'], industries: ['科技服务'], secretaryGeneralFullTime: true, fullTimeStaff: 4, financeStaff: 1, hasIndependentAccount: true, partyOrg: 'branch', councilSize: 35, standingCouncilSize: 11, memberCount: 260, foundedYear: 1986 },
      facts: () => [{ annualInspection: 'passed' }, { annualInspection: 'passed' }, { annualInspection: 'basicallyPassed' }] },
    { parent: '济南市科学技术协会', name: '济南市中医药研究会', p: { societyType: 'research', affiliation: 'groupMember', disciplines: ['中医学'], industries: ['中医药'], secretaryGeneralFullTime: false, fullTimeStaff: 1, financeStaff: 0, hasIndependentAccount: false, partyOrg: 'none', councilSize: 25, standingCouncilSize: 9, memberCount: 180, foundedYear: 1998 },
      facts: (y) => [{ annualInspection: 'passed', violations: [{ description: '超范围开展评比活动', occurredOn: `${y - 1}-04-02` }], debarments: [{ reason: '虚报项目材料，连续 3 年取消申报资格', startsOn: `${y - 1}-05-01`, endsOn: `${y + 2}-04-30` }] }, { annualInspection: 'basicallyPassed' }, { annualInspection: 'passed' }] },
    { parent: '平阴县科学技术协会', name: '平阴县农业技术推广协会', p: { societyType: 'association', disciplines: ['农业推广'], industries: ['农业'], secretaryGeneralFullTime: false, fullTimeStaff: 1, financeStaff: 1, hasIndependentAccount: true, partyOrg: 'workingGroup', councilSize: 21, standingCouncilSize: 7, memberCount: 150, foundedYear: 2005 },
      facts: () => [{ annualInspection: 'passed' }, { annualInspection: 'passed' }] },
    { parent: '青岛市科学技术协会', name: '青岛市海洋学会', p: { societyType: 'society', disciplines: ['海洋科学', '海洋工程'], industries: ['海洋经济'], secretaryGeneralFullTime: true, fullTimeStaff: 5, financeStaff: 1, hasIndependentAccount: true, partyOrg: 'branch', councilSize: 70, standingCouncilSize: 21, memberCount: 1200, hasExpertDatabase: true, expertCount: 150, foundedYear: 1978 },
      facts: () => [{ annualInspection: 'passed' }, { annualInspection: 'passed' }, { annualInspection: 'passed' }] },
    { parent: '青岛市科学技术协会', name: '青岛大学科学技术协会', p: { societyType: 'university', affiliation: 'groupMember', disciplines: ['综合'], industries: ['教育'], secretaryGeneralFullTime: false, fullTimeStaff: 2, financeStaff: 0, hasIndependentAccount: false, partyOrg: 'none', councilSize: 30, standingCouncilSize: 0, memberCount: 2100, foundedYear: 2008 },
      facts: () => [{ annualInspection: 'notInspected' }, { annualInspection: 'passed' }] },
  ];
  // The legal representative and secretary-general of each society, in the order above (the task
  // books of 山东省机械工程学会 name the same legal representative).
  const officers: [string, string][] = [
    ['王建国', '刘志远'], ['赵永明', '钱晓燕'], ['孙立华', '李静怡'], ['周海涛', '吴思远'], ['郑玉兰', '王海燕'], ['冯建华', '陈立新'],
    ['褚卫国', '卫晓东'], ['蒋正清', '沈玉梅'], ['韩德胜', '杨秀英'], ['朱长青', '秦海波'], ['尤振华', '许文静'], ['何志刚', '吕晓红'],
  ];
  let n = 0;
  for (const s of societies) {
    n++;
    const [legalRepName, secretaryGeneralName] = officers[n - 1];
    const profile: SocietyProfileInput = {
      societyType: 'society',
      affiliation: 'supervised',
      disciplines: [],
      industries: [],
      legalRepName,
      legalRepPhone: `1380531${String(1000 + n)}`,
      secretaryGeneralName,
      secretaryGeneralFullTime: false,
      secretaryGeneralPhone: `1390531${String(2000 + n)}`,
      fullTimeStaff: 0,
      financeStaff: 0,
      hasIndependentAccount: false,
      partyOrg: 'none',
      councilSize: 0,
      standingCouncilSize: 0,
      website: null,
      hasMemberDatabase: false,
      memberCount: 0,
      hasExpertDatabase: false,
      expertCount: 0,
      foundedYear: null,
      ...s.p,
    };
    const v = await createSociety({ db, cipher, actor, meta, input: { parentId: orgs[s.parent], name: s.name, profile } });
    orgs[s.name] = v.id;
    const list = s.facts(year);
    for (let i = 0; i < list.length; i++) {
      const f = list[i];
      await putYearlyFacts({
        db,
        actor,
        meta,
        societyId: v.id,
        year: year - 1 - i,
        input: { annualInspection: 'passed', commendations: [], violations: [], criticisms: [], failedTasks: [], debarments: [], ...f } as YearlyFactsInput,
      });
    }
  }

  // One user per role, plus administrators of the lower associations (data scope demo).
  const people: { username: string; displayName: string; role: RoleCode; org: string; extra?: Record<string, unknown> }[] = [
    { username: 'sheng.staff', displayName: '张华', role: 'association_staff', org: '山东省科学技术协会' },
    { username: 'jinan.admin', displayName: '赵强', role: 'association_admin', org: '济南市科学技术协会' },
    { username: 'qingdao.admin', displayName: '孙丽', role: 'association_admin', org: '青岛市科学技术协会' },
    { username: 'pingyin.admin', displayName: '周涛', role: 'association_admin', org: '平阴县科学技术协会' },
    { username: 'kjt.user', displayName: '吴敏', role: 'department_user', org: '山东省科学技术厅' },
    // every department that acts in the demo (publishes items, selects societies, signs task books)
    { username: 'gxt.user', displayName: '徐峰', role: 'department_user', org: '山东省工业和信息化厅' },
    { username: 'nyt.user', displayName: '曹军', role: 'department_user', org: '山东省农业农村厅' },
    { username: 'wjw.user', displayName: '林晓', role: 'department_user', org: '山东省卫生健康委员会' },
    { username: 'scjg.user', displayName: '宋雪梅', role: 'department_user', org: '山东省市场监督管理局' },
    { username: 'jixie.user', displayName: '郑伟', role: 'society_admin', org: '山东省机械工程学会' },
    // every society that declares in the demo; 山东省农学会 also undertakes a project (cross-society reads)
    { username: 'nongxue.user', displayName: '董立新', role: 'society_admin', org: '山东省农学会' },
    { username: 'yixue.user', displayName: '邵文', role: 'society_admin', org: '山东省医学会' },
    { username: 'jisuanji.user', displayName: '唐宁', role: 'society_admin', org: '山东省计算机学会' },
    { username: 'zhongyi.user', displayName: '袁芳', role: 'society_admin', org: '山东中医药学会' },
    { username: 'bianban.user', displayName: '冯静', role: 'review_officer', org: '中共山东省委机构编制委员会办公室' },
    // one officer for each other review office of preset 001, so a countersign can be finished with demo accounts
    { username: 'fgw.user', displayName: '韩磊', role: 'review_officer', org: '山东省发展和改革委员会' },
    { username: 'mzt.user', displayName: '杨帆', role: 'review_officer', org: '山东省民政厅' },
    { username: 'czt.user', displayName: '高洁', role: 'review_officer', org: '山东省财政厅' },
    { username: 'fzb.user', displayName: '马骏', role: 'review_officer', org: '山东省人民政府法制办公室' },
    { username: 'jncz.user', displayName: '陈刚', role: 'finance_officer', org: '济南市财政局' },
    { username: 'pinggu.user', displayName: '褚红', role: 'evaluator', org: '山东省科技评估中心' },
  ];
  const experts: [string, string, string[], string[]][] = [
    ['expert.wang', '王建国', ['机械工程', '智能制造'], ['山东省机械工程学会']],
    ['expert.liu', '刘芳', ['临床医学'], ['山东省医学会']],
    ['expert.huang', '黄海', ['海洋科学'], []],
    ['expert.he', '何平', ['农学', '农业推广'], ['平阴县农业技术推广协会']],
    ['expert.lv', '吕洁', ['计算机科学', '人工智能'], []],
    ['expert.shi', '施雨', ['中医学', '中药学'], ['济南市中医药研究会']],
  ];
  for (const [username, displayName, fields, conflicts] of experts) {
    people.push({
      username,
      displayName,
      role: 'expert',
      org: '山东省科学技术协会',
      extra: { expertFields: fields, conflictOrgIds: conflicts.map((c) => orgs[c]), conflictNote: conflicts.length ? `曾任${conflicts.join('、')}理事，评审时回避` : null, title: '教授' },
    });
  }
  let k = 0;
  for (const p of people) {
    k++;
    const v = await createUser({
      db,
      cipher,
      actor,
      meta,
      input: {
        orgId: orgs[p.org],
        username: p.username,
        displayName: p.displayName,
        password: DEMO_PASSWORD,
        roles: [p.role],
        phone: `1370531${String(3000 + k)}`,
        email: `${p.username.replace('.', '_')}@example.cn`,
        ...(p.extra ?? {}),
      } as never,
    });
    userIds[p.username] = v.id;
    demoUsers.push({ username: p.username, displayName: p.displayName, role: p.role, orgName: p.org });
  }

  // Programmes: the province's transfer pilot (preset 001, published), Qingdao's (002, published),
  // Jinan's capacity plan (003: a draft here; the full demo publishes it and runs it, demo-capacity.ts).
  const programmes: Record<string, string> = {};
  const asAdminOf = async <T>(username: string, orgName: string, fn: (a: Actor) => Promise<T>): Promise<T> => {
    const [u] = await db.select({ id: users.id, displayName: users.displayName }).from(users).where(eq(users.username, username));
    const [o] = await db.select().from(organisations).where(eq(organisations.id, orgs[orgName]));
    return fn({ ...actor, userId: u.id, username, displayName: u.displayName, orgId: o.id, orgName: o.name, orgPath: o.path, scopePath: o.path });
  };
  const p1 = await createProgramme({
    db,
    actor,
    meta,
    input: {
      associationId: provinceId,
      presetCode: '001',
      name: `${year}年山东省科协所属学会有序承接政府转移职能试点工作方案`,
      year,
      description: '按照政府主导、科协主动、规则公开、严格监督的要求，引导学会有序承接科技类社会化公共服务职能。',
    },
  });
  // EVA-4: preset 001 names no satisfaction survey; 山东省科协 adopts one of its departments and societies
  // while the programme is a draft, as 德阳 surveyed them (004 §3(3)3: 政府部门和学会满意度均为100%)
  const p1s = await updateProgramme({ db, actor, meta, id: p1.id, input: { version: p1.version, parameters: { ...p1.parameters, satisfactionSurvey: ['department', 'society'] } } });
  // the presets' stages of this year have mostly begun already: published as they are (issue 11 §5)
  await changeProgrammeState({ db, actor, meta, id: p1.id, event: 'publish', version: p1s.version, confirmPastStages: true });
  programmes.shandong = p1.id;
  programmes.qingdao = await asAdminOf('qingdao.admin', '青岛市科学技术协会', async (a) => {
    const p = await createProgramme({ db, actor: a, meta, input: { associationId: qingdao, presetCode: '002', name: `${year}年青岛市学会承接政府职能转移试点方案`, year, description: '参照成都市指导意见，以三方项目任务书明确委托、承接、协调各方权责。' } });
    await changeProgrammeState({ db, actor: a, meta, id: p.id, event: 'publish', version: p.version, confirmPastStages: true });
    return p.id;
  });
  programmes.jinan = await asAdminOf('jinan.admin', '济南市科学技术协会', async (a) => {
    const p = await createProgramme({ db, actor: a, meta, input: { associationId: jinan, presetCode: '003', name: `${year}年济南市科协学会服务能力提升计划`, year, description: '市科协、市财政局联合实施，以奖促建、重点项目资助。' } });
    return p.id;
  });

  const ids: DemoIds = { province: provinceId, jinan, qingdao, pingyin, orgs, users: userIds, programmes };
  // Issue 3: the province's transfer pilot at every stage (items → declarations → countersign → project).
  await seedDemoFlow(db, ids, opts.today ?? chinaToday(), cipher);
  // Issue 13: 济南's capacity plan published, with this year's call decided and next year's open.
  if (opts.capacityFlow) await seedCapacityFlow(db, cipher, { programmeId: programmes.jinan, year, today: opts.today ?? chinaToday(), orgs, demoUsers });
  // Issue 14: the province's willingness survey of this year and the twelve societies' tiers (after the facts they are suggested from).
  await seedTiersAndWillingness(db, { year, today: opts.today ?? chinaToday(), orgs, capacityFlow: opts.capacityFlow === true });
  // Issue 14 (EVA-4): the province's satisfaction survey of its pilot projects' departments and societies, open, mostly answered.
  await seedSatisfactionSurvey(db, cipher, { programmeId: programmes.shandong, today: opts.today ?? chinaToday() });
  // Issue 14 (STA-1, PUB-1): the province publishes this year's indicators on the portal, as they stand after the facts above.
  await asAdminOf('sheng.admin', '山东省科学技术协会', async (a) => {
    const [province] = await db.select({ id: organisations.id, name: organisations.name, path: organisations.path }).from(organisations).where(eq(organisations.id, provinceId));
    await publishIndicators({ db, actor: a, meta, association: province, year });
  });
  return { users: demoUsers, ids };
}
