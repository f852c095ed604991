// X-2 工作台: 我的待办 / 我的已办, each item linking to the record with its deadline and tagged with
// its type (签署任务书, 审批重大事项 …); the list filtered by type (issue 12 §2).
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Card, Empty, Flex, Grid, Select, Skeleton, Space, Table, Tabs, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useRef } from 'react';
import { Link } from 'react-router';
import { api } from '../../shared/api';
import { can, useMe } from '../../shared/auth';
import { QueryError } from '../../shared/errors';
import { fmtDateTime } from '../../shared/format';
import { CursorPager, useListParams } from '../../shared/ListPage';
import type { Page } from '../../../contract/common';
import { todoKindGroups, todoKindLabels, todoKinds, type Todo, type TodoCounts, type TodoKind, type TodoPage } from '../../../contract/todos';
import type { PilotProject } from '../../../contract/selection';
import { usePageTitle } from '../../shared/usePageTitle';

/** One colour per stage of the work (the groups of the filter); a missed deadline in red. */
const GROUP_COLORS = ['blue', 'gold', 'purple', 'cyan'];
const kindColor = new Map<TodoKind, string>(todoKindGroups.flatMap((g, i) => g.kinds.map((k) => [k, GROUP_COLORS[i % GROUP_COLORS.length]] as const)));
kindColor.set('milestone.overdue', 'volcano');

const kindOptions = todoKindGroups.map((g) => ({ label: g.label, title: g.label, options: g.kinds.map((k) => ({ value: k, label: todoKindLabels[k] })) }));
const isKind = (v: string | undefined): v is TodoKind => !!v && (todoKinds as string[]).includes(v);

function KindTag({ todo }: { todo: Pick<Todo, 'kind' | 'kindLabel'> }) {
  return (
    <Tag color={kindColor.get(todo.kind) ?? 'default'} style={{ marginInlineEnd: 0 }}>
      {todo.kindLabel}
    </Tag>
  );
}

export function WorkbenchPage() {
  usePageTitle('工作台');
  const { data: me } = useMe();
  const lp = useListParams(['tab', 'kind'], 20);
  const tab = lp.filters.tab === 'done' ? 'done' : 'open';
  const kind = isKind(lp.filters.kind) ? lp.filters.kind : undefined;
  const allowed = can(me, 'todo.read');
  const screens = Grid.useBreakpoint();
  const emptyText = kind ? `暂无“${todoKindLabels[kind]}”类${tab === 'open' ? '待办' : '已办'}事项` : tab === 'open' ? '暂无待办事项' : '暂无已办事项';

  const counts = useQuery({
    queryKey: ['todos/counts'],
    queryFn: () => api<TodoCounts>('/todos/counts'),
    enabled: allowed,
  });
  // the total is asked for on the first page only (issue 12 §1) and kept for the pages after it
  const base = { status: tab, kind, limit: lp.limit };
  const query = lp.cursor ? { ...base, cursor: lp.cursor } : { ...base, count: 'estimate' };
  const list = useQuery({
    queryKey: ['todos', query],
    queryFn: ({ signal }) => api<TodoPage>('/todos', { query, signal }),
    enabled: allowed,
    placeholderData: keepPreviousData,
  });
  const totals = useRef(new Map<string, { total: number; estimated: boolean }>());
  const totalKey = `${tab}|${kind ?? ''}`;
  if (!lp.cursor && list.data?.total !== undefined && !list.isPlaceholderData) totals.current.set(totalKey, { total: list.data.total, estimated: !!list.data.totalEstimated });
  const known = totals.current.get(totalKey);

  const columns: TableColumnsType<Todo> = [
    {
      title: '事项',
      dataIndex: 'title',
      render: (t: string, r) => (
        <Space orientation="vertical" size={2}>
          {r.link ? <Link to={r.link}>{t}</Link> : <span>{t}</span>}
          <KindTag todo={r} />
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
      {can(me, 'project.observe') && !can(me, 'project.read') ? <ObservedProjects evaluator={can(me, 'evaluation.perform')} /> : null}
      <Card styles={{ body: { paddingTop: 8 } }}>
        <Tabs
          activeKey={tab}
          onChange={(k) => lp.setFilters({ tab: k === 'done' ? 'done' : undefined, kind })}
          items={[
            { key: 'open', label: label('我的待办', counts.data?.open) },
            { key: 'done', label: label('我的已办', counts.data?.done) },
          ]}
          tabBarExtraContent={
            screens.sm ? (
              <KindFilter value={kind} onChange={(k) => lp.setFilters({ tab: tab === 'done' ? 'done' : undefined, kind: k })} />
            ) : null
          }
        />
        {!screens.sm ? (
          <Flex style={{ marginBottom: 12 }}>
            <KindFilter value={kind} onChange={(k) => lp.setFilters({ tab: tab === 'done' ? 'done' : undefined, kind: k })} block />
          </Flex>
        ) : null}
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
                total={known?.total}
                totalEstimated={known?.estimated}
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

/** SUP-4: the projects an expert or evaluator is assigned to observe (read-only); EVA-2: an evaluator's commissioned ones too. */
function ObservedProjects({ evaluator }: { evaluator: boolean }) {
  const q = useQuery({ queryKey: ['/projects', 'observed'], queryFn: ({ signal }) => api<Page<PilotProject>>('/projects', { query: { limit: 5 }, signal }) });
  const more = !!q.data?.nextCursor;
  return (
    <Card title={evaluator ? '评估和观察的项目' : '我观察的项目'} extra={more ? <Link to="/app/projects">全部</Link> : undefined}>
      {q.isLoading ? (
        <Skeleton active paragraph={{ rows: 2 }} />
      ) : q.isError || !q.data ? (
        <QueryError error={q.error} onRetry={() => q.refetch()} compact />
      ) : q.data.items.length === 0 ? (
        <Empty description={evaluator ? '暂无可查阅的项目。科协委托本单位评估或委派您为观察员后，可在评估期或委派期内查阅' : '暂无观察的项目。科协委派您为项目观察员后，可在委派期内查阅该项目'} />
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
            <KindTag todo={t} />
            <span>截止时间：{fmtDateTime(t.dueAt)}</span>
            {t.isOverdue ? <Tag color="red">已逾期</Tag> : null}
            <span>{done ? `完成时间：${fmtDateTime(t.completedAt)}` : `创建时间：${fmtDateTime(t.createdAt)}`}</span>
          </Space>
        </div>
      ))}
    </div>
  );
}

/** The type filter: every kind of to-do, grouped by stage of the work. */
function KindFilter({ value, onChange, block }: { value: TodoKind | undefined; onChange: (k: TodoKind | undefined) => void; block?: boolean }) {
  return (
    <Select<TodoKind>
      allowClear
      showSearch={{ optionFilterProp: 'label' }}
      aria-label="待办类型"
      placeholder="全部类型"
      value={value}
      onChange={(v) => onChange(v ?? undefined)}
      options={kindOptions}
      style={block ? { width: '100%' } : { width: 200 }}
      popupMatchSelectWidth={false}
    />
  );
}
