// PUB-1: the public list of published programmes.
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useRef } from 'react';
import { Card, Col, Empty, Row, Skeleton, Space, Tag, Typography } from 'antd';
import { Link } from 'react-router';
import { api } from '../../shared/api';
import { QueryError } from '../../shared/errors';
import { fmtDate } from '../../shared/format';
import { CursorPager, useListParams } from '../../shared/CursorPager';
import { StageSteps } from '../../shared/StageSteps';
import type { PublicProgrammePage } from '../../../contract/programmes';
import { usePageTitle } from '../../shared/usePageTitle';

export function PortalHome() {
  usePageTitle(null);
  const lp = useListParams([], 10);
  // the total is asked for on the first page only (issue 12 §1) and kept for the pages after it
  const query = lp.cursor ? { cursor: lp.cursor, limit: lp.limit } : { limit: lp.limit, count: 'estimate' };
  const q = useQuery({
    queryKey: ['public/programmes', query],
    queryFn: ({ signal }) => api<PublicProgrammePage>('/public/programmes', { query, signal }),
    placeholderData: keepPreviousData,
  });
  const known = useRef<{ total: number; estimated: boolean } | null>(null);
  if (!lp.cursor && q.data?.total !== undefined && !q.isPlaceholderData) known.current = { total: q.data.total, estimated: !!q.data.totalEstimated };

  return (
    <Space orientation="vertical" size={20} style={{ width: '100%' }}>
      <section
        aria-labelledby="hero-title"
        style={{ background: 'linear-gradient(120deg, #0b3d91, #1456c8)', color: '#fff', borderRadius: 8, padding: '28px 24px' }}
      >
        <Typography.Title id="hero-title" level={2} style={{ color: '#fff', marginTop: 0 }}>
          科协所属学会有序承接政府转移职能
        </Typography.Title>
        <Typography.Paragraph style={{ color: 'rgba(255,255,255,0.9)', marginBottom: 0, fontSize: 15 }}>
          政府主导、科协主动、规则公开、严格监督。这里公开各级科协发布的承接政府转移职能试点方案和学会服务能力提升计划，供学会和社会公众查阅。
        </Typography.Paragraph>
      </section>

      <Typography.Title level={3} style={{ margin: 0 }}>
        已发布的方案
      </Typography.Title>

      {q.isLoading ? (
        <Card>
          <Skeleton active />
        </Card>
      ) : q.isError && !q.data ? (
        <QueryError error={q.error} onRetry={() => q.refetch()} />
      ) : !q.data?.items.length ? (
        <Card>
          <Empty description="目前还没有公开发布的方案，请稍后再来查看。" />
        </Card>
      ) : (
        <Row gutter={[16, 16]}>
          {q.data.items.map((p) => (
            <Col xs={24} key={p.id}>
              <Card
                title={
                  <Link to={`/portal/programmes/${p.id}`} style={{ whiteSpace: 'normal' }}>
                    {p.name}
                  </Link>
                }
                styles={{ header: { paddingBlock: 12 } }}
              >
                <Space wrap size={[8, 8]} style={{ marginBottom: 12 }}>
                  <Tag color={p.kind === 'capacityPlan' ? 'purple' : 'blue'}>{p.kindLabel}</Tag>
                  <Tag color={p.status === 'closed' ? 'default' : 'green'}>{p.statusLabel}</Tag>
                  <Typography.Text>{p.associationName}</Typography.Text>
                  <Typography.Text type="secondary">{p.year} 年度</Typography.Text>
                  <Typography.Text type="secondary">发布日期：{fmtDate(p.publishedAt)}</Typography.Text>
                </Space>
                {p.description ? (
                  <Typography.Paragraph type="secondary" ellipsis={{ rows: 2 }}>
                    {p.description}
                  </Typography.Paragraph>
                ) : null}
                <StageSteps stages={p.stages} compact />
              </Card>
            </Col>
          ))}
        </Row>
      )}
      {q.data && q.data.items.length ? (
        <CursorPager
          total={known.current?.total}
          totalEstimated={known.current?.estimated}
          page={lp.page}
          pageSize={lp.limit}
          hasNext={!!q.data.nextCursor}
          loading={q.isFetching}
          onNext={() => q.data?.nextCursor && lp.next(q.data.nextCursor)}
          onPrev={lp.prev}
          onFirst={lp.first}
        />
      ) : null}
    </Space>
  );
}
