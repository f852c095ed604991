// SEL-2, SEL-4: declarations — a society's own; all in scope for the association (to review).
import { FormOutlined } from '@ant-design/icons';
import { Button, Space, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { Link, useNavigate } from 'react-router';
import { useCan, useMe } from '../../shared/auth';
import { clipped } from '../../shared/cells';
import { fmtDateTime } from '../../shared/format';
import { ListPage, type FilterField } from '../../shared/ListPage';
import type { DeclarationListItem } from '../../../contract/selection';
import { usePageTitle } from '../../shared/usePageTitle';
import { StatusTag, declarationStatusOptions, useTransferProgrammes } from '../transfer/common';
import { QualificationTag } from './QualificationCheck';

export function DeclarationsPage() {
  const { data: me } = useMe();
  const can = useCan();
  const navigate = useNavigate();
  const isSociety = me?.orgType === 'society';
  const title = isSociety ? '我的申报' : can('declaration.review') ? '申报审核' : '申报情况';
  usePageTitle(title);
  const programmes = useTransferProgrammes();
  const filters: FilterField[] = [
    { kind: 'select', name: 'status', label: '状态', options: declarationStatusOptions },
    { kind: 'select', name: 'programmeId', label: '所属方案', options: (programmes.data ?? []).map((p) => ({ value: p.id, label: p.name })) },
  ];
  const columns: TableColumnsType<DeclarationListItem> = [
    // fits 976 px (1280 inside the frame): the item takes the room left and wraps; the time of the
    // decision is on the declaration's page
    {
      title: '申报事项',
      dataIndex: 'itemTitle',
      fixed: 'left',
      render: (t: string, r) => (
        <Space orientation="vertical" size={0}>
          <Link to={`/app/declarations/${r.id}`}>{t}</Link>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {r.departmentName}
          </Typography.Text>
        </Space>
      ),
    },
    ...(isSociety ? [] : [{ title: '申报学会', dataIndex: 'societyName', width: 140, ...clipped<DeclarationListItem>() }]),
    { title: '状态', dataIndex: 'status', width: 96, render: (s: string, r) => <StatusTag kind="declaration" status={s} label={r.statusLabel} /> },
    { title: '资格核对', dataIndex: 'isQualified', width: 112, render: (_: boolean, r) => <QualificationTag isQualified={r.isQualified} failed={r.failedConditions} /> },
    {
      title: isSociety ? '科协意见 / 关闭原因' : '审核意见',
      dataIndex: 'reviewOpinion',
      width: isSociety ? 220 : 170,
      render: (v: string | null, r) => (
        <Typography.Paragraph ellipsis={{ rows: 2, tooltip: r.closedReason ?? v }} style={{ margin: 0 }}>
          {r.closedReason ? `关闭：${r.closedReason}` : (v ?? '—')}
        </Typography.Paragraph>
      ),
    },
    { title: '申报时间', dataIndex: 'submittedAt', width: 148, render: (v: string) => fmtDateTime(v) },
    {
      title: '操作',
      key: 'op',
      width: 68,
      fixed: 'right',
      render: (_: unknown, r) => (
        <Link to={`/app/declarations/${r.id}`}>{!isSociety && r.status === 'submitted' && can('declaration.review') ? '审核' : '查看'}</Link>
      ),
    },
  ];
  return (
    <ListPage<DeclarationListItem>
      title={title}
      endpoint="/declarations"
      filters={filters}
      columns={columns}
      rowKey="id"
      emptyText={isSociety ? '本学会暂无申报，可在“可申报事项”中申报' : '暂无申报'}
      toolbar={
        can('declaration.submit') ? (
          <Button type="primary" icon={<FormOutlined />} onClick={() => navigate('/app/declare')}>
            可申报事项
          </Button>
        ) : null
      }
    />
  );
}
