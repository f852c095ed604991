// EVA-2, EVA-3: a performance report as it is printed — every text worked out once from the model, so
// that the Word file and the PDF say the same thing (taskbooks/documents/report-docx.ts, report-pdf.ts
// lay it out). 一 基本情况, 二 评价方法 (the programme's method, grades and pass score), 三 the KPIs
// verified and scored (a project) or the projects' results summed up (the programme), 四 结论, 五 意见
// 建议, 六 审核情况 (the association's decision), the attachments, and the evaluator's signature.
import { gradeBands, gradeScaleText } from '../../../../domain/evaluation/performance.js';
import { cnDate, cnDateTime, EM_SPACE } from '../../taskbooks/documents/plan.js';
import { quantityText, type ReportBlock, type ReportDocument, type ReportRow } from '../../taskbooks/documents/report.js';
import type { PerformanceReportModel } from './model.js';

export const reportTitle = (m: Pick<PerformanceReportModel, 'kind'>) => (m.kind === 'project' ? '项目绩效评价报告' : '计划整体绩效评价报告');
/** what the report is on: the project, or the programme */
export const reportSubject = (m: Pick<PerformanceReportModel, 'project' | 'programmeName'>) => m.project?.title ?? m.programmeName;

/** the red mark and the watermark of a report not (yet) accepted */
const marks: Record<PerformanceReportModel['status'], { status: string | null; watermark: string | null; file: string }> = {
  draft: { status: '草稿（评估中，未提交）', watermark: '草稿', file: '（草稿）' },
  submitted: { status: '已提交，待委托单位审核', watermark: '待审核', file: '（待审核）' },
  returned: { status: '已退回修改', watermark: '草稿', file: '（退回修改）' },
  accepted: { status: null, watermark: null, file: '' },
};
export const fileSuffix = (m: Pick<PerformanceReportModel, 'status'>) => marks[m.status].file;

const paras = (text: string | null | undefined) =>
  (text ?? '')
    .split(/\r?\n/)
    .map((s) => s.trim())
    .filter(Boolean);
const period = (m: PerformanceReportModel) => `${cnDate(m.commission.startsOn)}至${cnDate(m.commission.endsOn)}`;
const verdict = (passed: boolean | null) => (passed === null ? '—' : passed ? '合格' : '不合格');

function method(m: PerformanceReportModel, intro: string): ReportBlock[] {
  return [
    { kind: 'heading', text: '二、评价方法' },
    { kind: 'paragraphs', paragraphs: [intro] },
    {
      kind: 'fields',
      rows: [
        { label: '计分方法', value: m.scoring.methodLabel },
        { label: '绩效等级', value: gradeScaleText(m.scoring.grades) },
        { label: '合格分数线', value: `${m.scoring.passScore} 分（含）以上为合格` },
      ],
    },
  ];
}

function projectBody(m: PerformanceReportModel): ReportBlock[] {
  const p = m.project!;
  const pub = m.audience === 'public';
  const a = p.agreement;
  const agreement = a ? `${a.title}第 ${a.version} 版${a.signedAt ? `（${cnDate(a.signedAt)}签署生效${a.verificationCode ? `，校验码 ${a.verificationCode}` : ''}）` : ''}` : '—';
  const columns = [
    { title: '序号', width: 8, align: 'center' as const },
    { title: '指标', width: pub ? 38 : 27 },
    { title: '目标值', width: pub ? 18 : 13, align: 'right' as const },
    { title: '实际值', width: pub ? 18 : 13, align: 'right' as const },
    { title: '得分', width: pub ? 10 : 8, align: 'center' as const },
    ...(pub ? [] : [{ title: '佐证', width: 31 }]),
  ];
  const rows: ReportRow[] = m.kpis.map((k, i) => [String(i + 1), k.name, `${quantityText(k.target)} ${k.unit}`.trim(), `${quantityText(k.actual)} ${k.unit}`.trim(), String(k.score), ...(pub ? [] : [k.evidence])]);
  if (m.kpis.length) {
    rows.push({
      cells: [{ text: '综合得分', span: 4, align: 'center' }, { text: m.score === null ? '—' : String(m.score) }, ...(pub ? [] : [{ text: m.grade ? `等级：${m.grade}，${verdict(m.passed)}` : '' }])],
      bold: true,
    });
  }
  const conclusion =
    m.score === null
      ? '该项目没有可计分的量化考核指标，未计算综合得分。'
      : `经逐项核实计分，该项目综合得分 ${m.score} 分，绩效等级为“${m.grade ?? '—'}”，${m.passed ? `达到合格分数线（${m.scoring.passScore} 分），评价结果为合格` : `低于合格分数线（${m.scoring.passScore} 分），评价结果为不合格`}。`;
  return [
    { kind: 'heading', text: '一、基本情况' },
    {
      kind: 'fields',
      rows: [
        { label: '项目名称', value: p.title },
        { label: '承接学会', value: p.societyName },
        { label: '委托部门', value: p.departmentName },
        { label: '所属方案', value: m.programmeName },
        { label: '任务书', value: agreement },
        { label: '委托单位', value: m.commission.associationName },
        { label: '评价机构', value: m.commission.evaluatorName },
        { label: '委托事项', value: m.commission.title },
        { label: '评价期', value: period(m) },
      ],
    },
    ...method(m, `评价机构依据${a ? `${a.title}第 ${a.version} 版` : '生效任务书'}约定的 ${m.kpis.length} 项量化考核指标，逐项核实实际完成值，按方案规定的计分方法计分；项目综合得分为各项指标得分的平均值（四舍五入取整）。`),
    { kind: 'heading', text: '三、量化考核指标核实与计分' },
    { kind: 'table', columns, rows, empty: '生效任务书没有量化考核指标' },
    ...(pub ? [{ kind: 'note' as const, lines: ['注：各项指标的核实依据和佐证材料由评价机构存档备查，未在门户公开。'] }] : []),
    { kind: 'heading', text: '四、评价结论' },
    { kind: 'paragraphs', paragraphs: [conclusion, ...paras(m.findings)] },
  ];
}

function programmeBody(m: PerformanceReportModel): ReportBlock[] {
  const pub = m.audience === 'public';
  const s = m.summary!;
  const stats = s.counted
    ? `计分项目平均得分 ${s.meanScore} 分；${s.byGrade.map((g) => `“${g.label}” ${g.count} 个`).join('、')}；合格 ${s.passed} 个，不合格 ${s.failed} 个。`
    : '尚无计分的项目评价结果。';
  const lead = pub
    ? `本次委托评价试点项目 ${s.projects} 个，其中 ${s.counted} 个项目的评价结果已在门户公开（下表只列公开的得分和等级）。${stats}`
    : `本次委托评价试点项目 ${s.projects} 个，已提交评价报告并计分的 ${s.counted} 个（评估中和退回修改中的不计）。${stats}`;
  const bands = new Map(gradeBands(m.scoring.grades).map((g) => [g.label, g.band]));
  const share = (n: number) => (s.counted ? `${(Math.round((n / s.counted) * 1000 + 1e-9) / 10).toFixed(1)}%` : '—');
  return [
    { kind: 'heading', text: '一、基本情况' },
    {
      kind: 'fields',
      rows: [
        { label: '方案名称', value: m.programmeName },
        { label: '委托单位', value: m.commission.associationName },
        { label: '评价机构', value: m.commission.evaluatorName },
        { label: '委托事项', value: m.commission.title },
        { label: '评价范围', value: `${m.commission.scopeLabel}（${s.projects} 个）` },
        { label: '评价期', value: period(m) },
        ...(!pub && m.commission.note ? [{ label: '委托要求', value: m.commission.note }] : []),
      ],
    },
    ...method(m, '评价机构对委托范围内的每个试点项目，逐项核实其生效任务书约定的量化考核指标，按方案规定的计分方法计分、评定绩效等级；本报告汇总各项目的评价结果，并对方案的实施作出总体评价。'),
    { kind: 'heading', text: '三、试点项目评价结果' },
    { kind: 'paragraphs', paragraphs: [lead] },
    {
      kind: 'table',
      columns: [
        { title: '序号', width: 8, align: 'center' },
        { title: '试点项目', width: 28 },
        { title: '承接学会', width: 20 },
        { title: '得分', width: 8, align: 'center' },
        { title: '等级', width: 8, align: 'center' },
        { title: '评价结果', width: 12, align: 'center' },
        { title: '报告状态', width: 16, align: 'center' },
      ],
      rows: m.results.map((r, i) => [String(i + 1), r.title, r.societyName, r.score === null ? '—' : String(r.score), r.grade ?? '—', verdict(r.passed), r.statusLabel]),
      empty: '委托范围内暂无试点项目',
    },
    {
      kind: 'table',
      columns: [
        { title: '绩效等级', width: 20, align: 'center' },
        { title: '分数区间', width: 30, align: 'center' },
        { title: '项目数', width: 20, align: 'center' },
        { title: '占比', width: 20, align: 'center' },
      ],
      rows: [
        ...s.byGrade.map((g) => [g.label, bands.get(g.label) ?? '（原计分标准）', String(g.count), share(g.count)]),
        { cells: ['合计', '—', String(s.counted), s.counted ? '100.0%' : '—'], bold: true },
      ],
    },
    { kind: 'heading', text: '四、总体评价结论' },
    { kind: 'paragraphs', paragraphs: paras(m.findings), empty: '无。' },
  ];
}

function decision(m: PerformanceReportModel): ReportBlock[] {
  const pub = m.audience === 'public';
  const d = m.decision;
  const out: ReportBlock[] = [{ kind: 'heading', text: '六、审核情况' }];
  if (!d) {
    const text =
      m.status === 'submitted'
        ? `本报告已于${cnDateTime(m.author.submittedAt ?? m.author.updatedAt)}提交${m.commission.associationName}，待审核。`
        : `本报告为${m.commission.evaluatorName}的工作稿，尚未提交${m.commission.associationName}审核。`;
    return [...out, { kind: 'paragraphs', paragraphs: [text] }];
  }
  out.push({
    kind: 'fields',
    rows: [
      { label: '审核单位', value: d.orgName },
      { label: '审核结论', value: d.outcome === 'accepted' ? '采纳' : '退回修改' },
      ...(!pub ? [{ label: '审核人', value: d.byName ?? '—' }] : []),
      { label: '审核时间', value: pub ? cnDate(d.at) : cnDateTime(d.at) },
      ...(!pub ? [{ label: d.outcome === 'accepted' ? '审核意见' : '退回意见', value: d.comment?.trim() || '无' }] : []),
      ...(m.publishedAt ? [{ label: '门户公开', value: `${cnDate(m.publishedAt)}在门户“评估结果”公开` }] : []),
    ],
  });
  return out;
}

/** The report as a document of blocks. */
export function buildPerformanceReport(m: PerformanceReportModel): ReportDocument {
  const title = reportTitle(m);
  const subject = reportSubject(m);
  const pub = m.audience === 'public';
  const mark = marks[m.status];
  const date = m.author.submittedAt ?? m.author.updatedAt;
  const blocks: ReportBlock[] = [
    ...(m.kind === 'project' ? projectBody(m) : programmeBody(m)),
    { kind: 'heading', text: '五、意见建议' },
    { kind: 'paragraphs', paragraphs: paras(m.recommendations), empty: '无。' },
    // the evaluator's report ends with its files and its signature; the association's decision follows
    ...(m.attachments.length ? [{ kind: 'note' as const, lines: ['附件：', ...m.attachments.map((f, i) => `${i + 1}．${f}`)] }] : []),
    {
      kind: 'signature',
      lines: [{ label: '评价机构', value: m.author.orgName }, ...(!pub && m.author.userName ? [{ label: '经办人', value: m.author.userName }] : [])],
      date: cnDate(date),
    },
    ...decision(m),
  ];
  return {
    name: '绩效评价报告',
    meta: {
      title: `${title}：${subject}`,
      subject: `${m.commission.evaluatorName}受${m.commission.associationName}委托出具的${title}`,
      keywords: `绩效评价,第三方评估,${subject}`,
      author: m.commission.evaluatorName,
      createdAt: m.author.submittedAt,
      properties: [{ name: '报告状态', value: mark.status ?? (pub ? '已采纳并公开' : '委托单位已采纳') }],
    },
    title: [title],
    subtitle: [subject],
    page: {
      header: `${title}——${subject}`,
      status: mark.status,
      watermark: mark.watermark,
      footer: pub && m.publishedAt ? `评价机构：${m.commission.evaluatorName}${EM_SPACE}门户公开：${cnDate(m.publishedAt)}` : `评价机构：${m.commission.evaluatorName}`,
    },
    blocks,
  };
}
