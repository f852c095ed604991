// EVA-4: the questionnaire as a respondent fills it — each rated question a row of five radio
// buttons (非常满意 … 非常不满意), stacked on a phone; a free answer as a text box — and an answer
// read back. Used inside the platform (MySurveysPage) and on the public link's page (PortalSurvey).
import { Button, Descriptions, Form, Grid, Input, Radio, Typography } from 'antd';
import type { FormInstance } from 'antd';
import type { SurveyQuestionRecord } from '../../../contract/surveys';

export interface ScaleOption {
  rating: number;
  label: string;
}

export type AnswerValues = Record<string, number | string | undefined>;

/** The answers as the API takes them: ratings as numbers, free answers trimmed (left out when empty). */
export function answersBody(questions: readonly SurveyQuestionRecord[], v: AnswerValues): { answers: Record<string, number | string> } {
  const out: Record<string, number | string> = {};
  for (const q of questions) {
    const x = v[q.key];
    if (q.kind === 'rating' && typeof x === 'number') out[q.key] = x;
    if (q.kind === 'text' && typeof x === 'string' && x.trim()) out[q.key] = x.trim();
  }
  return { answers: out };
}

export function QuestionnaireForm(props: {
  form: FormInstance<AnswerValues>;
  questions: readonly SurveyQuestionRecord[];
  scale: readonly ScaleOption[];
  submitting: boolean;
  onSubmit: (v: AnswerValues) => void;
  submitText?: string;
}) {
  const wide = !!Grid.useBreakpoint().sm;
  return (
    <Form form={props.form} layout="vertical" aria-label="填写问卷" onFinish={props.onSubmit} requiredMark={false} scrollToFirstError={{ block: 'center' }}>
      {props.questions.map((q, i) => (
        <Form.Item
          key={q.key}
          name={q.key}
          label={
            <Typography.Text strong style={{ whiteSpace: 'normal' }}>
              {`${i + 1}. ${q.text}`}
              {q.kind === 'text' ? <Typography.Text type="secondary">（选填）</Typography.Text> : null}
            </Typography.Text>
          }
          rules={q.kind === 'rating' ? [{ required: true, message: `请评价第 ${i + 1} 题` }] : [{ max: 2000, message: '不能超过 2000 个字' }]}
          style={{ marginBottom: 20 }}
        >
          {q.kind === 'rating' ? (
            <Radio.Group aria-label={q.text} style={wide ? undefined : { display: 'flex', flexDirection: 'column', gap: 10 }}>
              {props.scale.map((s) => (
                <Radio key={s.rating} value={s.rating} style={{ fontSize: 15, paddingBlock: wide ? 0 : 2 }}>
                  {s.label}
                </Radio>
              ))}
            </Radio.Group>
          ) : (
            <Input.TextArea rows={4} maxLength={2000} showCount placeholder="请填写您的意见和建议" />
          )}
        </Form.Item>
      ))}
      <Button type="primary" htmlType="submit" size="large" loading={props.submitting} block={!wide}>
        {props.submitText ?? '提交问卷'}
      </Button>
    </Form>
  );
}

/** An answer given, question by question. */
export function AnswerView({ questions, scale, answers }: { questions: readonly SurveyQuestionRecord[]; scale: readonly ScaleOption[]; answers: Record<string, number | string> }) {
  const wide = !!Grid.useBreakpoint().md;
  const labelOf = (v: number | string | undefined) => (typeof v === 'number' ? (scale.find((s) => s.rating === v)?.label ?? String(v)) : v || '—');
  return (
    <Descriptions
      size="small"
      bordered
      column={1}
      layout={wide ? 'horizontal' : 'vertical'}
      items={questions.map((q, i) => ({ key: q.key, label: `${i + 1}. ${q.text}`, children: labelOf(answers[q.key]) }))}
    />
  );
}
