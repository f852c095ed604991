// Drizzle schema — the typed view of the tables that the SQL files in ./migrations create.
// Keep both in step: `npm run db:check` compares them (drizzle-kit).
// Ids are uuid text; counters are integers so both drivers (pg, PGlite) return the same JS types.
import { sql } from 'drizzle-orm';
import {
  bigint,
  customType,
  boolean,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

// ORG-1: one tree of organisations. `path` is the chain of ancestor ids ending with the row's own
// id and a slash ("a/b/c/"), so a subtree is `path LIKE 'a/b/%'` (data scope, §4).
export const organisations = pgTable(
  'organisations',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    parentId: uuid('parent_id'),
    path: text('path').notNull(),
    type: text('type').notNull(), // association | department | society | review_office | finance_bureau | evaluator
    level: text('level'), // associations: national | provincial | city | county
    officeKind: text('office_kind'), // review offices: establishment | developmentReform | …
    name: text('name').notNull(),
    shortName: text('short_name'),
    creditCode: text('credit_code'),
    region: text('region'),
    contactName: text('contact_name'),
    contactPhoneEnc: text('contact_phone_enc'),
    isActive: boolean('is_active').notNull().default(true),
    version: integer('version').notNull().default(1),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('organisations_path_key').on(t.path),
    index('organisations_parent_idx').on(t.parentId),
    index('organisations_type_name_idx').on(t.type, t.name, t.id),
    index('organisations_name_idx').on(t.name, t.id),
    uniqueIndex('organisations_parent_name_key').on(t.parentId, t.name),
  ],
);

// ORG-2: the society record (one row per society organisation).
export const societyProfiles = pgTable('society_profiles', {
  orgId: uuid('org_id')
    .primaryKey()
    .references(() => organisations.id),
  societyType: text('society_type').notNull(),
  affiliation: text('affiliation').notNull(),
  disciplines: jsonb('disciplines').$type<string[]>().notNull().default(sql`'[]'::jsonb`),
  industries: jsonb('industries').$type<string[]>().notNull().default(sql`'[]'::jsonb`),
  legalRepName: text('legal_rep_name'),
  legalRepPhoneEnc: text('legal_rep_phone_enc'),
  secretaryGeneralName: text('secretary_general_name'),
  secretaryGeneralFullTime: boolean('secretary_general_full_time').notNull().default(false),
  secretaryGeneralPhoneEnc: text('secretary_general_phone_enc'),
  fullTimeStaff: integer('full_time_staff').notNull().default(0),
  financeStaff: integer('finance_staff').notNull().default(0),
  hasIndependentAccount: boolean('has_independent_account').notNull().default(false),
  partyOrg: text('party_org').notNull().default('none'),
  councilSize: integer('council_size').notNull().default(0),
  standingCouncilSize: integer('standing_council_size').notNull().default(0),
  website: text('website'),
  hasMemberDatabase: boolean('has_member_database').notNull().default(false),
  memberCount: integer('member_count').notNull().default(0),
  hasExpertDatabase: boolean('has_expert_database').notNull().default(false),
  expertCount: integer('expert_count').notNull().default(0),
  foundedYear: integer('founded_year'),
});

export interface FactEntry {
  description: string;
  occurredOn?: string;
}
export interface Commendation {
  title: string;
  level: string;
  awardedOn?: string;
}
export interface Debarment {
  reason: string;
  startsOn: string;
  endsOn: string;
}

// ORG-3: yearly facts per society.
export const societyYearlyFacts = pgTable(
  'society_yearly_facts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    societyId: uuid('society_id')
      .notNull()
      .references(() => organisations.id),
    year: integer('year').notNull(),
    annualInspection: text('annual_inspection').notNull(),
    commendations: jsonb('commendations').$type<Commendation[]>().notNull().default(sql`'[]'::jsonb`),
    violations: jsonb('violations').$type<FactEntry[]>().notNull().default(sql`'[]'::jsonb`),
    criticisms: jsonb('criticisms').$type<FactEntry[]>().notNull().default(sql`'[]'::jsonb`),
    failedTasks: jsonb('failed_tasks').$type<FactEntry[]>().notNull().default(sql`'[]'::jsonb`),
    debarments: jsonb('debarments').$type<Debarment[]>().notNull().default(sql`'[]'::jsonb`),
    note: text('note'),
    version: integer('version').notNull().default(1),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [uniqueIndex('society_yearly_facts_society_year_key').on(t.societyId, t.year)],
);

// ORG-6: people. Personal data columns end in _enc (SM4, §4).
export const users = pgTable(
  'users',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    orgId: uuid('org_id')
      .notNull()
      .references(() => organisations.id),
    username: text('username').notNull(),
    displayName: text('display_name').notNull(),
    passwordHash: text('password_hash').notNull(),
    phoneEnc: text('phone_enc'),
    emailEnc: text('email_enc'),
    idNumberEnc: text('id_number_enc'),
    title: text('title'),
    expertFields: jsonb('expert_fields').$type<string[]>().notNull().default(sql`'[]'::jsonb`),
    conflictOrgIds: jsonb('conflict_org_ids').$type<string[]>().notNull().default(sql`'[]'::jsonb`),
    conflictNote: text('conflict_note'),
    isActive: boolean('is_active').notNull().default(true),
    totpSecretEnc: text('totp_secret_enc'),
    totpEnabled: boolean('totp_enabled').notNull().default(false),
    // The time step of the last TOTP code accepted: a code is accepted only for a later step
    // (migration 0007, platform/auth/totp-once.ts).
    totpLastStep: bigint('totp_last_step', { mode: 'number' }),
    passwordChangedAt: ts('password_changed_at').notNull().defaultNow(),
    /** set by `npm run setup --one-time`: only the password change is reachable until it is changed (0009) */
    mustChangePassword: boolean('must_change_password').notNull().default(false),
    lastLoginAt: ts('last_login_at'),
    version: integer('version').notNull().default(1),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('users_username_key').on(t.username),
    index('users_org_idx').on(t.orgId, t.username),
  ],
);

export const userRoles = pgTable(
  'user_roles',
  {
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    role: text('role').notNull(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.role] })],
);

// Lockout is kept per login name whether or not such a user exists, so the answer to a wrong
// password never tells whether the account exists.
export const loginThrottle = pgTable('login_throttle', {
  username: text('username').primaryKey(),
  failures: integer('failures').notNull().default(0),
  lockedUntil: ts('locked_until'),
  updatedAt: ts('updated_at').notNull().defaultNow(),
});

// Sessions live in the database so several app processes share them (§1 scaling out).
export const sessions = pgTable(
  'sessions',
  {
    idHash: text('id_hash').primaryKey(), // SM3 of the cookie value; the value itself is never stored
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    csrfToken: text('csrf_token').notNull(),
    needsTotpEnrollment: boolean('needs_totp_enrollment').notNull().default(false),
    createdAt: ts('created_at').notNull().defaultNow(),
    lastSeenAt: ts('last_seen_at').notNull().defaultNow(),
    ip: text('ip'),
    userAgent: text('user_agent'),
  },
  (t) => [index('sessions_user_idx').on(t.userId)],
);

// PRG-1, PRG-2: a programme and its parameters.
export const programmes = pgTable(
  'programmes',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    associationId: uuid('association_id')
      .notNull()
      .references(() => organisations.id),
    name: text('name').notNull(),
    kind: text('kind').notNull(),
    presetCode: text('preset_code').notNull(),
    year: integer('year').notNull(),
    status: text('status').notNull().default('draft'),
    description: text('description'),
    stages: jsonb('stages').notNull(),
    categories: jsonb('categories').notNull(),
    parameters: jsonb('parameters').notNull(),
    publishedAt: ts('published_at'),
    version: integer('version').notNull().default(1),
    createdBy: uuid('created_by'),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    index('programmes_association_idx').on(t.associationId, t.createdAt),
    index('programmes_created_idx').on(t.createdAt.desc().nullsFirst(), t.id.desc().nullsFirst()),
    // PUB-1: the public list reads published and closed programmes newest first.
    index('programmes_public_list_idx')
      .on(t.publishedAt.desc().nullsFirst(), t.id.desc().nullsFirst())
      .where(sql`${t.status} <> 'draft'`),
  ],
);

// X-2: the to-do inbox. A to-do is addressed to a user, or to everyone in an organisation who
// holds a permission.
export const todos = pgTable(
  'todos',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    kind: text('kind').notNull(),
    title: text('title').notNull(),
    link: text('link').notNull(),
    entityType: text('entity_type').notNull(),
    entityId: uuid('entity_id').notNull(),
    assigneeUserId: uuid('assignee_user_id'),
    assigneeOrgId: uuid('assignee_org_id'),
    permission: text('permission'),
    dueAt: ts('due_at'),
    status: text('status').notNull().default('open'),
    createdAt: ts('created_at').notNull().defaultNow(),
    completedAt: ts('completed_at'),
    completedBy: uuid('completed_by'),
  },
  (t) => [
    index('todos_org_status_created_idx').on(t.assigneeOrgId, t.status, t.createdAt.desc().nullsFirst(), t.id.desc().nullsFirst()),
    index('todos_user_status_created_idx').on(t.assigneeUserId, t.status, t.createdAt.desc().nullsFirst(), t.id.desc().nullsFirst()),
    index('todos_entity_idx').on(t.entityType, t.entityId),
  ],
);

// X-1: the append-only, hash-chained audit log. A trigger refuses UPDATE, DELETE and TRUNCATE.
export const auditLog = pgTable(
  'audit_log',
  {
    seq: bigint('seq', { mode: 'number' }).primaryKey(),
    at: ts('at').notNull(),
    actorUserId: uuid('actor_user_id'),
    actorName: text('actor_name'),
    actorOrgId: uuid('actor_org_id'),
    orgId: uuid('org_id'),
    orgPath: text('org_path'),
    action: text('action').notNull(),
    entityType: text('entity_type'),
    entityId: text('entity_id'),
    before: jsonb('before'),
    after: jsonb('after'),
    reason: text('reason'),
    ip: text('ip'),
    requestId: text('request_id'),
    prevHash: text('prev_hash').notNull(),
    hash: text('hash').notNull(),
    /** which rule the hash follows (crypto/audit-chain.ts): 1 rows before issue 10, 2 every column (0008) */
    hashVersion: integer('hash_version').notNull(),
  },
  (t) => [
    index('audit_log_entity_idx').on(t.entityType, t.entityId, t.seq),
    index('audit_log_org_path_idx').on(t.orgPath, t.seq),
    index('audit_log_actor_idx').on(t.actorUserId, t.seq),
  ],
);

// X-1 (0008): the chain head signed with the platform's SM2 key; also kept in a file under
// DATA_DIR and in the log (platform/audit-checkpoint.ts). Append-only like the log itself.
export const auditCheckpoints = pgTable('audit_checkpoints', {
  seq: bigint('seq', { mode: 'number' }).primaryKey(),
  headHash: text('head_hash').notNull(),
  at: ts('at').notNull(),
  /** digest of the hash-version-1 rows' uncovered columns: { rows, digest } or null */
  legacy: jsonb('legacy'),
  publicKey: text('public_key').notNull(),
  signature: text('signature').notNull(),
});

// X-5: a tsvector column filled from jieba tokens ('simple' configuration, platform/search.ts).
const tsvector = customType<{ data: string }>({
  dataType() {
    return 'tsvector';
  },
});
const money = (name: string) => bigint(name, { mode: 'number' }); // fen; both drivers return number

// FUN-1, FUN-3: a transferable item a department publishes in a programme.
export const transferItems = pgTable(
  'transfer_items',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    programmeId: uuid('programme_id')
      .notNull()
      .references(() => programmes.id),
    departmentId: uuid('department_id')
      .notNull()
      .references(() => organisations.id),
    associationId: uuid('association_id')
      .notNull()
      .references(() => organisations.id),
    associationPath: text('association_path').notNull(),
    title: text('title').notNull(),
    categoryCode: text('category_code').notNull(),
    description: text('description').notNull(),
    legalBasis: text('legal_basis'),
    commissioningMode: text('commissioning_mode').notNull(),
    budgetFen: money('budget_fen'),
    expectedPeriod: text('expected_period'),
    requiredQualifications: text('required_qualifications'),
    status: text('status').notNull().default('draft'),
    revision: integer('revision').notNull().default(0),
    relayId: uuid('relay_id'),
    declarationDeadline: ts('declaration_deadline'),
    declarationCount: integer('declaration_count').notNull().default(0),
    publishedAt: ts('published_at'),
    withdrawnAt: ts('withdrawn_at'),
    withdrawReason: text('withdraw_reason'),
    search: tsvector('search'),
    version: integer('version').notNull().default(1),
    createdBy: uuid('created_by'),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    index('transfer_items_department_created_idx').on(t.departmentId, t.createdAt.desc().nullsFirst(), t.id.desc().nullsFirst()),
    index('transfer_items_visible_created_idx').on(t.createdAt.desc().nullsFirst(), t.id.desc().nullsFirst()).where(sql`${t.status} <> 'draft'`),
    index('transfer_items_association_created_idx')
      .on(t.associationPath.op('text_pattern_ops'), t.createdAt.desc().nullsFirst(), t.id.desc().nullsFirst())
      .where(sql`${t.status} <> 'draft'`),
    index('transfer_items_public_programme_idx').on(t.programmeId, t.publishedAt.desc().nullsFirst(), t.id.desc().nullsFirst()).where(sql`${t.status} <> 'draft'`),
    index('transfer_items_programme_idx').on(t.programmeId, t.status),
    // PUB-1: public lists, newest first, optionally by category (key-based paging); the public
    // search walks transfer_items_public_idx too (ADR 0006). Do not INCLUDE the search vector: a
    // btree entry is capped at 2704 bytes and a long description's vector exceeds it.
    index('transfer_items_public_idx')
      .on(t.publishedAt.desc().nullsFirst(), t.id.desc().nullsFirst())
      .where(sql`${t.status} <> 'draft'`),
    index('transfer_items_public_category_idx')
      .on(t.categoryCode, t.publishedAt.desc().nullsFirst(), t.id.desc().nullsFirst())
      .where(sql`${t.status} <> 'draft'`),
    index('transfer_items_search_idx').using('gin', t.search),
  ],
);

// FUN-4: the demand catalogue — services a department will buy, by tender or commission.
export const demandEntries = pgTable(
  'demand_entries',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    programmeId: uuid('programme_id')
      .notNull()
      .references(() => programmes.id),
    departmentId: uuid('department_id')
      .notNull()
      .references(() => organisations.id),
    associationId: uuid('association_id')
      .notNull()
      .references(() => organisations.id),
    associationPath: text('association_path').notNull(),
    title: text('title').notNull(),
    serviceKind: text('service_kind').notNull(),
    description: text('description').notNull(),
    purchaseMethod: text('purchase_method').notNull(),
    budgetFen: money('budget_fen'),
    period: text('period'),
    status: text('status').notNull().default('draft'),
    revision: integer('revision').notNull().default(0),
    publishedAt: ts('published_at'),
    withdrawnAt: ts('withdrawn_at'),
    withdrawReason: text('withdraw_reason'),
    search: tsvector('search'),
    version: integer('version').notNull().default(1),
    createdBy: uuid('created_by'),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    index('demand_entries_department_created_idx').on(t.departmentId, t.createdAt.desc().nullsFirst(), t.id.desc().nullsFirst()),
    index('demand_entries_visible_created_idx').on(t.createdAt.desc().nullsFirst(), t.id.desc().nullsFirst()).where(sql`${t.status} <> 'draft'`),
    index('demand_entries_association_created_idx')
      .on(t.associationPath.op('text_pattern_ops'), t.createdAt.desc().nullsFirst(), t.id.desc().nullsFirst())
      .where(sql`${t.status} <> 'draft'`),
    index('demand_entries_public_idx')
      .on(t.publishedAt.desc().nullsFirst(), t.id.desc().nullsFirst())
      .where(sql`${t.status} <> 'draft'`),
    index('demand_entries_search_idx').using('gin', t.search),
  ],
);

// FUN-3: every published version of an item or catalogue entry stays readable.
export const recordRevisions = pgTable(
  'record_revisions',
  {
    entityType: text('entity_type').notNull(),
    entityId: uuid('entity_id').notNull(),
    revision: integer('revision').notNull(),
    changeKind: text('change_kind').notNull(), // publish | amend | withdraw
    snapshot: jsonb('snapshot').notNull(),
    reason: text('reason'),
    actorUserId: uuid('actor_user_id'),
    actorName: text('actor_name'),
    actorOrgName: text('actor_org_name'),
    at: ts('at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.entityType, t.entityId, t.revision] })],
);

// SEL-1: the association relays published items to its societies with a declaration deadline.
export const relays = pgTable('relays', {
  id: uuid('id').primaryKey().defaultRandom(),
  programmeId: uuid('programme_id')
    .notNull()
    .references(() => programmes.id),
  associationId: uuid('association_id')
    .notNull()
    .references(() => organisations.id),
  itemIds: jsonb('item_ids').$type<string[]>().notNull(),
  deadline: ts('deadline').notNull(),
  note: text('note'),
  societyCount: integer('society_count').notNull(),
  createdBy: uuid('created_by'),
  createdAt: ts('created_at').notNull().defaultNow(),
});

// SEL-2…SEL-4: a society's declaration for one item.
export const declarations = pgTable(
  'declarations',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    itemId: uuid('item_id')
      .notNull()
      .references(() => transferItems.id),
    programmeId: uuid('programme_id')
      .notNull()
      .references(() => programmes.id),
    societyId: uuid('society_id')
      .notNull()
      .references(() => organisations.id),
    societyPath: text('society_path').notNull(),
    associationId: uuid('association_id')
      .notNull()
      .references(() => organisations.id),
    status: text('status').notNull(),
    capacityStatement: text('capacity_statement').notNull(),
    plan: text('plan'),
    contactName: text('contact_name'),
    attachmentIds: jsonb('attachment_ids').$type<string[]>().notNull().default(sql`'[]'::jsonb`),
    qualification: jsonb('qualification').notNull(),
    manualConfirmed: jsonb('manual_confirmed').$type<number[]>().notNull().default(sql`'[]'::jsonb`),
    reviewOpinion: text('review_opinion'),
    closedReason: text('closed_reason'),
    submittedAt: ts('submitted_at').notNull().defaultNow(),
    decidedAt: ts('decided_at'),
    /** SEL-6 (0010): when the association recommended it — set on recommend, cleared on reconsider,
     * kept when selected or closed. The department and the review offices read only these. */
    recommendedAt: ts('recommended_at'),
    version: integer('version').notNull().default(1),
    createdBy: uuid('created_by'),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    index('declarations_item_idx').on(t.itemId, t.status),
    index('declarations_society_idx').on(t.societyId, t.createdAt, t.id),
    index('declarations_submitted_idx').on(t.submittedAt.desc().nullsFirst(), t.id.desc().nullsFirst()),
    index('declarations_programme_submitted_idx').on(t.programmeId, t.submittedAt.desc().nullsFirst(), t.id.desc().nullsFirst()),
    index('declarations_society_submitted_idx').on(t.societyId, t.submittedAt.desc().nullsFirst(), t.id.desc().nullsFirst()),
    // SEL-2: one live declaration per society and item, also under racing submissions.
    uniqueIndex('declarations_active_key')
      .on(t.itemId, t.societyId)
      .where(sql`${t.status} IN ('submitted', 'returned', 'recommended', 'notRecommended', 'selected')`),
  ],
);

// SEL-5, SEL-6: the recommended list sent to the review offices, then approved.
export const countersigns = pgTable(
  'countersigns',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    programmeId: uuid('programme_id')
      .notNull()
      .references(() => programmes.id),
    associationId: uuid('association_id')
      .notNull()
      .references(() => organisations.id),
    associationPath: text('association_path').notNull(),
    title: text('title').notNull(),
    note: text('note'),
    status: text('status').notNull(),
    dueAt: ts('due_at'),
    sentAt: ts('sent_at').notNull().defaultNow(),
    sentBy: uuid('sent_by'),
    decidedAt: ts('decided_at'),
    approvalLevel: text('approval_level').notNull(),
    approvalDocument: text('approval_document'),
    approvedOn: text('approved_on'),
    approvalNote: text('approval_note'),
    version: integer('version').notNull().default(1),
  },
  (t) => [
    index('countersigns_programme_idx').on(t.programmeId, t.sentAt),
    index('countersigns_sent_idx').on(t.sentAt.desc().nullsFirst(), t.id.desc().nullsFirst()),
    index('countersigns_programme_sent_idx').on(t.programmeId, t.sentAt.desc().nullsFirst(), t.id.desc().nullsFirst()),
  ],
);

export interface RecommendedSociety {
  declarationId: string;
  societyId: string;
  societyName: string;
  reviewOpinion: string | null;
}

export const countersignItems = pgTable(
  'countersign_items',
  {
    countersignId: uuid('countersign_id')
      .notNull()
      .references(() => countersigns.id),
    itemId: uuid('item_id')
      .notNull()
      .references(() => transferItems.id),
    itemRevision: integer('item_revision').notNull(),
    recommended: jsonb('recommended').$type<RecommendedSociety[]>().notNull(),
  },
  (t) => [primaryKey({ columns: [t.countersignId, t.itemId] }), index('countersign_items_item_idx').on(t.itemId)],
);

export const countersignOpinions = pgTable(
  'countersign_opinions',
  {
    countersignId: uuid('countersign_id')
      .notNull()
      .references(() => countersigns.id),
    officeOrgId: uuid('office_org_id')
      .notNull()
      .references(() => organisations.id),
    officeKind: text('office_kind').notNull(),
    decision: text('decision').notNull().default('pending'),
    opinion: text('opinion'),
    decidedAt: ts('decided_at'),
    decidedBy: uuid('decided_by'),
    decidedByName: text('decided_by_name'),
  },
  (t) => [primaryKey({ columns: [t.countersignId, t.officeOrgId] }), index('countersign_opinions_office_idx').on(t.officeOrgId, t.decision)],
);

// SEL-7: the choice creates a pilot project linking item, department, society and association.
export const pilotProjects = pgTable(
  'pilot_projects',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    programmeId: uuid('programme_id')
      .notNull()
      .references(() => programmes.id),
    itemId: uuid('item_id')
      .notNull()
      .references(() => transferItems.id),
    declarationId: uuid('declaration_id')
      .notNull()
      .references(() => declarations.id),
    departmentId: uuid('department_id')
      .notNull()
      .references(() => organisations.id),
    societyId: uuid('society_id')
      .notNull()
      .references(() => organisations.id),
    associationId: uuid('association_id')
      .notNull()
      .references(() => organisations.id),
    associationPath: text('association_path').notNull(),
    title: text('title').notNull(),
    categoryCode: text('category_code').notNull(),
    status: text('status').notNull().default('established'),
    selectionReason: text('selection_reason').notNull(),
    selectedAt: ts('selected_at').notNull().defaultNow(),
    selectedBy: uuid('selected_by'),
    search: tsvector('search'),
    version: integer('version').notNull().default(1),
  },
  (t) => [
    uniqueIndex('pilot_projects_item_key').on(t.itemId),
    index('pilot_projects_public_idx').on(t.selectedAt.desc().nullsFirst(), t.id.desc().nullsFirst()),
    index('pilot_projects_society_idx').on(t.societyId),
    index('pilot_projects_programme_selected_idx').on(t.programmeId, t.selectedAt.desc().nullsFirst(), t.id.desc().nullsFirst()),
    index('pilot_projects_department_selected_idx').on(t.departmentId, t.selectedAt.desc().nullsFirst(), t.id.desc().nullsFirst()),
    index('pilot_projects_search_idx').using('gin', t.search),
  ],
);

// X-3: notifications inside the platform: one row per recipient user (each has its own read state;
// migration 0011), recipient_org_id is the organisation it was sent to. The e-mail columns are the
// outbox the mail job sends from (platform/notify-email.ts); NULL email_status = no e-mail.
export const notifications = pgTable(
  'notifications',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    recipientOrgId: uuid('recipient_org_id'),
    recipientUserId: uuid('recipient_user_id'),
    title: text('title').notNull(),
    body: text('body'),
    link: text('link'),
    entityType: text('entity_type'),
    entityId: uuid('entity_id'),
    createdAt: ts('created_at').notNull().defaultNow(),
    readAt: ts('read_at'),
    /** pending | sending | sent | failed | skipped; NULL when no e-mail is to be sent */
    emailStatus: text('email_status'),
    emailAttempts: integer('email_attempts').notNull().default(0),
    /** pending: not before; sending: the claim expires (another process may retry) */
    emailNextAt: ts('email_next_at'),
    emailError: text('email_error'),
    emailSentAt: ts('email_sent_at'),
  },
  (t) => [
    index('notifications_org_idx').on(t.recipientOrgId, t.createdAt),
    index('notifications_user_created_idx').on(t.recipientUserId, t.createdAt.desc().nullsFirst(), t.id.desc().nullsFirst()),
    index('notifications_user_unread_idx').on(t.recipientUserId, t.createdAt.desc().nullsFirst(), t.id.desc().nullsFirst()).where(sql`${t.readAt} IS NULL`),
    index('notifications_email_outbox_idx').on(t.emailNextAt).where(sql`${t.emailStatus} IN ('pending', 'sending')`),
  ],
);

// X-4: files attached as evidence; the bytes live in the storage (platform/files.ts).
export const attachments = pgTable(
  'attachments',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    ownerOrgId: uuid('owner_org_id')
      .notNull()
      .references(() => organisations.id),
    uploadedBy: uuid('uploaded_by'),
    filename: text('filename').notNull(),
    contentType: text('content_type').notNull(),
    sizeBytes: integer('size_bytes').notNull(),
    sm3: text('sm3').notNull(),
    storageKey: text('storage_key').notNull(),
    entityType: text('entity_type'),
    entityId: uuid('entity_id'),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [index('attachments_owner_idx').on(t.ownerOrgId, t.createdAt), index('attachments_entity_idx').on(t.entityType, t.entityId)],
);

// Issue 10 §5 (migration 0009): with PostgreSQL, attachment and issued-document bytes live here, so
// every app process reaches them (platform/files.ts); the embedded PGlite keeps them on disk.
const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({ dataType: () => 'bytea' });
export const fileBlobs = pgTable('file_blobs', {
  key: uuid('key').primaryKey(),
  sizeBytes: integer('size_bytes').notNull(),
  sm3: text('sm3').notNull(),
  createdAt: ts('created_at').notNull().defaultNow(),
});

// The bytes of a file_blobs row in chunks of FILE_CHUNK_BYTES (platform/files.ts), read one chunk a
// query: a 20 MB attachment never arrives as one 40 MB hex text that blocks the event loop to parse.
export const fileBlobChunks = pgTable(
  'file_blob_chunks',
  {
    key: uuid('key')
      .notNull()
      .references(() => fileBlobs.key, { onDelete: 'cascade' }),
    seq: integer('seq').notNull(),
    bytes: bytea('bytes').notNull(),
  },
  (t) => [primaryKey({ columns: [t.key, t.seq] })],
);

// Settings the platform writes for itself; `data_key_check` guards against a wrong SM4 data key.
export const platformSettings = pgTable('platform_settings', {
  name: text('name').primaryKey(),
  value: jsonb('value').notNull(),
  createdAt: ts('created_at').notNull().defaultNow(),
});

// TB-4: each organisation's SM2 signing key pair. The private key is stored only as a field-cipher
// token (SM4, encrypt-then-MAC under the master key, ORG-6); one active pair per organisation,
// retired pairs stay so that old signatures still verify.
export const orgSigningKeys = pgTable(
  'org_signing_keys',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    orgId: uuid('org_id')
      .notNull()
      .references(() => organisations.id),
    publicKey: text('public_key').notNull(),
    privateKeyEnc: text('private_key_enc').notNull(),
    createdAt: ts('created_at').notNull().defaultNow(),
    retiredAt: ts('retired_at'),
  },
  (t) => [uniqueIndex('org_signing_keys_active_key').on(t.orgId).where(sql`${t.retiredAt} IS NULL`)],
);

// TB-1…TB-5, SUP-5: the tri-party task book of a pilot project, one row per version. The content
// (TaskBookContent) is edited while drafting; the first signature freezes it and records its SM3
// digest over the canonical JSON and a verification code (PUB-2); an approved change request
// supersedes a signed version by a new one that must be signed again. Every version stays.
export const taskBooks = pgTable(
  'task_books',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    projectId: uuid('project_id')
      .notNull()
      .references(() => pilotProjects.id),
    version: integer('version').notNull(),
    status: text('status').notNull().default('drafting'), // drafting | signing | signed | superseded
    content: jsonb('content').notNull(),
    contentDigest: text('content_digest'),
    verificationCode: text('verification_code'),
    /** SUP-5: the change request whose approval produced this version (null for the first). */
    changeRequestId: uuid('change_request_id'),
    createdAt: ts('created_at').notNull().defaultNow(),
    createdBy: uuid('created_by'),
    updatedAt: ts('updated_at').notNull().defaultNow(),
    updatedBy: uuid('updated_by'),
    frozenAt: ts('frozen_at'),
    signedAt: ts('signed_at'),
    rowVersion: integer('row_version').notNull().default(1),
  },
  (t) => [
    uniqueIndex('task_books_project_version_key').on(t.projectId, t.version),
    uniqueIndex('task_books_code_key').on(t.verificationCode),
    // at most one version of a project is open (drafting or signing) at a time
    uniqueIndex('task_books_open_key').on(t.projectId).where(sql`${t.status} IN ('drafting', 'signing')`),
  ],
);

// TB-4: one SM2 signature per party over the frozen content's digest. A party declining to sign
// withdraws the signatures given so far: they stay, marked withdrawn, and the book returns to drafting.
export const taskBookSignatures = pgTable(
  'task_book_signatures',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    taskBookId: uuid('task_book_id')
      .notNull()
      .references(() => taskBooks.id),
    party: text('party').notNull(), // department | society | association
    orgId: uuid('org_id')
      .notNull()
      .references(() => organisations.id),
    keyId: uuid('key_id')
      .notNull()
      .references(() => orgSigningKeys.id),
    digest: text('digest').notNull(),
    signature: text('signature').notNull(),
    opinion: text('opinion'),
    signerId: uuid('signer_id').notNull(),
    signerName: text('signer_name').notNull(),
    signedAt: ts('signed_at').notNull().defaultNow(),
    withdrawnAt: ts('withdrawn_at'),
    withdrawnBy: uuid('withdrawn_by'),
    withdrawnReason: text('withdrawn_reason'),
  },
  (t) => [
    uniqueIndex('task_book_signatures_party_key').on(t.taskBookId, t.party).where(sql`${t.withdrawnAt} IS NULL`),
    index('task_book_signatures_book_idx').on(t.taskBookId),
  ],
);

// TB-5, PUB-2: the Word and PDF files of a signed version, generated once and kept, so that an
// uploaded copy is recognised by its SM3 digest.
export const taskBookDocuments = pgTable(
  'task_book_documents',
  {
    taskBookId: uuid('task_book_id')
      .notNull()
      .references(() => taskBooks.id),
    format: text('format').notNull(), // docx | pdf
    sm3: text('sm3').notNull(),
    storageKey: text('storage_key').notNull(),
    sizeBytes: integer('size_bytes').notNull(),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.taskBookId, t.format] }), index('task_book_documents_sm3_idx').on(t.sm3)],
);

// ---------------------------------------------------------------------------------------------
// SUP-1…SUP-8, PRG-3: supervised implementation (domain/supervision/). Every project record carries
// project_id (scope through pilot_projects.association_path); programme records carry programme_id,
// association_id and association_path. Statuses are the lifecycles' state codes; money is fen.
// ---------------------------------------------------------------------------------------------

// SUP-1: the implementation plan, one row per submitted version (every version kept).
export const implementationPlans = pgTable(
  'implementation_plans',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    projectId: uuid('project_id')
      .notNull()
      .references(() => pilotProjects.id),
    version: integer('version').notNull(),
    status: text('status').notNull().default('submitted'), // submitted | returned | approved | superseded
    content: jsonb('content').notNull(), // PlanContent
    revisionNote: text('revision_note'),
    attachmentIds: jsonb('attachment_ids').$type<string[]>().notNull().default(sql`'[]'::jsonb`),
    submittedBy: uuid('submitted_by'),
    submittedByName: text('submitted_by_name'),
    submittedAt: ts('submitted_at').notNull().defaultNow(),
    decidedBy: uuid('decided_by'),
    decidedByName: text('decided_by_name'),
    decidedAt: ts('decided_at'),
    decisionComment: text('decision_comment'),
    rowVersion: integer('row_version').notNull().default(1),
  },
  (t) => [
    uniqueIndex('implementation_plans_project_version_key').on(t.projectId, t.version),
    // one version waiting for review, one in force
    uniqueIndex('implementation_plans_pending_key').on(t.projectId).where(sql`${t.status} = 'submitted'`),
    uniqueIndex('implementation_plans_approved_key').on(t.projectId).where(sql`${t.status} = 'approved'`),
  ],
);

// SUP-2: milestones from the schedule of the task book in force, reconciled by name when a new
// version comes into force. The overdue alert job claims rows with
// UPDATE … SET overdue_alerted_at = now() WHERE status = 'open' AND due_on < today AND overdue_alerted_at IS NULL RETURNING …
export const milestones = pgTable(
  'milestones',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    projectId: uuid('project_id')
      .notNull()
      .references(() => pilotProjects.id),
    taskBookId: uuid('task_book_id')
      .notNull()
      .references(() => taskBooks.id), // the version it was last taken from
    taskBookVersion: integer('task_book_version').notNull(),
    position: integer('position').notNull(),
    name: text('name').notNull(),
    dueOn: text('due_on').notNull(), // YYYY-MM-DD
    deliverable: text('deliverable'),
    status: text('status').notNull().default('open'), // open | completed | cancelled
    completedAt: ts('completed_at'),
    completedByReportId: uuid('completed_by_report_id'),
    cancelledAt: ts('cancelled_at'),
    overdueAlertedAt: ts('overdue_alerted_at'),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
    rowVersion: integer('row_version').notNull().default(1),
  },
  (t) => [
    index('milestones_project_idx').on(t.projectId, t.position),
    index('milestones_overdue_idx').on(t.dueOn).where(sql`${t.status} = 'open' AND ${t.overdueAlertedAt} IS NULL`),
  ],
);

// SUP-2, PUB-1: progress reports; an acknowledged one may be disclosed on the portal.
export const progressReports = pgTable(
  'progress_reports',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    projectId: uuid('project_id')
      .notNull()
      .references(() => pilotProjects.id),
    milestoneId: uuid('milestone_id').references(() => milestones.id),
    completesMilestone: boolean('completes_milestone').notNull().default(false),
    title: text('title').notNull(),
    body: text('body').notNull(),
    attachmentIds: jsonb('attachment_ids').$type<string[]>().notNull().default(sql`'[]'::jsonb`),
    status: text('status').notNull().default('submitted'), // submitted | acknowledged
    submittedBy: uuid('submitted_by'),
    submittedByName: text('submitted_by_name'),
    submittedAt: ts('submitted_at').notNull().defaultNow(),
    acknowledgedBy: uuid('acknowledged_by'),
    acknowledgedByOrgId: uuid('acknowledged_by_org_id').references(() => organisations.id),
    acknowledgedAt: ts('acknowledged_at'),
    acknowledgeComment: text('acknowledge_comment'),
    disclosure: text('disclosure').notNull().default('internal'), // internal | published | withdrawn
    publicSummary: text('public_summary'),
    publishedAt: ts('published_at'),
    publishedBy: uuid('published_by'),
    withdrawnAt: ts('withdrawn_at'),
    /** X-5 (migration 0022): set while published (title and public summary), for the public search */
    search: tsvector('search'),
    rowVersion: integer('row_version').notNull().default(1),
  },
  (t) => [
    index('progress_reports_search_idx').using('gin', t.search),
    index('progress_reports_project_idx').on(t.projectId, t.submittedAt),
    index('progress_reports_milestone_idx').on(t.milestoneId),
    index('progress_reports_public_project_idx')
      .on(t.projectId, t.publishedAt.desc().nullsFirst(), t.id.desc().nullsFirst())
      .where(sql`${t.disclosure} = 'published'`),
    index('progress_reports_public_idx')
      .on(t.publishedAt.desc().nullsFirst(), t.id.desc().nullsFirst())
      .where(sql`${t.disclosure} = 'published'`),
  ],
);

// SUP-3: a major matter: the council's decision, then the approval steps (copied from the programme).
export const majorMatters = pgTable(
  'major_matters',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    projectId: uuid('project_id')
      .notNull()
      .references(() => pilotProjects.id),
    title: text('title').notNull(),
    content: text('content').notNull(),
    councilBody: text('council_body').notNull(), // council | standingCouncil
    councilDecidedOn: text('council_decided_on').notNull(),
    councilReference: text('council_reference').notNull(),
    steps: jsonb('steps').$type<string[]>().notNull(), // Approver[] after the council
    status: text('status').notNull().default('approving'), // approving | approved | rejected | withdrawn
    attachmentIds: jsonb('attachment_ids').$type<string[]>().notNull().default(sql`'[]'::jsonb`),
    submittedBy: uuid('submitted_by'),
    submittedByName: text('submitted_by_name'),
    submittedAt: ts('submitted_at').notNull().defaultNow(),
    closedAt: ts('closed_at'), // approved, rejected or withdrawn
    rowVersion: integer('row_version').notNull().default(1),
  },
  (t) => [index('major_matters_project_idx').on(t.projectId, t.submittedAt), index('major_matters_status_idx').on(t.status)],
);

// SUP-3, SUP-5, SUP-6: one decision per step of a major matter, change request or termination.
export const approvalDecisions = pgTable(
  'approval_decisions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    subjectType: text('subject_type').notNull(), // major_matter | change_request | termination
    subjectId: uuid('subject_id').notNull(),
    projectId: uuid('project_id')
      .notNull()
      .references(() => pilotProjects.id),
    step: integer('step').notNull(),
    approver: text('approver').notNull(), // council | department | association | leadingGroup | financeBureau
    orgId: uuid('org_id')
      .notNull()
      .references(() => organisations.id), // the deciding organisation (the association for leadingGroup)
    decision: text('decision').notNull(), // approve | reject
    opinion: text('opinion'),
    decidedBy: uuid('decided_by').notNull(),
    decidedByName: text('decided_by_name').notNull(),
    decidedAt: ts('decided_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('approval_decisions_step_key').on(t.subjectType, t.subjectId, t.step),
    index('approval_decisions_org_idx').on(t.orgId, t.decidedAt),
    index('approval_decisions_project_idx').on(t.projectId, t.decidedAt),
  ],
);

// SUP-5: a change request against the task book version in force.
export const changeRequests = pgTable(
  'change_requests',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    projectId: uuid('project_id')
      .notNull()
      .references(() => pilotProjects.id),
    baseTaskBookId: uuid('base_task_book_id')
      .notNull()
      .references(() => taskBooks.id),
    reason: text('reason').notNull(),
    changesSummary: text('changes_summary'),
    proposedContent: jsonb('proposed_content'), // TaskBookContent | null
    steps: jsonb('steps').$type<string[]>().notNull(), // the programme's changeApprovers at submission
    status: text('status').notNull().default('approving'), // approving | approved | rejected | withdrawn
    newTaskBookId: uuid('new_task_book_id').references(() => taskBooks.id),
    attachmentIds: jsonb('attachment_ids').$type<string[]>().notNull().default(sql`'[]'::jsonb`),
    submittedBy: uuid('submitted_by'),
    submittedByName: text('submitted_by_name'),
    submittedAt: ts('submitted_at').notNull().defaultNow(),
    closedAt: ts('closed_at'),
    rowVersion: integer('row_version').notNull().default(1),
  },
  (t) => [
    index('change_requests_project_idx').on(t.projectId, t.submittedAt),
    uniqueIndex('change_requests_open_key').on(t.projectId).where(sql`${t.status} = 'approving'`),
  ],
);

// SUP-6: termination, its refund decision and its tracking.
export const terminations = pgTable(
  'terminations',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    projectId: uuid('project_id')
      .notNull()
      .references(() => pilotProjects.id),
    initiatedBy: text('initiated_by').notNull(), // society | department
    initiatorOrgId: uuid('initiator_org_id')
      .notNull()
      .references(() => organisations.id),
    reason: text('reason').notNull(),
    steps: jsonb('steps').$type<string[]>().notNull(), // terminationSteps(initiatedBy)
    status: text('status').notNull().default('approving'), // approving | rejected | withdrawn | decidingRefund | refunding | closed
    receivedFen: money('received_fen').notNull(), // disbursed to the society so far
    refundKind: text('refund_kind'), // none | part | all
    refundFen: money('refund_fen'),
    refundNote: text('refund_note'),
    refundDecidedBy: uuid('refund_decided_by'),
    refundDecidedAt: ts('refund_decided_at'),
    refundedFen: money('refunded_fen').notNull().default(0), // sum of refund_payments
    attachmentIds: jsonb('attachment_ids').$type<string[]>().notNull().default(sql`'[]'::jsonb`),
    submittedBy: uuid('submitted_by'),
    submittedByName: text('submitted_by_name'),
    submittedAt: ts('submitted_at').notNull().defaultNow(),
    agreedAt: ts('agreed_at'),
    closedAt: ts('closed_at'),
    rowVersion: integer('row_version').notNull().default(1),
  },
  (t) => [
    index('terminations_project_idx').on(t.projectId, t.submittedAt),
    uniqueIndex('terminations_open_key').on(t.projectId).where(sql`${t.status} IN ('approving', 'decidingRefund', 'refunding')`),
  ],
);

export const refundPayments = pgTable(
  'refund_payments',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    terminationId: uuid('termination_id')
      .notNull()
      .references(() => terminations.id),
    projectId: uuid('project_id')
      .notNull()
      .references(() => pilotProjects.id),
    amountFen: money('amount_fen').notNull(),
    receivedOn: text('received_on').notNull(),
    reference: text('reference').notNull(),
    note: text('note'),
    recordedBy: uuid('recorded_by'),
    recordedByName: text('recorded_by_name'),
    recordedAt: ts('recorded_at').notNull().defaultNow(),
  },
  (t) => [index('refund_payments_termination_idx').on(t.terminationId, t.receivedOn)],
);

// SUP-4: observers the coordinating association assigns to a project.
export const observers = pgTable(
  'observers',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    projectId: uuid('project_id')
      .notNull()
      .references(() => pilotProjects.id),
    personName: text('person_name').notNull(),
    employer: text('employer').notNull(),
    userId: uuid('user_id'),
    fromOn: text('from_on').notNull(),
    toOn: text('to_on').notNull(),
    duties: text('duties'),
    endedOn: text('ended_on'), // an early end
    endedReason: text('ended_reason'),
    assignedByOrgId: uuid('assigned_by_org_id')
      .notNull()
      .references(() => organisations.id),
    assignedBy: uuid('assigned_by'),
    createdAt: ts('created_at').notNull().defaultNow(),
    rowVersion: integer('row_version').notNull().default(1),
  },
  (t) => [index('observers_project_idx').on(t.projectId, t.fromOn)],
);

// SUP-4: expert panel inspections the department sends.
export const inspections = pgTable(
  'inspections',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    projectId: uuid('project_id')
      .notNull()
      .references(() => pilotProjects.id),
    departmentId: uuid('department_id')
      .notNull()
      .references(() => organisations.id),
    plannedOn: text('planned_on').notNull(),
    purpose: text('purpose').notNull(),
    panel: jsonb('panel').notNull(), // Person[]
    status: text('status').notNull().default('planned'), // planned | findingsRecorded | cancelled
    inspectedOn: text('inspected_on'),
    findings: text('findings'),
    conclusion: text('conclusion'), // good | pass | needsRectification | fail
    attachmentIds: jsonb('attachment_ids').$type<string[]>().notNull().default(sql`'[]'::jsonb`),
    cancelledReason: text('cancelled_reason'),
    createdBy: uuid('created_by'),
    createdAt: ts('created_at').notNull().defaultNow(),
    findingsRecordedBy: uuid('findings_recorded_by'),
    findingsRecordedAt: ts('findings_recorded_at'),
    rowVersion: integer('row_version').notNull().default(1),
  },
  (t) => [index('inspections_project_idx').on(t.projectId, t.plannedOn)],
);

// SUP-7: rectification orders; the overdue alert job claims rows like milestones do.
export const rectificationOrders = pgTable(
  'rectification_orders',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    projectId: uuid('project_id')
      .notNull()
      .references(() => pilotProjects.id),
    issuerOrgId: uuid('issuer_org_id')
      .notNull()
      .references(() => organisations.id),
    issuerKind: text('issuer_kind').notNull(), // department | association
    inspectionId: uuid('inspection_id').references(() => inspections.id),
    requirements: text('requirements').notNull(),
    deadline: text('deadline').notNull(), // YYYY-MM-DD
    status: text('status').notNull().default('issued'), // issued | responded | returned | closed
    attachmentIds: jsonb('attachment_ids').$type<string[]>().notNull().default(sql`'[]'::jsonb`),
    response: text('response'),
    responseAttachmentIds: jsonb('response_attachment_ids').$type<string[]>().notNull().default(sql`'[]'::jsonb`),
    respondedBy: uuid('responded_by'),
    respondedAt: ts('responded_at'),
    decisionComment: text('decision_comment'),
    decidedBy: uuid('decided_by'),
    decidedAt: ts('decided_at'),
    closedAt: ts('closed_at'),
    overdueAlertedAt: ts('overdue_alerted_at'),
    issuedBy: uuid('issued_by'),
    issuedByName: text('issued_by_name'),
    issuedAt: ts('issued_at').notNull().defaultNow(),
    rowVersion: integer('row_version').notNull().default(1),
  },
  (t) => [
    index('rectification_orders_project_idx').on(t.projectId, t.issuedAt),
    index('rectification_orders_overdue_idx').on(t.deadline).where(sql`${t.status} <> 'closed' AND ${t.overdueAlertedAt} IS NULL`),
  ],
);

// SUP-8: training sessions (programme-wide or for a project) and guidance (for a project).
export const trainingRecords = pgTable(
  'training_records',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    programmeId: uuid('programme_id')
      .notNull()
      .references(() => programmes.id),
    associationId: uuid('association_id')
      .notNull()
      .references(() => organisations.id),
    associationPath: text('association_path').notNull(),
    projectId: uuid('project_id').references(() => pilotProjects.id),
    kind: text('kind').notNull(), // training | guidance
    title: text('title').notNull(),
    heldOn: text('held_on').notNull(),
    location: text('location'),
    givenBy: text('given_by'),
    participants: text('participants'),
    participantCount: integer('participant_count'),
    content: text('content').notNull(),
    attachmentIds: jsonb('attachment_ids').$type<string[]>().notNull().default(sql`'[]'::jsonb`),
    recordedByOrgId: uuid('recorded_by_org_id')
      .notNull()
      .references(() => organisations.id),
    recordedBy: uuid('recorded_by'),
    recordedAt: ts('recorded_at').notNull().defaultNow(),
    rowVersion: integer('row_version').notNull().default(1),
  },
  (t) => [
    index('training_records_programme_idx').on(t.programmeId, t.heldOn),
    index('training_records_project_idx').on(t.projectId, t.heldOn),
    index('training_records_programme_recorded_idx').on(t.programmeId, t.recordedAt.desc().nullsFirst(), t.id.desc().nullsFirst()),
  ],
);

// PRG-3: leading-group and regular meetings with minutes and decisions.
export const programmeMeetings = pgTable(
  'programme_meetings',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    programmeId: uuid('programme_id')
      .notNull()
      .references(() => programmes.id),
    associationId: uuid('association_id')
      .notNull()
      .references(() => organisations.id),
    associationPath: text('association_path').notNull(),
    kind: text('kind').notNull(), // leadingGroup | regular
    title: text('title').notNull(),
    heldOn: text('held_on').notNull(),
    location: text('location'),
    attendees: jsonb('attendees').$type<string[]>().notNull(),
    minutes: text('minutes').notNull(),
    decisions: jsonb('decisions').notNull().default(sql`'[]'::jsonb`), // { text, owner, dueOn }[]
    attachmentIds: jsonb('attachment_ids').$type<string[]>().notNull().default(sql`'[]'::jsonb`),
    recordedBy: uuid('recorded_by'),
    recordedAt: ts('recorded_at').notNull().defaultNow(),
    rowVersion: integer('row_version').notNull().default(1),
  },
  (t) => [index('programme_meetings_programme_idx').on(t.programmeId, t.heldOn)],
);

// PRG-3, PUB-1: work briefings, numbered per programme, disclosed on the portal when published.
export const briefings = pgTable(
  'briefings',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    programmeId: uuid('programme_id')
      .notNull()
      .references(() => programmes.id),
    associationId: uuid('association_id')
      .notNull()
      .references(() => organisations.id),
    associationPath: text('association_path').notNull(),
    issueNo: integer('issue_no').notNull(),
    title: text('title').notNull(),
    issuedOn: text('issued_on').notNull(),
    body: text('body').notNull(),
    attachmentIds: jsonb('attachment_ids').$type<string[]>().notNull().default(sql`'[]'::jsonb`),
    disclosure: text('disclosure').notNull().default('internal'), // internal | published | withdrawn
    publishedAt: ts('published_at'),
    publishedBy: uuid('published_by'),
    withdrawnAt: ts('withdrawn_at'),
    /** X-5 (migration 0022): set while published, for the public search */
    search: tsvector('search'),
    createdBy: uuid('created_by'),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
    rowVersion: integer('row_version').notNull().default(1),
  },
  (t) => [
    index('briefings_search_idx').using('gin', t.search),
    uniqueIndex('briefings_issue_key').on(t.programmeId, t.issueNo),
    index('briefings_public_programme_idx')
      .on(t.programmeId, t.publishedAt.desc().nullsFirst(), t.id.desc().nullsFirst())
      .where(sql`${t.disclosure} = 'published'`),
    index('briefings_public_idx')
      .on(t.publishedAt.desc().nullsFirst(), t.id.desc().nullsFirst())
      .where(sql`${t.disclosure} = 'published'`),
  ],
);

// PRG-3: stage reports to the association one level above (recipient_org_id).
export const stageReports = pgTable(
  'stage_reports',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    programmeId: uuid('programme_id')
      .notNull()
      .references(() => programmes.id),
    associationId: uuid('association_id')
      .notNull()
      .references(() => organisations.id),
    associationPath: text('association_path').notNull(),
    recipientOrgId: uuid('recipient_org_id').references(() => organisations.id),
    year: integer('year').notNull(),
    period: text('period').notNull(),
    dueOn: text('due_on'),
    title: text('title').notNull(),
    body: text('body').notNull(),
    attachmentIds: jsonb('attachment_ids').$type<string[]>().notNull().default(sql`'[]'::jsonb`),
    status: text('status').notNull().default('draft'), // draft | submitted
    createdBy: uuid('created_by'),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
    submittedBy: uuid('submitted_by'),
    submittedAt: ts('submitted_at'),
    rowVersion: integer('row_version').notNull().default(1),
  },
  (t) => [
    index('stage_reports_programme_idx').on(t.programmeId, t.year),
    index('stage_reports_recipient_idx').on(t.recipientOrgId, t.submittedAt),
    index('stage_reports_received_idx')
      .on(t.recipientOrgId, t.submittedAt.desc().nullsFirst(), t.id.desc().nullsFirst())
      .where(sql`${t.status} = 'submitted'`),
  ],
);

// CAP-1 (issue 13): the yearly call of a capacity-improvement programme — budget, fund, the project
// types offered with quota and award (jsonb), the application period; confirmed by the finance
// bureau when the programme's financeBureauCoManages says so, then published (PUB-1) and closed.
export const capacityCalls = pgTable(
  'capacity_calls',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    programmeId: uuid('programme_id')
      .notNull()
      .references(() => programmes.id),
    associationId: uuid('association_id')
      .notNull()
      .references(() => organisations.id),
    associationPath: text('association_path').notNull(),
    year: integer('year').notNull(),
    title: text('title').notNull(),
    description: text('description').notNull(),
    contact: text('contact'),
    budgetFen: money('budget_fen').notNull(),
    fundCode: text('fund_code').notNull(),
    opensOn: text('opens_on').notNull(),
    closesOn: text('closes_on').notNull(),
    types: jsonb('types').$type<{ code: string; quota: number; awardFen: number }[]>().notNull(),
    status: text('status').notNull().default('draft'), // draft | pendingConfirmation | confirmed | published | closed
    submittedAt: ts('submitted_at'),
    submittedBy: uuid('submitted_by'),
    confirmedAt: ts('confirmed_at'),
    confirmedBy: uuid('confirmed_by'),
    confirmedOrgId: uuid('confirmed_org_id').references(() => organisations.id),
    returnComment: text('return_comment'),
    publishedAt: ts('published_at'),
    publishedBy: uuid('published_by'),
    closedAt: ts('closed_at'),
    closedBy: uuid('closed_by'),
    createdBy: uuid('created_by'),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
    rowVersion: integer('row_version').notNull().default(1),
  },
  (t) => [
    uniqueIndex('capacity_calls_programme_year_key').on(t.programmeId, t.year),
    index('capacity_calls_programme_created_idx').on(t.programmeId, t.createdAt.desc().nullsFirst(), t.id.desc().nullsFirst()),
    index('capacity_calls_public_idx')
      .on(t.publishedAt.desc().nullsFirst(), t.id.desc().nullsFirst())
      .where(sql`${t.status} IN ('published', 'closed')`),
  ],
);

// Issue 13 step 2 (migration 0015, CAP-2, CAP-3): a society's application to a yearly call for one
// project type. One per call, society and type (capacity_applications_call_society_type_key; withdrawn ones aside). The
// content (title, goals, indicators, budget by the programme's expense categories) is what the society
// edits while a draft or returned; each submission freezes it as a numbered version
// (capacity_application_versions), so the formal review reads the version it judged and the history
// keeps every earlier one. The eligibility found at submission is kept with the version.
export const capacityApplications = pgTable(
  'capacity_applications',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    callId: uuid('call_id')
      .notNull()
      .references(() => capacityCalls.id),
    programmeId: uuid('programme_id')
      .notNull()
      .references(() => programmes.id),
    associationId: uuid('association_id')
      .notNull()
      .references(() => organisations.id),
    associationPath: text('association_path').notNull(),
    societyId: uuid('society_id')
      .notNull()
      .references(() => organisations.id),
    societyPath: text('society_path').notNull(),
    typeCode: text('type_code').notNull(),
    title: text('title').notNull(),
    goals: text('goals').notNull(),
    indicators: jsonb('indicators').$type<{ label: string; target: string }[]>().notNull(),
    budget: jsonb('budget').$type<{ category: string; item: string | null; amountFen: number; note: string | null }[]>().notNull(),
    requestedFen: money('requested_fen').notNull(),
    contactName: text('contact_name'),
    contactPhone: text('contact_phone'),
    /** X-4: files the society uploaded, linked to the application (attachments.entity_type 'capacity_application') */
    attachmentIds: jsonb('attachment_ids').$type<string[]>().notNull().default(sql`'[]'::jsonb`),
    status: text('status').notNull().default('draft'), // draft | submitted | returned | rejected | passed | withdrawn
    /** the number of the last submitted version (0 while never submitted) */
    version: integer('version').notNull().default(0),
    /** CAP-3: the formal review of the current version: per checklist item, passed or not with a note */
    review: jsonb('review').$type<{ items: { code: string; passed: boolean; note: string | null }[]; comment: string | null } | null>(),
    returnComment: text('return_comment'),
    submittedAt: ts('submitted_at'),
    submittedBy: uuid('submitted_by'),
    decidedAt: ts('decided_at'),
    decidedBy: uuid('decided_by'),
    createdBy: uuid('created_by'),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
    /** CAP-4 (migration 0016): the final score in hundredths of a point once every drawn expert has scored */
    finalScoreHundredths: integer('final_score_hundredths'),
    /** 'trimmed' | 'mean' (domain/capacity/scoring.ts finalScore) */
    scoreMethod: text('score_method'),
    scoredAt: ts('scored_at'),
    /** FND-3 (migration 0017): the approved budget once the letter is signed, as adjusted since (null before) */
    approvedBudget: jsonb('approved_budget').$type<{ category: string; item: string | null; amountFen: number; note: string | null }[] | null>(),
    /** CAP-6 (migration 0018): the disbursement after an evaluation notice with no upheld objection (amount in the ledger) */
    disbursedAt: ts('disbursed_at'),
    disbursedBy: uuid('disbursed_by'),
    /** FND-4 (migration 0018): the window job found the execution window ended with money unspent (once per application) */
    windowFlaggedAt: ts('window_flagged_at'),
    windowUnspentFen: money('window_unspent_fen'),
    rowVersion: integer('row_version').notNull().default(1),
  },
  (t) => [
    // a withdrawn application gives its place back; a rejected one keeps it for the year
    uniqueIndex('capacity_applications_call_society_type_key')
      .on(t.callId, t.societyId, t.typeCode)
      .where(sql`${t.status} <> 'withdrawn'`),
    index('capacity_applications_call_created_idx').on(t.callId, t.createdAt.desc().nullsFirst(), t.id.desc().nullsFirst()),
    index('capacity_applications_society_created_idx').on(t.societyId, t.createdAt.desc().nullsFirst(), t.id.desc().nullsFirst()),
  ],
);

export const capacityApplicationVersions = pgTable(
  'capacity_application_versions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    applicationId: uuid('application_id')
      .notNull()
      .references(() => capacityApplications.id),
    version: integer('version').notNull(),
    /** the content as submitted, and the eligibility found then (checkCapacityEligibility) */
    content: jsonb('content').$type<Record<string, unknown>>().notNull(),
    eligibility: jsonb('eligibility').$type<Record<string, unknown>>().notNull(),
    submittedAt: ts('submitted_at').notNull().defaultNow(),
    submittedBy: uuid('submitted_by'),
  },
  (t) => [uniqueIndex('capacity_application_versions_key').on(t.applicationId, t.version)],
);

// FND-5, FND-7 (migration 0015): the fund ledger. `fund_entries` is the journal, append-only, one row
// per movement in integer fen (domain/funds/ledger.ts LedgerEntry). The balances are kept as running
// sums beside it, updated in the transaction that writes the entry, under the account row's lock:
// `fund_accounts` one row per programme and fund, `fund_project_balances` one per funded project
// (a capacity application or a transfer project). Reads never scan the journal; a check
// (ledger.int.test.ts) recomputes the sums from the journal and compares.
export const fundAccounts = pgTable(
  'fund_accounts',
  {
    programmeId: uuid('programme_id')
      .notNull()
      .references(() => programmes.id),
    fundCode: text('fund_code').notNull(),
    associationPath: text('association_path').notNull(),
    budgetedFen: money('budgeted_fen').notNull().default(0),
    awardedFen: money('awarded_fen').notNull().default(0),
    committedFen: money('committed_fen').notNull().default(0),
    disbursedFen: money('disbursed_fen').notNull().default(0),
    spentFen: money('spent_fen').notNull().default(0),
    refundedFen: money('refunded_fen').notNull().default(0),
    recoveredFen: money('recovered_fen').notNull().default(0),
    entries: integer('entries').notNull().default(0),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.programmeId, t.fundCode] })],
);

export const fundProjectBalances = pgTable(
  'fund_project_balances',
  {
    programmeId: uuid('programme_id').notNull(),
    fundCode: text('fund_code').notNull(),
    /** 'capacityApplication' | 'project' */
    projectKind: text('project_kind').notNull(),
    projectId: uuid('project_id').notNull(),
    societyId: uuid('society_id')
      .notNull()
      .references(() => organisations.id),
    awardFen: money('award_fen').notNull(),
    cancelled: boolean('cancelled').notNull().default(false),
    disbursedFen: money('disbursed_fen').notNull().default(0),
    spentFen: money('spent_fen').notNull().default(0),
    refundedFen: money('refunded_fen').notNull().default(0),
    recoveredFen: money('recovered_fen').notNull().default(0),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.projectKind, t.projectId] }), index('fund_project_balances_fund_idx').on(t.programmeId, t.fundCode, t.projectId)],
);

export const fundEntries = pgTable(
  'fund_entries',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    programmeId: uuid('programme_id').notNull(),
    fundCode: text('fund_code').notNull(),
    /** budget | award | cancelAward | disburse | expense | refund | recover */
    kind: text('kind').notNull(),
    amountFen: money('amount_fen').notNull(),
    projectKind: text('project_kind'),
    projectId: uuid('project_id'),
    note: text('note'),
    recordedBy: uuid('recorded_by'),
    recordedAt: ts('recorded_at').notNull().defaultNow(),
  },
  (t) => [
    index('fund_entries_fund_recorded_idx').on(t.programmeId, t.fundCode, t.recordedAt.desc().nullsFirst(), t.id.desc().nullsFirst()),
    index('fund_entries_project_idx').on(t.projectKind, t.projectId),
  ],
);

// CAP-4 (migration 0016): the expert review of an application. Every draw is kept with its seed, the
// candidates it ran over and whom it drew (domain/capacity/expert-draw.ts: anyone can re-run it); an
// expert who declares a conflict on opening is recused and a fresh draw replaces them (the recused and
// every earlier draw excluded). Each assignment holds that expert's sheet; no expert reads another's.
export const capacityExpertDraws = pgTable(
  'capacity_expert_draws',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    applicationId: uuid('application_id')
      .notNull()
      .references(() => capacityApplications.id),
    seq: integer('seq').notNull(),
    seed: text('seed').notNull(),
    field: text('field'),
    candidates: jsonb('candidates').$type<string[]>().notNull(),
    drawn: jsonb('drawn').$type<string[]>().notNull(),
    shortBy: integer('short_by').notNull().default(0),
    /** 'initial' | 'replacement' */
    reason: text('reason').notNull(),
    replacedUserId: uuid('replaced_user_id'),
    drawnBy: uuid('drawn_by'),
    drawnAt: ts('drawn_at').notNull().defaultNow(),
  },
  (t) => [uniqueIndex('capacity_expert_draws_key').on(t.applicationId, t.seq)],
);

export const capacityExpertAssignments = pgTable(
  'capacity_expert_assignments',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    applicationId: uuid('application_id')
      .notNull()
      .references(() => capacityApplications.id),
    expertUserId: uuid('expert_user_id')
      .notNull()
      .references(() => users.id),
    drawSeq: integer('draw_seq').notNull(),
    /** 'assigned' | 'recused' | 'submitted' */
    status: text('status').notNull().default('assigned'),
    openedAt: ts('opened_at'),
    recusedAt: ts('recused_at'),
    recusalReason: text('recusal_reason'),
    scores: jsonb('scores').$type<{ code: string; points: number }[] | null>(),
    totalTenths: integer('total_tenths'),
    comment: text('comment'),
    submittedAt: ts('submitted_at'),
    createdAt: ts('created_at').notNull().defaultNow(),
    rowVersion: integer('row_version').notNull().default(1),
  },
  (t) => [
    uniqueIndex('capacity_expert_assignments_key').on(t.applicationId, t.expertUserId),
    index('capacity_expert_assignments_expert_idx').on(t.expertUserId, t.createdAt.desc().nullsFirst(), t.id.desc().nullsFirst()),
  ],
);

// CAP-4: the joint decision per call and project type — the association proposes the funded
// applications from the ranking, the co-managing finance bureau confirms or returns it.
export const capacityDecisions = pgTable(
  'capacity_decisions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    callId: uuid('call_id')
      .notNull()
      .references(() => capacityCalls.id),
    typeCode: text('type_code').notNull(),
    /** application ids funded, in rank order */
    selected: jsonb('selected').$type<string[]>().notNull(),
    note: text('note'),
    /** 'proposed' | 'confirmed' | 'returned' */
    status: text('status').notNull().default('proposed'),
    proposedBy: uuid('proposed_by'),
    proposedAt: ts('proposed_at').notNull().defaultNow(),
    confirmedBy: uuid('confirmed_by'),
    confirmedOrgId: uuid('confirmed_org_id').references(() => organisations.id),
    confirmedAt: ts('confirmed_at'),
    returnComment: text('return_comment'),
    rowVersion: integer('row_version').notNull().default(1),
  },
  (t) => [uniqueIndex('capacity_decisions_call_type_key').on(t.callId, t.typeCode)],
);

// CAP-5, CAP-6, PUB-1: a public notice (公示) of a call's results or evaluation results, for the
// programme's notice days; anyone may object on the portal while it is open. The contact details of
// an objection are SM4-encrypted (platform/crypto); the address only as a keyed hash for rate limits.
export const capacityNotices = pgTable(
  'capacity_notices',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    callId: uuid('call_id')
      .notNull()
      .references(() => capacityCalls.id),
    programmeId: uuid('programme_id')
      .notNull()
      .references(() => programmes.id),
    associationId: uuid('association_id')
      .notNull()
      .references(() => organisations.id),
    associationPath: text('association_path').notNull(),
    /** 'result' (CAP-5, noticePeriodDays) | 'evaluation' (CAP-6, evaluationNoticeDays) */
    kind: text('kind').notNull(),
    title: text('title').notNull(),
    body: text('body').notNull(),
    applicationIds: jsonb('application_ids').$type<string[]>().notNull(),
    startsOn: text('starts_on').notNull(),
    endsOn: text('ends_on').notNull(),
    /** 'open' | 'closed' */
    status: text('status').notNull().default('open'),
    publishedBy: uuid('published_by'),
    publishedAt: ts('published_at').notNull().defaultNow(),
    closedAt: ts('closed_at'),
    rowVersion: integer('row_version').notNull().default(1),
  },
  (t) => [
    // one result notice per call; evaluation notices as many as the evaluations need (migration 0018)
    uniqueIndex('capacity_notices_call_kind_key')
      .on(t.callId, t.kind)
      .where(sql`${t.kind} = 'result'`),
    index('capacity_notices_public_idx').on(t.publishedAt.desc().nullsFirst(), t.id.desc().nullsFirst()),
  ],
);

export const capacityObjections = pgTable(
  'capacity_objections',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    noticeId: uuid('notice_id')
      .notNull()
      .references(() => capacityNotices.id),
    /** the result objected to (one of the notice's applications), or null for the notice as a whole */
    applicationId: uuid('application_id').references(() => capacityApplications.id),
    content: text('content').notNull(),
    nameEnc: text('name_enc'),
    contactEnc: text('contact_enc').notNull(),
    ipHash: text('ip_hash').notNull(),
    /** 'pending' | 'upheld' | 'notUpheld' */
    status: text('status').notNull().default('pending'),
    outcomeReason: text('outcome_reason'),
    handledBy: uuid('handled_by'),
    handledAt: ts('handled_at'),
    createdAt: ts('created_at').notNull().defaultNow(),
    rowVersion: integer('row_version').notNull().default(1),
  },
  (t) => [
    index('capacity_objections_notice_idx').on(t.noticeId, t.createdAt.desc().nullsFirst(), t.id.desc().nullsFirst()),
    index('capacity_objections_ip_idx').on(t.ipHash, t.createdAt),
  ],
);

// CAP-5, FND-4 (migration 0017): the responsibility letter (责任书, the programme's `agreementKind`)
// between the association and a society whose result passed its notice — one per application, SM2-signed
// by both parties over the frozen content's digest like the task book (TB-4), verifiable on the portal by
// its code or an uploaded copy. Signed: the budget is approved and the execution window starts that day.
export const capacityLetters = pgTable(
  'capacity_letters',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    applicationId: uuid('application_id')
      .notNull()
      .references(() => capacityApplications.id),
    /** 'drafting' | 'signing' | 'signed' */
    status: text('status').notNull().default('drafting'),
    content: jsonb('content').$type<Record<string, unknown>>().notNull(),
    contentDigest: text('content_digest'),
    verificationCode: text('verification_code'),
    awardFen: money('award_fen').notNull(),
    /** FND-4: the day both signed (the budget approved); the window's last day (domain/funds windowEndsOn) */
    approvedOn: text('approved_on'),
    windowEndsOn: text('window_ends_on'),
    createdBy: uuid('created_by'),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
    frozenAt: ts('frozen_at'),
    signedAt: ts('signed_at'),
    rowVersion: integer('row_version').notNull().default(1),
  },
  (t) => [uniqueIndex('capacity_letters_application_key').on(t.applicationId), uniqueIndex('capacity_letters_code_key').on(t.verificationCode)],
);

export const capacityLetterSignatures = pgTable(
  'capacity_letter_signatures',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    letterId: uuid('letter_id')
      .notNull()
      .references(() => capacityLetters.id),
    party: text('party').notNull(), // association | society
    orgId: uuid('org_id')
      .notNull()
      .references(() => organisations.id),
    keyId: uuid('key_id')
      .notNull()
      .references(() => orgSigningKeys.id),
    digest: text('digest').notNull(),
    signature: text('signature').notNull(),
    signerId: uuid('signer_id').notNull(),
    signerName: text('signer_name').notNull(),
    signedAt: ts('signed_at').notNull().defaultNow(),
  },
  (t) => [uniqueIndex('capacity_letter_signatures_party_key').on(t.letterId, t.party)],
);

export const capacityLetterDocuments = pgTable(
  'capacity_letter_documents',
  {
    letterId: uuid('letter_id')
      .notNull()
      .references(() => capacityLetters.id),
    format: text('format').notNull(), // docx | pdf
    sm3: text('sm3').notNull(),
    storageKey: text('storage_key').notNull(),
    sizeBytes: integer('size_bytes').notNull(),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.letterId, t.format] }), index('capacity_letter_documents_sm3_idx').on(t.sm3)],
);

// CAP-6, FND-1…FND-5 (migration 0017): a funded project's implementation — progress reports, expenses
// against the approved budget lines (with evidence; procurement and fixed assets flagged for the
// association), and budget adjustments through an approval like the application's.
export const capacityProgressReports = pgTable(
  'capacity_progress_reports',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    applicationId: uuid('application_id')
      .notNull()
      .references(() => capacityApplications.id),
    title: text('title').notNull(),
    body: text('body').notNull(),
    attachmentIds: jsonb('attachment_ids').$type<string[]>().notNull().default(sql`'[]'::jsonb`),
    createdBy: uuid('created_by'),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [index('capacity_progress_reports_app_idx').on(t.applicationId, t.createdAt.desc().nullsFirst(), t.id.desc().nullsFirst())],
);

export const capacityExpenses = pgTable(
  'capacity_expenses',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    applicationId: uuid('application_id')
      .notNull()
      .references(() => capacityApplications.id),
    category: text('category').notNull(),
    item: text('item'),
    amountFen: money('amount_fen').notNull(),
    spentOn: text('spent_on').notNull(),
    description: text('description').notNull(),
    fixedAsset: boolean('fixed_asset').notNull().default(false),
    /** 'procurement' | 'fixedAsset': accepted, flagged for the association (FND-5) */
    flags: jsonb('flags').$type<string[]>().notNull().default(sql`'[]'::jsonb`),
    /** the association has looked at a flagged expense */
    flagCheckedAt: ts('flag_checked_at'),
    flagCheckedBy: uuid('flag_checked_by'),
    attachmentIds: jsonb('attachment_ids').$type<string[]>().notNull().default(sql`'[]'::jsonb`),
    recordedBy: uuid('recorded_by'),
    recordedAt: ts('recorded_at').notNull().defaultNow(),
  },
  (t) => [index('capacity_expenses_app_idx').on(t.applicationId, t.recordedAt.desc().nullsFirst(), t.id.desc().nullsFirst())],
);

export const capacityBudgetAdjustments = pgTable(
  'capacity_budget_adjustments',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    applicationId: uuid('application_id')
      .notNull()
      .references(() => capacityApplications.id),
    /** the approved budget lines before, and as asked */
    before: jsonb('before').$type<{ category: string; item: string | null; amountFen: number; note: string | null }[]>().notNull(),
    after: jsonb('after').$type<{ category: string; item: string | null; amountFen: number; note: string | null }[]>().notNull(),
    reason: text('reason').notNull(),
    /** 'pending' | 'approved' | 'rejected' | 'withdrawn' */
    status: text('status').notNull().default('pending'),
    decidedBy: uuid('decided_by'),
    decidedAt: ts('decided_at'),
    comment: text('comment'),
    createdBy: uuid('created_by'),
    createdAt: ts('created_at').notNull().defaultNow(),
    rowVersion: integer('row_version').notNull().default(1),
  },
  (t) => [
    index('capacity_budget_adjustments_app_idx').on(t.applicationId, t.createdAt.desc().nullsFirst()),
    uniqueIndex('capacity_budget_adjustments_pending_key').on(t.applicationId).where(sql`${t.status} = 'pending'`),
  ],
);

// CAP-6 (migration 0018): the evaluation (评估) of a funded project by the association with the
// co-managing finance bureau: passed or failed with findings; proposed by the association, confirmed
// (or returned) by the bureau — confirmed at once when the bureau does not co-manage. A passed
// evaluation goes on an evaluation notice (capacity_notices kind 'evaluation', evaluationNoticeDays);
// its outcome there is kept here: 'cleared' (no upheld objection: disbursement may follow) or 'upheld'.
export const capacityEvaluations = pgTable(
  'capacity_evaluations',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    applicationId: uuid('application_id')
      .notNull()
      .references(() => capacityApplications.id),
    callId: uuid('call_id')
      .notNull()
      .references(() => capacityCalls.id),
    /** 'passed' | 'failed' */
    result: text('result').notNull(),
    /** 0–100, optional */
    score: integer('score'),
    findings: text('findings').notNull(),
    attachmentIds: jsonb('attachment_ids').$type<string[]>().notNull().default(sql`'[]'::jsonb`),
    /** 'proposed' | 'returned' | 'confirmed' */
    status: text('status').notNull().default('proposed'),
    proposedBy: uuid('proposed_by'),
    proposedAt: ts('proposed_at').notNull().defaultNow(),
    confirmedBy: uuid('confirmed_by'),
    confirmedOrgId: uuid('confirmed_org_id').references(() => organisations.id),
    confirmedAt: ts('confirmed_at'),
    returnComment: text('return_comment'),
    /** the evaluation notice it went on, and the outcome when that notice closed: 'cleared' | 'upheld' */
    noticeId: uuid('notice_id').references(() => capacityNotices.id),
    noticeOutcome: text('notice_outcome'),
    rowVersion: integer('row_version').notNull().default(1),
  },
  (t) => [uniqueIndex('capacity_evaluations_application_key').on(t.applicationId), index('capacity_evaluations_call_idx').on(t.callId)],
);

// CAP-6 (migration 0018): the yearly acceptance (验收) of a disbursed project by the association with
// the co-managing finance bureau: passed or failed with the opinion; proposed, then confirmed or
// returned like the evaluation. A failed acceptance leads to recovery and debarment (CAP-7).
export const capacityAcceptances = pgTable(
  'capacity_acceptances',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    applicationId: uuid('application_id')
      .notNull()
      .references(() => capacityApplications.id),
    year: integer('year').notNull(),
    /** 'passed' | 'failed' */
    result: text('result').notNull(),
    opinion: text('opinion').notNull(),
    attachmentIds: jsonb('attachment_ids').$type<string[]>().notNull().default(sql`'[]'::jsonb`),
    /** 'proposed' | 'returned' | 'confirmed' */
    status: text('status').notNull().default('proposed'),
    proposedBy: uuid('proposed_by'),
    proposedAt: ts('proposed_at').notNull().defaultNow(),
    confirmedBy: uuid('confirmed_by'),
    confirmedOrgId: uuid('confirmed_org_id').references(() => organisations.id),
    confirmedAt: ts('confirmed_at'),
    returnComment: text('return_comment'),
    rowVersion: integer('row_version').notNull().default(1),
  },
  (t) => [uniqueIndex('capacity_acceptances_application_key').on(t.applicationId)],
);

// FND-4, FND-6, CAP-7 (migration 0018): money coming back from a project — a refund (退还) of what was
// not spent within the execution window, or a recovery (追回/收回) on one of the programme's grounds
// (sanctions.recoverFundsOn) with the responsibility found (FND-6: 追究相关人员的责任). The amount is
// the ledger's refund/recover entry (0 when nothing had been paid: the award is cancelled instead).
// A ground with debarment years (sanctions) writes the debarment into the society's yearly facts;
// the period written is kept here.
export const capacityFundReturns = pgTable(
  'capacity_fund_returns',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    applicationId: uuid('application_id')
      .notNull()
      .references(() => capacityApplications.id),
    /** 'refund' | 'recovery' */
    kind: text('kind').notNull(),
    amountFen: money('amount_fen').notNull(),
    /** a recovery's ground (FundRecoveryGround); null for a refund */
    ground: text('ground'),
    /** FND-6: the persons and the responsibility found (a recovery) */
    responsibility: text('responsibility'),
    note: text('note'),
    /** CAP-7: the debarment written into the society's yearly facts, if the ground carries one */
    debarment: jsonb('debarment').$type<{ reason: string; startsOn: string; endsOn: string; years: number } | null>(),
    attachmentIds: jsonb('attachment_ids').$type<string[]>().notNull().default(sql`'[]'::jsonb`),
    recordedBy: uuid('recorded_by'),
    recordedAt: ts('recorded_at').notNull().defaultNow(),
  },
  (t) => [index('capacity_fund_returns_app_idx').on(t.applicationId, t.recordedAt.desc().nullsFirst(), t.id.desc().nullsFirst())],
);

// EVA-1 (migration 0020): the completion of a pilot project (结项). The society reports it with its
// summary report, the actual value and evidence of every KPI of the task book in force (and its
// performance self-evaluation when the programme's `evaluators` include the society); the assessors
// the programme names (`evaluators` ∩ department, association, finance bureau, in that order; the
// association when none is named) each give a verdict in turn. Any return sends the report back to
// the society, which submits a new round; the last verdict closes it, the most severe verdict being
// the result: the project becomes 已完成 or 未通过. One open round per project; the rounds are kept.
export interface CompletionKpi {
  name: string;
  target: number;
  unit: string;
  actual: number;
  evidence: string;
}
export interface CompletionAssessment {
  step: number;
  /** 'department' | 'association' | 'financeBureau' */
  assessor: string;
  /** 'passed' | 'passedWithConditions' | 'failed' | 'returned' */
  verdict: string;
  opinion: string;
  orgId: string;
  orgName: string;
  userId: string;
  userName: string;
  at: string;
}
export const projectCompletions = pgTable(
  'project_completions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    projectId: uuid('project_id')
      .notNull()
      .references(() => pilotProjects.id),
    /** the task book in force when reported: its KPIs are the ones reported */
    taskBookId: uuid('task_book_id').references(() => taskBooks.id),
    round: integer('round').notNull(),
    /** assessing | returned | withdrawn | passed | passedWithConditions | failed */
    status: text('status').notNull().default('assessing'),
    summary: text('summary').notNull(),
    selfEvaluation: text('self_evaluation'),
    kpis: jsonb('kpis').$type<CompletionKpi[]>().notNull().default(sql`'[]'::jsonb`),
    attachmentIds: jsonb('attachment_ids').$type<string[]>().notNull().default(sql`'[]'::jsonb`),
    /** the assessors, copied from the programme when submitted */
    steps: jsonb('steps').$type<string[]>().notNull(),
    assessments: jsonb('assessments').$type<CompletionAssessment[]>().notNull().default(sql`'[]'::jsonb`),
    submittedBy: uuid('submitted_by'),
    submittedByName: text('submitted_by_name'),
    submittedAt: ts('submitted_at').notNull().defaultNow(),
    closedAt: ts('closed_at'),
    rowVersion: integer('row_version').notNull().default(1),
  },
  (t) => [
    uniqueIndex('project_completions_round_key').on(t.projectId, t.round),
    uniqueIndex('project_completions_open_key').on(t.projectId).where(sql`${t.status} = 'assessing'`),
    index('project_completions_closed_idx').on(t.status, t.closedAt),
  ],
);

// ORG-4 (migration 0020): the association's classification of a society for managed development
// (固强 / 新建 / 稳定 / 退出, 004 §3(1)) with its reasons. Every classification is a row; the latest is
// in force, the earlier ones are its history. `suggestedTier` keeps what the platform suggested at
// the time (EVA-6), which never decides.
export const societyTiers = pgTable(
  'society_tiers',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    societyId: uuid('society_id')
      .notNull()
      .references(() => organisations.id),
    associationId: uuid('association_id')
      .notNull()
      .references(() => organisations.id),
    /** strengthen | build | stabilise | exit */
    tier: text('tier').notNull(),
    reasons: text('reasons').notNull(),
    suggestedTier: text('suggested_tier'),
    decidedBy: uuid('decided_by'),
    decidedByName: text('decided_by_name'),
    decidedAt: ts('decided_at').notNull().defaultNow(),
  },
  (t) => [index('society_tiers_society_idx').on(t.societyId, t.decidedAt.desc().nullsFirst(), t.id.desc().nullsFirst())],
);

// ORG-5 (migration 0020): the yearly willingness and capability survey of an association's societies
// (004 §1): a round per association and year, one answer per society (revisable while the round is
// open): willing to undertake, believes it is capable, the commissioning modes it prefers, and the
// items it hopes to take on (STA-1 items hoped for).
export const willingnessRounds = pgTable(
  'willingness_rounds',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    associationId: uuid('association_id')
      .notNull()
      .references(() => organisations.id),
    year: integer('year').notNull(),
    title: text('title').notNull(),
    opensOn: text('opens_on').notNull(), // YYYY-MM-DD
    closesOn: text('closes_on').notNull(), // YYYY-MM-DD
    /** open | closed */
    status: text('status').notNull().default('open'),
    createdBy: uuid('created_by'),
    createdAt: ts('created_at').notNull().defaultNow(),
    closedAt: ts('closed_at'),
    rowVersion: integer('row_version').notNull().default(1),
  },
  (t) => [uniqueIndex('willingness_rounds_association_year_key').on(t.associationId, t.year)],
);

export const willingnessResponses = pgTable(
  'willingness_responses',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    roundId: uuid('round_id')
      .notNull()
      .references(() => willingnessRounds.id),
    societyId: uuid('society_id')
      .notNull()
      .references(() => organisations.id),
    willing: boolean('willing').notNull(),
    capable: boolean('capable').notNull(),
    /** ProcurementMode[] */
    preferredModes: jsonb('preferred_modes').$type<string[]>().notNull().default(sql`'[]'::jsonb`),
    /** the functions or items the society hopes to take on, one text each */
    hopedItems: jsonb('hoped_items').$type<string[]>().notNull().default(sql`'[]'::jsonb`),
    note: text('note'),
    answeredBy: uuid('answered_by'),
    answeredByName: text('answered_by_name'),
    answeredAt: ts('answered_at').notNull().defaultNow(),
    rowVersion: integer('row_version').notNull().default(1),
  },
  (t) => [uniqueIndex('willingness_responses_round_society_key').on(t.roundId, t.societyId)],
);

// EVA-2, EVA-3 (migration 0021): the association's commission of a third-party evaluator (第三方评估机构)
// for its programme or a set of its pilot projects, for a period (domain/evaluation/performance.ts);
// while it runs, the evaluator's staff read the commissioned projects (projects/projects.ts).
export const evaluationCommissions = pgTable(
  'evaluation_commissions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    programmeId: uuid('programme_id')
      .notNull()
      .references(() => programmes.id),
    associationId: uuid('association_id')
      .notNull()
      .references(() => organisations.id),
    associationPath: text('association_path').notNull(),
    evaluatorOrgId: uuid('evaluator_org_id')
      .notNull()
      .references(() => organisations.id),
    title: text('title').notNull(),
    /** programme | projects */
    scope: text('scope').notNull(),
    /** the commissioned projects when scope = 'projects' (ids as text) */
    projectIds: jsonb('project_ids').$type<string[]>().notNull().default(sql`'[]'::jsonb`),
    startsOn: text('starts_on').notNull(), // YYYY-MM-DD
    endsOn: text('ends_on').notNull(), // YYYY-MM-DD
    note: text('note'),
    /** active | cancelled */
    status: text('status').notNull().default('active'),
    createdBy: uuid('created_by'),
    createdByName: text('created_by_name'),
    createdAt: ts('created_at').notNull().defaultNow(),
    cancelledAt: ts('cancelled_at'),
    rowVersion: integer('row_version').notNull().default(1),
  },
  (t) => [index('evaluation_commissions_evaluator_idx').on(t.evaluatorOrgId, t.status), index('evaluation_commissions_programme_idx').on(t.programmeId)],
);

// EVA-2, EVA-3 (migration 0021): the evaluator's performance report — one per commissioned project
// (its KPIs verified and scored by the programme's `performanceScoring`, the score and grade) and one
// for the programme (project_id null); submitted, then accepted or returned by the association; an
// accepted report may be published on the portal (PUB-1).
export interface ScoredKpiRow {
  name: string;
  target: number;
  unit: string;
  actual: number;
  evidence: string;
  score: number;
}
export const performanceEvaluations = pgTable(
  'performance_evaluations',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    commissionId: uuid('commission_id')
      .notNull()
      .references(() => evaluationCommissions.id),
    projectId: uuid('project_id').references(() => pilotProjects.id),
    /** the task book in force whose KPIs were scored */
    taskBookId: uuid('task_book_id').references(() => taskBooks.id),
    /** draft | submitted | returned | accepted */
    status: text('status').notNull().default('draft'),
    kpis: jsonb('kpis').$type<ScoredKpiRow[]>().notNull().default(sql`'[]'::jsonb`),
    score: integer('score'),
    grade: text('grade'),
    passed: boolean('passed'),
    findings: text('findings').notNull(),
    recommendations: text('recommendations'),
    attachmentIds: jsonb('attachment_ids').$type<string[]>().notNull().default(sql`'[]'::jsonb`),
    createdBy: uuid('created_by'),
    updatedByName: text('updated_by_name'),
    updatedAt: ts('updated_at').notNull().defaultNow(),
    submittedAt: ts('submitted_at'),
    decidedBy: uuid('decided_by'),
    decidedByName: text('decided_by_name'),
    decidedAt: ts('decided_at'),
    decisionComment: text('decision_comment'),
    publishedAt: ts('published_at'),
    rowVersion: integer('row_version').notNull().default(1),
  },
  (t) => [
    uniqueIndex('performance_evaluations_project_key').on(t.commissionId, t.projectId).where(sql`${t.projectId} IS NOT NULL`),
    uniqueIndex('performance_evaluations_programme_key').on(t.commissionId).where(sql`${t.projectId} IS NULL`),
    index('performance_evaluations_published_idx').on(t.publishedAt.desc().nullsFirst(), t.id.desc().nullsFirst()).where(sql`${t.publishedAt} IS NOT NULL`),
  ],
);

// EVA-4 (migration 0022): a satisfaction survey of a programme (004 §3(3)3: 政府部门和学会满意度均为100%).
// The respondent groups are a subset of the programme's `satisfactionSurvey`; the questions are
// copied into the survey when it is opened, so answers always read against what was asked.
export interface SurveyQuestion {
  key: string;
  text: string;
  /** rating: 非常满意 … 非常不满意 (5 … 1); text: a free answer */
  kind: 'rating' | 'text';
}
export const satisfactionSurveys = pgTable(
  'satisfaction_surveys',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    programmeId: uuid('programme_id')
      .notNull()
      .references(() => programmes.id),
    associationId: uuid('association_id')
      .notNull()
      .references(() => organisations.id),
    associationPath: text('association_path').notNull(),
    year: integer('year').notNull(),
    title: text('title').notNull(),
    intro: text('intro'),
    /** SurveyRespondent[]: department | society | public */
    groups: jsonb('groups').$type<string[]>().notNull(),
    questions: jsonb('questions').$type<SurveyQuestion[]>().notNull(),
    opensOn: text('opens_on').notNull(), // YYYY-MM-DD
    closesOn: text('closes_on').notNull(), // YYYY-MM-DD
    /** draft | open | closed */
    status: text('status').notNull().default('draft'),
    createdBy: uuid('created_by'),
    createdByName: text('created_by_name'),
    createdAt: ts('created_at').notNull().defaultNow(),
    openedAt: ts('opened_at'),
    closedAt: ts('closed_at'),
    rowVersion: integer('row_version').notNull().default(1),
  },
  (t) => [index('satisfaction_surveys_programme_idx').on(t.programmeId, t.createdAt.desc().nullsFirst(), t.id.desc().nullsFirst()), index('satisfaction_surveys_association_year_idx').on(t.associationId, t.year)],
);

// EVA-4: one invitation per respondent: an organisation (department, society) or an anonymous
// member of the public. The link carries a random token; only its hash finds the invitation, the
// encrypted token lets the association show the link again. One answer per invitation.
export const surveyInvitations = pgTable(
  'survey_invitations',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    surveyId: uuid('survey_id')
      .notNull()
      .references(() => satisfactionSurveys.id),
    /** department | society | public */
    respondentGroup: text('respondent_group').notNull(),
    /** the invited organisation; null for the public */
    orgId: uuid('org_id').references(() => organisations.id),
    /** how the association tells the invitations apart (an organisation's name, 公众 第 n 份) */
    label: text('label').notNull(),
    tokenHash: text('token_hash').notNull(),
    tokenEnc: text('token_enc').notNull(),
    /** pending | answered | revoked */
    status: text('status').notNull().default('pending'),
    createdAt: ts('created_at').notNull().defaultNow(),
    answeredAt: ts('answered_at'),
    rowVersion: integer('row_version').notNull().default(1),
  },
  (t) => [
    uniqueIndex('survey_invitations_token_key').on(t.tokenHash),
    uniqueIndex('survey_invitations_org_key').on(t.surveyId, t.orgId).where(sql`${t.orgId} IS NOT NULL`),
    index('survey_invitations_survey_idx').on(t.surveyId, t.respondentGroup, t.createdAt, t.id),
    index('survey_invitations_org_idx').on(t.orgId, t.status),
  ],
);

// EVA-4: the answer of an invitation. A public answer keeps no person, address or organisation.
export const surveyAnswers = pgTable(
  'survey_answers',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    surveyId: uuid('survey_id')
      .notNull()
      .references(() => satisfactionSurveys.id),
    invitationId: uuid('invitation_id')
      .notNull()
      .references(() => surveyInvitations.id),
    respondentGroup: text('respondent_group').notNull(),
    /** question key → rating (1…5) or text */
    answers: jsonb('answers').$type<Record<string, number | string>>().notNull(),
    /** the overall rating (1…5) */
    overall: integer('overall').notNull(),
    /** whether the overall rating counts as satisfied (the survey rule when answered) */
    satisfied: boolean('satisfied').notNull(),
    comment: text('comment'),
    answeredAt: ts('answered_at').notNull().defaultNow(),
  },
  (t) => [uniqueIndex('survey_answers_invitation_key').on(t.invitationId), index('survey_answers_survey_idx').on(t.surveyId, t.respondentGroup)],
);

// EVA-5 (migration 0022): the typical-case library (典型案例, 004 §3(2)3 抓好典型案例的宣传和推广;
// 001 §4(1)3; 002 §6–7): the association writes up a completed project as a replicable model and may
// publish it on the portal, where it is searchable (X-5).
export const typicalCases = pgTable(
  'typical_cases',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    programmeId: uuid('programme_id')
      .notNull()
      .references(() => programmes.id),
    associationId: uuid('association_id')
      .notNull()
      .references(() => organisations.id),
    associationPath: text('association_path').notNull(),
    projectId: uuid('project_id')
      .notNull()
      .references(() => pilotProjects.id),
    title: text('title').notNull(),
    summary: text('summary').notNull(),
    /** the write-up: background, what was done, results, the replicable experience */
    body: text('body').notNull(),
    experience: text('experience').notNull(),
    tags: jsonb('tags').$type<string[]>().notNull().default(sql`'[]'::jsonb`),
    attachmentIds: jsonb('attachment_ids').$type<string[]>().notNull().default(sql`'[]'::jsonb`),
    /** draft | published | withdrawn */
    status: text('status').notNull().default('draft'),
    search: tsvector('search'),
    publishedAt: ts('published_at'),
    publishedBy: uuid('published_by'),
    withdrawnAt: ts('withdrawn_at'),
    createdBy: uuid('created_by'),
    createdByName: text('created_by_name'),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
    rowVersion: integer('row_version').notNull().default(1),
  },
  (t) => [
    index('typical_cases_programme_idx').on(t.programmeId, t.createdAt.desc().nullsFirst(), t.id.desc().nullsFirst()),
    index('typical_cases_association_idx').on(t.associationPath.op('text_pattern_ops'), t.createdAt.desc().nullsFirst(), t.id.desc().nullsFirst()),
    index('typical_cases_public_idx').on(t.publishedAt.desc().nullsFirst(), t.id.desc().nullsFirst()).where(sql`${t.status} = 'published'`),
    index('typical_cases_search_idx').using('gin', t.search),
  ],
);

// STA-1 (migrations 0022, 0023): the indicators of seed 004 per association and year, maintained in
// the transaction that changes the facts (triggers of migration 0023), never scanned when read.
// A member row is one record an indicator counts (its drill-down); the count row is their number.
// A fact is attributed to one association only (a society's and a department's own association,
// an item's and a survey's programme association), so a subtree's figure is the sum of its rows.
export const indicatorCounts = pgTable(
  'indicator_counts',
  {
    associationId: uuid('association_id').notNull(),
    /** the programme year; 0 for a stock that is not yearly (the societies on the roll) */
    year: integer('year').notNull(),
    indicator: text('indicator').notNull(),
    value: bigint('value', { mode: 'number' }).notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.associationId, t.year, t.indicator] })],
);
export const indicatorMembers = pgTable(
  'indicator_members',
  {
    associationId: uuid('association_id').notNull(),
    year: integer('year').notNull(),
    indicator: text('indicator').notNull(),
    memberId: uuid('member_id').notNull(),
  },
  (t) => [primaryKey({ columns: [t.associationId, t.year, t.indicator, t.memberId] })],
);

// STA-2 (migration 0023): dashboard counts per programme (items by category and state, projects by
// stage, open key nodes by due day, evaluation grades), maintained like the indicators.
export const dashboardCounts = pgTable(
  'dashboard_counts',
  {
    programmeId: uuid('programme_id').notNull(),
    dimension: text('dimension').notNull(),
    key: text('key').notNull(),
    value: bigint('value', { mode: 'number' }).notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.programmeId, t.dimension, t.key] })],
);

// STA-2 (migration 0024): the dashboard counts of a whole association subtree and year — each published
// programme's dashboard_counts added to its association and to every ancestor association — kept by
// statement triggers on dashboard_counts and programmes, so a province's dashboard reads its own few
// hundred rows instead of the rows of all its programmes (bench/indicators.ts).
export const dashboardSubtreeCounts = pgTable(
  'dashboard_subtree_counts',
  {
    associationId: uuid('association_id').notNull(),
    year: integer('year').notNull(),
    dimension: text('dimension').notNull(),
    key: text('key').notNull(),
    value: bigint('value', { mode: 'number' }).notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.associationId, t.year, t.dimension, t.key] })],
);

// STA-1, PUB-1: the indicators an association publishes on the portal for a year: the figures as
// they stood when published (a later change needs a new publication).
export const indicatorPublications = pgTable(
  'indicator_publications',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    associationId: uuid('association_id')
      .notNull()
      .references(() => organisations.id),
    year: integer('year').notNull(),
    /** indicator key → value, as published */
    figures: jsonb('figures').$type<Record<string, number>>().notNull(),
    publishedBy: uuid('published_by'),
    publishedByName: text('published_by_name'),
    publishedAt: ts('published_at').notNull().defaultNow(),
    withdrawnAt: ts('withdrawn_at'),
  },
  (t) => [
    uniqueIndex('indicator_publications_live_key').on(t.associationId, t.year).where(sql`${t.withdrawnAt} IS NULL`),
    index('indicator_publications_public_idx').on(t.publishedAt.desc().nullsFirst(), t.id.desc().nullsFirst()).where(sql`${t.withdrawnAt} IS NULL`),
  ],
);
