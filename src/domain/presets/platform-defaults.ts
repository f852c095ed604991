// Platform defaults used by a preset where its seed is silent (PRG-2). Every value says where it
// comes from: a SPEC requirement, or the one seed that does state the rule.
//
// Section notation in the presets: `001 §4(1)2` = 四、（一）2.; `003 §5.4` = 五、4. (a point
// directly under a section); `004 §3(3)2` = 三、（三）二是; `003 §n` = 实施方案 section n,
// `003 办法§n` = 专项资金管理办法 第n条; `002 附件§n` = part n of the task-book form;
// `§标题` = the title, `§序言` = the preamble, `§印发通知` / `§通知` = the covering notice,
// `§落款` / `§署名` = the signature, `§末段` = the closing paragraph.
import type {
  Approver,
  Category,
  ExpenseCategories,
  ExpertReview,
  FundRecoveryGround,
  LeaderApprovalBody,
  ProjectLeaderPost,
  QualificationCondition,
  SelectionDays,
} from '../programme/programme.types.js';
import type { OfficeKind } from '../org/org.types.js';

/** FND-5 default threshold: 1,000,000 元 in fen. */
export const defaultProcurementThresholdFen = 100_000_000; // seed silent: platform default 100万元, because 003 办法§8 only says 政府采购 rules apply; 100万元 is the national 分散采购限额标准 for goods and services (财库〔2019〕69号; confirm per region), lowered by a programme where its region sets less

/** CAP-5, CAP-6: public notice period in days. */
export const defaultNoticePeriodDays = 5; // seed silent: platform default, because 003 §5.4 (为期5天的公示) is the only period any seed states

/** FND-4: months to spend from budget approval. */
export const defaultExpertReview: ExpertReview = { expertsPerApplication: 5, minScoresForTrim: 5 }; // seed silent: platform default, 003 §5.2 组织专家评审 without a number; five experts, the highest and the lowest sheet dropped once five are in (the usual 去掉一个最高分和一个最低分)
export const defaultExecutionWindowMonths = 12; // seed silent: platform default, the one year of 003 办法§14

/** deadlines of the selection steps. */
export const defaultSelectionDays: SelectionDays = { // seed silent: platform default; no seed gives day counts for these steps
  declare: 15, // seed silent: platform default, half a month for societies to declare after the relay (001 §4(1)2 fits declaration into May–Oct)
  review: 10, // seed silent: platform default, ten days for the association's review
  countersign: 10, // seed silent: platform default, ten days for each review office
  approve: 15, // seed silent: platform default, half a month for the approving level
  select: 10, // seed silent: platform default, ten days for the department's choice
};

/** SEL-5: the five offices of SPEC SEL-5. */
export const defaultReviewOffices: OfficeKind[] = [ // seed silent: platform default, the five offices of 001 §5(1) (SPEC SEL-5)
  'establishment', // 001 §5(1): 机构编制
  'developmentReform', // 001 §5(1): 发展改革
  'civilAffairs', // 001 §5(1): 民政
  'finance', // 001 §5(1): 财政
  'legal', // 001 §5(1): 法制
];

/** SEL-3 baseline for pilots whose seed names no checkable condition. */
export const baselineQualificationConditions: QualificationCondition[] = [ // seed silent: platform default, the checkable conditions of 003 §6(1)1 and §6(3), the only seed that lists any
  { rule: 'annualInspectionPassed', label: '申报前连续两年社团年检合格', years: 2 }, // seed silent: platform default from 003 §6(1)1
  { rule: 'noViolation', label: '近3年无违纪违法行为', years: 3 }, // seed silent: platform default from 003 §6(3)1; look-back 3 years as the 近3年 of 003 §6(2)1
  { rule: 'noCriticism', label: '近3年未因违反国家相关规定受到通报批评或处罚', years: 3 }, // seed silent: platform default from 003 §6(3)2; look-back as above
  { rule: 'noFailedTask', label: '近3年无未按要求完成科协交办工作或委托项目的情形', years: 3 }, // seed silent: platform default from 003 §6(3)3; look-back as above
  { rule: 'notDebarred', label: '不在取消申报资格期内' }, // seed silent: platform default, an active debarment excludes (SPEC CAP-2, 003 §7(2))
];

/** FND-1, FND-2 for pilots: the only expense rules in the seeds are 003's. */
export const defaultExpenseCategories: ExpenseCategories = { // seed silent: platform default, the lists of 003 办法§6–§7 (SPEC FND-1, FND-2)
  allowed: [
    {
      code: 'materials', // 003 办法§6(1)
      label: '项目资料费', // 003 办法§6(1)
      items: ['论文集出版印刷费', '相关资料印刷费', '资料购置费'], // 003 办法§6(1): 包括《论文集》、出版印刷费及相关资料印刷、购置等
    },
    {
      code: 'activities', // 003 办法§6(2)
      label: '项目活动费', // 003 办法§6(2)
      items: ['会务费', '调研经费', '评审咨询费', '特邀报告人授课费', '差旅费', '交通租赁费'], // 003 办法§6(2)
    },
    {
      code: 'other', // 003 办法§6(3)
      label: '其他费用', // 003 办法§6(3)
      items: ['项目活动中所发生的其他费用'], // 003 办法§6(3)
    },
  ],
  forbidden: [
    { code: 'personnel', label: '人员工资、福利和个人奖金支出' }, // 003 办法§7(1)
    { code: 'overseas_reception_vehicles', label: '因公出国（境）费用、公务接待、公务用车购置及运行维护费支出' }, // 003 办法§7(2)
    { code: 'construction_repair', label: '土建工程、办公设备设施的维修改造支出' }, // 003 办法§7(3)
    { code: 'management_fees', label: '组织、协调等各种管理性费用支出' }, // 003 办法§7(4)
    { code: 'fines_loans_donations', label: '罚款、还贷、捐赠、赞助、对外投资支出' }, // 003 办法§7(5)
    { code: 'unrelated', label: '与本项目无关的其他支出' }, // 003 办法§7(6), worded for any programme
  ],
};

/** FND-6: recovery grounds without CAP-7's failed acceptance (pilots have no acceptance). */
export const defaultFundRecoveryGrounds: FundRecoveryGround[] = [ // seed silent: platform default, the grounds of 003 办法§15 (SPEC FND-6)
  'falseMaterials', // 003 办法§15(1): 提供虚假资料
  'misappropriation', // 003 办法§15(2): 截留、挤占、挪用专项资金
  'dereliction', // 003 办法§15(3): 失职致使计划无法实施
  'otherViolation', // 003 办法§15(4): 其他违反国家有关法律、法规的行为
];

/** TB-3 defaults. */
export const defaultProjectLeaderMinPost: ProjectLeaderPost = 'secretaryGeneral'; // seed silent: platform default, 001 §5(2) (SPEC TB-3): 秘书长以上的学会负责同志
export const defaultLeaderApprovalBodies: LeaderApprovalBody[] = ['council', 'standingCouncil']; // seed silent: platform default, 001 §5(2) (SPEC TB-3): 经学会理事会或常务理事会同意

/** SUP-3 and SUP-5 defaults. */
export const defaultMajorMatterSteps: Approver[] = ['council', 'department', 'association']; // seed silent: platform default, council decides (001 §5(2)), then the commissioning department and the coordinating association approve step by step (002 §5 重大环节步步报批)
export const defaultChangeApprovers: Approver[] = ['department', 'association']; // seed silent: platform default, 002 附件§4(2): 书面向委托单位和协调单位提交变更请求

/** FUN-2: the SPEC's categories for a seed that lists none. */
export const defaultCategories: Category[] = [ // seed silent: platform default, the categories of SPEC FUN-2 (000 §3, 001 §3)
  { code: 'sci_tech_evaluation', name: '科技评估' }, // seed silent: platform default, 000 §3(1), 001 §3(1)
  { code: 'engineering_qualification', name: '工程技术领域职业资格认定与考试考务' }, // seed silent: platform default, 000 §3(2), 001 §3(2)
  { code: 'technical_standards', name: '技术标准研制（团体标准）' }, // seed silent: platform default, 000 §3(3), 001 §3(3)
  { code: 'awards_talent', name: '科技奖励及人才推荐' }, // seed silent: platform default, 000 §3(4), 001 §3(4)
  { code: 'service_procurement', name: '政府部门购买服务' }, // seed silent: platform default, 000 §3(5)
  { code: 'other_public_services', name: '其他科技类公共服务' }, // seed silent: platform default, 001 §3(5)
];
