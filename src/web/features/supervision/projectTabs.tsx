// SUP-1…SUP-8: the supervision tabs of a pilot project page, after 项目信息 and 三方任务书.
import type { ReactNode } from 'react';
import type { PilotProject } from '../../../contract/selection';
import { MajorMattersTab } from './MajorMattersTab';
import { ChangeRequestsTab } from './ChangeRequestsTab';
import { TerminationTab } from './TerminationTab';
import { PlanTab } from './PlanTab';
import { ProgressTab } from './ProgressTab';
import { InspectionTab } from './InspectionTab';
import { RectificationTab } from './RectificationTab';
import { TrainingTab } from './TrainingTab';
import { CompletionTab } from '../evaluation/CompletionTab';

export function projectTabs(p: PilotProject): { key: string; label: string; children: ReactNode }[] {
  return [
    { key: 'plan', label: '实施方案', children: <PlanTab project={p} /> },
    { key: 'progress', label: '进度与节点', children: <ProgressTab project={p} /> },
    { key: 'matters', label: '重大事项', children: <MajorMattersTab project={p} /> },
    { key: 'changes', label: '变更申请', children: <ChangeRequestsTab project={p} /> },
    { key: 'inspection', label: '监督检查', children: <InspectionTab project={p} /> },
    { key: 'rectification', label: '整改', children: <RectificationTab project={p} /> },
    { key: 'training', label: '培训指导', children: <TrainingTab project={p} /> },
    { key: 'termination', label: '中止与退款', children: <TerminationTab project={p} /> },
    { key: 'completion', label: '结项考核', children: <CompletionTab project={p} /> },
  ];
}
