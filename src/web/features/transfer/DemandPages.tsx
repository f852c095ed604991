// FUN-4 需求服务目录: services a department will buy by tender or commission (000 §3(5)). The
// department drafts, publishes, amends (new version, reason) and withdraws; the association reads.
import { ArrowLeftOutlined, CheckCircleOutlined, DeleteOutlined, EditOutlined, PlusOutlined, RollbackOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Col, Descriptions, Form, Input, Modal, Radio, Row, Select, Skeleton, Space, Tabs, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useEffect, useState } from 'react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { api } from '../../shared/api';
import { useCan, useMe } from '../../shared/auth';
import { FormErrorList, QueryError, useErrorReporter } from '../../shared/errors';
import { blankToNull } from '../../shared/formRules';
import { clipped } from '../../shared/cells';
import { fmtDate, fmtDateTime, fmtYuan } from '../../shared/format';
import { MoneyInput, fenToYuanText, moneyRules, moneyToFen } from '../../shared/MoneyInput';
import { ListPage, type FilterField } from '../../shared/ListPage';
import type { FieldError } from '../../../contract/common';
import type { DemandEntry, DemandEntryAction, DemandEntryDetail, DemandEntryListItem } from '../../../contract/transfer';
import { usePageTitle } from '../../shared/usePageTitle';
import { MultiLine, StatusTag, demandServiceKindOptions, demandStatusOptions, purchaseMethodOptions, useTransferProgrammes } from './common';
import { ReasonModal } from './ReasonModal';
import { RevisionTimeline, type RevisionField } from './RevisionTimeline';

export function DemandListPage() {
  usePageTitle('需求服务目录');
  const can = useCan();
  const { data: me } = useMe();
  const [editing, setEditing] = useState(false);
  const navigate = useNavigate();
  const programmes = useTransferProgrammes();
  const isDept = me?.orgType === 'department';
  const filters: FilterField[] = [
    { kind: 'select', name: 'programmeId', label: '所属方案', options: (programmes.data ?? []).map((p) => ({ value: p.id, label: p.name })) },
    { kind: 'select', name: 'status', label: '状态', options: isDept ? demandStatusOptions : demandStatusOptions.filter((o) => o.value !== 'draft') },
  ];
  const columns: TableColumnsType<DemandEntryListItem> = [
    // fits 976 px (1280 inside the frame): the name takes the room left and wraps; the version is on the entry's page
    {
      title: '服务名称',
      dataIndex: 'title',
      fixed: 'left',
      render: (t: string, r) => <Link to={`/app/demand/${r.id}`}>{t}</Link>,
    },
    { title: '服务类别', dataIndex: 'serviceKindLabel', width: 124, ...clipped<DemandEntryListItem>() },
    ...(isDept ? [] : [{ title: '委托部门', dataIndex: 'departmentName', width: 140, ...clipped<DemandEntryListItem>() }]),
    { title: '购买方式', dataIndex: 'purchaseMethodLabel', width: 90, render: (v: string) => <Tag>{v}</Tag> },
    { title: '预算', dataIndex: 'budgetFen', width: 132, align: 'right', render: (v: number | null) => fmtYuan(v, '无') },
    { title: '服务期限', dataIndex: 'period', width: 110, ...clipped<DemandEntryListItem>() },
    { title: '状态', dataIndex: 'status', width: 86, render: (s: string, r) => <StatusTag kind="demand" status={s} label={r.statusLabel} /> },
    { title: '发布日期', dataIndex: 'publishedAt', width: 108, render: (v: string | null) => fmtDate(v) },
  ];
  return (
    <>
      <ListPage<DemandEntryListItem>
        title="需求服务目录"
        endpoint="/demand-entries"
        filters={filters}
        columns={columns}
        rowKey="id"
        emptyText={can('demand.manage') ? '暂无目录条目，请点击“新增服务”' : '暂无已发布的需求服务'}
        extra={
          <Typography.Paragraph type="secondary" style={{ marginTop: 0 }}>
            政府部门定期发布拟通过招投标或委托方式购买的服务（行业调查研究、规划编制、准入和运行分析、投资咨询等），学会可据此了解需求。
          </Typography.Paragraph>
        }
        toolbar={
          can('demand.manage') ? (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing(true)}>
              新增服务
            </Button>
          ) : null
        }
      />
      {editing ? <DemandFormModal onClose={(id) => (setEditing(false), id && navigate(`/app/demand/${id}`))} /> : null}
    </>
  );
}

interface DemandValues {
  programmeId?: string;
  title: string;
  serviceKind?: string;
  purchaseMethod?: string;
  description: string;
  budgetYuan?: string | null;
  period?: string;
  reason?: string;
}

/** New draft (no entry), edit of a draft, or a change of a published entry (reason required). */
function DemandFormModal({ entry, onClose }: { entry?: DemandEntry; onClose: (savedId?: string) => void }) {
  const [form] = Form.useForm<DemandValues>();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const report = useErrorReporter();
  const [errors, setErrors] = useState<FieldError[]>([]);
  const programmes = useTransferProgrammes();
  const open = (programmes.data ?? []).filter((p) => p.status === 'published');
  const amending = !!entry && entry.status !== 'draft';
  useEffect(() => {
    if (!entry && open.length === 1 && !form.getFieldValue('programmeId')) form.setFieldValue('programmeId', open[0].id);
  }, [entry, open, form]);
  const save = useMutation({
    mutationFn: (v: DemandValues) => {
      const body = {
        title: v.title.trim(),
        serviceKind: v.serviceKind,
        purchaseMethod: v.purchaseMethod,
        description: v.description.trim(),
        budgetFen: moneyToFen(v.budgetYuan),
        period: blankToNull(v.period),
      };
      return entry
        ? api<DemandEntryDetail>(`/demand-entries/${entry.id}`, { method: 'PUT', body: { ...body, version: entry.version, reason: amending ? blankToNull(v.reason) : null } })
        : api<DemandEntryDetail>('/demand-entries', { method: 'POST', body: { ...body, programmeId: v.programmeId } });
    },
    onSuccess: (e) => {
      qc.setQueryData(['demand-entries', e.id], e); // the detail, as the page reads it
      void qc.invalidateQueries({ queryKey: ['/demand-entries'] });
      message.success(entry ? (amending ? '变更已保存，已生成新版本' : '已保存') : '已保存为草稿');
      onClose(e.id);
    },
    onError: (e) => setErrors(report(e, { form, action: '保存', mapPath: (p) => (p[0] === 'budgetFen' ? ['budgetYuan'] : p) })),
  });
  return (
    <Modal
      open
      title={entry ? (amending ? `变更：${entry.title}` : `编辑：${entry.title}`) : '新增需求服务'}
      okText={amending ? '保存变更' : '保存草稿'}
      cancelText="取消"
      onCancel={() => onClose()}
      onOk={() => form.submit()}
      confirmLoading={save.isPending}
      destroyOnHidden
      width={680}
    >
      {amending ? <Alert type="info" showIcon style={{ marginBottom: 16 }} title={`变更后将生成第 ${entry.revision + 1} 版，原版本保留可查。`} /> : null}
      <FormErrorList errors={errors} />
      <Form<DemandValues>
        form={form}
        name="demandEntry"
        layout="vertical"
        aria-label="需求服务"
        onFinish={(v) => {
          setErrors([]);
          save.mutate(v);
        }}
        initialValues={
          entry
            ? {
                title: entry.title,
                serviceKind: entry.serviceKind,
                purchaseMethod: entry.purchaseMethod,
                description: entry.description,
                budgetYuan: fenToYuanText(entry.budgetFen),
                period: entry.period ?? '',
              }
            : { title: '', description: '' }
        }
      >
        <Row gutter={16}>
          {!entry ? (
            <Col xs={24}>
              <Form.Item label="所属方案" name="programmeId" rules={[{ required: true, message: '请选择所属方案' }]}>
                <Select placeholder="请选择所属方案" options={open.map((p) => ({ value: p.id, label: p.name }))} loading={programmes.isLoading} />
              </Form.Item>
            </Col>
          ) : null}
          <Col xs={24}>
            <Form.Item label="服务名称" name="title" rules={[{ required: true, whitespace: true, message: '请输入服务名称' }]}>
              <Input maxLength={120} showCount placeholder="如：全省高新技术产业发展调查研究" />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item label="服务类别" name="serviceKind" rules={[{ required: true, message: '请选择服务类别' }]}>
              <Select placeholder="请选择服务类别" options={demandServiceKindOptions} />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item label="购买方式" name="purchaseMethod" rules={[{ required: true, message: '请选择购买方式' }]}>
              <Radio.Group options={purchaseMethodOptions} optionType="button" />
            </Form.Item>
          </Col>
          <Col xs={24}>
            <Form.Item label="服务内容" name="description" rules={[{ required: true, whitespace: true, message: '请输入服务内容' }]}>
              <Input.TextArea rows={4} maxLength={4000} showCount />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item label="预算金额" name="budgetYuan" extra="没有预算可不填" rules={moneyRules({ label: '预算金额' })}>
              <MoneyInput />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item label="服务期限" name="period">
              <Input maxLength={100} placeholder="如：6个月" />
            </Form.Item>
          </Col>
          {amending ? (
            <Col xs={24}>
              <Form.Item label="变更原因" name="reason" rules={[{ required: true, whitespace: true, message: '请输入变更原因' }]}>
                <Input.TextArea rows={2} maxLength={500} showCount />
              </Form.Item>
            </Col>
          ) : null}
        </Row>
      </Form>
    </Modal>
  );
}

const demandFields: RevisionField[] = [
  { key: 'title', label: '服务名称' },
  { key: 'serviceKind', label: '服务类别', show: (v) => demandServiceKindOptions.find((o) => o.value === v)?.label ?? String(v) },
  { key: 'purchaseMethod', label: '购买方式', show: (v) => purchaseMethodOptions.find((o) => o.value === v)?.label ?? String(v) },
  { key: 'description', label: '服务内容' },
  { key: 'budgetFen', label: '预算金额', show: (v) => fmtYuan(v as number | null, '无') },
  { key: 'period', label: '服务期限' },
];

export function DemandDetailPage() {
  const { id = '' } = useParams();
  const [sp, setSp] = useSearchParams();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const { modal, message } = App.useApp();
  const report = useErrorReporter();
  const [dialog, setDialog] = useState<'edit' | 'withdraw' | null>(null);
  const q = useQuery({ queryKey: ['demand-entries', id], queryFn: ({ signal }) => api<DemandEntryDetail>(`/demand-entries/${id}`, { signal }) });
  usePageTitle(q.data?.title ?? '需求服务');
  const e = q.data;
  const after = (text: string) => {
    void qc.invalidateQueries({ queryKey: ['demand-entries', id] });
    void qc.invalidateQueries({ queryKey: ['/demand-entries'] });
    setDialog(null);
    message.success(text);
  };
  const change = useMutation({
    mutationFn: ({ event, reason }: { event: 'publish' | 'withdraw'; reason?: string }) =>
      api<DemandEntryDetail>(`/demand-entries/${id}/${event}`, { method: 'POST', body: { version: e!.version, reason: reason ?? null } }),
    onSuccess: (_r, { event }) => after(event === 'publish' ? '已发布' : '已撤回'),
    onError: (err) => report(err, { action: '操作', onRefresh: () => void q.refetch() }),
  });
  const discard = useMutation({
    mutationFn: () => api<void>(`/demand-entries/${id}`, { method: 'DELETE', query: { version: e!.version } }),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: ['/demand-entries'] });
      message.success('草稿已删除');
      navigate('/app/demand', { replace: true });
    },
    onError: (err) => report(err, { action: '删除', onRefresh: () => void q.refetch() }),
  });
  if (q.isLoading) return <Card><Skeleton active paragraph={{ rows: 8 }} /></Card>;
  if (q.isError || !q.data || !e) return <Card><QueryError error={q.error} onRetry={() => q.refetch()} /></Card>;
  const has = (a: DemandEntryAction) => q.data.actions.includes(a);
  const tab = sp.get('tab') ?? 'content';
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Card>
        <Space orientation="vertical" size={8} style={{ width: '100%' }}>
          <Space wrap align="center">
            <Link to="/app/demand" aria-label="返回需求服务目录">
              <ArrowLeftOutlined />
            </Link>
            <Typography.Title level={3} style={{ margin: 0 }}>
              {e.title}
            </Typography.Title>
            <StatusTag kind="demand" status={e.status} label={e.statusLabel} />
            {e.revision ? <Tag>第 {e.revision} 版</Tag> : null}
          </Space>
          <Typography.Text type="secondary">
            {e.departmentName} · {e.serviceKindLabel} · {e.purchaseMethodLabel}
            {e.publishedAt ? ` · ${fmtDate(e.publishedAt)} 发布` : ' · 尚未发布'}
          </Typography.Text>
          {e.status === 'withdrawn' ? <Alert type="warning" showIcon title={`已于 ${fmtDate(e.withdrawnAt)} 撤回`} description={e.withdrawReason ? `撤回原因：${e.withdrawReason}` : undefined} /> : null}
          <Space wrap>
            {has('publish') ? (
              <Button
                type="primary"
                icon={<CheckCircleOutlined />}
                onClick={() =>
                  modal.confirm({
                    title: '发布该需求服务？',
                    content: '发布后学会和科协可以看到该服务需求；之后的修改须填写变更原因并保留版本记录。',
                    okText: '发布',
                    cancelText: '取消',
                    onOk: () => change.mutateAsync({ event: 'publish' }).catch(() => undefined),
                  })
                }
              >
                发布
              </Button>
            ) : null}
            {has('edit') || has('amend') ? (
              <Button icon={<EditOutlined />} onClick={() => setDialog('edit')}>
                {has('edit') ? '编辑' : '变更'}
              </Button>
            ) : null}
            {has('withdraw') ? (
              <Button danger icon={<RollbackOutlined />} onClick={() => setDialog('withdraw')}>
                撤回
              </Button>
            ) : null}
            {has('discard') ? (
              <Button
                danger
                icon={<DeleteOutlined />}
                loading={discard.isPending}
                onClick={() =>
                  modal.confirm({
                    title: '删除草稿？',
                    content: `草稿“${e.title}”将被删除，不能恢复。`,
                    okText: '删除',
                    okButtonProps: { danger: true },
                    cancelText: '取消',
                    onOk: () => discard.mutateAsync().catch(() => undefined),
                  })
                }
              >
                删除草稿
              </Button>
            ) : null}
          </Space>
        </Space>
      </Card>
      <Card styles={{ body: { paddingTop: 8 } }}>
        <Tabs
          activeKey={tab}
          onChange={(t) => setSp(t === 'content' ? {} : { tab: t }, { replace: true })}
          items={[
            {
              key: 'content',
              label: '服务内容',
              children: (
                <Descriptions
                  bordered
                  size="small"
                  column={{ xs: 1, sm: 1, md: 2 }}
                  styles={{ label: { width: 120, whiteSpace: 'nowrap' } }}
                  items={[
                    { key: 't', label: '服务名称', children: e.title, span: 'filled' },
                    { key: 'k', label: '服务类别', children: e.serviceKindLabel },
                    { key: 'm', label: '购买方式', children: e.purchaseMethodLabel },
                    { key: 'd', label: '服务内容', children: <MultiLine text={e.description} />, span: 'filled' },
                    { key: 'b', label: '预算金额', children: fmtYuan(e.budgetFen, '无') },
                    { key: 'p', label: '服务期限', children: e.period || '—' },
                    { key: 'dept', label: '委托部门', children: e.departmentName },
                    { key: 'a', label: '所属科协', children: e.associationName },
                    { key: 'prog', label: '所属方案', children: e.programmeName, span: 'filled' },
                    { key: 'u', label: '最后修改', children: fmtDateTime(e.updatedAt) },
                  ]}
                />
              ),
            },
            { key: 'revisions', label: `版本记录（${q.data.revisions.length}）`, children: <RevisionTimeline revisions={q.data.revisions} fields={demandFields} /> },
          ]}
        />
      </Card>
      {dialog === 'edit' ? <DemandFormModal entry={e} onClose={() => setDialog(null)} /> : null}
      {dialog === 'withdraw' ? (
        <ReasonModal
          title="撤回该需求服务？"
          warning={`撤回后“${e.title}”不再作为有效需求展示，记录和版本仍保留。此操作不可撤销。`}
          label="撤回原因"
          okText="撤回"
          loading={change.isPending}
          onCancel={() => setDialog(null)}
          onOk={(reason) => change.mutate({ event: 'withdraw', reason })}
        />
      ) : null}
    </Space>
  );
}
