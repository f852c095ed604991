// CAP-1: one yearly call (the page to-dos and notifications link to) — everything it says in words,
// where it stands (起草 → 财政局确认 → 发布 → 截止), the finance bureau's confirmation or latest
// return, and the steps the user may take now, each behind a dialog that names what it does.
import { ArrowLeftOutlined, CheckCircleOutlined, EditOutlined, RollbackOutlined, SendOutlined, StopOutlined, UndoOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Col, Descriptions, Form, Grid, Input, Modal, Row, Skeleton, Space, Steps, Typography } from 'antd';
import { useState } from 'react';
import type { ReactNode } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { api } from '../../shared/api';
import { useCan } from '../../shared/auth';
import { QueryError, useErrorReporter } from '../../shared/errors';
import { fmtDate, fmtDateTime, fmtRange, fmtYuan } from '../../shared/format';
import { usePageTitle } from '../../shared/usePageTitle';
import type { CapacityCall } from '../../../contract/capacity';
import { MultiLine } from '../transfer/common';
import { CallHistory } from './CallHistory';
import { CallStatusTag, CallTypesTable, ClosesOnText, callListKey } from './callShared';
import { CallNoticesCard } from '../capacity-notices/CallNoticesCard';

type Step = 'submit' | 'withdraw' | 'confirm' | 'return' | 'publish' | 'close';

const done: Record<Step, string> = {
  submit: '已提交财政局确认',
  withdraw: '已撤回，可以修改',
  confirm: '已确认，已通知科协',
  return: '已退回，已通知科协修改',
  publish: '已发布：门户网站已公开，已通知学会申报',
  close: '已截止申报',
};

export function CallDetailPage() {
  const { id = '' } = useParams();
  const navigate = useNavigate();
  const can = useCan();
  const qc = useQueryClient();
  const { modal, message } = App.useApp();
  const report = useErrorReporter();
  const screens = Grid.useBreakpoint();
  const [dialog, setDialog] = useState<null | 'confirm' | 'return' | 'close'>(null);
  const q = useQuery({ queryKey: ['capacity-calls', id], queryFn: ({ signal }) => api<CapacityCall>(`/capacity-calls/${id}`, { signal }) });
  const c = q.data;
  usePageTitle(c?.title ?? '申报通知');
  const act = useMutation({
    mutationFn: ({ step, comment }: { step: Step; comment?: string | null }) =>
      api<CapacityCall>(`/capacity-calls/${id}/${step}`, {
        method: 'POST',
        body: step === 'confirm' || step === 'return' || step === 'close' ? { rowVersion: c!.rowVersion, comment: comment ?? null } : { rowVersion: c!.rowVersion },
      }),
    onSuccess: (r, { step }) => {
      qc.setQueryData(['capacity-calls', id], r);
      void qc.invalidateQueries({ queryKey: [callListKey(r.programmeId)] });
      void qc.invalidateQueries({ queryKey: ['todos/counts'] });
      void qc.invalidateQueries({ queryKey: ['audit', 'entity', 'capacity_call', id] });
      void qc.invalidateQueries({ queryKey: ['/public/capacity-calls'] });
      setDialog(null);
      message.success(done[step]);
    },
    onError: (e) => report(e, { action: '操作', onRefresh: () => void q.refetch() }),
  });
  if (q.isLoading) return <Card><Skeleton active paragraph={{ rows: 12 }} /></Card>;
  if (q.isError || !c) return <Card><QueryError error={q.error} onRetry={() => q.refetch()} /></Card>;
  const actions = c.actions;
  const run = (step: Step, comment?: string | null) => act.mutateAsync({ step, comment }).catch(() => undefined);

  const ask = (o: { step: Step; title: string; content: ReactNode; okText: string; danger?: boolean }) =>
    modal.confirm({
      title: o.title,
      content: o.content,
      okText: o.okText,
      okButtonProps: o.danger ? { danger: true } : undefined,
      cancelText: '取消',
      onOk: () => run(o.step),
    });

  const buttons: ReactNode[] = [];
  if (actions.includes('edit')) {
    buttons.push(
      <Button key="edit" icon={<EditOutlined />} onClick={() => navigate(`/app/capacity-calls/${id}/edit`)}>
        修改
      </Button>,
    );
  }
  if (actions.includes('submit')) {
    buttons.push(
      <Button
        key="submit"
        type="primary"
        icon={<SendOutlined />}
        loading={act.isPending}
        onClick={() =>
          ask({
            step: 'submit',
            title: '提交财政局确认？',
            content: `“${c.title}”将提交财政局确认：年度预算 ${fmtYuan(c.budgetFen)}，名额×资助标准合计 ${fmtYuan(c.totalAwardFen)}。确认期间不能修改；如需修改，可先撤回。`,
            okText: '提交财政局确认',
          })
        }
      >
        提交财政局确认
      </Button>,
    );
  }
  if (actions.includes('confirm')) {
    buttons.push(
      <Button key="confirm" type="primary" icon={<CheckCircleOutlined />} onClick={() => setDialog('confirm')}>
        确认
      </Button>,
    );
  }
  if (actions.includes('return')) {
    buttons.push(
      <Button key="return" danger icon={<RollbackOutlined />} onClick={() => setDialog('return')}>
        退回
      </Button>,
    );
  }
  if (actions.includes('publish')) {
    buttons.push(
      <Button
        key="publish"
        type="primary"
        icon={<CheckCircleOutlined />}
        loading={act.isPending}
        onClick={() =>
          ask({
            step: 'publish',
            title: '发布申报通知？',
            content: (
              <div>
                <p>发布后，“{c.title}”将在门户网站“通知公告”中向社会公开，并向{c.associationName}所属学会发送申报待办和通知，申报截止日期为 {fmtDate(c.closesOn)}。</p>
                <p style={{ marginBottom: 0 }}>发布后通知内容不能再修改。</p>
              </div>
            ),
            okText: '发布',
          })
        }
      >
        发布
      </Button>,
    );
  }
  if (actions.includes('withdraw')) {
    buttons.push(
      <Button
        key="withdraw"
        icon={<UndoOutlined />}
        loading={act.isPending}
        onClick={() =>
          ask({
            step: 'withdraw',
            title: '撤回修改？',
            content:
              c.status === 'confirmed'
                ? '撤回后通知回到草稿，财政局的确认作废；修改后须重新提交财政局确认，才能发布。'
                : '撤回后通知回到草稿，财政局的待办随之取消；修改后可重新提交财政局确认。',
            okText: '撤回修改',
          })
        }
      >
        撤回修改
      </Button>,
    );
  }
  if (actions.includes('close')) {
    buttons.push(
      <Button key="close" danger icon={<StopOutlined />} onClick={() => setDialog('close')}>
        截止申报
      </Button>,
    );
  }
  // CAP-2, CAP-3: a society writes its application to a published call; whoever reads applications opens the call's
  if (c.status === 'published' && can('capacityApplication.submit')) {
    buttons.push(
      <Button key="apply" type="primary" icon={<EditOutlined />} onClick={() => navigate(`/app/capacity-calls/${id}/apply`)}>
        填写申报书
      </Button>,
    );
  }
  if ((c.status === 'published' || c.status === 'closed') && ['capacityApplication.submit', 'capacityApplication.review', 'capacityCall.manage', 'fund.read'].some((p) => can(p))) {
    buttons.push(
      <Button key="applications" onClick={() => navigate(`/app/capacity-applications?callId=${id}`)}>
        查看申报书
      </Button>,
    );
  }
  // CAP-4: the ranking per type against the quota and the joint decision (association staff; the co-managing finance bureau)
  if ((c.status === 'published' || c.status === 'closed') && (['capacityApplication.review', 'capacityCall.manage'].some((p) => can(p)) || (can('fund.read') && c.coManagedByFinance))) {
    buttons.push(
      <Button key="ranking" onClick={() => navigate(`/app/capacity-calls/${id}/ranking`)}>
        评审排名
      </Button>,
    );
  }

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Card>
        <Space orientation="vertical" size={8} style={{ width: '100%' }}>
          <Space wrap align="center">
            <Link to={`/app/capacity-calls?programmeId=${c.programmeId}`} aria-label="返回申报通知列表">
              <ArrowLeftOutlined />
            </Link>
            <Typography.Title level={3} style={{ margin: 0 }}>
              {c.title}
            </Typography.Title>
            <CallStatusTag status={c.status} label={c.statusLabel} />
          </Space>
          <Typography.Text type="secondary">
            {c.associationName} · {c.year} 年度 · 申报期 {fmtRange(c.opensOn, c.closesOn)}
          </Typography.Text>
          {buttons.length ? <Space wrap>{buttons}</Space> : null}
          <div style={{ marginTop: 8 }}>
            <CallProgress c={c} vertical={!screens.md} />
          </div>
        </Space>
      </Card>
      <NextStep c={c} />
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={16}>
          <Space orientation="vertical" size={16} style={{ width: '100%' }}>
            <Card title="通知内容">
              <Descriptions
                bordered
                size="small"
                column={1}
                styles={{ label: { width: 120, whiteSpace: 'nowrap' } }}
                items={[
                  { key: 't', label: '通知标题', children: c.title },
                  { key: 'y', label: '年度', children: `${c.year} 年` },
                  { key: 'a', label: '发布单位', children: c.associationName },
                  { key: 'p', label: '所属方案', children: <Link to={`/app/programmes/${c.programmeId}`}>{c.programmeName}</Link> },
                  { key: 'period', label: '申报期', children: fmtRange(c.opensOn, c.closesOn) },
                  { key: 'b', label: '年度预算', children: fmtYuan(c.budgetFen) },
                  { key: 'f', label: '资金来源', children: c.fundName },
                  { key: 'c', label: '联系方式', children: c.contact || '—' },
                  { key: 'd', label: '通知正文', children: <MultiLine text={c.description} /> },
                ]}
              />
            </Card>
            <Card title="项目类型、名额和资助标准">
              <CallTypesTable types={c.types} budgetFen={c.budgetFen} totalAwardFen={c.totalAwardFen} />
            </Card>
            <CallNoticesCard call={c} />
          </Space>
        </Col>
        <Col xs={24} xl={8}>
          <Space orientation="vertical" size={16} style={{ width: '100%' }}>
            <Card title="办理情况">
              <Descriptions
                size="small"
                column={1}
                styles={{ label: { width: 96, whiteSpace: 'nowrap' } }}
                items={[
                  {
                    key: 'co',
                    label: '财政局确认',
                    children: c.coManagedByFinance ? '本方案由科协会同财政局实施，发布前须经财政局确认' : '本方案无需财政局确认，由科协直接发布',
                  },
                  ...(c.coManagedByFinance
                    ? [
                        { key: 'sub', label: '提交确认', children: fmtDateTime(c.submittedAt) },
                        { key: 'org', label: '确认单位', children: c.confirmedOrgName ?? '—' },
                        { key: 'by', label: '确认人', children: c.confirmedByName ?? '—' },
                        { key: 'at', label: '确认时间', children: fmtDateTime(c.confirmedAt) },
                      ]
                    : []),
                  ...(c.returnComment ? [{ key: 'ret', label: '退回意见', children: <MultiLine text={c.returnComment} /> }] : []),
                  { key: 'pub', label: '发布时间', children: fmtDateTime(c.publishedAt) },
                  ...(c.closedAt ? [{ key: 'cl', label: '截止时间', children: fmtDateTime(c.closedAt) }] : []),
                  { key: 'cr', label: '创建时间', children: fmtDateTime(c.createdAt) },
                  { key: 'up', label: '最后修改', children: fmtDateTime(c.updatedAt) },
                ]}
              />
              {c.status === 'published' || c.status === 'closed' ? (
                <div style={{ marginTop: 12 }}>
                  <Link to={`/portal/calls/${c.id}`} target="_blank">
                    在门户网站查看
                  </Link>
                </div>
              ) : null}
            </Card>
            {can('audit.read') ? (
              <Card title="办理记录">
                <CallHistory callId={c.id} />
              </Card>
            ) : null}
          </Space>
        </Col>
      </Row>
      <CommentModal
        open={dialog === 'confirm'}
        title="确认申报通知？"
        intro={`确认后，${c.associationName}即可发布“${c.title}”。年度预算 ${fmtYuan(c.budgetFen)}，名额×资助标准合计 ${fmtYuan(c.totalAwardFen)}。`}
        label="确认意见（选填）"
        okText="确认申报通知"
        loading={act.isPending}
        onCancel={() => setDialog(null)}
        onOk={(comment) => void run('confirm', comment)}
      />
      <CommentModal
        open={dialog === 'return'}
        title="退回科协修改？"
        intro={`“${c.title}”将退回${c.associationName}修改，您的意见会通知科协；科协修改后会重新提交确认。`}
        label="退回意见"
        required
        placeholder="请写明需要修改的内容，如：综合示范学会名额偏多，请压减"
        okText="退回科协修改"
        danger
        loading={act.isPending}
        onCancel={() => setDialog(null)}
        onOk={(comment) => void run('return', comment)}
      />
      <CommentModal
        open={dialog === 'close'}
        title="截止申报？"
        intro={`截止后学会不能再申报“${c.title}”，学会的申报待办随之关闭，门户网站显示为“已截止”。此操作不可撤销。`}
        label="截止说明（选填）"
        maxLength={500}
        placeholder="如：申报期已满"
        okText="截止申报"
        danger
        loading={act.isPending}
        onCancel={() => setDialog(null)}
        onOk={(comment) => void run('close', comment)}
      />
    </Space>
  );
}

/** 起草 → (财政局确认) → 发布 → 截止, the current one highlighted. */
function CallProgress({ c, vertical }: { c: CapacityCall; vertical: boolean }) {
  const steps: { title: string; content: string }[] = [
    { title: '起草', content: `创建于 ${fmtDateTime(c.createdAt)}` },
    ...(c.coManagedByFinance
      ? [{ title: '财政局确认', content: c.confirmedAt ? `${c.confirmedOrgName ?? '财政局'}确认于 ${fmtDateTime(c.confirmedAt)}` : c.status === 'pendingConfirmation' ? `提交于 ${fmtDateTime(c.submittedAt)}，待确认` : '尚未确认' }]
      : []),
    { title: '发布', content: c.publishedAt ? `发布于 ${fmtDateTime(c.publishedAt)}` : '尚未发布' },
    { title: '截止申报', content: c.closedAt ? `截止于 ${fmtDateTime(c.closedAt)}` : `申报截止日期 ${fmtDate(c.closesOn)}` },
  ];
  const at = { draft: 0, pendingConfirmation: 1, confirmed: c.coManagedByFinance ? 2 : 1, published: c.coManagedByFinance ? 3 : 2, closed: steps.length } as const;
  const cur = at[c.status];
  return (
    <Steps
      size="small"
      orientation={vertical ? 'vertical' : 'horizontal'}
      current={cur}
      items={steps.map((s, i) => ({ title: s.title, content: s.content, status: i < cur ? 'finish' : i === cur ? 'process' : 'wait' }))}
    />
  );
}

/** What happens next, and who does it, in one line. */
function NextStep({ c }: { c: CapacityCall }) {
  const a = c.actions;
  const bureau = c.confirmedOrgName ?? '财政局';
  if (c.status === 'draft' && c.returnComment && !a.includes('edit')) {
    return <Alert type="info" showIcon title="已退回科协修改" description={<div style={{ whiteSpace: 'pre-wrap' }}>退回意见：{c.returnComment.replace(/[。.]\s*$/, '')}。科协修改后会重新提交确认。</div>} />;
  }
  if (c.status === 'draft' && c.returnComment) {
    return (
      <Alert
        type="warning"
        showIcon
        title="财政局退回修改"
        description={
          <>
            <div style={{ whiteSpace: 'pre-wrap' }}>意见：{c.returnComment}</div>
            {a.includes('edit') ? <div style={{ marginTop: 4 }}>请按意见点击“修改”，修改后再“提交财政局确认”。</div> : null}
          </>
        }
      />
    );
  }
  if (c.status === 'draft') {
    if (!a.length) return <Alert type="info" showIcon title="草稿：科协编制中，尚未发布" />;
    if (c.programmeStatus !== 'published') {
      return (
        <Alert
          type="info"
          showIcon
          title="方案尚未发布"
          description={`“${c.programmeName}”发布后，才能${c.coManagedByFinance ? '提交财政局确认' : '发布申报通知'}。草稿可以先修改完善。`}
          action={<Link to={`/app/programmes/${c.programmeId}`}>查看方案</Link>}
        />
      );
    }
    return (
      <Alert
        type="info"
        showIcon
        title={c.coManagedByFinance ? '下一步：提交财政局确认' : '下一步：发布'}
        description={c.coManagedByFinance ? '核对无误后点击“提交财政局确认”；财政局确认后即可发布。' : '核对无误后点击“发布”，通知将在门户网站公开并发送给学会。'}
      />
    );
  }
  if (c.status === 'pendingConfirmation') {
    if (a.includes('confirm')) {
      return (
        <Alert
          type="warning"
          showIcon
          title="请确认申报通知"
          description={`${c.associationName}提交了申报通知，请核对年度预算、资金来源、项目类型、名额和资助标准：无误请点击“确认”；需要修改请点击“退回”并写明意见。`}
        />
      );
    }
    return <Alert type="info" showIcon title="等待财政局确认" description={`已于 ${fmtDateTime(c.submittedAt)} 提交财政局确认。${a.includes('withdraw') ? '如需修改，可点击“撤回修改”。' : ''}`} />;
  }
  if (c.status === 'confirmed') {
    return (
      <Alert
        type="success"
        showIcon
        title={`${bureau}已确认`}
        description={a.includes('publish') ? '下一步：点击“发布”，通知将在门户网站“通知公告”中公开，并发送给学会。' : `确认人：${c.confirmedByName ?? '—'}，${fmtDateTime(c.confirmedAt)}。等待科协发布。`}
      />
    );
  }
  if (c.status === 'published' && !a.includes('close')) {
    return <Alert type="success" showIcon title="正在受理申报" description={<ClosesOnText closesOn={c.closesOn} />} />;
  }
  if (c.status === 'published') {
    return (
      <Alert
        type="success"
        showIcon
        title="已发布，正在受理申报"
        description={
          <Space orientation="vertical" size={2}>
            <span>已在门户网站“通知公告”中公开，并已通知学会申报。</span>
            <ClosesOnText closesOn={c.closesOn} />
            {a.includes('close') ? <span>申报截止日后，或需要提前结束受理时，点击“截止申报”。</span> : null}
          </Space>
        }
      />
    );
  }
  return <Alert type="info" showIcon title="申报已截止" description={`截止时间：${fmtDateTime(c.closedAt)}。门户网站显示为“已截止”。`} />;
}

function CommentModal(props: {
  open: boolean;
  title: string;
  intro: string;
  label: string;
  required?: boolean;
  placeholder?: string;
  maxLength?: number;
  okText: string;
  danger?: boolean;
  loading: boolean;
  onCancel: () => void;
  onOk: (comment: string | null) => void;
}) {
  const [form] = Form.useForm<{ comment?: string }>();
  return (
    <Modal
      open={props.open}
      title={props.title}
      okText={props.okText}
      okButtonProps={props.danger ? { danger: true } : undefined}
      cancelText="取消"
      confirmLoading={props.loading}
      onCancel={props.onCancel}
      onOk={() => form.submit()}
      destroyOnHidden
    >
      <Typography.Paragraph>{props.intro}</Typography.Paragraph>
      <Form form={form} layout="vertical" onFinish={(v) => props.onOk(v.comment?.trim() || null)} aria-label={props.title}>
        <Form.Item
          label={props.label}
          name="comment"
          rules={props.required ? [{ required: true, whitespace: true, message: `请填写${props.label}` }] : undefined}
        >
          <Input.TextArea rows={4} maxLength={props.maxLength ?? 2000} showCount placeholder={props.placeholder} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
