// notifications inside the platform — the bell in the header with the unread count, and the
// list (all or unread), each one marked read when opened and linking to its record.
import { BellOutlined, CheckOutlined } from '@ant-design/icons';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Badge, Button, Card, Empty, Skeleton, Space, Tabs, Typography } from 'antd';
import { RecordList, RecordRow } from '../../shared/RecordList';
import { useRef } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { api } from '../../shared/api';
import { QueryError } from '../../shared/errors';
import { fmtDateTime } from '../../shared/format';
import { CursorPager, useListParams } from '../../shared/ListPage';
import type { Notification, NotificationPage, UnreadCount } from '../../../contract/notifications';
import { usePageTitle } from '../../shared/usePageTitle';
import { UNREAD_KEY } from './NotificationBell';

export function NotificationsPage() {
  usePageTitle('消息通知');
  const [sp, setSp] = useSearchParams();
  const tab = sp.get('tab') === 'unread' ? 'unread' : 'all';
  const lp = useListParams(['tab'], 20);
  const qc = useQueryClient();
  const navigate = useNavigate();
  const { message } = App.useApp();
  // the total is asked for on the first page only (issue 12 §1) and kept for the pages after it
  const base = { unread: tab === 'unread' ? 'true' : undefined, limit: lp.limit };
  const query = lp.cursor ? { ...base, cursor: lp.cursor } : { ...base, count: 'estimate' };
  const list = useQuery({
    queryKey: ['/notifications', query],
    queryFn: ({ signal }) => api<NotificationPage>('/notifications', { query, signal }),
    placeholderData: keepPreviousData,
  });
  const totals = useRef(new Map<string, { total: number; estimated: boolean }>());
  if (!lp.cursor && list.data?.total !== undefined && !list.isPlaceholderData) totals.current.set(tab, { total: list.data.total, estimated: !!list.data.totalEstimated });
  const known = totals.current.get(tab);
  const unread = useQuery({ queryKey: UNREAD_KEY, queryFn: () => api<UnreadCount>('/notifications/unread-count') });
  const refresh = () => {
    void qc.invalidateQueries({ queryKey: ['/notifications'] });
    void qc.invalidateQueries({ queryKey: UNREAD_KEY });
  };
  const markRead = useMutation({
    mutationFn: (id: string) => api<Notification>(`/notifications/${id}/read`, { method: 'POST', body: {} }),
    onSuccess: refresh,
  });
  const markAll = useMutation({
    mutationFn: () => api<{ ok: true }>('/notifications/read-all', { method: 'POST', body: {} }),
    onSuccess: () => {
      refresh();
      message.success('已全部标为已读');
    },
  });
  const open = (n: Notification) => {
    if (!n.readAt) markRead.mutate(n.id);
    if (n.link) navigate(n.link);
  };
  const count = unread.data?.unread ?? 0;
  return (
    <Card
      title="消息通知"
      extra={
        <Button icon={<CheckOutlined />} onClick={() => markAll.mutate()} loading={markAll.isPending} disabled={!count}>
          全部标为已读
        </Button>
      }
      styles={{ body: { paddingTop: 8 }, header: { flexWrap: 'wrap', gap: 8 } }}
    >
      <Tabs
        activeKey={tab}
        onChange={(k) => setSp(k === 'unread' ? { tab: 'unread' } : {})}
        items={[
          { key: 'all', label: '全部' },
          { key: 'unread', label: `未读（${count}）` },
        ]}
      />
      {list.isError && !list.data ? (
        <QueryError error={list.error} onRetry={() => list.refetch()} compact />
      ) : list.isLoading ? (
        <Skeleton active />
      ) : (
        <>
          <RecordList<Notification>
            items={list.data?.items ?? []}
            rowKey={(n) => n.id}
            label="通知"
            empty={<Empty description={tab === 'unread' ? '没有未读通知' : '暂无通知'} />}
            render={(n) => (
                <RecordRow
                  actions={
                    n.readAt ? null : (
                      <Button type="link" size="small" onClick={() => markRead.mutate(n.id)} aria-label={`将“${n.title}”标为已读`}>
                        标为已读
                      </Button>
                    )
                  }
                  mark={<Badge dot={!n.readAt} offset={[-2, 4]}><BellOutlined style={{ fontSize: 18, color: n.readAt ? 'rgba(0,0,0,0.35)' : '#1456c8' }} /></Badge>}
                  title={
                    n.link ? (
                      <a
                        href={n.link}
                        onClick={(e) => {
                          if (e.metaKey || e.ctrlKey || e.shiftKey || e.button !== 0) return;
                          e.preventDefault();
                          open(n);
                        }}
                        style={{ fontWeight: n.readAt ? 400 : 600 }}
                      >
                        {n.title}
                      </a>
                    ) : (
                      <Typography.Text strong={!n.readAt}>{n.title}</Typography.Text>
                    )
                  }
                  description={
                    <Space orientation="vertical" size={2}>
                      {n.body ? <span style={{ color: 'rgba(0,0,0,0.75)', whiteSpace: 'pre-wrap', wordBreak: 'break-word' }}>{n.body}</span> : null}
                      <span style={{ fontSize: 12 }}>
                        {fmtDateTime(n.createdAt)}
                        {n.readAt ? ' · 已读' : ' · 未读'}
                      </span>
                    </Space>
                  }
                />
            )}
          />
          <CursorPager
            total={known?.total}
            totalEstimated={known?.estimated}
            page={lp.page}
            pageSize={lp.limit}
            hasNext={!!list.data?.nextCursor}
            loading={list.isFetching}
            onNext={() => list.data?.nextCursor && lp.next(list.data.nextCursor)}
            onPrev={lp.prev}
            onFirst={lp.first}
          />
        </>
      )}
    </Card>
  );
}
