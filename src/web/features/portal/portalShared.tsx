// Pieces every public list and detail page shares: key-based "加载更多" paging, the programme
// and category pickers (filters kept in the URL), status tags, the days left of a call or notice
// and the labels of snapshot codes.
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { Button, Flex, Tag, Typography } from 'antd';
import type { ButtonProps } from 'antd';
import type { ReactNode } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { api, type QueryValue } from '../../shared/api';
import { dayjs, fmtCount, fmtWanYuan, fmtYuan, todayCst } from '../../shared/format';
import type { Page } from '../../../contract/common';
import type { Category, PublicProgramme, PublicProgrammePage } from '../../../contract/programmes';

export const PORTAL_PAGE_SIZE = 20;

/**
 * A public list read page by page with `nextCursor`. The total is asked for on the first page only
 * (`count=estimate`: exact for a small list, the planner's estimate for a large one, issue 12 §1),
 * so the count shown comes from there.
 */
export function usePublicList<T>(path: string, query: Record<string, QueryValue>, limit = PORTAL_PAGE_SIZE) {
  const q = useInfiniteQuery({
    queryKey: [path, 'infinite', query, limit],
    queryFn: ({ pageParam, signal }) => api<Page<T>>(path, { query: { ...query, limit, ...(pageParam ? { cursor: pageParam } : { count: 'estimate' }) }, signal }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const rows = q.data?.pages.flatMap((p) => p.items) ?? [];
  const total = q.data?.pages[0]?.total ?? null;
  const totalEstimated = !!q.data?.pages[0]?.totalEstimated;
  return { ...q, rows, total, totalEstimated };
}

/** 共 N 条 (约 N 条 for an estimate) and the "加载更多" button under a list. */
export function LoadMore(props: { shown: number; total: number | null; estimated?: boolean; hasNext: boolean; loading: boolean; onMore: () => void }) {
  const { shown, total, hasNext } = props;
  if (!shown) return null;
  return (
    <Flex component="nav" aria-label="分页" vertical align="center" gap={6} style={{ marginTop: 16 }}>
      {hasNext ? (
        <Button onClick={props.onMore} loading={props.loading} style={{ minWidth: 160 }}>
          加载更多
        </Button>
      ) : null}
      <Typography.Text type="secondary" aria-live="polite">
        {total !== null ? `${props.estimated ? '约' : '共'} ${fmtCount(total, ' 条')}，` : ''}
        {hasNext ? `已显示 ${fmtCount(shown, ' 条')}` : '已全部显示'}
      </Typography.Text>
    </Flex>
  );
}

/** The published transfer-pilot programmes (the only ones that hold items and catalogue entries). */
export function usePilotProgrammes() {
  return useQuery({
    queryKey: ['public/programmes', 'options'],
    queryFn: ({ signal }) => api<PublicProgrammePage>('/public/programmes', { query: { limit: 100 }, signal }),
    select: (d) => d.items.filter((p) => p.kind === 'transferPilot'),
    staleTime: 5 * 60_000,
  });
}

/** One programme with its category tree (for the category filter). */
export function usePublicProgramme(id: string | undefined) {
  return useQuery({
    queryKey: ['public/programmes', id],
    queryFn: ({ signal }) => api<PublicProgramme>(`/public/programmes/${encodeURIComponent(id ?? '')}`, { signal }),
    enabled: !!id,
    staleTime: 5 * 60_000,
  });
}

export interface TreeOption {
  value: string;
  title: string;
  children?: TreeOption[];
}
export const categoryTreeData = (cs: Category[] | undefined): TreeOption[] =>
  (cs ?? []).map((c) => ({ value: c.code, title: c.name, children: c.children?.length ? categoryTreeData(c.children) : undefined }));

/** URL search parameters as filters: reading them, and replacing some (others kept). */
export function useUrlFilters<K extends string>(names: readonly K[]) {
  const [sp, setSp] = useSearchParams();
  const values = Object.fromEntries(names.map((n) => [n, sp.get(n) ?? undefined])) as Record<K, string | undefined>;
  const set = (next: Partial<Record<K, string | undefined>>) => {
    const p = new URLSearchParams(sp);
    for (const [k, v] of Object.entries(next) as [K, string | undefined][]) {
      if (v) p.set(k, v);
      else p.delete(k);
    }
    setSp(p);
  };
  return { values, set };
}

const itemStatusColors: Record<string, string> = {
  published: 'blue',
  relayed: 'cyan',
  countersigning: 'gold',
  approving: 'orange',
  selecting: 'purple',
  assigned: 'green',
  withdrawn: 'default',
};
export const ItemStatusTag = ({ status, label }: { status: string; label: string }) => <Tag color={itemStatusColors[status] ?? 'default'}>{label}</Tag>;
export const DemandStatusTag = ({ status, label }: { status: string; label: string }) => (
  <Tag color={status === 'withdrawn' ? 'default' : 'blue'}>{label}</Tag>
);

/** A call's 受理中 / 已截止 or a notice's 公示中 / 已结束, as the server names them. */
export const OpenClosedTag = ({ status, label }: { status: string; label: string }) => <Tag color={status === 'closed' ? 'default' : 'green'}>{label}</Tag>;

/** 还剩 N 天 / 今日截止 until `until` (counted in China time): red from `red` days left, orange from `orange`. */
export function DaysLeft({ until, red, orange }: { until: string; red: number; orange: number }) {
  const left = dayjs(until).diff(dayjs(todayCst()), 'day');
  if (left < 0) return null;
  return <Tag color={left <= red ? 'red' : left <= orange ? 'orange' : 'blue'}>{left === 0 ? '今日截止' : `还剩 ${left} 天`}</Tag>;
}

const changeKindColors: Record<string, string> = { publish: 'blue', amend: 'orange', withdraw: 'red' };
export const changeKindColor = (k: string) => changeKindColors[k] ?? 'default';

// Revision snapshots carry codes; these are their Chinese names (same as the server's
// commissioningModeLabels, demandServiceKindLabels and purchaseMethodLabels in src/domain).
export const snapshotCodeLabels: Record<string, Record<string, string>> = {
  commissioningMode: { authorisedCommission: '授权委托', serviceProcurement: '购买服务' },
  serviceKind: { industryResearch: '行业调查研究', planning: '规划编制', admissionAnalysis: '准入和运行分析', investmentConsulting: '投资咨询', other: '其他服务' },
  purchaseMethod: { tender: '招投标', commission: '委托' },
};

/** 元 with thousands separators, and 万元 alongside when the sum is large. */
export function Money({ fen }: { fen: number }) {
  return (
    <span>
      {fmtYuan(fen)}
      {Math.abs(fen) >= 1_000_000 ? <Typography.Text type="secondary">（{fmtWanYuan(fen)}）</Typography.Text> : null}
    </span>
  );
}

export function Section({ title, text, last }: { title: ReactNode; text: string | null | undefined; last?: boolean }) {
  return (
    <section style={{ marginBottom: last ? 0 : 20 }}>
      <Typography.Title level={5} style={{ marginTop: 0 }}>
        {title}
      </Typography.Title>
      <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginBottom: 0 }} type={text ? undefined : 'secondary'}>
        {text || '未列明'}
      </Typography.Paragraph>
    </section>
  );
}

/** A button that is a real link (new tab works, no nested interactive elements) and routes in-app. */
export function LinkButton({ to, ...rest }: Omit<ButtonProps, 'href' | 'onClick'> & { to: string }) {
  const navigate = useNavigate();
  return (
    <Button
      {...rest}
      href={to}
      onClick={(e) => {
        if (e.metaKey || e.ctrlKey || e.shiftKey || e.button !== 0) return;
        e.preventDefault();
        navigate(to);
      }}
    />
  );
}
