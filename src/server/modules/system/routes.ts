import { sql } from 'drizzle-orm';
import { fundingNatureLabels, fundingSourceLabels } from '../../../domain/taskbook/taskbook.types.js';
import { signingPartyLabels, taskBookLifecycle } from '../../../domain/taskbook/taskbook.lifecycle.js';
import { projectStatusLabels } from '../../../domain/projects/project.status.js';
import type { AppDeps, ZApp } from '../../app.js';
import { AppError } from '../../platform/errors.js';
import { orgTypeLabels, roleCodes, roles } from '../../../domain/access/roles.js';
import {
  affiliationLabels,
  associationLevelLabels,
  commendationLevelLabels,
  inspectionResultLabels,
  officeKindLabels,
  partyOrgLabels,
  societyTypeLabels,
} from '../../../domain/org/org.types.js';
import * as prg from '../../../domain/programme/programme.types.js';
import { ZDictionaries, ZHealth } from '../../../contract/system.js';
import { programmeLifecycle } from '../../../domain/programme/programme.lifecycle.js';

const opts = (labels: Record<string, string>) => Object.entries(labels).map(([value, label]) => ({ value, label }));

export async function systemRoutes(app: ZApp, deps: AppDeps) {
  app.get('/api/v1/health', { schema: { tags: ['系统'], summary: '健康检查', response: { 200: ZHealth } } }, async () => {
    try {
      await deps.database.db.execute(sql`SELECT 1`);
    } catch {
      throw new AppError('UNAVAILABLE', '数据库不可用');
    }
    return { status: 'ok' as const, database: deps.database.driver };
  });

  // Dictionaries, not free text (§6): every enumerated value with its Chinese label.
  const dictionaries = {
    orgTypes: opts(orgTypeLabels),
    associationLevels: opts(associationLevelLabels),
    officeKinds: opts(officeKindLabels),
    societyTypes: opts(societyTypeLabels),
    affiliations: opts(affiliationLabels),
    partyOrgs: opts(partyOrgLabels),
    inspectionResults: opts(inspectionResultLabels),
    commendationLevels: opts(commendationLevelLabels),
    roles: roleCodes.map((r) => ({ value: r, label: roles[r].label, orgTypes: [...roles[r].orgTypes], permissions: [...roles[r].permissions] })),
    programmeKinds: opts(prg.programmeKindLabels),
    programmeStatuses: opts(programmeLifecycle.states),
    reviewOfficeKinds: opts(officeKindLabels), // the same dictionary as officeKinds, under the name a programme's reviewOffices use
    approvalLevels: opts(prg.approvalLevelLabels),
    commissioningModes: opts(prg.commissioningModeLabels),
    procurementModes: opts(prg.procurementModeLabels),
    qualificationRules: opts(prg.qualificationRuleLabels),
    projectLeaderPosts: opts(prg.projectLeaderPostLabels),
    leaderApprovalBodies: opts(prg.leaderApprovalBodyLabels),
    approvers: opts(prg.approverLabels),
    fundingNatures: opts(fundingNatureLabels),
    fundingSources: opts(fundingSourceLabels),
    taskBookStatuses: opts(taskBookLifecycle.states),
    signingParties: opts(signingPartyLabels),
    projectStatuses: opts(projectStatusLabels),
  };
  app.get('/api/v1/dictionaries', { schema: { tags: ['系统'], summary: '数据字典（代码与中文名称）', response: { 200: ZDictionaries } } }, async () => dictionaries);
}
