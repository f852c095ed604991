// CAP-2: the application form (申报书) as Word or PDF, rendered on each request in the task book's
// worker pool (taskbooks/documents/pool.ts). A submitted application prints its latest submitted
// version — the content frozen then and the eligibility checked that day; a draft (or one returned
// for correction) prints its current content, marked 草稿, with the eligibility as of today.
// Read as the application is read (applications.ts mayReadApplication).
import { desc, eq } from 'drizzle-orm';
import type { FastifyReply } from 'fastify';
import type { DbOrTx } from '../../../db/client.js';
import { capacityApplicationVersions, capacityApplications, organisations } from '../../../db/schema.js';
import type { Actor } from '../../../platform/actor.js';
import { AppError } from '../../../platform/errors.js';
import { offeredTypes, type ApplicationState } from '../../../../domain/capacity/application.js';
import type { Eligibility } from '../../../../contract/capacity-applications.js';
import { documentContentTypes, type DocumentFormat } from '../../taskbooks/documents.js';
import { renderDocumentJob } from '../../taskbooks/documents/pool.js';
import { findCall, loadProgramme } from '../calls.js';
import { eligibilityOf, eligibilityView, mayReadApplication, type ApplicationRow } from '../applications.js';
import type { ApplicationDocumentModel } from './model.js';

type StoredContent = Pick<ApplicationRow, 'typeCode' | 'title' | 'goals' | 'indicators' | 'budget' | 'requestedFen' | 'contactName' | 'contactPhone'>;

/** The application readable by the actor, and the model of its document. */
export async function applicationDocumentModel(db: DbOrTx, actor: Actor, id: string): Promise<ApplicationDocumentModel> {
  const [x] = await db
    .select({ a: capacityApplications, societyName: organisations.name })
    .from(capacityApplications)
    .innerJoin(organisations, eq(organisations.id, capacityApplications.societyId))
    .where(eq(capacityApplications.id, id));
  if (!x) throw new AppError('NOT_FOUND', '申报书不存在');
  const a = x.a;
  const prog = await loadProgramme(db, actor, a.programmeId);
  if (!mayReadApplication(prog, actor, a)) throw new AppError('NOT_FOUND', '申报书不存在');
  const call = (await findCall(db, a.callId))!;
  const params = prog.parameters;
  const status = a.status as ApplicationState;

  // a submitted application (and one decided or withdrawn after submission): its latest version
  let draft = status === 'draft' || status === 'returned' || a.version === 0;
  let content: StoredContent = a;
  let eligibility: Eligibility | null = null;
  let version = a.version;
  let submittedAt: string | null = null;
  if (!draft) {
    const [v] = await db.select().from(capacityApplicationVersions).where(eq(capacityApplicationVersions.applicationId, a.id)).orderBy(desc(capacityApplicationVersions.version)).limit(1);
    if (v) {
      content = v.content as unknown as StoredContent;
      eligibility = v.eligibility as unknown as Eligibility;
      version = v.version;
      submittedAt = v.submittedAt.toISOString();
    } else draft = true;
  }
  const type = offeredTypes(call.types, params.projectTypes).find((t) => t.code === content.typeCode);
  if (draft && type && status !== 'withdrawn') {
    // the draft's eligibility as of today, as the society sees it before submitting
    const { result } = await eligibilityOf(db, a.societyId, params, call, content.typeCode);
    eligibility = eligibilityView(type, result, params);
  }
  const label = (code: string) => params.expenseCategories.allowed.find((c) => c.code === code)?.label ?? params.expenseCategories.forbidden.find((c) => c.code === code)?.label ?? code;
  return {
    projectName: content.title,
    year: call.year,
    associationName: prog.associationName,
    societyName: x.societyName,
    typeName: type?.name ?? params.projectTypes.find((t) => t.code === content.typeCode)?.name ?? content.typeCode,
    awardFen: type?.awardFen ?? null,
    status,
    draft,
    version,
    submittedAt,
    content: {
      goals: content.goals,
      indicators: (content.indicators ?? []).map((i) => ({ label: i.label, target: i.target })),
      budget: (content.budget ?? []).map((l) => ({ categoryLabel: label(l.category), item: l.item ?? null, amountFen: l.amountFen, note: l.note ?? null })),
      requestedFen: content.requestedFen,
      contactName: content.contactName ?? null,
      contactPhone: content.contactPhone ?? null,
    },
    eligibility,
  };
}

/** A value of `filename*` (RFC 5987): percent-encoded UTF-8, the characters encodeURIComponent leaves that it does not allow too. */
const rfc5987 = (s: string) => encodeURIComponent(s).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/** The document's bytes, with a Chinese download name (RFC 5987) and an ASCII one before it. */
export async function applicationDocumentResponse(db: DbOrTx, actor: Actor, reply: FastifyReply, id: string, format: DocumentFormat) {
  const model = await applicationDocumentModel(db, actor, id);
  const bytes = await renderDocumentJob(format, { kind: 'capacityApplication', model });
  const which = model.draft ? '（草稿）' : `-第${model.version}版`;
  const filename = `${model.year}年度能力提升计划项目申报书-${model.societyName}-${model.projectName}${which}.${format}`;
  const ascii = `capacity-application-${model.draft ? 'draft' : `v${model.version}`}.${format}`;
  return reply
    .header('content-type', documentContentTypes[format])
    .header('content-disposition', `attachment; filename="${ascii}"; filename*=UTF-8''${rfc5987(filename)}`)
    .header('cache-control', 'private, no-store')
    .send(bytes);
}
