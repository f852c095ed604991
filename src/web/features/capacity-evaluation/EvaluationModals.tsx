// CAP-6: the forms of the section 评估与拨付 — the association's evaluation (proposed, or edited
// after the bureau returned it), the finance bureau's 确认 / 退回, and the association's 拨付资金
// (the award unless it says less). A refusal by a rule is shown in the dialog with the clause it
// rests on, in words; a field error on its field; a stale version offers a refresh.
import { Alert, App, Descriptions, Form, Input, Modal, Radio, Typography } from 'antd';
import { useState, type ReactNode } from 'react';
import { api, isApiError } from '../../shared/api';
import { FormErrorList, applyFieldErrors, useErrorReporter } from '../../shared/errors';
import { fmtYuan } from '../../shared/format';
import { MoneyInput, fenToYuanText, moneyRules, moneyToFen } from '../../shared/MoneyInput';
import type { FieldError } from '../../../contract/common';
import type { EvaluationSection } from '../../../contract/capacity-evaluation';
import { FilesField } from '../supervision/ImplementationShared';
import { evidenceFromAttachments, evidenceIds, type EvidenceFile } from '../selection/EvidenceUpload';
import { readScore, refusalOf, returnCommentOf } from './evaluationRules';

type Refusal = { reason: string; clause: string | null };

function RefusalAlert({ title, r }: { title: string; r: Refusal }) {
  return (
    <Alert
      type="error"
      showIcon
      style={{ marginBottom: 16 }}
      title={title}
      description={
        <>
          <div>{r.reason}</div>
          {r.clause ? <Typography.Text type="secondary">依据：{r.clause}</Typography.Text> : null}
        </>
      }
    />
  );
}

/**
 * A dialog that validates its form, sends one request and says what happened: a refusal by a rule in
 * the dialog (with its clause), field errors on the fields, anything else as the app reports it.
 */
function ActionModal<V extends object>(props: {
  title: string;
  okText: string;
  danger?: boolean;
  refusedTitle: string;
  initialValues?: Partial<V>;
  mapPath?: (p: (string | number)[]) => (string | number)[];
  send: (v: V) => Promise<unknown>;
  success: string;
  onClose: () => void;
  onDone: () => void;
  children: ReactNode;
}) {
  const { message } = App.useApp();
  const report = useErrorReporter();
  const [form] = Form.useForm<V>();
  const [busy, setBusy] = useState(false);
  const [refusal, setRefusal] = useState<Refusal | null>(null);
  const [errors, setErrors] = useState<FieldError[]>([]);
  const submit = async () => {
    let v: V;
    try {
      v = await form.validateFields();
    } catch {
      return; // the fields say what is missing
    }
    setBusy(true);
    setRefusal(null);
    setErrors([]);
    try {
      await props.send(v);
      message.success(props.success);
      props.onClose();
      props.onDone();
    } catch (err) {
      const clause = isApiError(err) && typeof err.problem.clause === 'string' ? err.problem.clause : null;
      if (isApiError(err) && clause) {
        setRefusal(refusalOf(err.userMessage, clause));
        applyFieldErrors(form, err.errors, props.mapPath);
      } else {
        setErrors(
          report(err, {
            form,
            mapPath: props.mapPath,
            action: props.title,
            onRefresh: () => {
              props.onClose();
              props.onDone();
            },
          }),
        );
      }
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      open
      title={props.title}
      okText={props.okText}
      cancelText="取消"
      width={680}
      okButtonProps={{ loading: busy, danger: props.danger }}
      onOk={() => void submit()}
      onCancel={props.onClose}
      maskClosable={false}
      destroyOnHidden
    >
      {refusal ? <RefusalAlert title={props.refusedTitle} r={refusal} /> : null}
      <FormErrorList errors={errors} />
      <Form<V> form={form} layout="vertical" initialValues={props.initialValues as never} scrollToFirstError>
        {props.children}
      </Form>
    </Modal>
  );
}

interface EvaluationValues {
  result?: 'passed' | 'failed';
  score?: string;
  findings?: string;
  files?: EvidenceFile[];
}
const evaluationPath = (p: (string | number)[]): (string | number)[] => (p[0] === 'attachmentIds' ? ['files'] : p);

/** The association proposes the evaluation, or edits a proposed or returned one. */
export function EvaluationFormModal({ s, applicationTitle, onClose, onDone }: { s: EvaluationSection; applicationTitle: string; onClose: () => void; onDone: () => void }) {
  const e = s.evaluation;
  const ret = returnCommentOf(e);
  const [result, setResult] = useState<EvaluationValues['result']>(e?.result);
  const co = s.coManaged;
  return (
    <ActionModal<EvaluationValues>
      title={e ? '修改评估结果' : '提出评估结果'}
      okText={co ? '提交财政局确认' : '确定评估结果'}
      refusedTitle="评估结果未能提交"
      initialValues={e ? { result: e.result, score: e.score === null ? '' : String(e.score), findings: e.findings, files: evidenceFromAttachments(e.attachments) } : { files: [] }}
      mapPath={evaluationPath}
      send={(v) => {
        const score = readScore(v.score);
        const body = { result: v.result, score: score.ok ? score.score : v.score, findings: v.findings?.trim() ?? '', attachmentIds: evidenceIds(v.files ?? []) };
        return e ? api(`/capacity-evaluations/${e.id}`, { method: 'PUT', body: { ...body, rowVersion: e.rowVersion } }) : api(`/capacity-applications/${s.applicationId}/evaluation`, { method: 'POST', body });
      }}
      success={co ? '评估结果已提交财政局确认' : result === 'failed' ? '评估结果已确定：项目未通过评估，资助已撤销' : '评估结果已确定'}
      onClose={onClose}
      onDone={onDone}
    >
      <Typography.Paragraph type="secondary">
        对“{applicationTitle}”的实施情况进行评估。{co ? '评估结果提交财政局确认后生效。' : ''}通过评估的项目在门户网站公示 {s.evaluationNoticeDays} 天，公示期满无异议后拨付资金；未通过评估的项目不予拨付，撤销资助。
      </Typography.Paragraph>
      {ret ? <Alert type={ret.current ? 'warning' : 'info'} showIcon style={{ marginBottom: 16 }} title={ret.current ? '财政局的退回意见' : '财政局上次的退回意见（已据此修改）'} description={ret.text} /> : null}
      <Form.Item name="result" label="评估结论" rules={[{ required: true, message: '请选择评估结论' }]}>
        <Radio.Group
          onChange={(x) => setResult(x.target.value)}
          options={[
            { value: 'passed', label: '通过评估' },
            { value: 'failed', label: '未通过评估' },
          ]}
        />
      </Form.Item>
      {result === 'failed' ? <Alert type="error" showIcon style={{ marginBottom: 16 }} title={`评估结果确定后，项目不予拨付，核定的资助 ${fmtYuan(s.awardFen)} 将撤销。`} /> : null}
      <Form.Item
        name="score"
        label="评估得分（选填，0–100 分）"
        rules={[
          {
            validator: async (_, v) => {
              const r = readScore(v);
              if (!r.ok) throw new Error(r.message);
            },
          },
        ]}
      >
        <Input inputMode="numeric" maxLength={3} style={{ maxWidth: 160 }} suffix="分" autoComplete="off" />
      </Form.Item>
      <Form.Item name="findings" label="评估意见" rules={[{ required: true, whitespace: true, message: '请填写评估意见' }, { max: 20000, message: '评估意见不能超过 20000 个字' }]}>
        <Input.TextArea rows={5} maxLength={20000} placeholder="项目目标和绩效指标的完成情况、资金使用情况、存在的问题" />
      </Form.Item>
      <Form.Item name="files" label="评估材料（选填）" valuePropName="value">
        <FilesField />
      </Form.Item>
    </ActionModal>
  );
}

/** The co-managing finance bureau confirms the evaluation, or returns it with its comment. */
export function SettleEvaluationModal({ s, confirm, onClose, onDone }: { s: EvaluationSection; confirm: boolean; onClose: () => void; onDone: () => void }) {
  const e = s.evaluation!;
  return (
    <ActionModal<{ comment?: string }>
      title={confirm ? '确认评估结果' : '退回评估结果'}
      okText={confirm ? '确认评估结果' : '退回修改'}
      danger={!confirm}
      refusedTitle={confirm ? '评估结果未能确认' : '评估结果未能退回'}
      send={(v) => api(`/capacity-evaluations/${e.id}/${confirm ? 'confirm' : 'return'}`, { method: 'POST', body: { rowVersion: e.rowVersion, comment: v.comment?.trim() || (confirm ? null : '') } })}
      success={confirm ? '已确认评估结果' : '已退回，科协修改后会重新提交'}
      onClose={onClose}
      onDone={onDone}
    >
      <Descriptions
        size="small"
        column={1}
        style={{ marginBottom: 12 }}
        styles={{ label: { width: 88, whiteSpace: 'nowrap' } }}
        items={[
          { key: 'r', label: '评估结论', children: e.resultLabel },
          { key: 's', label: '评估得分', children: e.score === null ? '—' : `${e.score} 分` },
          { key: 'f', label: '评估意见', children: <div style={{ whiteSpace: 'pre-wrap' }}>{e.findings}</div> },
        ]}
      />
      {confirm && e.result === 'failed' ? <Alert type="error" showIcon style={{ marginBottom: 16 }} title={`确认后项目不予拨付，核定的资助 ${fmtYuan(s.awardFen)} 将撤销。`} /> : null}
      {confirm && e.result === 'passed' ? <Typography.Paragraph type="secondary">确认后，科协发布评估结果公示（{s.evaluationNoticeDays} 天），公示期满无异议后拨付资金。</Typography.Paragraph> : null}
      <Form.Item
        name="comment"
        label={confirm ? '确认意见（选填）' : '退回意见'}
        rules={[...(confirm ? [] : [{ required: true, whitespace: true, message: '请填写退回意见' }]), { max: 2000, message: '意见不能超过 2000 个字' }]}
      >
        <Input.TextArea rows={3} maxLength={2000} placeholder={confirm ? undefined : '写明需要科协补充或修改的内容'} />
      </Form.Item>
    </ActionModal>
  );
}

/** The association disburses the project's funds: the award unless it types less. */
export function DisburseModal({ s, applicationTitle, onClose, onDone }: { s: EvaluationSection; applicationTitle: string; onClose: () => void; onDone: () => void }) {
  const award = s.awardFen ?? 0;
  return (
    <ActionModal<{ amountYuan?: string; note?: string }>
      title="拨付项目资金"
      okText="拨付资金"
      refusedTitle="项目资金未能拨付"
      initialValues={{ amountYuan: fenToYuanText(award) }}
      mapPath={(p) => (p[0] === 'amountFen' ? ['amountYuan'] : p)}
      send={(v) => api(`/capacity-applications/${s.applicationId}/disbursement`, { method: 'POST', body: { rowVersion: s.applicationRowVersion, amountFen: moneyToFen(v.amountYuan), note: v.note?.trim() || null } })}
      success="项目资金已拨付，已通知学会"
      onClose={onClose}
      onDone={onDone}
    >
      <Typography.Paragraph>
        “{applicationTitle}”评估结果公示期满无异议，下达项目资金。核定的资助金额 {fmtYuan(award)}；拨付在资金台账中记录，每个项目只拨付一次，不能超过核定的资助金额。
      </Typography.Paragraph>
      <Form.Item name="amountYuan" label="拨付金额" rules={moneyRules({ label: '拨付金额', required: true, min: 1, minMessage: '拨付金额应大于 0', max: award, maxMessage: `拨付金额不能超过核定的资助金额 ${fmtYuan(award)}` })}>
        <MoneyInput style={{ maxWidth: 280 }} />
      </Form.Item>
      <Form.Item name="note" label="拨付说明（选填）" rules={[{ max: 500, message: '拨付说明不能超过 500 个字' }]}>
        <Input.TextArea rows={2} maxLength={500} placeholder="如：拨付文号、收款账户" />
      </Form.Item>
    </ActionModal>
  );
}
