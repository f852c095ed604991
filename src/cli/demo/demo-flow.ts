// Demo data for issue 3: the transfer pilot of the province (preset 001) at every stage, so the
// portal and each demo user have real examples from the first start. Everything goes through the
// same use cases as the API (audit events, to-dos, notifications, revisions included).
import { eq } from 'drizzle-orm';
import type { Db } from '../../server/db/client.js';
import { organisations, users } from '../../server/db/schema.js';
import type { Actor, RequestMeta } from '../../server/platform/actor.js';
import { permissionsOf, scopeRootPath, type RoleCode } from '../../domain/access/roles.js';
import { changeItemState, createItem, updateItem } from '../../server/modules/transfer/save-item.js';
import { changeDemandEntryState, createDemandEntry, updateDemandEntry } from '../../server/modules/transfer/save-demand-entry.js';
import { relayItems } from '../../server/modules/transfer/relay-items.js';
import { reviewDeclaration, submitDeclaration } from '../../server/modules/selection/declarations.js';
import { giveOpinion, recordApproval, sendCountersign, findCountersign } from '../../server/modules/selection/countersign.js';
import { selectSociety } from '../../server/modules/selection/select-society.js';
import { findItem } from '../../server/modules/transfer/transfer.repo.js';
import type { TransferItemInput } from '../../domain/transfer/transfer.types.js';
import type { DemoIds } from './demo.js';
import type { FieldCipher } from '../../server/platform/crypto/field-cipher.js';
import { seedDemoTaskBooks } from './demo-taskbooks.js';
import { seedDemoCompletion, seedDemoEvaluation } from './demo-completion.js';
import { seedDemoCases } from './demo-cases.js';

const meta: RequestMeta = { ip: null, requestId: 'seed' };

export async function seedDemoFlow(db: Db, ids: DemoIds, today: string, cipher: FieldCipher): Promise<void> {
  const actorCache = new Map<string, Actor>();
  /** The named demo user of an organisation (X-1: every demo record is made by a real account, no stand-ins). */
  const as = async (orgName: string, role: RoleCode, username: string): Promise<Actor> => {
    const key = `${orgName}:${role}:${username}`;
    const hit = actorCache.get(key);
    if (hit) return hit;
    const [o] = await db.select().from(organisations).where(eq(organisations.id, ids.orgs[orgName]));
    const [u] = await db.select().from(users).where(eq(users.username, username));
    if (!o || !u || u.orgId !== o.id) throw new Error(`demo seed: ${username} is not a user of ${orgName}`);
    const a: Actor = {
      userId: u.id,
      username: u.username,
      displayName: u.displayName,
      orgId: o.id,
      orgName: o.name,
      orgType: o.type,
      orgPath: o.path,
      roles: [role],
      permissions: permissionsOf([role]),
      scopePath: scopeRootPath(o),
      sessionIdHash: 'seed',
      csrfToken: 'seed',
      needsTotpEnrollment: false,
      totpEnabled: false,
    };
    actorCache.set(key, a);
    return a;
  };
  const programmeId = ids.programmes.shandong;
  const assoc = await as('山东省科学技术协会', 'association_admin', 'sheng.admin');
  const kjt = await as('山东省科学技术厅', 'department_user', 'kjt.user');
  const gxt = await as('山东省工业和信息化厅', 'department_user', 'gxt.user');
  const wjw = await as('山东省卫生健康委员会', 'department_user', 'wjw.user');
  const scjg = await as('山东省市场监督管理局', 'department_user', 'scjg.user');
  const nyt = await as('山东省农业农村厅', 'department_user', 'nyt.user');

  const item = async (dept: Actor, input: TransferItemInput, publish = true) => {
    const v = await createItem({ db, actor: dept, meta, programmeId, input });
    if (!publish) return v;
    return changeItemState({ db, actor: dept, meta, id: v.id, version: v.version, event: 'publish' });
  };
  const version = async (id: string) => (await findItem(db, id))!.item.version;

  const base = { legalBasis: '《中共中央办公厅 国务院办公厅关于印发〈科协系统深化改革实施方案〉的通知》（中办发〔2016〕21号）', commissioningMode: 'authorisedCommission' as const };
  // A: the whole way to a pilot project.
  const a = await item(kjt, { ...base, title: '省级科研和创新基地运行绩效评估', categoryCode: 'research_base_evaluation', description: '对省级重点实验室、工程技术研究中心等科研和创新基地的运行绩效开展第三方评估，形成评估报告和改进建议。', budgetFen: 30_000_000, expectedPeriod: '2026年6月—2026年12月', requiredQualifications: '具有科技评估工作经验和相关领域专家库' });
  // B: approved, waiting for the department's choice.
  const b = await item(gxt, { ...base, commissioningMode: 'serviceProcurement', title: '工业机器人团体标准研制', categoryCode: 'standard_industrial_robots', description: '组织开展工业机器人领域团体标准的立项、起草、征求意见和审查发布，推动标准在省内企业中的应用。', budgetFen: 50_000_000, expectedPeriod: '12个月', requiredQualifications: '熟悉团体标准管理办法，具有标准化工作机构' });
  // C: in countersign — 发改委, 民政厅 and 财政厅 agreed; 省政府法制办 and 省编办 still to give their opinions.
  const c = await item(kjt, { ...base, title: '省级科技计划实施情况整体评估', categoryCode: 'plan_implementation_evaluation', description: '对省级科技计划的组织实施、资金使用和目标完成情况进行整体评估，提出优化计划布局的建议。', budgetFen: 40_000_000, expectedPeriod: '2026年下半年', requiredQualifications: null });
  // D: relayed, a declaration waits for the association's review.
  const d = await item(wjw, { ...base, title: '中医药领域团体标准研制', categoryCode: 'standard_tcm', description: '围绕中医药技术规范和服务规范，研制发布中医药团体标准，建立标准实施效果评价机制。', budgetFen: 20_000_000, expectedPeriod: '2026年7月—2027年6月', requiredQualifications: '具有中医药领域专家委员会' });
  // E: relayed, no declaration yet — waits in every society's inbox.
  const e = await item(scjg, { ...base, title: '工程技术领域职业资格考试考务', categoryCode: 'engineering_qualification', description: '承担工程技术领域职业资格考试的报名审核、考场组织、阅卷和证书发放等考务工作。', budgetFen: null, expectedPeriod: '每年两次考试', requiredQualifications: '具有考务组织经验和保密管理制度' });
  // F: published, waiting for the association to relay it.
  await item(kjt, { ...base, commissioningMode: 'serviceProcurement', title: '科技决策咨询和经济社会发展决策咨询', categoryCode: 'decision_consulting', description: '围绕全省科技创新和经济社会发展重大问题开展调查研究，提供决策咨询报告。', budgetFen: 15_000_000, expectedPeriod: '2026年度', requiredQualifications: '具有高端智库或决策咨询专家团队' });
  // G: amended once, then withdrawn — every version stays readable.
  const g = await item(kjt, { ...base, title: '省级科研项目完成情况评估', categoryCode: 'project_completion_evaluation', description: '对省级科研项目的完成情况、成果产出进行评估。', budgetFen: 10_000_000, expectedPeriod: '2026年', requiredQualifications: null });
  const g2 = await updateItem({ db, actor: kjt, meta, id: g.id, version: g.version, reason: '评估范围扩大到成果转化情况', input: { ...base, title: '省级科研项目完成情况及成果转化评估', categoryCode: 'project_completion_evaluation', description: '对省级科研项目的完成情况、成果产出及转化应用情况进行评估。', budgetFen: 12_000_000, expectedPeriod: '2026年', requiredQualifications: null } });
  await changeItemState({ db, actor: kjt, meta, id: g.id, version: g2.version, event: 'withdraw', reason: '该事项并入省科技计划整体评估，不再单独转移' });
  // H: a draft only the department sees.
  await item(kjt, { ...base, title: '急需紧缺人才培养和科技人员继续教育', categoryCode: 'talent_training', description: '面向重点产业开展急需紧缺人才培训和科技人员继续教育。', budgetFen: 8_000_000, expectedPeriod: '2027年', requiredQualifications: null }, false);

  await relayItems({ db, actor: assoc, meta, input: { programmeId, itemIds: [a.id, b.id, c.id, d.id, e.id], note: '请符合条件的学会按要求申报，并上传承接能力证明材料。' } });

  const declare = async (itemId: string, orgName: string, username: string, text: string) => {
    const soc = await as(orgName, 'society_admin', username);
    return submitDeclaration({ db, actor: soc, meta, itemId, input: { capacityStatement: text, plan: '成立由秘书长牵头的项目组，按部门要求制定实施方案，分阶段推进并按期报告进展。', contactName: soc.displayName, attachmentIds: [] } });
  };
  const review = async (declId: string, decision: 'recommend' | 'notRecommend', opinion: string, manual: number[] = [0, 1]) => {
    const f = (await import('../../server/modules/selection/declarations.js')).findDeclaration;
    const cur = (await f(db, declId))!;
    return reviewDeclaration({ db, actor: assoc, meta, id: declId, version: cur.d.version, decision, opinion, manualConfirmed: manual });
  };

  const a1 = await declare(a.id, '山东省机械工程学会', 'jixie.user', '本会设有科技评估专业委员会，近三年承担省科技厅委托评估项目 6 项，拥有 310 名专家的专家库。');
  const a2 = await declare(a.id, '山东省医学会', 'yixue.user', '本会长期承担医疗卫生领域科研基地的评审评估工作，专职人员 26 人，专家库 2600 人。');
  const a3 = await declare(a.id, '山东省计算机学会', 'jisuanji.user', '本会在信息技术领域具有评估经验，可组织专家开展基地评估。');
  await review(a1.d.id, 'recommend', '年检连续合格，专家资源充足，具备承接条件，予以推荐。');
  await review(a2.d.id, 'recommend', '综合实力强，管理规范，予以推荐。');
  await review(a3.d.id, 'notRecommend', '近3年有未按要求完成的科协交办任务，不符合资格条件。', []);
  const b1 = await declare(b.id, '山东省机械工程学会', 'jixie.user', '本会智能制造专业委员会已牵头制定团体标准 4 项，熟悉工业机器人产业。');
  await review(b1.d.id, 'recommend', '标准化工作基础扎实，予以推荐。');
  const c1 = await declare(c.id, '山东省医学会', 'yixue.user', '本会具有科技计划评估的组织经验和跨领域专家资源。');
  await review(c1.d.id, 'recommend', '具备承接条件，予以推荐。');
  await declare(d.id, '山东中医药学会', 'zhongyi.user', '本会设有中医药标准化专业委员会，参与制定行业标准 3 项，专家库 500 人。');
  // 山东省农学会 declared too, outside its field: not recommended — it stays with the society and the
  // association (SEL-6), the department never sees it.
  const dNongxue = await declare(d.id, '山东省农学会', 'nongxue.user', '本会可组织农学、作物栽培领域专家参与中医药种植相关标准的研制。');
  await review(dNongxue.d.id, 'notRecommend', '本会专业领域为农学和作物栽培，与中医药团体标准研制的要求不符，不予推荐。', []);

  const officeUsers: Record<string, string> = {
    山东省发展和改革委员会: 'fgw.user',
    山东省民政厅: 'mzt.user',
    山东省财政厅: 'czt.user',
    山东省人民政府法制办公室: 'fzb.user',
    中共山东省委机构编制委员会办公室: 'bianban.user',
  };
  const offices = Object.keys(officeUsers);
  const agreeAll = async (id: string, which: string[]) => {
    for (const name of which) {
      const office = await as(name, 'review_officer', officeUsers[name]);
      const cs = (await findCountersign(db, id))!;
      await giveOpinion({ db, actor: office, meta, id, version: cs.version, decision: 'agree', opinion: '经审核，事项及推荐学会符合法律法规和有关规定，具备可操作性，同意。' });
    }
  };
  const year = today.slice(0, 4);
  const csA = await sendCountersign({ db, actor: assoc, meta, input: { programmeId, itemIds: [a.id], title: `${year}年第一批可承接职能清单（科研基地评估）`, note: '请审核事项及推荐学会的合法性和可操作性。' } });
  await agreeAll(csA, offices);
  await recordApproval({ db, actor: assoc, meta, id: csA, version: (await findCountersign(db, csA))!.version, approvalDocument: `鲁政字〔${year}〕18号`, approvedOn: today, note: '省政府同意第一批试点项目。' });
  const csB = await sendCountersign({ db, actor: assoc, meta, input: { programmeId, itemIds: [b.id], title: `${year}年第二批可承接职能清单（团体标准）`, note: null } });
  await agreeAll(csB, offices);
  await recordApproval({ db, actor: assoc, meta, id: csB, version: (await findCountersign(db, csB))!.version, approvalDocument: `鲁政字〔${year}〕27号`, approvedOn: today, note: null });
  const csC = await sendCountersign({ db, actor: assoc, meta, input: { programmeId, itemIds: [c.id], title: `${year}年第三批可承接职能清单（科技计划评估）`, note: null } });
  await agreeAll(csC, offices.slice(0, 3));

  await selectSociety({ db, actor: kjt, meta, itemId: a.id, version: await version(a.id), declarationId: a1.d.id, reason: '该会评估专家资源充足，近三年承担同类评估项目经验丰富，实施方案切实可行。' });

  // I, J, L and M (issue 4): four more projects, so that task books and termination show at every stage.
  const i = await item(gxt, { ...base, title: '新能源汽车团体标准研制', categoryCode: 'standard_new_energy_vehicles', description: '围绕新能源汽车动力电池回收利用和充换电设施，研制发布团体标准并开展宣贯。', budgetFen: 18_000_000, expectedPeriod: '12个月', requiredQualifications: '具有标准化工作机构' });
  const j = await item(kjt, { ...base, title: '科技政策落实情况第三方评估', categoryCode: 'policy_evaluation', description: '对全省支持科技创新的政策措施落实情况开展第三方评估，提出完善政策的建议。', budgetFen: 16_000_000, expectedPeriod: '8个月', requiredQualifications: null });
  const l = await item(kjt, { ...base, title: '全省科普工作绩效第三方评估', categoryCode: 'policy_evaluation', description: '对全省科普基础设施运行、科普活动组织和科普资源共享情况开展第三方评估。', budgetFen: 9_000_000, expectedPeriod: '6个月', requiredQualifications: null });
  const m = await item(kjt, { ...base, title: '省级技术创新中心建设情况评估', categoryCode: 'research_base_evaluation', description: '对省级技术创新中心的建设进展、运行机制和成果转化情况开展评估。', budgetFen: 12_000_000, expectedPeriod: '10个月', requiredQualifications: null });
  // N: a second society's project — 山东省农学会 undertakes an item of 山东省农业农村厅.
  const nItem = await item(nyt, { ...base, title: '农业科技推广政策落实情况第三方评估', categoryCode: 'policy_evaluation', description: '对全省基层农技推广体系改革与建设、农业科技特派员等政策措施的落实情况开展第三方评估，提出完善政策的建议。', budgetFen: 14_000_000, expectedPeriod: '8个月', requiredQualifications: '具有农业技术推广领域专家团队' });
  await relayItems({ db, actor: assoc, meta, input: { programmeId, itemIds: [i.id, j.id, l.id, m.id, nItem.id], note: '第二批转接，请符合条件的学会申报。' } });
  const i1 = await declare(i.id, '山东省机械工程学会', 'jixie.user', '本会新能源汽车专业委员会汇聚整车和电池企业专家 120 人，已发布团体标准 2 项。');
  await review(i1.d.id, 'recommend', '专业基础扎实，予以推荐。');
  const j1 = await declare(j.id, '山东省机械工程学会', 'jixie.user', '本会承担过省科技厅政策评估课题，熟悉科技政策体系。');
  await review(j1.d.id, 'recommend', '具备承接条件，予以推荐。');
  const l1 = await declare(l.id, '山东省机械工程学会', 'jixie.user', '本会科普工作委员会常年组织科普活动，熟悉科普评估方法。');
  await review(l1.d.id, 'recommend', '具备承接条件，予以推荐。');
  const m1 = await declare(m.id, '山东省机械工程学会', 'jixie.user', '本会具有创新平台评估经验。');
  await review(m1.d.id, 'recommend', '具备承接条件，予以推荐。');
  const csIJ = await sendCountersign({ db, actor: assoc, meta, input: { programmeId, itemIds: [i.id, j.id, l.id, m.id], title: `${year}年第四批可承接职能清单（标准与评估）`, note: null } });
  await agreeAll(csIJ, offices);
  await recordApproval({ db, actor: assoc, meta, id: csIJ, version: (await findCountersign(db, csIJ))!.version, approvalDocument: `鲁政字〔${year}〕35号`, approvedOn: today, note: null });
  await selectSociety({ db, actor: gxt, meta, itemId: i.id, version: await version(i.id), declarationId: i1.d.id, reason: '该会新能源汽车领域专家资源集中，标准化工作经验丰富。' });
  await selectSociety({ db, actor: kjt, meta, itemId: j.id, version: await version(j.id), declarationId: j1.d.id, reason: '该会熟悉科技政策体系，评估方案可行。' });
  await selectSociety({ db, actor: kjt, meta, itemId: m.id, version: await version(m.id), declarationId: m1.d.id, reason: '该会创新平台评估经验丰富。' });
  // L: established, no task book yet — the association drafts it next
  await selectSociety({ db, actor: kjt, meta, itemId: l.id, version: await version(l.id), declarationId: l1.d.id, reason: '该会科普工作基础扎实，评估方案可行。' });
  const n1 = await declare(nItem.id, '山东省农学会', 'nongxue.user', '本会农业推广专业委员会长期跟踪基层农技推广体系建设，承担过省农业农村厅委托调研 3 项，会员中农技推广人员 1200 人。');
  await review(n1.d.id, 'recommend', '熟悉农技推广政策体系，专家资源充足，予以推荐。');
  const csN = await sendCountersign({ db, actor: assoc, meta, input: { programmeId, itemIds: [nItem.id], title: `${year}年第五批可承接职能清单（农业政策评估）`, note: null } });
  await agreeAll(csN, offices);
  await recordApproval({ db, actor: assoc, meta, id: csN, version: (await findCountersign(db, csN))!.version, approvalDocument: `鲁政字〔${year}〕39号`, approvedOn: today, note: null });
  await selectSociety({ db, actor: nyt, meta, itemId: nItem.id, version: await version(nItem.id), declarationId: n1.d.id, reason: '该会熟悉农技推广政策体系，评估方案切实可行。' });
  const jixie = await as('山东省机械工程学会', 'society_admin', 'jixie.user');
  await seedDemoTaskBooks({ db, cipher, today, assoc, kjt, gxt, jixie, titles: { signed: '省级科研和创新基地运行绩效评估', signing: '新能源汽车团体标准研制', drafting: '科技政策落实情况第三方评估', terminated: '省级技术创新中心建设情况评估' } });

  // P and Q (issue 14, EVA-1): two projects of 山东省卫生健康委员会 carried to their completion — one passed, one failed.
  const completion = { passed: '医学科研诚信状况调查评估', failed: '中医药适宜技术推广应用评估' };
  const p = await item(wjw, { ...base, title: completion.passed, categoryCode: 'policy_evaluation', description: '对全省三级医院和医学科研机构的科研诚信制度建设和执行情况开展调查评估，提出完善建议。', budgetFen: 8_000_000, expectedPeriod: '6个月', requiredQualifications: '具有医学伦理和科研管理领域专家团队' });
  const q = await item(wjw, { ...base, title: completion.failed, categoryCode: 'policy_evaluation', description: '对全省基层医疗卫生机构推广应用中医药适宜技术的情况开展评估，提出推广建议。', budgetFen: 6_000_000, expectedPeriod: '6个月', requiredQualifications: '具有中医药领域专家委员会' });
  await relayItems({ db, actor: assoc, meta, input: { programmeId, itemIds: [p.id, q.id], note: '第六批转接（卫生健康领域评估），请符合条件的学会申报。' } });
  const p1 = await declare(p.id, '山东省医学会', 'yixue.user', '本会医学伦理学分会和科研管理分会长期开展科研诚信教育和评估，专家库 2600 人。');
  await review(p1.d.id, 'recommend', '专业对口，专家资源充足，予以推荐。');
  const q1 = await declare(q.id, '山东中医药学会', 'zhongyi.user', '本会设有中医药适宜技术推广专业委员会，覆盖全省 16 市。');
  await review(q1.d.id, 'recommend', '具备承接条件，予以推荐。');
  const csPQ = await sendCountersign({ db, actor: assoc, meta, input: { programmeId, itemIds: [p.id, q.id], title: `${year}年第六批可承接职能清单（卫生健康领域评估）`, note: null } });
  await agreeAll(csPQ, offices);
  await recordApproval({ db, actor: assoc, meta, id: csPQ, version: (await findCountersign(db, csPQ))!.version, approvalDocument: `鲁政字〔${year}〕42号`, approvedOn: today, note: null });
  await selectSociety({ db, actor: wjw, meta, itemId: p.id, version: await version(p.id), declarationId: p1.d.id, reason: '该会医学伦理和科研管理专家资源集中，调查评估方案切实可行。' });
  await selectSociety({ db, actor: wjw, meta, itemId: q.id, version: await version(q.id), declarationId: q1.d.id, reason: '该会中医药适宜技术推广网络覆盖全省。' });
  await seedDemoCompletion({
    db,
    cipher,
    today,
    assoc,
    wjw,
    yixue: { actor: await as('山东省医学会', 'society_admin', 'yixue.user'), legalRep: '孙立华', secretaryGeneral: '李静怡', domain: 'sdma.org.cn' },
    zhongyi: { actor: await as('山东中医药学会', 'society_admin', 'zhongyi.user'), legalRep: '郑玉兰', secretaryGeneral: '王海燕', domain: 'sdatcm.org.cn' },
    titles: completion,
  });
  await seedDemoEvaluation({ db, today, assoc, pinggu: await as('山东省科技评估中心', 'evaluator', 'pinggu.user'), programmeId, titles: completion });
  // EVA-5: three typical cases written about the passed project, one published on the portal
  await seedDemoCases({ db, assoc, passedTitle: completion.passed });

  // FUN-4: the demand catalogue.
  const d1 = await createDemandEntry({ db, actor: kjt, meta, programmeId, input: { title: '全省高新技术产业发展调查研究', serviceKind: 'industryResearch', description: '对全省高新技术产业发展现状、问题和趋势开展调查研究，形成研究报告。', purchaseMethod: 'commission', budgetFen: 30_000_000, period: '6个月' } });
  const d1p = await changeDemandEntryState({ db, actor: kjt, meta, id: d1.id, version: d1.version, event: 'publish' });
  await updateDemandEntry({ db, actor: kjt, meta, id: d1.id, version: d1p.version, reason: '增加重点产业链专题', input: { title: '全省高新技术产业发展调查研究', serviceKind: 'industryResearch', description: '对全省高新技术产业发展现状、问题和趋势开展调查研究，增设重点产业链专题，形成研究报告。', purchaseMethod: 'commission', budgetFen: 35_000_000, period: '6个月' } });
  const d2 = await createDemandEntry({ db, actor: kjt, meta, programmeId, input: { title: '科技创新发展规划（2026—2030年）编制', serviceKind: 'planning', description: '协助编制全省科技创新发展中长期规划，开展专题研究和专家论证。', purchaseMethod: 'tender', budgetFen: 80_000_000, period: '10个月' } });
  await changeDemandEntryState({ db, actor: kjt, meta, id: d2.id, version: d2.version, event: 'publish' });
  const d3 = await createDemandEntry({ db, actor: gxt, meta, programmeId, input: { title: '重大技术改造投资项目咨询评估', serviceKind: 'investmentConsulting', description: '对重大技术改造投资项目开展咨询评估，出具评估意见。', purchaseMethod: 'tender', budgetFen: 25_000_000, period: '按项目' } });
  await changeDemandEntryState({ db, actor: gxt, meta, id: d3.id, version: d3.version, event: 'publish' });
  // a draft only its department sees
  await createDemandEntry({ db, actor: scjg, meta, programmeId, input: { title: '计量器具强制检定情况专项调查', serviceKind: 'industryResearch', description: '对全省重点用能单位和医疗卫生机构计量器具强制检定的实施情况开展抽样调查，形成调查报告和改进建议。', purchaseMethod: 'commission', budgetFen: 6_000_000, period: '4个月' } });
}
