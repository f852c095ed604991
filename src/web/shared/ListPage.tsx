// The list page of §6: filters (kept in the URL) → toolbar → table with coloured tags → pager
// "共 N 条". Paging is by key: forward with nextCursor, back with the stack of cursors that led
// here, also kept in the URL (`?cursor=c1~c2`), so a list page can be bookmarked and shared.
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Button, Card, Empty, Form, Grid, Input, Select, Space, Table, TreeSelect } from 'antd';
import type { TableProps } from 'antd';
import type { ReactNode } from 'react';
import { useEffect, useMemo, useRef, useState } from 'react';
import { api, type QueryValue } from './api';
import { QueryError } from './errors';
import { dayjs } from './format';
import { DayRangePicker, dayRule } from './DayPicker';
import type { Option, Page } from '../../contract/common';
import { CursorPager, useListParams } from './CursorPager';
import { tableMinWidth } from './cells';

export { CursorPager, PAGE_SIZES, useListParams } from './CursorPager';

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
  /** the width under which the table scrolls in its box; by default the sum of the columns' widths
   * (a column without a width counts FLEX_COLUMN_MIN), so that a list whose columns fit 1280 px
   * (976 px inside the frame) does not scroll there and scrolls as a whole on a phone */
  scrollX?: number;
  extra?: ReactNode;
  /** batch actions of the toolbar: rows the user ticks */
  rowSelection?: TableProps<T>['rowSelection'];
}

export function ListPage<T extends object>(props: ListPageProps<T>) {
  const fields = props.filters ?? [];
  const lp = useListParams(filterNamesOf(fields));
  const base = { ...(props.toQuery ? props.toQuery(lp.filters) : lp.filters), limit: lp.limit };
  // The total is asked for on the first page only and kept for the pages after it (same filters).
  const query = lp.cursor ? { ...base, cursor: lp.cursor } : { ...base, count: 'estimate' };
  const q = useQuery({
    queryKey: [props.endpoint, query],
    queryFn: ({ signal }) => api<Page<T>>(props.endpoint, { query, signal }),
    placeholderData: keepPreviousData,
  });
  const totals = useRef(new Map<string, { total: number; estimated: boolean }>());
  const totalKey = `${props.endpoint}?${JSON.stringify(base)}`;
  if (!lp.cursor && q.data?.total !== undefined && !q.isPlaceholderData) totals.current.set(totalKey, { total: q.data.total, estimated: !!q.data.totalEstimated });
  const known = totals.current.get(totalKey);
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
      {/* on a phone the toolbar goes under the title, which keeps its whole width */}
      <Card
        title={props.title}
        extra={screens.md ? props.toolbar : undefined}
        styles={{ header: { flexWrap: 'wrap', gap: 8, paddingBlock: 8 } }}
      >
        {!screens.md && props.toolbar ? <div style={{ marginBottom: 12 }}>{props.toolbar}</div> : null}
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
              scroll={{ x: props.scrollX ?? tableMinWidth(props.columns as { width?: number }[], (props.rowSelection ? 32 : 0) + (props.expandable ? 48 : 0)) }}
              size="middle"
              locale={{
                emptyText: q.isLoading ? ' ' : <Empty description={hasFilters ? '没有符合查询条件的记录，请调整查询条件' : props.emptyText} />,
              }}
            />
            <CursorPager
              total={known?.total}
              totalEstimated={known?.estimated}
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
