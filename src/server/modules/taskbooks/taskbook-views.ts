// What the API returns for task books: the content, who signed when, what is still missing before
// signature, and what the reading party may do now.
import { taskBookLifecycle, signingPartyLabels, type SigningParty, type TaskBookState } from '../../../domain/taskbook/taskbook.lifecycle.js';
import type { TaskBookContent, TaskBookPart } from '../../../domain/taskbook/taskbook.types.js';
import type { Agreement, TaskBook, TaskBookSignature, TaskBookSummary } from '../../../contract/taskbooks.js';
import { missingForSignature } from '../../../domain/taskbook/taskbook.rules.js';
import { agreementKindOf, agreementTexts, type TaskBookAgreementKind } from '../../../domain/taskbook/agreement.js';
import type { Actor } from '../../platform/actor.js';
import type { ProjectInScope } from '../projects/projects.js';
import { partsOfParty, signatureRule, type SignatureRow, type TaskBookRow } from './taskbooks.js';

export const taskBookStatusLabel = (s: string) => taskBookLifecycle.states[s as keyof typeof taskBookLifecycle.states] ?? s;

/** What the view says of the agreement a version is. */
export function agreementView(kind: TaskBookAgreementKind): Agreement {
  const t = agreementTexts[kind];
  return { kind, title: t.title, partyLabels: t.partyLabels, partLabels: t.partLabels };
}

export function signatureView(s: SignatureRow, orgName: string, kind: TaskBookAgreementKind = 'triPartyTaskBook'): TaskBookSignature {
  return {
    id: s.id,
    party: s.party as SigningParty,
    partyLabel: agreementTexts[kind].partyLabels[s.party as SigningParty] ?? signingPartyLabels[s.party as SigningParty] ?? s.party,
    orgId: s.orgId,
    orgName,
    signerName: s.signerName,
    opinion: s.opinion,
    signedAt: s.signedAt.toISOString(),
    digest: s.digest,
    keyId: s.keyId,
    withdrawnAt: s.withdrawnAt?.toISOString() ?? null,
    withdrawnReason: s.withdrawnReason,
  };
}

export function partyNames(p: ProjectInScope): Record<SigningParty, { orgId: string; orgName: string }> {
  const r = p.row;
  return {
    department: { orgId: r.p.departmentId, orgName: r.departmentName },
    society: { orgId: r.p.societyId, orgName: r.societyName },
    association: { orgId: r.p.associationId, orgName: r.associationName },
  };
}

/** The columns a summary shows (the versions list selects only these). */
export type TaskBookSummaryRow = Pick<TaskBookRow, 'id' | 'projectId' | 'version' | 'status' | 'verificationCode' | 'changeRequestId' | 'createdAt' | 'frozenAt' | 'signedAt'>;

export function taskBookSummary(b: TaskBookSummaryRow): TaskBookSummary {
  return {
    id: b.id,
    projectId: b.projectId,
    version: b.version,
    status: b.status as TaskBookState,
    statusLabel: taskBookStatusLabel(b.status),
    verificationCode: b.verificationCode,
    changeRequestId: b.changeRequestId,
    createdAt: b.createdAt.toISOString(),
    frozenAt: b.frozenAt?.toISOString() ?? null,
    signedAt: b.signedAt?.toISOString() ?? null,
  };
}

export function taskBookView(b: TaskBookRow, project: ProjectInScope, signatures: SignatureRow[], actor: Actor, opts: { contentBinding: boolean }): TaskBook {
  const parties = partyNames(project);
  const content = b.content as TaskBookContent;
  const active = signatures.filter((s) => !s.withdrawnAt);
  const party = project.party;
  const actions: TaskBook['actions'] = [];
  const editableParts: TaskBookPart[] = [];
  const open = ['established', 'implementing'].includes(project.row.p.status);
  if (party && open && b.status === 'drafting' && !opts.contentBinding && actor.permissions.has('taskBook.edit')) editableParts.push(...partsOfParty[party]);
  if (party && open && actor.permissions.has('taskBook.sign')) {
    if (['drafting', 'signing'].includes(b.status) && !active.some((s) => s.party === party)) actions.push('sign');
    if (b.status === 'signing') actions.push('withdrawSignatures');
  }
  const missing = b.status === 'drafting' ? missingForSignature(content, signatureRule(project)) : [];
  const kind = agreementKindOf(content);
  return {
    ...taskBookSummary(b),
    agreement: agreementView(kind),
    rowVersion: b.rowVersion,
    contentDigest: b.contentDigest,
    content,
    parties,
    myParty: party,
    signatures: signatures.map((s) => signatureView(s, parties[s.party as SigningParty]?.orgName ?? '', kind)),
    missing,
    /** SUP-5: the approved change's text, signed as it stands */
    contentBinding: opts.contentBinding,
    editableParts,
    actions,
  };
}
