// X-2 工作台: 我的待办 / 我的已办, each item linking to the record with its deadline.
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Card, Empty, Grid, Skeleton, Space, Table, Tabs, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { Link, useSearchParams } from 'react-router';
import { api } from '../../shared/api';
import { can, useMe } from '../../shared/auth';
import { QueryError } from '../../shared/errors';
import { fmtDateTime } from '../../shared/format';
import { CursorPager, useListParams } from '../../shared/ListPage';
import type { Page, PilotProject, Todo } from '../../shared/types';
import { usePageTitle } from '../../shared/usePageTitle';

/** To-do kinds as the server opens them (src/server: *_TODO), each with its type tag. */
const kindLabels: Record<string, { label: string; color: string }> = {
  'programme.publish': { label: '方案发布', color: 'purple' },
  'item.relay': { label: '事项转发', color: 'blue' },
  'relay.declare': { label: '学会申报', color: 'cyan' },
  'declaration.review': { label: '申报审核', color: 'geekblue' },
  'declaration.supplement': { label: '补充申报材料', color: 'orange' },
  'countersign.opinion': { label: '会签', color: 'gold' },
  'countersign.revise': { label: '会签退回', color: 'volcano' },
  'countersign.approve': { label: '报批登记', color: 'lime' },
  'item.select': { label: '择优确定', color: 'green' },
};

function KindTag({ kind }: { kind: string }) {
  const k = kindLabels[kind] ?? { label: '其他待办', color: 'default' };
  return (
    <Tag color={k.color} style={{ marginInlineEnd: 0 }}>
      {k.label}
    </Tag>
  );
}

export function WorkbenchPage() {
  usePageTitle('工作台');
  const { data: me } = useMe();
  const [sp, setSp] = useSearchParams();
  const tab = sp.get('tab') === 'done' ? 'done' : 'open';
  const lp = useListParams(['tab'], 20);
  const allowed = can(me, 'todo.read');
  const screens = Grid.useBreakpoint();
  const emptyText = tab === 'open' ? '暂无待办事项' : '暂无已办事项';

  const counts = useQuery({
    queryKey: ['todos/counts'],
    queryFn: () => api<{ open: number; done: number }>('/todos/counts'),
    enabled: allowed,
  });
  const list = useQuery({
    queryKey: ['todos', tab, lp.cursor, lp.limit],
    queryFn: ({ signal }) => api<Page<Todo>>('/todos', { query: { status: tab, cursor: lp.cursor, limit: lp.limit }, signal }),
    enabled: allowed,
    placeholderData: keepPreviousData,
  });

  const columns: TableColumnsType<Todo> = [
    {
      title: '事项',
      dataIndex: 'title',
      render: (t: string, r) => (
        <Space orientation="vertical" size={2}>
          {r.link ? <Link to={r.link}>{t}</Link> : <span>{t}</span>}
          <KindTag kind={r.kind} />
        </Space>
      ),
    },
    {
      title: '截止时间',
      dataIndex: 'dueAt',
      width: 200,
      render: (d: string | null, r) => (
        <Space size={4} wrap>
          <span>{fmtDateTime(d)}</span>
          {r.isOverdue ? <Tag color="red">已逾期</Tag> : null}
        </Space>
      ),
    },
    tab === 'open'
      ? { title: '创建时间', dataIndex: 'createdAt', width: 170, render: (d: string) => fmtDateTime(d) }
      : { title: '完成时间', dataIndex: 'completedAt', width: 170, render: (d: string | null) => fmtDateTime(d) },
  ];

  const label = (text: string, n: number | undefined) => (n === undefined ? text : `${text}（${n}）`);

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Card>
        <Typography.Title level={4} style={{ margin: 0 }}>
          您好，{me?.displayName}
        </Typography.Title>
        <Typography.Text type="secondary">
          {me?.orgName} · {me?.roleLabels.join('、')}
        </Typography.Text>
      </Card>
      {can(me, 'project.observe') && !can(me, 'project.read') ? <ObservedProjects /> : null}
      <Card styles={{ body: { paddingTop: 8 } }}>
        <Tabs
          activeKey={tab}
          onChange={(k) => setSp(k === 'done' ? { tab: 'done' } : {})}
          items={[
            { key: 'open', label: label('我的待办', counts.data?.open) },
            { key: 'done', label: label('我的已办', counts.data?.done) },
          ]}
        />
        {list.isError && !list.data ? (
          <QueryError error={list.error} onRetry={() => list.refetch()} compact />
        ) : (
          <>
            {!screens.md ? (
              <TodoList items={list.data?.items} loading={list.isLoading} emptyText={emptyText} done={tab === 'done'} />
            ) : (
            <Table<Todo>
              rowKey="id"
              columns={columns}
              dataSource={list.data?.items ?? []}
              loading={list.isFetching}
              pagination={false}
              scroll={{ x: 640 }}
              locale={{ emptyText: list.isLoading ? ' ' : <Empty description={emptyText} /> }}
            />
            )}
            {list.data?.items.length ? (
              <CursorPager
                total={list.data.total}
                page={lp.page}
                pageSize={lp.limit}
                hasNext={!!list.data.nextCursor}
                loading={list.isFetching}
                onNext={() => list.data?.nextCursor && lp.next(list.data.nextCursor)}
                onPrev={lp.prev}
                onFirst={lp.first}
              />
            ) : null}
          </>
        )}
      </Card>
    </Space>
  );
}

/** SUP-4: the projects an expert or evaluator is assigned to observe (read-only). */
function ObservedProjects() {
  const q = useQuery({ queryKey: ['/projects', 'observed'], queryFn: ({ signal }) => api<Page<PilotProject>>('/projects', { query: { limit: 5 }, signal }) });
  const more = (q.data?.total ?? 0) > (q.data?.items.length ?? 0);
  return (
    <Card title="我观察的项目" extra={more ? <Link to="/app/projects">全部（{q.data?.total}）</Link> : undefined}>
      {q.isLoading ? (
        <Skeleton active paragraph={{ rows: 2 }} />
      ) : q.isError || !q.data ? (
        <QueryError error={q.error} onRetry={() => q.refetch()} compact />
      ) : q.data.items.length === 0 ? (
        <Empty description="暂无观察的项目。科协委派您为项目观察员后，可在委派期内查阅该项目" />
      ) : (
        <div role="list">
          {q.data.items.map((p) => (
            <div role="listitem" key={p.id} className="cj-todo-item">
              <Space size={[8, 4]} wrap>
                <Link to={`/app/projects/${p.id}`}>{p.title}</Link>
                <Tag>{p.statusLabel}</Tag>
              </Space>
              <div style={{ fontSize: 12, color: 'rgba(0,0,0,0.55)' }}>
                承接单位：{p.societyName} · 委托单位：{p.departmentName}
              </div>
            </div>
          ))}
        </div>
      )}
    </Card>
  );
}

/** Phones: one block per item instead of a table. */
function TodoList({ items, loading, emptyText, done }: { items?: Todo[]; loading: boolean; emptyText: string; done: boolean }) {
  if (loading) return <Skeleton active />;
  if (!items?.length) return <Empty description={emptyText} />;
  return (
    <div role="list">
      {items.map((t) => (
        <div role="listitem" key={t.id} className="cj-todo-item">
          <div style={{ marginBottom: 4 }}>{t.link ? <Link to={t.link}>{t.title}</Link> : t.title}</div>
          <Space size={[8, 4]} wrap style={{ fontSize: 12, color: 'rgba(0,0,0,0.55)' }}>
            <KindTag kind={t.kind} />
            <span>截止时间：{fmtDateTime(t.dueAt)}</span>
            {t.isOverdue ? <Tag color="red">已逾期</Tag> : null}
            <span>{done ? `完成时间：${fmtDateTime(t.completedAt)}` : `创建时间：${fmtDateTime(t.createdAt)}`}</span>
          </Space>
        </div>
      ))}
    </div>
  );
}
