// PUB-1: selection results (遴选结果) — which society undertakes which item, chosen by which
// department, and why.
import { Card, Descriptions, Empty, Grid, Skeleton, Space, Table, Typography } from 'antd';
import type { TableProps } from 'antd';
import { Link } from 'react-router';
import { QueryError } from '../../shared/errors';
import { fmtDate } from '../../shared/format';
import { ProgrammeCategoryFilter } from './PortalItems';
import { PortalPage } from './portalFrame';
import { LoadMore, usePublicList, useUrlFilters } from './portalShared';
import type { PublicProject } from '../../../contract/public';

const columns: TableProps<PublicProject>['columns'] = [
  {
    title: '事项',
    dataIndex: 'title',
    width: 260,
    render: (_, r) => (
      <Space orientation="vertical" size={2}>
        <Link to={`/portal/items/${r.itemId}`}>{r.title}</Link>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {r.categoryLabel}
        </Typography.Text>
      </Space>
    ),
  },
  { title: '委托部门', dataIndex: 'departmentName', width: 170 },
  { title: '承接学会', dataIndex: 'societyName', width: 170, render: (v: string) => <Typography.Text strong>{v}</Typography.Text> },
  { title: '选定理由', dataIndex: 'selectionReason', render: (v: string) => <span style={{ whiteSpace: 'pre-wrap' }}>{v}</span> },
  { title: '日期', dataIndex: 'selectedAt', width: 110, render: (v: string) => fmtDate(v) },
];

export function PortalResults() {
  const f = useUrlFilters(['programmeId'] as const);
  const { programmeId } = f.values;
  const list = usePublicList<PublicProject>('/public/projects', { programmeId });
  const screens = Grid.useBreakpoint();
  const empty = <Empty description={programmeId ? '该方案还没有确定承接学会的事项，请选择其他方案查看。' : '目前还没有公布的遴选结果，请稍后再来查看。'} />;

  return (
    // not a PortalListPage: a table on a wide screen (its own loading and empty states), a list on a phone
    <PortalPage
      title="遴选结果"
      intro="经学会申报、科协审核推荐、有关部门会签和审批后，由委托部门择优确定的承接学会及选定理由。"
      filter={<ProgrammeCategoryFilter programmeId={programmeId} withCategory={false} onChange={(next) => f.set({ programmeId: next.programmeId })} />}
    >
      <Card>
        {list.isError && !list.data ? (
          <QueryError error={list.error} onRetry={() => list.refetch()} />
        ) : screens.md ? (
          <Table<PublicProject>
            rowKey="id"
            columns={columns}
            dataSource={list.rows}
            loading={list.isLoading}
            pagination={false}
            scroll={{ x: 900 }}
            size="middle"
            locale={{ emptyText: list.isLoading ? ' ' : empty }}
          />
        ) : list.isLoading ? (
          <Skeleton active paragraph={{ rows: 6 }} />
        ) : !list.rows.length ? (
          empty
        ) : (
          <ul aria-label="遴选结果" style={{ listStyle: 'none', margin: 0, padding: 0 }}>
            {list.rows.map((r) => (
              <li key={r.id} style={{ padding: '12px 0', borderBottom: '1px solid #f0f0f0' }}>
                <Link to={`/portal/items/${r.itemId}`} style={{ fontSize: 16, fontWeight: 600 }}>
                  {r.title}
                </Link>
                <Descriptions
                  size="small"
                  column={1}
                  style={{ marginTop: 8 }}
                  items={[
                    { key: 'd', label: '委托部门', children: r.departmentName },
                    { key: 's', label: '承接学会', children: <Typography.Text strong>{r.societyName}</Typography.Text> },
                    { key: 'r', label: '选定理由', children: r.selectionReason },
                    { key: 't', label: '日期', children: fmtDate(r.selectedAt) },
                  ]}
                />
              </li>
            ))}
          </ul>
        )}
        <LoadMore shown={list.rows.length} total={list.total} estimated={list.totalEstimated} hasNext={!!list.hasNextPage} loading={list.isFetchingNextPage} onMore={() => list.fetchNextPage()} />
      </Card>
    </PortalPage>
  );
}
