// CAP-5, CAP-6: an objection's outcome in the terms of the notice it was raised on — the award for a
// result notice (评审结果公示), the disbursement of the award for an evaluation notice (评估结果公示).
import { describe, expect, it } from 'vitest';
import { afterHandling, closingRule, objectionInvitation, objectionScope, outcomeEffect } from './noticeWording';

describe('the wording of a notice follows its kind', () => {
  it('a result notice speaks of the award', () => {
    expect(outcomeEffect('result', 'upheld', '黄河论坛', true)).toBe('“黄河论坛”将不予资助（公示期满时确定）。');
    expect(outcomeEffect('result', 'notUpheld', null, false)).toBe('公示的全部项目不因此异议受影响；没有其他待处理或成立的异议时即确定资助。');
    expect(objectionScope('result', { projectTitle: null, societyName: null })).toBe('针对整个公示的异议：成立则公示的全部项目不予资助');
    expect(closingRule('result', '2026-12-11')).toContain('异议成立的项目不予资助');
    expect(afterHandling('result')).toBe('处理异议后，该项目随即确定：异议成立则不予资助，不成立则确定资助。');
    expect(objectionInvitation('result', '2026-12-11')).toContain('拟资助项目');
  });

  it('an evaluation notice speaks of revoking the award and not disbursing it — never of 不予资助', () => {
    const texts = [
      outcomeEffect('evaluation', 'upheld', '黄河论坛', true),
      outcomeEffect('evaluation', 'upheld', null, false),
      outcomeEffect('evaluation', 'notUpheld', '黄河论坛', true),
      outcomeEffect('evaluation', 'notUpheld', '黄河论坛', false),
      objectionScope('evaluation', { projectTitle: null, societyName: null }),
      closingRule('evaluation', '2026-12-11'),
      afterHandling('evaluation'),
      objectionInvitation('evaluation', '2026-12-11'),
    ];
    for (const t of texts) {
      expect(t).not.toContain('不予资助');
      expect(t).not.toContain('确定资助');
      expect(t).not.toContain('拟资助');
    }
    expect(outcomeEffect('evaluation', 'upheld', '黄河论坛', true)).toBe('“黄河论坛”将不予拨付、撤销资助（公示期满时确定）。');
    expect(outcomeEffect('evaluation', 'upheld', null, false)).toBe('公示的全部项目将不予拨付、撤销资助，即时确定。');
    expect(outcomeEffect('evaluation', 'notUpheld', '黄河论坛', true)).toBe('“黄河论坛”不因此异议受影响，公示期满时可拨付资金。');
    expect(objectionScope('evaluation', { projectTitle: '黄河论坛', societyName: '济南市机械工程学会' })).toBe('针对济南市机械工程学会“黄河论坛”的异议');
    expect(objectionScope('evaluation', { projectTitle: null, societyName: null })).toBe('针对整个公示的异议：成立则公示的全部项目不予拨付、撤销资助');
    expect(objectionInvitation('evaluation', '2026-12-11')).toBe('公示期内（截至 2026-12-11），任何单位和个人对公示项目的评估结果有异议的，可在此提出。');
  });

  it('says nothing before an outcome is chosen', () => {
    expect(outcomeEffect('evaluation', undefined, '黄河论坛', true)).toBe('');
  });
});
