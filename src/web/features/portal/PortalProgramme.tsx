// PUB-1: one published programme, its stages and content categories.
import { FileSearchOutlined, NotificationOutlined, ProfileOutlined, TrophyOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Card, Descriptions, Space, Tag, Typography } from 'antd';
import { useParams } from 'react-router';
import { api } from '../../shared/api';
import { CategoryTree } from '../../shared/CategoryTree';
import { fmtDate } from '../../shared/format';
import { StageSteps } from '../../shared/StageSteps';
import type { PublicProgramme } from '../../../contract/programmes';
import { usePageTitle } from '../../shared/usePageTitle';
import { PortalDetailPage } from './portalFrame';
import { LinkButton } from './portalShared';

export function PortalProgramme() {
  const { id = '' } = useParams();
  const q = useQuery({
    queryKey: ['public/programmes', id],
    queryFn: ({ signal }) => api<PublicProgramme>(`/public/programmes/${encodeURIComponent(id)}`, { signal }),
  });
  usePageTitle(q.data?.name ?? '方案详情');
  return (
    // the programmes are listed on the home page: no list step in the breadcrumb, the way back is home
    <PortalDetailPage crumb="方案详情" back={{ to: '/', label: '返回方案列表' }} query={q} skeletonRows={8}>
      {(p) => (
        <>
          <Card>
            <Typography.Title level={2} style={{ marginTop: 0, fontSize: 22 }}>
              {p.name}
            </Typography.Title>
            <Space wrap style={{ marginBottom: 12 }}>
              <Tag color={p.kind === 'capacityPlan' ? 'purple' : 'blue'}>{p.kindLabel}</Tag>
              <Tag color={p.status === 'closed' ? 'default' : 'green'}>{p.statusLabel}</Tag>
            </Space>
            <Descriptions
              column={{ xs: 1, sm: 1, md: 3 }}
              items={[
                { key: 'a', label: '发布单位', children: p.associationName },
                { key: 'y', label: '年度', children: `${p.year} 年` },
                { key: 'd', label: '发布日期', children: fmtDate(p.publishedAt) },
              ]}
            />
            {p.description ? <Typography.Paragraph style={{ margin: '8px 0 0' }}>{p.description}</Typography.Paragraph> : null}
            {p.kind === 'transferPilot' ? (
              <nav aria-label="本方案的公开信息" style={{ marginTop: 16 }}>
                <Space wrap>
                  <LinkButton to={`/portal/items?programmeId=${encodeURIComponent(p.id)}`} type="primary" icon={<FileSearchOutlined />}>
                    本方案可转移职能事项
                  </LinkButton>
                  <LinkButton to={`/portal/demand?programmeId=${encodeURIComponent(p.id)}`} icon={<ProfileOutlined />}>
                    需求服务目录
                  </LinkButton>
                  <LinkButton to={`/portal/results?programmeId=${encodeURIComponent(p.id)}`} icon={<TrophyOutlined />}>
                    遴选结果
                  </LinkButton>
                </Space>
              </nav>
            ) : (
              <nav aria-label="本计划的公开信息" style={{ marginTop: 16 }}>
                <LinkButton to={`/portal/calls?programmeId=${encodeURIComponent(p.id)}`} type="primary" icon={<NotificationOutlined />}>
                  本计划的申报通知
                </LinkButton>
              </nav>
            )}
          </Card>
          <Card title="工作阶段">
            <StageSteps stages={p.stages} vertical />
          </Card>
          <Card title="承接内容类别">
            <CategoryTree categories={p.categories} />
          </Card>
        </>
      )}
    </PortalDetailPage>
  );
}
