// PUB-1, FUN-4: the demand catalogue (需求服务目录) — services departments buy by tender or by
// commission — as a public list and a detail page with every version.
import { ArrowLeftOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Alert, Breadcrumb, Card, Descriptions, Empty, Flex, Skeleton, Space, Tag, Typography } from 'antd';
import { Link, useParams } from 'react-router';
import { api } from '../../shared/api';
import { QueryError } from '../../shared/errors';
import { fmtDate, fmtYuan } from '../../shared/format';
import { usePageTitle } from '../../shared/usePageTitle';
import { ProgrammeCategoryFilter } from './PortalItems';
import { DemandStatusTag, LoadMore, Money, usePublicList, useUrlFilters } from './portalShared';
import type { PublicDemandEntry, PublicDemandEntrySummary } from '../../../contract/public';
import { RevisionHistory, demandRevisionFields } from './RevisionHistory';

const methodColor = (m: string) => (m === 'tender' ? 'volcano' : 'geekblue');

export function PortalDemand() {
  usePageTitle('需求服务目录');
  const f = useUrlFilters(['programmeId'] as const);
  const { programmeId } = f.values;
  const list = usePublicList<PublicDemandEntrySummary>('/public/demand-entries', { programmeId });

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Breadcrumb items={[{ title: <Link to="/">首页</Link> }, { title: '需求服务目录' }]} />
      <div>
        <Typography.Title level={2} style={{ margin: 0, fontSize: 22 }}>
          需求服务目录
        </Typography.Title>
        <Typography.Paragraph type="secondary" style={{ margin: '6px 0 0' }}>
          政府部门定期发布的拟购买服务目录，包括行业调查研究、规划编制、准入和运行分析、投资咨询等，以招投标或委托方式购买。
        </Typography.Paragraph>
      </div>
      <Card size="small" styles={{ body: { padding: 16 } }}>
        <ProgrammeCategoryFilter programmeId={programmeId} withCategory={false} onChange={(next) => f.set({ programmeId: next.programmeId })} />
      </Card>
      <Card>
        {list.isLoading ? (
          <Skeleton active paragraph={{ rows: 6 }} />
        ) : list.isError && !list.data ? (
          <QueryError error={list.error} onRetry={() => list.refetch()} />
        ) : !list.rows.length ? (
          <Empty description={programmeId ? '该方案下还没有公开的需求服务目录，请选择其他方案查看。' : '目前还没有公开的需求服务目录，请稍后再来查看。'} />
        ) : (
          <>
            <ul aria-label="目录列表" style={{ listStyle: 'none', margin: 0, padding: 0 }}>
              {list.rows.map((e) => (
                <li key={e.id} style={{ padding: '14px 0', borderBottom: '1px solid #f0f0f0' }}>
                  <Flex wrap gap={8} align="baseline" justify="space-between">
                    <Link to={`/portal/demand/${e.id}`} style={{ fontSize: 16, fontWeight: 600, minWidth: 0, flex: '1 1 360px' }}>
                      {e.title}
                    </Link>
                    <Typography.Text type="secondary" style={{ whiteSpace: 'nowrap' }}>
                      {fmtDate(e.publishedAt)}
                    </Typography.Text>
                  </Flex>
                  <Space wrap size={[6, 6]} style={{ marginTop: 8 }}>
                    <DemandStatusTag status={e.status} label={e.statusLabel} />
                    <Tag>{e.serviceKindLabel}</Tag>
                    <Tag color={methodColor(e.purchaseMethod)}>{e.purchaseMethodLabel}</Tag>
                    {e.revision > 1 ? <Tag color="orange">已变更 · 第 {e.revision} 版</Tag> : null}
                  </Space>
                  <Typography.Paragraph type="secondary" ellipsis={{ rows: 2 }} style={{ margin: '8px 0 0' }}>
                    {e.summary}
                  </Typography.Paragraph>
                  <Flex wrap style={{ columnGap: 16, rowGap: 4, marginTop: 6, fontSize: 13 }}>
                    <Typography.Text>发布部门：{e.departmentName}</Typography.Text>
                    <Typography.Text>预算：{fmtYuan(e.budgetFen, '未列明')}</Typography.Text>
                    {e.period ? <Typography.Text>服务期限：{e.period}</Typography.Text> : null}
                  </Flex>
                </li>
              ))}
            </ul>
            <LoadMore shown={list.rows.length} total={list.total} estimated={list.totalEstimated} hasNext={!!list.hasNextPage} loading={list.isFetchingNextPage} onMore={() => list.fetchNextPage()} />
          </>
        )}
      </Card>
    </Space>
  );
}

export function PortalDemandDetail() {
  const { id = '' } = useParams();
  const q = useQuery({
    queryKey: ['public/demand-entries', id],
    queryFn: ({ signal }) => api<PublicDemandEntry>(`/public/demand-entries/${encodeURIComponent(id)}`, { signal }),
  });
  usePageTitle(q.data?.title ?? '目录详情');
  const e = q.data;
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Breadcrumb items={[{ title: <Link to="/">首页</Link> }, { title: <Link to="/portal/demand">需求服务目录</Link> }, { title: '目录详情' }]} />
      {q.isLoading ? (
        <Card>
          <Skeleton active paragraph={{ rows: 8 }} />
        </Card>
      ) : q.isError || !e ? (
        <Card>
          <QueryError error={q.error} onRetry={() => q.refetch()} />
          <div style={{ textAlign: 'center' }}>
            <Link to="/portal/demand">
              <ArrowLeftOutlined /> 返回需求服务目录
            </Link>
          </div>
        </Card>
      ) : (
        <>
          <Card>
            <Typography.Title level={2} style={{ marginTop: 0, fontSize: 22 }}>
              {e.title}
            </Typography.Title>
            <Space wrap size={[6, 6]} style={{ marginBottom: 12 }}>
              <DemandStatusTag status={e.status} label={e.statusLabel} />
              <Tag>{e.serviceKindLabel}</Tag>
              <Tag color={methodColor(e.purchaseMethod)}>{e.purchaseMethodLabel}</Tag>
              <Tag color={e.revision > 1 ? 'orange' : 'default'}>第 {e.revision} 版</Tag>
            </Space>
            <Descriptions
              column={{ xs: 1, sm: 1, md: 2, lg: 3 }}
              items={[
                { key: 'dept', label: '发布部门', children: e.departmentName },
                { key: 'assoc', label: '组织科协', children: e.associationName },
                { key: 'prog', label: '所属方案', children: <Link to={`/portal/programmes/${e.programmeId}`}>{e.programmeName}</Link> },
                { key: 'kind', label: '服务类别', children: e.serviceKindLabel },
                { key: 'method', label: '购买方式', children: e.purchaseMethodLabel },
                { key: 'budget', label: '预算金额', children: e.budgetFen === null ? '未列明' : <Money fen={e.budgetFen} /> },
                { key: 'period', label: '服务期限', children: e.period || '—' },
                { key: 'pub', label: '发布日期', children: fmtDate(e.publishedAt) },
              ]}
            />
          </Card>
          {e.status === 'withdrawn' ? (
            <Alert type="warning" showIcon title={`该条目已于 ${fmtDate(e.withdrawnAt)} 撤回`} description={`撤回原因：${e.withdrawReason || '未说明'}`} />
          ) : null}
          <Card title="服务内容">
            <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginBottom: 0 }}>{e.description}</Typography.Paragraph>
          </Card>
          <Card title={`版本记录（${e.revisions.length}）`}>
            <RevisionHistory revisions={e.revisions} fields={demandRevisionFields} currentRevision={e.revision} />
          </Card>
        </>
      )}
    </Space>
  );
}
