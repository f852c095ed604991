// EVA-4 (issue 14): the page behind an anonymous survey link (/portal/survey/:token), no login. The
// questionnaire with the five-point scale as radio buttons; a clear thank-you once sent; and, when
// the link cannot be answered, why — already answered, not yet open, past its day, closed, withdrawn
// or no such link — in words, never a code. Made for a phone first (390 px).
import { CheckCircleFilled } from '@ant-design/icons';
import { useMutation, useQuery } from '@tanstack/react-query';
import { Alert, Card, Form, Result, Skeleton, Space, Typography } from 'antd';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { api, isApiError } from '../../shared/api';
import { applyFieldErrors, errorText } from '../../shared/errors';
import { fmtDate } from '../../shared/format';
import { usePageTitle } from '../../shared/usePageTitle';
import type { PublicSurvey as PublicSurveyView, SurveyReceipt } from '../../../contract/surveys';
import { QuestionnaireForm, answersBody, type AnswerValues } from '../surveys/Questionnaire';

const stateTitles: Record<PublicSurveyView['state'], string> = {
  open: '',
  answered: '该问卷已经填写过',
  upcoming: '调查尚未开始',
  ended: '调查已截止',
  closed: '调查已结束',
  revoked: '该链接已作废',
};

export function PortalSurvey() {
  const { token = '' } = useParams();
  const [form] = Form.useForm<AnswerValues>();
  const [receipt, setReceipt] = useState<SurveyReceipt | null>(null);
  const q = useQuery({
    queryKey: ['/public/surveys', token],
    queryFn: ({ signal }) => api<PublicSurveyView>(`/public/surveys/${encodeURIComponent(token)}`, { signal }),
    retry: false,
  });
  usePageTitle(q.data?.title ?? '满意度调查');
  const send = useMutation({
    mutationFn: (v: AnswerValues) => api<SurveyReceipt>(`/public/surveys/${encodeURIComponent(token)}/answer`, { method: 'POST', body: answersBody(q.data?.questions ?? [], v) }),
    onSuccess: (r) => {
      setReceipt(r);
      window.scrollTo({ top: 0 });
    },
    onError: (e) => {
      if (isApiError(e) && e.errors.length) applyFieldErrors(form, e.errors, (p) => p.slice(p[0] === 'answers' ? 1 : 0));
    },
  });

  if (q.isLoading) {
    return (
      <Card>
        <Skeleton active paragraph={{ rows: 10 }} />
      </Card>
    );
  }
  if (q.isError || !q.data) {
    const notFound = isApiError(q.error) && (q.error.status === 404 || q.error.status === 400);
    return (
      <Result
        status={notFound ? 'warning' : 'error'}
        title={notFound ? '调查链接无效' : '暂时无法打开问卷'}
        subTitle={notFound ? '请核对链接是否完整（可从收到的短信、邮件或二维码重新打开），或向发放链接的单位咨询。' : errorText(q.error)}
        extra={<Link to="/">返回门户首页</Link>}
      />
    );
  }
  const s = q.data;
  if (receipt) {
    return (
      <Result
        icon={<CheckCircleFilled style={{ color: '#389e0d' }} />}
        title="提交成功，感谢您的参与！"
        subTitle={receipt.message}
        extra={<Link to="/">返回门户首页</Link>}
      />
    );
  }
  // a refusal on sending (answered meanwhile on another device, closed meanwhile, too many attempts)
  const sendFailure = send.error && !(isApiError(send.error) && send.error.errors.length) ? errorText(send.error) : null;
  return (
    <div style={{ maxWidth: 760, margin: '0 auto', width: '100%' }}>
      <Card styles={{ body: { padding: 'clamp(16px, 4vw, 32px)' } }}>
        <Space orientation="vertical" size={16} style={{ width: '100%' }}>
          <div>
            <Typography.Title level={2} style={{ margin: 0, fontSize: 22, lineHeight: 1.4 }}>
              {s.title}
            </Typography.Title>
            <Typography.Paragraph type="secondary" style={{ margin: '8px 0 0' }}>
              {s.associationName}发起 · {s.programmeName} · 填写期 {fmtDate(s.opensOn)} 至 {fmtDate(s.closesOn)}
            </Typography.Paragraph>
          </div>
          {s.intro ? <Typography.Paragraph style={{ margin: 0, whiteSpace: 'pre-wrap' }}>{s.intro}</Typography.Paragraph> : null}
          {s.mayAnswer ? (
            <>
              <Alert type="info" showIcon title="本问卷匿名填写：平台不记录您的姓名、单位和网络地址。每个链接只能提交一次。" />
              {sendFailure ? <Alert type="error" showIcon title="提交未成功" description={sendFailure} /> : null}
              <QuestionnaireForm form={form} questions={s.questions} scale={s.scale} submitting={send.isPending} onSubmit={(v) => send.mutate(v)} />
            </>
          ) : (
            <Alert type={s.state === 'answered' ? 'success' : 'warning'} showIcon title={stateTitles[s.state]} description={s.refusal} />
          )}
        </Space>
      </Card>
    </div>
  );
}
