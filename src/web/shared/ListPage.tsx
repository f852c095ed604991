// The list page of §6: filters (kept in the URL) → toolbar → table with coloured tags → pager
// "共 N 条". Paging is by key: forward with nextCursor, back with the stack of cursors that led
// here, also kept in the URL (`?cursor=c1~c2`), so a list page can be bookmarked and shared.
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Button, Card, Empty, Flex, Form, Grid, Input, Select, Space, Table, TreeSelect, Typography } from 'antd';
import type { TableProps } from 'antd';
import type { ReactNode } from 'react';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useSearchParams } from 'react-router';
import { api, type QueryValue } from './api';
import { QueryError } from './errors';
import { dayjs } from './format';
import { DayRangePicker, dayRule } from './DayPicker';
import type { Page, Option } from './types';
import { parseCursorStack, popCursor, pushCursor } from './url';

export const PAGE_SIZES = [10, 20, 50, 100];

/** Filters, cursor and page size as URL search parameters. */
export function useListParams(filterNames: string[], defaultLimit = 20) {
  const [sp, setSp] = useSearchParams();
  const stack = parseCursorStack(sp.get('cursor'));
  const limitRaw = Number(sp.get('limit'));
  const limit = PAGE_SIZES.includes(limitRaw) ? limitRaw : defaultLimit;
  const key = filterNames.join('|');
  const filters = useMemo(() => {
    const out: Record<string, string> = {};
    for (const n of key.split('|')) {
      const v = sp.get(n);
      if (v) out[n] = v;
    }
    return out;
  }, [sp, key]);

  const update = (fn: (p: URLSearchParams) => void, replace = false) => {
    const p = new URLSearchParams(sp);
    fn(p);
    setSp(p, { replace });
  };
  return {
    filters,
    limit,
    stack,
    cursor: stack.length ? stack[stack.length - 1] : undefined,
    page: stack.length + 1,
    setFilters(next: Record<string, string | undefined>) {
      update((p) => {
        for (const n of filterNames) p.delete(n);
        for (const [k, v] of Object.entries(next)) if (v) p.set(k, v);
        p.delete('cursor');
      });
    },
    next(cursor: string) {
      update((p) => p.set('cursor', pushCursor(stack, cursor)));
    },
    prev() {
      update((p) => {
        const v = popCursor(stack);
        if (v) p.set('cursor', v);
        else p.delete('cursor');
      });
    },
    first() {
      update((p) => p.delete('cursor'));
    },
    setLimit(n: number) {
      update((p) => {
        p.set('limit', String(n));
        p.delete('cursor');
      });
    },
  };
}

export function CursorPager(props: {
  total: number | null | undefined;
  page: number;
  pageSize: number;
  hasNext: boolean;
  onNext: () => void;
  onPrev: () => void;
  onFirst?: () => void;
  onPageSize?: (n: number) => void;
  loading?: boolean;
}) {
  const { total, page, pageSize } = props;
  const pages = total === null || total === undefined ? null : Math.max(1, Math.ceil(total / pageSize));
  return (
    <Flex component="nav" aria-label="分页" wrap gap={8} align="center" justify="flex-end" style={{ marginTop: 16 }}>
      <Typography.Text>共 {total ?? 0} 条</Typography.Text>
      <Typography.Text type="secondary">
        第 {page} 页{pages ? ` / 共 ${pages} 页` : ''}
      </Typography.Text>
      {page > 2 && props.onFirst ? (
        <Button size="small" onClick={props.onFirst} disabled={props.loading}>
          首页
        </Button>
      ) : null}
      <Button size="small" onClick={props.onPrev} disabled={page <= 1 || props.loading} aria-label="上一页">
        上一页
      </Button>
      <Button size="small" onClick={props.onNext} disabled={!props.hasNext || props.loading} aria-label="下一页">
        下一页
      </Button>
      {props.onPageSize ? (
        <Select
          size="small"
          aria-label="每页条数"
          value={pageSize}
          style={{ width: 110 }}
          onChange={props.onPageSize}
          options={PAGE_SIZES.map((n) => ({ value: n, label: `${n} 条/页` }))}
        />
      ) : null}
    </Flex>
  );
}

export type FilterField =
  | { kind: 'text'; name: string; label: string; placeholder?: string }
  | { kind: 'select'; name: string; label: string; options: (Option | { label: string; title?: string; options: Option[] })[]; placeholder?: string; search?: boolean }
  | { kind: 'treeSelect'; name: string; label: string; treeData: unknown[]; placeholder?: string }
  | { kind: 'dateRange'; name: string; label: string; from: string; to: string };

export function filterNamesOf(fields: FilterField[]): string[] {
  return fields.flatMap((f) => (f.kind === 'dateRange' ? [f.from, f.to] : [f.name]));
}

/** The query area: fields laid out inline on wide screens, stacked below lg (§5). */
export function FilterBar({ fields, values, onSubmit }: { fields: FilterField[]; values: Record<string, string>; onSubmit: (v: Record<string, string | undefined>) => void }) {
  const [form] = Form.useForm();
  const screens = Grid.useBreakpoint();
  const wide = !!screens.lg;
  // on a phone only the first condition shows until the user asks for more (or one is in use)
  const [expanded, setExpanded] = useState(false);
  const anyHidden = fields.slice(1).some((f) => (f.kind === 'dateRange' ? values[f.from] || values[f.to] : values[f.name]));
  const showAll = wide || expanded || anyHidden || fields.length <= 1;
  const initial = useMemo(() => {
    const v: Record<string, unknown> = {};
    for (const f of fields) {
      if (f.kind === 'dateRange') {
        const a = values[f.from];
        const b = values[f.to];
        v[f.name] = a || b ? [a ? dayjs(a) : null, b ? dayjs(b) : null] : undefined;
      } else v[f.name] = values[f.name];
    }
    return v;
  }, [fields, values]);
  // Follow the URL (back/forward, reset), but only when the filter values themselves change: the
  // field list is rebuilt whenever its options load, and that must not wipe what the user typed.
  const valuesKey = JSON.stringify(values);
  const initialRef = useRef(initial);
  initialRef.current = initial;
  useEffect(() => {
    form.resetFields();
    form.setFieldsValue(initialRef.current);
  }, [form, valuesKey]);

  const submit = (raw: Record<string, unknown>) => {
    const out: Record<string, string | undefined> = {};
    for (const f of fields) {
      const v = raw[f.name];
      if (f.kind === 'dateRange') {
        const r = v as [dayjs.Dayjs | null, dayjs.Dayjs | null] | undefined;
        out[f.from] = r?.[0]?.format('YYYY-MM-DD');
        out[f.to] = r?.[1]?.format('YYYY-MM-DD');
      } else out[f.name] = typeof v === 'string' ? v.trim() || undefined : undefined;
    }
    onSubmit(out);
  };

  const control = (f: FilterField) => {
    const w = wide ? { width: f.kind === 'dateRange' ? 260 : 200 } : { width: '100%' };
    switch (f.kind) {
      case 'text':
        return <Input allowClear placeholder={f.placeholder ?? `请输入${f.label}`} style={w} maxLength={50} />;
      case 'select':
        return <Select allowClear placeholder={f.placeholder ?? `请选择${f.label}`} options={f.options} style={w} showSearch={f.search ? { optionFilterProp: 'label' } : undefined} />;
      case 'treeSelect':
        return (
          <TreeSelect
            allowClear
            showSearch={{ treeNodeFilterProp: 'title' }}
            placeholder={f.placeholder ?? `请选择${f.label}`}
            treeData={f.treeData as never}
            treeDefaultExpandAll
            style={w}
            popupMatchSelectWidth={wide ? 320 : true}
          />
        );
      case 'dateRange':
        return <DayRangePicker style={w} placeholder={['开始日期', '结束日期']} allowEmpty={[true, true]} />;
    }
  };

  return (
    <Form
      form={form}
      name="filter"
      layout={wide ? 'inline' : 'vertical'}
      onFinish={submit}
      aria-label="查询条件"
      role="search"
      style={{ rowGap: 12 }}
    >
      {fields.map((f, i) => (
        <Form.Item key={f.name} name={f.name} label={f.label} rules={f.kind === 'dateRange' ? [dayRule] : undefined} hidden={!showAll && i > 0} style={wide ? undefined : { marginBottom: 12 }}>
          {control(f)}
        </Form.Item>
      ))}
      <Form.Item style={wide ? undefined : { marginBottom: 0 }}>
        <Space wrap>
          <Button type="primary" htmlType="submit">
            查询
          </Button>
          <Button
            onClick={() => {
              form.resetFields();
              onSubmit({});
            }}
          >
            重置
          </Button>
          {!wide && fields.length > 1 && !anyHidden ? (
            <Button type="link" onClick={() => setExpanded((x) => !x)} aria-expanded={showAll}>
              {showAll ? '收起条件' : `更多条件（${fields.length - 1}）`}
            </Button>
          ) : null}
        </Space>
      </Form.Item>
    </Form>
  );
}

export interface ListPageProps<T> {
  title: ReactNode;
  /** GET path under /api/v1 returning Page<T> */
  endpoint: string;
  filters?: FilterField[];
  /** URL filters → API query (defaults to the same names) */
  toQuery?: (filters: Record<string, string>) => Record<string, QueryValue>;
  toolbar?: ReactNode;
  columns: TableProps<T>['columns'];
  rowKey: TableProps<T>['rowKey'];
  emptyText: string;
  expandable?: TableProps<T>['expandable'];
  scrollX?: number;
  extra?: ReactNode;
  /** batch actions of the toolbar: rows the user ticks */
  rowSelection?: TableProps<T>['rowSelection'];
}

export function ListPage<T extends object>(props: ListPageProps<T>) {
  const fields = props.filters ?? [];
  const lp = useListParams(filterNamesOf(fields));
  const query = { ...(props.toQuery ? props.toQuery(lp.filters) : lp.filters), cursor: lp.cursor, limit: lp.limit };
  const q = useQuery({
    queryKey: [props.endpoint, query],
    queryFn: ({ signal }) => api<Page<T>>(props.endpoint, { query, signal }),
    placeholderData: keepPreviousData,
  });
  const hasFilters = Object.keys(lp.filters).length > 0;
  const screens = Grid.useBreakpoint();
  // fixed columns leave no room on a phone: let the whole table scroll instead
  const columns = screens.md ? props.columns : props.columns?.map((c) => ({ ...c, fixed: undefined }));
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      {fields.length ? (
        <Card size="small" styles={{ body: { padding: 16 } }}>
          <FilterBar fields={fields} values={lp.filters} onSubmit={lp.setFilters} />
        </Card>
      ) : null}
      <Card
        title={props.title}
        extra={props.toolbar}
        styles={{ header: { flexWrap: 'wrap', gap: 8, paddingBlock: 8 } }}
      >
        {props.extra}
        {q.isError && !q.data ? (
          <QueryError error={q.error} onRetry={() => q.refetch()} compact />
        ) : (
          <>
            <Table<T>
              rowKey={props.rowKey}
              columns={columns}
              dataSource={q.data?.items ?? []}
              loading={q.isFetching}
              pagination={false}
              expandable={props.expandable}
              rowSelection={props.rowSelection}
              scroll={{ x: props.scrollX ?? 900 }}
              size="middle"
              locale={{
                emptyText: q.isLoading ? ' ' : <Empty description={hasFilters ? '没有符合查询条件的记录，请调整查询条件' : props.emptyText} />,
              }}
            />
            <CursorPager
              total={q.data?.total}
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
        )}
      </Card>
    </Space>
  );
}
