// Shared parts of the implementation tabs (实施方案, 进度与节点, 监督检查, 整改, 培训指导): a form
// in a modal that posts, reports field errors in Chinese and refreshes the page's data; file lists;
// multi-line text; status tags; date helpers.
import { PaperClipOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { App, Form, Input, Modal, Radio, Tag, Typography } from 'antd';
import type { FormInstance } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState, type ReactNode } from 'react';
import { api } from '../../shared/api';
import { FormErrorList, useErrorReporter } from '../../shared/errors';
import { dayjs } from '../../shared/format';
import type { AttachmentRef, FieldError } from '../../../contract/common';
import { fmtBytes } from '../transfer/common';
import { EvidenceUpload, type EvidenceFile } from '../selection/EvidenceUpload';

/** Invalidates what an action on a project record may have changed (lists, to-dos, the project). */
export function useProjectRefresh(projectId: string) {
  const qc = useQueryClient();
  return () => {
    void qc.invalidateQueries({ queryKey: ['impl', projectId] });
    void qc.invalidateQueries({ queryKey: ['projects', projectId] });
    void qc.invalidateQueries({ queryKey: ['todos/counts'] });
    void qc.invalidateQueries({ queryKey: ['todos'] });
  };
}

/** Query keys of the implementation tabs all start with ['impl', projectId]. */
export const implKey = (projectId: string, what: string) => ['impl', projectId, what] as const;

/**
 * A form in a modal: validates in the browser, posts, shows the server's field errors on the
 * fields and as a list, says what happened, closes and refreshes.
 */
export function FormModal<V extends object>(props: {
  title: string;
  okText: string;
  intro?: ReactNode;
  width?: number;
  danger?: boolean;
  initialValues?: Partial<V>;
  /** turns the form's values into the request; return the path, method and body */
  request: (values: V) => { path: string; method?: 'POST' | 'PUT'; body: unknown };
  /** the API's field path → the form's field name (default: drop `body.`) */
  mapPath?: (path: (string | number)[]) => (string | number)[];
  success: string;
  onClose: () => void;
  onDone: () => void;
  children: (form: FormInstance<V>) => ReactNode;
}) {
  const { message } = App.useApp();
  const report = useErrorReporter();
  const [form] = Form.useForm<V>();
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<FieldError[]>([]);
  const submit = async () => {
    let values: V;
    try {
      values = await form.validateFields();
    } catch {
      return; // the fields show what is missing
    }
    setBusy(true);
    try {
      const r = props.request(values);
      await api(r.path, { method: r.method ?? 'POST', body: r.body });
      message.success(props.success);
      props.onClose();
      props.onDone();
    } catch (e) {
      setErrors(
        report(e, {
          form,
          mapPath: props.mapPath,
          action: props.title,
          onRefresh: () => {
            props.onClose();
            props.onDone();
          },
        }),
      );
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal open title={props.title} okText={props.okText} cancelText="取消" width={props.width ?? 640} okButtonProps={{ loading: busy, danger: props.danger }} onOk={() => void submit()} onCancel={props.onClose} maskClosable={false}>
      {props.intro ? <Typography.Paragraph type="secondary">{props.intro}</Typography.Paragraph> : null}
      <FormErrorList errors={errors} />
      <Form form={form} layout="vertical" initialValues={props.initialValues as never} scrollToFirstError>
        {props.children(form)}
      </Form>
    </Modal>
  );
}

/** Files attached to a record, each a download link. */
export function Files({ files, empty = '无' }: { files: AttachmentRef[]; empty?: string }) {
  if (!files.length) return <Typography.Text type="secondary">{empty}</Typography.Text>;
  return (
    <ul style={{ listStyle: 'none', margin: 0, padding: 0 }}>
      {files.map((f) => (
        <li key={f.id} style={{ padding: '2px 0' }}>
          <PaperClipOutlined style={{ marginInlineEnd: 6, color: 'rgba(0,0,0,0.45)' }} />
          <a href={`/api/v1/attachments/${f.id}`} download={f.filename}>
            {f.filename}
          </a>{' '}
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {fmtBytes(f.sizeBytes)}
          </Typography.Text>
        </li>
      ))}
    </ul>
  );
}

/** Multi-line text as written. */
export const Text = ({ value }: { value: string | null | undefined }) =>
  value ? <div style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word' }}>{value}</div> : <Typography.Text type="secondary">—</Typography.Text>;

const colors: Record<string, string> = {
  submitted: 'processing',
  returned: 'warning',
  approved: 'green',
  superseded: 'default',
  open: 'blue',
  completed: 'green',
  cancelled: 'default',
  acknowledged: 'green',
  planned: 'processing',
  findingsRecorded: 'green',
  issued: 'orange',
  responded: 'processing',
  closed: 'green',
};
export const Status = ({ status, label }: { status: string; label: string }) => <Tag color={colors[status] ?? 'default'}>{label}</Tag>;

/** A DatePicker value → YYYY-MM-DD. */
export const dayOf = (d: Dayjs | null | undefined): string | null => (d ? d.format('YYYY-MM-DD') : null);
export const toDay = (s: string | null | undefined): Dayjs | undefined => (s ? dayjs(s) : undefined);

/** Required text with a Chinese message. */
export const required = (what: string) => [{ required: true, whitespace: true, message: `请填写${what}` }];
export const requiredPick = (what: string) => [{ required: true, message: `请选择${what}` }];

/** The evidence upload as a form field (value: the files chosen; send `evidenceIds(value)`). */
export function FilesField({ value, onChange }: { value?: EvidenceFile[]; onChange?: (files: EvidenceFile[]) => void }) {
  return <EvidenceUpload value={value ?? []} onChange={(f) => onChange?.(f)} />;
}

export interface DecisionValues {
  decision: 'approve' | 'return';
  comment?: string;
}

/** Approve, or return with a required comment. */
export function DecisionFields({ form, approveLabel, returnLabel, what }: { form: FormInstance<DecisionValues>; approveLabel: string; returnLabel: string; what: string }) {
  const decision = Form.useWatch('decision', form);
  return (
    <>
      <Form.Item name="decision" label={`${what}结论`} rules={[{ required: true, message: `请选择${what}结论` }]}>
        <Radio.Group
          options={[
            { value: 'approve', label: approveLabel },
            { value: 'return', label: returnLabel },
          ]}
        />
      </Form.Item>
      <Form.Item
        name="comment"
        label={decision === 'return' ? '意见（必填）' : '意见（选填）'}
        rules={[...(decision === 'return' ? [{ required: true, whitespace: true, message: '退回时请填写意见' }] : []), { max: 2000, message: '意见不能超过 2000 个字' }]}
      >
        <Input.TextArea rows={4} maxLength={2000} showCount />
      </Form.Item>
    </>
  );
}
