// FUN-1, FUN-3, SEL-1…SEL-7: one transferable item — header with its state and the actions the
// server allows now, where it stands in the flow, and tabs for content, versions, declarations,
// countersign and the result.
import {
  ArrowLeftOutlined,
  CheckCircleOutlined,
  DeleteOutlined,
  EditOutlined,
  FormOutlined,
  RollbackOutlined,
  SendOutlined,
  ShareAltOutlined,
  TrophyOutlined,
} from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Descriptions, Empty, Grid, Result, Skeleton, Space, Steps, Table, Tabs, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useState } from 'react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { api } from '../../shared/api';
import { useCan, useMe } from '../../shared/auth';
import { useDict } from '../../shared/dictionaries';
import { QueryError, useErrorReporter } from '../../shared/errors';
import { fmtDate, fmtDateTime, fmtYuan } from '../../shared/format';
import type { DeclarationSummary, PilotProject } from '../../../contract/selection';
import type { TransferItem, TransferItemAction, TransferItemDetail as ItemDetail } from '../../../contract/transfer';
import { usePageTitle } from '../../shared/usePageTitle';
import { QualificationTag } from '../selection/QualificationCheck';
import { SelectSocietyModal } from '../selection/SelectSocietyModal';
import { RelayModal, SendCountersignModal } from './BatchModals';
import { DeadlineText, MultiLine, StatusTag } from './common';
import { ReasonModal } from './ReasonModal';
import { RevisionTimeline, type RevisionField } from './RevisionTimeline';

const flow = ['起草', '发布', '转发学会申报', '会签', '审批', '择优确定', '确定承接学会'];
const flowIndex: Record<string, number> = { draft: 0, published: 1, relayed: 2, countersigning: 3, approving: 4, selecting: 5, assigned: 7 };

export function ItemDetailPage() {
  const { id = '' } = useParams();
  const [sp, setSp] = useSearchParams();
  const q = useQuery({ queryKey: ['items', id], queryFn: ({ signal }) => api<ItemDetail>(`/items/${id}`, { signal }) });
  usePageTitle(q.data?.title ?? '事项详情');
  if (q.isLoading) return <Card><Skeleton active paragraph={{ rows: 10 }} /></Card>;
  if (q.isError || !q.data) return <Card><QueryError error={q.error} onRetry={() => q.refetch()} /></Card>;
  const d = q.data;
  const tab = sp.get('tab') ?? 'content';
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <ItemHeader d={d} onRefresh={() => void q.refetch()} />
      <Card styles={{ body: { paddingTop: 8 } }}>
        <Tabs
          activeKey={tab}
          onChange={(t) => setSp(t === 'content' ? {} : { tab: t }, { replace: true })}
          items={[
            { key: 'content', label: '事项内容', children: <ContentTab item={d} /> },
            { key: 'revisions', label: `版本记录（${d.revisions.length}）`, children: <ItemRevisions d={d} /> },
            { key: 'declarations', label: `申报情况（${d.declarations.length}）`, children: <DeclarationsTab d={d} /> },
            { key: 'countersigns', label: '会签与审批', children: <CountersignsTab d={d} /> },
            { key: 'result', label: '承接结果', children: <ResultTab d={d} /> },
          ]}
        />
      </Card>
    </Space>
  );
}

function ItemHeader({ d, onRefresh }: { d: ItemDetail; onRefresh: () => void }) {
  const item = d;
  const navigate = useNavigate();
  const qc = useQueryClient();
  const { modal, message } = App.useApp();
  const report = useErrorReporter();
  const screens = Grid.useBreakpoint();
  const [dialog, setDialog] = useState<'withdraw' | 'select' | 'relay' | 'countersign' | null>(null);
  const has = (a: TransferItemAction) => d.actions.includes(a);

  const refreshAll = () => {
    void qc.invalidateQueries({ queryKey: ['items', item.id] });
    void qc.invalidateQueries({ queryKey: ['/items'] });
    void qc.invalidateQueries({ queryKey: ['todos/counts'] });
  };
  const change = useMutation({
    mutationFn: ({ event, reason }: { event: 'publish' | 'withdraw'; reason?: string }) =>
      api<ItemDetail>(`/items/${item.id}/${event}`, { method: 'POST', body: { version: item.version, reason: reason ?? null } }),
    onSuccess: (_r, { event }) => {
      refreshAll();
      setDialog(null);
      message.success(event === 'publish' ? '事项已发布，已在门户公开并通知科协转发' : '事项已撤回');
    },
    onError: (e) => report(e, { action: '操作', onRefresh }),
  });
  const discard = useMutation({
    mutationFn: () => api<void>(`/items/${item.id}`, { method: 'DELETE', query: { version: item.version } }),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: ['/items'] });
      message.success('草稿已删除');
      navigate('/app/items', { replace: true });
    },
    onError: (e) => report(e, { action: '删除', onRefresh }),
  });

  const confirmPublish = () =>
    modal.confirm({
      title: '发布事项？',
      icon: <CheckCircleOutlined style={{ color: '#1456c8' }} />,
      content: `发布后“${item.title}”将在门户网站公开，并进入${item.associationName}的待办，由科协转发所属学会申报。发布后修改须走“变更”，每次变更都保留版本记录。`,
      okText: '发布',
      cancelText: '取消',
      onOk: () => change.mutateAsync({ event: 'publish' }).catch(() => undefined),
    });
  const confirmDiscard = () =>
    modal.confirm({
      title: '删除草稿？',
      content: `草稿“${item.title}”将被删除，不能恢复。`,
      okText: '删除',
      okButtonProps: { danger: true },
      cancelText: '取消',
      onOk: () => discard.mutateAsync().catch(() => undefined),
    });

  const buttons = [
    has('declare') ? (
      <Button key="declare" type="primary" icon={<FormOutlined />} onClick={() => navigate(`/app/declare/${item.id}`)}>
        申报
      </Button>
    ) : null,
    has('select') ? (
      <Button key="select" type="primary" icon={<TrophyOutlined />} onClick={() => setDialog('select')}>
        择优确定
      </Button>
    ) : null,
    has('publish') ? (
      <Button key="publish" type="primary" icon={<CheckCircleOutlined />} onClick={confirmPublish} loading={change.isPending && change.variables?.event === 'publish'}>
        发布
      </Button>
    ) : null,
    has('relay') ? (
      <Button key="relay" type="primary" icon={<ShareAltOutlined />} onClick={() => setDialog('relay')}>
        转发学会
      </Button>
    ) : null,
    has('sendCountersign') ? (
      <Button key="cs" icon={<SendOutlined />} onClick={() => setDialog('countersign')}>
        报送会签
      </Button>
    ) : null,
    has('edit') ? (
      <Button key="edit" icon={<EditOutlined />} onClick={() => navigate(`/app/items/${item.id}/edit`)}>
        编辑
      </Button>
    ) : null,
    has('amend') ? (
      <Button key="amend" icon={<EditOutlined />} onClick={() => navigate(`/app/items/${item.id}/edit`)}>
        变更
      </Button>
    ) : null,
    has('withdraw') ? (
      <Button key="withdraw" danger icon={<RollbackOutlined />} onClick={() => setDialog('withdraw')}>
        撤回
      </Button>
    ) : null,
    has('discard') ? (
      <Button key="discard" danger icon={<DeleteOutlined />} onClick={confirmDiscard} loading={discard.isPending}>
        删除草稿
      </Button>
    ) : null,
  ].filter(Boolean);

  const idx = flowIndex[item.status];
  return (
    <Card>
      <Space orientation="vertical" size={8} style={{ width: '100%' }}>
        <Space wrap align="center">
          <Link to="/app/items" aria-label="返回事项列表">
            <ArrowLeftOutlined />
          </Link>
          <Typography.Title level={3} style={{ margin: 0 }}>
            {item.title}
          </Typography.Title>
          <StatusTag kind="item" status={item.status} label={item.statusLabel} />
          {item.revision ? <Tag>第 {item.revision} 版</Tag> : null}
        </Space>
        <Typography.Text type="secondary">
          {item.departmentName} · {item.categoryLabel} · {item.commissioningModeLabel}
          {item.publishedAt ? ` · ${fmtDate(item.publishedAt)} 发布` : ' · 尚未发布'}
        </Typography.Text>
        {item.status === 'relayed' ? <DeadlineText deadline={item.declarationDeadline} /> : null}
        {item.status === 'withdrawn' ? (
          <Alert type="warning" showIcon title={`该事项已于 ${fmtDate(item.withdrawnAt)} 撤回`} description={item.withdrawReason ? `撤回原因：${item.withdrawReason}` : undefined} />
        ) : null}
        {buttons.length ? <Space wrap>{buttons}</Space> : null}
        {idx !== undefined ? (
          <div style={{ marginTop: 8 }} aria-label="办理进度">
            <Steps
              size="small"
              orientation={screens.lg ? 'horizontal' : 'vertical'}
              current={Math.min(idx, flow.length - 1)}
              status={idx >= flow.length ? 'finish' : 'process'}
              items={flow.map((t, i) => ({ title: t, status: i < idx ? 'finish' : i === idx ? 'process' : 'wait' }))}
            />
          </div>
        ) : null}
      </Space>
      {dialog === 'withdraw' ? (
        <ReasonModal
          title="撤回事项？"
          warning={`撤回后“${item.title}”不再接受申报，已申报的学会将收到关闭通知及撤回原因。此操作不可撤销。`}
          label="撤回原因"
          okText="撤回"
          loading={change.isPending}
          onCancel={() => setDialog(null)}
          onOk={(reason) => change.mutate({ event: 'withdraw', reason })}
        />
      ) : null}
      {dialog === 'select' ? <SelectSocietyModal item={item} declarations={d.declarations} onClose={() => setDialog(null)} /> : null}
      {dialog === 'relay' ? <RelayModal programmeId={item.programmeId} items={[item]} onClose={(done) => (setDialog(null), done && refreshAll())} /> : null}
      {dialog === 'countersign' ? <SendCountersignModal programmeId={item.programmeId} items={[item]} onClose={(done) => (setDialog(null), done && refreshAll())} /> : null}
    </Card>
  );
}

function ContentTab({ item }: { item: TransferItem }) {
  return (
    <Descriptions
      bordered
      size="small"
      column={{ xs: 1, sm: 1, md: 2 }}
      styles={{ label: { width: 130, whiteSpace: 'nowrap' } }}
      items={[
        { key: 'title', label: '事项名称', children: item.title, span: 'filled' },
        { key: 'cat', label: '事项类别', children: item.categoryLabel },
        { key: 'mode', label: '委托方式', children: item.commissioningModeLabel },
        { key: 'desc', label: '事项内容', children: <MultiLine text={item.description} />, span: 'filled' },
        { key: 'basis', label: '设定依据', children: <MultiLine text={item.legalBasis} />, span: 'filled' },
        { key: 'budget', label: '预算金额', children: fmtYuan(item.budgetFen, '无') },
        { key: 'period', label: '预计实施期限', children: item.expectedPeriod || '—' },
        { key: 'qual', label: '承接资质要求', children: <MultiLine text={item.requiredQualifications} />, span: 'filled' },
        { key: 'dept', label: '委托部门', children: item.departmentName },
        { key: 'assoc', label: '所属科协', children: item.associationName },
        { key: 'prog', label: '所属方案', children: <Link to={`/app/programmes/${item.programmeId}`}>{item.programmeName}</Link>, span: 'filled' },
        { key: 'pub', label: '发布时间', children: fmtDateTime(item.publishedAt) },
        { key: 'upd', label: '最后修改', children: fmtDateTime(item.updatedAt) },
      ]}
    />
  );
}

function ItemRevisions({ d }: { d: ItemDetail }) {
  const { label } = useDict();
  const fields: RevisionField[] = [
    { key: 'title', label: '事项名称' },
    { key: 'categoryCode', label: '事项类别', show: (v, s) => String(s.categoryLabel ?? v ?? '（空）') },
    { key: 'commissioningMode', label: '委托方式', show: (v) => label('commissioningModes', v as string) },
    { key: 'description', label: '事项内容' },
    { key: 'legalBasis', label: '设定依据' },
    { key: 'budgetFen', label: '预算金额', show: (v) => fmtYuan(v as number | null, '无') },
    { key: 'expectedPeriod', label: '预计实施期限' },
    { key: 'requiredQualifications', label: '承接资质要求' },
  ];
  return <RevisionTimeline revisions={d.revisions} fields={fields} />;
}

// the department and the review offices see only the societies the association recommended
function emptyDeclarations(d: ItemDetail, orgType: string | undefined): string {
  if (orgType === 'society') return '本学会尚未申报该事项';
  if (['draft', 'published'].includes(d.status)) return '事项尚未转发学会，暂无申报';
  return orgType === 'department' || orgType === 'review_office' ? '科协尚未推荐承接学会' : '暂无申报';
}

function DeclarationsTab({ d }: { d: ItemDetail }) {
  const { data: me } = useMe();
  const can = useCan();
  const columns: TableColumnsType<DeclarationSummary> = [
    {
      title: '申报学会',
      dataIndex: 'societyName',
      width: 200,
      render: (n: string, r) => (can('declaration.read') ? <Link to={`/app/declarations/${r.id}`}>{n}</Link> : n),
    },
    { title: '状态', dataIndex: 'status', width: 100, render: (s: string, r) => <StatusTag kind="declaration" status={s} label={r.statusLabel} /> },
    { title: '资格核对', dataIndex: 'isQualified', width: 130, render: (_: boolean, r) => <QualificationTag isQualified={r.isQualified} failed={r.failedConditions} /> },
    {
      title: '科协意见 / 关闭原因',
      dataIndex: 'reviewOpinion',
      render: (v: string | null, r) => (
        <Space orientation="vertical" size={2}>
          {v ? <span>{v}</span> : <Typography.Text type="secondary">—</Typography.Text>}
          {r.closedReason ? <Typography.Text type="secondary">关闭原因：{r.closedReason}</Typography.Text> : null}
        </Space>
      ),
    },
    { title: '申报时间', dataIndex: 'submittedAt', width: 150, render: (v: string) => fmtDateTime(v) },
  ];
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      {d.status === 'relayed' ? <DeadlineText deadline={d.declarationDeadline} /> : null}
      {d.actions.includes('declare') ? (
        <Alert type="info" showIcon title="本学会尚未申报该事项" action={<Link to={`/app/declare/${d.id}`}>去申报</Link>} />
      ) : null}
      <Table<DeclarationSummary>
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={d.declarations}
        pagination={false}
        scroll={{ x: 820 }}
        locale={{ emptyText: <Empty description={emptyDeclarations(d, me?.orgType)} /> }}
      />
      {d.qualificationConditions.length ? (
        <div>
          <Typography.Title level={5}>本方案的承接资格条件</Typography.Title>
          <ol style={{ paddingInlineStart: 20, margin: 0 }}>
            {d.qualificationConditions.map((c, i) => (
              <li key={i}>
                {c.label}
                {c.rule === 'manual' ? <Typography.Text type="secondary">（科协人工审核）</Typography.Text> : null}
              </li>
            ))}
          </ol>
        </div>
      ) : null}
    </Space>
  );
}

function CountersignsTab({ d }: { d: ItemDetail }) {
  if (!d.countersigns.length) {
    const waiting = ['draft', 'published', 'relayed', 'withdrawn'].includes(d.status);
    return <Empty description={waiting ? '尚未报送会签' : '暂无可查看的会签记录'} />;
  }
  return (
    <Table<ItemDetail['countersigns'][number]>
      rowKey="id"
      size="middle"
      pagination={false}
      dataSource={d.countersigns}
      scroll={{ x: 600 }}
      columns={[
        { title: '会签单', dataIndex: 'title', render: (t: string, r) => <Link to={`/app/countersigns/${r.id}`}>{t}</Link> },
        { title: '状态', dataIndex: 'status', width: 110, render: (s: string, r) => <StatusTag kind="countersign" status={s} label={r.statusLabel} /> },
        { title: '报送时间', dataIndex: 'sentAt', width: 160, render: (v: string) => fmtDateTime(v) },
      ]}
    />
  );
}

function ResultTab({ d }: { d: ItemDetail }) {
  const can = useCan();
  const project = useQuery({
    queryKey: ['projects', d.project?.id],
    queryFn: ({ signal }) => api<PilotProject>(`/projects/${d.project!.id}`, { signal }),
    enabled: !!d.project && can('project.read'),
  });
  if (!d.project) {
    return (
      <Empty
        description={
          d.status === 'selecting'
            ? '省级审批已同意，等待委托部门在推荐学会中择优确定承接学会'
            : d.status === 'withdrawn'
              ? '事项已撤回'
              : '尚未确定承接学会'
        }
      />
    );
  }
  return (
    <Result
      status="success"
      title={`已确定由 ${d.project.societyName} 承接`}
      subTitle={`${fmtDate(d.project.selectedAt)} 由${d.departmentName}择优确定`}
      extra={
        can('project.read') ? (
          <Link to={`/app/projects/${d.project.id}`}>
            <Button type="primary">查看试点项目</Button>
          </Link>
        ) : null
      }
    >
      <Descriptions
        size="small"
        column={1}
        items={[
          { key: 'r', label: '选定理由', children: <MultiLine text={d.project.selectionReason} /> },
          { key: 's', label: '项目状态', children: project.data?.statusLabel ?? '—' },
        ]}
      />
    </Result>
  );
}
