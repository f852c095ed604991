// Chinese full-text search over items, the demand catalogue, pilot projects, work briefings,
// project progress and typical cases — one list ranked by relevance, each hit tagged with its kind
// and linking to its public page. The query lives in the URL (?q=&type=).
import { SearchOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Breadcrumb, Card, Empty, Flex, Input, Segmented, Skeleton, Space, Tag, Typography } from 'antd';
import { Fragment, useEffect, useState } from 'react';
import { Link } from 'react-router';
import { api } from '../../shared/api';
import { QueryError } from '../../shared/errors';
import { fmtDate } from '../../shared/format';
import { usePageTitle } from '../../shared/usePageTitle';
import { useUrlFilters } from './portalShared';
import type { SearchAnswer, SearchHit, SearchType } from '../../../contract/public';

export const SEARCH_MAX = 50;

/** The kinds by the portal's menu names, for both the filter and each hit's tag. */
const typeLabels: Record<SearchType, string> = {
  item: '可转移职能事项',
  demand: '需求服务目录',
  project: '遴选结果（试点项目）',
  briefing: '工作简报',
  progress: '项目进展',
  case: '典型案例',
};
const typeOptions: { value: SearchType | 'all'; label: string }[] = [
  { value: 'all', label: '全部' },
  ...(Object.keys(typeLabels) as SearchType[]).map((value) => ({ value, label: typeLabels[value] })),
];
const typeColors: Record<SearchType, string> = { item: 'blue', demand: 'cyan', project: 'green', briefing: 'purple', progress: 'geekblue', case: 'gold' };

/** Where a hit is read in public. A project has no page of its own: its item's page shows the result. */
export function hitLink(h: SearchHit): string {
  switch (h.type) {
    case 'item':
      return `/portal/items/${h.id}`;
    case 'demand':
      return `/portal/demand/${h.id}`;
    case 'briefing':
      return `/portal/briefings/${h.id}`;
    case 'progress':
      return `/portal/progress/${h.id}`;
    case 'case':
      return `/portal/cases/${h.id}`;
    case 'project':
      return h.itemId ? `/portal/items/${h.itemId}` : '/portal/results';
  }
}

/** The query's words (split on spaces), longest first so a longer word wins over its part. */
export function queryTerms(q: string): string[] {
  return [...new Set(q.trim().split(/\s+/).filter(Boolean))].sort((a, b) => b.length - a.length);
}

/** Text with the query's words marked. */
export function Highlight({ text, terms }: { text: string; terms: string[] }) {
  if (!terms.length) return <>{text}</>;
  const re = new RegExp(`(${terms.map((t) => t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})`, 'gi');
  const parts = text.split(re);
  return (
    <>
      {parts.map((p, i) =>
        i % 2 === 1 ? (
          <mark key={i} style={{ background: '#fff1b8', padding: 0, color: 'inherit' }}>
            {p}
          </mark>
        ) : (
          <Fragment key={i}>{p}</Fragment>
        ),
      )}
    </>
  );
}

export function PortalSearch() {
  const f = useUrlFilters(['q', 'type'] as const);
  const q = (f.values.q ?? '').trim().slice(0, SEARCH_MAX);
  const type = (typeOptions.some((o) => o.value === f.values.type) ? f.values.type : 'all') as SearchType | 'all';
  usePageTitle(q ? `检索：${q}` : '站内检索');
  const [text, setText] = useState(q);
  useEffect(() => setText(q), [q]);

  const res = useQuery({
    queryKey: ['public/search', q, type],
    queryFn: ({ signal }) => api<SearchAnswer>('/public/search', { query: { q, type: type === 'all' ? undefined : type, limit: SEARCH_MAX }, signal }),
    enabled: !!q,
    placeholderData: keepPreviousData,
  });
  const terms = queryTerms(q);
  const hits = res.data?.items ?? [];

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Breadcrumb items={[{ title: <Link to="/">首页</Link> }, { title: '站内检索' }]} />
      <Card>
        <Typography.Title level={2} style={{ marginTop: 0, fontSize: 22 }}>
          站内检索
        </Typography.Title>
        <Input.Search
          aria-label="检索关键词"
          placeholder="输入事项、服务内容、学会名称或简报、案例中的关键词"
          enterButton={
            <>
              <SearchOutlined /> 检索
            </>
          }
          size="large"
          allowClear
          maxLength={SEARCH_MAX}
          value={text}
          onChange={(e) => setText(e.target.value)}
          onSearch={(v) => f.set({ q: v.trim() || undefined, type: type === 'all' ? undefined : type })}
        />
        <Segmented
          aria-label="检索范围"
          style={{ marginTop: 12, maxWidth: '100%', overflowX: 'auto' }}
          value={type}
          options={typeOptions}
          onChange={(v) => f.set({ q: q || undefined, type: v === 'all' ? undefined : String(v) })}
        />
      </Card>

      <Card>
        {!q ? (
          <Empty description="请输入关键词，检索可转移职能事项、需求服务目录、遴选结果、项目进展、工作简报和典型案例。" />
        ) : res.isLoading ? (
          <Skeleton active paragraph={{ rows: 6 }} />
        ) : res.isError && !res.data ? (
          <QueryError error={res.error} onRetry={() => res.refetch()} />
        ) : !hits.length ? (
          <Empty
            description={
              <span>
                没有找到与“{q}”相关的{type === 'all' ? '内容' : typeOptions.find((o) => o.value === type)?.label}。
                <br />
                请换个关键词或缩短关键词再试，也可以浏览<Link to="/portal/items">可转移职能事项</Link>和<Link to="/portal/demand">需求服务目录</Link>。
              </span>
            }
          />
        ) : (
          <>
            <Typography.Text type="secondary" aria-live="polite">
              找到 {hits.length} 条与“{q}”相关的结果，标题含检索词的在前{hits.length >= SEARCH_MAX ? `（仅显示最相关的 ${SEARCH_MAX} 条，请使用更具体的关键词）` : ''}
            </Typography.Text>
            <ul aria-label="检索结果" style={{ listStyle: 'none', margin: '8px 0 0', padding: 0, opacity: res.isFetching ? 0.6 : 1 }}>
              {hits.map((h) => (
                <li key={`${h.type}:${h.id}`} style={{ padding: '14px 0', borderBottom: '1px solid #f0f0f0' }}>
                  <Flex wrap gap={8} align="baseline">
                    <Tag color={typeColors[h.type]} style={{ marginInlineEnd: 0 }}>
                      {typeLabels[h.type] ?? h.typeLabel}
                    </Tag>
                    <Link to={hitLink(h)} style={{ fontSize: 16, fontWeight: 600, minWidth: 0, flex: '1 1 300px' }}>
                      <Highlight text={h.title} terms={terms} />
                    </Link>
                  </Flex>
                  {h.summary ? (
                    <Typography.Paragraph type="secondary" ellipsis={{ rows: 2 }} style={{ margin: '6px 0 0' }}>
                      <Highlight text={h.summary} terms={terms} />
                    </Typography.Paragraph>
                  ) : null}
                  <Flex wrap style={{ columnGap: 16, rowGap: 4, marginTop: 6, fontSize: 13 }}>
                    <Typography.Text>
                      {h.orgLabel}：{h.orgName}
                    </Typography.Text>
                    <Typography.Text type="secondary">{h.statusLabel}</Typography.Text>
                    <Typography.Text type="secondary">{fmtDate(h.at)}</Typography.Text>
                  </Flex>
                </li>
              ))}
            </ul>
          </>
        )}
      </Card>
    </Space>
  );
}
