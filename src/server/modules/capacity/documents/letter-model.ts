// CAP-5: what the responsibility letter (责任书) as Word and PDF is made from. The route fills it
// from the letter, its parties and signatures; the renderers are pure functions of it (no database,
// no clock), run in the task book's worker pool (taskbooks/documents/worker.ts).
import type { CapacityLetterContent, CapacityLetterParty, CapacityLetterState } from '../../../../contract/capacity-letters.js';

export interface LetterDocumentModel {
  /** the project's name; the worker pool's fixtures read this field of any model */
  projectName: string;
  status: CapacityLetterState;
  /** made when the letter is frozen for signing; null while drafting (marked 草稿, no code) */
  verificationCode: string | null;
  /** SM3 hex of the canonical content, printed small under the code */
  contentDigest: string | null;
  content: CapacityLetterContent;
  /** FND-4: the day the budget was approved (both signed) and the window's last day; null before */
  approvedOn: string | null;
  windowEndsOn: string | null;
  /** `operatorName`: the user who applied the organisation's electronic seal (经办人), apart from 负责人 / 法定代表人 */
  signatures: Array<{ party: CapacityLetterParty; orgName: string; operatorName: string; signedAt: string /* ISO */ }>;
  /** portal address where the code can be checked, e.g. 'https://…/portal/verify' */
  verifyUrl: string;
}
