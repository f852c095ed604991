// PUB-1 (002 §7, 001 §5(4)): progress of pilot projects that the coordinating associations chose to
// disclose — what was done, by which society for which department, newest first.
import { CheckCircleOutlined } from '@ant-design/icons';
import { Breadcrumb, Card, Empty, Skeleton, Space, Tag, Typography } from 'antd';
import { RecordList } from '../../shared/RecordList';
import { Link } from 'react-router';
import { QueryError } from '../../shared/errors';
import { fmtDateCn } from '../../shared/format';
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
                    <Typography.Text strong style={{ fontSize: 16 }}>
                      {r.title}
                    </Typography.Text>
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
