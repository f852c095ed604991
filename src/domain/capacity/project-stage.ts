// CAP-6, CAP-7, FND-4, FND-6 (issue 13, 项目实施与验收): where a funded capacity-plan project stands
// after its responsibility letter was signed, in words — 实施中, the evaluation and its notice, 已拨付,
// the yearly acceptance, money left unspent when the execution window ended, recovery — and who acts
// next (科协, 财政局, 学会, or nobody). The server decides a row's stage from the application's status,
// its evaluation and that evaluation's notice, its acceptance, the window flag and the ledger's
// balance (capacity/projects.ts, one SQL expression so that a list can filter on it and page by key);
// everything said about a stage is here, so the list, its filter and the page agree.
// Pure TypeScript.

export const projectStages = [
  'implementing',
  'evaluationPending',
  'evaluationReturned',
  'evaluationConfirmed',
  'evaluationNotice',
  'evaluationObjections',
  'evaluationCleared',
  'evaluationFailed',
  'disbursed',
  'acceptancePending',
  'acceptanceReturned',
  'accepted',
  'acceptanceFailed',
  'windowRefund',
  'windowUnpaid',
  'recovered',
] as const;
export type ProjectStage = (typeof projectStages)[number];

/** The stages as the list groups them (实施中 / 评估 / 已拨付 / 验收 / 执行期满未使用资金 / 追回). */
export const projectStageGroups = ['implementing', 'evaluation', 'disbursed', 'acceptance', 'window', 'recovery'] as const;
export type ProjectStageGroup = (typeof projectStageGroups)[number];

export const projectStageGroupLabels: Record<ProjectStageGroup, string> = {
  implementing: '实施中',
  evaluation: '评估',
  disbursed: '已拨付',
  acceptance: '验收',
  window: '执行期满未使用资金',
  recovery: '追回',
};

/** Who acts next on a project: the association that runs the programme, the co-managing finance bureau, the society. */
export const waitingParties = ['association', 'financeBureau', 'society'] as const;
export type WaitingParty = (typeof waitingParties)[number];
export const waitingPartyLabels: Record<WaitingParty, string> = { association: '科协', financeBureau: '财政局', society: '学会' };

/** Which section of the application's page a row opens (the anchors the sections scroll to). */
export type ProjectSection = 'evaluation' | 'closing';

export interface ProjectStageInfo {
  label: string;
  group: ProjectStageGroup;
  waitingOn: WaitingParty | null;
  /** what happens next, in words (null when the project is settled) */
  nextStep: string | null;
  section: ProjectSection;
}

export const projectStageInfo: Record<ProjectStage, ProjectStageInfo> = {
  implementing: { label: '实施中', group: 'implementing', waitingOn: 'society', nextStep: '学会实施项目、登记支出；科协适时组织评估', section: 'evaluation' },
  evaluationPending: { label: '评估待确认', group: 'evaluation', waitingOn: 'financeBureau', nextStep: '财政局确认评估结果', section: 'evaluation' },
  evaluationReturned: { label: '评估结果被退回', group: 'evaluation', waitingOn: 'association', nextStep: '科协修改评估结果后重新提交', section: 'evaluation' },
  evaluationConfirmed: { label: '评估已确认', group: 'evaluation', waitingOn: 'association', nextStep: '科协发布评估结果公示', section: 'evaluation' },
  evaluationNotice: { label: '评估结果公示中', group: 'evaluation', waitingOn: null, nextStep: '公示期满后自动结束', section: 'evaluation' },
  evaluationObjections: { label: '公示期满，异议待处理', group: 'evaluation', waitingOn: 'association', nextStep: '科协处理公示期间的异议', section: 'evaluation' },
  evaluationCleared: { label: '公示无异议', group: 'evaluation', waitingOn: 'association', nextStep: '科协拨付项目资金', section: 'evaluation' },
  evaluationFailed: { label: '评估未通过', group: 'evaluation', waitingOn: null, nextStep: null, section: 'evaluation' },
  disbursed: { label: '资金已拨付', group: 'disbursed', waitingOn: 'society', nextStep: '学会继续实施；科协组织年度验收', section: 'closing' },
  acceptancePending: { label: '验收待确认', group: 'acceptance', waitingOn: 'financeBureau', nextStep: '财政局确认验收结论', section: 'closing' },
  acceptanceReturned: { label: '验收结论被退回', group: 'acceptance', waitingOn: 'association', nextStep: '科协重新提出验收结论', section: 'closing' },
  accepted: { label: '验收合格', group: 'acceptance', waitingOn: null, nextStep: null, section: 'closing' },
  acceptanceFailed: { label: '验收不合格', group: 'acceptance', waitingOn: 'association', nextStep: '科协追回已拨付的资金', section: 'closing' },
  windowRefund: { label: '执行期满，待退还未使用资金', group: 'window', waitingOn: 'society', nextStep: '学会退还未使用的资金，科协登记', section: 'closing' },
  windowUnpaid: { label: '执行期满，资助尚未拨付', group: 'window', waitingOn: 'association', nextStep: '科协按实际支出拨付或撤销资助', section: 'closing' },
  recovered: { label: '资金已追回', group: 'recovery', waitingOn: null, nextStep: null, section: 'closing' },
};

/** The stages of a group, in the order of the list's filter. */
export const stagesOfGroup = (g: ProjectStageGroup): ProjectStage[] => projectStages.filter((s) => projectStageInfo[s].group === g);

/** The stages that wait on `party`. */
export const stagesWaitingOn = (party: WaitingParty): ProjectStage[] => projectStages.filter((s) => projectStageInfo[s].waitingOn === party);

/** A filter value: a group (its every stage) or one stage. The groups 实施中 and 已拨付 have one stage of the same name. */
export const projectStageFilters = [...new Set<string>([...projectStageGroups, ...projectStages])] as (ProjectStageGroup | ProjectStage)[];
export type ProjectStageFilter = ProjectStageGroup | ProjectStage;

/** The stages a filter value stands for. */
export function stagesOfFilter(f: ProjectStageFilter): ProjectStage[] {
  return (projectStageGroups as readonly string[]).includes(f) ? stagesOfGroup(f as ProjectStageGroup) : [f as ProjectStage];
}

/** The application states of a project whose letter is signed (the list shows these). */
export const fundedApplicationStates = ['funded', 'evaluationFailed', 'disbursed', 'accepted', 'acceptanceFailed', 'revoked'] as const;
