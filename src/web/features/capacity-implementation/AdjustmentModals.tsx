// FND-3 (办法 第十二条: no self-made budget changes): the society asks to change the approved lines
// — between lines or lower, never above the approved total, every line in the programme's allowed
// categories, none below what is already spent on it — and the association approves (the new lines
// replace the approved budget) or rejects with its reasons.
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, App, Button, Col, Form, Grid, Input, Modal, Radio, Row, Select, Space, Table, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useState } from 'react';
import { api, isApiError } from '../../shared/api';
import { applyFieldErrors, useErrorReporter } from '../../shared/errors';
import { fmtYuan } from '../../shared/format';
import { MoneyInput, fenToYuanText, moneyRules, moneyToFen } from '../../shared/MoneyInput';
import { parseYuan } from '../../../domain/money';
import type { BudgetAdjustment, BudgetExecution } from '../../../contract/capacity-implementation';
import { refusalText } from './implementationRules';
import { clipped, tableMinWidth } from '../../shared/cells';

interface LineValues {
  category?: string;
  item?: string | null;
  amountYuan?: string;
  note?: string;
}
interface Values {
  budget: LineValues[];
  reason?: string;
}

const mapPath = (p: (string | number)[]): (string | number)[] => (p[0] === 'budget' && p[2] === 'amountFen' ? ['budget', p[1], 'amountYuan'] : p);

/** Σ of the lines whose amount reads as 元, in fen. */
function totalOf(lines: LineValues[] | undefined): number {
  let s = 0;
  for (const l of lines ?? []) {
    const r = parseYuan(l?.amountYuan);
    if (r.ok && r.fen !== null) s += r.fen;
  }
  return s;
}

function Refusal({ r }: { r: { reason: string; clause: string | null } }) {
  return (
    <Alert
      type="error"
      showIcon
      style={{ marginBottom: 16 }}
      title="预算调整申请未能提交"
      description={
        <>
          <div>{r.reason}</div>
          {r.clause ? <Typography.Text type="secondary">依据：{r.clause}</Typography.Text> : null}
        </>
      }
    />
  );
}

export function AdjustmentModal({ applicationId, execution: e, onClose, onDone }: { applicationId: string; execution: BudgetExecution; onClose: () => void; onDone: () => void }) {
  const { message } = App.useApp();
  const report = useErrorReporter();
  const screens = Grid.useBreakpoint();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const [refusal, setRefusal] = useState<{ reason: string; clause: string | null } | null>(null);
  const lines = Form.useWatch('budget', form) as LineValues[] | undefined;
  const initial: Values = { budget: e.lines.map((l) => ({ category: l.category, item: l.item, amountYuan: fenToYuanText(l.approvedFen), note: l.note ?? '' })) };
  const total = totalOf(lines ?? initial.budget);
  const over = total > e.approvedFen;
  const spentOn = (category?: string, item?: string | null) => e.lines.find((l) => l.category === category && l.item === (item ?? null))?.spentFen ?? 0;

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
      await api(`/capacity-applications/${applicationId}/budget-adjustments`, {
        method: 'POST',
        body: {
          budget: v.budget.map((l) => ({ category: l.category, item: l.item ?? null, amountFen: moneyToFen(l.amountYuan), note: l.note?.trim() || null })),
          reason: v.reason,
        },
      });
      message.success('预算调整申请已提交，等待科协审批');
      onClose();
      onDone();
    } catch (err) {
      const clause = isApiError(err) && typeof err.problem.clause === 'string' ? err.problem.clause : null;
      if (isApiError(err) && clause) {
        setRefusal(refusalText(err.userMessage, clause));
        applyFieldErrors(form, err.errors, mapPath);
      } else {
        report(err, { form, mapPath, action: '申请调整预算', onRefresh: onDone });
      }
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal open title="申请调整预算" okText="提交调整申请" cancelText="取消" width={screens.md ? 860 : undefined} okButtonProps={{ loading: busy }} onOk={() => void submit()} onCancel={onClose} maskClosable={false} destroyOnHidden>
      <Typography.Paragraph type="secondary">
        项目预算须严格按批复执行；确需调整的，报科协审批后执行。资助金额不变：调整后的合计不能超过批复的 {fmtYuan(e.approvedFen)}，各科目不能低于已支出的金额。
      </Typography.Paragraph>
      {refusal ? <Refusal r={refusal} /> : null}
      <Form<Values> form={form} layout="vertical" initialValues={initial} scrollToFirstError onValuesChange={() => refusal && setRefusal(null)}>
        <Form.List name="budget" rules={[{ validator: async (_, v: unknown[]) => { if (!v?.length) throw new Error('请至少填写一项预算'); } }]}>
          {(fields, { add, remove }, { errors }) => (
            <Space orientation="vertical" size={8} style={{ width: '100%' }}>
              {fields.map((f, i) => {
                const l = lines?.[f.name] ?? initial.budget[f.name];
                const cat = e.categories.find((c) => c.code === l?.category);
                const spent = spentOn(l?.category, l?.item);
                return (
                  <Row key={f.key} gutter={8} align="top">
                    <Col xs={24} md={5}>
                      <Form.Item name={[f.name, 'category']} label={i === 0 || !screens.md ? '支出类别' : undefined} rules={[{ required: true, message: '请选择支出类别' }]} style={{ marginBottom: 8 }}>
                        <Select aria-label={`第 ${i + 1} 行支出类别`} options={e.categories.map((c) => ({ value: c.code, label: c.label }))} onChange={() => form.setFieldValue(['budget', f.name, 'item'], undefined)} />
                      </Form.Item>
                    </Col>
                    <Col xs={24} md={6}>
                      <Form.Item name={[f.name, 'item']} label={i === 0 || !screens.md ? '开支项目' : undefined} rules={cat && cat.items.length ? [{ required: true, message: '请选择开支项目' }] : undefined} style={{ marginBottom: 8 }}>
                        <Select aria-label={`第 ${i + 1} 行开支项目`} disabled={!cat || !cat.items.length} options={(cat?.items ?? []).map((x) => ({ value: x, label: x }))} popupMatchSelectWidth={false} />
                      </Form.Item>
                    </Col>
                    <Col xs={24} md={5}>
                      <Form.Item
                        name={[f.name, 'amountYuan']}
                        label={i === 0 || !screens.md ? '调整后金额' : undefined}
                        rules={moneyRules({ label: '金额', required: true, min: Math.max(1, spent), minMessage: spent > 0 ? `已支出 ${fmtYuan(spent)}，不能低于已支出的金额` : '金额应大于 0' })}
                        extra={spent > 0 ? `已支出 ${fmtYuan(spent)}` : undefined}
                        style={{ marginBottom: 8 }}
                      >
                        <MoneyInput aria-label={`第 ${i + 1} 行金额`} />
                      </Form.Item>
                    </Col>
                    <Col xs={20} md={7}>
                      <Form.Item name={[f.name, 'note']} label={i === 0 || !screens.md ? '测算依据' : undefined} style={{ marginBottom: 8 }}>
                        <Input maxLength={500} aria-label={`第 ${i + 1} 行测算依据`} />
                      </Form.Item>
                    </Col>
                    <Col xs={4} md={1} style={{ paddingTop: i === 0 || !screens.md ? 30 : 0 }}>
                      <Button type="text" danger icon={<DeleteOutlined />} onClick={() => remove(f.name)} disabled={fields.length <= 1 || spent > 0} title={spent > 0 ? '已有支出的科目不能删除' : undefined} aria-label={`删除第 ${i + 1} 行预算`} />
                    </Col>
                  </Row>
                );
              })}
              <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ note: '' })} disabled={fields.length >= 50}>
                添加预算科目
              </Button>
              <div style={{ color: '#ff4d4f' }}>
                <Form.ErrorList errors={errors} />
              </div>
            </Space>
          )}
        </Form.List>
        <div role="status" aria-live="polite" style={{ margin: '8px 0 16px', padding: '10px 12px', background: over ? '#fff1f0' : '#f6f8fb', borderRadius: 4 }}>
          调整后合计 <Typography.Text strong>{fmtYuan(total)}</Typography.Text>，批复的预算合计 {fmtYuan(e.approvedFen)}
          {over ? <Typography.Text type="danger">：超过批复的合计，请调减</Typography.Text> : null}
        </div>
        <Form.Item name="reason" label="调整理由" rules={[{ required: true, whitespace: true, message: '请填写调整理由' }, { max: 2000, message: '调整理由不能超过 2000 个字' }]}>
          <Input.TextArea rows={4} maxLength={2000} showCount placeholder="说明实施条件与申报时相比发生的变化，以及调整的测算依据" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

export function DecideAdjustmentModal({ j, onClose, onDone }: { j: BudgetAdjustment; onClose: () => void; onDone: () => void }) {
  const { message } = App.useApp();
  const report = useErrorReporter();
  const [form] = Form.useForm<{ decision?: 'approve' | 'reject'; comment?: string }>();
  const decision = Form.useWatch('decision', form);
  const [busy, setBusy] = useState(false);
  const [refusal, setRefusal] = useState<{ reason: string; clause: string | null } | null>(null);
  const submit = async () => {
    let v: { decision?: 'approve' | 'reject'; comment?: string };
    try {
      v = await form.validateFields();
    } catch {
      return;
    }
    setBusy(true);
    try {
      await api(`/capacity-budget-adjustments/${j.id}/decide`, { method: 'POST', body: { rowVersion: j.rowVersion, decision: v.decision, comment: v.comment?.trim() || null } });
      message.success(v.decision === 'approve' ? '已批准，项目预算已按调整后执行' : '已不予批准，学会会收到通知');
      onClose();
      onDone();
    } catch (err) {
      const clause = isApiError(err) && typeof err.problem.clause === 'string' ? err.problem.clause : null;
      if (isApiError(err) && clause) setRefusal(refusalText(err.userMessage, clause));
      else report(err, { form, action: '审批预算调整', onRefresh: onDone });
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      open
      title="审批预算调整"
      okText={decision === 'reject' ? '不予批准' : decision === 'approve' ? '批准调整' : '提交审批'}
      okButtonProps={{ loading: busy, danger: decision === 'reject' }}
      cancelText="取消"
      width={720}
      onOk={() => void submit()}
      onCancel={onClose}
      maskClosable={false}
      destroyOnHidden
    >
      {refusal ? <Refusal r={refusal} /> : null}
      <Typography.Paragraph>调整理由：{j.reason}</Typography.Paragraph>
      <AdjustmentDiff j={j} />
      <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>
        合计 {fmtYuan(j.beforeTotalFen)} → {fmtYuan(j.afterTotalFen)}。批准后，学会按调整后的预算登记支出。
      </Typography.Paragraph>
      <Form form={form} layout="vertical">
        <Form.Item name="decision" label="审批结论" rules={[{ required: true, message: '请选择审批结论' }]}>
          <Radio.Group
            options={[
              { value: 'approve', label: '批准调整' },
              { value: 'reject', label: '不予批准' },
            ]}
          />
        </Form.Item>
        <Form.Item
          name="comment"
          label={decision === 'reject' ? '不予批准的理由' : '审批意见（选填）'}
          rules={[...(decision === 'reject' ? [{ required: true, whitespace: true, message: '请填写不予批准的理由' }] : []), { max: 2000, message: '审批意见不能超过 2000 个字' }]}
        >
          <Input.TextArea rows={3} maxLength={2000} showCount />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** The lines before and as asked, side by side (a line missing on one side shows —). */
export function AdjustmentDiff({ j }: { j: BudgetAdjustment }) {
  const key = (l: { category: string; item: string | null }) => `${l.category}:${l.item ?? ''}`;
  const keys = [...new Set([...j.before.map(key), ...j.after.map(key)])];
  const rows = keys.map((k) => {
    const b = j.before.find((l) => key(l) === k);
    const a = j.after.find((l) => key(l) === k);
    const l = (a ?? b)!;
    return { k, name: `${l.categoryLabel}${l.item ? `—${l.item}` : ''}`, before: b?.amountFen ?? null, after: a?.amountFen ?? null };
  });
  type Row = (typeof rows)[number];
  const columns: TableColumnsType<Row> = [
    { title: '预算科目', dataIndex: 'name', ...clipped<Row>() },
    { title: '调整前', dataIndex: 'before', width: 140, align: 'right', render: (v: number | null) => fmtYuan(v) },
    {
      title: '调整后',
      dataIndex: 'after',
      width: 140,
      align: 'right',
      render: (v: number | null, r) => (v === r.before ? fmtYuan(v) : <Typography.Text strong>{fmtYuan(v)}</Typography.Text>),
    },
  ];
  return <Table<Row> rowKey="k" size="small" columns={columns} dataSource={rows} pagination={false} scroll={{ x: tableMinWidth(columns) }} />;
}
