// Preset 003 — 益阳市科协学会服务能力提升计划实施方案（试行） and 专项资金管理办法 (益阳市科学技术
// 协会、益阳市财政局, 2018-05-18). `003 §n` cites the 实施方案, `003 办法§n` the 管理办法 第n条.
// Every value cites its seed section (notation: see platform-defaults.ts) or says `seed silent`.
import { defaultPerformanceScoring } from '../evaluation/performance.js';
import { defaultSatisfactionRule } from '../evaluation/satisfaction.js';
import type { ProgrammePreset } from '../programme/programme.types.js';
import { defaultExpertReview, defaultLeaderApprovalBodies, defaultNoticePeriodDays, defaultProcurementThresholdFen, defaultProjectLeaderMinPost, defaultSelectionDays,
} from './platform-defaults.js';

export const presetYiyang: ProgrammePreset = {
  code: '003', // 003 §通知 (seed file 003)
  key: 'yiyang', // 003 §通知: 益阳市科协
  title: '益阳市科协学会服务能力提升计划', // 003 §序言: 联合实施“学会服务能力提升计划”
  seedTitle: '关于印发《益阳市科协学会服务能力提升计划实施方案（试行）》和《益阳市科协学会服务能力提升计划专项资金管理办法》的通知', // 003 §通知 标题
  issuer: '益阳市科学技术协会、益阳市财政局', // 003 §通知 落款: 2018年5月18日
  region: '益阳市', // 003 §通知
  level: 'city', // 003 §序言: 市科协所属学会、协会、研究会（市级学会）
  kind: 'capacityPlan', // 003 §序言: 学会服务能力提升计划
  stages: [
    // 003 §5 gives the order of the yearly cycle but no dates; the months are platform defaults.
    {
      code: 'application', // 003 §5.1
      name: '项目申请', // 003 §5.1
      description: '市科协根据年度项目资金额度面向社会发布通知公告、受理申报；市级学会、高校科协在受理期限内申报，报市科协学会部。', // 003 §5.1
      startMonth: 4, // seed silent: platform default, the call follows the yearly budget (003 办法§3)
      endMonth: 4, // seed silent: platform default one month of 受理期限 (003 §5.1)
    },
    {
      code: 'review', // 003 §5.2
      name: '项目评审', // 003 §5.2
      description: '市科协形式审查；市科协会同市财政局组织专家评审；评审合格项目在市科协网站公示，无异议的签订项目责任书；批复项目预算。', // 003 §5.2, 办法§9–§10
      startMonth: 5, // seed silent: platform default, after the application month
      endMonth: 6, // seed silent: platform default, ends mid-June
      endDay: 15, // seed silent: platform default, leaves time for the notice (003 §5.2)
    },
    {
      code: 'implementation', // 003 §5.3
      name: '项目实施', // 003 §5.3
      description: '按计划进度和阶段目标实施，及时向市科协汇报实施进度和成果，接受监督检查。', // 003 §5.3
      startMonth: 6, // seed silent: platform default, from budget approval (003 办法§14)
      startDay: 16, // seed silent: platform default, the day after review ends
      endMonth: 11, // seed silent: platform default
      endDay: 15, // seed silent: platform default, before the evaluation
    },
    {
      code: 'evaluation', // 003 §5.4
      name: '项目评估和公示', // 003 §5.4
      description: '申报年度由市科协会同市财政局对项目进行评估，通过评估的项目在益阳市科协网站公示5天。', // 003 §5.4
      startMonth: 11, // 003 §5.4: 项目申报年度 (month seed silent: platform default)
      startDay: 16, // seed silent: platform default
      endMonth: 11, // seed silent: platform default
      endDay: 30, // seed silent: platform default, includes the 5-day notice of 003 §5.4
    },
    {
      code: 'disbursement', // 003 §5.5
      name: '资金拨付', // 003 §5.5
      description: '经公示无异议的项目，下达项目资金。', // 003 §5.5
      startMonth: 12, // seed silent: platform default, after the evaluation notice (003 §5.5)
      endMonth: 12, // seed silent: platform default
    },
    {
      code: 'acceptance', // 003 §5.6
      name: '项目验收', // 003 §5.6
      description: '市科协会同市财政局对获得奖励资金的项目进行验收。', // 003 §5.6
      startMonth: 6, // seed silent: platform default, after the one-year execution window from budget approval (003 办法§14)
      startDay: 16, // seed silent: platform default, as above
      endMonth: 7, // seed silent: platform default
      endDay: 15, // seed silent: platform default
      yearOffset: 1, // 003 §5.6: 每年验收; 办法§14: 一年内执行完成, so acceptance falls in the following year
    },
  ],
  categories: [
    {
      code: 'demonstration_society', // 003 §4(1)
      name: '综合示范学会', // 003 §4(1)
      children: [
        { code: 'innovation_service', name: '服务科技创新能力' }, // 003 §4(1)(1)
        { code: 'society_government_service', name: '服务社会和政府能力' }, // 003 §4(1)(2)
        { code: 'member_service', name: '服务科技工作者能力' }, // 003 §4(1)(3)
        { code: 'self_development', name: '学会自我发展能力' }, // 003 §4(1)(4)
      ],
    },
    {
      code: 'academic_exchange', // 003 §4(2)1
      name: '学术交流项目', // 003 §4(2)1
      children: [
        { code: 'modern_agriculture', name: '现代农业' }, // 003 §4(2)1 (办法§5(2)1: 农业)
        { code: 'food_processing', name: '食品加工' }, // 003 §4(2)1
        { code: 'equipment_manufacturing', name: '装备制造' }, // 003 §4(2)1 (办法§5(2)1: 制造与工程)
        { code: 'electronic_information', name: '电子信息' }, // 003 §4(2)1 (办法§5(2)1: 信息)
        { code: 'resources_environment', name: '资源环境' }, // 003 §4(2)1, 办法§5(2)1
        { code: 'population_health', name: '人口健康' }, // 003 §4(2)1, 办法§5(2)1
        { code: 'energy', name: '能源' }, // 003 办法§5(2)1 only
        { code: 'materials', name: '材料' }, // 003 办法§5(2)1 only
        { code: 'high_tech_industry', name: '高新技术产业' }, // 003 §4(2)1: 特别是高新技术产业
        { code: 'interdisciplinary', name: '综合交叉' }, // 003 §4(2)1, 办法§5(2)1
      ],
    },
    {
      code: 'social_service', // 003 §4(2)2
      name: '社会化服务项目', // 003 §4(2)2
      children: [
        { code: 'sci_tech_awards', name: '科技奖励' }, // 003 办法§5(2)2
        { code: 'sci_tech_talent_evaluation', name: '科技评价和人才评价' }, // 003 §4(2)2
        { code: 'qualification_certification', name: '专业技术资格认证' }, // 003 §4(2)2
        { code: 'project_appraisal', name: '科研项目论证' }, // 003 §4(2)2
        { code: 'technical_standards', name: '技术标准（规范）制定' }, // 003 §4(2)2
        { code: 'decision_consulting', name: '决策咨询' }, // 003 §4(2)2
        { code: 'innovation_platform', name: '产学研用技术创新平台与成果转化' }, // 003 §4(2)2
        { code: 'science_popularisation', name: '科普工作和科普作品创作' }, // 003 §4(2)2
      ],
    },
    {
      code: 'self_building', // 003 §4(2)3
      name: '学会自身建设项目', // 003 §4(2)3
      children: [
        { code: 'internal_governance', name: '民主办会与内部治理结构' }, // 003 §4(2)3
        { code: 'member_system', name: '会员发展、管理、服务体系与信息化' }, // 003 §4(2)3
        { code: 'secretariat_professionalisation', name: '办事机构用人机制与队伍职业化' }, // 003 §4(2)3
        { code: 'office_informatisation', name: '办公自动化、信息化' }, // 003 §4(2)3
        { code: 'joint_bodies_service_stations', name: '学会、高校科协、企业科协联合体及学会服务站建设' }, // 003 §4(2)3
      ],
    },
  ],
  parameters: {
    reviewOffices: [], // 003 §5.2: no transfer list to countersign; applications are reviewed by 市科协 with 市财政局
    approvalLevel: 'associationWithFinance', // 003 办法§9: 项目评审结果经市科协、市财政局审核同意后组织实施
    commissioningModes: [], // 003 办法§2, §4: awards and grants (以奖促建、定额资助), no commissioning
    preferredProcurementModes: ['subsidy'], // 003 办法§4: 采取“以奖代补”方式择优资助项目
    agreementKind: 'responsibilityLetter', // 003 §5.2: 无异议的，按要求签订项目责任书
    qualificationConditions: [], // 003 has no transfer items; its eligibility is capacityEligibility (003 §6)
    capacityEligibility: {
      keyProject: [
        {
          rule: 'annualInspectionPassed', // 003 §6(1)1
          label: '申报前连续两年社团年检合格', // 003 §6(1)1
          years: 2, // 003 §6(1)1: 连续两年
        },
        {
          rule: 'manual', // 003 §6(1)2 (no facts to check automatically)
          label: '内部管理规范，组织领导有力，活动正常', // 003 §6(1)2
        },
        {
          rule: 'fullTimeSecretaryGeneral', // 003 §6(1)3
          label: '有较强执行力的秘书长（或副秘书长、专职工作人员）', // 003 §6(1)3
          acceptDeputyOrStaff: true, // 003 §6(1)3: 或副秘书长、专职工作人员
        },
        {
          rule: 'financeStaff', // 003 §6(1)4
          label: '财务资产制度健全、管理规范，有专门财务管理人员', // 003 §6(1)4
        },
        {
          rule: 'noViolation', // 003 §6(3)1
          label: '无违纪违法行为', // 003 §6(3)1: 有违纪违法行为的不予受理
          years: 3, // seed silent: 003 §6(3) gives no look-back; platform default 3 years, the 近3年 window of §6(2)1
        },
        {
          rule: 'noCriticism', // 003 §6(3)2
          label: '未因违反国家相关规定受到相关部门通报批评或处罚', // 003 §6(3)2
          years: 3, // seed silent: platform default 3 years, as above
        },
        {
          rule: 'noFailedTask', // 003 §6(3)3
          label: '按要求完成市科协交办的有关工作或委托的项目', // 003 §6(3)3
          years: 3, // seed silent: platform default 3 years, as above
        },
        {
          rule: 'notDebarred', // 003 §7(2): 连续取消申报资格
          label: '不在取消申报资格期内', // 003 §7(2)
        },
      ],
      demonstration: [
        {
          rule: 'commendation', // 003 §6(2)1
          label: '工作有特色，近3年内获得过市级学会工作先进表彰', // 003 §6(2)1
          level: 'city', // 003 §6(2)1: 市级
          withinYears: 3, // 003 §6(2)1: 近3年内
        },
        {
          rule: 'independentAccount', // 003 §6(2)2 (finance staff is already a key-project condition, §6(1)4)
          label: '财务资产制度健全、管理规范，有独立的银行账号和财务管理人员', // 003 §6(2)2
        },
        {
          rule: 'partyOrganisation', // 003 §6(2)3
          label: '在理事会层面建有党的工作小组，并创造条件建立学会党支部', // 003 §6(2)3
        },
      ],
    },
    projectTypes: [
      // Quotas and award standards are fixed by each yearly call: 003 办法§3 (研究确定…资助标准和奖励名额).
      { code: 'demonstration_society', name: '综合示范学会', kind: 'demonstration' }, // 003 §4(1), 办法§5(1)
      { code: 'academic_exchange', name: '学术交流项目', kind: 'keyProject' }, // 003 §4(2)1, 办法§5(2)1
      { code: 'social_service', name: '社会化服务项目', kind: 'keyProject' }, // 003 §4(2)2, 办法§5(2)2
      { code: 'self_building', name: '学会自身建设项目', kind: 'keyProject' }, // 003 §4(2)3, 办法§5(2)3
    ],
    formalReviewChecklist: [
      { code: 'meets_conditions', label: '项目符合规定的申报条件' }, // 003 §5.2
      { code: 'form_compliant', label: '申报书符合规定的填报要求' }, // 003 §5.2
      { code: 'truthful_complete', label: '申报内容真实完整' }, // 003 §5.2
      { code: 'materials_complete', label: '相关材料齐全' }, // 003 §5.2
      { code: 'budget_reasonable', label: '项目预算合理' }, // 003 §5.2
    ],
    expertReviewCriteria: [
      { code: 'basic_conditions', label: '项目的基础条件', weight: 20 }, // 003 §5.2; weight seed silent: platform default, equal weights
      { code: 'sustainability', label: '持续发展能力', weight: 20 }, // 003 §5.2; weight seed silent: equal weights
      { code: 'scientific_soundness', label: '科学性', weight: 20 }, // 003 §5.2; weight seed silent: equal weights
      { code: 'demonstration_value', label: '示范性', weight: 20 }, // 003 §5.2; weight seed silent: equal weights
      { code: 'reach', label: '辐射性', weight: 20 }, // 003 §5.2; weight seed silent: equal weights
    ],
    expertReview: defaultExpertReview, // seed silent: 003 §5.2 (市科协会同市财政局组织专家评审) gives no number of experts nor a scoring rule; platform default
    selectionDays: defaultSelectionDays, // seed silent: platform default deadlines of the selection steps; no seed gives day counts
    relayIncludesSubordinateSocieties: false, // 003 §5.1: 各市级学会、各高校科协…组织申报 — the city's own societies
    noticePeriodDays: defaultNoticePeriodDays, // seed silent: 003 §5.2 公示 without a period; platform default 5 days, the period of 003 §5.4
    evaluationNoticeDays: 5, // 003 §5.4: 进行为期5天的公示
    sanctions: {
      falseMaterialsDebarYears: 3, // 003 §7(2): 弄虚作假、虚报业绩的…连续3年取消其申报资格
      failedAcceptanceDebarYears: 2, // 003 §7(2): 考核验收不合格的…连续2年取消其申报资格
      recoverFundsOn: [
        'falseMaterials', // 003 §7(2) 收回已拨付的项目资金; 办法§15(1)
        'failedAcceptance', // 003 §7(2): 考核验收不合格的，收回已拨付的项目资金
        'misappropriation', // 003 办法§15(2)
        'dereliction', // 003 办法§15(3)
        'otherViolation', // 003 办法§15(4)
      ],
    },
    expenseCategories: {
      allowed: [
        {
          code: 'materials', // 003 办法§6(1)
          label: '项目资料费', // 003 办法§6(1)
          items: ['论文集出版印刷费', '相关资料印刷费', '资料购置费'], // 003 办法§6(1)
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
        { code: 'unrelated', label: '与学会服务能力提升计划工作无关的其他支出' }, // 003 办法§7(6), §7(3) of the 实施方案
      ],
    },
    executionWindowMonths: 12, // 003 办法§14: 原则上应当自预算批复之日起一年内执行完成
    procurementThresholdFen: defaultProcurementThresholdFen, // seed silent: 003 办法§8 applies 政府采购 rules without an amount; platform default 100万元
    funds: [
      {
        code: 'capacity_special_fund', // 003 办法§1
        name: '益阳市科协学会服务能力提升计划专项资金', // 003 办法§1
        amountFen: null, // 003 办法§3: 市科协研究确定专项资金预算 each year
        source: null, // seed silent: the 办法 names no source; the plan is run jointly with 市财政局 (003 §通知)
      },
    ],
    stageReportDue: null, // seed silent: 003 §5.3 asks for 及时 progress reports, no fixed date
    projectLeaderMinPost: defaultProjectLeaderMinPost, // seed silent: platform default 秘书长 (001 §5(2), TB-3)
    leaderApprovalBodies: defaultLeaderApprovalBodies, // seed silent: platform default 理事会/常务理事会 (001 §5(2), TB-3)
    majorMatterSteps: ['council', 'association', 'financeBureau'], // seed silent on major matters: council first (TB-3/SUP-3), then the application route of 003 办法§12 (市科协, 市财政局)
    changeApprovers: ['association', 'financeBureau'], // 003 办法§12: 确需调整的，应当按照申报程序履行报批手续 (市科协、市财政局, 办法§9–§10)
    leadingGroupLeader: '益阳市科学技术协会', // 003 §7(1): 市科协成立“学会服务能力提升计划”领导小组
    leadingGroupOfficeAt: null, // seed silent: 003 §7(4) names 市科协学会工作部 as the serving unit, not as the group's office
    leadingGroupMembers: [
      '益阳市科学技术协会', // 003 §7(1)
      '益阳市财政局', // 003 §通知: 市科协、市财政局决定联合实施 (§7(1) lists no members)
    ],
    financeBureauCoManages: true, // 003 §5.2, §5.4, §5.6; 办法§9, §10, §15: 市科协会同市财政局
    evaluators: ['association', 'financeBureau'], // 003 §5.4: 由市科协会同市财政局对项目进行评估
    performanceScoring: defaultPerformanceScoring, // seed silent: platform default, the grades of 财预〔2020〕10号 (优 ≥ 90, 良 ≥ 80, 中 ≥ 60, 差), KPIs scored in proportion to their targets (evaluation/performance.ts)
    satisfactionSurvey: [], // seed silent: 003 has no survey
    satisfactionRule: defaultSatisfactionRule, // seed silent: platform default, 非常满意、满意、基本满意 count as satisfied (evaluation/satisfaction.ts); read only when a survey is run
    supervisionMeasures: ['progressReports', 'trackingSupervision'], // 003 §5.3: 及时汇报实施进度…接受监督检查; §7(2) 监控; 办法§15 监督检查
    // PRG-2: the clauses of 003's two documents each rule cites (refusals, notices, the 责任书)
    ruleClauses: {
      eligibility: '《实施方案》六、申报资格', // 003 §6
      applicationWindow: '《实施方案》五、1. 项目申请：在项目受理期限内申报', // 003 §5.1
      awardStandard: '《专项资金管理办法》第二条、第三条：定额资助，资助标准由科协确定', // 003 办法§2, §3
      allowedCategories: '《专项资金管理办法》第六条：专项资金的使用范围', // 003 办法§6
      forbiddenCategories: '《专项资金管理办法》第七条：专项资金不得用于的开支', // 003 办法§7
      formalReview: '《实施方案》五、2. 项目评审：形式审查', // 003 §5.2
      expertReview: '《实施方案》五、2. 项目评审：市科协会同市财政局组织专家评审', // 003 §5.2
      resultNotice: '《实施方案》五、2：评审合格的项目进行公示', // 003 §5.2
      implementation: '《实施方案》五、3. 项目实施：按计划进度和阶段目标实施，及时汇报实施进度和实施成果', // 003 §5.3
      budgetLine: '《专项资金管理办法》第十二条：严格按照批复的项目预算执行，不得自行调整；确需调整的，按照申报程序报批', // 003 办法§12
      executionWindow: '《专项资金管理办法》第十四条：自预算批复之日起发生的费用可以列支，原则上一年内执行完成', // 003 办法§14
      procurement: '《专项资金管理办法》第八条：涉及政府采购的按政府采购规定执行，形成的固定资产按资产管理办法管理', // 003 办法§8
      fundUse: '《实施方案》七（三）；《专项资金管理办法》第七条、第十三条：专款专用，加强财务管理和会计核算', // 003 §7(3), 办法§7, §13
      evaluation: '《实施方案》五、4. 项目评估和公示：科协会同财政局对项目进行评估，对通过评估的项目进行公示', // 003 §5.4
      disbursement: '《实施方案》五、5：经公示无异议的项目，下达项目资金', // 003 §5.5
      evaluationCycle: '《实施方案》五、4. 项目评估和公示；5. 资金拨付；6. 项目验收', // 003 §5.4–§5.6
      acceptance: '《实施方案》五、6. 项目验收：每年市科协会同市财政局对获得奖励资金的项目进行验收', // 003 §5.6
      fundReturn: '《专项资金管理办法》第十四条：原则上应当自预算批复之日起一年内执行完成，一年内不能执行完毕的，部分或全部退还所拨经费', // 003 办法§14
      recovery: '《专项资金管理办法》第十五条；《实施方案》七（二）', // 003 办法§15 (追回), §7(2) (收回已拨付的项目资金)
      responsibility: '《专项资金管理办法》第十五条：追回其相应专项资金，并追究相关人员的责任', // 003 办法§15
      sanctions: '《实施方案》七（二）：弄虚作假、虚报业绩的，项目考核验收不合格的，收回已拨付的项目资金，并取消其申报资格', // 003 §7(2)
      groundFalseMaterials: '《实施方案》七（二）：弄虚作假、虚报业绩的，收回已拨付的项目资金，并取消其申报资格；《专项资金管理办法》第十五条（一）提供虚假资料', // 003 §7(2), 办法§15(1)
      groundFailedAcceptance: '《实施方案》七（二）：项目考核验收不合格的，收回已拨付的项目资金，并取消其申报资格', // 003 §7(2)
      groundMisappropriation: '《专项资金管理办法》第十五条（二）：截留、挤占、挪用专项资金', // 003 办法§15(2)
      groundDereliction: '《专项资金管理办法》第十五条（三）：失职致使计划无法实施，造成不良影响', // 003 办法§15(3)
      groundOtherViolation: '《专项资金管理办法》第十五条（四）：其他违反国家有关法律、法规的行为', // 003 办法§15(4)
      fundAccounting: '《专项资金管理办法》第二条、第三条：专项资金按预算安排，定额资助，专款专用', // 003 办法§2, §3
      programmeFunds: '《专项资金管理办法》第一条：专项资金为方案所列的专项资金', // 003 办法§1
    },
  },
};
