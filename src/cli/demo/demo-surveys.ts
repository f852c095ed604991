// Issue 14 demo data (EVA-4): 山东省科学技术协会's satisfaction survey of its transfer pilot. Preset 001
// names no survey; the province adopted the parameter 满意度调查对象 = 政府部门、学会 while its programme
// was a draft (demo.ts), as 德阳 surveyed both (004 §3(3)3). The survey, open for thirty days from
// the day the demo is written, invited the departments and the societies of the programme's pilot
// projects; most have answered — one department not satisfied — and 山东省农业农村厅 (nyt.user) and
// 山东省农学会 (nongxue.user) still have their to-do 填写满意度调查. Written through the use cases, as
// the users the README names.
import { eq } from 'drizzle-orm';
import type { Db } from '../../server/db/client.js';
import { organisations, userRoles, users } from '../../server/db/schema.js';
import type { Actor, RequestMeta } from '../../server/platform/actor.js';
import type { FieldCipher } from '../../server/platform/crypto/field-cipher.js';
import { permissionsOf, scopeRootPath } from '../../domain/access/roles.js';
import { addDays } from '../../server/platform/transition.js';
import { chinaDayOf, startOfChinaDay } from '../../domain/calendar-day.js';
import { defaultSurveyQuestions } from '../../domain/evaluation/satisfaction.js';
import { answerAsOrganisation, createSurvey, openSurvey } from '../../server/modules/surveys/surveys.js';
import { satisfactionSurveys } from '../../server/db/schema.js';

const meta: RequestMeta = { ip: null, requestId: 'seed' };

async function actorOf(db: Db, username: string): Promise<Actor> {
  const [u] = await db.select().from(users).where(eq(users.username, username));
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

type Answer = [username: string, overall: number, rest: [number, number, number, number, number], comment: string | null];
// overall, then 服务意识和服务质量, 客观中立, 程序规范, 按进度和质量完成, 科协的指导和监督
const ANSWERS: Answer[] = [
  ['kjt.user', 5, [5, 5, 4, 4, 5], '承接学会的评估报告质量高、数据扎实，建议进一步扩大科技评估类事项的承接范围。'],
  ['gxt.user', 4, [4, 4, 4, 3, 4], null],
  ['wjw.user', 2, [2, 3, 3, 2, 3], '中医药适宜技术推广应用评估未达到任务书要求，承接学会的组织实施和进度管理需要加强。'],
  ['jixie.user', 5, [4, 5, 5, 4, 5], '科协的专项培训和节点督导很及时，希望继续组织同类学会交流经验。'],
  ['yixue.user', 4, [4, 4, 4, 4, 4], null],
  ['zhongyi.user', 3, [3, 4, 3, 2, 4], '希望委托部门在项目实施中给予更多业务指导。'],
];

export async function seedSatisfactionSurvey(db: Db, cipher: FieldCipher, opts: { programmeId: string; today: string }): Promise<string> {
  const sheng = await actorOf(db, 'sheng.admin');
  const year = Number(opts.today.slice(0, 4));
  const closesOn = chinaDayOf(addDays(startOfChinaDay(opts.today), 30));
  const id = await createSurvey({
    db,
    actor: sheng,
    meta,
    programmeId: opts.programmeId,
    input: {
      title: `${year}年度学会承接政府转移职能试点工作满意度调查`,
      intro: '为了解委托部门和承接学会对试点工作的评价，改进组织协调和监督管理，请根据实际感受如实填写。每个单位填写一次。',
      year,
      groups: ['department', 'society'],
      questions: defaultSurveyQuestions,
      opensOn: opts.today,
      closesOn,
    },
  });
  const [s] = await db.select({ rowVersion: satisfactionSurveys.rowVersion }).from(satisfactionSurveys).where(eq(satisfactionSurveys.id, id));
  await openSurvey({ db, cipher, actor: sheng, meta, id, rowVersion: s.rowVersion, today: opts.today });
  const keys = defaultSurveyQuestions.filter((q) => q.kind === 'rating' && q.key !== 'overall').map((q) => q.key);
  for (const [username, overall, rest, comment] of ANSWERS) {
    const answers: Record<string, number | string> = { overall, ...Object.fromEntries(keys.map((k, i) => [k, rest[i]])) };
    if (comment) answers.comment = comment;
    await answerAsOrganisation({ db, actor: await actorOf(db, username), meta, surveyId: id, input: { answers }, today: opts.today });
  }
  return id;
}
