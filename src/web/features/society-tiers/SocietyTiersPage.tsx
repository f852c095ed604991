// ORG-4, EVA-6 学会分类: the societies of the association's scope with the tier in force, the
// platform's suggestion and its reasons; 分类 (a dialog) and 分类历史 (a drawer).
import { useQuery } from '@tanstack/react-query';
import { Button, Space, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useState } from 'react';
import { api } from '../../shared/api';
import { fmtCount, fmtDate } from '../../shared/format';
import { ListPage, type FilterField } from '../../shared/ListPage';
import { usePageTitle } from '../../shared/usePageTitle';
import { societyTierCodes, societyTierLabels } from '../../../domain/org/tiers';
import type { SocietyTierItem, SocietyTierPage } from '../../../contract/society-tiers';
import { ClassifyModal, HistoryDrawer, SuggestionText, TierTag, tierColors } from './TierParts';

export function SocietyTiersPage() {
  usePageTitle('学会分类');
  const [classifying, setClassifying] = useState<SocietyTierItem | null>(null);
  const [history, setHistory] = useState<SocietyTierItem | null>(null);
  const counts = useQuery({ queryKey: ['/society-tiers', 'counts'], queryFn: ({ signal }) => api<SocietyTierPage>('/society-tiers', { query: { limit: 1, count: 'exact' }, signal }) });

  const filters: FilterField[] = [
    { kind: 'text', name: 'q', label: '学会名称', placeholder: '学会名称' },
    { kind: 'select', name: 'tier', label: '现行分类', options: [...societyTierCodes.map((t) => ({ value: t, label: societyTierLabels[t] })), { value: 'none', label: '尚未分类' }] },
  ];

  const columns: TableColumnsType<SocietyTierItem> = [
    {
      title: '学会',
      dataIndex: 'societyName',
      width: 190,
      render: (n: string, r) => (
        <Space orientation="vertical" size={0}>
          <Typography.Text>{n}</Typography.Text>
          {r.associationName ? (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {r.associationName}
            </Typography.Text>
          ) : null}
          {r.foundedYear ? (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              成立于 {r.foundedYear} 年
            </Typography.Text>
          ) : null}
        </Space>
      ),
    },
    {
      title: '现行分类',
      dataIndex: 'current',
      width: 260,
      render: (c: SocietyTierItem['current']) =>
        c ? (
          <Space orientation="vertical" size={2} style={{ width: '100%' }}>
            <Space size={4} wrap>
              <TierTag tier={c.tier} />
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {fmtDate(c.decidedAt)}
              </Typography.Text>
            </Space>
            <Typography.Text style={{ fontSize: 12 }} ellipsis={{ tooltip: c.reasons }}>
              {c.reasons}
            </Typography.Text>
          </Space>
        ) : (
          <TierTag tier={null} />
        ),
    },
    {
      title: '平台建议（仅供参考）',
      dataIndex: 'suggestion',
      // ellipsis: the table lays out its columns at their widths (the reasons cut, whole in the tag's tooltip)
      ellipsis: { showTitle: false },
      render: (s: SocietyTierItem['suggestion']) => (s ? <SuggestionText s={s} compact /> : '—'),
    },
    {
      title: '操作',
      key: 'actions',
      width: 130,
      render: (_: unknown, r) => (
        <Space size={0} wrap>
          {r.actions.includes('classify') ? (
            <Button type="link" size="small" onClick={() => setClassifying(r)}>
              分类
            </Button>
          ) : null}
          <Button type="link" size="small" onClick={() => setHistory(r)}>
            分类历史
          </Button>
        </Space>
      ),
    },
  ];

  const summary = counts.data?.counts;
  return (
    <>
      <ListPage<SocietyTierItem>
        title="学会分类"
        endpoint="/society-tiers"
        filters={filters}
        columns={columns}
        rowKey="societyId"
        emptyText="没有符合条件的学会"
        extra={
          summary ? (
            <Space wrap size={[8, 8]} style={{ marginBottom: 12 }} aria-label="各分类学会数">
              {summary.map((c) => (
                <Tag key={c.tier} color={c.tier === 'none' ? undefined : tierColors[c.tier]}>
                  {c.label} {fmtCount(c.count, '家')}
                </Tag>
              ))}
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                平台依据近年结项、评估验收、处理处罚、成立年份和承接意愿提出建议，分类由科协决定。
              </Typography.Text>
            </Space>
          ) : null
        }
      />
      {classifying ? <ClassifyModal societyId={classifying.societyId} societyName={classifying.societyName} onClose={() => setClassifying(null)} onDone={() => setClassifying(null)} /> : null}
      {history ? <HistoryDrawer societyId={history.societyId} societyName={history.societyName} onClose={() => setHistory(null)} /> : null}
    </>
  );
}
