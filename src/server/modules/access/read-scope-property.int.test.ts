// Issue 11 §1 "Proof as a property": every GET route of the app that takes an id, read from the
// app's own route table (a new route is walked without anyone adding it here), is called for
// records of its type — in and out of each caller's scope, both demo societies' records, draft and
// published programmes, attachments on every entity type they hang on and unlinked ones — as every
// demo user (and anonymously). The answer must be 2xx exactly when the record is in the caller's
// scope; 401/403/404 count as refused, anything else fails. "In scope" is judged by the oracle below,
// written from the read-scope charter (programmes, projects and what hangs off them, declarations,
// attachments) and, for records the charter does not cover (organisations, societies, users, items,
// demand entries, countersigns), from the rules those routes state — never from a list of expected
// cells. A route whose id the test cannot map to a record type fails, naming the route.
// Every 2xx JSON answer is also searched for declarations, attachments and draft programmes shown
// inside it (an object whose `id` is one of them): each must be readable by the caller too, so the
// item detail and every list keep what was not recommended with the society and the association.
import { auditCheckpointKey, createAuditCheckpoint } from '../../platform/audit-checkpoint.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { TEST_KEY, TestClient, as, createTestContext, type Res } from '../../testing/harness.js';
import { permissionsOf, type Permission } from '../../../domain/access/roles.js';
import { attachmentEntityTypes } from './read-scope.js';
import { STRAY_FIELD, addStrayField } from '../../testing/stray-field.js';
import { tokenHash } from '../surveys/surveys.js';

// every answer also carries a stray field before serialisation, which must never reach a caller (issue 12 §1)
const ctx = await createTestContext({}, { configure: addStrayField });
afterAll(() => ctx.close());
const db = ctx.database.db;
const rows = async <T = Record<string, any>>(q: string): Promise<T[]> => ((await db.execute(sql.raw(q))) as unknown as { rows: T[] }).rows;

// ------------------------------------------------------------------------------------------------
// The route table, as the router holds it (printRoutes without common prefixes: one node a line,
// its depth given by the tree drawing, its methods in brackets).
// ------------------------------------------------------------------------------------------------
function routeTable(): { method: string; url: string }[] {
  const out: { method: string; url: string }[] = [];
  const stack: string[] = [];
  for (const line of ctx.app.printRoutes({ commonPrefix: false }).split('\n')) {
    const m = /^((?:│ {3}| {4})*)[├└]── (.+?)(?: \(([A-Z, ]+)\))?$/.exec(line);
    if (!m) continue;
    const depth = m[1].length / 4;
    stack.length = depth;
    stack[depth] = (depth ? stack[depth - 1] : '') + m[2];
    for (const method of (m[3] ?? '').split(', ').filter(Boolean)) out.push({ method, url: stack[depth] });
  }
  return out;
}
const table = routeTable();
const idRoutes = [...new Set(table.filter((r) => r.method === 'GET' && /\/:[^/]+/.test(r.url)).map((r) => r.url))].sort();
// Lists: JSON answers only — the Excel exports and the audit chain check show no record object to look into.
const listRoutes = [...new Set(table.filter((r) => r.method === 'GET' && r.url.startsWith('/api/v1/') && !/[:*]|\/export$|\/audit\/verify$/.test(r.url)).map((r) => r.url))].sort();
const openapi = ctx.app.swagger() as unknown as { paths: Record<string, Record<string, { parameters?: { in: string; name: string; required?: boolean; schema?: { enum?: string[] } }[] }>> };

/** The query a GET needs (required query parameters with a fixed set of values: the first one). */
function requiredQuery(url: string): string | Error {
  const op = openapi.paths[url.replace(/:([A-Za-z]+)/g, '{$1}')]?.get;
  const parts: string[] = [];
  for (const p of op?.parameters ?? []) {
    if (p.in !== 'query' || !p.required) continue;
    if (!p.schema?.enum?.length) return new Error(`${url}: required query parameter ${p.name} has no fixed values to try`);
    parts.push(`${p.name}=${encodeURIComponent(p.schema.enum[0])}`);
  }
  return parts.length ? `?${parts.join('&')}` : '';
}

// ------------------------------------------------------------------------------------------------
// Callers: every demo user, and nobody.
// ------------------------------------------------------------------------------------------------
interface Org { id: string; parent_id: string | null; path: string; type: string; name: string }
interface Caller { username: string; id: string | null; org: Org | null; roles: string[]; perms: Set<Permission>; scopePath: string; client: TestClient }

let orgs: Org[] = [];
const orgById = (id: string) => orgs.find((o) => o.id === id)!;
let callers: Caller[] = [];
const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10); // China day

// The demo data the oracle reads (snake_case rows).
type Row = Record<string, any>;
const data: Record<string, Row[]> = {};
const byId = new Map<string, { kind: string; row: Row }>();

// ------------------------------------------------------------------------------------------------
// The oracle. Charter: /tmp/i11/scope-rules.md (issue 11 §1); code rules where it is silent.
// ------------------------------------------------------------------------------------------------
const can = (u: Caller, p: Permission) => u.perms.has(p);
const isAssocStaff = (u: Caller) => u.org?.type === 'association' && u.roles.some((r) => r === 'association_admin' || r === 'association_staff');
const inScope = (u: Caller, path: string) => !!u.org && path.startsWith(u.scopePath);
const programmeOf = (id: string) => data.programmes.find((p) => p.id === id)!;
const assocPathOf = (programmeId: string) => orgById(programmeOf(programmeId).association_id).path;

function programmeReadable(u: Caller, p: Row): boolean {
  const a = orgById(p.association_id);
  if (p.status === 'draft') return u.org?.id === a.id && isAssocStaff(u) && can(u, 'programme.update');
  return can(u, 'programme.read') && !!u.org && (u.org.path.startsWith(a.path) || a.path.startsWith(u.scopePath));
}

function observes(u: Caller, projectId: string): boolean {
  return data.observers.some((o) => o.project_id === projectId && u.id !== null && o.user_id === u.id && o.ended_on === null && o.from_on <= today && o.to_on >= today);
}

/** EVA-2: a commission to the caller's evaluator organisation that runs today covers the project. */
function commissioned(u: Caller, j: Row): boolean {
  if (u.org?.type !== 'evaluator' || !can(u, 'evaluation.perform')) return false;
  const org = u.org;
  return data.evaluation_commissions.some(
    (c) => c.evaluator_org_id === org.id && c.status === 'active' && c.starts_on <= today && c.ends_on >= today && ((c.scope === 'programme' && c.programme_id === j.programme_id) || (c.scope === 'projects' && (c.project_ids as string[]).includes(j.id))),
  );
}

/** EVA-2: a commission reads for its evaluator's staff, and for the association staff over its association. */
function commissionReadable(u: Caller, c: Row): boolean {
  if (u.org?.type === 'evaluator') return u.org.id === c.evaluator_org_id && can(u, 'evaluation.perform');
  return u.org?.type === 'association' && (can(u, 'evaluation.commission') || can(u, 'project.read')) && inScope(u, c.association_path);
}
/** EVA-5: a typical case — the association staff over its association (case.read), whatever its state. */
const caseReadable = (u: Caller, r: Row) => u.org?.type === 'association' && can(u, 'case.read') && inScope(u, r.association_path);
const commissionOf = (r: Row) => data.evaluation_commissions.find((c) => c.id === r.commission_id)!;
/** A report as its commission, a draft for the evaluator only. */
const reportReadable = (u: Caller, r: Row) => commissionReadable(u, commissionOf(r)) && (r.status !== 'draft' || u.org?.id === commissionOf(r).evaluator_org_id);

function projectReadable(u: Caller, j: Row): boolean {
  if (observes(u, j.id) || commissioned(u, j)) return true;
  if (!can(u, 'project.read') || !u.org) return false;
  const aPath = assocPathOf(j.programme_id);
  if (isAssocStaff(u) && inScope(u, aPath)) return true;
  if (u.org.type === 'department' && u.org.id === j.department_id) return true;
  if (u.org.type === 'society' && u.org.id === j.society_id) return true;
  if (u.org.type === 'finance_bureau' && inScope(u, aPath)) return true;
  return false;
}
const projectOfRecord = (r: Row) => data.projects.find((j) => j.id === r.project_id)!;

/** Meetings, briefings, stage reports: the programme readable, then the associations over it that keep such records. */
function programmeRecordReadable(u: Caller, r: Row): boolean {
  const p = programmeOf(r.programme_id);
  return programmeReadable(u, p) && can(u, 'programmeRecord.manage') && u.org?.type === 'association' && inScope(u, assocPathOf(p.id));
}

/**
 * CAP-1 calls: the programme readable, then every call for the association staff over it, a call once
 * sent to them for the finance bureaus within their scope, the published and closed ones for the rest.
 */
function capacityCallReadable(u: Caller, c: Row): boolean {
  const p = programmeOf(c.programme_id);
  if (!programmeReadable(u, p)) return false;
  const aPath = assocPathOf(p.id);
  if (isAssocStaff(u) && inScope(u, aPath)) return true;
  // the bureau attached to exactly the programme's association (a bureau higher up reads only what is public)
  if (u.org?.type === 'finance_bureau' && can(u, 'capacityCall.confirm') && u.scopePath === aPath && (c.status !== 'draft' || c.submitted_at !== null)) return true;
  return c.status === 'published' || c.status === 'closed';
}

/**
 * CAP-2 applications: the programme readable, then the society its own (every state); the association
 * staff over the programme and the finance bureau attached to its association (when it co-manages)
 * once submitted.
 */
function capacityApplicationReadable(u: Caller, a: Row): boolean {
  const p = programmeOf(a.programme_id);
  if (!programmeReadable(u, p) || !u.org) return false;
  if (u.org.type === 'society') return u.org.id === a.society_id && can(u, 'capacityApplication.submit');
  if (a.version === 0) return false;
  if (isAssocStaff(u)) return inScope(u, assocPathOf(p.id));
  return u.org.type === 'finance_bureau' && can(u, 'fund.read') && u.scopePath === assocPathOf(p.id) && p.parameters.financeBureauCoManages === true;
}

/** A society the call's programme reaches (its relay rule): the association's own societies, or its subtree. */
function callReaches(u: Caller, c: Row): boolean {
  const p = programmeOf(c.programme_id);
  if (u.org?.type !== 'society') return false;
  return p.parameters.relayIncludesSubordinateSocieties === true ? u.org.path.startsWith(assocPathOf(p.id)) : u.org.parent_id === p.association_id;
}

/**
 * The fund ledger: the programme readable and fund.read, then the associations whose scope covers the
 * programme's association, or the finance bureau attached to exactly that association when the
 * programme is co-managed (financeBureauCoManages).
 */
const FUND_TRIED = 'capacity_special_fund';
function fundsReadable(u: Caller, p: Row): boolean {
  if (!programmeReadable(u, p) || !can(u, 'fund.read') || !u.org) return false;
  const aPath = assocPathOf(p.id);
  if (u.org.type === 'association') return inScope(u, aPath);
  return u.org.type === 'finance_bureau' && u.scopePath === aPath && p.parameters.financeBureauCoManages === true;
}
const fundListed = (p: Row) => (p.parameters.funds ?? []).some((f: { code: string }) => f.code === FUND_TRIED);

/** CAP-4: an expert's assignment is their own alone. */
const expertAssignmentReadable = (u: Caller, x: Row) => can(u, 'capacityReview.score') && u.id !== null && x.expert_user_id === u.id;

/** CAP-4: a call's ranking — the association staff over it, and the co-managing finance bureau once the call was sent to it. */
function rankingReadable(u: Caller, c: Row): boolean {
  const p = programmeOf(c.programme_id);
  if (!programmeReadable(u, p) || !u.org || !READS_REVIEWS.some((x) => can(u, x))) return false;
  const aPath = assocPathOf(p.id);
  if (u.org.type === 'association') return can(u, 'capacityCall.manage') && inScope(u, aPath);
  return u.org.type === 'finance_bureau' && can(u, 'capacityCall.confirm') && u.scopePath === aPath && p.parameters.financeBureauCoManages === true && (c.status !== 'draft' || c.submitted_at !== null);
}
const READS_REVIEWS = ['capacityApplication.review', 'capacityCall.manage', 'fund.read'] as const;

/**
 * CAP-5: a call's notice with its objections inside the platform — the programme readable, then the
 * association staff over it, and the finance bureau attached to exactly its association when the
 * programme is co-managed. The objector's whole contact: only the programme's own association's
 * staff who handle objections (capacityApplication.review).
 */
function noticeReadersOf(u: Caller, p: Row): boolean {
  if (!programmeReadable(u, p) || !u.org) return false;
  const aPath = assocPathOf(p.id);
  if (u.org.type === 'association') return can(u, 'capacityCall.manage') && inScope(u, aPath);
  return u.org.type === 'finance_bureau' && can(u, 'fund.read') && u.scopePath === aPath && p.parameters.financeBureauCoManages === true;
}
const capacityNoticeReadable = (u: Caller, n: Row) => noticeReadersOf(u, programmeOf(n.programme_id));
function objectionContactReadable(u: Caller, o: Row): boolean {
  const p = programmeOf(data.capacity_notices.find((x) => x.id === o.notice_id)!.programme_id);
  return noticeReadersOf(u, p) && u.org?.type === 'association' && u.org.id === p.association_id && can(u, 'capacityApplication.review');
}

/** ORG-5: a willingness round and its answers — the staff of the associations whose scope covers the round's association (willingness.manage). */
const willingnessRoundReadable = (u: Caller, r: Row) => can(u, 'willingness.manage') && u.org?.type === 'association' && inScope(u, orgById(r.association_id).path);

/** EVA-4: a satisfaction survey, its results, invitations and free answers — the staff of the associations whose scope covers its association (survey.manage); its public links' download only its own association. */
const surveyReadable = (u: Caller, r: Row) => can(u, 'survey.manage') && u.org?.type === 'association' && inScope(u, r.association_path);
const surveyKept = (u: Caller, r: Row) => surveyReadable(u, r) && u.org?.id === r.association_id;

function trainingReadable(u: Caller, t: Row): boolean {
  if (t.project_id) return projectReadable(u, projectOfRecord(t));
  // Programme-wide (the charter: the programme readable first; it is silent on who else): the
  // association staff over the programme, and the departments and societies it trains — the parties
  // of its projects. An observer reads the records of their own project only ("nothing else").
  const p = programmeOf(t.programme_id);
  if (!programmeReadable(u, p) || !can(u, 'project.read') || !u.org) return false;
  if (isAssocStaff(u) && inScope(u, assocPathOf(p.id))) return true;
  return data.projects.some((j) => j.programme_id === p.id && ((u.org!.type === 'department' && j.department_id === u.org!.id) || (u.org!.type === 'society' && j.society_id === u.org!.id)));
}

function declarationReadable(u: Caller, d: Row): boolean {
  const i = data.items.find((x) => x.id === d.item_id)!;
  if (!can(u, 'declaration.read') || !u.org) return false;
  if (u.org.type === 'society' && u.org.id === d.society_id) return true;
  if (isAssocStaff(u) && inScope(u, assocPathOf(i.programme_id))) return true;
  const recommended = d.recommended_at !== null && d.recommended_at !== undefined;
  if (u.org.type === 'department' && u.org.id === i.department_id && recommended) return true;
  if (u.roles.includes('review_officer') && recommended && officeHasCountersignOn(u.org.id, i.id)) return true;
  return false;
}
const officeHasCountersignOn = (officeId: string, itemId: string) =>
  data.countersignItems.some((ci) => ci.item_id === itemId && data.countersignOpinions.some((co) => co.countersign_id === ci.countersign_id && co.office_org_id === officeId));

// Code rules (records the charter does not cover): transfer/routes.ts itemScope, selection/routes.ts
// countersignScope, the demand entry detail, orgs/societies/users by the organisation tree.
function itemReadable(u: Caller, i: Row): boolean {
  if (!can(u, 'item.read') || !u.org || !programmeReadable(u, programmeOf(i.programme_id))) return false;
  switch (u.org.type) {
    case 'department':
      return i.department_id === u.org.id;
    case 'association':
      return inScope(u, i.association_path) && i.status !== 'draft';
    case 'society':
      // SEL-1 reach: a society attached to the item's association itself; below it only when the
      // programme's relayIncludesSubordinateSocieties says so.
      return (
        (u.org.parent_id === i.association_id || (u.org.path.startsWith(i.association_path) && programmeOf(i.programme_id).parameters?.relayIncludesSubordinateSocieties === true)) &&
        !['draft', 'published', 'withdrawn'].includes(i.status)
      ) || data.declarations.some((d) => d.item_id === i.id && d.society_id === u.org!.id);
    case 'review_office':
      return data.countersignItems.some((ci) => ci.item_id === i.id) && officeHasCountersignOn(u.org.id, i.id);
    default:
      return false;
  }
}
function countersignReadable(u: Caller, c: Row): boolean {
  if (!can(u, 'item.read') || !u.org) return false;
  if (u.org.type === 'association') return inScope(u, c.association_path);
  if (u.org.type === 'review_office') return data.countersignOpinions.some((co) => co.countersign_id === c.id && co.office_org_id === u.org!.id);
  if (u.org.type === 'department') return data.countersignItems.some((ci) => ci.countersign_id === c.id && data.items.find((i) => i.id === ci.item_id)?.department_id === u.org!.id);
  return false;
}
function demandEntryReadable(u: Caller, e: Row): boolean {
  if (!can(u, 'item.read') || !u.org) return false;
  if (e.department_id === u.org.id) return true;
  return e.status !== 'draft' && (u.org.type !== 'association' || inScope(u, e.association_path));
}

const ATTACHMENT_HOSTS: Record<string, { table: string; readable: (u: Caller, r: Row) => boolean }> = {
  declaration: { table: 'declarations', readable: declarationReadable },
  implementation_plan: { table: 'implementation_plans', readable: (u, r) => projectReadable(u, projectOfRecord(r)) },
  progress_report: { table: 'progress_reports', readable: (u, r) => projectReadable(u, projectOfRecord(r)) },
  inspection: { table: 'inspections', readable: (u, r) => projectReadable(u, projectOfRecord(r)) },
  rectification_order: { table: 'rectification_orders', readable: (u, r) => projectReadable(u, projectOfRecord(r)) },
  training_record: { table: 'training_records', readable: trainingReadable },
  major_matter: { table: 'major_matters', readable: (u, r) => projectReadable(u, projectOfRecord(r)) },
  change_request: { table: 'change_requests', readable: (u, r) => projectReadable(u, projectOfRecord(r)) },
  termination: { table: 'terminations', readable: (u, r) => projectReadable(u, projectOfRecord(r)) },
  project_completion: { table: 'project_completions', readable: (u, r) => projectReadable(u, projectOfRecord(r)) },
  performance_evaluation: { table: 'performance_evaluations', readable: (u, r) => reportReadable(u, r) },
  typical_case: { table: 'typical_cases', readable: caseReadable },
  programme_meeting: { table: 'programme_meetings', readable: programmeRecordReadable },
  briefing: { table: 'briefings', readable: programmeRecordReadable },
  stage_report: { table: 'stage_reports', readable: (u, r) => programmeRecordReadable(u, r) && (r.status !== 'draft' || u.org?.id === programmeOf(r.programme_id).association_id) },
  capacity_application: {
    table: 'capacity_applications',
    readable: (u, r) =>
      ((['capacityApplication.submit', 'capacityApplication.review', 'capacityCall.manage', 'fund.read'] as const).some((x) => can(u, x)) && capacityApplicationReadable(u, r)) ||
      // CAP-4: an expert drawn to it who declared no conflict
      (can(u, 'capacityReview.score') && data.capacity_expert_assignments.some((x) => x.application_id === r.id && x.expert_user_id === u.id && x.opened_at !== null && x.status !== 'recused')),
  },
};

/** CAP-6: a funded project's progress reports, expenses and budget adjustments — its application's readers (not its experts). */
const READS_APPLICATIONS = ['capacityApplication.submit', 'capacityApplication.review', 'capacityCall.manage', 'fund.read'] as const;
const capacityChildReadable = (u: Caller, r: Row) => READS_APPLICATIONS.some((x) => can(u, x)) && capacityApplicationReadable(u, data.capacity_applications.find((a) => a.id === r.application_id)!);
ATTACHMENT_HOSTS.capacity_progress_report = { table: 'capacity_progress_reports', readable: capacityChildReadable };
ATTACHMENT_HOSTS.capacity_expense = { table: 'capacity_expenses', readable: capacityChildReadable };
// CAP-6, FND-4, FND-6: an acceptance, a refund or a recovery — read as the application, not by its experts
ATTACHMENT_HOSTS.capacity_acceptance = { table: 'capacity_acceptances', readable: capacityChildReadable };
ATTACHMENT_HOSTS.capacity_fund_return = { table: 'capacity_fund_returns', readable: capacityChildReadable };
ATTACHMENT_HOSTS.capacity_evaluation = { table: 'capacity_evaluations', readable: capacityChildReadable };

function attachmentReadable(u: Caller, a: Row): boolean {
  if (!a.entity_id) return u.id !== null && a.uploaded_by === u.id; // not linked yet: its uploader only
  const host = ATTACHMENT_HOSTS[a.entity_type];
  if (!host) throw new Error(`no oracle for attachments on ${a.entity_type}`);
  const r = data[host.table].find((x) => x.id === a.entity_id);
  if (!r) throw new Error(`attachment ${a.id} hangs on a missing ${a.entity_type}`);
  return host.readable(u, r);
}

interface Kind {
  /** the table the records come from */
  table: string;
  readable: (u: Caller, r: Row) => boolean;
  /** which records to try (all when not given) */
  sample?: (all: Row[]) => Row[];
}
/** Several of each kind, spread over the tree: the first of each (type, parent) group, and the demo callers' own. */
const spread = (key: (r: Row) => string) => (all: Row[]) => {
  const seen = new Set<string>();
  return all.filter((r) => !seen.has(key(r)) && !!seen.add(key(r)));
};
const KINDS: Record<string, Kind> = {
  programme: { table: 'programmes', readable: programmeReadable },
  item: { table: 'items', readable: itemReadable, sample: (all) => spread((i) => `${i.status}:${i.department_id}`)(all) },
  declaration: { table: 'declarations', readable: declarationReadable },
  countersign: { table: 'countersigns', readable: countersignReadable },
  demandEntry: { table: 'demandEntries', readable: demandEntryReadable },
  project: { table: 'projects', readable: projectReadable },
  taskBook: { table: 'task_books', readable: (u, r) => projectReadable(u, projectOfRecord(r)) },
  plan: { table: 'implementation_plans', readable: (u, r) => projectReadable(u, projectOfRecord(r)) },
  progressReport: { table: 'progress_reports', readable: (u, r) => projectReadable(u, projectOfRecord(r)) },
  majorMatter: { table: 'major_matters', readable: (u, r) => projectReadable(u, projectOfRecord(r)) },
  changeRequest: { table: 'change_requests', readable: (u, r) => projectReadable(u, projectOfRecord(r)) },
  termination: { table: 'terminations', readable: (u, r) => projectReadable(u, projectOfRecord(r)) },
  completion: { table: 'project_completions', readable: (u, r) => projectReadable(u, projectOfRecord(r)) },
  commission: { table: 'evaluation_commissions', readable: commissionReadable },
  performanceEvaluation: { table: 'performance_evaluations', readable: (u, r) => reportReadable(u, r) },
  typicalCase: { table: 'typical_cases', readable: caseReadable },
  observer: { table: 'observers', readable: (u, r) => projectReadable(u, projectOfRecord(r)) },
  inspection: { table: 'inspections', readable: (u, r) => projectReadable(u, projectOfRecord(r)) },
  rectification: { table: 'rectification_orders', readable: (u, r) => projectReadable(u, projectOfRecord(r)) },
  training: { table: 'training_records', readable: trainingReadable },
  meeting: { table: 'programme_meetings', readable: programmeRecordReadable },
  briefing: { table: 'briefings', readable: programmeRecordReadable },
  stageReport: { table: 'stage_reports', readable: ATTACHMENT_HOSTS.stage_report.readable },
  capacityCall: { table: 'capacity_calls', readable: capacityCallReadable },
  capacityApplication: { table: 'capacity_applications', readable: capacityApplicationReadable },
  expertAssignment: { table: 'capacity_expert_assignments', readable: expertAssignmentReadable },
  capacityNotice: { table: 'capacity_notices', readable: capacityNoticeReadable },
  capacityObjection: { table: 'capacity_objections', readable: (u, o) => capacityNoticeReadable(u, data.capacity_notices.find((x) => x.id === o.notice_id)!) },
  // CAP-5: a responsibility letter reads as its application
  capacityLetter: { table: 'capacity_letters', readable: (u, l) => capacityApplicationReadable(u, applicationOfLetter(l)) },
  // CAP-6: read as their application
  capacityProgressReport: { table: 'capacity_progress_reports', readable: capacityChildReadable },
  capacityExpense: { table: 'capacity_expenses', readable: capacityChildReadable },
  capacityBudgetAdjustment: { table: 'capacity_budget_adjustments', readable: capacityChildReadable },
  // CAP-6, FND-4, FND-6: read as their application
  capacityAcceptance: { table: 'capacity_acceptances', readable: capacityChildReadable },
  capacityFundReturn: { table: 'capacity_fund_returns', readable: capacityChildReadable },
  attachment: { table: 'attachments', readable: attachmentReadable },
  willingnessRound: { table: 'willingness_rounds', readable: willingnessRoundReadable },
  survey: { table: 'satisfaction_surveys', readable: surveyReadable },
  org: { table: 'orgs', readable: (u, o) => can(u, 'org.read') && inScope(u, o.path), sample: (all) => spread((o) => `${o.type}:${o.parent_id}`)(all) },
  society: { table: 'societies', readable: (u, o) => can(u, 'society.read') && inScope(u, o.path), sample: (all) => [...new Set([...spread((o) => String(o.parent_id))(all), ...all.filter((o) => ['山东省机械工程学会', '山东省农学会'].includes(o.name))])] },
  user: { table: 'users', readable: (u, x) => can(u, 'user.read') && inScope(u, x.org_path), sample: (all) => spread((x) => `${x.org_type}:${x.org_parent}`)(all) },
};
const SEGMENT_KIND: Record<string, string> = {
  programmes: 'programme',
  items: 'item',
  declarations: 'declaration',
  countersigns: 'countersign',
  'demand-entries': 'demandEntry',
  projects: 'project',
  'task-books': 'taskBook',
  'implementation-plans': 'plan',
  'progress-reports': 'progressReport',
  'major-matters': 'majorMatter',
  'change-requests': 'changeRequest',
  terminations: 'termination',
  completions: 'completion',
  'evaluation-commissions': 'commission',
  'performance-evaluations': 'performanceEvaluation',
  'typical-cases': 'typicalCase',
  observers: 'observer',
  inspections: 'inspection',
  rectifications: 'rectification',
  'training-records': 'training',
  meetings: 'meeting',
  briefings: 'briefing',
  'stage-reports': 'stageReport',
  'capacity-calls': 'capacityCall',
  'capacity-applications': 'capacityApplication',
  'expert-reviews': 'expertAssignment',
  'capacity-notices': 'capacityNotice',
  'capacity-objections': 'capacityObjection',
  'capacity-letters': 'capacityLetter',
  'capacity-progress-reports': 'capacityProgressReport',
  'capacity-expenses': 'capacityExpense',
  'capacity-budget-adjustments': 'capacityBudgetAdjustment',
  'capacity-acceptances': 'capacityAcceptance',
  'capacity-fund-returns': 'capacityFundReturn',
  attachments: 'attachment',
  'willingness-rounds': 'willingnessRound',
  surveys: 'survey',
  orgs: 'org',
  societies: 'society',
  users: 'user',
};
/** The portal: a record is public once published, whoever asks. */
const PUBLIC: Record<string, { table: string; isPublic: (r: Row) => boolean; /** sub-routes public on the same terms */ rests?: string[] }> = {
  programmes: { table: 'programmes', isPublic: (p) => p.status !== 'draft' },
  items: { table: 'items', isPublic: (i) => i.status !== 'draft' },
  'demand-entries': { table: 'demandEntries', isPublic: (e) => e.status !== 'draft' },
  briefings: { table: 'briefings', isPublic: (b) => b.disclosure === 'published' },
  progress: { table: 'progress_reports', isPublic: (r) => r.disclosure === 'published' },
  // EVA-5: a typical case while the association has it published
  cases: { table: 'typical_cases', isPublic: (r) => r.status === 'published' },
  'capacity-calls': { table: 'capacity_calls', isPublic: (c) => c.status === 'published' || c.status === 'closed' },
  // CAP-5: every notice of a programme that is on the portal itself (not a draft)
  'capacity-notices': { table: 'capacity_notices', isPublic: (n) => programmeOf(n.programme_id).status !== 'draft' },
  // EVA-2, PUB-1: a performance report's PDF while the association has it published
  'evaluation-results': { table: 'performance_evaluations', isPublic: (r) => r.status === 'accepted' && r.published_at !== null, rests: ['/document'] },
  // STA-1, PUB-1: an association's published indicators until withdrawn or replaced
  indicators: { table: 'indicator_publications', isPublic: (r) => r.withdrawn_at === null },
};
/** Routes under a record that ask more than reading it (or less). Under a project: the project. */
const SUB_ROUTES: Record<string, (u: Caller, r: Row) => boolean> = {
  'programmes/items/template': (u, p) => programmeReadable(u, p) && can(u, 'item.read'),
  'programmes/meetings': (u, p) => programmeRecordReadable(u, { programme_id: p.id }),
  'programmes/briefings': (u, p) => programmeRecordReadable(u, { programme_id: p.id }),
  'programmes/stage-reports': (u, p) => programmeRecordReadable(u, { programme_id: p.id }),
  'programmes/capacity-calls': (u, p) => programmeReadable(u, p),
  // FND-5, FND-7: the ledger of a programme's funds (the fund tried is the capacity plan's, absent elsewhere)
  'programmes/funds': (u, p) => fundsReadable(u, p),
  'programmes/funds/export.xlsx': (u, p) => fundsReadable(u, p),
  'programmes/funds/:fundCode/entries': (u, p) => fundsReadable(u, p) && fundListed(p),
  'programmes/funds/:fundCode/projects': (u, p) => fundsReadable(u, p) && fundListed(p),
  // a call's applications: the call readable and one of the application rights (the list itself is scoped)
  'capacity-calls/applications': (u, c) =>
    capacityCallReadable(u, c) && (['capacityApplication.submit', 'capacityApplication.review', 'capacityCall.manage', 'fund.read'] as const).some((x) => can(u, x)),
  // the society's own check against a published call that reaches it
  'capacity-calls/eligibility': (u, c) => can(u, 'capacityApplication.submit') && (c.status === 'published' || c.status === 'closed') && programmeReadable(u, programmeOf(c.programme_id)) && callReaches(u, c),
  // a submitted version (the fixtures' versions are number 1): the application readable and submitted
  'capacity-applications/versions/:version': (u, a) => capacityApplicationReadable(u, a) && a.version > 0,
  // CAP-2 the application form as Word/PDF: read as the application is
  'capacity-applications/document': (u, a) => capacityApplicationReadable(u, a),
  // CAP-4: the sheets and draws of an application — not the society's to read
  'capacity-applications/expert-review': (u, a) => READS_REVIEWS.some((x) => can(u, x)) && u.org?.type !== 'society' && capacityApplicationReadable(u, a),
  // CAP-5: an application's letter (404 while it has none) and a letter's Word/PDF: read as the application
  'capacity-applications/letter': (u, a) => capacityApplicationReadable(u, a) && data.capacity_letters.some((l) => l.application_id === a.id),
  'capacity-letters/document': (u, l) => capacityApplicationReadable(u, applicationOfLetter(l)),
  'capacity-calls/ranking': (u, c) => rankingReadable(u, c),
  // CAP-6: a funded project's reports, expenses, adjustments and budget execution — read as the application
  'capacity-applications/progress-reports': (u, a) => READS_APPLICATIONS.some((x) => can(u, x)) && capacityApplicationReadable(u, a),
  'capacity-applications/expenses': (u, a) => READS_APPLICATIONS.some((x) => can(u, x)) && capacityApplicationReadable(u, a),
  'capacity-applications/budget-adjustments': (u, a) => READS_APPLICATIONS.some((x) => can(u, x)) && capacityApplicationReadable(u, a),
  'capacity-applications/budget-execution': (u, a) => READS_APPLICATIONS.some((x) => can(u, x)) && capacityApplicationReadable(u, a),
  // CAP-6, FND-4, FND-6: the closing section, the acceptance (404 while none) and the refunds and recoveries — read as the application
  'capacity-applications/closing': (u, a) => READS_APPLICATIONS.some((x) => can(u, x)) && capacityApplicationReadable(u, a),
  'capacity-applications/acceptance': (u, a) => READS_APPLICATIONS.some((x) => can(u, x)) && capacityApplicationReadable(u, a) && data.capacity_acceptances.some((x) => x.application_id === a.id),
  'capacity-applications/fund-returns': (u, a) => READS_APPLICATIONS.some((x) => can(u, x)) && capacityApplicationReadable(u, a),
  // CAP-6: the section 评估与拨付 (evaluation, its notice, the disbursement) — read as the application, not by its experts
  'capacity-applications/evaluation': (u, a) => READS_APPLICATIONS.some((x) => can(u, x)) && capacityApplicationReadable(u, a),
  // CAP-5: a call's notices — the call readable and a reader of its notices
  'capacity-calls/notices': (u, c) => capacityCallReadable(u, c) && noticeReadersOf(u, programmeOf(c.programme_id)),
  'capacity-objections/personal-data': (u, o) => objectionContactReadable(u, o),
  // STA-3: a published programme's work report, for the statistics readers of the associations over it
  'programmes/work-report': (u, p) => p.status !== 'draft' && can(u, 'statistics.read') && inScope(u, assocPathOf(p.id)),
  'programmes/training-records': (u, p) => programmeReadable(u, p) && can(u, 'supervision.manage') && u.org?.type === 'association' && inScope(u, assocPathOf(p.id)),
  // the society's own check against an item it may open (the relay reached it, or it declared on it)
  'items/qualification': (u, i) => can(u, 'declaration.submit') && itemReadable(u, i),
  'task-books/document': (u, b) => projectReadable(u, projectOfRecord(b)),
  // EVA-2, EVA-3: a performance report as Word/PDF, read as the report (a draft by its evaluator only)
  'performance-evaluations/document': (u, r) => reportReadable(u, r),
  'societies/personal-data': (u, o) => can(u, 'user.pii.read') && inScope(u, o.path),
  // ORG-4: a society's tiers — the association staff over it and the society itself (society.tier.read), by the tree
  'societies/tiers': (u, o) => can(u, 'society.tier.read') && inScope(u, o.path),
  // ORG-5: a round's answers, read as the round
  'willingness-rounds/responses': willingnessRoundReadable,
  // EVA-4: read as the survey; the public links' CSV by its own association only
  'surveys/results': surveyReadable,
  'surveys/invitations': surveyReadable,
  'surveys/comments': surveyReadable,
  'surveys/public-links.csv': surveyKept,
  'users/personal-data': (u, x) => can(u, 'user.pii.read') && inScope(u, x.org_path),
};

interface Plan {
  records: Row[];
  allowed: (u: Caller, r: Row) => boolean;
}
/** How to try one route: its records and who may read them — or why the test cannot say. */
function planFor(url: string): Plan | Error {
  // the audit chain's signed heads: platform-wide, for whoever reads the audit log
  if (url === '/api/v1/audit/checkpoints/:seq') return { records: data.auditCheckpoints, allowed: (u) => can(u, 'audit.read') };
  // EVA-4: the questionnaire behind a link, whoever holds it — a public invitation's token; an organisation's token opens nothing
  if (url === '/api/v1/public/surveys/:token') return { records: data.surveyTokens, allowed: (_u, r) => r.respondent_group === 'public' };
  const m = /^\/api\/v1\/(public\/)?([a-z-]+)\/:id(\/[a-zA-Z/:.-]+)?$/.exec(url);
  if (!m) return new Error(`${url}: no record type for this path (only /api/v1/<records>/:id[/…] is understood)`);
  const [, pub, segment, rest] = m;
  if (pub) {
    const p = PUBLIC[segment];
    if (!p || (rest && !p.rests?.includes(rest))) return new Error(`${url}: no record type for this public path`);
    return { records: data[p.table], allowed: (_u, r) => p.isPublic(r) };
  }
  const kindName = SEGMENT_KIND[segment];
  if (!kindName) return new Error(`${url}: no record type for /${segment}/:id`);
  const kind = KINDS[kindName];
  const records = kind.sample ? kind.sample(data[kind.table]) : data[kind.table];
  if (!rest) return { records, allowed: kind.readable };
  if (kindName === 'project') return { records, allowed: kind.readable }; // everything under a project reads as the project
  const sub = SUB_ROUTES[`${segment}${rest}`];
  if (!sub) return new Error(`${url}: no scope rule for the sub-route ${rest} of ${segment}`);
  // a task book's Word document is built per request: the issued (signed) ones are enough to try
  return { records: segment === 'task-books' && rest === '/document' ? records.filter((b) => b.status === 'signed') : records, allowed: sub };
}

// ------------------------------------------------------------------------------------------------
// Fixtures: attachments on a record of every entity type files hang on, and unlinked ones. Uploaded
// through the API as the record's party; the link (which the record's own use case makes when it
// is written) is set on the existing demo records directly.
// ------------------------------------------------------------------------------------------------
const upload = async (c: TestClient, name: string): Promise<string> => {
  const r = await c.request('POST', `/api/v1/attachments?filename=${encodeURIComponent(name)}`, undefined, { headers: { 'content-type': 'application/octet-stream' }, rawBody: `%PDF-1.4 ${name}` });
  if (r.status !== 201) throw new Error(`upload ${name}: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body.id as string;
};

async function attachEverywhere(client: (username: string) => TestClient) {
  const one = async (table: string, where: string) => (await rows<{ id: string }>(`SELECT id FROM ${table} WHERE ${where} LIMIT 1`))[0]?.id;
  const decl = (society: string, status: string) => `society_id = (SELECT id FROM organisations WHERE name = '${society}') AND status = '${status}'`;
  const fixtures: [entityType: string, table: string, where: string, uploader: string, column?: string][] = [
    ['declaration', 'declarations', decl('山东省计算机学会', 'closed'), 'jisuanji.user'], // never recommended
    ['declaration', 'declarations', decl('山东省医学会', 'closed'), 'yixue.user'], // recommended, another society chosen
    ['declaration', 'declarations', decl('山东省农学会', 'notRecommended'), 'nongxue.user'],
    ['declaration', 'declarations', decl('山东省农学会', 'selected'), 'nongxue.user'],
    ['declaration', 'declarations', decl('山东中医药学会', 'submitted'), 'zhongyi.user'],
    ['implementation_plan', 'implementation_plans', `status = 'approved'`, 'jixie.user'],
    ['progress_report', 'progress_reports', `disclosure = 'internal'`, 'jixie.user'],
    ['inspection', 'inspections', 'true', 'kjt.user'],
    ['rectification_order', 'rectification_orders', 'true', 'kjt.user'],
    ['training_record', 'training_records', 'project_id IS NOT NULL', 'sheng.admin'],
    ['training_record', 'training_records', 'project_id IS NULL', 'sheng.staff'], // programme-wide
    ['major_matter', 'major_matters', 'true', 'jixie.user'],
    ['change_request', 'change_requests', 'true', 'jixie.user'],
    ['termination', 'terminations', 'true', 'jixie.user'],
    ['project_completion', 'project_completions', `status = 'passed'`, 'yixue.user'],
    ['performance_evaluation', 'performance_evaluations', `status = 'submitted'`, 'pinggu.user'],
    ['typical_case', 'typical_cases', `status = 'draft'`, 'sheng.admin'],
    ['programme_meeting', 'programme_meetings', 'true', 'sheng.staff'],
    ['briefing', 'briefings', `disclosure = 'published'`, 'sheng.staff'],
    ['briefing', 'briefings', `disclosure <> 'published'`, 'sheng.admin'],
    ['stage_report', 'stage_reports', `status = 'draft'`, 'sheng.staff'],
    ['capacity_application', 'capacity_applications', `status = 'submitted'`, 'jixie.user'],
    ['capacity_application', 'capacity_applications', `status = 'draft' AND society_id = (SELECT id FROM organisations WHERE name = '山东省机械工程学会')`, 'jixie.user'],
    // CAP-6: evidence of a submitted application's report and expense (the fixtures below)
    ['capacity_progress_report', 'capacity_progress_reports', `application_id = (SELECT id FROM capacity_applications WHERE status = 'submitted' LIMIT 1)`, 'jixie.user'],
    ['capacity_expense', 'capacity_expenses', `application_id = (SELECT id FROM capacity_applications WHERE status = 'submitted' LIMIT 1)`, 'jixie.user'],
    // CAP-6, FND-4, FND-6: the association's files on a submitted application's acceptance and recovery
    ['capacity_acceptance', 'capacity_acceptances', `application_id = (SELECT id FROM capacity_applications WHERE status = 'submitted' LIMIT 1)`, 'sheng.admin'],
    ['capacity_fund_return', 'capacity_fund_returns', `application_id = (SELECT id FROM capacity_applications WHERE status = 'submitted' LIMIT 1)`, 'sheng.admin'],
    ['capacity_evaluation', 'capacity_evaluations', `application_id = (SELECT id FROM capacity_applications WHERE status = 'submitted' LIMIT 1)`, 'sheng.admin'],
  ];
  for (const [entityType, table, where, uploader] of fixtures) {
    const id = await one(table, where);
    if (!id) throw new Error(`fixture: no ${table} where ${where}`);
    const att = await upload(client(uploader), `${entityType}-证明材料.pdf`);
    await db.execute(sql`UPDATE attachments SET entity_type = ${entityType}, entity_id = ${id} WHERE id = ${att}`);
    await db.execute(sql.raw(`UPDATE ${table} SET attachment_ids = attachment_ids || '["${att}"]'::jsonb WHERE id = '${id}'`));
  }
  for (const u of ['sheng.staff', 'jixie.user', 'nongxue.user', 'kjt.user']) await upload(client(u), `${u}-未关联.pdf`);
  return new Set(fixtures.map((f) => f[0]));
}

/**
 * CAP-1 calls in every state (the demo has none yet), on a published programme of the province, of
 * 青岛 and on 济南's draft: a draft never sent, a draft the finance bureau returned, one waiting for
 * it, confirmed, published, closed. Written directly: the rules that make them are calls.int.test.ts'.
 */
async function insertCapacityCalls() {
  const states: [string, boolean][] = [['draft', false], ['draft', true], ['pendingConfirmation', true], ['confirmed', true], ['published', true], ['closed', true]];
  let year = 2030;
  for (const programme of ['shandong', 'qingdao', 'jinan'] as const) {
    for (const [status, sent] of states) {
      year += 1;
      await db.execute(sql`
        INSERT INTO capacity_calls (programme_id, association_id, association_path, year, title, description, budget_fen, fund_code, opens_on, closes_on, types, status, submitted_at, published_at)
        SELECT p.id, p.association_id, o.path, ${year}, ${`${year}年度申报通知（${status}）`}, '通知正文', 1000000, 'capacity_special_fund', '2030-04-01', '2030-04-30',
               '[{"code":"academic_exchange","quota":1,"awardFen":100000}]'::jsonb, ${status}, ${sent ? sql`now()` : sql`NULL`}, ${['published', 'closed'].includes(status) ? sql`now()` : sql`NULL`}
        FROM programmes p JOIN organisations o ON o.id = p.association_id WHERE p.id = ${ctx.ids.programmes[programme]}`);
    }
  }
  // CAP-2 applications on the published calls: a draft never submitted and a submitted one (version 1)
  // from a society of the province and from one of 济南, and a returned one with two versions
  const apps: [programme: string, society: string, status: string, version: number][] = [
    ['shandong', '山东省机械工程学会', 'draft', 0],
    ['shandong', '山东省机械工程学会', 'submitted', 1],
    ['shandong', '山东省农学会', 'returned', 2],
    ['jinan', '济南市机械工程学会', 'draft', 0],
    ['jinan', '济南市机械工程学会', 'passed', 1],
  ];
  let n = 0;
  for (const [programme, society, status, version] of apps) {
    n += 1;
    const [a] = await rows<{ id: string }>(`
      INSERT INTO capacity_applications (call_id, programme_id, association_id, association_path, society_id, society_path, type_code, title, goals, indicators, budget, requested_fen, status, version)
      SELECT c.id, c.programme_id, c.association_id, c.association_path, s.id, s.path, 'type_${n}', '申报书 ${n}（${status}）', '目标', '[{"label":"指标","target":"1"}]'::jsonb,
             '[{"category":"activities","item":null,"amountFen":100,"note":null}]'::jsonb, 100, '${status}', ${version}
      FROM capacity_calls c, organisations s
      WHERE c.programme_id = '${ctx.ids.programmes[programme as 'shandong' | 'jinan']}' AND c.status = 'published' AND s.name = '${society}'
      RETURNING id`);
    for (let v = 1; v <= version; v++) {
      if (v === 1) {
        // CAP-4: two experts drawn to every submitted application (their assignments are theirs alone)
        for (const expert of ['expert.wang', 'expert.lv']) {
          // expert.wang has declared no conflict (reads the application's files), expert.lv not yet
          await db.execute(sql`INSERT INTO capacity_expert_assignments (application_id, expert_user_id, draw_seq, opened_at) SELECT ${a.id}, id, 1, ${expert === 'expert.wang' ? sql`now()` : sql`NULL`} FROM users WHERE username = ${expert}`);
        }
      }
      await db.execute(sql`INSERT INTO capacity_application_versions (application_id, version, content, eligibility) VALUES (${a.id}, ${v}, '{"typeCode":"academic_exchange","title":"t","goals":"g","indicators":[],"budget":[],"requestedFen":100,"contactName":null,"contactPhone":null,"attachmentIds":[]}'::jsonb, '{"checkedOn":"2030-04-01","typeCode":"academic_exchange","typeName":"学术交流项目","eligible":true,"failed":0,"manual":0,"conditions":[],"clause":"c"}'::jsonb)`);
    }
  }
  // CAP-5: a result notice on each programme's published call (the draft programme's too: not on the
  // portal), with the call's submitted applications, and one objection each (contact encrypted)
  for (const programme of ['shandong', 'qingdao', 'jinan'] as const) {
    const [nt] = await rows<{ id: string }>(`
      INSERT INTO capacity_notices (call_id, programme_id, association_id, association_path, kind, title, body, application_ids, starts_on, ends_on)
      SELECT c.id, c.programme_id, c.association_id, c.association_path, 'result', '拟资助项目公示（${programme}）', '公示正文',
             coalesce((SELECT jsonb_agg(a.id) FROM capacity_applications a WHERE a.call_id = c.id AND a.version > 0), '[]'::jsonb), '${today}', '${today}'
      FROM capacity_calls c WHERE c.programme_id = '${ctx.ids.programmes[programme]}' AND c.status = 'published'
      RETURNING id`);
    await db.execute(sql`INSERT INTO capacity_objections (notice_id, content, name_enc, contact_enc, ip_hash) VALUES (${nt.id}, '异议内容', ${ctx.cipher.encrypt('张三')}, ${ctx.cipher.encrypt('13800000000')}, 'fixture')`);
  }
  // CAP-5: a responsibility letter being drafted on a submitted application of the province and on 济南's passed one
  for (const [programme, status] of [['shandong', 'submitted'], ['jinan', 'passed']] as const) {
    const [a] = await rows<{ id: string; title: string }>(`SELECT id, title FROM capacity_applications WHERE programme_id = '${ctx.ids.programmes[programme]}' AND status = '${status}' LIMIT 1`);
    const content = {
      agreementKind: 'responsibilityLetter',
      title: '项目责任书',
      programmeName: '能力提升计划',
      callYear: 2030,
      callTitle: '申报通知',
      parties: { association: { name: '科协', representative: null, contact: { name: null, phone: null } }, society: { name: '学会', legalRepName: null, contact: { name: null, phone: null } } },
      project: { title: a.title, typeCode: 'academic_exchange', typeName: '学术交流项目', goals: '目标', indicators: [{ label: '指标', target: '1' }], applicationVersion: 1 },
      budget: [{ category: 'activities', categoryLabel: '项目活动费', item: null, amountFen: 100, note: null }],
      budgetTotalFen: 100,
      awardFen: 100000,
      fund: { code: 'capacity_special_fund', name: '专项资金' },
      executionWindowMonths: 12,
      preamble: '前言',
      obligations: [{ text: '条款', clause: null }],
      supplementaryTerms: null,
    };
    await db.execute(sql`INSERT INTO capacity_letters (application_id, content, award_fen) VALUES (${a.id}, ${JSON.stringify(content)}::jsonb, 100000)`);
  }
  // CAP-6: a progress report, a flagged expense and a pending budget adjustment on every application
  // (the rules that make them are implementation.int.test.ts'; here only who reads them)
  await db.execute(sql`INSERT INTO capacity_progress_reports (application_id, title, body) SELECT id, '进展报告（' || title || '）', '进展情况' FROM capacity_applications`);
  await db.execute(sql`INSERT INTO capacity_expenses (application_id, category, item, amount_fen, spent_on, description, flags) SELECT id, 'activities', NULL, 100, '2030-05-01', '会务费', '["fixedAsset"]'::jsonb FROM capacity_applications`);
  await db.execute(sql`INSERT INTO capacity_budget_adjustments (application_id, before, after, reason) SELECT id, budget, budget, '调整预算' FROM capacity_applications`);
  // CAP-6, FND-4, FND-6: an acceptance of every submitted application (drafts have none: the route is 404 there) and a recovery
  // of every application (the rules that make them are closing.int.test.ts'; here only who reads them)
  await db.execute(sql`INSERT INTO capacity_acceptances (application_id, year, result, opinion) SELECT id, 2030, 'passed', '验收意见' FROM capacity_applications WHERE version > 0 ON CONFLICT DO NOTHING`);
  await db.execute(sql`INSERT INTO capacity_fund_returns (application_id, kind, amount_fen, ground, responsibility) SELECT id, 'recovery', 100, 'misappropriation', '责任认定' FROM capacity_applications`);
  // CAP-6: an evaluation of every application (the rules that make it are evaluation.int.test.ts'; here only who reads it)
  await db.execute(sql`INSERT INTO capacity_evaluations (application_id, call_id, result, score, findings) SELECT id, call_id, 'passed', 90, '评估意见' FROM capacity_applications`);
}
const applicationOfLetter = (l: Row) => data.capacity_applications.find((a) => a.id === l.application_id)!;

/**
 * EVA-4: beside the demo's survey of the province (departments and societies), an open survey of
 * 青岛's programme (preset 002 names the public too) with two anonymous links, so that the public
 * route has links to open. Written directly: the rules that make them are surveys.int.test.ts'.
 */
async function insertSurveys() {
  const [s] = await rows<{ id: string }>(`
    INSERT INTO satisfaction_surveys (programme_id, association_id, association_path, year, title, groups, questions, opens_on, closes_on, status, opened_at)
    SELECT p.id, p.association_id, o.path, 2030, '青岛市试点工作满意度调查', '["department","public"]'::jsonb, '[{"key":"overall","text":"总体满意程度","kind":"rating"}]'::jsonb, '${today}', '${today}', 'open', now()
    FROM programmes p JOIN organisations o ON o.id = p.association_id WHERE p.id = '${ctx.ids.programmes.qingdao}'
    RETURNING id`);
  for (const label of ['社会公众第 0001 份', '社会公众第 0002 份']) {
    const token = `fixture-${label.length}-${Math.random().toString(36).slice(2)}-${Date.now().toString(36)}`.replace(/[^A-Za-z0-9_-]/g, '');
    await db.execute(sql`INSERT INTO survey_invitations (survey_id, respondent_group, label, token_hash, token_enc) VALUES (${s.id}, 'public', ${label}, ${tokenHash(ctx.cipher, token)}, ${ctx.cipher.encrypt(token)})`);
  }
}

/**
 * EVA-2, PUB-1: beside the demo's submitted and draft project reports, a programme report of the same
 * commission accepted and published, so that the portal's report PDF has one to open. Written directly:
 * the rules that make it are commissions.int.test.ts'.
 */
async function insertPublishedReport() {
  await db.execute(sql`
    INSERT INTO performance_evaluations (commission_id, project_id, status, findings, submitted_at, decided_at, decided_by_name, published_at)
    SELECT id, NULL, 'accepted', '方案总体评估结论', now(), now(), '李明', now() FROM evaluation_commissions ORDER BY created_at LIMIT 1`);
  // STA-1, PUB-1: beside the demo's live publication of the province's indicators, a withdrawn one (the portal refuses it)
  await db.execute(sql`INSERT INTO indicator_publications (association_id, year, figures, withdrawn_at) SELECT id, 2030, '{}'::jsonb, now() FROM organisations WHERE parent_id IS NULL LIMIT 1`);
}

async function loadData() {
  orgs = await rows<Org>(`SELECT id, parent_id, path, type, name FROM organisations ORDER BY path`);
  const recCol = (await rows(`SELECT 1 FROM information_schema.columns WHERE table_name = 'declarations' AND column_name = 'recommended_at'`)).length ? 'recommended_at' : 'NULL::timestamptz AS recommended_at';
  Object.assign(data, {
    programmes: await rows(`SELECT * FROM programmes ORDER BY created_at`),
    items: await rows(`SELECT * FROM transfer_items ORDER BY created_at`),
    declarations: await rows(`SELECT id, item_id, programme_id, society_id, status, ${recCol} FROM declarations ORDER BY created_at`),
    countersigns: await rows(`SELECT * FROM countersigns ORDER BY sent_at`),
    countersignItems: await rows(`SELECT countersign_id, item_id FROM countersign_items`),
    countersignOpinions: await rows(`SELECT countersign_id, office_org_id FROM countersign_opinions`),
    demandEntries: await rows(`SELECT * FROM demand_entries ORDER BY created_at`),
    projects: await rows(`SELECT id, programme_id, item_id, department_id, society_id, association_id, association_path, status FROM pilot_projects ORDER BY selected_at`),
    observers: await rows(`SELECT * FROM observers`),
    orgs: orgs.filter((o) => o.type !== 'society' || ['山东省机械工程学会', '山东省农学会'].includes(o.name)),
    societies: orgs.filter((o) => o.type === 'society'),
    users: await rows(`SELECT u.id, u.username, o.path AS org_path, o.type AS org_type, o.parent_id AS org_parent FROM users u JOIN organisations o ON o.id = u.org_id ORDER BY u.username`),
    attachments: await rows(`SELECT id, entity_type, entity_id, uploaded_by, owner_org_id FROM attachments ORDER BY created_at`),
  });
  data.auditCheckpoints = await rows(`SELECT seq::text AS id, 'checkpoint' AS status FROM audit_checkpoints ORDER BY seq`);
  for (const t of ['task_books', 'implementation_plans', 'progress_reports', 'major_matters', 'change_requests', 'terminations', 'project_completions', 'evaluation_commissions', 'performance_evaluations', 'inspections', 'rectification_orders', 'training_records', 'programme_meetings', 'briefings', 'stage_reports', 'capacity_calls', 'capacity_applications', 'capacity_expert_assignments', 'capacity_notices', 'capacity_objections', 'capacity_letters', 'capacity_progress_reports', 'capacity_expenses', 'capacity_budget_adjustments', 'capacity_evaluations', 'capacity_acceptances', 'capacity_fund_returns', 'willingness_rounds', 'satisfaction_surveys', 'typical_cases', 'indicator_publications']) {
    data[t] = await rows(`SELECT * FROM ${t}`);
  }
  // EVA-4: every invitation's link token (the database keeps it encrypted), tried as the id of the public route
  data.surveyTokens = (await rows(`SELECT id AS invitation_id, respondent_group, token_enc FROM survey_invitations ORDER BY created_at`)).map((r) => ({ ...r, id: ctx.cipher.decrypt(r.token_enc), title: r.respondent_group }));
  byId.clear();
  for (const [kind, table] of [['declaration', 'declarations'], ['attachment', 'attachments'], ['programme', 'programmes']] as const) for (const r of data[table]) byId.set(r.id, { kind, row: r });
}

let fixtureTypes = new Set<string>();
beforeAll(async () => {
  const users = await rows<{ id: string; username: string; org_id: string; roles: string[] }>(
    `SELECT u.id, u.username, u.org_id, coalesce(array_agg(r.role) FILTER (WHERE r.role IS NOT NULL), '{}') AS roles FROM users u LEFT JOIN user_roles r ON r.user_id = u.id WHERE u.is_active GROUP BY u.id ORDER BY u.username`,
  );
  orgs = await rows<Org>(`SELECT id, parent_id, path, type, name FROM organisations ORDER BY path`);
  const clients = new Map<string, TestClient>();
  for (const u of users) clients.set(u.username, await as(ctx.app, u.username));
  callers = users.map((u) => {
    const org = orgById(u.org_id);
    const parent = org.parent_id ? orgById(org.parent_id) : null;
    // data scope: finance bureaus and evaluators read within the association they are attached to
    const scopePath = (org.type === 'finance_bureau' || org.type === 'evaluator') && parent ? parent.path : org.path;
    return { username: u.username, id: u.id, org, roles: u.roles, perms: permissionsOf(u.roles), scopePath, client: clients.get(u.username)! };
  });
  callers.push({ username: '(anonymous)', id: null, org: null, roles: [], perms: new Set(), scopePath: '\u0000', client: new TestClient(ctx.app) });
  await insertCapacityCalls();
  await insertSurveys();
  await insertPublishedReport();
  fixtureTypes = await attachEverywhere((n) => clients.get(n)!);
  // a signed head of the audit chain, for GET /audit/checkpoints/:seq (the test app has no key of its own)
  await createAuditCheckpoint(db, { key: auditCheckpointKey(TEST_KEY), file: null });
  await loadData();
}, 300_000);

// ------------------------------------------------------------------------------------------------
// Calling and judging
// ------------------------------------------------------------------------------------------------
// a few requests at a time: PGlite answers one query at a time, PostgreSQL has a pool
async function pool<T>(tasks: (() => Promise<T>)[], width = ctx.driver === 'postgres' ? 8 : 4): Promise<T[]> {
  const out: T[] = new Array(tasks.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < tasks.length) {
        const i = next++;
        out[i] = await tasks[i]();
      }
    }),
  );
  return out;
}

const label = (r: Row) => String(r.title ?? r.name ?? r.username ?? r.filename ?? r.entity_type ?? r.status ?? '').slice(0, 24);
function describeRecord(r: Row): string {
  const bits = [label(r), r.status && `status=${r.status}`, r.disclosure && `disclosure=${r.disclosure}`, r.entity_type !== undefined && `on=${r.entity_type ?? 'nothing'}`];
  return `${r.id.slice(0, 8)} ${bits.filter(Boolean).join(' ')}`;
}

/** Objects shown inside an answer whose `id` is a declaration, an attachment or a draft programme. */
function embedded(body: unknown, out: { kind: string; row: Row }[] = []): { kind: string; row: Row }[] {
  if (Array.isArray(body)) for (const x of body) embedded(x, out);
  else if (body && typeof body === 'object') {
    const id = (body as Record<string, unknown>).id;
    const hit = typeof id === 'string' ? byId.get(id) : undefined;
    if (hit && (hit.kind !== 'programme' || hit.row.status === 'draft')) out.push(hit);
    for (const v of Object.values(body)) embedded(v, out);
  }
  return out;
}
function embeddedReadable(u: Caller, e: { kind: string; row: Row }): boolean {
  if (e.kind === 'declaration') return declarationReadable(u, e.row);
  if (e.kind === 'attachment') return attachmentReadable(u, e.row);
  return programmeReadable(u, e.row);
}

interface Mismatch { route: string; user: string; record: string; expected: string; actual: string }
async function tryRoute(url: string, plan: Plan, query: string): Promise<Mismatch[]> {
  const mismatches: Mismatch[] = [];
  const tasks = plan.records.flatMap((r) =>
    callers.map((u) => async () => {
      const path = url.replace(/:(id|seq|token)\b/, r.id).replace(/:version\b/, '1').replace(/:fundCode\b/, FUND_TRIED) + query;
      const res: Res = await u.client.get(path);
      const expected = plan.allowed(u, r);
      const ok = res.status >= 200 && res.status < 300;
      const refused = [401, 403, 404].includes(res.status);
      if ((!ok && !refused) || ok !== expected) {
        mismatches.push({ route: url, user: u.username, record: describeRecord(r), expected: expected ? '2xx' : 'refused', actual: `${res.status}${ok ? '' : ` ${String(res.body?.title ?? '')}`}` });
      }
      if (ok && res.raw.toString('utf8').includes(STRAY_FIELD)) mismatches.push({ route: url, user: u.username, record: describeRecord(r), expected: 'only the fields the contract names', actual: 'a stray field' });
      if (ok && String(res.headers['content-type'] ?? '').includes('json')) {
        for (const e of embedded(res.body)) {
          if (!embeddedReadable(u, e)) mismatches.push({ route: url, user: u.username, record: describeRecord(r), expected: `no ${e.kind} ${describeRecord(e.row)} inside`, actual: 'shown' });
        }
      }
    }),
  );
  await pool(tasks);
  return mismatches;
}

const report = (ms: Mismatch[]) => ms.map((m) => `${m.route} as ${m.user} on ${m.record}: expected ${m.expected}, got ${m.actual}`).join('\n');

describe('read scope as a property: every GET route with an id × every demo user × records in and out of scope', () => {
  it('reads the whole route table (the parser misses no GET route the OpenAPI document lists)', () => {
    const parsed = new Set(table.filter((r) => r.method === 'GET').map((r) => r.url));
    const documented = Object.entries(openapi.paths)
      .filter(([, ops]) => ops.get)
      .map(([p]) => p.replace(/\{([A-Za-z]+)\}/g, ':$1'));
    expect(documented.filter((p) => !parsed.has(p))).toEqual([]);
    expect(idRoutes.length).toBeGreaterThan(40);
  });

  it('has attachments on every entity type files hang on, and unlinked ones', () => {
    for (const t of attachmentEntityTypes) expect(fixtureTypes, `an attachment on a ${t}`).toContain(t);
    expect(data.attachments.some((a) => a.entity_id === null)).toBe(true);
    // the demo has what the property needs: two societies with projects and declarations, an observer with an account, a draft programme
    expect(new Set(data.projects.map((j) => j.society_id)).size).toBeGreaterThanOrEqual(2);
    expect(new Set(data.declarations.map((d) => d.society_id)).size).toBeGreaterThanOrEqual(4);
    expect(data.observers.some((o) => o.user_id)).toBe(true);
    expect(data.programmes.some((p) => p.status === 'draft')).toBe(true);
  });

  for (const url of idRoutes) {
    it(`GET ${url}`, { timeout: 300_000 }, async () => {
      const plan = planFor(url);
      if (plan instanceof Error) throw plan;
      const query = requiredQuery(url);
      if (query instanceof Error) throw query;
      // not vacuous: the demo has records of this route both in and out of some caller's scope
      const expected = plan.records.flatMap((r) => callers.filter((u) => u.id).map((u) => plan.allowed(u, r)));
      expect(expected, `${url}: no record any caller may read`).toContain(true);
      expect(expected, `${url}: no record any caller is refused`).toContain(false);
      const ms = await tryRoute(url, plan, query);
      expect(ms, report(ms)).toEqual([]);
    });
  }

  it('every list (GET without an id) shows no declaration, attachment or draft programme its caller may not read, and no field the contract does not name', { timeout: 300_000 }, async () => {
    const ms: Mismatch[] = [];
    const tasks = listRoutes.flatMap((url) => {
      const q = requiredQuery(url);
      if (q instanceof Error) return [];
      return callers.map((u) => async () => {
        const res = await u.client.get(url + q);
        if (res.status >= 500) ms.push({ route: url, user: u.username, record: '-', expected: 'no 5xx', actual: String(res.status) });
        if (res.status < 200 || res.status >= 300 || !String(res.headers['content-type'] ?? '').includes('json')) return;
        if (res.raw.toString('utf8').includes(STRAY_FIELD)) ms.push({ route: url, user: u.username, record: '-', expected: 'only the fields the contract names', actual: 'a stray field' });
        for (const e of embedded(res.body)) if (!embeddedReadable(u, e)) ms.push({ route: url, user: u.username, record: '-', expected: `no ${e.kind} ${describeRecord(e.row)} inside`, actual: 'shown' });
      });
    });
    await pool(tasks);
    expect(ms, report(ms)).toEqual([]);
  });
});
