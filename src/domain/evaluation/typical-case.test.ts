// EVA-5: the typical case's rules — which project may be written up, the lifecycle, and the first
// draft made of the project's summary report and the accepted third-party report.
import { describe, expect, it } from 'vitest';
import { CASE_SUMMARY_MAX, ZCaseContentInput, caseDraftFrom, caseEditable, caseLifecycle, caseProjectRefusal } from './typical-case.js';
import { transition } from '../lifecycle.js';

const project = { title: '医学科研诚信状况调查评估', programmeName: '试点工作方案', societyName: '山东省医学会', departmentName: '山东省卫生健康委员会' };
const completion = {
  summary: '完成 42 家机构的调查评估。',
  selfEvaluation: '评估组织规范。',
  kpis: [{ name: '完成调查评估的机构', target: 40, unit: '家', actual: 42, achievementPercent: 105 }],
};

describe('typical cases (EVA-5)', () => {
  it('writes up completed projects only, saying why not otherwise', () => {
    expect(caseProjectRefusal('completed')).toBeNull();
    expect(caseProjectRefusal('failed')).toBe('项目当前为“结项考核未通过”，只有结项考核通过、已完成的试点项目可以编写典型案例');
    expect(caseProjectRefusal('implementing')).toContain('“实施中”');
    expect(caseProjectRefusal('terminated')).toContain('“已中止”');
  });

  it('is edited while not on the portal, published, withdrawn and published again', () => {
    expect(caseEditable('draft')).toBe(true);
    expect(caseEditable('withdrawn')).toBe(true);
    expect(caseEditable('published')).toBe(false);
    expect(transition(caseLifecycle, 'draft', 'publish')).toBe('published');
    expect(transition(caseLifecycle, 'published', 'withdraw')).toBe('withdrawn');
    expect(transition(caseLifecycle, 'withdrawn', 'publish')).toBe('published');
    expect(() => transition(caseLifecycle, 'draft', 'withdraw')).toThrow('“草稿”状态下不能撤回公开');
  });

  it('drafts from the summary report, the KPIs reached and the accepted evaluation', () => {
    const d = caseDraftFrom(project, completion, { score: 92, grade: '优', findings: '指标全部完成。', recommendations: '推广评估指标体系。' });
    expect(d.title).toBe('山东省医学会承接“医学科研诚信状况调查评估”');
    expect(d.summary).toBe(completion.summary);
    expect(d.body.split('\n')).toEqual([
      '一、项目背景',
      '山东省医学会受山东省卫生健康委员会委托，在“试点工作方案”中承接“医学科研诚信状况调查评估”。',
      '',
      '二、主要做法',
      '完成 42 家机构的调查评估。',
      '',
      '三、取得成效',
      '完成调查评估的机构：目标 40 家，完成 42 家（105%）。',
      '第三方绩效评估得分 92 分（优）：指标全部完成。',
    ]);
    expect(d.experience).toBe('推广评估指标体系。\n评估组织规范。');
    // every field fits the input's bounds (the draft can be saved as it is, once the experience is written)
    expect(ZCaseContentInput.safeParse({ ...d, tags: [], attachmentIds: [] }).success).toBe(true);
  });

  it('leaves the experience to the writer when the reports say nothing of it, and cuts a long summary', () => {
    const d = caseDraftFrom(project, { ...completion, selfEvaluation: null, summary: '长'.repeat(CASE_SUMMARY_MAX + 50) }, null);
    expect(d.experience).toBe('');
    expect(d.summary).toHaveLength(CASE_SUMMARY_MAX);
    expect(d.summary.endsWith('…')).toBe(true);
    expect(d.body).not.toContain('第三方绩效评估');
  });
});
