// Shared pieces of the transfer and selection pages: status tags (labels from the lifecycles,
// so the UI and the server name states alike), the programmes a list can be filtered by, the
// category tree, the declaration deadline countdown and Excel downloads.
import { useQuery } from '@tanstack/react-query';
import { Tag, Typography } from 'antd';
import { useMemo } from 'react';
import { ApiError, api } from '../../shared/api';
import { dayjs, fmtDate, TZ } from '../../shared/format';
import type { Option, Page } from '../../../contract/common';
import type { Category, Programme, ProgrammeSummary } from '../../../contract/programmes';
import { transferItemLifecycle } from '../../../domain/transfer/transfer-item.lifecycle';
import { demandEntryLifecycle } from '../../../domain/transfer/demand-entry.lifecycle';
import { declarationLifecycle } from '../../../domain/selection/declaration.lifecycle';
import { countersignLifecycle } from '../../../domain/selection/countersign.lifecycle';

const optionsOf = (states: Record<string, string>): Option[] => Object.entries(states).map(([value, label]) => ({ value, label }));

export const itemStatusOptions = optionsOf(transferItemLifecycle.states);
export const demandStatusOptions = optionsOf(demandEntryLifecycle.states);
export const declarationStatusOptions = optionsOf(declarationLifecycle.states);
export const countersignStatusOptions = optionsOf(countersignLifecycle.states);

/** FUN-4 (000 §3(5)): the services a department buys, and how. Same codes as the server's. */
export const demandServiceKindOptions: Option[] = [
  { value: 'industryResearch', label: '行业调查研究' },
  { value: 'planning', label: '规划编制' },
  { value: 'admissionAnalysis', label: '准入和运行分析' },
  { value: 'investmentConsulting', label: '投资咨询' },
  { value: 'other', label: '其他服务' },
];
export const purchaseMethodOptions: Option[] = [
  { value: 'tender', label: '招投标' },
  { value: 'commission', label: '委托' },
];

const colors = {
  item: { draft: 'default', published: 'blue', relayed: 'cyan', countersigning: 'orange', approving: 'gold', selecting: 'purple', assigned: 'green', withdrawn: 'volcano' },
  demand: { draft: 'default', published: 'green', withdrawn: 'volcano' },
  declaration: { submitted: 'blue', returned: 'orange', recommended: 'green', notRecommended: 'red', withdrawn: 'default', selected: 'success', closed: 'default' },
  countersign: { countersigning: 'blue', returned: 'red', approving: 'gold', approved: 'green' },
  opinion: { pending: 'default', agree: 'green', return: 'red' },
} as const;
const labels = {
  item: transferItemLifecycle.states as Record<string, string>,
  demand: demandEntryLifecycle.states as Record<string, string>,
  declaration: declarationLifecycle.states as Record<string, string>,
  countersign: countersignLifecycle.states as Record<string, string>,
  opinion: { pending: '待会签', agree: '同意', return: '退回' } as Record<string, string>,
};
export type StatusKind = keyof typeof colors;

export function statusLabel(kind: StatusKind, status: string): string {
  return labels[kind][status] ?? status;
}

/** Status as a coloured tag (§6). */
export function StatusTag({ kind, status, label }: { kind: StatusKind; status: string; label?: string }) {
  const color = (colors[kind] as Record<string, string>)[status] ?? 'default';
  return <Tag color={color}>{label ?? statusLabel(kind, status)}</Tag>;
}

/** Programmes of the transfer pilot kind the user can see (for filters and the item form). */
export function useTransferProgrammes() {
  return useQuery({
    queryKey: ['/programmes', { kind: 'transferPilot', limit: 100 }],
    queryFn: ({ signal }) => api<Page<ProgrammeSummary>>('/programmes', { query: { kind: 'transferPilot', limit: 100 }, signal }).then((p) => p.items),
    staleTime: 60_000,
  });
}

export function useProgramme(id: string | null | undefined) {
  return useQuery({
    queryKey: ['programmes', id],
    queryFn: ({ signal }) => api<Programme>(`/programmes/${id}`, { signal }),
    enabled: !!id,
    staleTime: 60_000,
  });
}

export interface CategoryNode {
  value: string;
  title: string;
  key: string;
  children?: CategoryNode[];
}

/** A programme's content categories (FUN-2) as TreeSelect data. */
export function categoryTreeData(categories: Category[] | undefined): CategoryNode[] {
  const walk = (cs: Category[]): CategoryNode[] =>
    cs.map((c) => ({ value: c.code, key: c.code, title: c.name, children: c.children?.length ? walk(c.children) : undefined }));
  return walk(categories ?? []);
}

export function useCategoryTree(categories: Category[] | undefined) {
  return useMemo(() => categoryTreeData(categories), [categories]);
}

/** Whole days left until a deadline (negative once it has passed), counted in China time. */
export function daysLeft(deadline: string, now = dayjs()): number {
  const end = dayjs(deadline).tz(TZ).startOf('day');
  return end.diff(now.tz(TZ).startOf('day'), 'day');
}

/** 申报截止 2026-12-07（还剩 15 天）: the countdown of a notice or a deadline (§6). */
export function DeadlineText({ deadline, prefix = '申报截止' }: { deadline: string | null; prefix?: string }) {
  if (!deadline) return <Typography.Text type="secondary">{prefix}：未设定</Typography.Text>;
  const left = daysLeft(deadline);
  const date = fmtDate(deadline);
  const passed = dayjs(deadline).isBefore(dayjs());
  return (
    <span>
      {prefix} {date}{' '}
      {passed ? <Tag color="default">已截止</Tag> : left <= 0 ? <Tag color="red">今日截止</Tag> : <Tag color={left <= 3 ? 'red' : left <= 7 ? 'orange' : 'blue'}>还剩 {left} 天</Tag>}
    </span>
  );
}

/** 12.3 KB / 4.5 MB */
export function fmtBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

function filenameOf(res: Response, fallback: string): string {
  const cd = res.headers.get('content-disposition') ?? '';
  const star = /filename\*=UTF-8''([^;]+)/i.exec(cd);
  if (star) {
    try {
      return decodeURIComponent(star[1]);
    } catch {
      /* fall through */
    }
  }
  return fallback;
}

/** Downloads a file the API answers (Excel lists and templates); a failure throws an ApiError. */
export async function downloadFile(path: string, fallbackName: string, query?: Record<string, string | undefined>): Promise<void> {
  const sp = new URLSearchParams();
  for (const [k, v] of Object.entries(query ?? {})) if (v) sp.set(k, v);
  const qs = sp.toString();
  let res: Response;
  try {
    res = await fetch(`/api/v1${path}${qs ? `?${qs}` : ''}`, { credentials: 'same-origin' });
  } catch {
    throw new ApiError({ status: 0, code: 'NETWORK', title: '无法连接服务器，请检查网络后重试' });
  }
  if (!res.ok) {
    const p = (await res.json().catch(() => ({}))) as { title?: string; detail?: string; code?: string };
    throw new ApiError({ status: res.status, code: p.code ?? `HTTP_${res.status}`, title: p.title ?? '下载失败', detail: p.detail });
  }
  const blob = await res.blob();
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filenameOf(res, fallbackName);
  document.body.appendChild(a);
  a.click();
  a.remove();
  window.setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Text with line breaks kept (descriptions, opinions). */
export function MultiLine({ text, empty = '—' }: { text: string | null | undefined; empty?: string }) {
  if (!text) return <Typography.Text type="secondary">{empty}</Typography.Text>;
  return <span style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word' }}>{text}</span>;
}
