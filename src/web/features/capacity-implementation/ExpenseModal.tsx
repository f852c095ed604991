// FND-1…FND-5: the society records an expense against a line of the approved budget — the category
// and item chosen from the approved lines, the amount in 元, the day, whether it forms a fixed
// asset, the evidence. What the line has left and the procurement threshold are shown as the user
// types; a refusal by a rule (a forbidden category, beyond the line, outside the window) is shown
// with the clause it rests on, in words.
import { Alert, App, Form, Input, Modal, Select, Switch, Typography } from 'antd';
import { useState } from 'react';
import type { Dayjs } from 'dayjs';
import { api, isApiError } from '../../shared/api';
import { DayPicker, dayRule } from '../../shared/DayPicker';
import { applyFieldErrors, useErrorReporter } from '../../shared/errors';
import { dayjs, fmtDate, fmtYuan, todayCst } from '../../shared/format';
import { MoneyInput, moneyRules, moneyToFen } from '../../shared/MoneyInput';
import { parseYuan } from '../../../domain/money';
import type { BudgetExecution } from '../../../contract/capacity-implementation';
import { FilesField } from '../supervision/ImplementationShared';
import { evidenceIds, type EvidenceFile } from '../selection/EvidenceUpload';
import { expenseChoices, lineOf, refusalText } from './implementationRules';

interface Values {
  category?: string;
  item?: string;
  amountYuan?: string;
  spentOn?: Dayjs | null;
  description?: string;
  fixedAsset?: boolean;
  files?: EvidenceFile[];
}

/** An API path → the form's field (the amount is typed in 元, the files are the upload's). */
const mapPath = (p: (string | number)[]): (string | number)[] => (p[0] === 'amountFen' ? ['amountYuan'] : p[0] === 'attachmentIds' ? ['files'] : p);

export function ExpenseModal({ applicationId, execution: e, onClose, onDone }: { applicationId: string; execution: BudgetExecution; onClose: () => void; onDone: () => void }) {
  const { message } = App.useApp();
  const report = useErrorReporter();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const [refusal, setRefusal] = useState<{ reason: string; clause: string | null } | null>(null);
  const choices = expenseChoices(e.lines);
  const category = Form.useWatch('category', form);
  const item = Form.useWatch('item', form);
  const amount = Form.useWatch('amountYuan', form);
  const chosen = choices.find((c) => c.value === category);
  const line = lineOf(e.lines, category, item ?? null);
  const read = parseYuan(amount, '支出金额');
  const fen = read.ok ? read.fen : null;
  const today = todayCst();

  const submit = async () => {
    let v: Values;
    try {
      v = await form.validateFields();
    } catch {
      return;
    }
    setRefusal(null);
    setBusy(true);
    try {
      await api(`/capacity-applications/${applicationId}/expenses`, {
        method: 'POST',
        body: {
          category: v.category,
          item: v.item ?? null,
          amountFen: moneyToFen(v.amountYuan),
          spentOn: v.spentOn ? v.spentOn.format('YYYY-MM-DD') : null,
          description: v.description,
          fixedAsset: !!v.fixedAsset,
          attachmentIds: evidenceIds(v.files ?? []),
        },
      });
      message.success('支出已登记');
      onClose();
      onDone();
    } catch (err) {
      const clause = isApiError(err) && typeof err.problem.clause === 'string' ? err.problem.clause : null;
      if (isApiError(err) && clause) {
        // refused by a rule: what is wrong and the clause, on the form; the field marked
        setRefusal(refusalText(err.userMessage, clause));
        applyFieldErrors(form, err.errors, mapPath);
      } else {
        report(err, { form, mapPath, action: '登记支出', onRefresh: onDone });
      }
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal open title="登记支出" okText="登记支出" cancelText="取消" width={680} okButtonProps={{ loading: busy }} onOk={() => void submit()} onCancel={onClose} maskClosable={false} destroyOnHidden>
      <Typography.Paragraph type="secondary">
        按批复的预算科目登记，并上传发票、合同等支出凭证。禁止开支的事项、超出科目预算或执行期限（{fmtDate(e.approvedOn)} 至 {fmtDate(e.windowEndsOn)}）的支出不能登记；预算确需调整的，请先申请调整预算。
      </Typography.Paragraph>
      {refusal ? (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 16 }}
          title="这笔支出不能登记"
          description={
            <>
              <div>{refusal.reason}</div>
              {refusal.clause ? <Typography.Text type="secondary">依据：{refusal.clause}</Typography.Text> : null}
            </>
          }
        />
      ) : null}
      <Form<Values> form={form} layout="vertical" initialValues={{ fixedAsset: false, files: [], spentOn: dayjs(today) }} scrollToFirstError onValuesChange={() => refusal && setRefusal(null)}>
        <Form.Item name="category" label="支出类别" rules={[{ required: true, message: '请选择支出类别' }]}>
          <Select
            placeholder="批复预算中的支出类别"
            options={choices.map((c) => ({ value: c.value, label: c.label }))}
            onChange={() => form.setFieldValue('item', undefined)}
          />
        </Form.Item>
        <Form.Item
          name="item"
          label="开支项目"
          rules={chosen && !chosen.wholeCategory ? [{ required: true, message: '请选择开支项目' }] : []}
          extra={chosen?.wholeCategory ? '该类别整体列入预算，可不选开支项目' : undefined}
        >
          <Select placeholder={chosen ? '选择开支项目' : '请先选择支出类别'} disabled={!chosen} allowClear={!!chosen?.wholeCategory} options={(chosen?.items ?? []).map((i) => ({ value: i, label: i }))} />
        </Form.Item>
        <Form.Item
          name="amountYuan"
          label="支出金额"
          rules={moneyRules({ label: '支出金额', required: true, min: 1, minMessage: '支出金额应大于 0' })}
          extra={
            <>
              {line ? (
                <div>
                  该科目批复 {fmtYuan(line.approvedFen)}，已支出 {fmtYuan(line.spentFen)}，尚余 {fmtYuan(line.remainingFen)}
                </div>
              ) : null}
              {fen !== null && fen >= e.procurementThresholdFen ? (
                <Typography.Text type="warning">达到政府采购限额标准（{fmtYuan(e.procurementThresholdFen)}），应按政府采购规定执行；登记后提请科协核查。</Typography.Text>
              ) : null}
            </>
          }
        >
          <MoneyInput />
        </Form.Item>
        <Form.Item name="spentOn" label="支出日期" rules={[{ required: true, message: '请选择支出日期' }, dayRule]}>
          <DayPicker
            style={{ width: '100%' }}
            placeholder="请选择日期"
            disabledDate={(d) => d.format('YYYY-MM-DD') > today}
            disabledDateMessage={`支出日期不能晚于今天（${fmtDate(today)}）`}
          />
        </Form.Item>
        <Form.Item name="description" label="支出说明" rules={[{ required: true, whitespace: true, message: '请填写支出说明' }, { max: 500, message: '支出说明不能超过 500 个字' }]}>
          <Input.TextArea rows={3} maxLength={500} showCount placeholder="如：论坛会场租金（合同编号 …）" />
        </Form.Item>
        <Form.Item name="fixedAsset" label="形成固定资产" valuePropName="checked" extra="购置设备等形成固定资产的，登记后提请科协核查，并按资产管理办法管理">
          <Switch checkedChildren="是" unCheckedChildren="否" />
        </Form.Item>
        <Form.Item name="files" label="支出凭证">
          <FilesField />
        </Form.Item>
      </Form>
    </Modal>
  );
}
