// SUP-6 中止与退款 on the project page: the society asks for termination (department, then
// association agree) or the department imposes it (the association agrees); once agreed the project
// is terminated, the refund of funds received is decided (none, part or all) and the payments back
// are recorded until the decided amount is received. Money is typed in 元 and sent in fen.
import { PlusOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Descriptions, Drawer, Empty, Form, Input, Modal, Progress, Radio, Skeleton, Space, Table, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { api } from '../../shared/api';
import { FormErrorList, QueryError, useErrorReporter } from '../../shared/errors';
import { dayjs, fmtDate, fmtDateTime, fmtYuan, todayCst } from '../../shared/format';
import { DayPicker, dayRule } from '../../shared/DayPicker';
import { MoneyInput, fenToYuanText, moneyRules, moneyToFen } from '../../shared/MoneyInput';
import { parseYuan } from '../../../domain/money';
import type { FieldError } from '../../../contract/common';
import type { RefundPayment, Termination, TerminationList } from '../../../contract/approvals';
import { AttachmentList, EvidenceUpload, evidenceIds, type EvidenceFile } from '../selection/EvidenceUpload';
import { ChainSteps, DecisionButton, Para, StatusTag, StepsLine, WithdrawButton } from './ApprovalChainParts';

export function TerminationTab({ project }: { project: { id: string } }) {
  const qc = useQueryClient();
  const key = ['terminations', project.id];
  const q = useQuery({ queryKey: key, queryFn: ({ signal }) => api<TerminationList>(`/projects/${project.id}/terminations`, { signal }) });
  const [creating, setCreating] = useState<'request' | 'impose' | null>(null);
  const refresh = () => {
    void qc.invalidateQueries({ queryKey: key });
    void qc.invalidateQueries({ queryKey: ['projects', project.id] });
    void qc.invalidateQueries({ queryKey: ['todos/counts'] });
  };
  if (q.isLoading) return <Card><Skeleton active /></Card>;
  if (q.isError || !q.data) return <Card><QueryError error={q.error} onRetry={() => q.refetch()} /></Card>;
  const d = q.data;
  const start = d.actions[0] ?? null;
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Card
        title="项目中止与经费退还"
        extra={
          start ? (
            <Button danger icon={<PlusOutlined />} onClick={() => setCreating(start)}>
              {start === 'request' ? '申请中止项目' : '提出中止项目'}
            </Button>
          ) : null
        }
      >
        <Space orientation="vertical" size={4}>
          <Typography.Text>承接单位可申请中止项目，经委托单位、协调单位同意；委托单位也可会同协调单位提出中止。中止后，由委托单位或协调单位确定部分或全部退还已拨付经费，并登记退款到账，全部到账后办结。</Typography.Text>
          {start ? <StepsLine steps={d.steps} prefix="本单位提出后的审批顺序：" /> : null}
        </Space>
      </Card>
      {!d.items.length ? (
        <Card>
          <Empty description="该项目没有中止事项" />
        </Card>
      ) : (
        d.items.map((t) => <TerminationCard key={t.id} t={t} onChanged={refresh} />)
      )}
      {creating ? <RequestDrawer projectId={project.id} kind={creating} onClose={() => setCreating(null)} onDone={refresh} /> : null}
    </Space>
  );
}

function TerminationCard({ t, onChanged }: { t: Termination; onChanged: () => void }) {
  const [deciding, setDeciding] = useState(false);
  const [paying, setPaying] = useState(false);
  const agreed = ['decidingRefund', 'refunding', 'closed'].includes(t.status);
  return (
    <Card
      title={
        <Space wrap>
          <span>{t.initiatedByLabel}</span>
          <StatusTag status={t.status} label={t.statusLabel} />
        </Space>
      }
      extra={
        <Space wrap>
          {t.actions.includes('decide') && t.position.kind === 'pending' ? (
            <DecisionButton
              path={`/terminations/${t.id}/decisions`}
              step={t.position.step}
              what="中止"
              onDone={onChanged}
              approveHint={t.position.step === t.steps.length - 1 ? '这是最后一步审批：同意后项目即中止，未完成的关键节点一并取消，随后确定经费退还。' : undefined}
            />
          ) : null}
          {t.actions.includes('withdraw') ? <WithdrawButton path={`/terminations/${t.id}/withdraw`} rowVersion={t.rowVersion} what="中止申请" onDone={onChanged} /> : null}
          {t.actions.includes('decideRefund') ? (
            <Button type="primary" onClick={() => setDeciding(true)}>
              确定经费退还
            </Button>
          ) : null}
          {t.actions.includes('recordPayment') ? (
            <Button type="primary" onClick={() => setPaying(true)}>
              登记退款到账
            </Button>
          ) : null}
        </Space>
      }
    >
      <Space orientation="vertical" size={16} style={{ width: '100%' }}>
        <ChainSteps chain={t} first={{ title: `${t.initiatorOrgName}提出`, description: fmtDateTime(t.submittedAt) }} />
        {t.status === 'decidingRefund' ? <Alert type="warning" showIcon title="项目已中止，待委托单位或协调单位确定经费退还" /> : null}
        <Descriptions
          size="small"
          bordered
          column={{ xs: 1, md: 2 }}
          styles={{ label: { width: 120, whiteSpace: 'nowrap' } }}
          items={[
            { key: 'r', label: '中止理由', children: <Para text={t.reason} />, span: 'filled' },
            { key: 'who', label: '提出', children: `${t.initiatorOrgName} · ${t.submittedByName ?? ''} · ${fmtDateTime(t.submittedAt)}`, span: 'filled' },
            { key: 'rec', label: '已拨付经费', children: fmtYuan(t.receivedFen) },
            { key: 'ag', label: '同意中止', children: t.agreedAt ? fmtDateTime(t.agreedAt) : '—' },
            ...(t.refundKind
              ? [
                  { key: 'k', label: '退还方式', children: t.refundKindLabel },
                  { key: 'f', label: '应退还金额', children: fmtYuan(t.refundFen) },
                  ...(t.refundNote ? [{ key: 'n', label: '说明', children: <Para text={t.refundNote} />, span: 'filled' as const }] : []),
                ]
              : []),
            ...(t.attachments.length ? [{ key: 'a', label: '附件', children: <AttachmentList files={t.attachments} />, span: 'filled' as const }] : []),
            { key: 'c', label: '办结', children: t.closedAt ? fmtDateTime(t.closedAt) : agreed ? '未办结' : '—' },
          ]}
        />
        {t.refundFen ? <Payments t={t} /> : null}
      </Space>
      {deciding ? <RefundDecisionModal t={t} onClose={() => setDeciding(false)} onDone={onChanged} /> : null}
      {paying ? <PaymentModal t={t} onClose={() => setPaying(false)} onDone={onChanged} /> : null}
    </Card>
  );
}

function Payments({ t }: { t: Termination }) {
  const percent = t.refundFen ? Math.floor((t.refundedFen / t.refundFen) * 100) : 0;
  return (
    <Space orientation="vertical" size={8} style={{ width: '100%' }}>
      <Space wrap>
        <Typography.Text strong>退款到账</Typography.Text>
        <Typography.Text>
          已到账 {fmtYuan(t.refundedFen)} / 应退还 {fmtYuan(t.refundFen)}，尚余 {fmtYuan(t.remainingFen)}
        </Typography.Text>
      </Space>
      <Progress percent={percent} status={t.status === 'closed' ? 'success' : 'active'} aria-label="退款到账进度" />
      <Table<RefundPayment>
        size="small"
        rowKey="id"
        pagination={false}
        dataSource={t.payments}
        locale={{ emptyText: '尚无到账记录' }}
        scroll={{ x: 640 }}
        columns={[
          { title: '到账日期', dataIndex: 'receivedOn', width: 110, render: (v: string) => fmtDate(v) },
          { title: '到账金额', dataIndex: 'amountFen', width: 150, align: 'right', render: (v: number) => fmtYuan(v) },
          { title: '凭证号', dataIndex: 'reference', width: 160 },
          { title: '备注', dataIndex: 'note', render: (v: string | null) => v ?? '—' },
          { title: '登记', dataIndex: 'recordedByName', width: 190, render: (v: string | null, r) => `${v ?? ''} ${fmtDateTime(r.recordedAt)}` },
        ]}
      />
    </Space>
  );
}

function RequestDrawer({ projectId, kind, onClose, onDone }: { projectId: string; kind: 'request' | 'impose'; onClose: () => void; onDone: () => void }) {
  const { message } = App.useApp();
  const report = useErrorReporter();
  const [form] = Form.useForm<{ reason: string; receivedFen: string }>();
  const [files, setFiles] = useState<EvidenceFile[]>([]);
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [busy, setBusy] = useState(false);
  const submit = async (v: { reason: string; receivedFen: string }) => {
    setBusy(true);
    try {
      await api(`/projects/${projectId}/terminations`, { method: 'POST', body: { reason: v.reason, receivedFen: moneyToFen(v.receivedFen), attachmentIds: evidenceIds(files) } });
      message.success(kind === 'request' ? '中止申请已提交' : '已提出中止，待协调单位审批');
      onClose();
      onDone();
    } catch (e) {
      setErrors(report(e, { form, action: '提交' }));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Drawer
      open
      size={640}
      title={kind === 'request' ? '申请中止项目' : '提出中止项目'}
      onClose={onClose}
      extra={
        <Space>
          <Button onClick={onClose}>取消</Button>
          <Button danger type="primary" loading={busy} onClick={() => form.submit()} disabled={files.some((f) => f.status === 'uploading')}>
            提交
          </Button>
        </Space>
      }
    >
      <Alert
        type="warning"
        showIcon
        style={{ marginBottom: 16 }}
        title={kind === 'request' ? '申请经委托单位和协调单位同意后，项目即中止，未完成的关键节点一并取消。' : '经协调单位同意后，项目即中止，未完成的关键节点一并取消。'}
      />
      <FormErrorList errors={errors} />
      <Form form={form} layout="vertical" onFinish={(v) => void submit(v)}>
        <Form.Item name="reason" label="中止理由" rules={[{ required: true, whitespace: true, message: '请填写中止理由' }]}>
          <Input.TextArea rows={5} maxLength={4000} showCount />
        </Form.Item>
        <Form.Item name="receivedFen" label="承接单位已收到的拨付经费（元）" extra="无拨付经费填 0；确定退还时不能超过此金额，委托单位确定退还时可更正。" rules={moneyRules({ label: '已拨付经费', required: true })}>
          <MoneyInput style={{ width: 240 }} />
        </Form.Item>
        <Form.Item label="附件">
          <EvidenceUpload value={files} onChange={setFiles} />
        </Form.Item>
      </Form>
    </Drawer>
  );
}

function RefundDecisionModal({ t, onClose, onDone }: { t: Termination; onClose: () => void; onDone: () => void }) {
  const { message } = App.useApp();
  const report = useErrorReporter();
  const [form] = Form.useForm<{ kind: 'none' | 'part' | 'all'; amountFen?: string; receivedFen?: string; note?: string }>();
  const kind = Form.useWatch('kind', form);
  const received = Form.useWatch('receivedFen', form);
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [busy, setBusy] = useState(false);
  // the amount disbursed as corrected in this form (while it reads as 元), else as recorded
  const receivedRead = parseYuan(received);
  const receivedFen = receivedRead.ok && receivedRead.fen !== null ? receivedRead.fen : t.receivedFen;
  const submit = async () => {
    const v = await form.validateFields();
    setBusy(true);
    try {
      const correctedFen = moneyToFen(v.receivedFen);
      await api(`/terminations/${t.id}/refund-decision`, {
        method: 'POST',
        body: {
          kind: v.kind,
          amountFen: v.kind === 'part' ? moneyToFen(v.amountFen) : null,
          receivedFen: correctedFen !== null && correctedFen !== t.receivedFen ? correctedFen : null,
          note: v.note?.trim() || null,
          rowVersion: t.rowVersion,
        },
      });
      message.success(v.kind === 'none' ? '已确定不退还经费，中止事项办结' : '已确定退还金额，已通知承接单位');
      onClose();
      onDone();
    } catch (e) {
      setErrors(report(e, { form, action: '确定经费退还', onRefresh: () => { onClose(); onDone(); } }));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal open title="确定经费退还" okText="确定" cancelText="取消" okButtonProps={{ loading: busy }} onOk={() => void submit().catch(() => undefined)} onCancel={onClose}>
      <FormErrorList errors={errors} />
      <Form form={form} layout="vertical" initialValues={{ kind: 'part', receivedFen: fenToYuanText(t.receivedFen) }}>
        <Form.Item name="receivedFen" label="已拨付经费（元）" extra="如申请时填写的金额有误，可在此更正" rules={moneyRules({ label: '已拨付经费', required: true })}>
          <MoneyInput style={{ width: 240 }} />
        </Form.Item>
        <Form.Item name="kind" label="退还方式" rules={[{ required: true, message: '请选择退还方式' }]}>
          <Radio.Group
            options={[
              { value: 'none', label: '不退还' },
              { value: 'part', label: '部分退还' },
              { value: 'all', label: '全部退还' },
            ]}
          />
        </Form.Item>
        {kind === 'part' ? (
          <Form.Item
            name="amountFen"
            label="退还金额（元）"
            dependencies={['receivedFen']}
            rules={[
              { required: true, message: '部分退还时请填写退还金额' },
              ...moneyRules({ label: '退还金额', min: 1, minMessage: '退还金额应大于 0', max: receivedFen, maxMessage: `退还金额不能超过已拨付经费 ${fmtYuan(receivedFen)}` }),
            ]}
          >
            <MoneyInput style={{ width: 240 }} />
          </Form.Item>
        ) : null}
        {kind === 'all' ? <Typography.Paragraph>应退还 {fmtYuan(receivedFen)}</Typography.Paragraph> : null}
        <Form.Item name="note" label="说明（选填）">
          <Input.TextArea rows={3} maxLength={2000} showCount />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function PaymentModal({ t, onClose, onDone }: { t: Termination; onClose: () => void; onDone: () => void }) {
  const { message } = App.useApp();
  const report = useErrorReporter();
  const [form] = Form.useForm<{ amountFen: string; receivedOn: Dayjs; reference: string; note?: string }>();
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [busy, setBusy] = useState(false);
  const remaining = t.remainingFen ?? 0;
  const submit = async () => {
    const v = await form.validateFields();
    setBusy(true);
    try {
      const r = await api<Termination>(`/terminations/${t.id}/payments`, { method: 'POST', body: { rowVersion: t.rowVersion, amountFen: moneyToFen(v.amountFen), receivedOn: v.receivedOn.format('YYYY-MM-DD'), reference: v.reference, note: v.note?.trim() || null } });
      message.success(r.status === 'closed' ? '退款已全部到账，中止事项办结' : '已登记到账');
      onClose();
      onDone();
    } catch (e) {
      setErrors(report(e, { form, action: '登记到账' }));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal open title="登记退款到账" okText="登记" cancelText="取消" okButtonProps={{ loading: busy }} onOk={() => void submit().catch(() => undefined)} onCancel={onClose}>
      <Typography.Paragraph type="secondary">尚余 {fmtYuan(remaining)} 未到账；累计到账不能超过应退还金额。</Typography.Paragraph>
      <FormErrorList errors={errors} />
      <Form form={form} layout="vertical" initialValues={{ amountFen: fenToYuanText(remaining), receivedOn: dayjs(todayCst()) }}>
        <Form.Item
          name="amountFen"
          label="到账金额（元）"
          rules={moneyRules({ label: '到账金额', required: true, min: 1, minMessage: '到账金额应大于 0', max: remaining, maxMessage: `到账金额超过尚未退还的 ${fmtYuan(remaining)}` })}
        >
          <MoneyInput style={{ width: 240 }} />
        </Form.Item>
        <Form.Item name="receivedOn" label="到账日期" rules={[{ required: true, message: '请选择到账日期' }, dayRule]}>
          <DayPicker disabledDate={(d) => d.isAfter(dayjs(todayCst()), 'day')} disabledDateMessage="到账日期不能晚于今天" />
        </Form.Item>
        <Form.Item name="reference" label="凭证号" rules={[{ required: true, whitespace: true, message: '请填写凭证号' }]}>
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name="note" label="备注（选填）">
          <Input.TextArea rows={2} maxLength={500} showCount />
        </Form.Item>
      </Form>
    </Modal>
  );
}
