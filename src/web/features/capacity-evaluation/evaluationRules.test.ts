// CAP-6: the section 评估与拨付 in words — a score as typed, a refusal with its clause, and the stage
// shown to each reader (no requirement id anywhere).
import { describe, expect, it } from 'vitest';
import type { EvaluationSection } from '../../../contract/capacity-evaluation';
import { readScore, refusalOf, returnCommentOf, stageText } from './evaluationRules';

const section = (over: Partial<EvaluationSection> = {}) =>
  ({ applicationStatus: 'funded', evaluation: null, notice: null, disbursement: null, actions: [], coManaged: true, ...over }) as unknown as EvaluationSection;
const ev = (over: Record<string, unknown> = {}) => ({ status: 'confirmed', result: 'passed', noticeOutcome: null, ...over }) as unknown as EvaluationSection['evaluation'];

describe('the section 评估与拨付', () => {
  it('reads a score as a whole number 0–100, or empty', () => {
    expect(readScore('')).toEqual({ ok: true, score: null });
    expect(readScore(' 88 ')).toEqual({ ok: true, score: 88 });
    expect(readScore('100')).toEqual({ ok: true, score: 100 });
    expect(readScore('101')).toEqual({ ok: false, message: '评估得分不能超过 100 分' });
    expect(readScore('8.5').ok).toBe(false);
    expect(readScore('-1').ok).toBe(false);
  });

  it('splits a refusal into what is wrong and its clause', () => {
    const clause = '《实施方案》五、5：经公示无异议的项目，下达项目资金';
    expect(refusalOf(`评估结果公示至 2026-06-05，公示期满无异议后方可拨付资金。依据：${clause}`, clause)).toEqual({ reason: '评估结果公示至 2026-06-05，公示期满无异议后方可拨付资金', clause });
  });

  it('says where the project stands, for the one who acts and for the others', () => {
    expect(stageText(section({ actions: ['propose'] })).title).toBe('请对项目进行评估，提出评估结果');
    expect(stageText(section({ evaluation: ev({ status: 'proposed' }), actions: ['confirm', 'return'] })).title).toBe('科协提出了评估结果，请确认或退回');
    expect(stageText(section({ evaluation: ev({ status: 'proposed' }) })).title).toBe('评估结果待财政局确认');
    expect(stageText(section({ evaluation: ev({ noticeOutcome: 'cleared' }), actions: ['disburse'] })).title).toBe('评估结果公示期满无异议，请拨付项目资金');
    expect(stageText(section({ evaluation: ev(), notice: { status: 'open', endsOn: '2026-06-05' } as EvaluationSection['notice'] })).title).toBe('评估结果公示中，至 2026-06-05 结束');
    expect(stageText(section({ applicationStatus: 'evaluationFailed', evaluation: ev({ noticeOutcome: 'upheld' }) })).type).toBe('error');
    for (const s of [section(), section({ evaluation: ev() })]) expect(stageText(s).title).not.toMatch(/[A-Z]{3}-\d/);
  });

  it('shows the bureau’s return comment as current only while returned; proposed again, as the earlier one', () => {
    expect(returnCommentOf(ev({ status: 'returned', returnComment: '请补充佐证材料', previousReturnComment: null }))).toEqual({ label: '退回意见', text: '请补充佐证材料', current: true });
    expect(returnCommentOf(ev({ status: 'proposed', returnComment: null, previousReturnComment: '请补充佐证材料' }))).toEqual({ label: '上次退回意见', text: '请补充佐证材料', current: false });
    // a stale comment is never shown beside a state it does not belong to
    expect(returnCommentOf(ev({ status: 'proposed', returnComment: '请补充佐证材料', previousReturnComment: null }))).toBeNull();
    expect(returnCommentOf(ev({ status: 'confirmed', returnComment: '请补充佐证材料', previousReturnComment: '请补充佐证材料' }))).toBeNull();
    expect(returnCommentOf(null)).toBeNull();
  });
});
