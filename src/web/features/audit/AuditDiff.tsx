// before → after of an audit entry as a compact table of the fields that changed.
import { Typography } from 'antd';
import { useDict } from '../../shared/dictionaries';
import type { DictName } from '../../shared/types';
import { fieldLabels } from '../../shared/fieldLabels';

type Flat = Map<string, unknown>;

function flatten(v: unknown, prefix: string, depth: number, out: Flat) {
  if (v && typeof v === 'object' && !Array.isArray(v) && depth < 3) {
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) flatten(x, prefix ? `${prefix}.${k}` : k, depth + 1, out);
    if (Object.keys(v as object).length === 0 && prefix) out.set(prefix, v);
  } else if (prefix) out.set(prefix, v);
  return out;
}

const labelOf = (path: string) => path.split('.').map((s) => fieldLabels[s] ?? s).join(' › ');

/** Fields whose values are dictionary codes: shown with their Chinese labels. */
const dictOfField: Record<string, DictName> = {
  status: 'programmeStatuses',
  kind: 'programmeKinds',
  societyType: 'societyTypes',
  affiliation: 'affiliations',
  partyOrg: 'partyOrgs',
  annualInspection: 'inspectionResults',
  type: 'orgTypes',
  level: 'associationLevels',
  officeKind: 'officeKinds',
  roles: 'roles',
  reviewOffices: 'reviewOfficeKinds',
  approvalLevel: 'approvalLevels',
  commissioningModes: 'commissioningModes',
  preferredProcurementModes: 'procurementModes',
  projectLeaderMinPost: 'projectLeaderPosts',
  leaderApprovalBodies: 'leaderApprovalBodies',
  majorMatterSteps: 'approvers',
  changeApprovers: 'approvers',
};

function show(v: unknown, label?: (code: string) => string): string {
  if (v === undefined) return '';
  if (v === null) return '（空）';
  if (typeof v === 'boolean') return v ? '是' : '否';
  if (label && typeof v === 'string') return label(v);
  if (label && Array.isArray(v) && v.every((x) => typeof x === 'string')) return (v as string[]).map(label).join('、') || '（无）';
  if (typeof v === 'string') return v;
  const s = JSON.stringify(v);
  return s.length > 400 ? `${s.slice(0, 400)}…` : s;
}

export function AuditDiff({ before, after }: { before: unknown; after: unknown }) {
  const { label } = useDict();
  const labeller = (path: string) => {
    const dict = dictOfField[path.split('.').pop() ?? ''];
    return dict ? (code: string) => label(dict, code) : undefined;
  };
  const b = flatten(before, '', 0, new Map());
  const a = flatten(after, '', 0, new Map());
  const keys = [...new Set([...b.keys(), ...a.keys()])].filter((k) => JSON.stringify(b.get(k)) !== JSON.stringify(a.get(k)));
  if (!keys.length) return <Typography.Text type="secondary">无字段变化记录</Typography.Text>;
  const hasBefore = b.size > 0;
  return (
    <div style={{ overflowX: 'auto' }}>
      <table className="cj-diff-table" style={{ borderCollapse: 'collapse', width: '100%' }}>
        <thead>
          <tr>
            <th style={{ width: '22%' }}>字段</th>
            {hasBefore ? <th>修改前</th> : null}
            <th>{hasBefore ? '修改后' : '内容'}</th>
          </tr>
        </thead>
        <tbody>
          {keys.map((k) => (
            <tr key={k}>
              <td title={k}>{labelOf(k)}</td>
              {hasBefore ? (
                <td className={b.has(k) ? 'cj-diff-before' : undefined}>
                  <pre className="cj-pre">{show(b.get(k), labeller(k))}</pre>
                </td>
              ) : null}
              <td className={a.has(k) && hasBefore ? 'cj-diff-after' : undefined}>
                <pre className="cj-pre">{show(a.get(k), labeller(k))}</pre>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
