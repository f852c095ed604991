// PUB-1, CAP-1: 通知公告 — the yearly calls of the capacity-improvement programmes, published by the
// associations (受理中) or closed (已截止), newest first; and each call in full: its period, budget,
// fund, and the project types with their quota and award.
import { ArrowLeftOutlined, NotificationOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Breadcrumb, Card, Descriptions, Empty, Form, Grid, Select, Skeleton, Space, Table, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { Link, useParams } from 'react-router';
import { api } from '../../shared/api';
import { QueryError } from '../../shared/errors';
import { dayjs, fmtCount, fmtDate, fmtDateCn, fmtRange, fmtYuan, todayCst } from '../../shared/format';
import { RecordList, RecordRow } from '../../shared/RecordList';
import { usePageTitle } from '../../shared/usePageTitle';
import type { CallTypeView, PublicCapacityCall, PublicCapacityCallSummary } from '../../../contract/capacity';
import type { PublicProgrammePage } from '../../../contract/programmes';
import { LoadMore, Money, usePublicList, useUrlFilters } from './portalShared';

/** 受理中 / 已截止 as the server names them. */
export function CallStateTag({ status, label }: { status: string; label: string }) {
  return <Tag color={status === 'closed' ? 'default' : 'green'}>{label}</Tag>;
}

/** 还剩 N 天 / 今日截止 while a published call is open (counted in China time). */
function DaysLeft({ closesOn }: { closesOn: string }) {
  const left = dayjs(closesOn).diff(dayjs(todayCst()), 'day');
  if (left < 0) return null;
  return <Tag color={left <= 3 ? 'red' : left <= 7 ? 'orange' : 'blue'}>{left === 0 ? '今日截止' : `还剩 ${left} 天`}</Tag>;
}

/** The capacity-improvement programmes published on the portal (the ones that issue calls). */
function CapacityProgrammeFilter({ value, onChange }: { value: string | undefined; onChange: (v: string | undefined) => void }) {
  const screens = Grid.useBreakpoint();
  const q = useQuery({
    queryKey: ['public/programmes', 'all-options'],
    queryFn: ({ signal }) => api<PublicProgrammePage>('/public/programmes', { query: { limit: 100 }, signal }),
    staleTime: 5 * 60_000,
  });
  const options = (q.data?.items ?? []).filter((p) => p.kind === 'capacityPlan').map((p) => ({ value: p.id, label: p.name }));
  return (
    <Form layout={screens.lg ? 'inline' : 'vertical'} role="search" aria-label="筛选条件">
      <Form.Item label="所属计划" htmlFor="filter-programme" style={{ marginBottom: 0 }}>
        <Select
          id="filter-programme"
          allowClear
          placeholder="全部学会服务能力提升计划"
          loading={q.isLoading}
          value={value}
          style={{ width: screens.lg ? 420 : '100%' }}
          options={options}
          onChange={(v?: string) => onChange(v)}
          notFoundContent={q.isError ? '计划列表加载失败' : '暂无已发布的计划'}
        />
      </Form.Item>
    </Form>
  );
}

export function PortalCalls() {
  usePageTitle('通知公告');
  const f = useUrlFilters(['programmeId'] as const);
  const { programmeId } = f.values;
  const list = usePublicList<PublicCapacityCallSummary>('/public/capacity-calls', { programmeId });
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Breadcrumb items={[{ title: <Link to="/">首页</Link> }, { title: '通知公告' }]} />
      <div>
        <Typography.Title level={2} style={{ margin: 0, fontSize: 22 }}>
          通知公告
        </Typography.Title>
        <Typography.Paragraph type="secondary" style={{ margin: '6px 0 0' }}>
          各级科协发布的学会服务能力提升计划年度申报通知：申报期、年度预算、项目类型、奖励名额和资助标准。学会请在申报期内登录平台申报。
        </Typography.Paragraph>
      </div>
      <Card size="small" styles={{ body: { padding: 16 } }}>
        <CapacityProgrammeFilter value={programmeId} onChange={(v) => f.set({ programmeId: v })} />
      </Card>
      <Card>
        {list.isError && !list.data ? (
          <QueryError error={list.error} onRetry={() => list.refetch()} />
        ) : list.isLoading ? (
          <Skeleton active paragraph={{ rows: 6 }} />
        ) : !list.rows.length ? (
          <Empty description={programmeId ? '该计划暂无已发布的申报通知。' : '目前还没有发布的申报通知，请稍后再来查看。'} />
        ) : (
          <RecordList<PublicCapacityCallSummary>
            items={list.rows}
            rowKey={(c) => c.id}
            label="通知公告"
            render={(c) => (
              <RecordRow
                mark={<NotificationOutlined style={{ fontSize: 20, color: c.status === 'closed' ? '#8c8c8c' : '#1456c8', marginTop: 4 }} />}
                title={
                  <Space wrap size={[8, 4]}>
                    <Link to={`/portal/calls/${c.id}`} style={{ fontSize: 16 }}>
                      {c.title}
                    </Link>
                    <CallStateTag status={c.status} label={c.statusLabel} />
                    {c.status === 'published' ? <DaysLeft closesOn={c.closesOn} /> : null}
                  </Space>
                }
                description={
                  <Space wrap size={[12, 0]}>
                    <span>{c.associationName}</span>
                    <span>申报期 {fmtRange(c.opensOn, c.closesOn)}</span>
                    <span>年度预算 {fmtYuan(c.budgetFen)}</span>
                    <span>{fmtDateCn(c.publishedAt)}发布</span>
                  </Space>
                }
              />
            )}
          />
        )}
        <LoadMore shown={list.rows.length} total={list.total} estimated={list.totalEstimated} hasNext={!!list.hasNextPage} loading={list.isFetchingNextPage} onMore={() => list.fetchNextPage()} />
      </Card>
    </Space>
  );
}

const typeColumns: TableColumnsType<CallTypeView> = [
  { title: '项目类型', dataIndex: 'name', render: (v: string) => <Typography.Text strong>{v}</Typography.Text> },
  { title: '奖励名额', dataIndex: 'quota', width: 110, align: 'right', render: (v: number) => fmtCount(v, ' 个') },
  { title: '资助标准（每项）', dataIndex: 'awardFen', width: 180, align: 'right', render: (v: number) => fmtYuan(v) },
];

export function PortalCallDetail() {
  const { id = '' } = useParams();
  const q = useQuery({ queryKey: ['/public/capacity-calls', id], queryFn: ({ signal }) => api<PublicCapacityCall>(`/public/capacity-calls/${encodeURIComponent(id)}`, { signal }) });
  usePageTitle(q.data?.title ?? '通知公告');
  const screens = Grid.useBreakpoint();
  const c = q.data;
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Breadcrumb items={[{ title: <Link to="/">首页</Link> }, { title: <Link to="/portal/calls">通知公告</Link> }, { title: '通知全文' }]} />
      {q.isLoading ? (
        <Card>
          <Skeleton active paragraph={{ rows: 10 }} />
        </Card>
      ) : q.isError || !c ? (
        <Card>
          <QueryError error={q.error} onRetry={() => q.refetch()} />
          <div style={{ textAlign: 'center' }}>
            <Link to="/portal/calls">
              <ArrowLeftOutlined /> 返回通知公告
            </Link>
          </div>
        </Card>
      ) : (
        <>
          <Card>
            <article>
              <Typography.Text type="secondary">
                {c.associationName} · {c.year} 年度
              </Typography.Text>
              <Typography.Title level={2} style={{ marginTop: 8, fontSize: 22 }}>
                {c.title}
              </Typography.Title>
              <Space wrap style={{ marginBottom: 12 }}>
                <CallStateTag status={c.status} label={c.statusLabel} />
                {c.status === 'published' ? <DaysLeft closesOn={c.closesOn} /> : null}
              </Space>
              <Descriptions
                size="small"
                column={{ xs: 1, md: 2 }}
                style={{ marginBottom: 16 }}
                items={[
                  { key: 'period', label: '申报期', children: fmtRange(c.opensOn, c.closesOn) },
                  { key: 'pub', label: '发布日期', children: fmtDate(c.publishedAt) },
                  { key: 'b', label: '年度预算', children: <Money fen={c.budgetFen} /> },
                  { key: 'f', label: '资金来源', children: c.fundName },
                  { key: 'p', label: '所属计划', children: <Link to={`/portal/programmes/${c.programmeId}`}>{c.programmeName}</Link> },
                  { key: 'c', label: '联系方式', children: c.contact || '—' },
                ]}
              />
              <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', fontSize: 15, lineHeight: 1.9, marginBottom: 0 }}>{c.description}</Typography.Paragraph>
            </article>
          </Card>
          <Card title="项目类型、奖励名额和资助标准">
            {screens.md ? (
              <Table<CallTypeView> rowKey="code" size="small" columns={typeColumns} dataSource={c.types} pagination={false} />
            ) : (
              // a phone: one line per type instead of a table wider than the screen
              <RecordList<CallTypeView>
                items={c.types}
                rowKey={(t) => t.code}
                label="项目类型、奖励名额和资助标准"
                render={(t) => <RecordRow title={t.name} description={`奖励名额 ${fmtCount(t.quota, ' 个')} · 资助标准每项 ${fmtYuan(t.awardFen)}`} />}
              />
            )}
          </Card>
        </>
      )}
    </Space>
  );
}
