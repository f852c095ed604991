// PUB-1 (002 §7, 001 §5(4)): progress of pilot projects that the coordinating associations chose to
// disclose — what was done, by which society for which department, newest first.
import { ArrowLeftOutlined, CheckCircleOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Breadcrumb, Card, Descriptions, Empty, Skeleton, Space, Tag, Typography } from 'antd';
import { RecordList } from '../../shared/RecordList';
import { Link, useParams } from 'react-router';
import { api } from '../../shared/api';
import { QueryError } from '../../shared/errors';
import { fmtDate, fmtDateCn } from '../../shared/format';
import type { PublicProgress } from '../../../contract/records';
import { usePageTitle } from '../../shared/usePageTitle';
import { PublicProgrammeFilter } from './PortalBriefings';
import { LoadMore, usePublicList, useUrlFilters } from './portalShared';

export function PortalProgress() {
  usePageTitle('项目进展');
  const f = useUrlFilters(['programmeId'] as const);
  const { programmeId } = f.values;
  const list = usePublicList<PublicProgress>('/public/progress', { programmeId });
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Breadcrumb items={[{ title: <Link to="/">首页</Link> }, { title: '项目进展' }]} />
      <div>
        <Typography.Title level={2} style={{ margin: 0, fontSize: 22 }}>
          试点项目进展
        </Typography.Title>
        <Typography.Paragraph type="secondary" style={{ margin: '6px 0 0' }}>
          承接学会报送、经协调科协审核后公开的试点项目进展情况。
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
          <Empty description={programmeId ? '该方案暂无公开的项目进展。' : '目前还没有公开的项目进展，请稍后再来查看。'} />
        ) : (
          <RecordList<PublicProgress>
            items={list.rows}
            rowKey={(r) => r.id}
            label="项目进展"
            render={(r) => (
                <Space orientation="vertical" size={4} style={{ width: '100%' }}>
                  <Space wrap>
                    <Link to={`/portal/progress/${r.id}`} style={{ fontSize: 16, fontWeight: 600 }}>
                      {r.title}
                    </Link>
                    {r.completesMilestone && r.milestoneName ? (
                      <Tag color="green" icon={<CheckCircleOutlined />}>
                        完成节点：{r.milestoneName}
                      </Tag>
                    ) : r.milestoneName ? (
                      <Tag>关键节点：{r.milestoneName}</Tag>
                    ) : null}
                  </Space>
                  <Typography.Text type="secondary">
                    {r.projectTitle} · 承接学会：{r.societyName} · 委托部门：{r.departmentName}
                  </Typography.Text>
                  <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginBottom: 0 }}>{r.summary}</Typography.Paragraph>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {r.programmeName} · {fmtDateCn(r.publishedAt)}公开
                  </Typography.Text>
                </Space>
            )}
          />
        )}
        <LoadMore shown={list.rows.length} total={list.total} estimated={list.totalEstimated} hasNext={!!list.hasNextPage} loading={list.isFetchingNextPage} onMore={() => list.fetchNextPage()} />
      </Card>
    </Space>
  );
}

/** One disclosed progress report (the search's link): what the association chose to publish. */
export function PortalProgressDetail() {
  const { id = '' } = useParams();
  const q = useQuery({ queryKey: ['public/progress', id], queryFn: ({ signal }) => api<PublicProgress>(`/public/progress/${encodeURIComponent(id)}`, { signal }) });
  usePageTitle(q.data?.title ?? '项目进展');
  const r = q.data;
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Breadcrumb items={[{ title: <Link to="/">首页</Link> }, { title: <Link to="/portal/progress">项目进展</Link> }, { title: '进展详情' }]} />
      {q.isLoading ? (
        <Card>
          <Skeleton active paragraph={{ rows: 6 }} />
        </Card>
      ) : q.isError || !r ? (
        <Card>
          <QueryError error={q.error} onRetry={() => q.refetch()} />
          <div style={{ textAlign: 'center' }}>
            <Link to="/portal/progress">
              <ArrowLeftOutlined /> 返回项目进展
            </Link>
          </div>
        </Card>
      ) : (
        <Card>
          <article>
            <Typography.Text type="secondary">{r.projectTitle}</Typography.Text>
            <Typography.Title level={2} style={{ marginTop: 8, fontSize: 22 }}>
              {r.title}
            </Typography.Title>
            <Descriptions
              size="small"
              column={{ xs: 1, md: 2 }}
              style={{ marginBottom: 16 }}
              items={[
                { key: 's', label: '承接学会', children: r.societyName },
                { key: 'd', label: '委托部门', children: r.departmentName },
                { key: 'm', label: '所属方案', children: <Link to={`/portal/programmes/${r.programmeId}`}>{r.programmeName}</Link> },
                { key: 'u', label: '公开日期', children: fmtDate(r.publishedAt) },
                ...(r.milestoneName ? [{ key: 'n', label: r.completesMilestone ? '完成节点' : '关键节点', children: r.milestoneName }] : []),
              ]}
            />
            <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', fontSize: 15, lineHeight: 1.9 }}>{r.summary}</Typography.Paragraph>
          </article>
        </Card>
      )}
    </Space>
  );
}
