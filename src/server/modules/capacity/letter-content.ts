// CAP-5, FND-4: the text of a responsibility letter (责任书), worked out once when it is drafted and
// then frozen and signed as it stands. Pure: every number and list comes from what it is given — the
// programme's parameters (PRG-2: agreementKind, the forbidden expense categories, the procurement
// threshold, executionWindowMonths, the evaluation notice days, the sanctions and recovery grounds,
// the finance bureau's co-management), the call's award standard and the application's version —
// never a literal. Each obligation cites where the programme's own clause stands (ruleClauses).
import { formatWanYuan, formatYuan } from '../../../domain/money.js';
import { agreementKindLabels, fundRecoveryGroundLabels, type ProgrammeParameters } from '../../../domain/programme/programme.types.js';
import { citationOf, type RuleClauseKey } from '../../../domain/programme/rule-clauses.js';
import type { CapacityLetterContent } from '../../../contract/capacity-letters.js';

export interface LetterSource {
  params: ProgrammeParameters;
  programmeName: string;
  call: { year: number; title: string };
  associationName: string;
  societyName: string;
  societyLegalRepName: string | null;
  associationContactName: string | null;
  type: { code: string; name: string; awardFen: number };
  fund: { code: string; name: string };
  version: {
    version: number;
    title: string;
    goals: string;
    indicators: { label: string; target: string }[];
    budget: { category: string; item: string | null; amountFen: number; note: string | null }[];
    contactName: string | null;
    contactPhone: string | null;
  };
}

/** The agreement's name for the programme (003: 项目责任书). */
export const agreementTitle = (params: Pick<ProgrammeParameters, 'agreementKind'>) => agreementKindLabels[params.agreementKind];

/** 收回已拨付的项目资金，并连续 N 年取消其申报资格 — or what is left of it when the programme sets less. */
function sanction(recover: boolean, years: number): string | null {
  const parts = [recover ? '收回已拨付的项目资金' : null, years > 0 ? `连续 ${years} 年取消其申报资格` : null].filter(Boolean);
  return parts.length ? parts.join('，并') : null;
}

/** The obligations of both parties, in order, each citing the programme's clause (preset 003: its 实施方案 and 专项资金管理办法). */
export function letterObligations(params: ProgrammeParameters, o: { title: string; awardFen: number; fundName: string }): CapacityLetterContent['obligations'] {
  const co = params.financeBureauCoManages === true;
  // where the programme's own clause stands; none printed where its seed states none
  const cite = (key: RuleClauseKey) => citationOf(params, key);
  const withBureau = co ? '会同财政部门' : '';
  const out: CapacityLetterContent['obligations'] = [
    { text: `乙方应按照本${o.title}所列项目目标、主要内容和绩效指标组织实施项目，按计划进度和阶段目标推进。`, clause: cite('implementation') },
    {
      text: `甲方对本项目定额资助 ${formatYuan(o.awardFen)}（${formatWanYuan(o.awardFen)}），从${o.fundName}中安排，经评估和公示无异议后下达。`,
      clause: cite('awardStandard'),
    },
    { text: '乙方应严格按照批复的项目预算执行，不得自行调整；执行过程中确因实施条件发生重大变化需调整的，应按照申报程序履行报批手续。', clause: cite('budgetLine') },
  ];
  const forbidden = params.expenseCategories.forbidden.map((f) => f.label);
  out.push({
    text: `专项资金纳入乙方财务统一管理，单独核算，专款专用，不得用于与本项目无关的其他支出${forbidden.length ? `；不得用于：${forbidden.join('；')}` : ''}。`,
    clause: cite('fundUse'),
  });
  out.push({ text: `单笔支出达到 ${formatYuan(params.procurementThresholdFen)} 的，按照政府采购的有关规定执行；形成的固定资产按照国家有关资产管理办法进行管理。`, clause: cite('procurement') });
  out.push({
    text: `本项目自本${o.title}签署生效之日（预算批复之日）起发生的费用，可以在专项资金中列支；原则上应当自该日起 ${params.executionWindowMonths} 个月内执行完成，逾期未能执行完毕的，视不同情况部分或全部退还所拨经费。`,
    clause: cite('executionWindow'),
  });
  out.push({ text: `乙方应及时向甲方汇报项目实施进度和实施成果，并接受甲方${co ? '和财政部门' : ''}的监督检查。`, clause: cite('implementation') });
  out.push({
    text: `甲方${withBureau}对项目进行评估，通过评估的项目公示 ${params.evaluationNoticeDays} 天；经公示无异议的，下达项目资金。甲方${withBureau}每年对获得资助的项目进行验收。`,
    clause: cite('evaluationCycle'),
  });
  const s = params.sanctions;
  const recovers = new Set(s.recoverFundsOn);
  const falseMaterials = sanction(recovers.has('falseMaterials'), s.falseMaterialsDebarYears);
  const failedAcceptance = sanction(recovers.has('failedAcceptance'), s.failedAcceptanceDebarYears);
  const sanctions = [falseMaterials ? `乙方弄虚作假、虚报业绩的，${falseMaterials}` : null, failedAcceptance ? `项目考核验收不合格的，${failedAcceptance}` : null].filter(Boolean);
  if (sanctions.length) out.push({ text: `${sanctions.join('；')}。`, clause: cite('sanctions') });
  const others = s.recoverFundsOn.filter((g) => g !== 'falseMaterials' && g !== 'failedAcceptance').map((g) => fundRecoveryGroundLabels[g]);
  if (others.length) out.push({ text: `乙方有${others.join('、')}之一的，甲方${withBureau}追回相应专项资金，并追究相关人员的责任。`, clause: cite('responsibility') });
  out.push({ text: `本${o.title}经甲乙双方在“承接”平台以本单位电子签章（SM2）签署后生效，双方各执一份；持有者可凭页脚的校验码在平台核验本${o.title}。`, clause: null });
  return out;
}

/** The whole content of a new letter (editable fields at their first values). */
export function letterContent(src: LetterSource): CapacityLetterContent {
  const { params } = src;
  const title = agreementTitle(params);
  const label = (code: string) => params.expenseCategories.allowed.find((c) => c.code === code)?.label ?? params.expenseCategories.forbidden.find((c) => c.code === code)?.label ?? code;
  const budget = src.version.budget.map((l) => ({ category: l.category, categoryLabel: label(l.category), item: l.item ?? null, amountFen: l.amountFen, note: l.note ?? null }));
  return {
    agreementKind: params.agreementKind,
    title,
    programmeName: src.programmeName,
    callYear: src.call.year,
    callTitle: src.call.title,
    parties: {
      association: { name: src.associationName, representative: null, contact: { name: src.associationContactName, phone: null } },
      society: { name: src.societyName, legalRepName: src.societyLegalRepName, contact: { name: src.version.contactName, phone: src.version.contactPhone } },
    },
    project: {
      title: src.version.title,
      typeCode: src.type.code,
      typeName: src.type.name,
      goals: src.version.goals,
      indicators: src.version.indicators.map((i) => ({ label: i.label, target: i.target })),
      applicationVersion: src.version.version,
    },
    budget,
    budgetTotalFen: budget.reduce((s, l) => s + l.amountFen, 0),
    awardFen: src.type.awardFen,
    fund: src.fund,
    executionWindowMonths: params.executionWindowMonths,
    preamble: `为组织实施${src.programmeName}，${src.societyName}申报的“${src.version.title}”（${src.type.name}）经${src.associationName}${params.financeBureauCoManages === true ? '会同财政部门' : ''}组织评审，评审结果公示无异议，确定予以资助。为明确双方责任，${src.associationName}（以下简称甲方）与${src.societyName}（以下简称乙方）签订本${title}。`,
    obligations: letterObligations(params, { title, awardFen: src.type.awardFen, fundName: src.fund.name }),
    supplementaryTerms: null,
  };
}
