// Table cells of the house style (docs/UI.md, Lists and tables): at 1280 px a table fits its box, so
// long text is cut at its column's width with an ellipsis and shown whole in a tooltip.
import { Tooltip } from 'antd';
import type { TableColumnType } from 'antd';
import type { ReactNode } from 'react';

/** One line cut at the cell's width; the whole text in a tooltip (the column sets `ellipsis`). */
export function Clip({ text, children }: { text: string | null | undefined; children?: ReactNode }) {
  if (!text) return <>{children ?? '—'}</>;
  return (
    <Tooltip placement="topLeft" title={text}>
      <span>{children ?? text}</span>
    </Tooltip>
  );
}

/**
 * The props of a column whose text is cut with an ellipsis and shown whole in a tooltip:
 * `{ title: '委托部门', dataIndex: 'departmentName', width: 160, ...clipped() }`, or with a render
 * of its own (a link): `...clipped<Row>((v, r) => <Link to={…}>{v}</Link>)`. The tooltip reads the
 * cell's text value (or `textOf(record)` when the value is not the text).
 */
export function clipped<T, V = string | null>(render?: (value: V, record: T) => ReactNode, textOf?: (record: T, value: V) => string | null | undefined): Pick<TableColumnType<T>, 'ellipsis' | 'render'> {
  return {
    ellipsis: { showTitle: false },
    render: (value: V, record: T) => (
      <Clip text={textOf ? textOf(record, value) : typeof value === 'string' ? value : null}>{render ? render(value, record) : undefined}</Clip>
    ),
  };
}

/** A column's share of the table's least width: its own width, or this much for a column without one. */
export const FLEX_COLUMN_MIN = 160;

/** The width under which a table scrolls sideways in its box: the sum of its columns' widths. */
export function tableMinWidth(columns: readonly { width?: number | string }[] | undefined, extra = 0): number {
  return (columns ?? []).reduce((s, c) => s + (typeof c.width === 'number' ? c.width : FLEX_COLUMN_MIN), extra);
}
