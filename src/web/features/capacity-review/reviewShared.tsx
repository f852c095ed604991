// Shared pieces of the expert-review pages (CAP-4): query keys, the state tags of an assignment,
// an application in the ranking and a decision, and the dialog asking for a written reason.
import { Form, Input, Modal, Tag, Typography } from 'antd';
import type { ReactNode } from 'react';
import type { Option } from '../../../contract/common';

export const ASSIGNMENTS_KEY = '/expert-reviews';
export const assignmentKey = (id: string) => ['expert-reviews', id] as const;
export const expertReviewKey = (applicationId: string) => ['capacity-applications', applicationId, 'expert-review'] as const;
export const rankingKey = (callId: string) => ['capacity-calls', callId, 'ranking'] as const;

export const assignmentStatusOptions: Option[] = [
  { value: 'assigned', label: '待评分' },
  { value: 'recused', label: '已回避' },
  { value: 'submitted', label: '已评分' },
];

const assignmentColors: Record<string, string> = { assigned: 'gold', recused: 'default', submitted: 'green' };

export function AssignmentStatusTag({ status, label }: { status: string; label: string }) {
  return <Tag color={assignmentColors[status] ?? 'default'}>{label}</Tag>;
}

const applicationColors: Record<string, string> = {
  passed: 'green',
  expertReview: 'blue',
  reviewed: 'cyan',
  selected: 'green',
  notSelected: 'default',
  approved: 'green',
  objectionUpheld: 'red',
};

/** An application's state in the ranking (专家评审中, 专家评审完成, 拟资助 …). */
export function ReviewApplicationTag({ status, label }: { status: string; label: string }) {
  return <Tag color={applicationColors[status] ?? 'default'}>{label}</Tag>;
}

const decisionColors: Record<string, string> = { proposed: 'gold', confirmed: 'green', returned: 'orange' };

export function DecisionStatusTag({ status, label }: { status: string; label: string }) {
  return <Tag color={decisionColors[status] ?? 'default'}>{label}</Tag>;
}

/** A dialog that explains what happens and asks for a written reason (required or not). */
export function ReasonModal(props: {
  open: boolean;
  title: string;
  intro: ReactNode;
  label: string;
  required?: boolean;
  requiredMessage?: string;
  placeholder?: string;
  maxLength?: number;
  okText: string;
  danger?: boolean;
  loading: boolean;
  onCancel: () => void;
  onOk: (text: string | null) => void;
  /** shown above the field: why the last attempt was refused */
  refusal?: ReactNode;
}) {
  const [form] = Form.useForm<{ text?: string }>();
  return (
    <Modal
      open={props.open}
      title={props.title}
      okText={props.okText}
      okButtonProps={props.danger ? { danger: true } : undefined}
      cancelText="取消"
      confirmLoading={props.loading}
      onCancel={props.onCancel}
      onOk={() => form.submit()}
      destroyOnHidden
    >
      {typeof props.intro === 'string' ? <Typography.Paragraph>{props.intro}</Typography.Paragraph> : props.intro}
      {props.refusal}
      <Form form={form} layout="vertical" onFinish={(v) => props.onOk(v.text?.trim() || null)} aria-label={props.title}>
        <Form.Item
          label={props.label}
          name="text"
          rules={props.required ? [{ required: true, whitespace: true, message: props.requiredMessage ?? `请填写${props.label}` }] : undefined}
        >
          <Input.TextArea rows={4} maxLength={props.maxLength ?? 2000} showCount placeholder={props.placeholder} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
