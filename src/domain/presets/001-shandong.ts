// Preset 001 — 山东省科协所属学会有序承接政府转移职能试点工作实施方案 (中共山东省委办公厅、
// 山东省人民政府办公厅, 2017-04-21).
// Every value cites its seed section (notation: see platform-defaults.ts) or says `seed silent`.
import { defaultPerformanceScoring } from '../evaluation/performance.js';
import { defaultSatisfactionRule } from '../evaluation/satisfaction.js';
import type { ProgrammePreset } from '../programme/programme.types.js';
import {
  defaultExpertReview,
  baselineQualificationConditions,
  defaultChangeApprovers,
  defaultExecutionWindowMonths,
  defaultExpenseCategories,
  defaultFundRecoveryGrounds,
  defaultNoticePeriodDays,
  defaultProcurementThresholdFen,
  defaultSelectionDays,
} from './platform-defaults.js';

export const presetShandong: ProgrammePreset = {
  code: '001', // 001 §印发通知 (seed file 001)
  key: 'shandong', // 001 §序言: 省科协所属学会
  title: '山东省科协所属学会有序承接政府转移职能试点工作', // 001 §序言
  seedTitle: '山东省科协所属学会有序承接政府转移职能试点工作实施方案', // 001 §印发通知
  issuer: '中共山东省委办公厅、山东省人民政府办公厅', // 001 §印发通知: 落款 2017年4月21日
  region: '山东省', // 001 §序言
  level: 'provincial', // 001 §序言: 省科协所属学会
  kind: 'transferPilot', // 001 §序言: 有序承接政府转移职能试点工作
  stages: [
    {
      code: 'mobilise', // 001 §4(1)1
      name: '部署动员阶段', // 001 §4(1)1
      description: '召开试点工作部署推进会进行部署动员；省科协与政府有关部门协商沟通，达成共识。', // 001 §4(1)1
      startMonth: 4, // 001 §4(1)1: 动员部署 2017年4月
      endMonth: 5, // 001 §4(1)1: —5月
    },
    {
      code: 'implement', // 001 §4(1)2
      name: '实施阶段', // 001 §4(1)2
      description: '部门梳理可转移职能清单；省科协向学会发布清单、提出可承接职能清单；部门审核；签署试点项目任务书；学会编制实施方案报部门审查；跟踪督导；委托第三方评估形成绩效报告；初步形成工作规范。', // 001 §4(1)2
      startMonth: 5, // 001 §4(1)2: 2017年5月
      endMonth: 10, // 001 §4(1)2: —10月
    },
    {
      code: 'summarise', // 001 §4(1)3
      name: '总结阶段', // 001 §4(1)3
      description: '指导学会撰写项目总结报告；形成工作报告；梳理制度机制成果，形成可复制可推广的经验模式，编印典型案例。', // 001 §4(1)3
      startMonth: 11, // 001 §4(1)3: 2017年11月
      endMonth: 12, // 001 §4(1)3: —12月
    },
  ],
  categories: [
    {
      code: 'sci_tech_evaluation', // 001 §3(1)
      name: '相关科技评估', // 001 §3(1)
      children: [
        { code: 'research_base_evaluation', name: '省级科研和创新基地评估' }, // 001 §3(1)1
        { code: 'plan_implementation_evaluation', name: '省级科技计划实施情况的整体评估' }, // 001 §3(1)2
        { code: 'project_completion_evaluation', name: '省级科研项目完成情况评估' }, // 001 §3(1)3
      ],
    },
    { code: 'engineering_qualification', name: '工程技术领域职业资格考试考务' }, // 001 §3(2)
    {
      code: 'technical_standards', // 001 §3(3)
      name: '技术标准研制（团体标准）', // 001 §3(3)
      children: [
        { code: 'standard_3d_printing', name: '3D打印' }, // 001 §3(3)
        { code: 'standard_iot', name: '物联网' }, // 001 §3(3)
        { code: 'standard_industrial_robots', name: '工业机器人' }, // 001 §3(3)
        { code: 'standard_new_energy_vehicles', name: '新能源汽车' }, // 001 §3(3)
        { code: 'standard_tcm', name: '中医药' }, // 001 §3(3)
      ],
    },
    { code: 'awards_talent', name: '省级科技奖励推荐' }, // 001 §3(4)
    {
      code: 'other_public_services', // 001 §3(5)
      name: '其他科技类公共服务职能', // 001 §3(5)
      children: [
        { code: 'decision_consulting', name: '科技决策咨询和经济社会发展决策咨询' }, // 001 §3(5)
        { code: 'policy_evaluation', name: '政策措施落实情况第三方评估' }, // 001 §3(5): 双创、学科建设、行业发展规划等第三方评估
        { code: 'talent_training', name: '急需人才培养和科技人员继续教育' }, // 001 §3(5)
        { code: 'association_selection', name: '科协评选推选工作' }, // 001 §3(5): 青年科技奖、优秀科技工作者评选、院士推选、高端智库等
      ],
    },
  ],
  parameters: {
    reviewOffices: [
      'establishment', // 001 §5(1): 机构编制
      'developmentReform', // 001 §5(1): 发展改革
      'civilAffairs', // 001 §5(1): 民政
      'finance', // 001 §5(1): 财政
      'legal', // 001 §5(1): 法制等部门审核评估学会可承接职能清单的合法性和可操作性
    ],
    approvalLevel: 'provincialGovernment', // 001 §5(1): 经省政府同意后…签署任务书
    commissioningModes: ['authorisedCommission', 'serviceProcurement'], // 001 §1: 可通过政府购买服务等形式委托学会承担; §3(1): 接受省科技厅等部门委托
    preferredProcurementModes: ['longTermAgreement'], // 001 §5(1): 三方签署试点项目任务书 (004 §1 calls the tri-party task book 长期协议)
    agreementKind: 'triPartyTaskBook', // 001 §5(1): 由对应政府部门、承担学会与省科协签署…试点项目任务书
    qualificationConditions: [
      { rule: 'manual', label: '具备承接政府转移职能的基础条件' }, // 001 §5(1): 把具备承接政府转移职能基础条件的学会纳入推荐范围
      { rule: 'manual', label: '明确项目负责人，成立承接试点工作的专门机构' }, // 001 §4(3): 试点学会要明确负责人，成立专门机构
      ...baselineQualificationConditions, // seed silent: 001 §6(2) leaves 承接资格条件 to be drawn up; platform baseline (003 §6)
    ],
    capacityEligibility: {
      keyProject: [], // seed silent: 001 §6(3) 学会创新和服务能力提升工程 has no eligibility in this seed
      demonstration: [], // seed silent: 001 §2(3) 省级综合示范学会 named as a goal only
    },
    projectTypes: [], // seed silent: 001 is a transfer pilot; 001 §6(3) names the fund without project types
    formalReviewChecklist: [], // seed silent: 001 has no application review (transfer pilot)
    expertReviewCriteria: [], // seed silent: 001 has no expert review of applications
    expertReview: defaultExpertReview, // seed silent: no expert review of applications in this seed; platform default, unused unless the programme takes applications
    selectionDays: defaultSelectionDays, // seed silent: platform default deadlines of the selection steps; no seed gives day counts
    relayIncludesSubordinateSocieties: false, // 001 §4(1)2: 省科协面向学会发布可转移职能清单 — the provincial societies, not those of city and county associations
    noticePeriodDays: defaultNoticePeriodDays, // seed silent: 001 §5(4) requires disclosure but no period; platform default 5 days (003 §5.4)
    evaluationNoticeDays: defaultNoticePeriodDays, // seed silent: platform default 5 days (003 §5.4)
    sanctions: {
      falseMaterialsDebarYears: 0, // seed silent: 001 sets no debarment; 0 = none (003 §7(2) has 3)
      failedAcceptanceDebarYears: 0, // seed silent: 001 sets no debarment; 0 = none (003 §7(2) has 2)
      recoverFundsOn: defaultFundRecoveryGrounds, // seed silent: platform default FND-6 grounds (003 办法§15)
    },
    expenseCategories: defaultExpenseCategories, // seed silent: 001 §6(3) names support without expense rules; platform default 003 办法§6–§7
    executionWindowMonths: defaultExecutionWindowMonths, // seed silent: platform default 12 months (003 办法§14)
    procurementThresholdFen: defaultProcurementThresholdFen, // seed silent: platform default 100万元 (see platform-defaults)
    funds: [
      { code: 'capacity_programme', name: '学会创新和服务能力提升工程', amountFen: null, source: '山东省财政' }, // 001 §6(3): 省财政支持实施; amount seed silent
    ],
    stageReportDue: null, // seed silent: 001 sets no date for reports to the level above
    projectLeaderMinPost: 'secretaryGeneral', // 001 §5(2): 原则上由学会秘书长以上的学会负责同志担任
    leaderApprovalBodies: ['council', 'standingCouncil'], // 001 §5(2): 经学会理事会或常务理事会同意
    majorMatterSteps: ['council', 'department', 'association'], // 001 §5(2): 重大事项由理事会、常务理事会讨论决定; §1: 重要环节严格履行报批程序 (order after the council: seed silent, department then association)
    changeApprovers: defaultChangeApprovers, // seed silent: platform default department → association (002 附件§4(2))
    leadingGroupLeader: '省科协', // 001 §4(2): 建立由省科协牵头的协商制度 (001 has no leading group)
    leadingGroupOfficeAt: null, // seed silent: 001 §4(4) makes 省科协 the coordinating unit, no office named
    leadingGroupMembers: [
      '省科协', // 001 §4(2)
      '省编办', // 001 §4(2)
      '省发展改革委', // 001 §4(2)
      '省民政厅', // 001 §4(2)
      '省财政厅', // 001 §4(2); the departments of each project and the undertaking societies join per project
    ],
    financeBureauCoManages: false, // 001 §5(1): 财政 reviews the list with the other offices, it does not co-run the programme
    evaluators: ['thirdParty'], // 001 §5(5): 由省科协委托第三方评估机构…开展评估
    performanceScoring: defaultPerformanceScoring, // seed silent: platform default, the grades of 财预〔2020〕10号 (优 ≥ 90, 良 ≥ 80, 中 ≥ 60, 差), KPIs scored in proportion to their targets (evaluation/performance.ts)
    satisfactionSurvey: [], // seed silent: 001 asks for 社会监督 (§5(4)), no survey
    satisfactionRule: defaultSatisfactionRule, // seed silent: platform default, 非常满意、满意、基本满意 count as satisfied (evaluation/satisfaction.ts); read only when a survey is run
    supervisionMeasures: ['majorMatterApproval', 'trackingSupervision', 'regularMeetings', 'briefings'], // 001 §1 报批程序; §4(1)2 跟踪督导; §5(3) 例会督导制度; §5(4) 编发工作简报
    ruleClauses: {}, // seed silent: no clause of its own is cited by a rule here; the platform's wording of each rule stands (rule-clauses.ts)
  },
};
