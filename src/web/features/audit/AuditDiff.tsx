// before → after of an audit entry as a compact table of the fields that changed.
import { Typography } from 'antd';
import { useDict } from '../../shared/dictionaries';
import type { DictName } from '../../../contract/system';
import { fieldLabels } from '../../shared/fieldLabels';
import { fmtDateTime, fmtYuan } from '../../shared/format';
import { auditStatusLabels } from '../../../domain/audit/actions';
import { auditFieldLabels, auditFieldLabelsByType, auditHiddenFields, auditValueLabels } from '../../../domain/audit/fields';
import { permissionLabel } from '../../shared/permissionLabels';

/** The refusal codes a denied access records (access.deny): what happened, in words. */
const denyCodeLabels: Record<string, string> = {
  FORBIDDEN: '无权操作',
  OUT_OF_SCOPE: '不在本单位的管辖范围内',
  CSRF_FAILED: '安全校验未通过',
  TOTP_ENROLLMENT_REQUIRED: '须先绑定动态验证码',
};

type Flat = Map<string, unknown>;

function flatten(v: unknown, prefix: string, depth: number, out: Flat) {
  if (v && typeof v === 'object' && !Array.isArray(v) && depth < 3) {
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) flatten(x, prefix ? `${prefix}.${k}` : k, depth + 1, out);
    if (Object.keys(v as object).length === 0 && prefix) out.set(prefix, v);
  } else if (prefix) out.set(prefix, v);
  return out;
}

const labelOf = (path: string, entityType?: string | null) =>
  path
    .split('.')
    .map((s) => (entityType ? auditFieldLabelsByType[entityType]?.[s] : undefined) ?? auditFieldLabels[s] ?? fieldLabels[s] ?? s)
    .join(' › ');

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;
const isId = (v: unknown) => typeof v === 'string' && UUID.test(v);
/** a value that is only ids (an id, a list of ids) */
const onlyIds = (v: unknown) => isId(v) || (Array.isArray(v) && v.length > 0 && v.every(isId));

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

function show(v: unknown, field: string, refs: Record<string, string>, label?: (code: string) => string): string {
  if (v === undefined) return '';
  if (v === null) return '（空）';
  if (typeof v === 'boolean') return v ? '是' : '否';
  if (typeof v === 'number' && /Fen$/.test(field)) return fmtYuan(v);
  if (typeof v === 'string' && UUID.test(v)) return refs[v.toLowerCase()] ?? '（内部记录）';
  if (typeof v === 'string' && INSTANT.test(v)) return fmtDateTime(v);
  if (label && typeof v === 'string') return label(v);
  if (Array.isArray(v) && v.every((x) => typeof x === 'string')) {
    return (v as string[]).map((x) => (UUID.test(x) ? (refs[x.toLowerCase()] ?? '（内部记录）') : label ? label(x) : x)).join('、') || '（无）';
  }
  // a list of records: their names (items, milestones, members …)
  if (Array.isArray(v) && v.every((x) => x && typeof x === 'object')) {
    const names = (v as Record<string, unknown>[]).map((x) => x.title ?? x.name ?? x.label);
    if (names.every((n) => typeof n === 'string')) return (names as string[]).join('、') || '（无）';
  }
  if (typeof v === 'string') return v;
  const s = JSON.stringify(v);
  return s.length > 400 ? `${s.slice(0, 400)}…` : s;
}

export function AuditDiff({ before, after, entityType, refs = {} }: { before: unknown; after: unknown; entityType?: string | null; refs?: Record<string, string> }) {
  const { label } = useDict();
  // a record's `status` reads in the names of its own lifecycle
  const statuses = entityType ? auditStatusLabels[entityType] : undefined;
  const fieldOf = (path: string) => path.split('.').pop() ?? '';
  const labeller = (path: string) => {
    const field = fieldOf(path);
    if ((field === 'status' || field === 'previousStatus') && statuses) return (code: string) => statuses[code] ?? code;
    if (field === 'permission') return permissionLabel;
    if (field === 'code') return (code: string) => denyCodeLabels[code] ?? code;
    const values = auditValueLabels[field];
    if (values) return (code: string) => values[code] ?? code;
    const dict = dictOfField[field];
    return dict ? (code: string) => label(dict, code) : undefined;
  };
  const b = flatten(before, '', 0, new Map());
  const a = flatten(after, '', 0, new Map());
  // bookkeeping and references to records without a name of their own stay out of the way
  const unnamed = (v: unknown) => v === undefined || v === null || (onlyIds(v) && (Array.isArray(v) ? v : [v]).every((id) => !refs[String(id).toLowerCase()]));
  const keys = [...new Set([...b.keys(), ...a.keys()])].filter(
    (k) => JSON.stringify(b.get(k)) !== JSON.stringify(a.get(k)) && !k.split('.').some((s) => auditHiddenFields.has(s)) && !(unnamed(b.get(k)) && unnamed(a.get(k))),
  );
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
              <td>{labelOf(k, entityType)}</td>
              {hasBefore ? (
                <td className={b.has(k) ? 'cj-diff-before' : undefined}>
                  <pre className="cj-pre">{show(b.get(k), fieldOf(k), refs, labeller(k))}</pre>
                </td>
              ) : null}
              <td className={a.has(k) && hasBefore ? 'cj-diff-after' : undefined}>
                <pre className="cj-pre">{show(a.get(k), fieldOf(k), refs, labeller(k))}</pre>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
