// PUB-1, PRG-3 (001 §5(4) 信息公开): work briefings the associations chose to disclose — the list,
// newest first, and each briefing in full. A briefing withdrawn from the portal disappears.
import { ArrowLeftOutlined, ReadOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Breadcrumb, Card, Descriptions, Empty, Form, Grid, Select, Skeleton, Space, Typography } from 'antd';
import { RecordList, RecordRow } from '../../shared/RecordList';
import { Link, useParams } from 'react-router';
import { api } from '../../shared/api';
import { QueryError } from '../../shared/errors';
import { fmtDate, fmtDateCn } from '../../shared/format';
import type { PublicProgrammePage } from '../../../contract/programmes';
import type { PublicBriefing, PublicBriefingSummary } from '../../../contract/records';
import { usePageTitle } from '../../shared/usePageTitle';
import { LoadMore, usePublicList, useUrlFilters } from './portalShared';

/** Every public programme (briefings belong to pilots and capacity plans alike). */
export function PublicProgrammeFilter({ value, onChange }: { value: string | undefined; onChange: (v: string | undefined) => void }) {
  const screens = Grid.useBreakpoint();
  const q = useQuery({
    queryKey: ['public/programmes', 'all-options'],
    queryFn: ({ signal }) => api<PublicProgrammePage>('/public/programmes', { query: { limit: 100 }, signal }),
    staleTime: 5 * 60_000,
  });
  return (
    <Form layout={screens.lg ? 'inline' : 'vertical'} role="search" aria-label="筛选条件">
      <Form.Item label="所属方案" htmlFor="filter-programme" style={{ marginBottom: 0 }}>
        <Select
          id="filter-programme"
          allowClear
          placeholder="全部方案"
          loading={q.isLoading}
          value={value}
          style={{ width: screens.lg ? 420 : '100%' }}
          options={(q.data?.items ?? []).map((p) => ({ value: p.id, label: p.name }))}
          onChange={(v?: string) => onChange(v)}
          notFoundContent={q.isError ? '方案列表加载失败' : '暂无方案'}
        />
      </Form.Item>
    </Form>
  );
}

export function PortalBriefings() {
  usePageTitle('工作简报');
  const f = useUrlFilters(['programmeId'] as const);
  const { programmeId } = f.values;
  const list = usePublicList<PublicBriefingSummary>('/public/briefings', { programmeId });
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Breadcrumb items={[{ title: <Link to="/">首页</Link> }, { title: '工作简报' }]} />
      <div>
        <Typography.Title level={2} style={{ margin: 0, fontSize: 22 }}>
          工作简报
        </Typography.Title>
        <Typography.Paragraph type="secondary" style={{ margin: '6px 0 0' }}>
          各级科协编发并公开的学会承接政府转移职能工作简报，按公开时间排列。
        </Typography.Paragraph>
      </div>
      <Card size="small" styles={{ body: { padding: 16 } }}>
        <PublicProgrammeFilter value={programmeId} onChange={(v) => f.set({ programmeId: v })} />
      </Card>
      <Card>
        {list.isError && !list.data ? (
          <QueryError error={list.error} onRetry={() => list.refetch()} />
        ) : list.isLoading ? (
          <Skeleton active paragraph={{ rows: 6 }} />
        ) : !list.rows.length ? (
          <Empty description={programmeId ? '该方案暂无公开的工作简报。' : '目前还没有公开的工作简报，请稍后再来查看。'} />
        ) : (
          <RecordList<PublicBriefingSummary>
            items={list.rows}
            rowKey={(b) => b.id}
            label="工作简报"
            render={(b) => (
                <RecordRow
                  mark={<ReadOutlined style={{ fontSize: 20, color: '#1456c8', marginTop: 4 }} />}
                  title={
                    <Link to={`/portal/briefings/${b.id}`} style={{ fontSize: 16 }}>
                      {b.title}
                    </Link>
                  }
                  description={
                    <Space wrap size={[12, 0]}>
                      <span>第 {b.issueNo} 期</span>
                      <span>{b.associationName}</span>
                      <span>{fmtDateCn(b.issuedOn)}编发</span>
                    </Space>
                  }
                >
                  <Typography.Paragraph ellipsis={{ rows: 2 }} style={{ margin: '4px 0 0', color: 'rgba(0,0,0,0.65)' }}>
                    {b.summary}
                  </Typography.Paragraph>
                </RecordRow>
            )}
          />
        )}
        <LoadMore shown={list.rows.length} total={list.total} estimated={list.totalEstimated} hasNext={!!list.hasNextPage} loading={list.isFetchingNextPage} onMore={() => list.fetchNextPage()} />
      </Card>
    </Space>
  );
}

export function PortalBriefingDetail() {
  const { id = '' } = useParams();
  const q = useQuery({ queryKey: ['public/briefings', id], queryFn: ({ signal }) => api<PublicBriefing>(`/public/briefings/${encodeURIComponent(id)}`, { signal }) });
  usePageTitle(q.data?.title ?? '工作简报');
  const b = q.data;
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Breadcrumb items={[{ title: <Link to="/">首页</Link> }, { title: <Link to="/portal/briefings">工作简报</Link> }, { title: '简报全文' }]} />
      {q.isLoading ? (
        <Card>
          <Skeleton active paragraph={{ rows: 10 }} />
        </Card>
      ) : q.isError || !b ? (
        <Card>
          <QueryError error={q.error} onRetry={() => q.refetch()} />
          <div style={{ textAlign: 'center' }}>
            <Link to="/portal/briefings">
              <ArrowLeftOutlined /> 返回工作简报
            </Link>
          </div>
        </Card>
      ) : (
        <Card>
          <article>
            <Typography.Text type="secondary">
              {b.associationName} · 第 {b.issueNo} 期
            </Typography.Text>
            <Typography.Title level={2} style={{ marginTop: 8, fontSize: 22 }}>
              {b.title}
            </Typography.Title>
            <Descriptions
              size="small"
              column={{ xs: 1, md: 3 }}
              style={{ marginBottom: 16 }}
              items={[
                { key: 'p', label: '所属方案', children: <Link to={`/portal/programmes/${b.programmeId}`}>{b.programmeName}</Link> },
                { key: 'i', label: '编发日期', children: fmtDate(b.issuedOn) },
                { key: 'u', label: '公开日期', children: fmtDate(b.publishedAt) },
              ]}
            />
            <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', fontSize: 15, lineHeight: 1.9 }}>{b.body}</Typography.Paragraph>
          </article>
        </Card>
      )}
    </Space>
  );
}
