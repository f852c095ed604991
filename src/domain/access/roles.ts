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
  // CAP-1: the yearly call of a capacity-improvement programme; the co-managing finance bureau confirms it
  'capacityCall.manage',
  'capacityCall.confirm',
  // CAP-2, CAP-3: a society applies to the call; the association reviews the application's form
  'capacityApplication.submit',
  'capacityApplication.review',
  // FND-5, FND-7: the fund ledger — read by the association and the co-managing finance bureau, kept by the association
  'fund.read',
  'fund.manage',
  // CAP-4: an expert scores the applications drawn to them
  'capacityReview.score',
  // CAP-5: the responsibility letter is signed by the association and the society (SM2, like the task book)
  'capacityLetter.sign',
  // ORG-4, EVA-6: the association classifies its societies (固强/新建/稳定/退出); the society reads its own tier
  'society.tier.read',
  'society.tier.classify',
  // ORG-5: the yearly willingness and capability survey — the association runs it, the societies answer
  'willingness.manage',
  'willingness.answer',
  // EVA-2, EVA-3: the association commissions a third-party evaluator; the evaluator's staff score the commissioned projects
  'evaluation.commission',
  'evaluation.perform',
  // EVA-4: the association runs satisfaction surveys of its programmes; the invited departments and societies answer
  'survey.manage',
  'survey.answer',
  // EVA-5: the typical-case library — the association's staff read the cases of their subtree, its administrators write and publish them
  'case.read',
  'case.manage',
  // STA-1…STA-3: the association reads its indicators, dashboards and reports and publishes the indicators
  'statistics.read',
  'statistics.publish',
] as const;
export type Permission = (typeof permissions)[number];

/** Each permission named by what it allows — the words a page and a refusal use (docs/UI.md), never the code. */
export const permissionLabels: Record<Permission, string> = {
  'org.read': '查看组织机构',
  'org.create': '新增组织机构',
  'org.update': '修改组织机构',
  'society.read': '查看学会',
  'society.create': '新增学会',
  'society.update': '修改学会档案',
  'society.facts.update': '登记学会年度情况',
  'user.read': '查看用户',
  'user.create': '新增用户',
  'user.update': '修改用户',
  'user.pii.read': '查看完整个人信息',
  'programme.read': '查看方案',
  'programme.create': '新建方案',
  'programme.update': '修改方案',
  'programme.publish': '发布和结束方案',
  'audit.read': '查看审计日志',
  'todo.read': '查看待办',
  'item.read': '查看可转移职能事项',
  'item.manage': '编制可转移职能事项',
  'item.relay': '转发事项至学会',
  'demand.manage': '发布需求目录',
  'declaration.read': '查看申报',
  'declaration.submit': '提交申报',
  'declaration.review': '审核申报',
  'countersign.send': '报送会签',
  'countersign.opinion': '出具会签意见',
  'countersign.approve': '登记审批结果',
  'selection.decide': '择优确定承接学会',
  'project.read': '查看试点项目',
  'project.observe': '观察项目',
  'attachment.upload': '上传附件',
  'taskBook.edit': '填写任务书',
  'taskBook.sign': '签署任务书',
  'supervision.report': '报送实施情况',
  'supervision.decide': '审批实施中的事项',
  'supervision.manage': '监督检查项目',
  'programmeRecord.manage': '管理方案工作记录',
  'capacityCall.manage': '编制和发布申报通知',
  'capacityCall.confirm': '确认申报通知',
  'capacityApplication.submit': '申报能力提升项目',
  'capacityApplication.review': '形式审查能力提升项目申报',
  'fund.read': '查看资金台账',
  'fund.manage': '登记专项资金',
  'capacityReview.score': '评审能力提升项目',
  'capacityLetter.sign': '签署项目责任书',
  'society.tier.read': '查看学会分类',
  'society.tier.classify': '学会分类定级',
  'willingness.manage': '开展承接意愿调查',
  'willingness.answer': '填报承接意愿',
  'evaluation.commission': '委托第三方评估并审核评估报告',
  'evaluation.perform': '开展第三方绩效评估',
  'survey.manage': '开展满意度调查',
  'survey.answer': '填写满意度调查',
  'case.read': '查看典型案例',
  'case.manage': '编写和公开典型案例',
  'statistics.read': '查看统计指标、看板和报告',
  'statistics.publish': '公开统计指标',
};

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
      'capacityCall.manage', 'capacityApplication.review', 'fund.read', 'fund.manage', 'capacityLetter.sign',
      'society.tier.read', 'society.tier.classify', 'willingness.manage', 'evaluation.commission', 'case.read', 'case.manage', 'survey.manage',
      'statistics.read', 'statistics.publish',
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
      'capacityCall.manage', 'capacityApplication.review', 'fund.read',
      'society.tier.read', 'willingness.manage', 'statistics.read', 'case.read',
    ],
  },
  department_user: {
    label: '政府部门经办人',
    orgTypes: ['department'],
    isAdmin: false,
    permissions: ['org.read', 'programme.read', 'todo.read', 'item.read', 'item.manage', 'demand.manage', 'declaration.read', 'selection.decide', 'project.read', 'attachment.upload', 'taskBook.edit', 'taskBook.sign', 'supervision.decide', 'supervision.manage', 'survey.answer'],
  },
  society_admin: {
    label: '学会管理员',
    orgTypes: ['society'],
    isAdmin: false,
    permissions: ['org.read', 'society.read', 'society.update', 'user.read', 'programme.read', 'todo.read', 'item.read', 'declaration.read', 'declaration.submit', 'project.read', 'attachment.upload', 'taskBook.edit', 'taskBook.sign', 'supervision.report', 'capacityApplication.submit', 'capacityLetter.sign', 'society.tier.read', 'willingness.answer', 'survey.answer'],
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
    // CAP-1 under 003: the finance bureau confirms the yearly call before it is published
    permissions: ['org.read', 'society.read', 'programme.read', 'todo.read', 'project.read', 'supervision.decide', 'capacityCall.confirm', 'fund.read'],
  },
  evaluator: {
    label: '第三方评估机构人员',
    orgTypes: ['evaluator'],
    isAdmin: false,
    permissions: ['org.read', 'society.read', 'programme.read', 'todo.read', 'project.observe', 'attachment.upload', 'evaluation.perform'],
  },
  expert: {
    label: '评审专家',
    orgTypes: ['association', 'society', 'department', 'evaluator', 'review_office', 'finance_bureau'],
    isAdmin: false,
    permissions: ['programme.read', 'todo.read', 'project.observe', 'capacityReview.score'],
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
