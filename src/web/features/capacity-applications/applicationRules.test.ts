// CAP-2, CAP-3: a returned application (退回修改) invites the resubmission only while the society is
// eligible; a failed condition (a debarment in its yearly facts) is said instead, with its fact.
import { describe, expect, it } from 'vitest';
import type { CapacityApplication, Eligibility } from '../../../contract/capacity-applications';
import { returnedNotice } from './applicationRules';

const eligibility = (over: Partial<Eligibility> = {}): Eligibility => ({
  checkedOn: '2026-12-06',
  typeCode: 'self_building',
  typeName: '学会自身建设项目',
  eligible: true,
  failed: 0,
  manual: 0,
  conditions: [{ index: 0, label: '依法登记的学会', group: 'keyProject', status: 'pass', fact: '已在民政部门登记' }],
  clause: '《实施方案》六、（一）',
  ...over,
});
const debarred = eligibility({
  eligible: false,
  failed: 1,
  conditions: [
    { index: 0, label: '依法登记的学会', group: 'keyProject', status: 'pass', fact: '已在民政部门登记' },
    { index: 1, label: '未被取消申报资格', group: 'keyProject', status: 'fail', fact: '被取消申报资格至 2028-12-05（验收不合格）' },
  ],
});
const app = (over: Partial<CapacityApplication> = {}) =>
  ({ returnComment: '预算测算依据不足', eligibility: eligibility(), actions: ['edit', 'submit', 'withdraw'], associationName: '济南市科学技术协会', ...over }) as CapacityApplication;

describe('the alert of a returned application', () => {
  it('invites the society to revise and resubmit while it is eligible', () => {
    const r = returnedNotice(app());
    expect(r).toMatchObject({ type: 'warning', title: '形式审查退回修改', comment: '预算测算依据不足', failed: [] });
    expect(r.next).toContain('重新提交申报');
    expect(returnedNotice(app({ actions: [] })).next).toBe('等待学会修改后重新提交。');
  });

  it('does not invite the resubmission of a debarred society: it names the failed condition with its fact', () => {
    for (const actions of [['edit', 'submit', 'withdraw'], []] as CapacityApplication['actions'][]) {
      const r = returnedNotice(app({ eligibility: debarred, actions }));
      expect(r.type).toBe('error');
      expect(r.title).toContain('不能重新提交');
      expect(r.failed).toEqual([{ label: '未被取消申报资格', fact: '被取消申报资格至 2028-12-05（验收不合格）' }]);
      expect(r.clause).toBe('《实施方案》六、（一）');
      expect(r.comment).toBe('预算测算依据不足');
      expect(`${r.title}${r.next}`).not.toMatch(/请点击|再点击|等待学会修改后重新提交/);
    }
    expect(returnedNotice(app({ eligibility: debarred })).next).toContain('济南市科学技术协会');
  });
});
