// CAP-1 申报通知: the yearly calls of a capacity-improvement programme — the association drafts and
// publishes them, the co-managing finance bureau confirms them. The menu page picks the programme
// (kept in the URL); the programme's own page shows the same list in a tab.
import { PlusOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Button, Card, Empty, Flex, Grid, Select, Skeleton, Space, Table, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useRef } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { api } from '../../shared/api';
import { useCan } from '../../shared/auth';
import { tableMinWidth } from '../../shared/cells';
import { CursorPager, useListParams } from '../../shared/CursorPager';
import { QueryError } from '../../shared/errors';
import { fmtDate, fmtRange, fmtYuan } from '../../shared/format';
import { usePageTitle } from '../../shared/usePageTitle';
import type { CapacityCall, CapacityCallPage } from '../../../contract/capacity';
import { CallStatusTag, callListKey, useCapacityProgrammes } from './callShared';

/** /app/capacity-calls — the calls of one capacity programme (?programmeId=), chosen at the top. */
export function CapacityCallsPage() {
  usePageTitle('申报通知');
  const can = useCan();
  const [sp, setSp] = useSearchParams();
  const programmes = useCapacityProgrammes();
  const items = programmes.data ?? [];
  const asked = sp.get('programmeId');
  // the programme asked for, else the first one still open (published before draft and closed)
  const rank = (s: string) => (s === 'published' ? 0 : s === 'draft' ? 1 : 2);
  const programmeId = items.find((p) => p.id === asked)?.id ?? [...items].sort((a, b) => rank(a.status) - rank(b.status))[0]?.id ?? null;
  const programme = items.find((p) => p.id === programmeId);
  if (programmes.isLoading) return <Card><Skeleton active paragraph={{ rows: 8 }} /></Card>;
  if (programmes.isError) return <Card><QueryError error={programmes.error} onRetry={() => programmes.refetch()} /></Card>;
  const keeps = can('capacityCall.manage');
  const confirms = can('capacityCall.confirm');
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Card>
        <Space orientation="vertical" size={8} style={{ width: '100%' }}>
          <Typography.Title level={3} style={{ margin: 0 }}>
            申报通知
          </Typography.Title>
          <Typography.Text type="secondary">
            {keeps
              ? '学会服务能力提升计划的年度申报通知：在年度预算内确定项目类型、名额和资助标准；方案规定由财政局共同管理的，须经财政局确认后发布。发布后在门户网站“通知公告”公开，并通知学会申报。'
              : confirms
                ? '科协提交的学会服务能力提升计划年度申报通知：核对年度预算、项目类型、名额和资助标准后确认，或写明意见退回科协修改。'
                : '科协发布的学会服务能力提升计划年度申报通知：申报期、项目类型、奖励名额和资助标准。请在申报截止日期前申报。'}
          </Typography.Text>
          {items.length > 1 ? (
            <Flex wrap gap={8} align="center">
              <Typography.Text>方案：</Typography.Text>
              <Select
                style={{ flex: '1 1 280px', minWidth: 0, maxWidth: 640 }}
                value={programmeId}
                aria-label="选择方案"
                onChange={(v) => setSp({ programmeId: v }, { replace: true })}
                options={items.map((p) => ({
                  value: p.id,
                  label: (
                    <span title={p.name}>
                      {p.name}
                      {p.status !== 'published' ? <Tag style={{ marginInlineStart: 4 }}>{p.statusLabel}</Tag> : null}
                    </span>
                  ),
                }))}
              />
            </Flex>
          ) : null}
        </Space>
      </Card>
      {!programme ? (
        <Card>
          <Empty
            description={
              keeps
                ? '暂无学会服务能力提升计划。请先在“方案管理”中依据政策文件新建能力提升计划方案，再编制年度申报通知。'
                : confirms
                  ? '暂无需要确认的申报通知。科协提交申报通知后，会在待办中提醒您。'
                  : '暂无学会服务能力提升计划的申报通知。科协发布申报通知后，会在待办中提醒您。'
            }
          />
        </Card>
      ) : (
        <Card
          title={
            <span style={{ whiteSpace: 'normal' }}>
              <Link to={`/app/programmes/${programme.id}`}>{programme.name}</Link>
              {programme.status !== 'published' ? <Tag style={{ marginInlineStart: 8 }}>方案{programme.statusLabel}</Tag> : null}
            </span>
          }
          styles={{ header: { flexWrap: 'wrap', gap: 8, paddingBlock: 8 } }}
        >
          <CallList key={programme.id} programmeId={programme.id} />
        </Card>
      )}
    </Space>
  );
}

/**
 * A programme's calls, newest first, paged by key (the cursor in the URL), with 新建申报通知 when the
 * server says the user may create one. Used by the menu page and by the programme's 申报通知 tab.
 */
export function CallList({ programmeId }: { programmeId: string }) {
  const lp = useListParams([], 10);
  const navigate = useNavigate();
  const screens = Grid.useBreakpoint();
  const endpoint = callListKey(programmeId);
  const query = lp.cursor ? { limit: lp.limit, cursor: lp.cursor } : { limit: lp.limit, count: 'estimate' };
  const q = useQuery({
    queryKey: [endpoint, query],
    queryFn: ({ signal }) => api<CapacityCallPage>(endpoint, { query, signal }),
    placeholderData: keepPreviousData,
  });
  // the total is counted on the first page only and kept for the pages after it
  const known = useRef<{ total: number; estimated: boolean } | null>(null);
  if (!lp.cursor && q.data?.total !== undefined && !q.isPlaceholderData) known.current = { total: q.data.total, estimated: !!q.data.totalEstimated };
  const mayCreate = !!q.data?.actions.includes('create');
  const columns: TableColumnsType<CapacityCall> = [
    { title: '通知标题', dataIndex: 'title', render: (v: string, r) => <Link to={`/app/capacity-calls/${r.id}`}>{v}</Link> },
    { title: '年度', dataIndex: 'year', width: 76, render: (y: number) => `${y}` },
    { title: '年度预算', dataIndex: 'budgetFen', width: 150, align: 'right', render: (v: number) => fmtYuan(v) },
    { title: '申报期', key: 'period', width: 210, render: (_, r) => fmtRange(r.opensOn, r.closesOn) },
    { title: '状态', dataIndex: 'status', width: 130, render: (v: string, r) => <CallStatusTag status={v} label={r.statusLabel} /> },
    { title: '发布日期', dataIndex: 'publishedAt', width: 112, render: (v: string | null) => fmtDate(v) },
  ];
  const create = mayCreate ? (
    <Button type="primary" icon={<PlusOutlined />} onClick={() => navigate(`/app/capacity-calls/new?programmeId=${programmeId}`)}>
      新建申报通知
    </Button>
  ) : null;
  if (q.isError && !q.data) return <QueryError error={q.error} onRetry={() => q.refetch()} compact />;
  return (
    <>
      {create ? <Flex justify={screens.md ? 'flex-end' : 'flex-start'} style={{ marginBottom: 12 }}>{create}</Flex> : null}
      <Table<CapacityCall>
        rowKey="id"
        columns={columns}
        dataSource={q.data?.items ?? []}
        loading={q.isFetching}
        pagination={false}
        size="middle"
        scroll={{ x: tableMinWidth(columns as { width?: number }[]) }}
        locale={{
          emptyText: q.isLoading ? ' ' : <Empty description={mayCreate ? '本方案还没有申报通知，请点击“新建申报通知”编制本年度的通知' : '本方案暂无可查看的申报通知'} />,
        }}
      />
      <CursorPager
        total={known.current?.total}
        totalEstimated={known.current?.estimated}
        page={lp.page}
        pageSize={lp.limit}
        hasNext={!!q.data?.nextCursor}
        loading={q.isFetching}
        onNext={() => q.data?.nextCursor && lp.next(q.data.nextCursor)}
        onPrev={lp.prev}
        onFirst={lp.first}
        onPageSize={lp.setLimit}
      />
    </>
  );
}
