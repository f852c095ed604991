// Shared pieces of the capacity-plan application pages (CAP-2, CAP-3, FND-1, FND-2): the status tag,
// the eligibility of a project type (each condition with 符合 / 不符合 / 须人工确认 and the fact it rests
// on, the clause it comes from), the application's content in words and money, its attachments by
// name, the Chinese names of its fields in an API error, and a refusal's clause.
import { CheckCircleFilled, CloseCircleFilled, PaperClipOutlined, QuestionCircleFilled } from '@ant-design/icons';
import { useQueries, useQuery } from '@tanstack/react-query';
import { Alert, Breadcrumb, Descriptions, Grid, Table, Tag, Typography } from 'antd';
import { Link, useLocation } from 'react-router';
import type { TableColumnsType } from 'antd';
import { api, fieldPath, isApiError } from '../../shared/api';
import { useMe } from '../../shared/auth';
import { visibleNav } from '../../shared/layout/AppLayout';
import { fmtDate, fmtYuan } from '../../shared/format';
import type { Option, Page } from '../../../contract/common';
import type { ApplicationContent, Eligibility } from '../../../contract/capacity-applications';
import type { CapacityCall } from '../../../contract/capacity';
import type { ProgrammeSummary } from '../../../contract/programmes';
import { applicationLifecycle } from '../../../domain/capacity/application';
import { MultiLine } from '../transfer/common';

export const APPLICATIONS_KEY = '/capacity-applications';
export const applicationKey = (id: string) => ['capacity-applications', id] as const;

const statusColors: Record<string, string> = {
  draft: 'default',
  submitted: 'blue',
  returned: 'orange',
  rejected: 'red',
  passed: 'green',
  withdrawn: 'default',
  expertReview: 'blue',
  reviewed: 'cyan',
  selected: 'green',
  notSelected: 'default',
  approved: 'green',
  objectionUpheld: 'red',
  funded: 'geekblue',
};

export const applicationStatusOptions: Option[] = Object.entries(applicationLifecycle.states).map(([value, label]) => ({ value, label }));

/** The application's state as a coloured tag, named as its lifecycle names it. */
export function ApplicationStatusTag({ status, label }: { status: string; label?: string }) {
  return <Tag color={statusColors[status] ?? 'default'}>{label ?? (applicationLifecycle.states as Record<string, string>)[status] ?? status}</Tag>;
}

/** 符合申报条件 / N 项条件不符合 / 须人工确认 N 项. */
export function EligibilityTag({ e }: { e: Pick<Eligibility, 'eligible' | 'failed' | 'manual'> }) {
  if (!e.eligible) return <Tag color="red">{e.failed} 项申报条件不符合</Tag>;
  if (e.manual > 0) return <Tag color="gold">符合申报条件（{e.manual} 项待人工确认）</Tag>;
  return <Tag color="green">符合申报条件</Tag>;
}

const groupTitle: Record<Eligibility['conditions'][number]['group'], string> = {
  keyProject: '申报条件（各类项目均须满足）',
  demonstration: '综合示范学会另须满足的条件',
};

/**
 * The eligibility of one project type: a summary line, then every condition with its result and fact,
 * grouped, and the clause the conditions come from.
 */
export function EligibilityPanel({ e, audience }: { e: Eligibility; audience: 'society' | 'reviewer' | 'other' }) {
  const failed = e.conditions.filter((c) => c.status === 'fail');
  const summary = !e.eligible ? (
    <Alert
      type="error"
      showIcon
      title={`有 ${failed.length} 项申报条件不符合，“${e.typeName}”不能提交`}
      description={
        audience === 'society'
          ? '不符合申报条件的申报书不能提交。如学会档案或年度情况有误，请联系科协更正后再提交；也可以改报其他类型。'
          : '提交时该学会不符合所列条件。'
      }
    />
  ) : e.manual > 0 ? (
    <Alert
      type="info"
      showIcon
      title={`可自动核对的条件均符合；另有 ${e.manual} 项${audience === 'reviewer' ? '请在形式审查时人工确认（“项目符合规定的申报条件”）' : '由科协形式审查时人工确认'}`}
    />
  ) : (
    <Alert type="success" showIcon title={`全部 ${e.conditions.length} 项申报条件均符合`} />
  );
  const groups = (['keyProject', 'demonstration'] as const).map((g) => ({ g, list: e.conditions.filter((c) => c.group === g) })).filter((x) => x.list.length);
  return (
    <div style={{ display: 'flex', flexDirection: 'column', gap: 12 }}>
      {summary}
      {groups.map(({ g, list }) => (
        <section key={g} aria-label={groupTitle[g]}>
          {groups.length > 1 ? (
            <Typography.Text strong style={{ display: 'block', marginBottom: 4 }}>
              {groupTitle[g]}
            </Typography.Text>
          ) : null}
          <ol style={{ listStyle: 'none', margin: 0, padding: 0 }}>
            {list.map((c) => (
              <li
                key={`${c.group}-${c.index}`}
                style={{ display: 'flex', gap: 10, padding: '8px 12px', borderBottom: '1px solid #f0f0f0', background: c.status === 'fail' ? '#fff1f0' : undefined }}
              >
                <span style={{ fontSize: 16, lineHeight: '22px' }}>
                  {c.status === 'pass' ? (
                    <CheckCircleFilled style={{ color: '#52c41a' }} aria-hidden />
                  ) : c.status === 'fail' ? (
                    <CloseCircleFilled style={{ color: '#ff4d4f' }} aria-hidden />
                  ) : (
                    <QuestionCircleFilled style={{ color: '#faad14' }} aria-hidden />
                  )}
                </span>
                <div style={{ flex: 1, minWidth: 0 }}>
                  <div>
                    <Typography.Text strong={c.status !== 'pass'}>{c.label}</Typography.Text>{' '}
                    {c.status === 'pass' ? <Tag color="green">符合</Tag> : c.status === 'fail' ? <Tag color="red">不符合</Tag> : <Tag color="orange">须人工确认</Tag>}
                  </div>
                  <Typography.Text type={c.status === 'fail' ? 'danger' : 'secondary'}>
                    {c.status === 'manual' ? c.fact : `依据：${c.fact}`}
                  </Typography.Text>
                </div>
              </li>
            ))}
          </ol>
        </section>
      ))}
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        条件出处：{e.clause}。核对日期：{fmtDate(e.checkedOn)}（依据学会档案、年度情况和取消申报资格的记录）
      </Typography.Text>
    </div>
  );
}

type BudgetRow = ApplicationContent['budget'][number];

/** The budget lines with their total against the type's award standard. */
export function BudgetTable({ budget, totalFen, awardFen }: { budget: BudgetRow[]; totalFen: number; awardFen?: number }) {
  const columns: TableColumnsType<BudgetRow> = [
    { title: '支出类别', dataIndex: 'categoryLabel', width: 104 },
    { title: '明细', dataIndex: 'item', width: 140, render: (v: string | null) => v ?? '—' },
    { title: '金额', dataIndex: 'amountFen', width: 136, align: 'right', render: (v: number) => fmtYuan(v) },
    { title: '测算依据', dataIndex: 'note', render: (v: string | null) => <MultiLine text={v} /> },
  ];
  const over = awardFen !== undefined && awardFen > 0 && totalFen > awardFen;
  return (
    <Table<BudgetRow>
      rowKey={(r) => `${r.category}-${r.item ?? ''}`}
      size="small"
      columns={columns}
      dataSource={budget}
      pagination={false}
      scroll={{ x: 560 }}
      summary={() => (
        <Table.Summary>
          <Table.Summary.Row>
            <Table.Summary.Cell index={0} colSpan={2}>
              <Typography.Text strong>预算合计</Typography.Text>
            </Table.Summary.Cell>
            <Table.Summary.Cell index={2} align="right">
              <Typography.Text strong type={over ? 'danger' : undefined}>
                {fmtYuan(totalFen)}
              </Typography.Text>
            </Table.Summary.Cell>
            <Table.Summary.Cell index={3}>
              {over ? <Typography.Text type="danger">超出资助标准 {fmtYuan(totalFen - awardFen)}</Typography.Text> : null}
            </Table.Summary.Cell>
          </Table.Summary.Row>
        </Table.Summary>
      )}
    />
  );
}

/** The content of an application (a draft as it stands, or a submitted version): the text, then the budget. */
export function ContentView({ content, awardFen }: { content: ApplicationContent; awardFen?: number }) {
  const screens = Grid.useBreakpoint();
  return (
    <div style={{ display: 'flex', flexDirection: 'column', gap: 16 }}>
      <Descriptions
        bordered
        size="small"
        column={1}
        layout={screens.sm ? 'horizontal' : 'vertical'}
        styles={{ label: { width: 120, whiteSpace: 'nowrap' } }}
        items={[
          { key: 'type', label: '项目类型', children: content.typeName },
          { key: 'title', label: '项目名称', children: content.title },
          { key: 'goals', label: '项目目标和主要内容', children: <MultiLine text={content.goals} /> },
          {
            key: 'ind',
            label: '绩效指标',
            children: content.indicators.length ? (
              <ol style={{ margin: 0, paddingInlineStart: 20 }}>
                {content.indicators.map((i, n) => (
                  <li key={n}>
                    {i.label}：{i.target}
                  </li>
                ))}
              </ol>
            ) : (
              '—'
            ),
          },
          { key: 'contact', label: '联系人', children: [content.contactName, content.contactPhone].filter(Boolean).join('，') || '—' },
          { key: 'att', label: '附件', children: <AttachmentLinks ids={content.attachmentIds} /> },
        ]}
      />
      <section aria-label="项目预算">
        <Typography.Title level={5} style={{ marginTop: 0 }}>
          项目预算（合计 {fmtYuan(content.requestedFen)}{awardFen ? `，资助标准 ${fmtYuan(awardFen)}` : ''}）
        </Typography.Title>
        <BudgetTable budget={content.budget} totalFen={content.requestedFen} awardFen={awardFen} />
      </section>
    </div>
  );
}

/**
 * The stored name of an attachment: the application carries only the ids of its files, so the name is
 * read from the download's Content-Disposition (a HEAD request, no body). Null when it cannot be read.
 */
export async function attachmentName(id: string, signal?: AbortSignal): Promise<string | null> {
  const res = await fetch(`/api/v1/attachments/${id}`, { method: 'HEAD', credentials: 'same-origin', signal });
  if (!res.ok) return null;
  const cd = res.headers.get('content-disposition') ?? '';
  const star = /filename\*=UTF-8''([^;]+)/i.exec(cd);
  if (!star) return null;
  try {
    return decodeURIComponent(star[1]);
  } catch {
    return null;
  }
}

export function useAttachmentNames(ids: string[]) {
  return useQueries({
    queries: ids.map((id) => ({
      queryKey: ['attachment-name', id],
      queryFn: ({ signal }: { signal: AbortSignal }) => attachmentName(id, signal),
      staleTime: Infinity,
    })),
  });
}

/** The application's files, each a download link named as uploaded. */
export function AttachmentLinks({ ids }: { ids: string[] }) {
  const names = useAttachmentNames(ids);
  if (!ids.length) return <Typography.Text type="secondary">未上传附件</Typography.Text>;
  return (
    <ul style={{ listStyle: 'none', margin: 0, padding: 0 }}>
      {ids.map((id, i) => {
        const name = names[i]?.data ?? null;
        return (
          <li key={id} style={{ padding: '2px 0' }}>
            <PaperClipOutlined style={{ marginInlineEnd: 6, color: 'rgba(0,0,0,0.45)' }} />
            <a href={`/api/v1/attachments/${id}`} download={name ?? undefined}>
              {name ?? `附件 ${i + 1}`}
            </a>
          </li>
        );
      })}
    </ul>
  );
}

/** The application's fields as the society knows them (an API error's path → words). */
const fieldNames: Record<string, string> = {
  typeCode: '项目类型',
  title: '项目名称',
  goals: '项目目标和主要内容',
  indicators: '绩效指标',
  label: '指标名称',
  target: '目标值',
  budget: '项目预算',
  category: '支出类别',
  item: '明细',
  amountFen: '金额',
  amountYuan: '金额',
  note: '测算依据',
  contactName: '联系人',
  contactPhone: '联系电话',
  attachmentIds: '附件',
  rowVersion: '版本',
  decision: '审查结论',
  items: '审查项目',
  comment: '审查意见',
  reason: '撤回原因',
};

/** `body.budget.2.category` → 项目预算 › 第 3 行 › 支出类别; `body.items.1.note` → the checklist item's own name when given. */
export function describeApplicationPath(path: string, itemLabelAt?: (i: number) => string | undefined): string {
  const parts = fieldPath(path);
  if (!parts.length) return '';
  if (parts[0] === 'items' && typeof parts[1] === 'number') {
    const name = itemLabelAt?.(parts[1]) ?? `第 ${parts[1] + 1} 项`;
    const rest = parts.slice(2).filter((p) => p !== 'code');
    return ['形式审查', name, ...rest.map((p) => (p === 'note' ? '说明' : (fieldNames[String(p)] ?? String(p))))].join(' › ');
  }
  return parts.map((p) => (typeof p === 'number' ? `第 ${p + 1} 行` : (fieldNames[p] ?? p))).join(' › ');
}

/** What a refusal says beyond its detail: the clause of the document it rests on, and a failed eligibility. */
export function refusalOf(e: unknown): { detail: string; clause: string | null; eligibility: Eligibility | null } | null {
  if (!isApiError(e)) return null;
  const p = e.problem as { clause?: unknown; eligibility?: unknown };
  return {
    detail: e.userMessage,
    clause: typeof p.clause === 'string' && p.clause ? p.clause : null,
    eligibility: p.eligibility && typeof p.eligibility === 'object' ? (p.eligibility as Eligibility) : null,
  };
}

/** A published or closed call the user can read (for the list's filter by call, and a society's 填写申报书). */
export interface CallChoice {
  id: string;
  title: string;
  status: string;
  closesOn: string;
}

/** The capacity programmes the user can read and their published or closed calls, newest first. */
export function useCallChoices() {
  return useQuery({
    queryKey: ['capacity-applications', 'call-choices'],
    staleTime: 60_000,
    queryFn: async ({ signal }): Promise<CallChoice[]> => {
      const programmes = await api<Page<ProgrammeSummary>>('/programmes', { query: { kind: 'capacityPlan', limit: 100 }, signal });
      const pages = await Promise.all(programmes.items.map((p) => api<Page<CapacityCall>>(`/programmes/${p.id}/capacity-calls`, { query: { limit: 100 }, signal })));
      return pages.flatMap((pg) =>
        pg.items.filter((c) => c.status === 'published' || c.status === 'closed').map((c) => ({ id: c.id, title: c.title, status: c.status, closesOn: c.closesOn })),
      );
    },
  });
}

/**
 * Inside the app every page has breadcrumbs (docs/UI.md). The frame draws them from the menu entry
 * above the page; a user whose menu has none (the finance bureau reading a call's applications, a
 * society on a call's form) gets this trail instead.
 */
export function OwnBreadcrumb({ trail }: { trail: { title: string; to?: string }[] }) {
  const { data: me } = useMe();
  const { pathname } = useLocation();
  const covered = visibleNav(me).some((n) => n.path !== '/app' && (pathname === n.path || pathname.startsWith(`${n.path}/`)));
  if (covered) return null;
  return (
    <Breadcrumb
      style={{ marginBottom: 12 }}
      items={[
        { key: 'home', title: <Link to="/app">工作台</Link> },
        ...trail.map((t, i) => ({ key: String(i), title: t.to ? <Link to={t.to}>{t.title}</Link> : t.title })),
      ]}
    />
  );
}
