// X-1 审计日志: who did what, filtered in the URL, with a before → after diff per entry and a
// check of the hash chain. The log is not counted, so it pages with 加载更多.
import { SafetyCertificateOutlined } from '@ant-design/icons';
import { useInfiniteQuery, useMutation } from '@tanstack/react-query';
import { Alert, Button, Card, Empty, Space, Table, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { Link } from 'react-router';
import { api } from '../../shared/api';
import { QueryError, useErrorReporter } from '../../shared/errors';
import { fmtDateTimeSec } from '../../shared/format';
import { FilterBar, filterNamesOf, useListParams, type FilterField } from '../../shared/ListPage';
import type { AuditEntry, AuditVerify, Page } from '../../shared/types';
import { usePageTitle } from '../../shared/usePageTitle';
import { AuditDiff } from './AuditDiff';
import { actionColor, actionFilterOptions, actionLabel, entityTypeLabels } from './auditLabels';

const filters: FilterField[] = [
  { kind: 'select', name: 'action', label: '操作类型', options: actionFilterOptions },
  { kind: 'dateRange', name: 'range', label: '日期范围', from: 'from', to: 'to' },
];

/** A readable name for the record, where the entry carries one (the API gives only type and id). */
function entityName(e: AuditEntry): string | null {
  for (const v of [e.after, e.before]) {
    if (v && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      const name = o.name ?? o.displayName ?? o.username;
      if (typeof name === 'string' && name) return name;
    }
  }
  // an account acting on itself (修改本人密码) carries no record: its name is the actor's
  if (e.entityType === 'user' && e.entityId && e.entityId === e.actorUserId) return e.actorName;
  return null;
}

function entityLink(e: AuditEntry) {
  if (!e.entityType) return '—';
  const type = entityTypeLabels[e.entityType] ?? e.entityType;
  const id = e.entityId ?? '';
  const short = entityName(e) ?? (id.length > 12 ? `${id.slice(0, 8)}…` : id);
  if (e.entityType === 'programme' && id) return <Link to={`/app/programmes/${id}`}>{type} {short}</Link>;
  if (e.entityType === 'organisation' && id) return <Link to={`/app/orgs?id=${id}`}>{type} {short}</Link>;
  return (
    <span title={id}>
      {type} {short}
    </span>
  );
}

export function AuditPage() {
  usePageTitle('审计日志');
  const lp = useListParams(filterNamesOf(filters));
  const report = useErrorReporter();
  const q = useInfiniteQuery({
    queryKey: ['audit', 'list', lp.filters],
    queryFn: ({ pageParam, signal }) => api<Page<AuditEntry>>('/audit', { query: { ...lp.filters, cursor: pageParam, limit: 50 }, signal }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const verify = useMutation({ mutationFn: () => api<AuditVerify>('/audit/verify'), onError: (e) => report(e, { action: '校验' }) });
  const items = q.data?.pages.flatMap((p) => p.items) ?? [];

  const columns: TableColumnsType<AuditEntry> = [
    { title: '时间', dataIndex: 'at', width: 160, render: (v: string) => fmtDateTimeSec(v) },
    { title: '操作人', dataIndex: 'actorName', width: 160, render: (v: string | null) => v ?? '（未登录）' },
    { title: '单位', dataIndex: 'orgName', width: 170, render: (v: string | null) => v ?? '—' },
    { title: '操作', dataIndex: 'action', width: 150, render: (v: string) => <Tag color={actionColor(v)}>{actionLabel(v)}</Tag> },
    { title: '对象', dataIndex: 'entityType', width: 180, render: (_: unknown, r) => entityLink(r) },
    { title: '原因', dataIndex: 'reason', render: (v: string | null) => v || '—' },
  ];

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Card size="small" styles={{ body: { padding: 16 } }}>
        <FilterBar fields={filters} values={lp.filters} onSubmit={lp.setFilters} />
      </Card>
      <Card
        title="审计日志"
        extra={
          <Button icon={<SafetyCertificateOutlined />} onClick={() => verify.mutate()} loading={verify.isPending}>
            校验哈希链
          </Button>
        }
        styles={{ header: { flexWrap: 'wrap', gap: 8, paddingBlock: 8 } }}
      >
        {verify.data ? (
          verify.data.ok ? (
            <Alert
              type="success"
              showIcon
              closable
              style={{ marginBottom: 16 }}
              title={`审计日志完整，共校验 ${verify.data.checked} 条`}
              description={`每条记录的哈希与前一条相链，未发现篡改或缺失。${verify.data.latest ? `与 ${fmtDateTimeSec(verify.data.latest.at)} 签名的检查点（截至第 ${verify.data.latest.seq} 条）一致。` : ''}`}
            />
          ) : verify.data.firstBrokenSeq === undefined && verify.data.problems?.length ? (
            // the chain holds, but not with its signed checkpoints (last rows deleted, chain recomputed …)
            <Alert
              type="error"
              showIcon
              style={{ marginBottom: 16 }}
              title="审计日志与签名检查点不一致"
              description={`${verify.data.problems.map((p) => p.message).join('；')}。请立即报告平台安全管理员。`}
            />
          ) : (
            <Alert
              type="error"
              showIcon
              style={{ marginBottom: 16 }}
              title={`审计日志哈希链断裂：第 ${verify.data.firstBrokenSeq} 条记录校验未通过`}
              description={`已校验 ${verify.data.checked} 条。${verify.data.reason === 'seq-gap' ? '记录序号不连续，可能有记录被删除。' : '该记录的内容或链接与哈希不符，可能被篡改。'}请立即报告平台安全管理员。`}
            />
          )
        ) : null}
        {q.isError && !q.data ? (
          <QueryError error={q.error} onRetry={() => q.refetch()} compact />
        ) : (
          <>
            <Table<AuditEntry>
              rowKey="seq"
              columns={columns}
              dataSource={items}
              loading={q.isFetching && !q.isFetchingNextPage}
              pagination={false}
              size="middle"
              scroll={{ x: 960 }}
              locale={{ emptyText: q.isLoading ? ' ' : <Empty description={Object.keys(lp.filters).length ? '没有符合查询条件的日志' : '暂无审计日志'} /> }}
              expandable={{
                rowExpandable: (r) => !!(r.before || r.after),
                expandedRowRender: (r) => (
                  <Space orientation="vertical" style={{ width: '100%' }}>
                    <AuditDiff before={r.before} after={r.after} />
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      序号 {r.seq} · IP {r.ip ?? '—'} · 哈希 {r.hash.slice(0, 16)}…
                    </Typography.Text>
                  </Space>
                ),
              }}
            />
            <Space style={{ marginTop: 16, width: '100%', justifyContent: 'space-between' }} wrap>
              <Typography.Text type="secondary">已显示 {items.length} 条{q.hasNextPage ? '' : '，已全部加载'}</Typography.Text>
              {q.hasNextPage ? (
                <Button onClick={() => q.fetchNextPage()} loading={q.isFetchingNextPage}>
                  加载更多
                </Button>
              ) : null}
            </Space>
          </>
        )}
      </Card>
    </Space>
  );
}
