// SUP-1…SUP-8: the supervision tabs of a pilot project page, after 项目信息 and 三方任务书. PRG-2: the
// tabs of the instruments the programme lists (supervisionMeasures) come first; the others stay usable
// and are shown dimmed, the reason in a tooltip (the platform does not refuse their records).
import type { ReactNode } from 'react';
import { Tooltip } from 'antd';
import type { PilotProject } from '../../../contract/selection';
import { orderByMeasures, recordMeasures, type MeasureRecordKind } from '../../../domain/supervision/common';
import { supervisionMeasureLabels } from '../../../domain/programme/programme.types';
import { MajorMattersTab } from './MajorMattersTab';
import { ChangeRequestsTab } from './ChangeRequestsTab';
import { TerminationTab } from './TerminationTab';
import { PlanTab } from './PlanTab';
import { ProgressTab } from './ProgressTab';
import { InspectionTab } from './InspectionTab';
import { RectificationTab } from './RectificationTab';
import { TrainingTab } from './TrainingTab';
import { CompletionTab } from '../evaluation/CompletionTab';

interface SupervisionTab {
  key: string;
  label: string;
  /** the kinds of record the tab holds (none: the tab belongs to no supervision instrument) */
  kinds: MeasureRecordKind[];
  children: ReactNode;
}

export function projectTabs(p: PilotProject): { key: string; label: ReactNode; children: ReactNode }[] {
  const tabs: SupervisionTab[] = [
    { key: 'plan', label: '实施方案', kinds: [], children: <PlanTab project={p} /> },
    { key: 'progress', label: '进度与节点', kinds: ['milestone', 'progressReport'], children: <ProgressTab project={p} /> },
    { key: 'matters', label: '重大事项', kinds: ['majorMatter'], children: <MajorMattersTab project={p} /> },
    { key: 'changes', label: '变更申请', kinds: [], children: <ChangeRequestsTab project={p} /> },
    { key: 'inspection', label: '监督检查', kinds: ['observer', 'inspection'], children: <InspectionTab project={p} /> },
    { key: 'rectification', label: '整改', kinds: ['rectification'], children: <RectificationTab project={p} /> },
    { key: 'training', label: '培训指导', kinds: ['training', 'guidance'], children: <TrainingTab project={p} /> },
    { key: 'termination', label: '中止与退款', kinds: [], children: <TerminationTab project={p} /> },
    { key: 'completion', label: '结项考核', kinds: [], children: <CompletionTab project={p} /> },
  ];
  return orderByMeasures(p.supervisionMeasures, tabs, (t) => t.kinds).map(({ item: t, listed }) => ({
    key: t.key,
    label: listed === false ? <UnlistedLabel label={t.label} kinds={t.kinds} /> : t.label,
    children: t.children,
  }));
}

/**
 * A tab of an instrument the programme does not list: its name dimmed, the reason in the tooltip. No
 * text is added — the tab bar of a project keeps every tab in view at 1280 px — and the accessible name
 * stays the tab's name.
 */
function UnlistedLabel({ label, kinds }: { label: string; kinds: MeasureRecordKind[] }) {
  const names = [...new Set(kinds.map((k) => supervisionMeasureLabels[recordMeasures[k]]))].join('、');
  return (
    <Tooltip title={`本方案的监管措施未列明“${names}”；仍可登记和查阅`}>
      <span style={{ opacity: 0.55 }}>{label}</span>
    </Tooltip>
  );
}
