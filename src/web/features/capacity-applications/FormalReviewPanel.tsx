// CAP-3: the association's formal review of a submitted application, item by item over the
// programme's checklist — each 符合 or 不符合 (with the reason when not met), then the decision and a
// comment. The rules are the domain's (formalReviewProblems): pass only when every item is met;
// return or reject need at least one item not met and a comment. The form shows them as the reviewer
// answers, so the reason a decision is closed is on the screen before anything is sent.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Form, Input, Radio, Space, Typography } from 'antd';
import { useState } from 'react';
import { api, isApiError } from '../../shared/api';
import { applyFieldErrors, useErrorReporter } from '../../shared/errors';
import type { CapacityApplication } from '../../../contract/capacity-applications';
import { formalReviewProblems, type FormalDecision } from '../../../domain/capacity/application';
import { APPLICATIONS_KEY, applicationKey, describeApplicationPath } from './applicationShared';

interface Values {
  items: { passed?: 'yes' | 'no'; note?: string }[];
  decision?: FormalDecision;
  comment?: string;
}

export const decisionLabels: Record<FormalDecision, string> = { pass: '通过', return: '退回修改', reject: '不予受理' };

export function FormalReviewPanel({ a }: { a: CapacityApplication }) {
  const [form] = Form.useForm<Values>();
  const qc = useQueryClient();
  const { modal, message } = App.useApp();
  const report = useErrorReporter();
  const [sent, setSent] = useState<{ label: string; message: string }[]>([]);
  const items = (Form.useWatch('items', form) ?? []) as Values['items'];
  const decision = Form.useWatch('decision', form) as FormalDecision | undefined;
  const answered = a.checklist.map((_, i) => items[i]?.passed);
  const unanswered = answered.filter((x) => !x).length;
  const failed = answered.filter((x) => x === 'no').length;
  const allMet = unanswered === 0 && failed === 0;

  const review = useMutation({
    mutationFn: (body: object) => api<CapacityApplication>(`/capacity-applications/${a.id}/review`, { method: 'POST', body: { ...body, rowVersion: a.rowVersion } }),
    onSuccess: (r, body) => {
      qc.setQueryData(applicationKey(a.id), r);
      void qc.invalidateQueries({ queryKey: [APPLICATIONS_KEY] });
      void qc.invalidateQueries({ queryKey: ['todos/counts'] });
      void qc.invalidateQueries({ queryKey: ['audit', 'entity', 'capacity_application', a.id] });
      const d = (body as { decision: FormalDecision }).decision;
      message.success(`已${d === 'pass' ? '通过形式审查' : decisionLabels[d]}，已通知${a.societyName}`);
    },
    onError: (e) => {
      if (isApiError(e) && e.errors.length) {
        applyFieldErrors(form, e.errors);
        setSent(e.errors.map((fe) => ({ label: describeApplicationPath(fe.path, (i) => a.checklist[i]?.label), message: fe.message })));
        message.error(`审查未能提交：${e.errors[0].message}`);
        return;
      }
      report(e, { action: '形式审查', onRefresh: () => void qc.invalidateQueries({ queryKey: applicationKey(a.id) }) });
    },
  });

  const finish = (v: Values) => {
    const body = {
      decision: v.decision!,
      items: a.checklist.map((c, i) => ({ code: c.code, passed: v.items?.[i]?.passed === 'yes', note: v.items?.[i]?.note?.trim() || null })),
      comment: v.comment?.trim() || null,
    };
    const problems = formalReviewProblems(body.decision, body.items, body.comment, a.checklist);
    if (problems.length) {
      applyFieldErrors(form, problems);
      setSent(problems.map((p) => ({ label: describeApplicationPath(p.path, (i) => a.checklist[i]?.label), message: p.message })));
      return;
    }
    setSent([]);
    const notMet = body.items.filter((i) => !i.passed).map((i) => a.checklist.find((c) => c.code === i.code)?.label ?? '');
    const what: Record<FormalDecision, string> = {
      pass: `“${a.title}”各项均符合，通过形式审查，进入专家评审。将通知${a.societyName}。`,
      return: `退回${a.societyName}修改：不符合“${notMet.join('”“')}”。学会修改后可重新提交，您的意见将告知学会。`,
      reject: `不予受理“${a.title}”：不符合“${notMet.join('”“')}”。申报就此结束，学会不能再修改此申报书。理由将告知学会。`,
    };
    modal.confirm({
      title: body.decision === 'pass' ? '通过形式审查？' : `${decisionLabels[body.decision]}？`,
      content: what[body.decision],
      okText: body.decision === 'pass' ? '通过形式审查' : decisionLabels[body.decision],
      okButtonProps: body.decision === 'reject' ? { danger: true } : undefined,
      cancelText: '取消',
      onOk: () => review.mutateAsync(body).catch(() => undefined),
    });
  };

  // what the chosen decision needs, said before it is sent
  const hint =
    unanswered > 0
      ? `还有 ${unanswered} 项未审查：请逐项选择“符合”或“不符合”。`
      : allMet
        ? '各项均符合：应通过形式审查。'
        : `有 ${failed} 项不符合：不能通过，请选择“退回修改”（学会可修改后重新提交）或“不予受理”，并写明意见。`;

  return (
    <Card title="形式审查" styles={{ body: { paddingTop: 12 } }}>
      <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
        依据{a.checklistClause}，对照方案的形式审查清单逐项审查。
      </Typography.Paragraph>
      <Form<Values>
        form={form}
        name="formalReview"
        layout="vertical"
        onFinish={finish}
        onValuesChange={(changed: Partial<Values>, all: Values) => {
          // the decision follows the answers: every item met → 通过; a decision they no longer allow is cleared
          if (changed.items) {
            const ans = a.checklist.map((_, i) => all.items?.[i]?.passed);
            const anyNo = ans.includes('no');
            const done = !ans.includes(undefined);
            if (done && !anyNo) form.setFieldValue('decision', 'pass');
            else if (all.decision === 'pass' && anyNo) form.setFieldValue('decision', undefined);
          }
        }}
        aria-label="形式审查"
      >
        <ol style={{ listStyle: 'none', margin: 0, padding: 0 }} aria-label="形式审查清单">
          {a.checklist.map((c, i) => {
            const no = items[i]?.passed === 'no';
            return (
              <li key={c.code} style={{ padding: '8px 0', borderBottom: '1px solid #f0f0f0' }}>
                <Typography.Text strong>
                  {i + 1}. {c.label}
                </Typography.Text>
                <Form.Item name={['items', i, 'passed']} rules={[{ required: true, message: '请选择是否符合' }]} style={{ margin: '6px 0 0' }}>
                  <Radio.Group
                    aria-label={c.label}
                    options={[
                      { value: 'yes', label: '符合' },
                      { value: 'no', label: '不符合' },
                    ]}
                  />
                </Form.Item>
                {no ? (
                  <Form.Item
                    name={['items', i, 'note']}
                    rules={[{ required: true, whitespace: true, message: '不符合的项目请写明原因' }]}
                    style={{ margin: '6px 0 0' }}
                  >
                    <Input.TextArea rows={2} maxLength={1000} placeholder="写明不符合的原因，如：会务费测算偏高" aria-label={`“${c.label}”不符合的原因`} />
                  </Form.Item>
                ) : (
                  <Form.Item name={['items', i, 'note']} style={{ margin: '6px 0 0' }}>
                    <Input maxLength={1000} placeholder="说明（选填）" aria-label={`“${c.label}”的说明`} />
                  </Form.Item>
                )}
              </li>
            );
          })}
        </ol>
        <Alert type={unanswered ? 'info' : allMet ? 'success' : 'warning'} showIcon style={{ margin: '12px 0' }} title={hint} />
        <Form.Item label="审查结论" name="decision" rules={[{ required: true, message: '请选择审查结论' }]}>
          <Radio.Group
            optionType="button"
            buttonStyle="solid"
            options={(['pass', 'return', 'reject'] as FormalDecision[]).map((d) => ({
              value: d,
              label: decisionLabels[d],
              // pass only when all items are met; return and reject only when one is not
              disabled: unanswered > 0 ? false : d === 'pass' ? !allMet : allMet,
            }))}
          />
        </Form.Item>
        <Form.Item
          label={decision === 'return' ? '退回修改意见（告知学会）' : decision === 'reject' ? '不予受理理由（告知学会）' : '审查意见（选填）'}
          name="comment"
          rules={decision && decision !== 'pass' ? [{ required: true, whitespace: true, message: decision === 'return' ? '请填写退回修改的意见' : '请填写不予受理的理由' }] : undefined}
        >
          <Input.TextArea
            rows={3}
            maxLength={2000}
            showCount
            placeholder={decision === 'return' ? '请写明需要修改的内容，如：请按标准重新测算会务费' : decision === 'reject' ? '请写明不予受理的理由' : undefined}
          />
        </Form.Item>
        {sent.length ? (
          <Alert
            type="error"
            showIcon
            style={{ marginBottom: 12 }}
            title="审查还不能提交"
            description={
              <ul style={{ margin: 0, paddingInlineStart: 20 }}>
                {sent.map((e, i) => (
                  <li key={i}>
                    {e.label ? <strong>{e.label}：</strong> : null}
                    {e.message}
                  </li>
                ))}
              </ul>
            }
          />
        ) : null}
        <Space style={{ width: '100%' }} orientation="vertical">
          <Button type="primary" htmlType="submit" loading={review.isPending} block>
            {decision ? (decision === 'pass' ? '提交：通过形式审查' : `提交：${decisionLabels[decision]}`) : '提交审查结论'}
          </Button>
        </Space>
      </Form>
    </Card>
  );
}
