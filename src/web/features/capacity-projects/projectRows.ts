// Pure helpers of 项目实施与验收 (unit-tested): the stage filter's options in the list's groups, the
// tag colour of a stage, whose turn a row is from the reader's side, where a row opens, and the
// finance bureau's first view (what waits on it). The stages themselves and their words are the
// domain's (domain/capacity/project-stage.ts), as the server sends them.
import type { CapacityProjectRow } from '../../../contract/capacity-projects';
import type { Option } from '../../../contract/common';
import {
  projectStageGroupLabels,
  projectStageGroups,
  projectStageInfo,
  stagesOfGroup,
  waitingPartyLabels,
  type ProjectStage,
  type ProjectStageGroup,
  type WaitingParty,
} from '../../../domain/capacity/project-stage';

export const PROJECTS_KEY = '/capacity-projects';
/** The filter value that asks for every project, whoever acts next. */
export const ALL = 'all';

/** The stage filter: one group of options per group of stages — the whole group first, then each stage (a group of one stage is one option). */
export function stageFilterOptions(): { label: string; title: string; options: Option[] }[] {
  return projectStageGroups.map((g) => {
    const stages = stagesOfGroup(g);
    const label = projectStageGroupLabels[g];
    const options: Option[] =
      stages.length === 1 && stages[0] === g ? [{ value: g, label }] : [{ value: g, label: `${label}（全部）` }, ...stages.map((s) => ({ value: s, label: projectStageInfo[s].label }))];
    return { label, title: label, options };
  });
}

const groupColors: Record<ProjectStageGroup, string> = {
  implementing: 'blue',
  evaluation: 'gold',
  disbursed: 'cyan',
  acceptance: 'geekblue',
  window: 'orange',
  recovery: 'volcano',
};
const stageColors: Partial<Record<ProjectStage, string>> = { evaluationFailed: 'red', acceptanceFailed: 'red', accepted: 'green', evaluationCleared: 'lime' };

/** The tag colour of a stage: its group's, a settled outcome its own. */
export const stageColor = (stage: ProjectStage): string => stageColors[stage] ?? groupColors[projectStageInfo[stage].group];

/** The party the reader acts for on these projects, by the reader's organisation. */
export function partyOf(orgType: string | undefined): WaitingParty | null {
  if (orgType === 'association') return 'association';
  if (orgType === 'finance_bureau') return 'financeBureau';
  if (orgType === 'society') return 'society';
  return null;
}

/** The options of the filter 待办方: each party, the reader's own named as such, and 全部. */
export function waitingOnOptions(party: WaitingParty | null): Option[] {
  const parties: WaitingParty[] = ['association', 'financeBureau', 'society'];
  return [...parties.map((p) => ({ value: p, label: p === party ? `待本单位办理（${waitingPartyLabels[p]}）` : `待${waitingPartyLabels[p]}办理` })), { value: ALL, label: '全部' }];
}

/**
 * The query's `waitingOn` from the URL's: the finance bureau first sees what waits on it (until it
 * picks 全部 or another party); everyone else every project.
 */
export function waitingOnQuery(urlValue: string | undefined, party: WaitingParty | null): WaitingParty | undefined {
  if (urlValue === ALL) return undefined;
  if (urlValue === 'association' || urlValue === 'financeBureau' || urlValue === 'society') return urlValue;
  return party === 'financeBureau' ? 'financeBureau' : undefined;
}

/** Where a row opens: the application's page at the section it stands in. */
export const rowLink = (r: Pick<CapacityProjectRow, 'id' | 'section'>): string => `/app/capacity-applications/${r.id}?section=${r.section}`;

/** Whose turn, from the reader's side: 待本单位办理 when it is the reader's, else the party (or 无需办理). */
export function turnText(r: Pick<CapacityProjectRow, 'waitingOn' | 'waitingOnLabel'>, party: WaitingParty | null): string {
  if (!r.waitingOn) return '无需办理';
  return r.waitingOn === party ? '待本单位办理' : `待${r.waitingOnLabel}办理`;
}

/** The row's link text: 办理 when it waits on the reader, else 查看. */
export const actionText = (r: Pick<CapacityProjectRow, 'waitingOn'>, party: WaitingParty | null): string => (r.waitingOn && r.waitingOn === party ? '办理' : '查看');
