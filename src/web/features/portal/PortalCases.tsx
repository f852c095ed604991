// PUB-1, EVA-5 (issue 14): the typical cases the associations published — the list, newest first,
// filtered by programme, and each case in full with its project and undertaking society. A case
// withdrawn from the portal disappears.
import { TrophyOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Card, Descriptions, Space, Tag, Typography } from 'antd';
import { Link, useParams } from 'react-router';
import { api } from '../../shared/api';
import { fmtDate, fmtDateCn } from '../../shared/format';
import { RecordRow } from '../../shared/RecordList';
import { usePageTitle } from '../../shared/usePageTitle';
import type { PublicCase, PublicCaseSummary } from '../../../contract/cases';
import { PortalDetailPage, PortalListPage, useProgrammeFilter } from './portalFrame';

export function PortalCases() {
  const programme = useProgrammeFilter();
  return (
    <PortalListPage<PublicCaseSummary>
      title="典型案例"
      intro="科协从结项考核通过的试点项目中选取、总结的学会承接政府转移职能典型案例和可复制推广的经验。"
      filter={programme.filter}
      path="/public/cases"
      query={programme.query}
      empty={{ filtered: '该方案暂无公开的典型案例。', none: '目前还没有公开的典型案例，请稍后再来查看。' }}
      rowKey={(c) => c.id}
      renderRow={(c) => (
        <RecordRow
          mark={<TrophyOutlined style={{ fontSize: 20, color: '#1456c8', marginTop: 4 }} />}
          title={
            <Link to={`/portal/cases/${c.id}`} style={{ fontSize: 16 }}>
              {c.title}
            </Link>
          }
          description={
            <Space wrap size={[12, 0]}>
              <span>承接学会：{c.societyName}</span>
              <span>试点项目：{c.projectTitle}</span>
              <span>{fmtDateCn(c.publishedAt)}公开</span>
            </Space>
          }
        >
          <Typography.Paragraph ellipsis={{ rows: 2 }} style={{ margin: '4px 0 0', color: 'rgba(0,0,0,0.65)' }}>
            {c.summary}
          </Typography.Paragraph>
          {c.tags.length ? (
            <div style={{ marginTop: 4 }}>
              {c.tags.map((t) => (
                <Tag key={t}>{t}</Tag>
              ))}
            </div>
          ) : null}
        </RecordRow>
      )}
    />
  );
}

function Section({ title, text }: { title: string; text: string }) {
  return (
    <section style={{ marginBottom: 20 }}>
      <Typography.Title level={3} style={{ fontSize: 17, marginTop: 0 }}>
        {title}
      </Typography.Title>
      <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', fontSize: 15, lineHeight: 1.9, marginBottom: 0 }}>{text}</Typography.Paragraph>
    </section>
  );
}

export function PortalCaseDetail() {
  const { id = '' } = useParams();
  const q = useQuery({ queryKey: ['public/cases', id], queryFn: ({ signal }) => api<PublicCase>(`/public/cases/${encodeURIComponent(id)}`, { signal }) });
  usePageTitle(q.data?.title ?? '典型案例');
  return (
    <PortalDetailPage list={{ title: '典型案例', to: '/portal/cases' }} crumb="案例全文" query={q}>
      {(c) => (
        <Card>
          <article>
            <Typography.Text type="secondary">{c.associationName} · 典型案例</Typography.Text>
            <Typography.Title level={2} style={{ marginTop: 8, fontSize: 22 }}>
              {c.title}
            </Typography.Title>
            <Descriptions
              size="small"
              column={{ xs: 1, md: 2 }}
              style={{ marginBottom: 16 }}
              items={[
                { key: 'p', label: '试点项目', children: <Link to={`/portal/items/${c.itemId}`}>{c.projectTitle}</Link> },
                { key: 's', label: '承接学会', children: c.societyName },
                { key: 'd', label: '委托部门', children: c.departmentName },
                { key: 'm', label: '所属方案', children: <Link to={`/portal/programmes/${c.programmeId}`}>{c.programmeName}</Link> },
                { key: 'u', label: '公开日期', children: fmtDate(c.publishedAt) },
                ...(c.tags.length ? [{ key: 't', label: '标签', children: c.tags.map((t) => <Tag key={t}>{t}</Tag>) }] : []),
              ]}
            />
            <Typography.Paragraph style={{ fontSize: 15, lineHeight: 1.9, background: '#f6f8fb', padding: '12px 16px', borderRadius: 4 }}>{c.summary}</Typography.Paragraph>
            <Section title="案例内容" text={c.body} />
            <Section title="可复制推广的经验" text={c.experience} />
          </article>
        </Card>
      )}
    </PortalDetailPage>
  );
}
