// SEL-2…SEL-4: one declaration. The association's reviewer sees the qualification check, ticks
// the manual conditions and decides with a mandatory opinion; the society sees the opinions and
// the reason a declaration closed, and may resubmit after a return or withdraw.
import { ArrowLeftOutlined, EditOutlined, RollbackOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Col, Descriptions, Form, Input, Radio, Row, Skeleton, Space, Tag, Timeline, Typography } from 'antd';
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { api } from '../../shared/api';
import { useMe } from '../../shared/auth';
import { FormErrorList, QueryError, useErrorReporter } from '../../shared/errors';
import { fmtDateTime } from '../../shared/format';
import type { FieldError } from '../../../contract/common';
import type { Declaration, DeclarationAction } from '../../../contract/selection';
import { usePageTitle } from '../../shared/usePageTitle';
import { MultiLine, StatusTag } from '../transfer/common';
import { AttachmentList } from './EvidenceUpload';
import { QualificationCheck, QualificationTag } from './QualificationCheck';

type Decision = 'recommend' | 'return' | 'notRecommend' | 'reconsider';
const decisionLabels: Record<Decision, string> = { recommend: '推荐', return: '退回补充', notRecommend: '不予推荐', reconsider: '重新审核' };

export function DeclarationDetailPage() {
  const { id = '' } = useParams();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const { data: me } = useMe();
  const { modal, message } = App.useApp();
  const report = useErrorReporter();
  const q = useQuery({ queryKey: ['declarations', id], queryFn: ({ signal }) => api<Declaration>(`/declarations/${id}`, { signal }) });
  const d = q.data;
  usePageTitle(d ? `${d.societyName}申报：${d.itemTitle}` : '申报详情');
  const [confirmed, setConfirmed] = useState<number[] | null>(null);
  const withdraw = useMutation({
    mutationFn: () => api<Declaration>(`/declarations/${id}/withdraw`, { method: 'POST', body: { version: d!.version } }),
    onSuccess: (r) => {
      qc.setQueryData(['declarations', id], r);
      void qc.invalidateQueries({ queryKey: ['/declarations'] });
      void qc.invalidateQueries({ queryKey: ['items', r.itemId] });
      void qc.invalidateQueries({ queryKey: ['todos/counts'] });
      message.success('申报已撤回');
    },
    onError: (e) => report(e, { action: '撤回', onRefresh: () => void q.refetch() }),
  });
  if (q.isLoading) return <Card><Skeleton active paragraph={{ rows: 10 }} /></Card>;
  if (q.isError || !d) return <Card><QueryError error={q.error} onRetry={() => q.refetch()} /></Card>;
  const actions = d.actions;
  const isOwn = d.societyId === me?.orgId;
  const reviewing = actions.some((a) => ['recommend', 'return', 'notRecommend', 'reconsider'].includes(a));
  const ticks = confirmed ?? d.manualConfirmed ?? [];

  const confirmWithdraw = () =>
    modal.confirm({
      title: '撤回申报？',
      content: `撤回后本学会对“${d.itemTitle}”的申报不再参与遴选。申报截止前可以重新申报。`,
      okText: '撤回',
      okButtonProps: { danger: true },
      cancelText: '取消',
      onOk: () => withdraw.mutateAsync().catch(() => undefined),
    });

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Card>
        <Space orientation="vertical" size={8} style={{ width: '100%' }}>
          <Space wrap align="center">
            <Link to="/app/declarations" aria-label="返回申报列表">
              <ArrowLeftOutlined />
            </Link>
            <Typography.Title level={3} style={{ margin: 0 }}>
              {d.itemTitle}
            </Typography.Title>
            <StatusTag kind="declaration" status={d.status} label={d.statusLabel} />
            <QualificationTag isQualified={d.isQualified} failed={d.failedConditions} />
          </Space>
          <Typography.Text type="secondary">
            申报学会：{d.societyName} · 委托部门：{d.departmentName} · 申报时间：{fmtDateTime(d.submittedAt)}
          </Typography.Text>
          {actions.includes('resubmit') || actions.includes('withdraw') ? (
            <Space wrap>
              {actions.includes('resubmit') ? (
                <Button type="primary" icon={<EditOutlined />} onClick={() => navigate(`/app/declarations/${id}/edit`)}>
                  补充后重新申报
                </Button>
              ) : null}
              {actions.includes('withdraw') ? (
                <Button danger icon={<RollbackOutlined />} onClick={confirmWithdraw} loading={withdraw.isPending}>
                  撤回申报
                </Button>
              ) : null}
            </Space>
          ) : null}
        </Space>
      </Card>
      <OutcomeAlert d={d} isOwn={isOwn} canResubmit={actions.includes('resubmit')} />
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={reviewing ? 14 : 16}>
          <Space orientation="vertical" size={16} style={{ width: '100%' }}>
            <Card title="申报材料">
              <Descriptions
                bordered
                size="small"
                column={1}
                styles={{ label: { width: 120, whiteSpace: 'nowrap' } }}
                items={[
                  { key: 'i', label: '申报事项', children: <Link to={`/app/items/${d.itemId}`}>{d.itemTitle}</Link> },
                  { key: 'p', label: '所属方案', children: d.programmeName },
                  { key: 'c', label: '承接能力说明', children: <MultiLine text={d.capacityStatement} /> },
                  { key: 'plan', label: '承接设想', children: <MultiLine text={d.plan} /> },
                  { key: 'n', label: '联系人', children: d.contactName || '—' },
                  { key: 'a', label: '证明材料', children: <AttachmentList files={d.attachments} /> },
                ]}
              />
            </Card>
            <Card title="资格条件核对" extra={<Typography.Text type="secondary">{actions.includes('recommend') ? '推荐时将按当日档案重新核对' : null}</Typography.Text>}>
              <QualificationCheck
                result={d.qualification}
                confirmed={ticks}
                onChange={actions.includes('recommend') ? setConfirmed : undefined}
                audience={isOwn ? 'society' : reviewing ? 'reviewer' : 'other'}
              />
            </Card>
          </Space>
        </Col>
        <Col xs={24} xl={reviewing ? 10 : 8}>
          <Space orientation="vertical" size={16} style={{ width: '100%' }}>
            {reviewing ? <ReviewPanel key={d.version} d={d} actions={actions} confirmed={ticks} onDone={() => setConfirmed(null)} /> : null}
            <Card title="审批历史">
              <History d={d} />
            </Card>
          </Space>
        </Col>
      </Row>
    </Space>
  );
}

function OutcomeAlert({ d, isOwn, canResubmit }: { d: Declaration; isOwn: boolean; canResubmit: boolean }) {
  switch (d.status) {
    case 'returned':
      return (
        <Alert
          type="warning"
          showIcon
          title="科协退回补充"
          description={
            <>
              <div>意见：{d.reviewOpinion}</div>
              {isOwn && canResubmit ? <div style={{ marginTop: 4 }}>请按意见补充材料后点击“补充后重新申报”。</div> : null}
            </>
          }
        />
      );
    case 'notRecommended':
      return <Alert type="error" showIcon title="科协不予推荐" description={`意见：${d.reviewOpinion ?? '—'}`} />;
    case 'recommended':
      return <Alert type="success" showIcon title="科协已推荐" description={`推荐意见：${d.reviewOpinion?.replace(/[。.]\s*$/, '') || '—'}。推荐名单报送会签、审批后，由委托部门择优确定承接学会。`} />;
    case 'selected':
      return <Alert type="success" showIcon title="已确定由本学会承接" description="试点项目已建立，请在“试点项目”中查看。" action={<Link to="/app/projects">查看试点项目</Link>} />;
    case 'closed':
      return <Alert type="info" showIcon title="申报已关闭" description={`关闭原因：${d.closedReason ?? '—'}`} />;
    case 'withdrawn':
      return <Alert type="info" showIcon title="申报已撤回" />;
    default:
      return null;
  }
}

function ReviewPanel({ d, actions, confirmed, onDone }: { d: Declaration; actions: DeclarationAction[]; confirmed: number[]; onDone: () => void }) {
  const [form] = Form.useForm<{ decision: Decision; opinion: string }>();
  const qc = useQueryClient();
  const { modal, message } = App.useApp();
  const report = useErrorReporter();
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [changing, setChanging] = useState(false);
  const options = (['recommend', 'return', 'notRecommend'] as Decision[]).filter((x) => actions.includes(x));
  const decision = Form.useWatch('decision', form);
  const manual = d.qualification.results.filter((r) => r.status === 'manual');
  const failed = d.qualification.results.filter((r) => r.status === 'fail');
  const unticked = manual.filter((r) => !confirmed.includes(r.index));
  const review = useMutation({
    mutationFn: (v: { decision: Decision; opinion: string }) =>
      api<Declaration>(`/declarations/${d.id}/review`, {
        method: 'POST',
        body: { version: d.version, decision: v.decision, opinion: v.opinion.trim(), manualConfirmed: v.decision === 'recommend' ? confirmed : undefined },
      }),
    onSuccess: (r, v) => {
      qc.setQueryData(['declarations', d.id], r);
      void qc.invalidateQueries({ queryKey: ['/declarations'] });
      void qc.invalidateQueries({ queryKey: ['items', d.itemId] });
      void qc.invalidateQueries({ queryKey: ['todos/counts'] });
      message.success(`已${decisionLabels[v.decision]}，已通知${d.societyName}`);
      form.resetFields();
      setErrors([]);
      onDone();
    },
    onError: (e) => setErrors(report(e, { form, action: '审核', onRefresh: () => void qc.invalidateQueries({ queryKey: ['declarations', d.id] }) })),
  });
  const submit = (v: { decision: Decision; opinion: string }) => {
    if (v.decision === 'recommend' && (failed.length || unticked.length)) {
      setErrors([
        ...failed.map((r) => ({ path: 'body.manualConfirmed', message: `不符合“${r.label}”：${r.fact}` })),
        ...unticked.map((r) => ({ path: 'body.manualConfirmed', message: `请核实并勾选人工审核条件“${r.label}”` })),
      ]);
      return;
    }
    setErrors([]);
    const what: Record<Decision, string> = {
      recommend: `推荐 ${d.societyName} 承接“${d.itemTitle}”。推荐名单将报送会签。`,
      return: `退回 ${d.societyName} 补充材料，学会补充后可重新申报。`,
      notRecommend: `不予推荐 ${d.societyName}，意见将告知学会。`,
      reconsider: `撤销原审核结论，将该申报恢复为待审核。`,
    };
    modal.confirm({
      title: `确认${decisionLabels[v.decision]}？`,
      content: what[v.decision],
      okText: decisionLabels[v.decision],
      okButtonProps: v.decision === 'notRecommend' ? { danger: true } : undefined,
      cancelText: '取消',
      onOk: () => review.mutateAsync(v).catch(() => undefined),
    });
  };
  const placeholder: Record<Decision, string> = {
    recommend: '推荐理由，如：年检连续合格，专家资源充足，具备承接条件',
    return: '请写明需要补充的材料或说明',
    notRecommend: '请写明不予推荐的理由',
    reconsider: '请写明重新审核的原因，如：审核部门退回会签',
  };
  // A decision is on record (推荐 / 不予推荐): show it; 重新审核 is a deliberate second step, not a form state.
  if (d.status === 'recommended' || d.status === 'notRecommended') {
    const recommended = d.status === 'recommended';
    return (
      <Card
        title="审核结论"
        extra={actions.includes('reconsider') && !changing ? <Button onClick={() => setChanging(true)}>重新审核</Button> : null}
        styles={{ body: { paddingTop: 12 } }}
      >
        <FormErrorList errors={errors} title="不能重新审核" />
        <Descriptions
          size="small"
          column={1}
          styles={{ label: { width: 80, whiteSpace: 'nowrap' } }}
          items={[
            { key: 'd', label: '审核结论', children: <Tag color={recommended ? 'success' : 'error'}>{recommended ? '推荐' : '不予推荐'}</Tag> },
            { key: 'o', label: recommended ? '推荐意见' : '理由', children: <MultiLine text={d.reviewOpinion} /> },
            { key: 't', label: '审核时间', children: fmtDateTime(d.decidedAt) },
          ]}
        />
        {changing ? (
          <Form form={form} name="reconsiderDeclaration" layout="vertical" onFinish={(v) => submit({ decision: 'reconsider', opinion: v.opinion })} aria-label="重新审核申报" style={{ marginTop: 16 }}>
            <Alert type="info" showIcon style={{ marginBottom: 16 }} title="重新审核将撤销上述结论，申报恢复为待审核，之后可重新推荐、退回补充或不予推荐。" />
            <Form.Item
              label="重新审核原因"
              name="opinion"
              rules={[
                { required: true, whitespace: true, message: '请输入重新审核的原因' },
                { min: 2, message: '原因至少 2 个字' },
              ]}
            >
              <Input.TextArea rows={3} maxLength={2000} showCount placeholder={placeholder.reconsider} />
            </Form.Item>
            <Space>
              <Button type="primary" htmlType="submit" loading={review.isPending}>
                重新审核
              </Button>
              <Button
                onClick={() => {
                  setChanging(false);
                  setErrors([]);
                  form.resetFields();
                }}
              >
                取消
              </Button>
            </Space>
          </Form>
        ) : actions.includes('reconsider') ? (
          <Typography.Text type="secondary">如需更改结论（如审核部门退回会签），请点击“重新审核”。</Typography.Text>
        ) : null}
      </Card>
    );
  }
  return (
    <Card title="审核" styles={{ body: { paddingTop: 12 } }}>
      <FormErrorList errors={errors} title="不能推荐" />
      <Form form={form} name="reviewDeclaration" layout="vertical" onFinish={submit} aria-label="审核申报" initialValues={{ decision: options.length === 1 ? options[0] : undefined }}>
        <Form.Item label="审核结论" name="decision" rules={[{ required: true, message: '请选择审核结论' }]}>
          <Radio.Group optionType="button" buttonStyle="solid" options={options.map((o) => ({ value: o, label: decisionLabels[o] }))} />
        </Form.Item>
        {decision === 'recommend' && manual.length ? (
          <Alert
            type={unticked.length ? 'warning' : 'success'}
            showIcon
            style={{ marginBottom: 16 }}
            title={unticked.length ? `还有 ${unticked.length} 项人工审核条件未勾选（见左侧“资格条件核对”）` : '人工审核条件已全部核实'}
          />
        ) : null}
        <Form.Item
          label={decision === 'recommend' ? '推荐意见' : decision === 'return' ? '退回原因' : decision === 'notRecommend' ? '不予推荐理由' : '审核意见'}
          name="opinion"
          rules={[
            { required: true, whitespace: true, message: '请输入审核意见' },
            { min: 2, message: '审核意见至少 2 个字' },
          ]}
        >
          <Input.TextArea rows={4} maxLength={2000} showCount placeholder={decision ? placeholder[decision] : '请先选择审核结论'} />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={review.isPending} block>
          提交审核意见
        </Button>
      </Form>
    </Card>
  );
}

/** 审批历史 as far as the declaration records it: submission, the association's decision, the closure. */
function History({ d }: { d: Declaration }) {
  const items: { color: string; content: React.ReactNode }[] = [
    {
      color: 'blue',
      content: (
        <>
          <Typography.Text strong>提交申报</Typography.Text>
          <div>{d.societyName}</div>
          <Typography.Text type="secondary">{fmtDateTime(d.submittedAt)}</Typography.Text>
        </>
      ),
    },
  ];
  if (d.reviewOpinion && ['returned', 'recommended', 'notRecommended', 'selected', 'closed'].includes(d.status)) {
    const label = d.status === 'returned' ? '退回补充' : d.status === 'notRecommended' ? '不予推荐' : d.status === 'closed' && !d.isQualified ? '审核意见' : '推荐';
    items.push({
      color: d.status === 'returned' ? 'orange' : d.status === 'notRecommended' ? 'red' : 'green',
      content: (
        <>
          <Typography.Text strong>科协审核：{label}</Typography.Text>
          <div>
            <MultiLine text={d.reviewOpinion} />
          </div>
          {['returned', 'recommended', 'notRecommended'].includes(d.status) ? <Typography.Text type="secondary">{fmtDateTime(d.decidedAt)}</Typography.Text> : null}
        </>
      ),
    });
  }
  if (d.status === 'selected') {
    items.push({ color: 'green', content: <><Typography.Text strong>委托部门择优确定由本会承接</Typography.Text><div><Typography.Text type="secondary">{fmtDateTime(d.decidedAt)}</Typography.Text></div></> });
  }
  if (d.status === 'closed') {
    items.push({ color: 'gray', content: <><Typography.Text strong>申报关闭</Typography.Text><div><MultiLine text={d.closedReason} /></div><Typography.Text type="secondary">{fmtDateTime(d.decidedAt)}</Typography.Text></> });
  }
  if (d.status === 'withdrawn') items.push({ color: 'gray', content: <Typography.Text strong>学会撤回申报</Typography.Text> });
  if (d.status === 'submitted') items.push({ color: 'gray', content: <Typography.Text type="secondary">等待科协审核</Typography.Text> });
  return <Timeline items={items} />;
}
