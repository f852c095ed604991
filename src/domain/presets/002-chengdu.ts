// Preset 002 — 成都市科学技术协会关于贯彻落实《…成都市科协所属学会有序承接政府转移职能试点工作
// 实施方案…》的意见 (成科协发〔2018〕13号, 2018-05-03) with the tri-party task-book form (附件).
// Every value cites its seed section (notation: see platform-defaults.ts) or says `seed silent`.
import { defaultPerformanceScoring } from '../evaluation/performance.js';
import { defaultSatisfactionRule } from '../evaluation/satisfaction.js';
import type { ProgrammePreset } from '../programme/programme.types.js';
import {
  defaultExpertReview,
  baselineQualificationConditions,
  defaultCategories,
  defaultExecutionWindowMonths,
  defaultExpenseCategories,
  defaultFundRecoveryGrounds,
  defaultLeaderApprovalBodies,
  defaultNoticePeriodDays,
  defaultProcurementThresholdFen,
  defaultProjectLeaderMinPost,
  defaultReviewOffices,
  defaultSelectionDays,
} from './platform-defaults.js';

export const presetChengdu: ProgrammePreset = {
  code: '002', // 002 §标题: 成科协发〔2018〕13号 (seed file 002)
  key: 'chengdu', // 002 §标题: 成都市科协
  title: '成都市科协所属学会有序承接政府转移职能试点工作', // 002 §标题 (成委厅〔2017〕173号 方案)
  seedTitle: '成都市科学技术协会关于贯彻落实《中共成都市委办公厅、成都市人民政府办公厅关于印发〈成都市科协所属学会有序承接政府转移职能试点工作实施方案〉的通知》的意见', // 002 §标题
  issuer: '成都市科学技术协会', // 002 §落款: 2018年5月3日
  region: '成都市', // 002 §标题
  level: 'city', // 002 §主送: 各市级学会、各区（市）县科协
  kind: 'transferPilot', // 002 §2: 扎实完成各项试点任务
  stages: [
    {
      code: 'implement_report', // 002 §1–§3, 002 §末段
      name: '贯彻落实与情况报送', // 002 §末段
      description: '学习领会《方案》，纳入试点的学会制定具体工作方案并与政府部门对接；6月底前将贯彻落实情况报成都市科协。', // 002 §1–§2, 002 §末段
      startMonth: 5, // 002 §落款: 意见 issued 2018年5月3日
      endMonth: 6, // 002 §末段: 今年6月底前…报成都市科协
    },
    {
      code: 'pilot', // 002 §2
      name: '试点实施', // 002 §2, §5
      description: '签订三方项目任务书；经常性工作指导、关键节点控制、重大事项报批、派观察员、专项培训；年底前取得阶段性成果。', // 002 §2, §5
      startMonth: 7, // seed silent: follows the June report (002 §末段)
      endMonth: 12, // 002 §2: 务必在2018年底取得阶段性成果
    },
    {
      code: 'extend', // 002 §6
      name: '推广试点经验、扩大试点范围', // 002 §6
      description: '在试点项目基础上推广成熟经验到其他学会，再选择一批条件相对成熟的公共服务项目进行改革探索；宣传典型案例。', // 002 §6–§7
      startMonth: 1, // seed silent: 002 §6 says 适时; platform default, the year after the 阶段性成果 of §2
      endMonth: 12, // seed silent: as above
      yearOffset: 1, // seed silent: as above, the following year
    },
  ],
  categories: defaultCategories, // seed silent: 002 names 科技类社会化公共服务职能 (§1) and 政府购买服务 (§3) only; platform default FUN-2
  parameters: {
    reviewOffices: defaultReviewOffices, // seed silent: 002 names no countersign; platform default the five of 001 §5(1) (SEL-5)
    approvalLevel: 'cityGovernment', // seed silent: the 方案 was issued by 市委办公厅、市政府办公厅 (002 §标题), so the city government approves as 001 §5(1) has the province
    commissioningModes: ['authorisedCommission', 'serviceProcurement'], // 002 附件§1: 合作方式 □授权委托 □购买服务
    preferredProcurementModes: ['longTermAgreement'], // 002 §5: 签订三方项目任务书 (004 §1 calls it 长期协议)
    agreementKind: 'triPartyTaskBook', // 002 §5 and 附件: 政府委托方、学会承接方、科协协调方三方项目任务书
    qualificationConditions: baselineQualificationConditions, // seed silent: 002 §5 names 遴选推荐 without conditions; platform baseline (003 §6)
    capacityEligibility: {
      keyProject: [], // seed silent: 002 §4 asks for capacity building without a call
      demonstration: [], // seed silent: as above
    },
    projectTypes: [], // seed silent: 002 is a transfer pilot
    formalReviewChecklist: [], // seed silent: no application review in 002
    expertReviewCriteria: [], // seed silent: no expert review of applications in 002
    expertReview: defaultExpertReview, // seed silent: no expert review of applications in this seed; platform default, unused unless the programme takes applications
    selectionDays: defaultSelectionDays, // seed silent: platform default deadlines of the selection steps; no seed gives day counts
    relayIncludesSubordinateSocieties: false, // 002 §3: 各区（市）县科协…推进所属学会 on their own (each runs its own programme); the city relays to its 市级学会 (§通知)
    noticePeriodDays: defaultNoticePeriodDays, // seed silent: 002 §7 asks to 公开或公示 results, no period; platform default 5 days (003 §5.4)
    evaluationNoticeDays: defaultNoticePeriodDays, // seed silent: platform default 5 days (003 §5.4)
    sanctions: {
      falseMaterialsDebarYears: 0, // seed silent: 002 sets no debarment; 0 = none (003 §7(2) has 3)
      failedAcceptanceDebarYears: 0, // seed silent: 002 附件§4(4) provides termination and refund, no debarment (003 §7(2) has 2)
      recoverFundsOn: defaultFundRecoveryGrounds, // seed silent: platform default FND-6 grounds (003 办法§15); refunds on termination follow 002 附件§4(4)
    },
    expenseCategories: defaultExpenseCategories, // seed silent: 002 附件§1 records funding, not expense rules; platform default 003 办法§6–§7
    executionWindowMonths: defaultExecutionWindowMonths, // seed silent: platform default 12 months (003 办法§14)
    procurementThresholdFen: defaultProcurementThresholdFen, // seed silent: platform default 100万元 (see platform-defaults)
    funds: [], // 002 附件§1: funding is stated per task book by each party (经费支持/性质/来源); no programme fund
    stageReportDue: '06-30', // 002 §末段: 各市级学会和区（市）县科协今年6月底前…报成都市科协
    projectLeaderMinPost: defaultProjectLeaderMinPost, // seed silent: 002 附件§1 asks for 项目负责人 only; platform default 秘书长 (001 §5(2), TB-3)
    leaderApprovalBodies: defaultLeaderApprovalBodies, // seed silent: platform default 理事会/常务理事会 (001 §5(2), TB-3)
    majorMatterSteps: ['council', 'department', 'association'], // 002 §5: 重大环节步步报批, 与政府相关部门协调沟通; council first per 001 §5(2) (seed silent on the council)
    changeApprovers: ['department', 'association'], // 002 附件§4(2): 以书面形式向委托单位和协调单位提交…按照规定程序报批
    leadingGroupLeader: null, // seed silent: 002 names no leading group
    leadingGroupOfficeAt: null, // seed silent: 002 names no leading group
    leadingGroupMembers: [], // seed silent: 002 names no leading group
    financeBureauCoManages: false, // seed silent: no finance bureau role in 002
    evaluators: ['department', 'association'], // 002 附件§4(1): 由委托单位联合协调单位进行考核评估
    performanceScoring: defaultPerformanceScoring, // seed silent: platform default, the grades of 财预〔2020〕10号 (优 ≥ 90, 良 ≥ 80, 中 ≥ 60, 差), KPIs scored in proportion to their targets (evaluation/performance.ts)
    satisfactionSurvey: ['department', 'public', 'society'], // 002 §2: 让政府满意、让行业社会满意、让科技工作者满意
    satisfactionRule: defaultSatisfactionRule, // seed silent: platform default, 非常满意、满意、基本满意 count as satisfied (evaluation/satisfaction.ts)
    supervisionMeasures: [
      'regularGuidance', // 002 §5: 经常性工作指导
      'milestoneControl', // 002 §5: 关键节点控制
      'majorMatterApproval', // 002 §5: 重大事项报批
      'observers', // 002 §5: 派观察员参与项目巡视
      'training', // 002 §5: 开展专项培训
      'expertInspection', // 002 附件§4(1): 委托单位有权委派专家组…进行检查、监督
    ],
    ruleClauses: {}, // seed silent: no clause of its own is cited by a rule here; the platform's wording of each rule stands (rule-clauses.ts)
  },
};
