// Health and dictionaries (issue 12 §1).
import { z } from 'zod';
import { ZOption } from './common.js';

export const ZHealth = z.object({ status: z.literal('ok'), database: z.enum(['postgres', 'pglite']) });
export type Health = z.infer<typeof ZHealth>;

export const ZRoleOption = ZOption.extend({ orgTypes: z.array(z.string()), permissions: z.array(z.string()) });
export type RoleOption = z.infer<typeof ZRoleOption>;

/** Every enumerated value with its Chinese label (§6: dictionaries, not free text). */
export const ZDictionaries = z
  .object({
    orgTypes: z.array(ZOption),
    associationLevels: z.array(ZOption),
    officeKinds: z.array(ZOption),
    societyTypes: z.array(ZOption),
    affiliations: z.array(ZOption),
    partyOrgs: z.array(ZOption),
    inspectionResults: z.array(ZOption),
    commendationLevels: z.array(ZOption),
    roles: z.array(ZRoleOption),
    programmeKinds: z.array(ZOption),
    programmeStatuses: z.array(ZOption),
    reviewOfficeKinds: z.array(ZOption),
    approvalLevels: z.array(ZOption),
    commissioningModes: z.array(ZOption),
    procurementModes: z.array(ZOption),
    qualificationRules: z.array(ZOption),
    projectLeaderPosts: z.array(ZOption),
    leaderApprovalBodies: z.array(ZOption),
    approvers: z.array(ZOption),
    fundingNatures: z.array(ZOption),
    fundingSources: z.array(ZOption),
    taskBookStatuses: z.array(ZOption),
    signingParties: z.array(ZOption),
    projectStatuses: z.array(ZOption),
  })
  .meta({ id: 'Dictionaries' });
export type Dictionaries = z.infer<typeof ZDictionaries>;
export type DictName = keyof Dictionaries;
