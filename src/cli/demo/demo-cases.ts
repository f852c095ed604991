// Demo data for issue 14 §1 (EVA-5): the typical-case library. The demo has one project whose
// completion passed — 医学科研诚信状况调查评估 (山东省医学会) — so 山东省科协 writes three cases about
// three aspects of it, through the use cases: the project as a whole, started from the draft the
// platform makes of its summary report (caseSources), published on the portal; the survey method
// (问卷、访谈与专家论证), and the use of the findings by the commissioning department, both drafts
// that `sheng.admin` may still edit and publish.
import { eq } from 'drizzle-orm';
import type { Db } from '../../server/db/client.js';
import { pilotProjects, typicalCases } from '../../server/db/schema.js';
import type { Actor, RequestMeta } from '../../server/platform/actor.js';
import { caseSources, changeCasePublication, createCase } from '../../server/modules/cases/cases.js';
import { ZCaseCreateInput } from '../../domain/evaluation/typical-case.js';

const meta: RequestMeta = { ip: null, requestId: 'seed' };

export async function seedDemoCases(o: { db: Db; assoc: Actor; passedTitle: string }): Promise<void> {
  const { db, assoc } = o;
  const [p] = await db.select({ id: pilotProjects.id }).from(pilotProjects).where(eq(pilotProjects.title, o.passedTitle));
  const sources = await caseSources(db, assoc, p.id);

  // 1. the project as a whole: the platform's draft from the summary report, completed by hand, published
  const whole = await createCase({
    db,
    actor: assoc,
    meta,
    input: ZCaseCreateInput.parse({
      projectId: p.id,
      title: '以第三方调查评估推动医学科研诚信建设——山东省医学会承接医学科研诚信状况调查评估',
      summary: '山东省医学会受山东省卫生健康委员会委托，对全省 42 家三级医院和医学科研机构的科研诚信状况开展调查评估，形成总体评估报告和 42 份机构反馈报告，提出的 6 条建议中 4 条已被委托单位采纳。',
      body: `${sources.draft.body}\n\n四、社会评价\n委托单位认为，学会发挥医学伦理学分会和科研管理分会的专家优势，评估结论客观、建议具体可行，为全省完善医学科研诚信管理制度提供了依据。`,
      experience:
        '1. 依托专科分会组建评估专家组，专家库覆盖医学伦理、科研管理和统计学，保证评估的专业性和独立性。\n2. 问卷调查、现场访谈和同行专家论证相结合，每项结论都有可核查的佐证。\n3. 向每家被评估机构出具反馈报告，评估与整改衔接，建议更容易落地。',
      tags: ['科研诚信', '第三方评估', '卫生健康'],
    }),
  });
  const [w] = await db.select({ v: typicalCases.rowVersion }).from(typicalCases).where(eq(typicalCases.id, whole));
  await changeCasePublication({ db, actor: assoc, meta, id: whole, rowVersion: w.v, event: 'publish' });

  // 2. the survey method — a draft
  await createCase({
    db,
    actor: assoc,
    meta,
    input: ZCaseCreateInput.parse({
      projectId: p.id,
      title: '问卷、访谈与专家论证相结合的医学科研诚信调查评估方法',
      summary: '项目回收有效问卷 2,316 份，现场访谈 126 人次，评估报告经 7 名同行专家论证，形成了可在其他领域复用的调查评估方法。',
      body: '一、背景\n科研诚信状况难以用单一指标衡量，首次结项报告因佐证不足被科协退回补充。\n\n二、做法\n按机构类型分层抽样发放问卷；对科研管理人员、青年科研人员和伦理委员会成员分别开展结构化访谈；评估结论提交同行专家论证。\n\n三、成效\n第二次结项报告补充了访谈记录和专家论证意见，结项考核一次通过。',
      experience: '调查评估类项目在任务书中即明确佐证材料的形式（问卷数据、访谈记录、专家论证意见），结项时按指标逐项对应。',
      tags: ['调查评估方法', '专家论证'],
    }),
  });

  // 3. how the findings were used — a draft
  await createCase({
    db,
    actor: assoc,
    meta,
    input: ZCaseCreateInput.parse({
      projectId: p.id,
      title: '评估建议转化为管理措施：医学科研诚信评估成果的应用',
      summary: '评估报告提出完善科研诚信教育、加强科研数据管理等 6 条建议，委托单位采纳 4 条并纳入年度工作安排。',
      body: '一、背景\n评估发现部分机构科研诚信教育覆盖面不足、原始数据管理不规范。\n\n二、做法\n学会在评估报告中将问题与建议一一对应，并与委托单位逐条研究可行性。\n\n三、成效\n委托单位采纳 4 条建议，纳入全省医疗卫生机构科研管理年度工作安排。',
      experience: '评估建议写明责任主体和实施路径，并在提交前与委托单位沟通，提高了建议的采纳率。',
      tags: ['成果应用', '政策建议'],
    }),
  });
}
