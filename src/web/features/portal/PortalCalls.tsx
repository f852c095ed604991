// PUB-1, CAP-1: 通知公告 — the yearly calls of the capacity-improvement programmes, published by the
// associations (受理中) or closed (已截止), newest first; and each call in full: its period, budget,
// fund, and the project types with their quota and award.
import { NotificationOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Card, Descriptions, Grid, Space, Table, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { Link, useParams } from 'react-router';
import { api } from '../../shared/api';
import { fmtCount, fmtDate, fmtDateCn, fmtRange, fmtYuan } from '../../shared/format';
import { RecordList, RecordRow } from '../../shared/RecordList';
import { usePageTitle } from '../../shared/usePageTitle';
import type { CallTypeView, PublicCapacityCall, PublicCapacityCallSummary } from '../../../contract/capacity';
import { PortalDetailPage, PortalListPage, useProgrammeFilter } from './portalFrame';
import { DaysLeft, Money, OpenClosedTag } from './portalShared';

// a call's days left turn orange a week before it closes, red three days before
const CallDaysLeft = ({ closesOn }: { closesOn: string }) => <DaysLeft until={closesOn} red={3} orange={7} />;

export function PortalCalls() {
  const programme = useProgrammeFilter({ capacityPlans: true });
  return (
    <PortalListPage<PublicCapacityCallSummary>
      title="通知公告"
      intro="各级科协发布的学会服务能力提升计划年度申报通知：申报期、年度预算、项目类型、奖励名额和资助标准。学会请在申报期内登录平台申报。"
      filter={programme.filter}
      path="/public/capacity-calls"
      query={programme.query}
      empty={{ filtered: '该计划暂无已发布的申报通知。', none: '目前还没有发布的申报通知，请稍后再来查看。' }}
      rowKey={(c) => c.id}
      renderRow={(c) => (
        <RecordRow
          mark={<NotificationOutlined style={{ fontSize: 20, color: c.status === 'closed' ? '#8c8c8c' : '#1456c8', marginTop: 4 }} />}
          title={
            <Space wrap size={[8, 4]}>
              <Link to={`/portal/calls/${c.id}`} style={{ fontSize: 16 }}>
                {c.title}
              </Link>
              <OpenClosedTag status={c.status} label={c.statusLabel} />
              {c.status === 'published' ? <CallDaysLeft closesOn={c.closesOn} /> : null}
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
  return (
    <PortalDetailPage list={{ title: '通知公告', to: '/portal/calls' }} crumb="通知全文" query={q}>
      {(c) => (
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
                <OpenClosedTag status={c.status} label={c.statusLabel} />
                {c.status === 'published' ? <CallDaysLeft closesOn={c.closesOn} /> : null}
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
    </PortalDetailPage>
  );
}
