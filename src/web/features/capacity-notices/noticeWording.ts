// Pure wording of the notice pages (unit-tested): what an objection's outcome means for the projects
// it concerns, by the notice's kind. A result notice (评审结果公示) decides the award — an upheld
// objection: 不予资助; an evaluation notice (评估结果公示, CAP-6) decides the disbursement of an award
// already made — an upheld objection: 不予拨付、撤销资助, none: the funds may be disbursed.
import type { NoticeKind } from '../../../contract/capacity-notices';

/** What an upheld objection does to a project on the notice, and what a cleared one gets. */
const consequence: Record<NoticeKind, { upheld: string; cleared: string }> = {
  result: { upheld: '不予资助', cleared: '确定资助' },
  evaluation: { upheld: '不予拨付、撤销资助', cleared: '可拨付资金' },
};

/** The line under the objection in the handling dialog: which projects it concerns and, for the whole notice, what upholding it does. */
export function objectionScope(kind: NoticeKind, o: { projectTitle: string | null; societyName: string | null }): string {
  return o.projectTitle ? `针对${o.societyName ?? ''}“${o.projectTitle}”的异议` : `针对整个公示的异议：成立则公示的全部项目${consequence[kind].upheld}`;
}

/** What the chosen outcome means for the project(s) concerned, while the notice is open or once it has closed. */
export function outcomeEffect(kind: NoticeKind, outcome: 'upheld' | 'notUpheld' | undefined, projectTitle: string | null, open: boolean): string {
  const target = projectTitle ? `“${projectTitle}”` : '公示的全部项目';
  const c = consequence[kind];
  if (outcome === 'upheld') return `${target}将${c.upheld}${open ? '（公示期满时确定）' : '，即时确定'}。`;
  if (outcome === 'notUpheld') return `${target}不因此异议受影响${open ? `，公示期满时${c.cleared}` : `；没有其他待处理或成立的异议时即${c.cleared}`}。`;
  return '';
}

/** How an open notice ends by itself. */
export function closingRule(kind: NoticeKind, endsOn: string): string {
  const c = consequence[kind];
  return `公示期满（${endsOn} 之后）系统自动结束公示：无异议或异议不成立的项目${c.cleared}，异议成立的项目${c.upheld}，异议尚未处理的项目待处理后确定。`;
}

/** A closed notice with objections still pending: what handling one settles. */
export function afterHandling(kind: NoticeKind): string {
  const c = consequence[kind];
  return `处理异议后，该项目随即确定：异议成立则${c.upheld}，不成立则${c.cleared}。`;
}

/** The portal's invitation to object: to the projects proposed for funding, or to the evaluation results. */
export function objectionInvitation(kind: NoticeKind, endsOn: string): string {
  const what = kind === 'evaluation' ? '公示项目的评估结果' : '公示的拟资助项目';
  return `公示期内（截至 ${endsOn}），任何单位和个人对${what}有异议的，可在此提出。`;
}
