// CAP-2: the application form (申报书) as it is printed — every text worked out once from the
// model, so that the Word file and the PDF say the same thing; docx.ts and pdf.ts only lay it out.
// Laid out like a government application form: a cover (申报单位, 项目类型, 项目名称, 申报日期,
// 版本, 联系人, 联系电话), then 一 to 五 in one table, the last with the signature and the seal.
import { applicationLifecycle } from '../../../../domain/capacity/application.js';
import { formatWanYuan, formatYuan } from '../../../../domain/money.js';
import { cnDate, cnDateTime, cnYearMonth, EM_SPACE } from '../../taskbooks/documents/plan.js';
import type { ApplicationDocumentModel } from './model.js';

export interface PlanColumn {
  title: string;
  /** points of the 453.5 pt text width */
  width: number;
  align: 'center' | 'left';
}

export interface PlanTable {
  columns: PlanColumn[];
  rows: string[][];
  /** empty rows to write in by hand (a draft with nothing yet) */
  blankRows: number;
}

export interface ApplicationPlan {
  title: string;
  cover: { titleLines: string[]; status: string | null; fields: Array<[string, string]>; maker: string; date: string };
  goals: { heading: string; paragraphs: string[]; blankLines: number };
  indicators: { heading: string; table: PlanTable };
  budget: { heading: string; table: PlanTable; total: { label: string; amount: string }; notes: string[] };
  eligibility: { heading: string; columns: PlanColumn[]; groups: Array<{ title: string; rows: string[][] }>; notes: string[] };
  opinion: { heading: string; statement: string; signLines: string[]; date: string };
  /** after the form: what this document is (a submitted version, or a draft) */
  closing: string[];
  /** running header of the pages after the cover */
  header: string;
  /** the red mark of a draft (or a withdrawn application): in the header and on the cover */
  status: string | null;
  /** a large faint mark across each page of a draft or a withdrawn application */
  watermark: string | null;
  footer: string;
  meta: { title: string; subject: string; keywords: string; author: string; code: null; digest: null; createdAt: Date | null };
}

/** An amount in a column headed 金额（元）: the shared money text without its unit. */
export const yuanFigure = (fen: number) => formatYuan(fen).replace(/\s*元$/, '');

const eligibilityStatus: Record<'pass' | 'fail' | 'manual', string> = { pass: '符合', fail: '不符合', manual: '须人工确认' };
const groupTitles: Record<'keyProject' | 'demonstration', string> = {
  keyProject: '重点项目申报条件',
  demonstration: '综合示范学会另需满足的条件',
};
const cnOrdinals = ['一', '二', '三', '四', '五', '六'];

function paragraphs(text: string | null | undefined): string[] {
  return (text ?? '')
    .split(/\r?\n/)
    .map((s) => s.trim())
    .filter(Boolean);
}

export const applicationTitle = (year: number) => `${year}年度学会服务能力提升计划项目申报书`;

/** The plan of the whole document. */
export function buildApplicationPlan(model: ApplicationDocumentModel): ApplicationPlan {
  const c = model.content;
  const draft = model.draft;
  /** an empty field: blank to write in while a draft, '—' once submitted */
  const empty = draft ? '' : '—';
  const txt = (s: string | null | undefined) => (s?.trim() ? s.trim() : empty);
  const title = applicationTitle(model.year);
  const projectName = model.projectName.trim();
  const statusLabel = applicationLifecycle.states[model.status] ?? model.status;
  const withdrawn = model.status === 'withdrawn';
  const status = withdrawn ? '已撤回' : draft ? (model.version > 0 ? '草稿（退回修改中）' : '草稿（未提交）') : null;
  const versionText = draft ? (model.version > 0 ? `草稿（第 ${model.version} 版退回后修改）` : '草稿（未提交）') : `第 ${model.version} 版`;
  const blankDay = `${EM_SPACE.repeat(3)}年${EM_SPACE.repeat(2)}月${EM_SPACE.repeat(2)}日`;

  // ---- cover ---------------------------------------------------------------------------------
  const cover = {
    titleLines: [`${model.year}年度学会服务能力提升计划`, '项目申报书'],
    status,
    fields: [
      ['申报单位', model.societyName],
      ['项目类型', model.typeName],
      ['项目名称', projectName],
      ['申报日期', model.submittedAt ? cnDate(model.submittedAt) : ''],
      ['版　　本', versionText],
      ['联 系 人', c.contactName?.trim() ?? ''],
      ['联系电话', c.contactPhone?.trim() ?? ''],
    ] as Array<[string, string]>,
    maker: `${model.associationName}制`,
    date: (model.submittedAt ? cnYearMonth(model.submittedAt) : null) ?? `${EM_SPACE.repeat(3)}年${EM_SPACE.repeat(2)}月`,
  };

  // ---- 一、项目目标和主要内容 ------------------------------------------------------------------
  const goalParas = paragraphs(c.goals);
  const goals = { heading: '一、项目目标和主要内容', paragraphs: goalParas.length ? goalParas : draft ? [] : [empty], blankLines: goalParas.length || !draft ? 0 : 4 };

  // ---- 二、绩效指标 ---------------------------------------------------------------------------
  const indicators = {
    heading: '二、绩效指标',
    table: {
      columns: [
        { title: '序号', width: 46, align: 'center' as const },
        { title: '指标', width: 190, align: 'left' as const },
        { title: '目标值', width: 217.5, align: 'left' as const },
      ],
      rows: c.indicators.map((i, n) => [String(n + 1), i.label, i.target]),
      blankRows: c.indicators.length || !draft ? 0 : 2,
    },
  };

  // ---- 三、经费预算 ---------------------------------------------------------------------------
  const notes = [`预算合计：${formatYuan(c.requestedFen)}（${formatWanYuan(c.requestedFen)}）。`];
  if (model.awardFen !== null) notes.push(`资助标准（${model.typeName}）：${formatYuan(model.awardFen)}（${formatWanYuan(model.awardFen)}），定额资助，预算合计不超过资助标准。`);
  const budget = {
    heading: '三、经费预算',
    table: {
      columns: [
        { title: '支出类别', width: 96, align: 'center' as const },
        { title: '明细', width: 140, align: 'left' as const },
        { title: '金额（元）', width: 90, align: 'center' as const },
        { title: '测算依据', width: 127.5, align: 'left' as const },
      ],
      rows: c.budget.map((l) => [l.categoryLabel, txt(l.item), yuanFigure(l.amountFen), txt(l.note)]),
      blankRows: c.budget.length || !draft ? 0 : 2,
    },
    total: { label: '合计', amount: yuanFigure(c.requestedFen) },
    notes,
  };

  // ---- 四、申报资格自查 -------------------------------------------------------------------------
  const e = model.eligibility;
  const groups: Array<{ title: string; rows: string[][] }> = [];
  let n = 0;
  for (const g of ['keyProject', 'demonstration'] as const) {
    const rows = (e?.conditions ?? []).filter((x) => x.group === g).map((x) => [String(++n), x.label, eligibilityStatus[x.status], x.fact]);
    if (rows.length) groups.push({ title: `（${cnOrdinals[groups.length]}）${groupTitles[g]}`, rows });
  }
  const count = (s: 'pass' | 'fail' | 'manual') => (e?.conditions ?? []).filter((x) => x.status === s).length;
  const eligibilityNotes = e
    ? [
        `检查日期：${cnDate(e.checkedOn)}${draft ? '（草稿的检查结果为生成本文件当日的结果，提交时重新检查）' : '（提交当日）'}。`,
        `符合 ${count('pass')} 项，不符合 ${count('fail')} 项，须人工确认 ${count('manual')} 项；须人工确认的条件由${model.associationName}形式审查时确认。`,
        `条件出处：${e.clause}。`,
      ]
    : ['尚无资格检查结果。'];
  const eligibility = {
    heading: '四、申报资格自查',
    columns: [
      { title: '序号', width: 46, align: 'center' as const },
      { title: '申报条件', width: 190, align: 'left' as const },
      { title: '自查结果', width: 72, align: 'center' as const },
      { title: '依据（学会档案和年度情况）', width: 145.5, align: 'left' as const },
    ],
    groups,
    notes: eligibilityNotes,
  };

  // ---- 五、申报单位意见 -------------------------------------------------------------------------
  const opinion = {
    heading: '五、申报单位意见',
    statement: '本单位保证本申报书所填内容及所附材料真实、完整，同意申报。如有不实，愿承担相应责任。',
    signLines: ['负责人签字：', '单位盖章：'],
    date: blankDay,
  };

  const closing = draft
    ? [withdrawn ? '本申报书为草稿，未提交即已撤回。' : `本申报书为草稿${model.version > 0 ? `（已提交 ${model.version} 版，退回修改中）` : '，尚未提交'}，提交时重新检查申报期和申报资格。`]
    : [`本申报书第 ${model.version} 版由${model.societyName}于${model.submittedAt ? cnDateTime(model.submittedAt) : ''}在“承接”平台提交，当前状态：${statusLabel}。`];

  return {
    title,
    cover,
    goals,
    indicators,
    budget,
    eligibility,
    opinion,
    closing,
    header: `${projectName}——项目申报书（${draft ? '草稿' : `第 ${model.version} 版`}）`,
    status,
    watermark: withdrawn ? '已撤回' : draft ? '草稿' : null,
    footer: `${model.societyName}${EM_SPACE}${title}`,
    meta: {
      title: `${projectName}——${title}`,
      subject: `${model.societyName}，${model.typeName}，${versionText}`,
      keywords: `${model.year}年度学会服务能力提升计划`,
      author: model.societyName,
      code: null,
      digest: null,
      createdAt: !draft && model.submittedAt ? new Date(model.submittedAt) : null,
    },
  };
}
