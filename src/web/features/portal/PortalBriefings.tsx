// PUB-1, PRG-3 (001 §5(4) 信息公开): work briefings the associations chose to disclose — the list,
// newest first, and each briefing in full. A briefing withdrawn from the portal disappears.
import { ReadOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Card, Descriptions, Space, Typography } from 'antd';
import { RecordRow } from '../../shared/RecordList';
import { Link, useParams } from 'react-router';
import { api } from '../../shared/api';
import { fmtDate, fmtDateCn } from '../../shared/format';
import type { PublicBriefing, PublicBriefingSummary } from '../../../contract/records';
import { usePageTitle } from '../../shared/usePageTitle';
import { PortalDetailPage, PortalListPage, useProgrammeFilter } from './portalFrame';

export function PortalBriefings() {
  const programme = useProgrammeFilter();
  return (
    <PortalListPage<PublicBriefingSummary>
      title="工作简报"
      intro="各级科协编发并公开的学会承接政府转移职能工作简报，按公开时间排列。"
      filter={programme.filter}
      path="/public/briefings"
      query={programme.query}
      empty={{ filtered: '该方案暂无公开的工作简报。', none: '目前还没有公开的工作简报，请稍后再来查看。' }}
      rowKey={(b) => b.id}
      renderRow={(b) => (
        <RecordRow
          mark={<ReadOutlined style={{ fontSize: 20, color: '#1456c8', marginTop: 4 }} />}
          title={
            <Link to={`/portal/briefings/${b.id}`} style={{ fontSize: 16 }}>
              {b.title}
            </Link>
          }
          description={
            <Space wrap size={[12, 0]}>
              <span>第 {b.issueNo} 期</span>
              <span>{b.associationName}</span>
              <span>{fmtDateCn(b.issuedOn)}编发</span>
            </Space>
          }
        >
          <Typography.Paragraph ellipsis={{ rows: 2 }} style={{ margin: '4px 0 0', color: 'rgba(0,0,0,0.65)' }}>
            {b.summary}
          </Typography.Paragraph>
        </RecordRow>
      )}
    />
  );
}

export function PortalBriefingDetail() {
  const { id = '' } = useParams();
  const q = useQuery({ queryKey: ['public/briefings', id], queryFn: ({ signal }) => api<PublicBriefing>(`/public/briefings/${encodeURIComponent(id)}`, { signal }) });
  usePageTitle(q.data?.title ?? '工作简报');
  return (
    <PortalDetailPage list={{ title: '工作简报', to: '/portal/briefings' }} crumb="简报全文" query={q}>
      {(b) => (
        <Card>
          <article>
            <Typography.Text type="secondary">
              {b.associationName} · 第 {b.issueNo} 期
            </Typography.Text>
            <Typography.Title level={2} style={{ marginTop: 8, fontSize: 22 }}>
              {b.title}
            </Typography.Title>
            <Descriptions
              size="small"
              column={{ xs: 1, md: 3 }}
              style={{ marginBottom: 16 }}
              items={[
                { key: 'p', label: '所属方案', children: <Link to={`/portal/programmes/${b.programmeId}`}>{b.programmeName}</Link> },
                { key: 'i', label: '编发日期', children: fmtDate(b.issuedOn) },
                { key: 'u', label: '公开日期', children: fmtDate(b.publishedAt) },
              ]}
            />
            <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', fontSize: 15, lineHeight: 1.9 }}>{b.body}</Typography.Paragraph>
          </article>
        </Card>
      )}
    </PortalDetailPage>
  );
}
