// Chinese names of audit actions and record types: the one dictionary of src/domain/audit, plus
// the colours of the tags and the options of the filters.
import { auditActionLabel, auditActionLabels, auditAreaLabels, auditEntityTypeLabels } from '../../../domain/audit/actions';

export const actionLabel = auditActionLabel;
export const entityTypeLabels = auditEntityTypeLabels;

export function actionColor(action: string): string {
  if (action === 'access.deny' || action.startsWith('auth.login.failure') || action === 'auth.login.locked' || action.endsWith('Refused')) return 'red';
  if (action === 'pii.view') return 'orange';
  if (action.startsWith('auth.')) return 'default';
  if (action.endsWith('.create') || action.endsWith('.submit')) return 'green';
  if (action.endsWith('.publish') || action.endsWith('.sign')) return 'blue';
  if (action.endsWith('.close') || action.endsWith('.withdraw') || action.endsWith('.delete') || action.endsWith('.terminate')) return 'volcano';
  return 'geekblue';
}

/** The 操作 filter: per area, all of its actions (the API matches the area as a prefix), then each action. */
export const actionFilterOptions = Object.entries(auditAreaLabels).map(([area, areaLabel]) => ({
  label: areaLabel,
  title: areaLabel,
  options: [
    { value: area, label: `${areaLabel}（全部）` },
    ...Object.entries(auditActionLabels)
      .filter(([code]) => code.split('.')[0] === area)
      .map(([code, label]) => ({ value: code, label })),
  ],
}));

/** The 对象类型 filter. */
export const entityTypeFilterOptions = Object.entries(auditEntityTypeLabels).map(([value, label]) => ({ value, label }));
