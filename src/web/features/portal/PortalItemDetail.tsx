// PUB-1, FUN-3: one transferable item in full — its content, every version with the kind of
// change and the reason, the withdrawal reason, and the society chosen to undertake it.
import { CheckCircleFilled } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Alert, Card, Descriptions, Space, Tag, Typography } from 'antd';
import { Link, useParams } from 'react-router';
import { api } from '../../shared/api';
import { fmtDate, fmtDateTime } from '../../shared/format';
import { usePageTitle } from '../../shared/usePageTitle';
import { PortalDetailPage } from './portalFrame';
import { ItemStatusTag, Money, Section } from './portalShared';
import type { PublicItem } from '../../../contract/public';
import { RevisionHistory, itemRevisionFields } from './RevisionHistory';

export function PortalItemDetail() {
  const { id = '' } = useParams();
  const q = useQuery({
    queryKey: ['public/items', id],
    queryFn: ({ signal }) => api<PublicItem>(`/public/items/${encodeURIComponent(id)}`, { signal }),
  });
  usePageTitle(q.data?.title ?? '事项详情');
  return (
    <PortalDetailPage list={{ title: '可转移职能事项', to: '/portal/items' }} crumb="事项详情" back={{ to: '/portal/items', label: '返回事项列表' }} query={q}>
      {(it) => (
        <>
          <Card>
            <Typography.Title level={2} style={{ marginTop: 0, fontSize: 22 }}>
              {it.title}
            </Typography.Title>
            <Space wrap size={[6, 6]} style={{ marginBottom: 12 }}>
              <ItemStatusTag status={it.status} label={it.statusLabel} />
              <Tag color={it.revision > 1 ? 'orange' : 'default'}>第 {it.revision} 版</Tag>
            </Space>
            <Descriptions
              column={{ xs: 1, sm: 1, md: 2, lg: 3 }}
              items={[
                { key: 'cat', label: '事项类别', children: it.categoryLabel },
                { key: 'mode', label: '委托方式', children: it.commissioningModeLabel },
                { key: 'dept', label: '发布部门', children: it.departmentName },
                { key: 'assoc', label: '组织科协', children: it.associationName },
                { key: 'prog', label: '所属方案', children: <Link to={`/portal/programmes/${it.programmeId}`}>{it.programmeName}</Link> },
                { key: 'budget', label: '预算金额', children: it.budgetFen === null ? '未列明' : <Money fen={it.budgetFen} /> },
                { key: 'period', label: '预计实施期限', children: it.expectedPeriod || '—' },
                { key: 'pub', label: '发布日期', children: fmtDate(it.publishedAt) },
                // the deadline matters only while societies may declare; afterwards the result (below) speaks
                ...(it.status === 'relayed' && it.declarationDeadline ? [{ key: 'dl', label: '申报截止', children: fmtDateTime(it.declarationDeadline) }] : []),
              ]}
            />
          </Card>

          {it.status === 'withdrawn' ? (
            <Alert
              type="warning"
              showIcon
              title={`该事项已于 ${fmtDate(it.withdrawnAt)} 撤回，不再转移`}
              description={`撤回原因：${it.withdrawReason || '未说明'}`}
            />
          ) : null}

          {it.result ? (
            <Card
              title={
                <Space>
                  <CheckCircleFilled style={{ color: '#389e0d' }} />
                  遴选结果
                </Space>
              }
              styles={{ header: { background: '#f6ffed' } }}
            >
              <Descriptions
                column={1}
                items={[
                  { key: 's', label: '承接学会', children: <Typography.Text strong>{it.result.societyName}</Typography.Text> },
                  { key: 'r', label: '选定理由', children: <span style={{ whiteSpace: 'pre-wrap' }}>{it.result.selectionReason}</span> },
                  { key: 'd', label: '确定日期', children: fmtDate(it.result.selectedAt) },
                ]}
              />
            </Card>
          ) : null}

          <Card title="事项说明">
            <Section title="事项内容" text={it.description} />
            <Section title="设定依据" text={it.legalBasis} />
            <Section title="承接资质要求" text={it.requiredQualifications} last />
          </Card>

          <Card title={`版本记录（${it.revisions.length}）`}>
            <Typography.Paragraph type="secondary" style={{ marginTop: 0 }}>
              事项发布后的每一次变更、撤回都形成一个版本，可查看任一版本的全部内容及其与上一版本的差异。
            </Typography.Paragraph>
            <RevisionHistory revisions={it.revisions} fields={itemRevisionFields} currentRevision={it.revision} />
          </Card>
        </>
      )}
    </PortalDetailPage>
  );
}
