// Key-based paging in the URL and the pager under a list (issue 12 §1): forward with nextCursor,
// back with the stack of cursors that led here (`?cursor=c1~c2`), so a list page can be bookmarked
// and shared. Kept apart from ListPage (filters, table) so the portal's first page loads light.
import { Button, Flex, Select, Typography } from 'antd';
import { useMemo } from 'react';
import { useSearchParams } from 'react-router';
import { parseCursorStack, popCursor, pushCursor } from './url';
import { fmtCount } from './format';

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
  /** counted on the first page only (issue 12 §1: no count(*) per page); unknown when opened deeper */
  total: number | null | undefined;
  /** the total is the planner's estimate of a large list: shown as 约 N 条 */
  totalEstimated?: boolean;
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
  const pages = total === null || total === undefined || props.totalEstimated ? null : Math.max(1, Math.ceil(total / pageSize));
  return (
    <Flex component="nav" aria-label="分页" wrap gap={8} align="center" justify="flex-end" style={{ marginTop: 16 }}>
      {total === null || total === undefined ? null : <Typography.Text>{props.totalEstimated ? `约 ${fmtCount(total, ' 条')}` : `共 ${fmtCount(total, ' 条')}`}</Typography.Text>}
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
