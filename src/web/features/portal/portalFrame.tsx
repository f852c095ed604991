// PUB-1: the frames the public pages share, so that each page keeps only what is its own. A page:
// breadcrumb (首页 › page), heading with an intro, the filter card, then the page's content. A
// list page: that, and one card with the list read page by page (error / loading / empty / rows,
// then "加载更多"). A detail page: breadcrumb (首页 › list › record), a skeleton while loading,
// the error with a way back to the list, then the record.
import { ArrowLeftOutlined } from '@ant-design/icons';
import { useQuery, type UseQueryResult } from '@tanstack/react-query';
import { Breadcrumb, Card, Empty, Form, Grid, Select, Skeleton, Space, Typography } from 'antd';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { api, type QueryValue } from '../../shared/api';
import { QueryError } from '../../shared/errors';
import { RecordList } from '../../shared/RecordList';
import { usePageTitle } from '../../shared/usePageTitle';
import type { PublicProgrammePage } from '../../../contract/programmes';
import { LoadMore, usePublicList, useUrlFilters } from './portalShared';

/** A public page: breadcrumb, heading and intro, the filter (in its own card) and the content. */
export function PortalPage({ title, heading, intro, filter, children }: {
  /** the breadcrumb's last step and the browser tab's title */
  title: string;
  /** the h2, where it says more than the title (项目进展: 试点项目进展) */
  heading?: string;
  intro: ReactNode;
  filter?: ReactNode;
  children: ReactNode;
}) {
  usePageTitle(title);
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Breadcrumb items={[{ title: <Link to="/">首页</Link> }, { title }]} />
      <div>
        <Typography.Title level={2} style={{ margin: 0, fontSize: 22 }}>
          {heading ?? title}
        </Typography.Title>
        <Typography.Paragraph type="secondary" style={{ margin: '6px 0 0' }}>
          {intro}
        </Typography.Paragraph>
      </div>
      {filter ? <Card size="small" styles={{ body: { padding: 16 } }}>{filter}</Card> : null}
      {children}
    </Space>
  );
}

// the rows as a RecordList (one row each), or the page's own list (its <ul> and label)
type ListBody<T> =
  | { rowKey: (row: T) => string; renderRow: (row: T) => ReactNode; renderList?: never }
  | { renderList: (rows: T[]) => ReactNode; rowKey?: never; renderRow?: never };

/**
 * A public list page: the frame of PortalPage, and a card with the list at `path` filtered by
 * `query` (the URL's filters), labelled with the title. The empty message tells a filtered list
 * from an empty portal.
 */
export function PortalListPage<T>(props: {
  title: string;
  heading?: string;
  intro: ReactNode;
  filter: ReactNode;
  path: string;
  query: Record<string, QueryValue>;
  empty: { filtered: string; none: string };
} & ListBody<T>) {
  const { title, path, query, empty } = props;
  const list = usePublicList<T>(path, query);
  const filtered = Object.values(query).some((v) => v !== undefined && v !== null && v !== '');
  return (
    <PortalPage title={title} heading={props.heading} intro={props.intro} filter={props.filter}>
      <Card>
        {list.isError && !list.data ? (
          <QueryError error={list.error} onRetry={() => list.refetch()} />
        ) : list.isLoading ? (
          <Skeleton active paragraph={{ rows: 6 }} />
        ) : !list.rows.length ? (
          <Empty description={filtered ? empty.filtered : empty.none} />
        ) : props.renderList ? (
          props.renderList(list.rows)
        ) : (
          <RecordList<T> items={list.rows} rowKey={props.rowKey} label={title} render={props.renderRow} />
        )}
        <LoadMore shown={list.rows.length} total={list.total} estimated={list.totalEstimated} hasNext={!!list.hasNextPage} loading={list.isFetchingNextPage} onMore={() => list.fetchNextPage()} />
      </Card>
    </PortalPage>
  );
}

/** One public record's page: the frame around what `children` makes of the record. */
export function PortalDetailPage<T>({ list, crumb, back, query, skeletonRows = 10, children }: {
  /** the list the record belongs to: the breadcrumb's middle step and, unless `back` says, the way back */
  list?: { title: string; to: string };
  /** the breadcrumb's last step (通知全文, 事项详情 …) */
  crumb: string;
  back?: { to: string; label: string };
  query: Pick<UseQueryResult<T>, 'data' | 'isLoading' | 'isError' | 'error' | 'refetch'>;
  skeletonRows?: number;
  children: (record: T) => ReactNode;
}) {
  const q = query;
  const way = back ?? (list ? { to: list.to, label: `返回${list.title}` } : { to: '/', label: '返回首页' });
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Breadcrumb items={[{ title: <Link to="/">首页</Link> }, ...(list ? [{ title: <Link to={list.to}>{list.title}</Link> }] : []), { title: crumb }]} />
      {q.isLoading ? (
        <Card>
          <Skeleton active paragraph={{ rows: skeletonRows }} />
        </Card>
      ) : q.isError || q.data === undefined ? (
        <Card>
          <QueryError error={q.error} onRetry={() => q.refetch()} />
          <div style={{ textAlign: 'center' }}>
            <Link to={way.to}>
              <ArrowLeftOutlined /> {way.label}
            </Link>
          </div>
        </Card>
      ) : (
        children(q.data)
      )}
    </Space>
  );
}

/**
 * The programme filter of the list pages: every public programme (briefings, progress, cases and
 * evaluations belong to pilots and capacity plans alike), or with `capacityPlans` only the
 * capacity-improvement plans (the ones that issue calls and notices).
 */
export function PublicProgrammeFilter({ value, onChange, capacityPlans, id = 'filter-programme' }: {
  value: string | undefined;
  onChange: (v: string | undefined) => void;
  capacityPlans?: boolean;
  /** the select's id (the label points at it) */
  id?: string;
}) {
  const screens = Grid.useBreakpoint();
  const q = useQuery({
    queryKey: ['public/programmes', 'all-options'],
    queryFn: ({ signal }) => api<PublicProgrammePage>('/public/programmes', { query: { limit: 100 }, signal }),
    staleTime: 5 * 60_000,
  });
  const programmes = (q.data?.items ?? []).filter((p) => !capacityPlans || p.kind === 'capacityPlan');
  // a capacity plan is 计划, a programme in general 方案
  const word = capacityPlans ? '计划' : '方案';
  return (
    <Form layout={screens.lg ? 'inline' : 'vertical'} role="search" aria-label="筛选条件">
      <Form.Item label={`所属${word}`} htmlFor={id} style={{ marginBottom: 0 }}>
        <Select
          id={id}
          allowClear
          placeholder={capacityPlans ? '全部学会服务能力提升计划' : '全部方案'}
          loading={q.isLoading}
          value={value}
          style={{ width: screens.lg ? 420 : '100%' }}
          options={programmes.map((p) => ({ value: p.id, label: p.name }))}
          onChange={(v?: string) => onChange(v)}
          notFoundContent={q.isError ? `${word}列表加载失败` : capacityPlans ? '暂无已发布的计划' : '暂无方案'}
        />
      </Form.Item>
    </Form>
  );
}

/** The programme filter kept in the URL (?programmeId=): the list's query and the filter to show. */
export function useProgrammeFilter(options: { capacityPlans?: boolean; id?: string } = {}) {
  const f = useUrlFilters(['programmeId'] as const);
  const { programmeId } = f.values;
  return { query: { programmeId }, filter: <PublicProgrammeFilter {...options} value={programmeId} onChange={(v) => f.set({ programmeId: v })} /> };
}
