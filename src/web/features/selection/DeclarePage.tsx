// SEL-1, SEL-2 可申报事项: what the association relayed to this society, each with its deadline
// countdown and this society's own declaration (or the button to declare).
import { FormOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Empty, Input, List, Skeleton, Space, Tag, Typography } from 'antd';
import { useMemo } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { api } from '../../shared/api';
import { QueryError } from '../../shared/errors';
import { fmtYuan } from '../../shared/format';
import { CursorPager, useListParams } from '../../shared/ListPage';
import type { Page } from '../../../contract/common';
import type { TransferItemListItem as TransferItem } from '../../../contract/transfer';
import type { DeclarationListItem, DeclarationPage } from '../../../contract/selection';
import { usePageTitle } from '../../shared/usePageTitle';
import { DeadlineText, StatusTag } from '../transfer/common';

const LIVE = ['submitted', 'returned', 'recommended', 'notRecommended', 'selected'];

export function DeclarePage() {
  usePageTitle('可申报事项');
  const navigate = useNavigate();
  const [sp] = useSearchParams();
  const fromRelay = sp.get('relay');
  const lp = useListParams(['q', 'relay'], 20);
  const query = { status: 'relayed', q: lp.filters.q, cursor: lp.cursor, limit: lp.limit };
  const items = useQuery({
    queryKey: ['/items', query],
    queryFn: ({ signal }) => api<Page<TransferItem>>('/items', { query, signal }),
    placeholderData: keepPreviousData,
  });
  // this society's declarations, to show against each item
  const mine = useQuery({
    queryKey: ['/declarations', { limit: 100 }],
    queryFn: ({ signal }) => api<DeclarationPage>('/declarations', { query: { limit: 100 }, signal }),
  });
  const byItem = useMemo(() => {
    const m = new Map<string, DeclarationListItem>();
    for (const d of mine.data?.items ?? []) {
      const cur = m.get(d.itemId);
      if (!cur || (LIVE.includes(d.status) && !LIVE.includes(cur.status))) m.set(d.itemId, d);
    }
    return m;
  }, [mine.data]);

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      {fromRelay ? (
        <Alert
          type="info"
          showIcon
          title="科协转发了可转移职能事项"
          description="请对照各事项的内容和资格条件，在申报截止前申报本学会可以承接的事项。可以申报多项，同一事项也可能有多家学会申报。"
          closable
        />
      ) : null}
      <Card
        title="可申报事项"
        extra={
          <Input.Search
            allowClear
            placeholder="事项名称或内容"
            defaultValue={lp.filters.q}
            onSearch={(v) => lp.setFilters({ q: v.trim() || undefined, relay: fromRelay ?? undefined })}
            style={{ maxWidth: 260 }}
            aria-label="搜索事项"
            maxLength={50}
          />
        }
        styles={{ header: { flexWrap: 'wrap', gap: 8, paddingBlock: 8 } }}
      >
        {items.isError && !items.data ? (
          <QueryError error={items.error} onRetry={() => items.refetch()} compact />
        ) : items.isLoading ? (
          <Skeleton active />
        ) : (
          <>
            <List<TransferItem>
              dataSource={items.data?.items ?? []}
              locale={{ emptyText: <Empty description={lp.filters.q ? '没有符合条件的事项' : '暂无科协转发的可申报事项'} /> }}
              renderItem={(it) => {
                const d = byItem.get(it.id);
                const live = d && LIVE.includes(d.status);
                const passed = !!it.declarationDeadline && new Date(it.declarationDeadline).getTime() < Date.now();
                return (
                  <List.Item
                    key={it.id}
                    actions={[
                      live ? (
                        <Link key="v" to={`/app/declarations/${d.id}`}>
                          查看申报
                        </Link>
                      ) : passed ? (
                        <Tag key="p">申报已截止</Tag>
                      ) : (
                        <Button key="d" type="primary" icon={<FormOutlined />} onClick={() => navigate(`/app/declare/${it.id}`)} aria-label={`申报 ${it.title}`}>
                          申报
                        </Button>
                      ),
                    ]}
                  >
                    <List.Item.Meta
                      title={
                        <Space wrap size={6}>
                          <Link to={`/app/items/${it.id}`}>{it.title}</Link>
                          {live ? <StatusTag kind="declaration" status={d.status} label={`本会${d.statusLabel}`} /> : null}
                        </Space>
                      }
                      description={
                        <Space orientation="vertical" size={2}>
                          <span>
                            {it.departmentName} · {it.categoryLabel} · {it.commissioningModeLabel} · 预算 {fmtYuan(it.budgetFen, '无')}
                          </span>
                          <DeadlineText deadline={it.declarationDeadline} />
                          {d?.status === 'returned' ? <Typography.Text type="warning">科协已退回补充：{d.reviewOpinion}</Typography.Text> : null}
                        </Space>
                      }
                    />
                  </List.Item>
                );
              }}
            />
            <CursorPager
              total={items.data?.total}
              page={lp.page}
              pageSize={lp.limit}
              hasNext={!!items.data?.nextCursor}
              loading={items.isFetching}
              onNext={() => items.data?.nextCursor && lp.next(items.data.nextCursor)}
              onPrev={lp.prev}
              onFirst={lp.first}
            />
          </>
        )}
      </Card>
    </Space>
  );
}
