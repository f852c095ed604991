// CAP-5: the association's page of a result notice (评审结果公示) — the page its to-dos and
// notifications link to: the period and where it stands, each result on it with its objections
// counted, every objection received (the objector's contact partly hidden; the whole contact a
// separate read, recorded in the audit log) and the handling of each: 异议成立 or 不成立 with the
// reasons. Once the notice has closed, a result is settled by itself: upheld → not funded, pending →
// waits for the handling, none → funded. An evaluation notice (评估结果公示, CAP-6) reads the same way:
// upheld → not disbursed and the award cancelled, none → the funds may be disbursed. The finance
// bureau that co-manages the programme reads the same page without acting.
import { ArrowLeftOutlined, AuditOutlined, EyeOutlined } from '@ant-design/icons';
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Breadcrumb, Button, Card, Col, Descriptions, Empty, Form, Grid, Input, Modal, Radio, Row, Skeleton, Space, Table, Tag, Timeline, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { api } from '../../shared/api';
import { useCan } from '../../shared/auth';
import { FormErrorList, QueryError, useErrorReporter } from '../../shared/errors';
import { fmtCount, fmtDate, fmtDateTime, fmtRange, fmtYuan } from '../../shared/format';
import { RecordList, RecordRow } from '../../shared/RecordList';
import { usePageTitle } from '../../shared/usePageTitle';
import type { AuditPage } from '../../../contract/audit';
import type { FieldError } from '../../../contract/common';
import type { CapacityNotice, CapacityObjection, NoticeResult, ObjectionPersonalData } from '../../../contract/capacity-notices';
import { MultiLine } from '../transfer/common';
import { actionColor, actionLabel } from '../audit/auditLabels';
import { NoticeStatusTag, ObjectionStatusTag, ResultStatusTag, callNoticesKey, noticeKey } from './noticeShared';
import { afterHandling, closingRule, objectionScope, outcomeEffect } from './noticeWording';

export function NoticeDetailPage() {
  const { id = '' } = useParams();
  const can = useCan();
  const screens = Grid.useBreakpoint();
  const q = useQuery({ queryKey: noticeKey(id), queryFn: ({ signal }) => api<CapacityNotice>(`/capacity-notices/${id}`, { signal }) });
  const n = q.data;
  usePageTitle(n?.title ?? '公示');
  const [handling, setHandling] = useState<CapacityObjection | null>(null);
  const [contactOf, setContactOf] = useState<CapacityObjection | null>(null);
  if (q.isLoading) return <Card><Skeleton active paragraph={{ rows: 12 }} /></Card>;
  if (q.isError || !n) return <Card><QueryError error={q.error} onRetry={() => q.refetch()} /></Card>;
  const handles = n.objections.some((o) => o.actions.includes('handle'));
  const evaluation = n.kind === 'evaluation';
  // a result still waiting for its objections: selected (result notice), or funded with no outcome yet (evaluation notice)
  const held = n.results.filter((r) => (evaluation ? r.status === 'funded' && r.evaluationOutcome === null : r.status === 'selected') && r.pendingObjections > 0).length;

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Breadcrumb
        items={[
          { key: 'home', title: <Link to="/app">工作台</Link> },
          { key: 'calls', title: <Link to="/app/capacity-calls">申报通知</Link> },
          { key: 'call', title: <Link to={`/app/capacity-calls/${n.callId}`}>{n.callTitle}</Link> },
          { key: 'notice', title: n.kindLabel },
        ]}
      />
      <Card>
        <Space orientation="vertical" size={8} style={{ width: '100%' }}>
          <Space wrap align="center">
            <Link to={`/app/capacity-calls/${n.callId}`} aria-label="返回申报通知">
              <ArrowLeftOutlined />
            </Link>
            <Typography.Title level={3} style={{ margin: 0 }}>
              {n.title}
            </Typography.Title>
            <NoticeStatusTag status={n.status} label={n.statusLabel} />
            {n.pendingObjections ? <Tag color="orange">待处理异议 {fmtCount(n.pendingObjections, ' 条')}</Tag> : null}
          </Space>
          <Typography.Text type="secondary">
            {n.associationName} · {n.kindLabel} · 公示期 {fmtRange(n.startsOn, n.endsOn)} · 公示项目 {fmtCount(n.resultCount, ' 个')}
          </Typography.Text>
          <div>
            <Link to={`/portal/notices/${n.id}`} target="_blank">
              在门户网站查看
            </Link>
          </div>
        </Space>
      </Card>
      <NextStep n={n} handles={handles} held={held} />
      {/* the whole width: beside the side column the table's 状态 and 异议 columns fell off a 1280-pixel screen */}
      <Card title="公示项目">
        <Results results={n.results} wide={!!screens.md} />
      </Card>
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={16}>
          <Space orientation="vertical" size={16} style={{ width: '100%' }}>
            <Card title={`收到的异议（${fmtCount(n.objectionCount, ' 条')}）`}>
              <RecordList<CapacityObjection>
                items={n.objections}
                rowKey={(o) => o.id}
                label="收到的异议"
                empty={<Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={n.acceptsObjections ? '公示期内尚未收到异议' : '公示期内未收到异议'} />}
                render={(o) => <ObjectionRow o={o} onHandle={() => setHandling(o)} onContact={() => setContactOf(o)} />}
              />
            </Card>
          </Space>
        </Col>
        <Col xs={24} xl={8}>
          <Space orientation="vertical" size={16} style={{ width: '100%' }}>
            <Card title="公示信息">
              <Descriptions
                size="small"
                column={1}
                styles={{ label: { width: 96, whiteSpace: 'nowrap' } }}
                items={[
                  { key: 'call', label: '申报通知', children: <Link to={`/app/capacity-calls/${n.callId}`}>{n.callTitle}</Link> },
                  { key: 'p', label: '所属方案', children: <Link to={`/app/programmes/${n.programmeId}`}>{n.programmeName}</Link> },
                  { key: 'period', label: '公示期', children: fmtRange(n.startsOn, n.endsOn) },
                  { key: 'by', label: '发布人', children: n.publishedByName ?? '—' },
                  { key: 'at', label: '发布时间', children: fmtDateTime(n.publishedAt) },
                  ...(n.closedAt ? [{ key: 'cl', label: '结束时间', children: fmtDateTime(n.closedAt) }] : []),
                  { key: 'body', label: '公示内容', children: <MultiLine text={n.body} /> },
                ]}
              />
            </Card>
            {can('audit.read') ? (
              <Card title="办理记录">
                <NoticeHistory noticeId={n.id} />
              </Card>
            ) : null}
          </Space>
        </Col>
      </Row>
      <HandleModal n={n} o={handling} onClose={() => setHandling(null)} />
      <ContactModal o={contactOf} onClose={() => setContactOf(null)} />
    </Space>
  );
}

/** What happens next, in words. */
function NextStep({ n, handles, held }: { n: CapacityNotice; handles: boolean; held: number }) {
  if (n.status === 'open') {
    return (
      <Alert
        type={n.pendingObjections && handles ? 'warning' : 'info'}
        showIcon
        title={n.pendingObjections ? `有 ${fmtCount(n.pendingObjections, ' 条')}异议待处理` : `公示中，至 ${fmtDate(n.endsOn)} 结束`}
        description={closingRule(n.kind, fmtDate(n.endsOn))}
      />
    );
  }
  if (held) {
    return (
      <Alert
        type="warning"
        showIcon
        title={`公示已结束，${fmtCount(held, ' 个')}项目的异议尚待处理`}
        description={afterHandling(n.kind)}
      />
    );
  }
  return <Alert type="success" showIcon title="公示已结束，各项目结果已确定" />;
}

/** Where a result stands: on an evaluation notice its outcome there once settled, else the application's state. */
function OutcomeTag({ r }: { r: NoticeResult }) {
  if (r.evaluationOutcome) return <Tag color={r.evaluationOutcome === 'cleared' ? 'green' : 'red'}>{r.evaluationOutcomeLabel}</Tag>;
  return <ResultStatusTag status={r.status} label={r.statusLabel} />;
}

function Results({ results, wide }: { results: NoticeResult[]; wide: boolean }) {
  const objections = (r: NoticeResult) =>
    r.pendingObjections || r.upheldObjections ? (
      <Space size={4} wrap>
        {r.pendingObjections ? <Tag color="orange">待处理 {r.pendingObjections}</Tag> : null}
        {r.upheldObjections ? <Tag color="red">成立 {r.upheldObjections}</Tag> : null}
      </Space>
    ) : (
      '—'
    );
  if (!wide) {
    return (
      <RecordList<NoticeResult>
        items={results}
        rowKey={(r) => r.applicationId}
        label="公示项目"
        render={(r) => (
          <RecordRow
            title={
              <Space wrap size={[8, 4]}>
                <Link to={`/app/capacity-applications/${r.applicationId}`}>{r.projectTitle}</Link>
                <OutcomeTag r={r} />
              </Space>
            }
            description={`${r.societyName} · ${r.typeName} · 得分 ${r.scoreText ?? '—'} · 资助标准 ${fmtYuan(r.awardFen)}`}
          >
            {r.pendingObjections || r.upheldObjections ? <div style={{ marginTop: 4 }}>异议：{objections(r)}</div> : null}
          </RecordRow>
        )}
      />
    );
  }
  const columns: TableColumnsType<NoticeResult> = [
    { title: '项目名称', dataIndex: 'projectTitle', render: (v: string, r) => <Link to={`/app/capacity-applications/${r.applicationId}`}>{v}</Link> },
    { title: '申报学会', dataIndex: 'societyName', width: 180, ellipsis: true },
    { title: '项目类型', dataIndex: 'typeName', width: 130 },
    { title: '得分', dataIndex: 'scoreText', width: 80, align: 'right', render: (v: string | null) => v ?? '—' },
    { title: '资助标准', dataIndex: 'awardFen', width: 140, align: 'right', render: (v: number | null) => fmtYuan(v) },
    { title: '状态', dataIndex: 'statusLabel', width: 110, render: (_v, r) => <OutcomeTag r={r} /> },
    { title: '异议', key: 'objections', width: 150, render: (_v, r) => objections(r) },
  ];
  return <Table<NoticeResult> rowKey="applicationId" size="small" columns={columns} dataSource={results} pagination={false} scroll={{ x: 960 }} />;
}

function ObjectionRow({ o, onHandle, onContact }: { o: CapacityObjection; onHandle: () => void; onContact: () => void }) {
  return (
    <RecordRow
      mark={<AuditOutlined style={{ fontSize: 18, color: o.status === 'pending' ? '#d46b08' : '#8c8c8c', marginTop: 4 }} />}
      title={
        <Space wrap size={[8, 4]}>
          <span>{o.projectTitle ? `针对“${o.projectTitle}”（${o.societyName}）` : '针对整个公示'}</span>
          <ObjectionStatusTag status={o.status} label={o.statusLabel} />
        </Space>
      }
      description={
        <Space wrap size={[12, 0]}>
          <span>{fmtDateTime(o.createdAt)} 提出</span>
          <span>提出人 {o.nameMasked ?? '未署名'}</span>
          <span>联系方式 {o.contactMasked}</span>
        </Space>
      }
      actions={
        <Space wrap>
          {o.actions.includes('viewContact') ? (
            <Button size="small" icon={<EyeOutlined />} onClick={onContact}>
              查看联系方式
            </Button>
          ) : null}
          {o.actions.includes('handle') ? (
            <Button size="small" type="primary" onClick={onHandle}>
              处理异议
            </Button>
          ) : null}
        </Space>
      }
    >
      <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: '8px 0 0' }}>{o.content}</Typography.Paragraph>
      {o.status !== 'pending' ? (
        <Alert
          style={{ marginTop: 8 }}
          type={o.status === 'upheld' ? 'error' : 'success'}
          title={`${o.statusLabel}${o.handledByName ? `（${o.handledByName}，${fmtDateTime(o.handledAt)}）` : ''}`}
          description={<MultiLine text={o.outcomeReason} />}
        />
      ) : null}
    </RecordRow>
  );
}

interface HandleValues {
  outcome?: 'upheld' | 'notUpheld';
  reason?: string;
}

/** 处理异议: the outcome and its reasons, with what it means for the result(s) concerned. */
function HandleModal({ n, o, onClose }: { n: CapacityNotice; o: CapacityObjection | null; onClose: () => void }) {
  const [form] = Form.useForm<HandleValues>();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const report = useErrorReporter();
  const [errors, setErrors] = useState<FieldError[]>([]);
  const outcome = Form.useWatch('outcome', form);
  const handle = useMutation({
    mutationFn: (v: HandleValues) => api<CapacityNotice>(`/capacity-objections/${o!.id}/handle`, { method: 'POST', body: { rowVersion: o!.rowVersion, outcome: v.outcome, reason: v.reason?.trim() ?? '' } }),
    onSuccess: (r, v) => {
      qc.setQueryData(noticeKey(n.id), r);
      void qc.invalidateQueries({ queryKey: callNoticesKey(n.callId) });
      void qc.invalidateQueries({ queryKey: ['todos/counts'] });
      void qc.invalidateQueries({ queryKey: ['audit', 'entity', 'capacity_notice', n.id] });
      message.success(`已记录：${v.outcome === 'upheld' ? '异议成立' : '异议不成立'}，已通知相关学会`);
      onClose();
    },
    onError: (e) => setErrors(report(e, { form, action: '处理异议', onRefresh: () => void qc.invalidateQueries({ queryKey: noticeKey(n.id) }) })),
  });
  // the consequence in the notice's own terms: the award (评审结果公示) or its disbursement (评估结果公示)
  const effect = outcomeEffect(n.kind, outcome, o?.projectTitle ?? null, n.status === 'open');
  return (
    <Modal
      open={!!o}
      title="处理异议"
      okText="记录处理结果"
      okButtonProps={outcome === 'upheld' ? { danger: true } : undefined}
      cancelText="取消"
      confirmLoading={handle.isPending}
      onCancel={onClose}
      onOk={() => form.submit()}
      width={640}
      destroyOnHidden
    >
      {o ? (
        <>
          <Typography.Paragraph type="secondary">{objectionScope(n.kind, o)}</Typography.Paragraph>
          <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', background: '#fafafa', padding: 12, borderRadius: 6 }}>{o.content}</Typography.Paragraph>
          <FormErrorList errors={errors} />
          <Form<HandleValues>
            form={form}
            layout="vertical"
            onFinish={(v) => {
              setErrors([]);
              handle.mutate(v);
            }}
            aria-label="处理异议"
          >
            <Form.Item name="outcome" label="处理结果" rules={[{ required: true, message: '请选择处理结果：异议成立或异议不成立' }]} extra={effect || undefined}>
              <Radio.Group
                options={[
                  { value: 'upheld', label: '异议成立' },
                  { value: 'notUpheld', label: '异议不成立' },
                ]}
              />
            </Form.Item>
            <Form.Item name="reason" label="处理理由" rules={[{ required: true, whitespace: true, message: '请填写处理理由' }]}>
              <Input.TextArea rows={5} maxLength={2000} showCount placeholder="写明核查的事实和结论，将告知相关学会" />
            </Form.Item>
          </Form>
        </>
      ) : null}
    </Modal>
  );
}

/** The objector's whole name and contact: read on demand, each reading recorded in the audit log. */
function ContactModal({ o, onClose }: { o: CapacityObjection | null; onClose: () => void }) {
  const q = useQuery({
    queryKey: ['capacity-objections', o?.id, 'personal-data'],
    queryFn: ({ signal }) => api<ObjectionPersonalData>(`/capacity-objections/${o!.id}/personal-data`, { signal }),
    enabled: !!o,
    staleTime: 0,
    gcTime: 0,
    retry: false,
  });
  return (
    <Modal open={!!o} title="异议人的联系方式" footer={<Button onClick={onClose}>关闭</Button>} onCancel={onClose} destroyOnHidden>
      <Typography.Paragraph type="secondary">仅用于核查处理异议时与异议人联系。本次查看已记入审计日志。</Typography.Paragraph>
      {q.isLoading ? (
        <Skeleton active paragraph={{ rows: 2 }} />
      ) : q.isError || !q.data ? (
        <QueryError error={q.error} compact />
      ) : (
        <Descriptions
          size="small"
          column={1}
          items={[
            { key: 'name', label: '姓名', children: q.data.name ?? '未署名' },
            { key: 'contact', label: '联系方式', children: q.data.contact },
          ]}
        />
      )}
    </Modal>
  );
}

/** 办理记录 of the notice, from the audit log: published, closed by the system at the end of its period. */
function NoticeHistory({ noticeId }: { noticeId: string }) {
  const q = useInfiniteQuery({
    queryKey: ['audit', 'entity', 'capacity_notice', noticeId],
    queryFn: ({ pageParam, signal }) => api<AuditPage>('/audit', { query: { entityType: 'capacity_notice', entityId: noticeId, cursor: pageParam, limit: 20 }, signal }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  if (q.isLoading) return <Skeleton active />;
  if (q.isError) return <QueryError error={q.error} onRetry={() => q.refetch()} compact />;
  const items = q.data?.pages.flatMap((p) => p.items) ?? [];
  if (!items.length) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="暂无办理记录" />;
  return (
    <>
      <Timeline
        items={items.map((e) => ({
          color: e.action === 'capacityNotice.publish' ? 'green' : 'blue',
          content: (
            <Space orientation="vertical" size={2} style={{ width: '100%' }}>
              <Typography.Text type="secondary">{fmtDateTime(e.at)}</Typography.Text>
              <Space wrap size={6}>
                <Tag color={actionColor(e.action)}>{e.actionLabel || actionLabel(e.action)}</Tag>
                <span>{e.actorDisplayName ?? '系统'}</span>
                {e.actorOrgName ? <Typography.Text type="secondary">{e.actorOrgName}</Typography.Text> : null}
              </Space>
            </Space>
          ),
        }))}
      />
      {q.hasNextPage ? (
        <div style={{ textAlign: 'center' }}>
          <Button onClick={() => q.fetchNextPage()} loading={q.isFetchingNextPage}>
            加载更多
          </Button>
        </div>
      ) : null}
    </>
  );
}
