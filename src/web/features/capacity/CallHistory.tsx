// 办理记录 of a yearly call, read from the audit log: who did what and when, the finance bureau's
// comments, what an edit changed (named, not dumped), how many societies a publication reached.
// (The audit page's generic diff would show the call's project types as raw records.)
import { useInfiniteQuery } from '@tanstack/react-query';
import { Button, Empty, Skeleton, Space, Tag, Timeline, Typography } from 'antd';
import { api } from '../../shared/api';
import { QueryError } from '../../shared/errors';
import { fmtCount, fmtDateTime } from '../../shared/format';
import type { AuditEntry, AuditPage } from '../../../contract/audit';
import { actionColor, actionLabel } from '../audit/auditLabels';

/** The fields an edit may change, in the words of the call's page. */
const changedLabels: [keys: string[], label: string][] = [
  [['year'], '年度'],
  [['title'], '通知标题'],
  [['budgetFen'], '年度预算'],
  [['fundCode'], '资金来源'],
  [['opensOn', 'closesOn'], '申报期'],
  [['types'], '项目类型、名额和资助标准'],
];

const commentLabels: Record<string, string> = {
  'capacityCall.return': '退回意见',
  'capacityCall.confirm': '确认意见',
  'capacityCall.close': '截止说明',
};

function changedFields(e: AuditEntry): string[] {
  const b = (e.before ?? {}) as Record<string, unknown>;
  const a = (e.after ?? {}) as Record<string, unknown>;
  return changedLabels.filter(([keys]) => keys.some((k) => JSON.stringify(b[k]) !== JSON.stringify(a[k]))).map(([, label]) => label);
}

export function CallHistory({ callId }: { callId: string }) {
  const q = useInfiniteQuery({
    queryKey: ['audit', 'entity', 'capacity_call', callId],
    queryFn: ({ pageParam, signal }) => api<AuditPage>('/audit', { query: { entityType: 'capacity_call', entityId: callId, cursor: pageParam, limit: 20 }, signal }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  if (q.isLoading) return <Skeleton active />;
  if (q.isError) return <QueryError error={q.error} onRetry={() => q.refetch()} compact />;
  const items = q.data?.pages.flatMap((p) => p.items) ?? [];
  if (!items.length) return <Empty description="暂无办理记录" />;
  return (
    <>
      <Timeline
        items={items.map((e) => {
          const changed = e.action === 'capacityCall.edit' ? changedFields(e) : [];
          const reached = e.action === 'capacityCall.publish' ? (e.after as { societyCount?: number } | null)?.societyCount : undefined;
          return {
            color: actionColor(e.action) === 'volcano' ? 'red' : e.action === 'capacityCall.publish' ? 'green' : 'blue',
            content: (
              <Space orientation="vertical" size={2} style={{ width: '100%' }}>
                <Typography.Text type="secondary">{fmtDateTime(e.at)}</Typography.Text>
                <Space wrap size={6}>
                  <Tag color={actionColor(e.action)}>{e.actionLabel || actionLabel(e.action)}</Tag>
                  <span>{e.actorDisplayName ?? '系统'}</span>
                  {e.actorOrgName ? <Typography.Text type="secondary">{e.actorOrgName}</Typography.Text> : null}
                </Space>
                {changed.length ? <div>修改了：{changed.join('、')}</div> : null}
                {typeof reached === 'number' ? <div>已通知学会 {fmtCount(reached, ' 家')}</div> : null}
                {e.reason ? (
                  <div style={{ whiteSpace: 'pre-wrap' }}>
                    {commentLabels[e.action] ?? '说明'}：{e.reason}
                  </div>
                ) : null}
              </Space>
            ),
          };
        })}
      />
      {q.hasNextPage ? (
        <div style={{ textAlign: 'center' }}>
          <Button onClick={() => q.fetchNextPage()} loading={q.isFetchingNextPage}>
            加载更多
          </Button>
        </div>
      ) : null}
    </>
  );
}
