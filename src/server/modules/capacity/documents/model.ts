// CAP-2: what the application form (申报书) as Word and PDF is made from. The route fills it from
// the application — a submitted one from its latest submitted version (the frozen content and the
// eligibility checked that day), a draft from its current content — and the renderers are pure
// functions of it (no database, no clock), run in the task book's worker pool.
import type { ApplicationState } from '../../../../domain/capacity/application.js';
import type { Eligibility } from '../../../../contract/capacity-applications.js';

export interface ApplicationDocumentModel {
  /** the project's name (项目名称); the worker pool's fixtures read this field of any model */
  projectName: string;
  /** the call's year: the title's 年度 */
  year: number;
  associationName: string;
  societyName: string;
  typeName: string;
  /** the type's award standard (资助标准) in the call, integer fen; null when the call no longer offers it */
  awardFen: number | null;
  status: ApplicationState;
  /** the current content of a draft (or of an application being corrected), not a submitted version */
  draft: boolean;
  /** the submitted version printed; for a draft, the versions submitted before it (0: never submitted) */
  version: number;
  /** when the version printed was submitted (ISO); null for a draft */
  submittedAt: string | null;
  content: {
    goals: string;
    indicators: Array<{ label: string; target: string }>;
    budget: Array<{ categoryLabel: string; item: string | null; amountFen: number; note: string | null }>;
    requestedFen: number;
    contactName: string | null;
    contactPhone: string | null;
  };
  /** the eligibility of the version printed (as checked on submission); of today for a draft; null when not known */
  eligibility: Eligibility | null;
}
