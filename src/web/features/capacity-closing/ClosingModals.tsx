// The dialogs of 验收 and 资金退还与追回: the association's acceptance (passed or failed, the year, the
// opinion, files — proposed again after the finance bureau returned it), the bureau's return with a
// comment, and the association's refund and recovery. A recovery shows what will follow — the money,
// an award cancelled, the funding revoked, the debarment with its period — before it is confirmed in a
// second step. A refusal by a rule is shown with its clause in words, never a rule's id.
import { Alert, App, Form, Input, Modal, Radio, Select, Typography } from 'antd';
import { useState } from 'react';
import type { ReactNode } from 'react';
import { api, isApiError } from '../../shared/api';
import { FormErrorList, useErrorReporter } from '../../shared/errors';
import { fmtDate, fmtYuan } from '../../shared/format';
import { MoneyInput, moneyRules, moneyToFen } from '../../shared/MoneyInput';
import { parseYuan } from '../../../domain/money';
import type { FieldError } from '../../../contract/common';
import type { CapacityAcceptance, CapacityClosing } from '../../../contract/capacity-closing';
import { FilesField } from '../supervision/ImplementationShared';
import { evidenceFromAttachments, evidenceIds, type EvidenceFile } from '../selection/EvidenceUpload';
import { acceptanceYears, recoveryConsequences, refusalParts } from './closingRules';

/** API paths → the form's fields (amounts are typed in 元, files are the upload's). */
const mapPath = (p: (string | number)[]): (string | number)[] => (p[0] === 'amountFen' ? ['amountYuan'] : p[0] === 'attachmentIds' ? ['files'] : p);

/**
 * A dialog with a form that posts: browser validation first, then the server's answer — a refusal by
 * a rule as an alert with its clause, field errors on the fields and as a list.
 */
function ClosingForm<V extends object>(props: {
  title: string;
  okText: string;
  intro?: ReactNode;
  danger?: boolean;
  initialValues?: Partial<V>;
  /** the request, or null when the user stepped back (a second confirmation declined) */
  request: (values: V) => Promise<{ path: string; body: unknown } | null>;
  success: string;
  refusedTitle: string;
  onClose: () => void;
  onDone: () => void;
  children: (form: ReturnType<typeof Form.useForm<V>>[0]) => ReactNode;
}) {
  const { message } = App.useApp();
  const report = useErrorReporter();
  const [form] = Form.useForm<V>();
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [refusal, setRefusal] = useState<{ reason: string; clause: string | null } | null>(null);
  const submit = async () => {
    let values: V;
    try {
      values = await form.validateFields();
    } catch {
      return;
    }
    const r = await props.request(values);
    if (!r) return;
    setRefusal(null);
    setBusy(true);
    try {
      await api(r.path, { method: 'POST', body: r.body });
      message.success(props.success);
      props.onClose();
      props.onDone();
    } catch (e) {
      const clause = isApiError(e) && typeof e.problem.clause === 'string' ? e.problem.clause : null;
      if (isApiError(e) && clause) setRefusal(refusalParts(e.userMessage, clause));
      setErrors(report(e, { form, mapPath, action: props.title, onRefresh: () => (props.onClose(), props.onDone()) }));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal open title={props.title} okText={props.okText} cancelText="取消" width={640} okButtonProps={{ loading: busy, danger: props.danger }} onOk={() => void submit()} onCancel={props.onClose} maskClosable={false} destroyOnHidden>
      {props.intro ? <Typography.Paragraph type="secondary">{props.intro}</Typography.Paragraph> : null}
      {refusal ? (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 16 }}
          title={props.refusedTitle}
          description={
            <>
              <div>{refusal.reason}</div>
              {refusal.clause ? <Typography.Text type="secondary">依据：{refusal.clause}</Typography.Text> : null}
            </>
          }
        />
      ) : null}
      <FormErrorList errors={errors} />
      <Form<V> form={form} layout="vertical" initialValues={props.initialValues as never} scrollToFirstError onValuesChange={() => refusal && setRefusal(null)}>
        {props.children(form)}
      </Form>
    </Modal>
  );
}

// ------------------------------------------------------------------------------------------------
// Acceptance
// ------------------------------------------------------------------------------------------------

interface AcceptanceValues {
  result: 'passed' | 'failed';
  year: number;
  opinion: string;
  files: EvidenceFile[];
}

export function AcceptanceModal({ applicationId, closing, callYear, thisYear, returned, onClose, onDone }: {
  applicationId: string;
  closing: CapacityClosing;
  callYear: number;
  thisYear: number;
  /** the acceptance the finance bureau returned, proposed again */
  returned: CapacityAcceptance | null;
  onClose: () => void;
  onDone: () => void;
}) {
  const failedYears = closing.grounds.find((g) => g.ground === 'failedAcceptance')?.debarYears ?? 0;
  return (
    <ClosingForm<AcceptanceValues>
      title={returned ? '重新提出验收结论' : '提出验收结论'}
      okText={closing.coManaged ? '提交财政局确认' : '确定验收结论'}
      intro={closing.coManaged ? '验收结论提交财政局确认后生效。' : '本方案的验收结论由科协确定，提交后即生效。'}
      refusedTitle="验收结论未能提交"
      initialValues={returned ? { result: returned.result, year: returned.year, opinion: returned.opinion, files: evidenceFromAttachments(returned.attachments) } : { year: thisYear, files: [] }}
      request={async (v) => ({
        path: `/capacity-applications/${applicationId}/acceptance`,
        body: { result: v.result, year: v.year, opinion: v.opinion, attachmentIds: evidenceIds(v.files ?? []), ...(returned ? { rowVersion: returned.rowVersion } : {}) },
      })}
      success={closing.coManaged ? '验收结论已提交财政局确认' : '验收结论已确定'}
      onClose={onClose}
      onDone={onDone}
    >
      {(form) => (
        <>
          {returned?.returnComment ? <Alert type="warning" showIcon style={{ marginBottom: 16 }} title="财政局的退回意见" description={returned.returnComment} /> : null}
          <Form.Item name="result" label="验收结论" rules={[{ required: true, message: '请选择验收结论' }]}>
            <Radio.Group
              options={[
                { value: 'passed', label: '验收合格' },
                { value: 'failed', label: '验收不合格' },
              ]}
            />
          </Form.Item>
          <Form.Item noStyle shouldUpdate={(a, b) => a.result !== b.result}>
            {() =>
              form.getFieldValue('result') === 'failed' ? (
                <Alert
                  type="warning"
                  showIcon
                  style={{ marginBottom: 16 }}
                  title="验收不合格的后果"
                  description={`结论${closing.coManaged ? '经财政局确认' : ''}后，科协应收回已拨付的项目资金${failedYears > 0 ? `，并取消该学会申报资格 ${failedYears} 年` : ''}。`}
                />
              ) : null
            }
          </Form.Item>
          <Form.Item name="year" label="验收年度" rules={[{ required: true, message: '请选择验收年度' }]}>
            <Select options={acceptanceYears(callYear, thisYear).map((y) => ({ value: y, label: `${y} 年度` }))} style={{ maxWidth: 200 }} />
          </Form.Item>
          <Form.Item name="opinion" label="验收意见" rules={[{ required: true, whitespace: true, message: '请填写验收意见' }, { max: 5000, message: '验收意见不能超过 5000 个字' }]}>
            <Input.TextArea rows={5} maxLength={5000} showCount placeholder="对照申报书的目标和绩效指标，写明完成情况、资金使用情况和验收结论的理由" />
          </Form.Item>
          <Form.Item name="files" label="验收材料">
            <FilesField />
          </Form.Item>
        </>
      )}
    </ClosingForm>
  );
}

export function ReturnAcceptanceModal({ acceptance, onClose, onDone }: { acceptance: CapacityAcceptance; onClose: () => void; onDone: () => void }) {
  return (
    <ClosingForm<{ comment: string }>
      title="退回验收结论"
      okText="退回科协"
      danger
      intro="退回后由科协修改验收结论后重新提出。"
      refusedTitle="未能退回"
      request={async (v) => ({ path: `/capacity-acceptances/${acceptance.id}/return`, body: { rowVersion: acceptance.rowVersion, comment: v.comment } })}
      success="已退回验收结论"
      onClose={onClose}
      onDone={onDone}
    >
      {() => (
        <Form.Item name="comment" label="退回意见" rules={[{ required: true, whitespace: true, message: '请填写退回意见' }, { max: 2000, message: '退回意见不能超过 2000 个字' }]}>
          <Input.TextArea rows={4} maxLength={2000} showCount placeholder="如：请补充资金使用情况的审计报告" />
        </Form.Item>
      )}
    </ClosingForm>
  );
}

// ------------------------------------------------------------------------------------------------
// Refund and recovery
// ------------------------------------------------------------------------------------------------

interface RefundValues {
  amountYuan: string;
  note?: string;
  files: EvidenceFile[];
}

export function RefundModal({ applicationId, closing, onClose, onDone }: { applicationId: string; closing: CapacityClosing; onClose: () => void; onDone: () => void }) {
  const held = closing.balance?.outstandingFen ?? 0;
  const unspent = closing.window.unspentFen;
  return (
    <ClosingForm<RefundValues>
      title="登记退还的专项资金"
      okText="登记退还"
      intro={`登记学会退还、已到账的专项资金，可部分或全部退还。学会尚持有已拨付的资金 ${fmtYuan(held)}${unspent ? `；执行期满时未使用的资金 ${fmtYuan(unspent)}` : ''}。`}
      refusedTitle="这笔退还不能登记"
      initialValues={{ files: [] }}
      request={async (v) => ({ path: `/capacity-applications/${applicationId}/refunds`, body: { amountFen: moneyToFen(v.amountYuan), note: v.note?.trim() || null, attachmentIds: evidenceIds(v.files ?? []) } })}
      success="退还已登记"
      onClose={onClose}
      onDone={onDone}
    >
      {() => (
        <>
          <Form.Item name="amountYuan" label="退还金额" rules={moneyRules({ label: '退还金额', required: true, min: 1, minMessage: '退还金额应大于 0', max: held, maxMessage: `退还金额不能超过学会尚持有的已拨付资金 ${fmtYuan(held)}` })}>
            <MoneyInput />
          </Form.Item>
          <Form.Item name="note" label="说明" rules={[{ max: 1000, message: '说明不能超过 1000 个字' }]}>
            <Input.TextArea rows={3} maxLength={1000} showCount placeholder="如：到账日期、汇款凭证号" />
          </Form.Item>
          <Form.Item name="files" label="退款凭证">
            <FilesField />
          </Form.Item>
        </>
      )}
    </ClosingForm>
  );
}

interface RecoveryValues {
  ground: string;
  amountYuan: string;
  responsibility: string;
  note?: string;
  files: EvidenceFile[];
}

export function RecoveryModal({ applicationId, closing, onClose, onDone }: { applicationId: string; closing: CapacityClosing; onClose: () => void; onDone: () => void }) {
  const { modal } = App.useApp();
  const held = closing.balance?.outstandingFen ?? 0;
  const grounds = closing.grounds;
  const readAmount = (v: unknown): number | null => {
    const r = parseYuan(v, '追回金额');
    return r.ok ? r.fen : null;
  };
  return (
    <ClosingForm<RecoveryValues>
      title="登记追回专项资金"
      okText="下一步：确认后果"
      danger
      intro={`按本方案规定的事由追回专项资金，并认定相关人员的责任（${closing.clauses.responsibility}）。学会尚持有已拨付的资金 ${fmtYuan(held)}。`}
      refusedTitle="这笔追回不能登记"
      initialValues={{ files: [], amountYuan: held > 0 ? undefined : '0' }}
      request={async (v) => {
        const g = grounds.find((x) => x.ground === v.ground)!;
        const amountFen = readAmount(v.amountYuan);
        const ok = await modal.confirm({
          title: `确认以“${g.label}”为由追回？`,
          width: 560,
          okText: '确认追回',
          okButtonProps: { danger: true },
          cancelText: '返回修改',
          content: (
            <ul style={{ margin: 0, paddingInlineStart: 20 }}>
              {recoveryConsequences(g, amountFen, closing.balance).map((t) => (
                <li key={t}>{t}</li>
              ))}
            </ul>
          ),
        });
        if (!ok) return null;
        return {
          path: `/capacity-applications/${applicationId}/recoveries`,
          body: { ground: v.ground, amountFen: moneyToFen(v.amountYuan), responsibility: v.responsibility, note: v.note?.trim() || null, attachmentIds: evidenceIds(v.files ?? []) },
        };
      }}
      success="追回已登记"
      onClose={onClose}
      onDone={onDone}
    >
      {(form) => (
        <>
          <Form.Item name="ground" label="追回事由" rules={[{ required: true, message: '请选择追回事由' }]}>
            <Select
              placeholder="本方案规定的追回事由"
              options={grounds.map((g) => ({ value: g.ground, label: g.available ? g.label : `${g.label}（${g.unavailableReason}）`, disabled: !g.available }))}
            />
          </Form.Item>
          <Form.Item
            name="amountYuan"
            label="追回金额"
            extra={held > 0 ? `不超过学会尚持有的已拨付资金 ${fmtYuan(held)}` : '学会未持有已拨付的资金：填 0，只记录事由和责任认定（资金未拨付的，撤销资助）'}
            rules={moneyRules({ label: '追回金额', required: true, min: held > 0 ? 1 : 0, minMessage: '学会尚持有已拨付的资金，追回金额应大于 0', max: held, maxMessage: `追回金额不能超过学会尚持有的已拨付资金 ${fmtYuan(held)}` })}
          >
            <MoneyInput />
          </Form.Item>
          <Form.Item name="responsibility" label="责任认定（相关人员及其责任）" rules={[{ required: true, whitespace: true, message: '请填写责任认定' }, { max: 2000, message: '责任认定不能超过 2000 个字' }]}>
            <Input.TextArea rows={4} maxLength={2000} showCount placeholder="写明相关人员的姓名、职务和认定的责任，如：项目负责人张某擅自改变资金用途，负主要责任" />
          </Form.Item>
          <Form.Item noStyle shouldUpdate>
            {() => {
              const g = grounds.find((x) => x.ground === form.getFieldValue('ground'));
              if (!g) return null;
              return (
                <Alert
                  type="warning"
                  showIcon
                  style={{ marginBottom: 16 }}
                  title="登记后将"
                  description={
                    <>
                      <ul style={{ margin: 0, paddingInlineStart: 20 }}>
                        {recoveryConsequences(g, readAmount(form.getFieldValue('amountYuan')), closing.balance).map((t) => (
                          <li key={t}>{t}</li>
                        ))}
                      </ul>
                      <Typography.Text type="secondary">依据：{g.clause}</Typography.Text>
                    </>
                  }
                />
              );
            }}
          </Form.Item>
          <Form.Item name="note" label="说明" rules={[{ max: 1000, message: '说明不能超过 1000 个字' }]}>
            <Input.TextArea rows={2} maxLength={1000} showCount placeholder="如：检查发现的问题、追回款到账情况" />
          </Form.Item>
          <Form.Item name="files" label="相关材料">
            <FilesField />
          </Form.Item>
        </>
      )}
    </ClosingForm>
  );
}

/** A debarment as one line: the years and the period. */
export const debarmentText = (d: { years: number; startsOn: string; endsOn: string }) => `取消申报资格 ${d.years} 年（${fmtDate(d.startsOn)} 至 ${fmtDate(d.endsOn)}）`;
