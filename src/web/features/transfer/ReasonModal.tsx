// A decision that must say why: withdrawal, return, rejection (§6: opinions mandatory where a
// decision returns or rejects), confirmed in the same dialog that says what will happen.
import { Alert, Form, Input, Modal } from 'antd';

/** A decision that needs a reason (§6: opinions mandatory where a decision returns or rejects). */
export function ReasonModal(props: { title: string; warning: string; label: string; okText: string; loading: boolean; placeholder?: string; onCancel: () => void; onOk: (reason: string) => void }) {
  const [form] = Form.useForm<{ reason: string }>();
  return (
    <Modal open title={props.title} okText={props.okText} okButtonProps={{ danger: true }} cancelText="取消" confirmLoading={props.loading} onCancel={props.onCancel} onOk={() => form.submit()} destroyOnHidden>
      <Alert type="warning" showIcon style={{ marginBottom: 16 }} title={props.warning} />
      <Form form={form} name="reason" layout="vertical" onFinish={(v) => props.onOk(v.reason.trim())} aria-label={props.title}>
        <Form.Item label={props.label} name="reason" rules={[{ required: true, whitespace: true, message: `请输入${props.label}` }]}>
          <Input.TextArea rows={3} maxLength={500} showCount placeholder={props.placeholder} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
