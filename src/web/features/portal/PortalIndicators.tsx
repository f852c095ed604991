// PUB-1, STA-1 (issue 14): the indicators associations chose to publish, newest first — each year's
// figures as they stood when published, with the line saying what each counts. The records behind
// them (the drill-downs) stay inside the platform.
import { Card, Col, Empty, Row, Skeleton, Statistic, Typography } from 'antd';
import { QueryError } from '../../shared/errors';
import { fmtCount, fmtDateCn } from '../../shared/format';
import type { PublicIndicators } from '../../../contract/indicators';
import { PortalPage } from './portalFrame';
import { LoadMore, usePublicList } from './portalShared';

const fmtValue = (v: number | null, unit: string): string => (v === null ? '—' : unit === '%' ? `${v}%` : fmtCount(v, ` ${unit}`));

export function PortalIndicators() {
  const list = usePublicList<PublicIndicators>('/public/indicators', {});
  return (
    <PortalPage
      title="统计指标"
      intro="各级科协公开的学会承接政府转移职能年度指标：学会数量、参与承接的学会和事项、在谈政府部门、希望承接的事项、承接意愿和满意度。数值为公开时的统计。"
    >
      {list.isLoading ? <Card><Skeleton active paragraph={{ rows: 8 }} /></Card> : null}
      {list.isError ? <QueryError error={list.error} onRetry={() => list.refetch()} /> : null}
      {!list.isLoading && !list.isError && list.rows.length === 0 ? <Card><Empty description="尚无公开的统计指标" /></Card> : null}
      {list.rows.map((p) => (
        <Card key={p.id} title={`${p.association.name} · ${p.year} 年`} extra={<Typography.Text type="secondary">公开于 {fmtDateCn(p.publishedAt)}</Typography.Text>} styles={{ title: { whiteSpace: 'normal' }, header: { flexWrap: 'wrap', gap: 8 } }}>
          <Row gutter={[12, 16]}>
            {p.indicators.filter((i) => i.key !== 'satisfactionPublic' || i.value !== null).map((i) => (
              <Col key={i.key} xs={12} md={8} lg={6}>
                <Statistic title={i.label} value={fmtValue(i.value, i.unit)} />
                <Typography.Paragraph type="secondary" style={{ fontSize: 12, margin: '4px 0 0' }}>
                  {i.parts.length > 1 && i.unit !== '%' ? `${i.parts.map((x) => `${x.label} ${fmtCount(x.value)}`).join('，')}。` : ''}
                  {i.responseRate !== undefined && i.responseRate !== null ? `回收率 ${i.responseRate}%。` : ''}
                  {i.definition}
                </Typography.Paragraph>
              </Col>
            ))}
          </Row>
        </Card>
      ))}
      <LoadMore shown={list.rows.length} total={list.total} estimated={list.totalEstimated} hasNext={!!list.hasNextPage} loading={list.isFetchingNextPage} onMore={() => void list.fetchNextPage()} />
    </PortalPage>
  );
}
