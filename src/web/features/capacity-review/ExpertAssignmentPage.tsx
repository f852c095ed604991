// CAP-4, ORG-6: one assignment of an expert — the page the to-do links to. First the applying society
// and the project's title, with two choices: declare no conflict of interest and read the
// application, or declare a conflict and recuse (with the reason; a replacement is drawn at once and
// the application is no longer shown). After accepting: the application (read-only) and the score
// sheet — each criterion of the programme out of its weight, one decimal, a live total, a comment —
// sent once, behind a dialog saying it cannot be changed. The API gives the expert only their own
// sheet: nothing of another expert's is ever on this page.
import { AttachmentLinks } from '../capacity-applications/applicationShared';
import { ArrowLeftOutlined, CheckCircleOutlined, StopOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Col, Descriptions, Form, Grid, Input, InputNumber, Row, Skeleton, Space, Typography } from 'antd';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { api, isApiError } from '../../shared/api';
import { applyFieldErrors, QueryError, useErrorReporter } from '../../shared/errors';
import { fmtDateTime } from '../../shared/format';
import { usePageTitle } from '../../shared/usePageTitle';
import type { ExpertAssignment } from '../../../contract/capacity-review';
import type { ApplicationContent } from '../../../contract/capacity-applications';
import { MultiLine } from '../transfer/common';
import { BudgetTable } from '../capacity-applications/applicationShared';
import { ASSIGNMENTS_KEY, AssignmentStatusTag, ReasonModal, assignmentKey } from './reviewShared';
import { sheetTotal, tenthsOf } from './reviewRules';
import { scoreText } from '../../../domain/capacity/scoring';

export function ExpertAssignmentPage() {
  const { id = '' } = useParams();
  const qc = useQueryClient();
  const { modal, message } = App.useApp();
  const report = useErrorReporter();
  const [recusing, setRecusing] = useState(false);
  const q = useQuery({ queryKey: assignmentKey(id), queryFn: ({ signal }) => api<ExpertAssignment>(`/expert-reviews/${id}`, { signal }) });
  const x = q.data;
  usePageTitle(x ? `评审：${x.title}` : '评审任务');
  const done = (r: ExpertAssignment, text: string) => {
    qc.setQueryData(assignmentKey(id), r);
    void qc.invalidateQueries({ queryKey: [ASSIGNMENTS_KEY] });
    void qc.invalidateQueries({ queryKey: ['todos/counts'] });
    void qc.invalidateQueries({ queryKey: ['todos'] });
    message.success(text);
  };
  const accept = useMutation({
    mutationFn: () => api<ExpertAssignment>(`/expert-reviews/${id}/accept`, { method: 'POST', body: { rowVersion: x!.rowVersion } }),
    onSuccess: (r) => done(r, '已申明无利益冲突，请阅读申报书并评分'),
    onError: (e) => report(e, { action: '申明无利益冲突', onRefresh: () => void q.refetch() }),
  });
  const recuse = useMutation({
    mutationFn: (reason: string) => api<ExpertAssignment>(`/expert-reviews/${id}/recuse`, { method: 'POST', body: { rowVersion: x!.rowVersion, reason } }),
    onSuccess: (r) => {
      setRecusing(false);
      done(r, '已申明回避');
    },
    onError: (e) => report(e, { action: '申明回避', onRefresh: () => void q.refetch() }),
  });

  if (q.isLoading) return <Card><Skeleton active paragraph={{ rows: 12 }} /></Card>;
  if (q.isError || !x) return <Card><QueryError error={q.error} onRetry={() => q.refetch()} /></Card>;

  const askAccept = () =>
    modal.confirm({
      title: '申明无利益冲突？',
      content: (
        <Space orientation="vertical" size={4}>
          <span>
            您申明与申报单位“{x.societyName}”不存在利益冲突，并对申报书内容保密。
          </span>
          <span>申明后可查看申报书并评分。评分提交前，如发现存在利益冲突，仍可申明回避。</span>
        </Space>
      ),
      okText: '确认无利益冲突，查看申报书',
      cancelText: '取消',
      onOk: () => accept.mutateAsync().catch(() => undefined),
    });

  const canRecuse = x.actions.includes('recuse');
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Card>
        <Space orientation="vertical" size={8} style={{ width: '100%' }}>
          <Space wrap align="center">
            <Link to="/app/expert-reviews" aria-label="返回评审任务列表">
              <ArrowLeftOutlined />
            </Link>
            <Typography.Title level={3} style={{ margin: 0 }}>
              {x.title}
            </Typography.Title>
            <AssignmentStatusTag status={x.status} label={x.statusLabel} />
          </Space>
          <Descriptions
            size="small"
            column={{ xs: 1, md: 2 }}
            styles={{ label: { whiteSpace: 'nowrap' } }}
            items={[
              { key: 's', label: '申报单位', children: <Typography.Text strong>{x.societyName}</Typography.Text> },
              { key: 't', label: '项目类型', children: x.typeName },
              { key: 'c', label: '申报通知', children: x.callTitle },
              { key: 'd', label: '抽取时间', children: fmtDateTime(x.createdAt) },
            ]}
          />
        </Space>
      </Card>
      {x.actions.includes('accept') ? (
        <Card title="请先申明有无利益冲突">
          <Space orientation="vertical" size={12} style={{ width: '100%' }}>
            <Typography.Paragraph style={{ margin: 0 }}>
              您被随机抽取为“{x.title}”的评审专家。查看申报书前，请确认您与申报单位
              <Typography.Text strong>“{x.societyName}”</Typography.Text>
              是否存在利益冲突，例如：在该单位任职或兼职，参与了该项目，与其负责人有亲属关系或其他可能影响公正评审的关系。
            </Typography.Paragraph>
            <Space wrap>
              <Button type="primary" icon={<CheckCircleOutlined />} loading={accept.isPending} onClick={askAccept}>
                确认无利益冲突，查看申报书
              </Button>
              <Button danger icon={<StopOutlined />} onClick={() => setRecusing(true)}>
                申明利益冲突并回避
              </Button>
            </Space>
          </Space>
        </Card>
      ) : null}
      <StateNote x={x} />
      {x.accepted && x.content ? (
        <Row gutter={[16, 16]}>
          <Col xs={24} xl={14}>
            <Card title="申报书">
              <ExpertContentView content={x.content} />
            </Card>
          </Col>
          <Col xs={24} xl={10}>
            <div style={{ position: 'sticky', top: 80 }}>
              {x.actions.includes('submit') ? <ScoreSheetForm key={x.rowVersion} x={x} onDone={(r) => done(r, '评分已提交')} /> : <SubmittedSheet x={x} />}
              {canRecuse ? (
                <div style={{ marginTop: 12 }}>
                  <Typography.Text type="secondary">阅读中发现存在利益冲突？</Typography.Text>
                  <Button type="link" danger onClick={() => setRecusing(true)}>
                    申明利益冲突并回避
                  </Button>
                </div>
              ) : null}
            </div>
          </Col>
        </Row>
      ) : null}
      <ReasonModal
        open={recusing}
        title="申明利益冲突并回避？"
        intro={
          <Typography.Paragraph>
            您将回避“{x.title}”（{x.societyName}）的评审。回避后，平台从专家库中随机补抽一名专家替代您；您将不能再查看该申报书，也不能评分。此操作不能撤销。
          </Typography.Paragraph>
        }
        label="回避原因"
        required
        requiredMessage="请填写回避原因"
        maxLength={500}
        placeholder="如：曾在申报单位兼职；与项目负责人有亲属关系"
        okText="申明回避"
        danger
        loading={recuse.isPending}
        onCancel={() => setRecusing(false)}
        onOk={(reason) => reason && recuse.mutate(reason)}
      />
    </Space>
  );
}

/** Where the assignment stands, when there is nothing to do or it is done. */
function StateNote({ x }: { x: ExpertAssignment }) {
  if (x.status === 'recused') {
    return (
      <Alert
        type="info"
        showIcon
        title="您已申明回避"
        description={
          <Space orientation="vertical" size={2}>
            {x.recusalReason ? <span style={{ whiteSpace: 'pre-wrap' }}>回避原因：{x.recusalReason}</span> : null}
            <span>该项目由其他专家评审（平台在您回避时随即从专家库中补抽）。您不再查看该申报书，也无需评分。</span>
          </Space>
        }
      />
    );
  }
  if (x.status === 'submitted') {
    return <Alert type="success" showIcon title="评分已提交" description={`提交于 ${fmtDateTime(x.submittedAt)}，合计 ${x.totalText ?? '—'} 分。评分提交后不能修改。`} />;
  }
  if (x.actions.includes('submit')) {
    return (
      <Alert
        type="info"
        showIcon
        title="请阅读申报书，按评审标准逐项评分"
        description="每项得分不超过该项满分，最多保留一位小数。您只能看到自己的评分；提交后不能修改。"
      />
    );
  }
  if (!x.actions.length) {
    return <Alert type="info" showIcon title="该项目的专家评审已结束" description="无需再申明或评分。" />;
  }
  return null;
}

/** The application as the expert reads it: the text and the budget (no contact details). */
function ExpertContentView({ content }: { content: ApplicationContent }) {
  const screens = Grid.useBreakpoint();
  return (
    <div style={{ display: 'flex', flexDirection: 'column', gap: 16 }}>
      <Descriptions
        bordered
        size="small"
        column={1}
        layout={screens.md ? 'horizontal' : 'vertical'}
        styles={{ label: { width: 112, whiteSpace: 'nowrap' } }}
        items={[
          { key: 'type', label: '项目类型', children: content.typeName },
          { key: 'title', label: '项目名称', children: content.title },
          { key: 'goals', label: '项目目标和主要内容', children: <MultiLine text={content.goals} /> },
          {
            key: 'ind',
            label: '绩效指标',
            children: content.indicators.length ? (
              <ol style={{ margin: 0, paddingInlineStart: 20 }}>
                {content.indicators.map((i, n) => (
                  <li key={n}>
                    {i.label}：{i.target}
                  </li>
                ))}
              </ol>
            ) : (
              '—'
            ),
          },
          ...(content.attachmentIds.length
            ? [{ key: 'att', label: '附件', children: <AttachmentLinks ids={content.attachmentIds} /> }]
            : []),
        ]}
      />
      <section aria-label="项目预算">
        <Typography.Title level={5} style={{ marginTop: 0 }}>
          项目预算
        </Typography.Title>
        <BudgetTable budget={content.budget} totalFen={content.requestedFen} />
      </section>
    </div>
  );
}

interface SheetValues {
  points: Record<string, number | null | undefined>;
  comment?: string;
}

/** The score sheet: one row per criterion, its weight, the points; a live total; 提交评分. */
function ScoreSheetForm({ x, onDone }: { x: ExpertAssignment; onDone: (r: ExpertAssignment) => void }) {
  const [form] = Form.useForm<SheetValues>();
  const { modal, message } = App.useApp();
  const report = useErrorReporter();
  const qc = useQueryClient();
  const screens = Grid.useBreakpoint();
  const points = (Form.useWatch('points', form) ?? {}) as SheetValues['points'];
  const { tenths, missing } = sheetTotal(x.criteria.map((c) => points[c.code]));
  const full = x.criteria.reduce((s, c) => s + c.weight, 0);
  const submit = useMutation({
    mutationFn: (body: { scores: { code: string; points: number }[]; comment: string | null }) =>
      api<ExpertAssignment>(`/expert-reviews/${x.id}/submit`, { method: 'POST', body: { rowVersion: x.rowVersion, ...body } }),
    onSuccess: onDone,
    onError: (e) => {
      if (isApiError(e) && e.errors.length) {
        // body.scores.2.points → the criterion's own field; the server's words name the criterion
        applyFieldErrors(form, e.errors, (p) => (p[0] === 'scores' && typeof p[1] === 'number' ? ['points', x.criteria[p[1]]?.code ?? ''] : p));
        message.error(`评分未能提交：${e.userMessage}`);
        return;
      }
      report(e, { action: '提交评分', onRefresh: () => void qc.invalidateQueries({ queryKey: assignmentKey(x.id) }) });
    },
  });
  const finish = (v: SheetValues) => {
    const scores = x.criteria.map((c) => ({ code: c.code, points: (tenthsOf(v.points?.[c.code]) ?? 0) / 10 }));
    const comment = v.comment?.trim() || null;
    modal.confirm({
      title: '提交评分？',
      width: screens.md ? 480 : undefined,
      content: (
        <Space orientation="vertical" size={4}>
          <span>
            “{x.title}”合计 <Typography.Text strong>{scoreText(tenths * 10)}</Typography.Text> 分（满分 {full} 分）。
          </span>
          <span>评分提交后不能修改，也不能再申明回避。</span>
        </Space>
      ),
      okText: '提交评分',
      cancelText: '再检查一下',
      onOk: () => submit.mutateAsync({ scores, comment }).catch(() => undefined),
    });
  };
  return (
    <Card title="评分表" extra={<Typography.Text type="secondary">满分 {full} 分</Typography.Text>}>
      <Form<SheetValues> form={form} name="scoreSheet" layout="vertical" onFinish={finish} aria-label="评分表" requiredMark={false}>
        <ol style={{ listStyle: 'none', margin: 0, padding: 0 }} aria-label="评审标准">
          {x.criteria.map((c, i) => (
            <li key={c.code} style={{ display: 'flex', alignItems: 'flex-start', gap: 12, padding: '8px 0', borderBottom: '1px solid #f0f0f0' }}>
              <div style={{ flex: 1, minWidth: 0, paddingTop: 5 }}>
                <Typography.Text strong>
                  {i + 1}. {c.label}
                </Typography.Text>
                <div>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    满分 {c.weight} 分
                  </Typography.Text>
                </div>
              </div>
              <Form.Item
                name={['points', c.code]}
                style={{ margin: 0, width: 132 }}
                rules={[
                  { required: true, message: '请评分' },
                  {
                    validator: (_, v: number | null | undefined) =>
                      v === null || v === undefined
                        ? Promise.resolve()
                        : v < 0 || v > c.weight
                          ? Promise.reject(new Error(`应在 0 至 ${c.weight} 分之间`))
                          : Math.round(v * 10) !== v * 10
                            ? Promise.reject(new Error('最多保留一位小数'))
                            : Promise.resolve(),
                  },
                ]}
              >
                <InputNumber min={0} max={c.weight} step={0.1} precision={1} suffix="分" style={{ width: '100%' }} aria-label={`${c.label}得分（满分 ${c.weight} 分）`} placeholder={`0–${c.weight}`} />
              </Form.Item>
            </li>
          ))}
        </ol>
        <div style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'baseline', padding: '12px 0', flexWrap: 'wrap', gap: 8 }} aria-live="polite">
          <Typography.Text strong style={{ fontSize: 16 }}>
            合计 {scoreText(tenths * 10)} 分
          </Typography.Text>
          <Typography.Text type={missing ? 'warning' : 'secondary'}>{missing ? `还有 ${missing} 项未评分` : `各项均已评分（满分 ${full} 分）`}</Typography.Text>
        </div>
        <Form.Item label="评审意见（选填）" name="comment">
          <Input.TextArea rows={4} maxLength={2000} showCount placeholder="如：项目基础扎实，预算测算合理；建议细化绩效指标" />
        </Form.Item>
        <Button type="primary" htmlType="submit" block loading={submit.isPending}>
          提交评分
        </Button>
      </Form>
    </Card>
  );
}

/** The expert's own sheet, read-only (submitted, or shown when the review ended). */
function SubmittedSheet({ x }: { x: ExpertAssignment }) {
  if (!x.scores) return null;
  const byCode = new Map(x.scores.map((s) => [s.code, s.points]));
  const full = x.criteria.reduce((s, c) => s + c.weight, 0);
  return (
    <Card title="我的评分" extra={<Typography.Text type="secondary">{fmtDateTime(x.submittedAt)} 提交</Typography.Text>}>
      <ol style={{ listStyle: 'none', margin: 0, padding: 0 }} aria-label="我的评分">
        {x.criteria.map((c, i) => (
          <li key={c.code} style={{ display: 'flex', justifyContent: 'space-between', gap: 12, padding: '8px 0', borderBottom: '1px solid #f0f0f0' }}>
            <span>
              {i + 1}. {c.label}
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {' '}
                （满分 {c.weight} 分）
              </Typography.Text>
            </span>
            <Typography.Text strong>{byCode.has(c.code) ? `${byCode.get(c.code)!.toFixed(1)} 分` : '—'}</Typography.Text>
          </li>
        ))}
      </ol>
      <div style={{ padding: '12px 0' }}>
        <Typography.Text strong style={{ fontSize: 16 }}>
          合计 {x.totalText ?? '—'} 分
        </Typography.Text>
        <Typography.Text type="secondary">（满分 {full} 分）</Typography.Text>
      </div>
      <Descriptions size="small" column={1} items={[{ key: 'c', label: '评审意见', children: <MultiLine text={x.comment} empty="未填写" /> }]} />
    </Card>
  );
}
