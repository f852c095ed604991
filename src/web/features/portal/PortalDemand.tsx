// PUB-1, FUN-4: the demand catalogue (需求服务目录) — services departments buy by tender or by
// commission — as a public list and a detail page with every version.
import { useQuery } from '@tanstack/react-query';
import { Alert, Card, Descriptions, Flex, Space, Tag, Typography } from 'antd';
import { Link, useParams } from 'react-router';
import { api } from '../../shared/api';
import { fmtDate, fmtYuan } from '../../shared/format';
import { usePageTitle } from '../../shared/usePageTitle';
import { ProgrammeCategoryFilter } from './PortalItems';
import { PortalDetailPage, PortalListPage } from './portalFrame';
import { DemandStatusTag, Money, useUrlFilters } from './portalShared';
import type { PublicDemandEntry, PublicDemandEntrySummary } from '../../../contract/public';
import { RevisionHistory, demandRevisionFields } from './RevisionHistory';

const methodColor = (m: string) => (m === 'tender' ? 'volcano' : 'geekblue');

export function PortalDemand() {
  const f = useUrlFilters(['programmeId'] as const);
  const { programmeId } = f.values;
  return (
    <PortalListPage<PublicDemandEntrySummary>
      title="需求服务目录"
      intro="政府部门定期发布的拟购买服务目录，包括行业调查研究、规划编制、准入和运行分析、投资咨询等，以招投标或委托方式购买。"
      filter={<ProgrammeCategoryFilter programmeId={programmeId} withCategory={false} onChange={(next) => f.set({ programmeId: next.programmeId })} />}
      path="/public/demand-entries"
      query={{ programmeId }}
      empty={{ filtered: '该方案下还没有公开的需求服务目录，请选择其他方案查看。', none: '目前还没有公开的需求服务目录，请稍后再来查看。' }}
      // the catalogue's own list, like the items': a date beside the title, tags under it
      renderList={(rows) => (
        <ul aria-label="目录列表" style={{ listStyle: 'none', margin: 0, padding: 0 }}>
          {rows.map((e) => (
            <li key={e.id} style={{ padding: '14px 0', borderBottom: '1px solid #f0f0f0' }}>
              <Flex wrap gap={8} align="baseline" justify="space-between">
                <Link to={`/portal/demand/${e.id}`} style={{ fontSize: 16, fontWeight: 600, minWidth: 0, flex: '1 1 360px' }}>
                  {e.title}
                </Link>
                <Typography.Text type="secondary" style={{ whiteSpace: 'nowrap' }}>
                  {fmtDate(e.publishedAt)}
                </Typography.Text>
              </Flex>
              <Space wrap size={[6, 6]} style={{ marginTop: 8 }}>
                <DemandStatusTag status={e.status} label={e.statusLabel} />
                <Tag>{e.serviceKindLabel}</Tag>
                <Tag color={methodColor(e.purchaseMethod)}>{e.purchaseMethodLabel}</Tag>
                {e.revision > 1 ? <Tag color="orange">已变更 · 第 {e.revision} 版</Tag> : null}
              </Space>
              <Typography.Paragraph type="secondary" ellipsis={{ rows: 2 }} style={{ margin: '8px 0 0' }}>
                {e.summary}
              </Typography.Paragraph>
              <Flex wrap style={{ columnGap: 16, rowGap: 4, marginTop: 6, fontSize: 13 }}>
                <Typography.Text>发布部门：{e.departmentName}</Typography.Text>
                <Typography.Text>预算：{fmtYuan(e.budgetFen, '未列明')}</Typography.Text>
                {e.period ? <Typography.Text>服务期限：{e.period}</Typography.Text> : null}
              </Flex>
            </li>
          ))}
        </ul>
      )}
    />
  );
}

export function PortalDemandDetail() {
  const { id = '' } = useParams();
  const q = useQuery({
    queryKey: ['public/demand-entries', id],
    queryFn: ({ signal }) => api<PublicDemandEntry>(`/public/demand-entries/${encodeURIComponent(id)}`, { signal }),
  });
  usePageTitle(q.data?.title ?? '目录详情');
  return (
    <PortalDetailPage list={{ title: '需求服务目录', to: '/portal/demand' }} crumb="目录详情" query={q} skeletonRows={8}>
      {(e) => (
        <>
          <Card>
            <Typography.Title level={2} style={{ marginTop: 0, fontSize: 22 }}>
              {e.title}
            </Typography.Title>
            <Space wrap size={[6, 6]} style={{ marginBottom: 12 }}>
              <DemandStatusTag status={e.status} label={e.statusLabel} />
              <Tag>{e.serviceKindLabel}</Tag>
              <Tag color={methodColor(e.purchaseMethod)}>{e.purchaseMethodLabel}</Tag>
              <Tag color={e.revision > 1 ? 'orange' : 'default'}>第 {e.revision} 版</Tag>
            </Space>
            <Descriptions
              column={{ xs: 1, sm: 1, md: 2, lg: 3 }}
              items={[
                { key: 'dept', label: '发布部门', children: e.departmentName },
                { key: 'assoc', label: '组织科协', children: e.associationName },
                { key: 'prog', label: '所属方案', children: <Link to={`/portal/programmes/${e.programmeId}`}>{e.programmeName}</Link> },
                { key: 'kind', label: '服务类别', children: e.serviceKindLabel },
                { key: 'method', label: '购买方式', children: e.purchaseMethodLabel },
                { key: 'budget', label: '预算金额', children: e.budgetFen === null ? '未列明' : <Money fen={e.budgetFen} /> },
                { key: 'period', label: '服务期限', children: e.period || '—' },
                { key: 'pub', label: '发布日期', children: fmtDate(e.publishedAt) },
              ]}
            />
          </Card>
          {e.status === 'withdrawn' ? (
            <Alert type="warning" showIcon title={`该条目已于 ${fmtDate(e.withdrawnAt)} 撤回`} description={`撤回原因：${e.withdrawReason || '未说明'}`} />
          ) : null}
          <Card title="服务内容">
            <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginBottom: 0 }}>{e.description}</Typography.Paragraph>
          </Card>
          <Card title={`版本记录（${e.revisions.length}）`}>
            <RevisionHistory revisions={e.revisions} fields={demandRevisionFields} currentRevision={e.revision} />
          </Card>
        </>
      )}
    </PortalDetailPage>
  );
}
