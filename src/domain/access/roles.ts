// §3.5: permissions are `resource.action` strings and roles map to them here, in one place.
// Routes check the permission; use cases check the record against the user's data scope.

export const permissions = [
  'org.read',
  'org.create',
  'org.update',
  'society.read',
  'society.create',
  'society.update',
  'society.facts.update',
  'user.read',
  'user.create',
  'user.update',
  'user.pii.read',
  'programme.read',
  'programme.create',
  'programme.update',
  'programme.publish',
  'audit.read',
  'todo.read',
  // FUN-1…FUN-5, SEL-1…SEL-7
  'item.read',
  'item.manage',
  'item.relay',
  'demand.manage',
  'declaration.read',
  'declaration.submit',
  'declaration.review',
  'countersign.send',
  'countersign.opinion',
  'countersign.approve',
  'selection.decide',
  'project.read',
  // SUP-4: an observer reads the project they are assigned to (read-only); the assignment decides which
  'project.observe',
  'attachment.upload',
  // TB-1…TB-5: the party's part of a task book; signing needs its own right
  'taskBook.edit',
  'taskBook.sign',
  // SUP-1…SUP-8: what the undertaking society files, what the department and association decide
  'supervision.report',
  'supervision.decide',
  'supervision.manage',
  // PRG-3: meetings, briefings, stage reports and their disclosure
  'programmeRecord.manage',
] as const;
export type Permission = (typeof permissions)[number];

export const orgTypes = ['association', 'department', 'society', 'review_office', 'finance_bureau', 'evaluator'] as const;
export type OrgType = (typeof orgTypes)[number];

export const roleCodes = [
  'association_admin',
  'association_staff',
  'department_user',
  'society_admin',
  'review_officer',
  'finance_officer',
  'evaluator',
  'expert',
] as const;
export type RoleCode = (typeof roleCodes)[number];

export interface RoleDefinition {
  label: string;
  /** organisation types whose users may hold this role */
  orgTypes: readonly OrgType[];
  permissions: readonly Permission[];
  /** administrators must use a second factor when the platform requires it */
  isAdmin: boolean;
}

export const roles: Record<RoleCode, RoleDefinition> = {
  association_admin: {
    label: '科协管理员',
    orgTypes: ['association'],
    isAdmin: true,
    permissions: [
      'org.read', 'org.create', 'org.update',
      'society.read', 'society.create', 'society.update', 'society.facts.update',
      'user.read', 'user.create', 'user.update', 'user.pii.read',
      'programme.read', 'programme.create', 'programme.update', 'programme.publish',
      'audit.read', 'todo.read',
      'item.read', 'item.relay', 'declaration.read', 'declaration.review', 'countersign.send', 'countersign.approve', 'project.read', 'attachment.upload',
      'taskBook.edit', 'taskBook.sign', 'supervision.decide', 'supervision.manage', 'programmeRecord.manage',
    ],
  },
  association_staff: {
    label: '科协工作人员',
    orgTypes: ['association'],
    isAdmin: false,
    permissions: [
      'org.read', 'society.read', 'society.update', 'society.facts.update', 'user.read',
      'programme.read', 'programme.create', 'programme.update', 'todo.read',
      'item.read', 'item.relay', 'declaration.read', 'declaration.review', 'countersign.send', 'project.read', 'attachment.upload',
      'taskBook.edit', 'supervision.manage', 'programmeRecord.manage',
    ],
  },
  department_user: {
    label: '政府部门经办人',
    orgTypes: ['department'],
    isAdmin: false,
    permissions: ['org.read', 'programme.read', 'todo.read', 'item.read', 'item.manage', 'demand.manage', 'declaration.read', 'selection.decide', 'project.read', 'attachment.upload', 'taskBook.edit', 'taskBook.sign', 'supervision.decide', 'supervision.manage'],
  },
  society_admin: {
    label: '学会管理员',
    orgTypes: ['society'],
    isAdmin: false,
    permissions: ['org.read', 'society.read', 'society.update', 'user.read', 'programme.read', 'todo.read', 'item.read', 'declaration.read', 'declaration.submit', 'project.read', 'attachment.upload', 'taskBook.edit', 'taskBook.sign', 'supervision.report'],
  },
  review_officer: {
    label: '审核部门经办人',
    orgTypes: ['review_office'],
    isAdmin: false,
    permissions: ['org.read', 'programme.read', 'todo.read', 'item.read', 'declaration.read', 'countersign.opinion', 'project.read'],
  },
  finance_officer: {
    label: '财政局经办人',
    orgTypes: ['finance_bureau'],
    isAdmin: false,
    // SUP-3, SUP-5 under 003: the finance bureau is an approver the programme may name
    permissions: ['org.read', 'society.read', 'programme.read', 'todo.read', 'project.read', 'supervision.decide'],
  },
  evaluator: {
    label: '第三方评估机构人员',
    orgTypes: ['evaluator'],
    isAdmin: false,
    permissions: ['org.read', 'society.read', 'programme.read', 'todo.read', 'project.observe'],
  },
  expert: {
    label: '评审专家',
    orgTypes: ['association', 'society', 'department', 'evaluator', 'review_office', 'finance_bureau'],
    isAdmin: false,
    permissions: ['programme.read', 'todo.read', 'project.observe'],
  },
};

export const orgTypeLabels: Record<OrgType, string> = {
  association: '科协',
  department: '政府部门',
  society: '学会',
  review_office: '审核部门',
  finance_bureau: '财政局',
  evaluator: '第三方评估机构',
};

export function permissionsOf(roleList: readonly string[]): Set<Permission> {
  const out = new Set<Permission>();
  for (const r of roleList) for (const p of roles[r as RoleCode]?.permissions ?? []) out.add(p);
  return out;
}

export function isAdminRoleSet(roleList: readonly string[]): boolean {
  return roleList.some((r) => roles[r as RoleCode]?.isAdmin);
}

/**
 * Data scope (ORG-1, §4): the subtree a user may reach. Association users reach their association
 * and everything under it; finance bureaus and evaluators read within the association they are
 * attached to; everyone else reaches only their own organisation.
 */
export function scopeRootPath(org: { type: string; path: string }): string {
  if (org.type === 'finance_bureau' || org.type === 'evaluator') {
    return parentPath(org.path) ?? org.path;
  }
  return org.path;
}

export function parentPath(path: string): string | null {
  const parts = path.split('/').filter(Boolean);
  if (parts.length <= 1) return null;
  return parts.slice(0, -1).join('/') + '/';
}

export function isInScope(scopePath: string, targetPath: string): boolean {
  return targetPath.startsWith(scopePath);
}

/** Which roles a user of an organisation type may be given. */
export function rolesForOrgType(type: OrgType): RoleCode[] {
  return roleCodes.filter((r) => roles[r].orgTypes.includes(type));
}
