// 变更记录: the audit entries of one record as a timeline (who, what, when, why).
import { useInfiniteQuery } from '@tanstack/react-query';
import { Button, Empty, Skeleton, Space, Tag, Timeline, Typography } from 'antd';
import { useState } from 'react';
import { api } from '../../shared/api';
import { QueryError } from '../../shared/errors';
import { fmtDateTimeSec } from '../../shared/format';
import type { AuditPage } from '../../../contract/audit';
import { AuditDiff } from './AuditDiff';
import { actionColor, actionLabel } from './auditLabels';

export function AuditTimeline({ entityType, entityId }: { entityType: string; entityId: string }) {
  const q = useInfiniteQuery({
    queryKey: ['audit', 'entity', entityType, entityId],
    queryFn: ({ pageParam, signal }) => api<AuditPage>('/audit', { query: { entityType, entityId, cursor: pageParam, limit: 20 }, signal }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const [open, setOpen] = useState<Set<number>>(new Set());
  if (q.isLoading) return <Skeleton active />;
  if (q.isError) return <QueryError error={q.error} onRetry={() => q.refetch()} compact />;
  const items = q.data?.pages.flatMap((p) => p.items) ?? [];
  if (!items.length) return <Empty description="暂无变更记录" />;
  return (
    <>
      <Timeline
        items={items.map((e) => ({
          color: actionColor(e.action) === 'red' ? 'red' : e.action.endsWith('.publish') ? 'green' : 'blue',
          content: (
            <Space orientation="vertical" size={4} style={{ width: '100%' }}>
              <Typography.Text type="secondary">{fmtDateTimeSec(e.at)}</Typography.Text>
              <Space wrap size={6}>
                <Tag color={actionColor(e.action)}>{e.actionLabel ?? actionLabel(e.action)}</Tag>
                <span>{e.actorDisplayName ?? '系统'}</span>
                {e.actorOrgName ? <Typography.Text type="secondary">{e.actorOrgName}</Typography.Text> : null}
              </Space>
              {e.reason ? <div>原因：{e.reason}</div> : null}
              {e.before || e.after ? (
                <Button
                  type="link"
                  size="small"
                  style={{ padding: 0 }}
                  aria-expanded={open.has(e.seq)}
                  onClick={() =>
                    setOpen((s) => {
                      const n = new Set(s);
                      if (n.has(e.seq)) n.delete(e.seq);
                      else n.add(e.seq);
                      return n;
                    })
                  }
                >
                  {open.has(e.seq) ? '收起变更内容' : '查看变更内容'}
                </Button>
              ) : null}
              {open.has(e.seq) ? <AuditDiff before={e.before} after={e.after} entityType={e.entityType} refs={e.refs} /> : null}
            </Space>
          ),
        }))}
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
