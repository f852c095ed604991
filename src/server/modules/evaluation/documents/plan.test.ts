// EVA-2, EVA-3: the performance reports as printed — what a project's and the programme's report say,
// what the portal's copy leaves out — and the report renderers (taskbooks/documents/report-*.ts) read
// back: the PDF through pdftotext, the Word file from its XML; every character in the font.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import PDFDocument from 'pdfkit';
import { describe, expect, it } from 'vitest';
import { defaultPerformanceScoring, gradeScaleText, kpiScoringMethodLabels, summariseResults } from '../../../../domain/evaluation/performance.js';
import { readZipEntries } from '../../taskbooks/documents/extract.js';
import { cjkFontPath, type FontWeight } from '../../taskbooks/documents/fonts.js';
import { renderReportDocx } from '../../taskbooks/documents/report-docx.js';
import { renderReportPdf } from '../../taskbooks/documents/report-pdf.js';
import type { PerformanceReportModel } from './model.js';
import { buildPerformanceReport } from './plan.js';

const squeeze = (s: string) => s.replace(/\s+/g, '');

async function pdfText(pdf: Buffer): Promise<string> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cj-report-'));
  try {
    fs.writeFileSync(path.join(dir, 'in.pdf'), pdf);
    const { stdout } = await promisify(execFile)('pdftotext', ['-raw', '-enc', 'UTF-8', path.join(dir, 'in.pdf'), '-'], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    return squeeze(stdout);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
const docxBody = (docx: Buffer) => squeeze((readZipEntries(docx, ['word/document.xml']).get('word/document.xml')?.toString('utf8') ?? '').replace(/<[^>]+>/g, ''));

const scoring = { methodLabel: kpiScoringMethodLabels.proportional, grades: defaultPerformanceScoring.grades, passScore: 60 };

function projectModel(over: Partial<PerformanceReportModel> = {}): PerformanceReportModel {
  return {
    kind: 'project',
    audience: 'internal',
    status: 'accepted',
    programmeName: '山东省科协所属学会有序承接政府转移职能试点方案',
    commission: { title: '2026年度卫生健康领域试点项目第三方绩效评估', associationName: '山东省科学技术协会', evaluatorName: '山东省科技评估中心', scopeLabel: '指定的试点项目', startsOn: '2026-11-01', endsOn: '2026-12-31', note: '重点核查问卷数据。' },
    project: { title: '医学科研诚信状况调查评估', societyName: '山东省医学会', departmentName: '山东省卫生健康委员会', agreement: { title: '三方任务书', version: 1, signedAt: '2026-03-02T02:00:00.000Z', verificationCode: 'TB7K-3QX9-M2PD-8WZA' } },
    scoring,
    kpis: [
      { name: '调查评估机构数量', target: 40, unit: '家', actual: 42, score: 100, evidence: '核查评估机构名单和 42 份机构反馈报告' },
      { name: '有效调查问卷', target: 2000, unit: '份', actual: 1500.5, score: 75, evidence: '核对问卷系统后台数据' },
    ],
    score: 88,
    grade: '良',
    passed: true,
    findings: '项目组织规范，调查覆盖面达到任务书要求。\n问卷回收率偏低。',
    recommendations: '扩大问卷发放范围。',
    attachments: ['现场核查记录.pdf'],
    author: { orgName: '山东省科技评估中心', userName: '李卫东', submittedAt: '2026-12-01T01:30:00.000Z', updatedAt: '2026-12-01T01:30:00.000Z' },
    decision: { outcome: 'accepted', orgName: '山东省科学技术协会', byName: '王建国', at: '2026-12-03T06:15:00.000Z', comment: '同意采纳。' },
    publishedAt: null,
    results: [],
    summary: null,
    ...over,
  };
}

function programmeModel(over: Partial<PerformanceReportModel> = {}): PerformanceReportModel {
  const results = [
    { title: '医学科研诚信状况调查评估', societyName: '山东省医学会', score: 88, grade: '良', passed: true, statusLabel: '科协已采纳' },
    { title: '中医药适宜技术推广应用评估', societyName: '山东中医药学会', score: 40, grade: '差', passed: false, statusLabel: '已提交，待科协审核' },
    { title: '省级科研和创新基地运行绩效评估', societyName: '山东省机械工程学会', score: null, grade: null, passed: null, statusLabel: '评估中' },
  ];
  return { ...projectModel(), kind: 'programme', project: null, kpis: [], score: null, grade: null, passed: null, findings: '试点项目总体实施规范。', results, summary: summariseResults(defaultPerformanceScoring, 3, results), ...over };
}

describe('a project report (项目绩效评价报告)', () => {
  it('prints the commission, the project, the KPI table with the total, the grade by the programme scale and the decision', async () => {
    const report = buildPerformanceReport(projectModel());
    expect(report.title).toEqual(['项目绩效评价报告']);
    expect(report.page).toMatchObject({ status: null, watermark: null });
    const [pdf, docx] = await Promise.all([renderReportPdf(report), renderReportDocx(report)]);
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const text = await pdfText(pdf);
    const body = docxBody(docx);
    for (const t of [
      '项目绩效评价报告',
      '医学科研诚信状况调查评估',
      '山东省医学会',
      '山东省卫生健康委员会',
      '委托单位山东省科学技术协会',
      '评价机构山东省科技评估中心',
      '三方任务书第1版（2026年3月2日签署生效，校验码TB7K-3QX9-M2PD-8WZA）',
      '2026年11月1日至2026年12月31日',
      gradeScaleText(defaultPerformanceScoring.grades).replace(/\s/g, ''),
      '调查评估机构数量40家42家100核查评估机构名单',
      '有效调查问卷2,000份1,500.5份75',
      '综合得分88等级：良，合格',
      '该项目综合得分88分，绩效等级为“良”，达到合格分数线（60分），评价结果为合格',
      '问卷回收率偏低。',
      '扩大问卷发放范围。',
      '审核结论采纳',
      '审核人王建国',
      '2026年12月3日14:15',
      '同意采纳。',
      '1．现场核查记录.pdf',
      '经办人：李卫东',
    ]) {
      expect(text, t).toContain(t);
      expect(body, t).toContain(t);
    }
  });

  it('marks a draft and a submitted report, and says where it stands instead of a decision', async () => {
    const draft = buildPerformanceReport(projectModel({ status: 'draft', decision: null, author: { orgName: '山东省科技评估中心', userName: '李卫东', submittedAt: null, updatedAt: '2026-12-01T01:30:00.000Z' } }));
    expect(draft.page).toMatchObject({ status: '草稿（评估中，未提交）', watermark: '草稿' });
    const text = await pdfText(await renderReportPdf(draft));
    expect(text).toContain('草稿（评估中，未提交）');
    expect(text).toContain('尚未提交山东省科学技术协会审核');
    expect(text).not.toContain('审核结论');
    const submitted = buildPerformanceReport(projectModel({ status: 'submitted', decision: null }));
    expect(submitted.page.status).toBe('已提交，待委托单位审核');
    expect(squeeze(JSON.stringify(submitted.blocks))).toContain('本报告已于2026年12月1日09:30提交山东省科学技术协会，待审核。');
  });

  it('leaves evidence, files, comments and people out of the portal copy', async () => {
    const m = projectModel({ audience: 'public', publishedAt: '2026-12-05T00:00:00.000Z', attachments: [], author: { orgName: '山东省科技评估中心', userName: null, submittedAt: '2026-12-01T01:30:00.000Z', updatedAt: '2026-12-01T01:30:00.000Z' } });
    m.kpis = m.kpis.map((k) => ({ ...k, evidence: '' }));
    m.decision = { ...m.decision!, byName: null, comment: null };
    const text = await pdfText(await renderReportPdf(buildPerformanceReport(m)));
    expect(text).toContain('调查评估机构数量40家42家100');
    expect(text).not.toContain('得分佐证'); // no evidence column
    expect(text).not.toContain('核查评估机构名单');
    expect(text).not.toContain('审核人');
    expect(text).not.toContain('经办人');
    expect(text).toContain('2026年12月5日在门户“评估结果”公开');
  });
});

describe('the programme report (计划整体绩效评价报告)', () => {
  it('sums up the projects: each result, the mean, the grades with their bands and shares', async () => {
    const report = buildPerformanceReport(programmeModel());
    expect(report.title).toEqual(['计划整体绩效评价报告']);
    const text = await pdfText(await renderReportPdf(report));
    for (const t of [
      '本次委托评价试点项目3个，已提交评价报告并计分的2个',
      '计分项目平均得分64分；“优”0个、“良”1个、“中”0个、“差”1个；合格1个，不合格1个。',
      '1医学科研诚信状况调查评估山东省医学会88良合格科协已采纳',
      '2中医药适宜技术推广应用评估山东中医药学会40差不合格已提交，待科协审核',
      '3省级科研和创新基地运行绩效评估山东省机械工程学会———评估中',
      '良80～89分150.0%',
      '合计—2100.0%',
      '委托要求重点核查问卷数据。',
      '试点项目总体实施规范。',
    ]) expect(text, t).toContain(t);
  });

  it('breaks a long report over pages, the KPI table and its long cells too', async () => {
    const long = 'ABC评估采取材料审查、现场考察和专家会评相结合的方式，形成评估结论。'.repeat(40);
    const m = projectModel({ findings: Array.from({ length: 20 }, () => long).join('\n') });
    m.kpis = Array.from({ length: 30 }, (_, i) => ({ name: `指标${i + 1}`, target: 10, unit: '项', actual: i, score: Math.min(100, i * 10), evidence: i === 3 ? long.repeat(2) : '核查材料' }));
    const pdf = await renderReportPdf(buildPerformanceReport(m));
    expect(pdf.toString('latin1').match(/\/Type \/Page\b/g)!.length).toBeGreaterThan(8);
    const text = await pdfText(pdf);
    expect(text).toContain('指标3010项29项100核查材料');
    expect(text).toContain('第1页共');
  });

  it('has a glyph in both weights of the font for every character it prints', () => {
    const texts = [projectModel(), programmeModel(), projectModel({ status: 'draft' }), projectModel({ status: 'returned' })].map((m) => JSON.stringify(buildPerformanceReport(m))).join('');
    const chars = new Set([...texts, ...'第页共']);
    for (const weight of ['regular', 'bold'] as FontWeight[]) {
      const doc = new PDFDocument({ font: null as unknown as string, autoFirstPage: false });
      doc.registerFont('f', cjkFontPath(weight));
      doc.font('f');
      const font = (doc as unknown as { _font: { font: { hasGlyphForCodePoint(cp: number): boolean } } })._font.font;
      const missing = [...chars].filter((c) => c >= ' ' && !font.hasGlyphForCodePoint(c.codePointAt(0)!));
      expect(missing, `${weight}: no glyph for ${missing.join(' ')}`).toEqual([]);
    }
  });
});
