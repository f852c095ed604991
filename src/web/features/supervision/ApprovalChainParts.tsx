// SUP-3, SUP-5, SUP-6: what the three approval tabs (重大事项, 变更申请, 中止与退款) share — the
// approval chain step by step, the decision dialog (同意 / 不同意 with an opinion), withdrawing,
// status tags and the "who approves, in what order" line.
import { CheckCircleTwoTone, ClockCircleOutlined, CloseCircleTwoTone, MinusCircleOutlined } from '@ant-design/icons';
import { App, Button, Form, Input, Modal, Popconfirm, Radio, Space, Steps, Tag, Typography } from 'antd';
import { useState } from 'react';
import { api } from '../../shared/api';
import { FormErrorList, useErrorReporter } from '../../shared/errors';
import { fmtDateTime } from '../../shared/format';
import type { FieldError } from '../../../contract/common';
import type { ApprovalChain, ApprovalStepInfo } from '../../../contract/approvals';

const statusColors: Record<string, string> = {
  approving: 'processing',
  approved: 'green',
  rejected: 'red',
  withdrawn: 'default',
  decidingRefund: 'orange',
  refunding: 'gold',
  closed: 'green',
};
export const StatusTag = ({ status, label }: { status: string; label: string }) => <Tag color={statusColors[status] ?? 'default'}>{label}</Tag>;

/** 委托政府部门 → 科协 */
export function StepsLine({ steps, prefix }: { steps: ApprovalStepInfo[]; prefix?: string }) {
  if (!steps.length) return null;
  return (
    <Typography.Text type="secondary">
      {prefix}
      {steps.map((s) => s.approverLabel).join(' → ')}
    </Typography.Text>
  );
}

/** The chain: each step with its decision, the one waiting, the ones to come. */
export function ChainSteps({ chain, first }: { chain: ApprovalChain; first?: { title: string; description: string } }) {
  const items = chain.steps.map((s) => {
    const d = s.decision;
    return {
      title: s.approverLabel,
      status: s.state === 'approved' ? ('finish' as const) : s.state === 'rejected' ? ('error' as const) : s.state === 'pending' ? ('process' as const) : ('wait' as const),
      icon:
        s.state === 'approved' ? (
          <CheckCircleTwoTone twoToneColor="#52c41a" />
        ) : s.state === 'rejected' ? (
          <CloseCircleTwoTone twoToneColor="#ff4d4f" />
        ) : s.state === 'skipped' ? (
          <MinusCircleOutlined />
        ) : (
          <ClockCircleOutlined />
        ),
      content: d ? (
        <Space orientation="vertical" size={0}>
          <Typography.Text>
            {d.decisionLabel} · {d.orgName}
          </Typography.Text>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {d.decidedByName} · {fmtDateTime(d.decidedAt)}
          </Typography.Text>
          {d.opinion ? (
            <Typography.Text type="secondary" style={{ fontSize: 12, whiteSpace: 'pre-wrap' }}>
              意见：{d.opinion}
            </Typography.Text>
          ) : null}
        </Space>
      ) : (
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {s.state === 'pending' ? `待${s.decider}审批` : s.state === 'skipped' ? '不再审批' : '尚未到达'}
        </Typography.Text>
      ),
    };
  });
  const all = first ? [{ title: first.title, status: 'finish' as const, icon: <CheckCircleTwoTone twoToneColor="#52c41a" />, content: <Typography.Text type="secondary" style={{ fontSize: 12 }}>{first.description}</Typography.Text> }, ...items] : items;
  return <Steps size="small" items={all} />;
}

/** 同意 / 不同意 on the waiting step; the step seen is sent so that a decision made meanwhile is refused (409). */
export function DecisionButton({ path, step, what, onDone, approveHint }: { path: string; step: number; what: string; onDone: () => void; approveHint?: string }) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button type="primary" onClick={() => setOpen(true)}>
        审批
      </Button>
      {open ? <DecisionModal path={path} step={step} what={what} approveHint={approveHint} onClose={() => setOpen(false)} onDone={onDone} /> : null}
    </>
  );
}

function DecisionModal({ path, step, what, approveHint, onClose, onDone }: { path: string; step: number; what: string; approveHint?: string; onClose: () => void; onDone: () => void }) {
  const { message } = App.useApp();
  const report = useErrorReporter();
  const [form] = Form.useForm<{ decision: 'approve' | 'reject'; opinion?: string }>();
  const decision = Form.useWatch('decision', form);
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<FieldError[]>([]);
  const submit = async () => {
    const v = await form.validateFields();
    setBusy(true);
    try {
      await api(path, { method: 'POST', body: { decision: v.decision, opinion: v.opinion?.trim() || null, step } });
      message.success(v.decision === 'approve' ? '已同意' : '已提交不同意意见');
      onClose();
      onDone();
    } catch (e) {
      setErrors(report(e, { form, action: '审批', onRefresh: () => { onClose(); onDone(); } }));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal open title={`审批${what}`} okText="提交审批意见" cancelText="取消" okButtonProps={{ loading: busy }} onOk={() => void submit().catch(() => undefined)} onCancel={onClose} destroyOnHidden>
      <FormErrorList errors={errors} />
      <Form form={form} layout="vertical" initialValues={{ decision: 'approve' }}>
        <Form.Item name="decision" label="审批结论" rules={[{ required: true, message: '请选择审批结论' }]}>
          <Radio.Group
            options={[
              { value: 'approve', label: '同意' },
              { value: 'reject', label: '不同意' },
            ]}
          />
        </Form.Item>
        {decision === 'approve' && approveHint ? <Typography.Paragraph type="secondary">{approveHint}</Typography.Paragraph> : null}
        {decision === 'reject' ? <Typography.Paragraph type="warning">不同意即结束本次审批，后续步骤不再办理。</Typography.Paragraph> : null}
        <Form.Item
          name="opinion"
          label={decision === 'reject' ? '审批意见（必填）' : '审批意见（选填）'}
          rules={decision === 'reject' ? [{ required: true, whitespace: true, message: '不同意时请填写审批意见' }] : []}
        >
          <Input.TextArea rows={4} maxLength={2000} showCount />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** Withdraw before anyone has decided (with the record's version). */
export function WithdrawButton({ path, rowVersion, what, onDone }: { path: string; rowVersion: number; what: string; onDone: () => void }) {
  const { message } = App.useApp();
  const report = useErrorReporter();
  const [busy, setBusy] = useState(false);
  return (
    <Popconfirm
      title={`撤回${what}？`}
      description="撤回后审批不再进行，如需办理须重新提交。"
      okText="撤回"
      cancelText="取消"
      okButtonProps={{ danger: true }}
      onConfirm={async () => {
        setBusy(true);
        try {
          await api(path, { method: 'POST', body: { rowVersion } });
          message.success(`已撤回${what}`);
          onDone();
        } catch (e) {
          report(e, { action: '撤回', onRefresh: onDone });
        } finally {
          setBusy(false);
        }
      }}
    >
      <Button danger loading={busy}>
        撤回
      </Button>
    </Popconfirm>
  );
}

/** A block of free text with kept line breaks. */
export const Para = ({ text }: { text: string | null | undefined }) => (text ? <div style={{ whiteSpace: 'pre-wrap' }}>{text}</div> : <Typography.Text type="secondary">—</Typography.Text>);
