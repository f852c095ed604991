// Pure helpers of the section 评估与拨付 (unit-tested): when it is shown, a score as typed, and a
// refusal by a rule as the page says it (the clause in words, never the requirement's id).
import type { EvaluationSection } from '../../../contract/capacity-evaluation';
import { fmtDate } from '../../shared/format';

export const evaluationKey = (applicationId: string) => ['capacity-evaluation', applicationId] as const;

/** The states after the responsibility letter: the section is shown from funding on. */
export const EVALUATION_STATES: ReadonlySet<string> = new Set(['funded', 'evaluationFailed', 'disbursed', 'accepted', 'acceptanceFailed', 'revoked']);

/** The permissions that read an application's records (the server decides the rest). */
export const EVALUATION_READERS = ['capacityApplication.submit', 'capacityApplication.review', 'capacityCall.manage', 'fund.read'] as const;

/** A score as typed: empty → null; a whole number 0–100 → it; anything else → the message to show. */
export function readScore(v: unknown): { ok: true; score: number | null } | { ok: false; message: string } {
  const t = typeof v === 'number' ? String(v) : typeof v === 'string' ? v.trim() : '';
  if (t === '') return { ok: true, score: null };
  if (!/^\d{1,3}$/.test(t)) return { ok: false, message: '评估得分应为 0 至 100 的整数' };
  const n = Number(t);
  if (n > 100) return { ok: false, message: '评估得分不能超过 100 分' };
  return { ok: true, score: n };
}

/** A refusal by a rule: what is wrong, then the clause it rests on (the server's detail ends with 依据：clause). */
export function refusalOf(detail: string, clause: string | null): { reason: string; clause: string | null } {
  if (!clause) return { reason: detail, clause: null };
  const at = detail.indexOf(`依据：${clause}`);
  return { reason: (at >= 0 ? detail.slice(0, at) : detail).replace(/[。；\s]+$/, ''), clause };
}

/**
 * The finance bureau's return comment as the section shows it: the current one while the evaluation
 * is returned; once the association proposed it again, the comment that revision answers, as history.
 */
export function returnCommentOf(e: EvaluationSection['evaluation']): { label: string; text: string; current: boolean } | null {
  if (!e) return null;
  if (e.status === 'returned' && e.returnComment) return { label: '退回意见', text: e.returnComment, current: true };
  if (e.status === 'proposed' && e.previousReturnComment) return { label: '上次退回意见', text: e.previousReturnComment, current: false };
  return null;
}

/** Where the section stands, in a sentence for whoever reads it. */
export function stageText(s: EvaluationSection): { type: 'info' | 'success' | 'warning' | 'error'; title: string } {
  const e = s.evaluation;
  if (s.disbursement) return { type: 'success', title: '项目资金已拨付' };
  if (s.applicationStatus === 'evaluationFailed') {
    return { type: 'error', title: e?.noticeOutcome === 'upheld' ? '评估结果公示期间的异议经核查成立，不予拨付，资助已撤销' : '项目未通过评估，不予拨付，资助已撤销' };
  }
  if (!e) return { type: 'info', title: s.actions.includes('propose') ? '请对项目进行评估，提出评估结果' : '项目实施中，尚未评估' };
  if (e.status === 'proposed') return { type: s.actions.includes('confirm') ? 'warning' : 'info', title: s.actions.includes('confirm') ? '科协提出了评估结果，请确认或退回' : '评估结果待财政局确认' };
  if (e.status === 'returned') return { type: 'warning', title: s.actions.includes('edit') ? '财政局退回了评估结果，请修改后重新提交' : '评估结果已被财政局退回，待科协修改' };
  if (e.noticeOutcome === 'cleared') return { type: s.actions.includes('disburse') ? 'warning' : 'info', title: s.actions.includes('disburse') ? '评估结果公示期满无异议，请拨付项目资金' : '评估结果公示期满无异议，待科协拨付项目资金' };
  if (!s.notice) return { type: 'info', title: '项目通过评估，待科协发布评估结果公示' };
  if (s.notice.status === 'open') return { type: 'info', title: `评估结果公示中，至 ${fmtDate(s.notice.endsOn)} 结束` };
  return { type: 'warning', title: '评估结果公示已结束，异议尚待科协处理' };
}
