// PUB-1 (002 §7, 001 §5(4)): progress of pilot projects that the coordinating associations chose to
// disclose — what was done, by which society for which department, newest first.
import { CheckCircleOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Card, Descriptions, Space, Tag, Typography } from 'antd';
import { Link, useParams } from 'react-router';
import { api } from '../../shared/api';
import { fmtDate, fmtDateCn } from '../../shared/format';
import type { PublicProgress } from '../../../contract/records';
import { usePageTitle } from '../../shared/usePageTitle';
import { PortalDetailPage, PortalListPage, useProgrammeFilter } from './portalFrame';

export function PortalProgress() {
  const programme = useProgrammeFilter();
  return (
    // the menu and the breadcrumb say 项目进展, the heading what they are: 试点项目进展
    <PortalListPage<PublicProgress>
      title="项目进展"
      heading="试点项目进展"
      intro="承接学会报送、经协调科协审核后公开的试点项目进展情况。"
      filter={programme.filter}
      path="/public/progress"
      query={programme.query}
      empty={{ filtered: '该方案暂无公开的项目进展。', none: '目前还没有公开的项目进展，请稍后再来查看。' }}
      rowKey={(r) => r.id}
      renderRow={(r) => (
        <Space orientation="vertical" size={4} style={{ width: '100%' }}>
          <Space wrap>
            <Link to={`/portal/progress/${r.id}`} style={{ fontSize: 16, fontWeight: 600 }}>
              {r.title}
            </Link>
            {r.completesMilestone && r.milestoneName ? (
              <Tag color="green" icon={<CheckCircleOutlined />}>
                完成节点：{r.milestoneName}
              </Tag>
            ) : r.milestoneName ? (
              <Tag>关键节点：{r.milestoneName}</Tag>
            ) : null}
          </Space>
          <Typography.Text type="secondary">
            {r.projectTitle} · 承接学会：{r.societyName} · 委托部门：{r.departmentName}
          </Typography.Text>
          <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginBottom: 0 }}>{r.summary}</Typography.Paragraph>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {r.programmeName} · {fmtDateCn(r.publishedAt)}公开
          </Typography.Text>
        </Space>
      )}
    />
  );
}

/** One disclosed progress report (the search's link): what the association chose to publish. */
export function PortalProgressDetail() {
  const { id = '' } = useParams();
  const q = useQuery({ queryKey: ['public/progress', id], queryFn: ({ signal }) => api<PublicProgress>(`/public/progress/${encodeURIComponent(id)}`, { signal }) });
  usePageTitle(q.data?.title ?? '项目进展');
  return (
    <PortalDetailPage list={{ title: '项目进展', to: '/portal/progress' }} crumb="进展详情" query={q} skeletonRows={6}>
      {(r) => (
        <Card>
          <article>
            <Typography.Text type="secondary">{r.projectTitle}</Typography.Text>
            <Typography.Title level={2} style={{ marginTop: 8, fontSize: 22 }}>
              {r.title}
            </Typography.Title>
            <Descriptions
              size="small"
              column={{ xs: 1, md: 2 }}
              style={{ marginBottom: 16 }}
              items={[
                { key: 's', label: '承接学会', children: r.societyName },
                { key: 'd', label: '委托部门', children: r.departmentName },
                { key: 'm', label: '所属方案', children: <Link to={`/portal/programmes/${r.programmeId}`}>{r.programmeName}</Link> },
                { key: 'u', label: '公开日期', children: fmtDate(r.publishedAt) },
                ...(r.milestoneName ? [{ key: 'n', label: r.completesMilestone ? '完成节点' : '关键节点', children: r.milestoneName }] : []),
              ]}
            />
            <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', fontSize: 15, lineHeight: 1.9 }}>{r.summary}</Typography.Paragraph>
          </article>
        </Card>
      )}
    </PortalDetailPage>
  );
}
