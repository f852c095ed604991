// ORG-2 学会管理: the societies in scope, filtered in the URL.
import { PlusOutlined } from '@ant-design/icons';
import { Button, Space, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { Link, useNavigate } from 'react-router';
import { useCan } from '../../shared/auth';
import { DictTag, useDict } from '../../shared/dictionaries';
import { clipped } from '../../shared/cells';
import { ListPage, type FilterField } from '../../shared/ListPage';
import { useAssociationOptions } from '../../shared/orgTree';
import type { SocietyListItem } from '../../../contract/orgs';
import { usePageTitle } from '../../shared/usePageTitle';

export function SocietiesPage() {
  usePageTitle('学会管理');
  const can = useCan();
  const navigate = useNavigate();
  const { options, label } = useDict();
  const assoc = useAssociationOptions();

  const filters: FilterField[] = [
    { kind: 'text', name: 'q', label: '关键词', placeholder: '学会名称或学科' },
    { kind: 'select', name: 'societyType', label: '类型', options: options('societyTypes') },
    { kind: 'select', name: 'affiliation', label: '隶属关系', options: options('affiliations') },
    ...(assoc.options.length ? [{ kind: 'treeSelect' as const, name: 'associationId', label: '所属科协', treeData: assoc.options }] : []),
  ];

  const columns: TableColumnsType<SocietyListItem> = [
    {
      title: '名称',
      dataIndex: 'name',
      fixed: 'left',
      width: 200,
      render: (n: string, r) => (
        <Space orientation="vertical" size={0}>
          <Link to={`/app/societies/${r.id}`}>{n}</Link>
          {r.disciplines.length ? (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {r.disciplines.join('、')}
            </Typography.Text>
          ) : null}
        </Space>
      ),
    },
    { title: '所属科协', dataIndex: 'associationName', width: 160, ...clipped<SocietyListItem>() },
    {
      title: '类型',
      dataIndex: 'societyType',
      width: 140,
      render: (v: string, r) => (
        <Space size={4} wrap>
          <span>{label('societyTypes', v)}</span>
          <DictTag dict="affiliations" value={r.affiliation} />
        </Space>
      ),
    },
    {
      title: '秘书长',
      dataIndex: 'secretaryGeneralName',
      width: 130,
      render: (v: string | null, r) => (
        <Space size={4}>
          <span>{v ?? '—'}</span>
          {v ? r.secretaryGeneralFullTime ? <Tag color="green">专职</Tag> : <Tag>兼职</Tag> : null}
        </Space>
      ),
    },
    { title: '专职人员', dataIndex: 'fullTimeStaff', width: 90, align: 'right', render: (n: number) => `${n} 人` },
    {
      title: '最近年检',
      dataIndex: 'latestInspection',
      width: 150,
      render: (v: SocietyListItem['latestInspection']) => (v ? <DictTag dict="inspectionResults" value={v.result} prefix={`${v.year}年 `} /> : <Tag>暂无记录</Tag>),
    },
    { title: '状态', dataIndex: 'isActive', width: 80, render: (a: boolean) => (a ? <Tag color="green">正常</Tag> : <Tag>已停用</Tag>) },
  ];

  return (
    <ListPage<SocietyListItem>
      title="学会管理"
      endpoint="/societies"
      filters={filters}
      columns={columns}
      rowKey="id"
      emptyText="暂无学会，请点击“新增学会”登记"
      toolbar={
        can('society.create') ? (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => navigate('/app/societies/new')}>
            新增学会
          </Button>
        ) : null
      }
    />
  );
}
