// TB-5: what the task book documents (Word and PDF) are made from. The route that serves a
// download fills it from the task book version, its parties and signatures; the renderers are
// pure functions of it (no database, no clock except where noted in pdf.ts / docx.ts).
import type { TaskBookContent } from '../../../../domain/taskbook/taskbook.types.js';
import type { TaskBookAgreementKind } from '../../../../domain/taskbook/agreement.js';

export type DocumentParty = 'department' | 'society' | 'association';

export interface TaskBookDocumentModel {
  /** which document: the tri-party task book (plan.ts) or a 职能转移合同 (contract-plan.ts); absent = the task book */
  agreementKind?: TaskBookAgreementKind;
  projectName: string; // fallback when content.projectName is empty
  version: number; // 任务书版本 (1, 2 … after change requests)
  status: 'drafting' | 'signing' | 'signed' | 'superseded';
  verificationCode: string | null; // e.g. 'TB7K-3QX9-M2PD-8WZA'; null while drafting → marked 草稿（未签署）, no code
  contentDigest: string | null; // SM3 hex (64 chars) of the canonical content, printed small next to the code
  /**
   * `representative`: who signs for the party by the organisation's own record — the society's
   * 法定代表人 from its society record; used when the task book's part does not name one (the part,
   * which the signatures cover, comes first: society.legalRepName, department/association.headName).
   */
  parties: Record<DocumentParty, { orgName: string; representative?: string | null }>;
  content: TaskBookContent;
  /**
   * `operatorName`: the user who applied the organisation's electronic seal on the platform (经办人),
   * printed apart from the 法定代表人 / 负责人 — never as them.
   */
  signatures: Array<{ party: DocumentParty; orgName: string; operatorName: string; opinion: string | null; signedAt: string /* ISO timestamp */ }>;
  verifyUrl: string; // portal address where the code can be checked, e.g. 'https://…/portal/verify'
}

export type DocumentFormat = 'docx' | 'pdf';
