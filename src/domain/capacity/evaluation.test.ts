// CAP-6: the evaluation's input, its lifecycle, and why a project may not be disbursed yet
// (《实施方案》五、5: 经公示无异议的项目，下达项目资金) — each stage in words.
import { describe, expect, it } from 'vitest';
import { canTransition } from '../lifecycle.js';
import { ZEvaluationFields, disbursementProblem, evaluationLifecycle } from './evaluation.js';

const passed = { status: 'confirmed', result: 'passed', noticeId: 'n1', noticeOutcome: null };

describe('the evaluation of a funded project', () => {
  it('takes a result, a score 0–100 if any, findings and files', () => {
    expect(ZEvaluationFields.safeParse({ result: 'passed', findings: '完成' }).success).toBe(true);
    expect(ZEvaluationFields.safeParse({ result: 'failed', score: 0, findings: '未完成', attachmentIds: [] }).success).toBe(true);
    for (const bad of [{ result: 'passed', findings: ' ' }, { result: 'ok', findings: 'x' }, { result: 'passed', score: 101, findings: 'x' }, { result: 'passed', score: 80.5, findings: 'x' }, { result: 'passed', findings: 'x', extra: 1 }]) {
      expect(ZEvaluationFields.safeParse(bad).success, JSON.stringify(bad)).toBe(false);
    }
  });

  it('is edited while proposed or returned, confirmed or returned only while proposed', () => {
    expect(canTransition(evaluationLifecycle, 'returned', 'edit')).toBe(true);
    expect(canTransition(evaluationLifecycle, 'confirmed', 'edit')).toBe(false);
    expect(canTransition(evaluationLifecycle, 'returned', 'confirm')).toBe(false);
    expect(canTransition(evaluationLifecycle, 'proposed', 'return')).toBe(true);
  });

  it('lets the money go only after a notice with no upheld objection, once', () => {
    const funded = { status: 'funded' };
    expect(disbursementProblem(funded, null, null)).toContain('尚未评估');
    expect(disbursementProblem(funded, { ...passed, status: 'proposed' }, null)).toContain('尚待财政局确认');
    expect(disbursementProblem(funded, { ...passed, status: 'returned' }, null)).toContain('退回');
    expect(disbursementProblem(funded, { ...passed, noticeId: null }, null)).toContain('尚未公示');
    expect(disbursementProblem(funded, passed, { status: 'open', endsOn: '2026-06-05' })).toBe('评估结果公示至 2026-06-05，公示期满无异议后方可拨付资金');
    expect(disbursementProblem(funded, passed, { status: 'closed', endsOn: '2026-06-05' })).toContain('异议尚待处理');
    expect(disbursementProblem(funded, { ...passed, noticeOutcome: 'upheld' }, { status: 'closed', endsOn: '2026-06-05' })).toContain('异议经核查成立');
    expect(disbursementProblem(funded, { ...passed, noticeOutcome: 'cleared' }, { status: 'closed', endsOn: '2026-06-05' })).toBeNull();
    expect(disbursementProblem({ status: 'disbursed' }, { ...passed, noticeOutcome: 'cleared' }, null)).toContain('不能重复拨付');
    expect(disbursementProblem({ status: 'evaluationFailed' }, { ...passed, result: 'failed' }, null)).toBe('项目未通过评估，不予拨付');
    expect(disbursementProblem({ status: 'approved' }, null, null)).toContain('不能拨付资金');
  });
});
