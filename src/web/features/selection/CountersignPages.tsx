// SEL-5, SEL-6 会签与审批: the list of items with their recommended societies goes to the review
// offices the programme names; each office's opinion shows as a timeline; any office may return
// it with a reason; when all agree, the association records the approval of the programme's level.
import { ArrowLeftOutlined, CheckOutlined, RollbackOutlined, SafetyCertificateOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Col, Descriptions, Empty, Form, Input, Radio, Row, Skeleton, Space, Steps, Table, Tag, Timeline, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { api } from '../../shared/api';
import { useMe } from '../../shared/auth';
import { FormErrorList, QueryError, useErrorReporter } from '../../shared/errors';
import { dayjs, fmtDate, fmtDateCn, fmtDateTime, todayCst } from '../../shared/format';
import { DayPicker, dayRule } from '../../shared/DayPicker';
import { clipped } from '../../shared/cells';
import { ListPage, type FilterField } from '../../shared/ListPage';
import type { FieldError } from '../../../contract/common';
import type { Countersign, CountersignAction, CountersignListItem } from '../../../contract/selection';
import { usePageTitle } from '../../shared/usePageTitle';
import { MultiLine, StatusTag, countersignStatusOptions, useTransferProgrammes } from '../transfer/common';

export function CountersignsPage() {
  usePageTitle('会签审批');
  const { data: me } = useMe();
  const programmes = useTransferProgrammes();
  const filters: FilterField[] = [
    { kind: 'select', name: 'status', label: '状态', options: countersignStatusOptions },
    { kind: 'select', name: 'programmeId', label: '所属方案', options: (programmes.data ?? []).map((p) => ({ value: p.id, label: p.name })) },
  ];
  const columns: TableColumnsType<CountersignListItem> = [
    // fits 976 px (1280 inside the frame): the title takes the room left and wraps; the approval level is on the countersign's page
    { title: '会签单', dataIndex: 'title', fixed: 'left', render: (t: string, r) => <Link to={`/app/countersigns/${r.id}`}>{t}</Link> },
    { title: '事项数', dataIndex: 'itemCount', width: 76, align: 'right', render: (n: number) => `${n} 项` },
    { title: '报送科协', dataIndex: 'associationName', width: 150, ...clipped<CountersignListItem>() },
    { title: '状态', dataIndex: 'status', width: 96, render: (s: string, r) => <StatusTag kind="countersign" status={s} label={r.statusLabel} /> },
    { title: '报送时间', dataIndex: 'sentAt', width: 148, render: (v: string) => fmtDateTime(v) },
    { title: '会签期限', dataIndex: 'dueAt', width: 108, render: (v: string | null) => fmtDate(v) },
    { title: '批准文号', dataIndex: 'approvalDocument', width: 160, ...clipped<CountersignListItem>() },
  ];
  return (
    <ListPage<CountersignListItem>
      title="会签审批"
      endpoint="/countersigns"
      filters={filters}
      columns={columns}
      rowKey="id"
      emptyText={me?.orgType === 'review_office' ? '暂无送本部门会签的清单' : '暂无会签单。科协在“可转移职能事项”中勾选已推荐的事项后可报送会签'}
    />
  );
}

const flow = ['报送会签', '审核部门会签', '报批', '已批准'];
const flowIndex: Record<string, number> = { countersigning: 1, returned: 1, approving: 2, approved: 4 };

export function CountersignDetailPage() {
  const { id = '' } = useParams();
  const q = useQuery({ queryKey: ['countersigns', id], queryFn: ({ signal }) => api<Countersign>(`/countersigns/${id}`, { signal }) });
  usePageTitle(q.data?.title ?? '会签单');
  if (q.isLoading) return <Card><Skeleton active paragraph={{ rows: 10 }} /></Card>;
  if (q.isError || !q.data) return <Card><QueryError error={q.error} onRetry={() => q.refetch()} /></Card>;
  const c = q.data;
  const actions = c.actions;
  const idx = flowIndex[c.status] ?? 0;
  const agreed = c.opinions.filter((o) => o.decision === 'agree').length;
  const panel =
    actions.includes('agree') || actions.includes('return') ? <OpinionPanel c={c} actions={actions} /> : actions.includes('approve') ? <ApprovePanel c={c} /> : null;
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Card>
        <Space orientation="vertical" size={8} style={{ width: '100%' }}>
          <Space wrap align="center">
            <Link to="/app/countersigns" aria-label="返回会签列表">
              <ArrowLeftOutlined />
            </Link>
            <Typography.Title level={3} style={{ margin: 0 }}>
              {c.title}
            </Typography.Title>
            <StatusTag kind="countersign" status={c.status} label={c.statusLabel} />
          </Space>
          <Typography.Text type="secondary">
            {c.associationName} · {fmtDateTime(c.sentAt)} 报送 · 会签期限 {fmtDate(c.dueAt)} · 审批层级：{c.approvalLevelLabel}
          </Typography.Text>
          {c.opinions.length ? (
            <Typography.Text>
              会签进度：{agreed} / {c.opinions.length} 个审核部门同意
            </Typography.Text>
          ) : null}
          <Steps
            size="small"
            style={{ marginTop: 8 }}
            current={Math.min(idx, flow.length - 1)}
            status={c.status === 'returned' ? 'error' : idx >= flow.length ? 'finish' : 'process'}
            items={flow.map((t, i) => ({ title: t, status: c.status === 'returned' && i === 1 ? 'error' : i < idx ? 'finish' : i === idx ? 'process' : 'wait' }))}
            responsive
          />
        </Space>
      </Card>
      {c.status === 'returned' ? (
        <Alert
          type="error"
          showIcon
          title="会签被退回"
          description="清单中的事项已回到“已转发学会”状态。科协可根据退回意见对申报重新审核（在申报详情中选择“重新审核”），调整推荐后从事项列表重新报送会签。"
        />
      ) : null}
      {/* the items table takes the full width (its recommendation column is the substance); opinions and the panels below */}
      <Card title={`事项及推荐学会（${c.items.length} 项）`}>
        <ItemsTable c={c} />
        {c.note ? (
          <Typography.Paragraph style={{ marginTop: 12, marginBottom: 0 }}>
            <Typography.Text type="secondary">报送说明：</Typography.Text>
            {c.note}
          </Typography.Paragraph>
        ) : null}
      </Card>
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={panel || c.status === 'approved' ? 14 : 24}>
          <Card title="会签意见">
            <OpinionTimeline c={c} />
          </Card>
        </Col>
        {panel ? (
          <Col xs={24} xl={10}>
            {panel}
          </Col>
        ) : c.status === 'approved' ? (
          <Col xs={24} xl={10}>
            <Card title="审批结果">
              <Descriptions
                bordered
                size="small"
                column={1}
                styles={{ label: { width: 120 } }}
                items={[
                  { key: 'l', label: '审批层级', children: c.approvalLevelLabel },
                  { key: 'd', label: '批准文号', children: c.approvalDocument ?? '—' },
                  { key: 'o', label: '批准日期', children: fmtDateCn(c.approvedOn) },
                  { key: 'n', label: '说明', children: <MultiLine text={c.approvalNote} /> },
                ]}
              />
            </Card>
          </Col>
        ) : null}
      </Row>
    </Space>
  );
}

function ItemsTable({ c }: { c: Countersign }) {
  const columns: TableColumnsType<Countersign['items'][number]> = [
    {
      title: '事项',
      dataIndex: 'title',
      width: 240,
      render: (t: string, r) => (
        <Space orientation="vertical" size={0}>
          <Link to={`/app/items/${r.itemId}`}>{t}</Link>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {r.categoryLabel} · 第 {r.itemRevision} 版
          </Typography.Text>
        </Space>
      ),
    },
    { title: '委托部门', dataIndex: 'departmentName', width: 150 },
    {
      title: '推荐学会及推荐意见',
      dataIndex: 'recommended',
      render: (list: Countersign['items'][number]['recommended']) => (
        <Space orientation="vertical" size={4}>
          {list.map((s) => (
            <div key={s.declarationId}>
              <Link to={`/app/declarations/${s.declarationId}`}>{s.societyName}</Link>
              {s.reviewOpinion ? (
                <Typography.Text type="secondary" style={{ fontSize: 12, display: 'block' }}>
                  {s.reviewOpinion}
                </Typography.Text>
              ) : null}
            </div>
          ))}
        </Space>
      ),
    },
    { title: '事项状态', dataIndex: 'status', width: 120, render: (s: string) => <StatusTag kind="item" status={s} /> },
  ];
  return <Table rowKey="itemId" size="small" columns={columns} dataSource={c.items} pagination={false} scroll={{ x: 720 }} locale={{ emptyText: <Empty description="暂无事项" /> }} />;
}

/** 审批历史: each office — who, unit, opinion, time — and the approval. */
function OpinionTimeline({ c }: { c: Countersign }) {
  if (!c.opinions.length) return <Empty description="方案未规定会签部门，直接报批" />;
  const done = c.opinions.filter((o) => o.decision !== 'pending').sort((a, b) => (a.decidedAt ?? '').localeCompare(b.decidedAt ?? ''));
  const pending = c.opinions.filter((o) => o.decision === 'pending');
  const items = [
    {
      color: 'blue',
      content: (
        <>
          <Typography.Text strong>{c.associationName} 报送会签</Typography.Text>
          <div>
            <Typography.Text type="secondary">{fmtDateTime(c.sentAt)}</Typography.Text>
          </div>
        </>
      ),
    },
    ...done.map((o) => ({
      color: o.decision === 'agree' ? 'green' : 'red',
      content: (
        <>
          <Space wrap size={6}>
            <Typography.Text strong>{o.officeName}</Typography.Text>
            <Tag>{o.officeKindLabel}</Tag>
            <StatusTag kind="opinion" status={o.decision} label={o.decisionLabel} />
          </Space>
          {o.opinion ? (
            <div>
              <MultiLine text={o.opinion} />
            </div>
          ) : null}
          <Typography.Text type="secondary">
            {o.decidedByName ?? '—'} · {fmtDateTime(o.decidedAt)}
          </Typography.Text>
        </>
      ),
    })),
    ...pending.map((o) => ({
      color: 'gray',
      content: (
        <Space wrap size={6}>
          <Typography.Text>{o.officeName}</Typography.Text>
          <Tag>{o.officeKindLabel}</Tag>
          <StatusTag kind="opinion" status="pending" label={c.status === 'countersigning' ? '待会签' : '未会签'} />
        </Space>
      ),
    })),
    ...(c.status === 'approved'
      ? [
          {
            color: 'green',
            content: (
              <>
                <Typography.Text strong>{c.approvalLevelLabel}批准</Typography.Text>
                <div>
                  {c.approvalDocument} · {fmtDateCn(c.approvedOn)}
                </div>
              </>
            ),
          },
        ]
      : c.status === 'approving'
        ? [{ color: 'gray', content: <Typography.Text type="secondary">会签通过，待{c.approvalLevelLabel}审批</Typography.Text> }]
        : []),
  ];
  return <Timeline items={items} />;
}

function OpinionPanel({ c, actions }: { c: Countersign; actions: CountersignAction[] }) {
  const [form] = Form.useForm<{ decision: 'agree' | 'return'; opinion?: string }>();
  const qc = useQueryClient();
  const { modal, message } = App.useApp();
  const report = useErrorReporter();
  const [errors, setErrors] = useState<FieldError[]>([]);
  const decision = Form.useWatch('decision', form);
  const give = useMutation({
    mutationFn: (v: { decision: 'agree' | 'return'; opinion?: string }) =>
      api<Countersign>(`/countersigns/${c.id}/opinion`, { method: 'POST', body: { version: c.version, decision: v.decision, opinion: v.opinion?.trim() || null } }),
    onSuccess: (r, v) => {
      qc.setQueryData(['countersigns', c.id], r);
      void qc.invalidateQueries({ queryKey: ['/countersigns'] });
      void qc.invalidateQueries({ queryKey: ['todos/counts'] });
      message.success(v.decision === 'agree' ? '已提交同意意见' : '已退回，科协将收到退回意见');
    },
    onError: (e) => setErrors(report(e, { form, action: '提交会签意见', onRefresh: () => void qc.invalidateQueries({ queryKey: ['countersigns', c.id] }) })),
  });
  const submit = (v: { decision: 'agree' | 'return'; opinion?: string }) =>
    modal.confirm({
      title: v.decision === 'agree' ? '同意该会签单？' : '退回该会签单？',
      content:
        v.decision === 'agree'
          ? '同意后不能修改。全部审核部门同意后，清单将报批。'
          : '退回后清单中的事项回到科协，其他审核部门不再需要会签。退回理由将告知科协。',
      okText: v.decision === 'agree' ? '同意' : '退回',
      okButtonProps: v.decision === 'return' ? { danger: true } : undefined,
      cancelText: '取消',
      onOk: () => give.mutateAsync(v).catch(() => undefined),
    });
  return (
    <Card title="本部门会签意见">
      <Typography.Paragraph type="secondary">请审核清单中事项及推荐学会的合法性和可操作性。</Typography.Paragraph>
      <FormErrorList errors={errors} />
      <Form form={form} name="countersignOpinion" layout="vertical" onFinish={submit} aria-label="会签意见">
        <Form.Item label="会签结论" name="decision" rules={[{ required: true, message: '请选择会签结论' }]}>
          <Radio.Group
            optionType="button"
            buttonStyle="solid"
            options={[
              ...(actions.includes('agree') ? [{ value: 'agree', label: <><CheckOutlined /> 同意</> }] : []),
              ...(actions.includes('return') ? [{ value: 'return', label: <><RollbackOutlined /> 退回</> }] : []),
            ]}
          />
        </Form.Item>
        <Form.Item
          label={decision === 'return' ? '退回理由' : '会签意见'}
          name="opinion"
          rules={decision === 'return' ? [{ required: true, whitespace: true, message: '请输入退回理由' }] : []}
          extra={decision === 'return' ? '退回须写明理由' : '同意时可不填'}
        >
          <Input.TextArea rows={4} maxLength={2000} showCount placeholder={decision === 'return' ? '请写明不符合合法性或可操作性的具体问题' : '如：经审核，事项及推荐学会符合有关规定，具备可操作性，同意。'} />
        </Form.Item>
        <Button type="primary" htmlType="submit" danger={decision === 'return'} loading={give.isPending} block>
          提交会签意见
        </Button>
      </Form>
    </Card>
  );
}

function ApprovePanel({ c }: { c: Countersign }) {
  const [form] = Form.useForm<{ approvalDocument: string; approvedOn: dayjs.Dayjs; note?: string }>();
  const qc = useQueryClient();
  const { modal, message } = App.useApp();
  const report = useErrorReporter();
  const [errors, setErrors] = useState<FieldError[]>([]);
  const approve = useMutation({
    mutationFn: (v: { approvalDocument: string; approvedOn: dayjs.Dayjs; note?: string }) =>
      api<Countersign>(`/countersigns/${c.id}/approve`, {
        method: 'POST',
        body: { version: c.version, approvalDocument: v.approvalDocument.trim(), approvedOn: v.approvedOn.format('YYYY-MM-DD'), note: v.note?.trim() || null },
      }),
    onSuccess: (r) => {
      qc.setQueryData(['countersigns', c.id], r);
      void qc.invalidateQueries({ queryKey: ['/countersigns'] });
      void qc.invalidateQueries({ queryKey: ['/items'] });
      void qc.invalidateQueries({ queryKey: ['todos/counts'] });
      message.success('审批结果已登记，委托部门将择优确定承接学会');
    },
    onError: (e) => setErrors(report(e, { form, action: '登记审批结果', onRefresh: () => void qc.invalidateQueries({ queryKey: ['countersigns', c.id] }) })),
  });
  const submit = (v: { approvalDocument: string; approvedOn: dayjs.Dayjs; note?: string }) =>
    modal.confirm({
      title: '登记审批结果？',
      content: `登记${c.approvalLevelLabel}的批准（${v.approvalDocument.trim()}，${fmtDateCn(v.approvedOn.format('YYYY-MM-DD'))}）后，清单中 ${c.items.length} 项事项进入“待择优确定”，由各委托部门在推荐学会中确定承接学会。登记后不能修改。`,
      okText: '登记',
      cancelText: '取消',
      onOk: () => approve.mutateAsync(v).catch(() => undefined),
    });
  return (
    <Card
      title={
        <Space>
          <SafetyCertificateOutlined />
          登记审批结果
        </Space>
      }
    >
      <Alert type="info" showIcon style={{ marginBottom: 16 }} title={`各审核部门已同意。请报${c.approvalLevelLabel}审批，并在批准后登记结果。`} />
      <FormErrorList errors={errors} />
      <Form form={form} name="approveCountersign" layout="vertical" onFinish={submit} aria-label="登记审批结果">
        <Form.Item label="审批层级">
          <Typography.Text>{c.approvalLevelLabel}</Typography.Text>
        </Form.Item>
        <Form.Item label="批准文号" name="approvalDocument" rules={[{ required: true, whitespace: true, message: '请输入批准文号或会议纪要编号' }, { min: 2, message: '批准文号至少 2 个字' }]}>
          <Input maxLength={100} placeholder="如：鲁政字〔2026〕18号" />
        </Form.Item>
        <Form.Item label="批准日期" name="approvedOn" rules={[{ required: true, message: '请选择批准日期' }, dayRule]}>
          <DayPicker style={{ width: '100%' }} disabledDate={(d) => d.isAfter(dayjs(todayCst()), 'day')} disabledDateMessage="批准日期不能晚于今天" placeholder="请选择批准日期" />
        </Form.Item>
        <Form.Item label="说明" name="note">
          <Input.TextArea rows={3} maxLength={1000} showCount />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={approve.isPending} block>
          登记审批结果
        </Button>
      </Form>
    </Card>
  );
}
