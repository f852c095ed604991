// EVA-4 for an invited department or society: 满意度调查 — the surveys the association sent, each with
// its questionnaire while it can be answered (once), or the answer given, or why it cannot be
// answered. The to-do 填写满意度调查 opens this page at its survey (?survey=).
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Card, Empty, Form, Skeleton, Space, Tag, Typography } from 'antd';
import { useEffect, useRef } from 'react';
import { useSearchParams } from 'react-router';
import { api } from '../../shared/api';
import { QueryError, useErrorReporter } from '../../shared/errors';
import { fmtDate, fmtDateTime } from '../../shared/format';
import { usePageTitle } from '../../shared/usePageTitle';
import type { MySurvey, MySurveyPage } from '../../../contract/surveys';
import { AnswerView, QuestionnaireForm, answersBody, type AnswerValues } from './Questionnaire';
import { PhaseTag } from './surveyShared';

export function MySurveysPage() {
  usePageTitle('满意度调查');
  const [params] = useSearchParams();
  const focus = params.get('survey');
  const q = useQuery({ queryKey: ['/surveys/mine'], queryFn: ({ signal }) => api<MySurveyPage>('/surveys/mine', { query: { limit: 20 }, signal }) });
  return (
    <Card title="满意度调查">
      {q.isLoading ? (
        <Skeleton active paragraph={{ rows: 8 }} />
      ) : q.isError ? (
        <QueryError error={q.error} onRetry={() => q.refetch()} compact />
      ) : q.data?.items.length ? (
        <Space orientation="vertical" size={16} style={{ width: '100%' }}>
          {q.data.items.map((x, i) => (
            // the to-do's survey is brought into view when others come before it
            <SurveyCard key={x.invitationId} x={x} focused={i > 0 && x.survey.id === focus} />
          ))}
        </Space>
      ) : (
        <Empty description="科协尚未邀请本单位填写满意度调查" />
      )}
    </Card>
  );
}

function SurveyCard({ x, focused }: { x: MySurvey; focused: boolean }) {
  const [form] = Form.useForm<AnswerValues>();
  const report = useErrorReporter();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (focused) ref.current?.scrollIntoView({ block: 'start' });
  }, [focused]);
  const send = useMutation({
    mutationFn: (v: AnswerValues) => api<MySurvey>(`/surveys/${x.survey.id}/answer`, { method: 'POST', body: answersBody(x.survey.questions, v) }),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: ['/surveys/mine'] });
      void qc.invalidateQueries({ queryKey: ['todos/counts'] });
      message.success('问卷已提交，感谢填写');
    },
    onError: (e) => {
      report(e, { form, action: '提交问卷', mapPath: (p) => p.slice(p[0] === 'answers' ? 1 : 0), onRefresh: () => void qc.invalidateQueries({ queryKey: ['/surveys/mine'] }) });
      void qc.invalidateQueries({ queryKey: ['/surveys/mine'] });
    },
  });
  const s = x.survey;
  return (
    <div ref={ref} style={{ scrollMarginTop: 80 }}>
      <Card
        type="inner"
        title={
          <Space wrap size={8} style={{ whiteSpace: 'normal' }}>
            <span>{s.title}</span>
            <PhaseTag phase={s.phase} label={s.phaseLabel} />
            {x.status === 'answered' ? <Tag color="green">本单位已填写</Tag> : null}
          </Space>
        }
        styles={{ header: { paddingBlock: 8 } }}
      >
        <Typography.Paragraph type="secondary">
          {s.associationName}发起 · {s.programmeName} · 调查对象：{x.groupLabel} · 填写期 {fmtDate(s.opensOn)} 至 {fmtDate(s.closesOn)}。每个单位填写一次，提交后不能修改。
        </Typography.Paragraph>
        {s.intro ? <Typography.Paragraph style={{ whiteSpace: 'pre-wrap' }}>{s.intro}</Typography.Paragraph> : null}
        {x.answer ? (
          <Space orientation="vertical" size={8} style={{ width: '100%' }}>
            <Typography.Text type="secondary">本单位于 {fmtDateTime(x.answer.answeredAt)} 提交：</Typography.Text>
            <AnswerView questions={s.questions} scale={x.scale} answers={x.answer.answers} />
          </Space>
        ) : x.mayAnswer ? (
          <QuestionnaireForm form={form} questions={s.questions} scale={x.scale} submitting={send.isPending} onSubmit={(v) => send.mutate(v)} />
        ) : (
          <Alert type="info" showIcon title={x.refusal ?? '目前不能填写'} />
        )}
      </Card>
    </div>
  );
}
