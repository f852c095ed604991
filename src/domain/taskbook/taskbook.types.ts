// TB-1, TB-2: the content of a tri-party task book (三方任务书), one part per party.
// TB-1 is every field of seed 002's form (三方单位基本信息, 试点项目内容, 参与成员, 共同条款,
// 三方意见); TB-2 adds what seed 001 §5(1) requires (rights and duties, cooperation mode, goals,
// key tasks, schedule, quality requirements, quantitative KPIs, source of funds).
// Drafts may be incomplete: every field is optional while drafting; `missingForSignature`
// (taskbook.rules.ts) names what must be filled before the task book can go to signature.
// Money is integer fen (ZFen); dates are YYYY-MM-DD.
import { z } from 'zod';
import { calendarDay } from '../calendar-day.js';
import { ZCommissioningMode, ZLeaderApprovalBody, ZProjectLeaderPost } from '../programme/programme.types.js';
import { fen } from '../money.js';
import { ZTaskBookAgreementKind } from './agreement.js';

const opt = (max: number, what: string) => z.string().trim().max(max, `${what}不能超过 ${max} 个字`).nullable().optional();
const phone = (what: string) =>
  z
    .string()
    .trim()
    .regex(/^[0-9+\-() ]{5,20}$/, `${what}格式不正确`)
    .nullable()
    .optional();
const email = z.email('电子邮箱格式不正确').max(120).nullable().optional();
const day = (what: string) => calendarDay(what);

export const fundingNatureLabels = { fiscal: '财政拨款', other: '其他' } as const;
export const fundingSourceLabels = { publicFunds: '公用经费', projectFunds: '项目经费' } as const;

/** 002 form: funding block of the department and of the association. */
export const ZFunding = z
  .object({
    supported: z.boolean().nullable().optional(), // 经费支持：有 / 无
    budgetFen: fen('预算额度').nullable().optional(), // 预算额度
    nature: z.enum(['fiscal', 'other']).nullable().optional(), // 经费性质：财政拨款 / 其他
    natureOther: opt(100, '经费性质说明'),
    source: z.enum(['publicFunds', 'projectFunds']).nullable().optional(), // 经费来源：公用经费 / 项目经费
    policySupport: z.boolean().nullable().optional(), // 政策支持：有 / 无
  })
  .strict();
export type Funding = z.infer<typeof ZFunding>;

/** The undertaking society's part (项目承接单位). */
export const ZSocietyPart = z
  .object({
    legalRepName: opt(40, '法定代表人'),
    legalRepMobile: phone('法定代表人手机'),
    legalRepPhone: phone('法定代表人电话'),
    legalRepEmail: email,
    leaderName: opt(40, '项目负责人'),
    leaderPost: ZProjectLeaderPost.nullable().optional(), // TB-3
    leaderMobile: phone('项目负责人手机'),
    leaderPhone: phone('项目负责人电话'),
    leaderEmail: email,
    /** TB-3: the council or standing council's approval of the leader. */
    leaderApproval: z
      .object({
        body: ZLeaderApprovalBody,
        decidedOn: day('批准日期'),
        reference: z.string().trim().min(1, '请填写会议或决议名称').max(200, '会议或决议名称不能超过 200 个字'),
      })
      .strict()
      .nullable()
      .optional(),
    selfRaisedFen: fen('自筹经费').nullable().optional(), // 自筹经费
  })
  .strict();

/** The commissioning department's part (项目委托单位). */
export const ZDepartmentPart = z
  .object({
    division: opt(60, '主管处室'),
    headName: opt(40, '负责人'),
    contactName: opt(40, '联系人'),
    contactPhone: phone('联系人电话'),
    contactMobile: phone('联系人手机'),
    contactEmail: email,
    cooperationMode: ZCommissioningMode.nullable().optional(), // 合作方式：授权委托 / 购买服务
    funding: ZFunding.nullable().optional(),
  })
  .strict();

/** The coordinating association's part (项目协调单位). */
export const ZAssociationPart = z
  .object({
    division: opt(60, '分管部室'),
    headName: opt(40, '负责人'),
    contactName: opt(40, '联系人'),
    contactPhone: phone('联系人电话'),
    contactMobile: phone('联系人手机'),
    contactEmail: email,
    funding: ZFunding.nullable().optional(),
  })
  .strict();

export const ZKpi = z
  .object({
    name: z.string().trim().min(1, '请填写指标名称').max(100, '指标名称不能超过 100 个字'),
    target: z.number().finite('目标值应为数字').min(0, '目标值不能为负'),
    unit: z.string().trim().min(1, '请填写计量单位').max(20, '计量单位不能超过 20 个字'),
  })
  .strict();
export type Kpi = z.infer<typeof ZKpi>;

export const ZScheduleEntry = z
  .object({
    name: z.string().trim().min(1, '请填写节点名称').max(100, '节点名称不能超过 100 个字'),
    dueOn: day('完成日期'),
    deliverable: opt(500, '阶段成果'),
  })
  .strict();

export const ZMember = z
  .object({
    name: z.string().trim().min(1, '请填写姓名').max(40, '姓名不能超过 40 个字'),
    employer: z.string().trim().min(1, '请填写工作单位').max(100, '工作单位不能超过 100 个字'),
    title: opt(60, '职务/职称'),
    role: opt(100, '分工'),
  })
  .strict();

/** The project itself (试点项目内容, plus 001 §5(1)). */
export const ZProjectPart = z
  .object({
    content: opt(8000, '试点项目内容'),
    rightsAndDuties: opt(4000, '各方权利和义务'),
    goals: opt(4000, '工作目标'),
    keyTasks: opt(4000, '重点任务'),
    qualityRequirements: opt(4000, '质量要求'),
    fundsSource: opt(1000, '经费来源'),
    kpis: z.array(ZKpi).max(50, '量化指标不能超过 50 项').nullable().optional(),
    schedule: z.array(ZScheduleEntry).max(50, '进度安排不能超过 50 个节点').nullable().optional(),
    members: z.array(ZMember).max(100, '参与成员不能超过 100 人').nullable().optional(),
  })
  .strict();

export const ZTaskBookContent = z
  .object({
    /** the agreement this version is (agreement.ts): fixed when drafted, absent for a tri-party task book */
    agreementKind: ZTaskBookAgreementKind.optional(),
    projectName: opt(200, '项目名称'),
    society: ZSocietyPart.default({}),
    department: ZDepartmentPart.default({}),
    association: ZAssociationPart.default({}),
    project: ZProjectPart.default({}),
  })
  .strict();
export type TaskBookContent = z.infer<typeof ZTaskBookContent>;

/** Which party writes which part (TB-1: the association drafts, department and society complete). */
export const taskBookParts = ['society', 'department', 'association', 'project'] as const;
export type TaskBookPart = (typeof taskBookParts)[number];
export const taskBookPartLabels: Record<TaskBookPart, string> = {
  society: '项目承接单位信息',
  department: '项目委托单位信息',
  association: '项目协调单位信息',
  project: '试点项目内容',
};

/** 002 §四: the six common clauses, printed in every task book (fixed text, not edited per book). */
export const commonClauses: readonly string[] = [
  '委托单位有权监督、检查任务履行情况。试点项目履行期间，委托单位根据需要有权委派专家组，对承担单位履行试点情况进行检查、监督。承担单位完成试点项目任务后，由委托单位联合协调单位进行考核评估。',
  '承担单位严格按照试点项目任务书开展工作，如需变更试点项目工作内容，须以书面形式向委托单位和协调单位提交试点内容变更请求，按照规定程序报批。',
  '承担单位应积极配合或参加由委托单位召集的有关本项目的监督、管理和评估等活动。',
  '承担单位因某种原因（如：与试点项目工作内容有出入或某些条件不落实）不能按计划执行而主动要求中止任务时，应视不同情况，部分或全部退还所拨经费；承担单位未主动提出中止任务的要求，委托单位有权会同协调单位提出中止任务。',
  '协调单位应为项目的顺利实施提供指导与保障，具有配合委托单位为保证项目的顺利实施，进行相关的协调和督促的义务。',
  '任务书签订各方均负有相应的责任。若有争议或纠纷时，按有关法规和管理办法处理。',
];
