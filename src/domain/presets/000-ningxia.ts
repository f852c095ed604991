// Preset 000 — 宁夏科协所属学会有序承接政府转移职能试点工作方案（征求意见稿）.
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
  defaultLeaderApprovalBodies,
  defaultMajorMatterSteps,
  defaultNoticePeriodDays,
  defaultProcurementThresholdFen,
  defaultProjectLeaderMinPost,
  defaultSelectionDays,
} from './platform-defaults.js';

export const presetNingxia: ProgrammePreset = {
  code: '000', // 000 §附件2 (seed file 000)
  key: 'ningxia', // 000 §序言: 宁夏科协
  title: '宁夏科协所属学会有序承接政府转移职能试点工作', // 000 §标题
  seedTitle: '宁夏科协所属学会有序承接政府转移职能试点工作方案（征求意见稿）', // 000 §标题
  issuer: '宁夏回族自治区科学技术协会', // 000 §标题 (宁夏科协; the draft carries no signature, §4(1) puts the work in the 自治区科协)
  region: '宁夏回族自治区', // 000 §序言
  level: 'provincial', // 000 §序言: 自治区 (provincial-level) programme
  kind: 'transferPilot', // 000 §序言: 有序承接政府转移职能试点工作
  stages: [
    {
      code: 'negotiate', // 000 §4(1)
      name: '协商职能转移阶段', // 000 §4(1)
      description: '成立试点领导小组；自治区科协与相关政府部门协商可转移的政府职能，梳理职能、列出清单，明确试点范围、遴选试点参与学会。', // 000 §4(1)
      startMonth: 4, // seed silent: 000 §4(1) leaves the month blank (2017年  月); platform default follows 001 §4(1)1 (4月)
      endMonth: 5, // seed silent: month blank in 000 §4(1); platform default follows 001 §4(1)1 (—5月)
    },
    {
      code: 'deploy', // 000 §4(2)
      name: '部署实施阶段', // 000 §4(2)
      description: '参与学会编制试点项目实施方案并报对应政府部门审查确认；职能转移部门与试点学会签订职能转移合同并实施监管；自治区科协督导推进。', // 000 §4(2)
      startMonth: 5, // seed silent: month blank in 000 §4(2); platform default follows 001 §4(1)2 (5月)
      endMonth: 10, // seed silent: month blank in 000 §4(2); platform default follows 001 §4(1)2 (—10月)
    },
    {
      code: 'summarise', // 000 §4(3)
      name: '工作总结阶段', // 000 §4(3)
      description: '以典型案例为切入点组织学会研讨，提炼可复制、宜实施的经验模式，上报自治区党委和政府并在全区推广。', // 000 §4(3)
      startMonth: 11, // seed silent: month blank in 000 §4(3); platform default follows 001 §4(1)3 (11月)
      endMonth: 12, // seed silent: month blank in 000 §4(3); platform default follows 001 §4(1)3 (—12月)
    },
  ],
  categories: [
    {
      code: 'sci_tech_evaluation', // 000 §3(1)
      name: '科技评估', // 000 §3(1)
      children: [
        { code: 'innovation_platform_evaluation', name: '自治区科技创新平台评价' }, // 000 §3(1)1
        { code: 'plan_strategy_evaluation', name: '科技规划战略研究和科技计划实施情况的整体评估' }, // 000 §3(1)2
        { code: 'major_project_evaluation', name: '重大科技计划项目评估' }, // 000 §3(1)3
        { code: 'new_product_appraisal', name: '新产品、新工艺鉴定' }, // 000 §3(1)4
      ],
    },
    {
      code: 'engineering_qualification', // 000 §3(2)
      name: '工程技术领域职业资格认定', // 000 §3(2)
      children: [
        { code: 'title_review', name: '专业工程技术人员职称评审' }, // 000 §3(2)
        { code: 'skill_appraisal', name: '工人职业技能资格鉴定' }, // 000 §3(2)
        { code: 'testing_qualification', name: '物理化学检验和无损探伤检测资格培训、考试和认定' }, // 000 §3(2)
      ],
    },
    { code: 'technical_standards', name: '技术标准研制（团体标准）' }, // 000 §3(3)
    {
      code: 'awards_talent', // 000 §3(4)
      name: '科技奖励及重点人才推荐', // 000 §3(4)
      children: [
        { code: 'award_recommendation', name: '自治区科技奖励推荐' }, // 000 §3(4)
        { code: 'talent_recommendation', name: '“313”科技人才、科技领军人才和塞上英才推荐' }, // 000 §3(4)
      ],
    },
    {
      code: 'service_procurement', // 000 §3(5)
      name: '政府部门购买服务', // 000 §3(5)
      children: [
        { code: 'industry_research', name: '产业发展研究' }, // 000 §3(5)
        { code: 'planning', name: '规划编制' }, // 000 §3(5)
        { code: 'admission_operation_analysis', name: '行业准入及经济运行分析' }, // 000 §3(5)
        { code: 'investment_consulting', name: '重大投资项目咨询' }, // 000 §3(5)
      ],
    },
  ],
  parameters: {
    reviewOffices: [
      // 000 §4(1): no countersign step is named; the government members of the leading group
      // (SPEC actor table: 人社, 科技 where a programme says so) review the list.
      'establishment', // 000 §4(1): 自治区编办
      'developmentReform', // 000 §4(1): 发改委
      'civilAffairs', // 000 §4(1): 民政厅
      'finance', // 000 §4(1): 财政厅
      'humanResources', // 000 §4(1): 人社厅
      'scienceTech', // 000 §4(1): 科技厅
    ],
    approvalLevel: 'leadingGroup', // 000 §4(1): 领导小组负责统筹协调政府相关部门的职能转移，通过协商达成共识
    commissioningModes: ['authorisedCommission', 'serviceProcurement'], // 000 §2(2): 建立健全委托、授权…制度；纳入政府购买服务的内容
    preferredProcurementModes: ['publicTender', 'directedPurchase'], // 000 §3(5): 通过招投标或委托等形式购买学会服务
    agreementKind: 'transferContract', // 000 §4(2): 职能转移部门与试点学会签订职能转移合同
    qualificationConditions: baselineQualificationConditions, // seed silent: 000 §1 asks 进入有门槛 but names no condition; platform baseline (003 §6)
    capacityEligibility: {
      keyProject: [], // 000 §5(3): the three special funds are pilots' support, no capacity-plan call (seed silent on eligibility)
      demonstration: [], // 000 §5(3): as above
    },
    projectTypes: [], // 000 §5(3): 以奖代补 funds named without project types (seed silent)
    formalReviewChecklist: [], // seed silent: 000 has no application review (transfer pilot)
    expertReviewCriteria: [], // seed silent: 000 has no expert review of applications
    expertReview: defaultExpertReview, // seed silent: no expert review of applications in this seed; platform default, unused unless the programme takes applications
    selectionDays: defaultSelectionDays, // seed silent: platform default deadlines of the selection steps; no seed gives day counts
    relayIncludesSubordinateSocieties: false, // 000 §4(1): 自治区科协…遴选试点参与学会 — the societies of 宁夏科协 itself (§标题 宁夏科协所属学会)
    noticePeriodDays: defaultNoticePeriodDays, // seed silent: platform default 5 days (003 §5.4)
    evaluationNoticeDays: defaultNoticePeriodDays, // seed silent: platform default 5 days (003 §5.4)
    sanctions: {
      falseMaterialsDebarYears: 0, // seed silent: 000 §4(2) asks for 问责机制 but sets no debarment; 0 = none (003 §7(2) has 3)
      failedAcceptanceDebarYears: 0, // seed silent: no acceptance debarment in 000; 0 = none (003 §7(2) has 2)
      recoverFundsOn: defaultFundRecoveryGrounds, // seed silent: platform default FND-6 grounds (003 办法§15)
    },
    expenseCategories: defaultExpenseCategories, // seed silent: 000 §5(3) funds without expense rules; platform default 003 办法§6–§7
    executionWindowMonths: defaultExecutionWindowMonths, // seed silent: platform default 12 months (003 办法§14)
    procurementThresholdFen: defaultProcurementThresholdFen, // seed silent: platform default 100万元 (see platform-defaults)
    funds: [
      { code: 'capacity_fund', name: '学会能力提升专项', amountFen: null, source: '自治区财政' }, // 000 §5(3): 自治区财政设立三项经费; amount seed silent
      { code: 'innovation_assistance_fund', name: '助力创新工程专项', amountFen: null, source: '自治区财政' }, // 000 §5(3); amount seed silent
      { code: 'academic_exchange_fund', name: '学术交流专项', amountFen: null, source: '自治区财政' }, // 000 §5(3); amount seed silent
    ],
    stageReportDue: null, // seed silent: 000 §4(3) reports the summary to 自治区党委和政府 without a date
    projectLeaderMinPost: defaultProjectLeaderMinPost, // seed silent: platform default 秘书长 (001 §5(2), TB-3)
    leaderApprovalBodies: defaultLeaderApprovalBodies, // seed silent: platform default 理事会/常务理事会 (001 §5(2), TB-3)
    majorMatterSteps: defaultMajorMatterSteps, // seed silent: platform default council → department → association (001 §5(2), 002 §5)
    changeApprovers: defaultChangeApprovers, // seed silent: platform default department → association (002 附件§4(2))
    leadingGroupLeader: '自治区政府主管领导', // 000 §4(1): 由自治区政府主管领导牵头
    leadingGroupOfficeAt: '自治区科协', // 000 §4(1): 领导小组办公室设在自治区科协
    leadingGroupMembers: [
      '自治区编办', // 000 §4(1)
      '自治区发改委', // 000 §4(1)
      '自治区民政厅', // 000 §4(1)
      '自治区财政厅', // 000 §4(1)
      '自治区人社厅', // 000 §4(1)
      '自治区科技厅', // 000 §4(1)
      '自治区科协', // 000 §4(1)
    ],
    financeBureauCoManages: false, // 000 §5(3): 财政 funds the work; it does not co-run reviews (seed silent otherwise)
    evaluators: ['department', 'association'], // 000 §4(2): 职能转移部门建立考核和问责机制并实施监管；自治区科协督导
    performanceScoring: defaultPerformanceScoring, // seed silent: platform default, the grades of 财预〔2020〕10号 (优 ≥ 90, 良 ≥ 80, 中 ≥ 60, 差), KPIs scored in proportion to their targets (evaluation/performance.ts)
    satisfactionSurvey: ['department', 'public', 'society'], // 000 §1: 以政府放心、社会满意、科技工作者认可…为目标
    satisfactionRule: defaultSatisfactionRule, // seed silent: platform default, 非常满意、满意、基本满意 count as satisfied (evaluation/satisfaction.ts)
    supervisionMeasures: ['trackingSupervision'], // 000 §4(2): 自治区科协督导各试点学会按照合同要求推进实施
    ruleClauses: {}, // seed silent: no clause of its own is cited by a rule here; the platform's wording of each rule stands (rule-clauses.ts)
  },
};
