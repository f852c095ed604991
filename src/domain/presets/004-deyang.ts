// Preset 004 — 德阳市科协所属市级学会承接政府转移职能面临的困难及对策建议 (德阳市科协, 2019).
// A report, not a plan: the preset is built from its countermeasures (§3) and facts (§1).
// Every value cites its seed section (notation: see platform-defaults.ts) or says `seed silent`.
import { defaultPerformanceScoring } from '../evaluation/performance.js';
import { defaultSatisfactionRule } from '../evaluation/satisfaction.js';
import type { ProgrammePreset } from '../programme/programme.types.js';
import {
  defaultExpertReview,
  baselineQualificationConditions,
  defaultCategories,
  defaultChangeApprovers,
  defaultExecutionWindowMonths,
  defaultExpenseCategories,
  defaultFundRecoveryGrounds,
  defaultLeaderApprovalBodies,
  defaultMajorMatterSteps,
  defaultNoticePeriodDays,
  defaultProcurementThresholdFen,
  defaultProjectLeaderMinPost,
  defaultReviewOffices,
  defaultSelectionDays,
} from './platform-defaults.js';

export const presetDeyang: ProgrammePreset = {
  code: '004', // 004 §标题 (seed file 004)
  key: 'deyang', // 004 §标题: 德阳市科协
  title: '德阳市科协所属市级学会承接政府转移职能试点工作', // 004 §序言: 2017年8月德阳市委出台方案
  seedTitle: '德阳市科协所属市级学会承接政府转移职能面临的困难及对策建议', // 004 §标题
  issuer: '德阳市科学技术协会', // 004 §署名: 德阳市科协 钟辉蓉
  region: '德阳市', // 004 §标题
  level: 'city', // 004 §1: 市科协所属学会共49家
  kind: 'transferPilot', // 004 §1: 8家市级学会参与了承接政府转移职能工作; §3(3)3 试点项目
  stages: [
    // 004 sets no calendar; the stages follow its countermeasures, the months are platform defaults.
    {
      code: 'survey', // 004 §3(2)1
      name: '承接能力与转移职能调研', // 004 §3(2)1
      description: '摸清学会承接能力及政府所要转移职能的实际情况，动态调整承接职能范围和试点项目，动态更新政府转移职能意向清单。', // 004 §3(2)1
      startMonth: 1, // seed silent: platform default, the survey opens the year
      endMonth: 3, // seed silent: platform default
    },
    {
      code: 'implement', // 004 §3(2)2–3
      name: '对接实施', // 004 §3(2)2–3
      description: '公开转移标准和程序，明确可转移职能清单和委托计划；科协遴选推荐、协同管理，跟踪监督已承接职能，对承能较差的学会提出整改要求。', // 004 §3(2)2–3
      startMonth: 4, // seed silent: platform default
      endMonth: 10, // seed silent: platform default
    },
    {
      code: 'evaluate', // 004 §3(2)3, §3(3)3
      name: '考核评估与典型推广', // 004 §3(2)3, §3(3)3
      description: '开展满意度调查和考核评估；选出优秀承能案例在学会中宣传推广。', // 004 §3(2)3, §3(3)3
      startMonth: 11, // seed silent: platform default
      endMonth: 12, // seed silent: platform default
    },
    {
      code: 'self_evaluation', // 004 §3(3)3
      name: '项目支出绩效自评与财政绩效评价', // 004 §3(3)3
      description: '完成上一年度项目支出绩效自评报告，接受市财政局绩效评价工作组的整体评价和现场评价。', // 004 §3(3)3
      startMonth: 1, // seed silent: platform default, the first quarter after the project year
      endMonth: 3, // seed silent: platform default
      yearOffset: 1, // 004 §3(3)3: 完成2018年项目支出绩效自评报告 (reported in the following year)
    },
  ],
  categories: defaultCategories, // seed silent: 004 lists no function categories; platform default FUN-2
  parameters: {
    reviewOffices: defaultReviewOffices, // seed silent: 004 names no countersign; platform default the five of 001 §5(1) (SEL-5)
    approvalLevel: 'cityGovernment', // seed silent: 004 §序言 the plan was issued by 德阳市委; city government approves, as 001 §5(1) has the province
    commissioningModes: ['authorisedCommission', 'serviceProcurement'], // 004 §1: 长期协议（三方试点任务书）and purchase; §2(3)2 keeps transfer apart from 政府购买服务
    preferredProcurementModes: [
      'centralPurchase', // 004 §1: 政府集中采购
      'longTermAgreement', // 004 §1: 长期协议（三方试点任务书）
      'directedPurchase', // 004 §1: 定向采购
      'subsidy', // 004 §1: 财政补贴
    ],
    agreementKind: 'triPartyTaskBook', // 004 §1: 长期协议（三方试点任务书）
    qualificationConditions: baselineQualificationConditions, // seed silent: 004 §3(2)2 asks for 公开公平统一的准入门槛 without naming one; platform baseline (003 §6)
    capacityEligibility: {
      keyProject: [], // seed silent: 004 §3(3)1 continues the capacity project without eligibility rules
      demonstration: [], // seed silent: 004 §3(1)2 品牌学会 named as a goal only
    },
    projectTypes: [], // seed silent: 004 is a transfer pilot
    formalReviewChecklist: [], // seed silent: no application review in 004
    expertReviewCriteria: [], // seed silent: no expert review of applications in 004
    expertReview: defaultExpertReview, // seed silent: no expert review of applications in this seed; platform default, unused unless the programme takes applications
    selectionDays: defaultSelectionDays, // seed silent: platform default deadlines of the selection steps; no seed gives day counts
    relayIncludesSubordinateSocieties: false, // 004 §序言: 市科协所属学会 (the city's own 市级学会)
    noticePeriodDays: defaultNoticePeriodDays, // seed silent: 004 §3(2)2 asks to 公开转移的标准和程序, no period; platform default 5 days (003 §5.4)
    evaluationNoticeDays: defaultNoticePeriodDays, // seed silent: platform default 5 days (003 §5.4)
    sanctions: {
      falseMaterialsDebarYears: 0, // seed silent: 004 sets no debarment; 0 = none (003 §7(2) has 3)
      failedAcceptanceDebarYears: 0, // seed silent: 004 §3(2)3 orders 整改 instead; 0 = none (003 §7(2) has 2)
      recoverFundsOn: defaultFundRecoveryGrounds, // seed silent: platform default FND-6 grounds (003 办法§15)
    },
    expenseCategories: defaultExpenseCategories, // seed silent: 004 §3(3)2 earmarks funds without expense rules; platform default 003 办法§6–§7
    executionWindowMonths: defaultExecutionWindowMonths, // seed silent: platform default 12 months (003 办法§14)
    procurementThresholdFen: defaultProcurementThresholdFen, // seed silent: platform default 100万元 (see platform-defaults)
    funds: [
      {
        code: 'transfer_pilot_earmark', // 004 §3(3)2
        name: '承接政府转移职能试点项目经费', // 004 §3(3)3: 设立学会承接政府转移职能试点项目经费
        amountFen: 20_000_000, // 004 §3(3)2: 单列20万元 (= 20,000,000 分)
        source: '学会创新和服务能力提升工程项目经费', // 004 §3(3)2: 在…项目经费中单列
      },
    ],
    stageReportDue: null, // seed silent: 004 names no report date
    projectLeaderMinPost: defaultProjectLeaderMinPost, // seed silent: platform default 秘书长 (001 §5(2), TB-3); 004 §3(1)3 秘书长职业化
    leaderApprovalBodies: defaultLeaderApprovalBodies, // seed silent: platform default 理事会/常务理事会 (001 §5(2), TB-3)
    majorMatterSteps: defaultMajorMatterSteps, // seed silent: platform default council → department → association (001 §5(2), 002 §5)
    changeApprovers: defaultChangeApprovers, // seed silent: platform default department → association (002 附件§4(2))
    leadingGroupLeader: null, // seed silent: 004 names no leading group
    leadingGroupOfficeAt: null, // seed silent: 004 names no leading group
    leadingGroupMembers: [], // seed silent: 004 names no leading group
    financeBureauCoManages: false, // 004 §3(3)3: 市财政局 evaluates performance but does not co-run the programme
    evaluators: ['society', 'association', 'financeBureau'], // 004 §3(3)3: 绩效自评报告, 市财政局绩效评价; §3(2)2: 科协…绩效评价
    performanceScoring: defaultPerformanceScoring, // seed silent: platform default, the grades of 财预〔2020〕10号 (优 ≥ 90, 良 ≥ 80, 中 ≥ 60, 差), KPIs scored in proportion to their targets (evaluation/performance.ts)
    satisfactionSurvey: ['department', 'society'], // 004 §3(3)3: 政府部门和学会满意度均为100%
    satisfactionRule: defaultSatisfactionRule, // seed silent: 004 §3(3)3 reports 满意度均为100% without saying how it counts; platform default, 非常满意、满意、基本满意 count as satisfied (evaluation/satisfaction.ts)
    supervisionMeasures: ['trackingSupervision', 'rectification'], // 004 §3(2)3: 跟踪监督机制…对承能较差的学会提出要求进行整改
    ruleClauses: {}, // seed silent: no clause of its own is cited by a rule here; the platform's wording of each rule stands (rule-clauses.ts)
  },
};
