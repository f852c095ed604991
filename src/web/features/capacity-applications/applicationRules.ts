// Pure helpers of the application's page (unit-tested): what the alert of a returned application
// (退回修改) says. The eligibility of a returned one is today's (the server checks it against the
// society's records and yearly facts); when a condition fails — a debarment (取消申报资格) written into
// the yearly facts, say — the application cannot be resubmitted, and the alert says so and why
// instead of inviting the resubmission.
import type { CapacityApplication } from '../../../contract/capacity-applications';

export interface ReturnedNotice {
  type: 'warning' | 'error';
  title: string;
  /** the formal review's comment */
  comment: string | null;
  /** each failed condition with the fact it was judged on (empty when none failed) */
  failed: { label: string; fact: string }[];
  /** where the conditions come from, when some failed */
  clause: string | null;
  /** what comes next, for this reader */
  next: string;
}

type Returned = Pick<CapacityApplication, 'returnComment' | 'eligibility' | 'actions' | 'associationName'>;

export function returnedNotice(a: Returned): ReturnedNotice {
  const own = a.actions.includes('edit') || a.actions.includes('submit');
  const e = a.eligibility;
  const failed = e && !e.eligible ? e.conditions.filter((c) => c.status === 'fail').map((c) => ({ label: c.label, fact: c.fact })) : [];
  if (e && !e.eligible) {
    return {
      type: 'error',
      title: own ? '形式审查退回修改，但本学会目前不符合申报条件，不能重新提交' : '形式审查退回修改；学会目前不符合申报条件，不能重新提交',
      comment: a.returnComment,
      failed,
      clause: e.clause,
      next: own ? `不符合的条件消除前，修改后也不能重新提交。如学会档案或年度情况有误，请联系${a.associationName}更正。` : '不符合的条件消除前，学会不能重新提交。',
    };
  }
  return {
    type: 'warning',
    title: '形式审查退回修改',
    comment: a.returnComment,
    failed: [],
    clause: null,
    next: a.actions.includes('edit') ? '请点击“修改申报书”按意见修改，再点击“重新提交申报”。' : '等待学会修改后重新提交。',
  };
}
