// SEL-7 试点项目: the item, the department, the undertaking society and the association, linked
// by the department's choice.
import { ArrowLeftOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Alert, Card, Descriptions, Skeleton, Space, Tabs, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { Link, useParams, useSearchParams } from 'react-router';
import { TaskBookPanel } from '../taskbooks/TaskBookPanel';
import { ProjectFundingTab } from '../funds/ProjectFundingTab';
import { projectTabs } from '../supervision/projectTabs';
import { api } from '../../shared/api';
import { can as canOf, useCan, useMe } from '../../shared/auth';
import { QueryError } from '../../shared/errors';
import { clipped } from '../../shared/cells';
import { fmtDate, fmtDateCn } from '../../shared/format';
import { ListPage, type FilterField } from '../../shared/ListPage';
import type { PilotProject, PilotProjectListItem } from '../../../contract/selection';
import { usePageTitle } from '../../shared/usePageTitle';
import { MultiLine, useTransferProgrammes } from '../transfer/common';

const projectColor = (s: string) => ({ established: 'blue', implementing: 'green', terminated: 'red', completed: 'default', failed: 'red' })[s] ?? 'default';

export function ProjectsPage() {
  const { data: me } = useMe();
  // SUP-4: an expert or evaluator sees the projects they are assigned to observe; EVA-2: an evaluator
  // also those its organisation is commissioned to evaluate
  const observing = !canOf(me, 'project.read');
  const title = !observing ? '试点项目' : canOf(me, 'evaluation.perform') ? '评估和观察的项目' : '我观察的项目';
  usePageTitle(title);
  const programmes = useTransferProgrammes();
  const filters: FilterField[] = [{ kind: 'select', name: 'programmeId', label: '所属方案', options: (programmes.data ?? []).map((p) => ({ value: p.id, label: p.name })) }];
  const columns: TableColumnsType<PilotProjectListItem> = [
    // fits 976 px (1280 inside the frame): the name takes the room left and wraps
    {
      title: '项目名称',
      dataIndex: 'title',
      fixed: 'left',
      render: (t: string, r) => (
        <Space orientation="vertical" size={0}>
          <Link to={`/app/projects/${r.id}`}>{t}</Link>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {r.categoryLabel}
          </Typography.Text>
        </Space>
      ),
    },
    ...(me?.orgType === 'society' ? [] : [{ title: '承接学会', dataIndex: 'societyName', width: 150, ...clipped<PilotProjectListItem>() }]),
    ...(me?.orgType === 'department' ? [] : [{ title: '委托部门', dataIndex: 'departmentName', width: 150, ...clipped<PilotProjectListItem>() }]),
    { title: '协调单位', dataIndex: 'associationName', width: 150, ...clipped<PilotProjectListItem>() },
    { title: '状态', dataIndex: 'status', width: 170, render: (s: string, r) => <Tag color={projectColor(s)} style={{ whiteSpace: 'normal' }}>{r.statusLabel}</Tag> },
    { title: '确定日期', dataIndex: 'selectedAt', width: 108, render: (v: string) => fmtDate(v) },
  ];
  const emptyText = observing ? '暂无观察的项目。科协委派您为项目观察员后，项目在委派期内显示在这里' : '暂无试点项目。委托部门择优确定承接学会后自动建立';
  return <ListPage<PilotProjectListItem> title={title} endpoint="/projects" filters={filters} columns={columns} rowKey="id" emptyText={emptyText} />;
}

export function ProjectDetailPage() {
  const { id = '' } = useParams();
  const can = useCan();
  const [params, setParams] = useSearchParams();
  const tab = params.get('tab') ?? 'info';
  const q = useQuery({ queryKey: ['projects', id], queryFn: ({ signal }) => api<PilotProject>(`/projects/${id}`, { signal }) });
  usePageTitle(q.data?.title ?? '试点项目');
  if (q.isLoading) return <Card><Skeleton active paragraph={{ rows: 8 }} /></Card>;
  if (q.isError || !q.data) return <Card><QueryError error={q.error} onRetry={() => q.refetch()} /></Card>;
  const p = q.data;
  // SUP-4: read through an observer assignment: every record, no action
  const observing = !can('project.read');
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Card>
        <Space orientation="vertical" size={8} style={{ width: '100%' }}>
          <Space wrap align="center">
            <Link to="/app/projects" aria-label={observing ? '返回可查阅的项目' : '返回试点项目列表'}>
              <ArrowLeftOutlined />
            </Link>
            <Typography.Title level={3} style={{ margin: 0 }}>
              {p.title}
            </Typography.Title>
            <Tag color={projectColor(p.status)}>{p.statusLabel}</Tag>
            {observing ? <Tag color="purple">{p.readOnlyAs === 'evaluator' ? '第三方评估 · 只读' : '观察员 · 只读'}</Tag> : null}
          </Space>
          <Typography.Text type="secondary">
            {p.programmeName} · {fmtDateCn(p.selectedAt)}确定承接学会
          </Typography.Text>
        </Space>
      </Card>
      {observing ? (
        p.readOnlyAs === 'evaluator' ? (
          <Alert type="info" showIcon title="本单位受托评估本项目" description="评估期内可查阅项目信息、三方任务书和各项监督记录（含附件），不能办理或修改；评估在“第三方评估”中进行。" />
        ) : (
          <Alert type="info" showIcon title="您是本项目的观察员" description="委派期内可查阅项目信息、三方任务书和各项监督记录（含附件），不能办理或修改。" />
        )
      ) : null}
      {p.status === 'established' && !observing ? (
        <Alert
          type="info"
          showIcon
          title={`下一步：签署${p.agreementTitle}`}
          description={
            p.agreementTitle === '职能转移合同'
              ? '由科协起草职能转移合同，甲方（职能转移部门）和乙方（承接学会）填写本单位信息，甲乙双方签署、科协作为见证方签署后项目进入实施。'
              : '由协调单位起草三方项目任务书，委托单位和承接单位填写本单位信息，三方签署后项目进入实施。'
          }
          action={tab !== 'taskbook' ? <a onClick={() => setParams({ tab: 'taskbook' }, { replace: true })}>前往{p.agreementTitle === '职能转移合同' ? '合同' : '任务书'}</a> : undefined}
        />
      ) : null}
      <Tabs
        activeKey={tab}
        onChange={(k) => setParams({ tab: k }, { replace: true })}
        items={[
          { key: 'info', label: '项目信息', children: <ProjectInfo p={p} canReadDeclaration={can('declaration.read')} canReadItem={can('item.read')} /> },
          { key: 'taskbook', label: p.agreementTitle, children: <TaskBookPanel project={p} /> },
          // FND-7: the programme's special funds pay the agreement's funding
          ...(p.programmeHoldsFunds ? [{ key: 'funding', label: '项目经费', children: <ProjectFundingTab project={p} /> }] : []),
          ...projectTabs(p),
        ]}
      />
    </Space>
  );
}

function ProjectInfo({ p, canReadDeclaration, canReadItem }: { p: PilotProject; canReadDeclaration: boolean; canReadItem: boolean }) {
  return (
      <Card title="项目信息">
        <Descriptions
          bordered
          size="small"
          column={{ xs: 1, md: 2 }}
          styles={{ label: { width: 130, whiteSpace: 'nowrap' } }}
          items={[
            { key: 't', label: '项目名称', children: p.title, span: 'filled' },
            { key: 'c', label: '事项类别', children: p.categoryLabel },
            ...(canReadItem ? [{ key: 'i', label: '来源事项', children: <Link to={`/app/items/${p.itemId}`}>查看可转移职能事项</Link> }] : []),
            { key: 'd', label: '委托单位', children: p.departmentName },
            { key: 's', label: '承接单位', children: p.societyName },
            { key: 'a', label: '协调单位', children: p.associationName },
            { key: 'p', label: '所属方案', children: p.programmeName },
            { key: 'at', label: '确定日期', children: fmtDateCn(p.selectedAt) },
            ...(canReadDeclaration ? [{ key: 'decl', label: '承接学会申报', children: <Link to={`/app/declarations/${p.declarationId}`}>查看申报材料</Link> }] : []),
            { key: 'r', label: '选定理由', children: <MultiLine text={p.selectionReason} />, span: 'filled' },
          ]}
        />
      </Card>
  );
}
