// SEL-7 → TB-4 → SUP-6 / EVA: where a pilot project stands. Selection establishes it; the first
// task book in force starts implementation; termination (SUP-6) or the completion assessment
// (EVA-1, domain/evaluation/completion.ts) ends it: completed, or failed when the assessment fails.
export const projectStatuses = ['established', 'implementing', 'terminated', 'completed', 'failed'] as const;
export type ProjectStatus = (typeof projectStatuses)[number];

export const projectStatusLabels: Record<ProjectStatus, string> = {
  established: '已确定承接学会，待签署任务书',
  implementing: '实施中',
  terminated: '已中止',
  completed: '已完成',
  failed: '结项考核未通过',
};

export function projectStatusLabel(status: string): string {
  return projectStatusLabels[status as ProjectStatus] ?? status;
}
