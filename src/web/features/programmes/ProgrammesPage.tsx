// PRG-1 方案管理: programmes in scope.
import { PlusOutlined } from '@ant-design/icons';
import { Button } from 'antd';
import type { TableColumnsType } from 'antd';
import { Link, useNavigate } from 'react-router';
import { useCan } from '../../shared/auth';
import { DictTag, useDict } from '../../shared/dictionaries';
import { clipped } from '../../shared/cells';
import { fmtDate } from '../../shared/format';
import { ListPage, type FilterField } from '../../shared/ListPage';
import type { ProgrammeSummary } from '../../../contract/programmes';
import { usePageTitle } from '../../shared/usePageTitle';

export function ProgrammesPage() {
  usePageTitle('方案管理');
  const can = useCan();
  const navigate = useNavigate();
  const { options } = useDict();
  const filters: FilterField[] = [
    { kind: 'text', name: 'q', label: '关键词', placeholder: '方案名称' },
    { kind: 'select', name: 'kind', label: '类型', options: options('programmeKinds') },
    { kind: 'select', name: 'status', label: '状态', options: options('programmeStatuses') },
  ];
  const columns: TableColumnsType<ProgrammeSummary> = [
    // fits 976 px (1280 inside the frame): the name takes the room left and wraps
    { title: '名称', dataIndex: 'name', fixed: 'left', render: (n: string, r) => <Link to={`/app/programmes/${r.id}`}>{n}</Link> },
    { title: '类型', dataIndex: 'kind', width: 190, render: (v: string) => <DictTag dict="programmeKinds" value={v} /> },
    { title: '所属科协', dataIndex: 'associationName', width: 170, ...clipped() },
    { title: '年度', dataIndex: 'year', width: 76, render: (y: number) => `${y}` },
    { title: '状态', dataIndex: 'status', width: 90, render: (v: string) => <DictTag dict="programmeStatuses" value={v} /> },
    { title: '发布日期', dataIndex: 'publishedAt', width: 112, render: (v: string | null) => fmtDate(v) },
  ];
  return (
    <ListPage<ProgrammeSummary>
      title="方案管理"
      endpoint="/programmes"
      filters={filters}
      columns={columns}
      rowKey="id"
      emptyText={can('programme.create') ? '暂无方案，请点击“新建方案”从预置方案开始' : '暂无可查看的方案'}
      toolbar={
        can('programme.create') ? (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => navigate('/app/programmes/new')}>
            新建方案
          </Button>
        ) : null
      }
    />
  );
}
