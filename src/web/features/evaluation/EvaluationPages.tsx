// EVA-2, EVA-3 第三方评估: the association commissions an evaluator (委托第三方评估) for its programme or
// some of its pilot projects; the evaluator's staff see their commissions, open each commissioned
// project read-only, score its KPIs by the programme's method and write their findings, then submit
// the report; the association accepts or returns each report and may publish an accepted one on the
// portal. The programme's own report is the last card of a commission.
import { DownloadOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Descriptions, Drawer, Empty, Form, Input, InputNumber, Modal, Radio, Select, Skeleton, Space, Table, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { api } from '../../shared/api';
import { clipped, tableMinWidth } from '../../shared/cells';
import { DayPicker, dayRule } from '../../shared/DayPicker';
import { FormErrorList, QueryError, useErrorReporter } from '../../shared/errors';
import { dayjs, fmtDate, fmtDateTime, todayCst, fmtQuantity } from '../../shared/format';
import { usePageTitle } from '../../shared/usePageTitle';
import type { FieldError, Page } from '../../../contract/common';
import type { EvaluationCommission, EvaluationCommissionItem, EvaluationCommissionList, PerformanceEvaluation } from '../../../contract/evaluation';
import type { ProgrammeSummary } from '../../../contract/programmes';
import type { OrgListItem } from '../../../contract/orgs';
import type { PilotProjectPage } from '../../../contract/selection';
import { gradeScaleText } from '../../../domain/evaluation/performance';
import { AttachmentList, EvidenceUpload, evidenceFromAttachments, evidenceIds, type EvidenceFile } from '../selection/EvidenceUpload';
import { Para } from '../supervision/ApprovalChainParts';

const reportColors: Record<string, string> = { draft: 'processing', submitted: 'gold', returned: 'orange', accepted: 'green' };
const commissionColors: Record<string, string> = { 进行中: 'processing', 未开始: 'default', 已结束: 'default', 已撤销: 'red' };
const ReportTag = ({ status, label }: { status: string | null; label: string }) => <Tag color={status ? (reportColors[status] ?? 'default') : 'default'}>{label}</Tag>;

export function EvaluationCommissionsPage() {
  usePageTitle('第三方评估');
  const qc = useQueryClient();
  const q = useQuery({ queryKey: ['/evaluation-commissions'], queryFn: ({ signal }) => api<EvaluationCommissionList>('/evaluation-commissions', { signal }) });
  const [creating, setCreating] = useState(false);
  const columns: TableColumnsType<EvaluationCommissionItem> = [
    { title: '委托事项', dataIndex: 'title', ...clipped<EvaluationCommissionItem>((t, r) => <Link to={`/app/evaluation-commissions/${r.id}`}>{t}</Link>) },
    { title: '第三方评估机构', dataIndex: 'evaluatorName', width: 170, ...clipped<EvaluationCommissionItem>() },
    { title: '方案', dataIndex: 'programmeName', width: 220, ...clipped<EvaluationCommissionItem>() },
    { title: '评估期', key: 'days', width: 200, render: (_: unknown, r) => `${fmtDate(r.startsOn)} 至 ${fmtDate(r.endsOn)}` },
    { title: '报告', key: 'reports', width: 150, render: (_: unknown, r) => `已提交 ${r.submittedCount} / ${r.projectCount} 项，采纳 ${r.acceptedCount}` },
    { title: '状态', dataIndex: 'statusLabel', width: 90, render: (s: string) => <Tag color={commissionColors[s] ?? 'default'}>{s}</Tag> },
  ];
  return (
    <Card
      title="第三方评估"
      extra={
        q.data?.actions.includes('create') ? (
          <Button type="primary" onClick={() => setCreating(true)}>
            委托第三方评估
          </Button>
        ) : null
      }
    >
      <Typography.Paragraph type="secondary">科协委托第三方评估机构，对试点项目的任务书量化考核指标逐项核实计分、形成项目和方案的绩效评估报告；科协审核采纳后，可在门户公开评估结果。</Typography.Paragraph>
      {q.isError ? (
        <QueryError error={q.error} onRetry={() => q.refetch()} />
      ) : (
        <Table<EvaluationCommissionItem>
          rowKey="id"
          size="middle"
          loading={q.isLoading}
          dataSource={q.data?.items ?? []}
          columns={columns}
          pagination={false}
          scroll={{ x: tableMinWidth(columns) }}
          locale={{ emptyText: <Empty description="暂无评估委托" /> }}
        />
      )}
      {creating ? <CreateCommissionDrawer onClose={() => setCreating(false)} onDone={() => void qc.invalidateQueries({ queryKey: ['/evaluation-commissions'] })} /> : null}
    </Card>
  );
}

interface CreateValues {
  programmeId: string;
  evaluatorOrgId: string;
  title: string;
  scope: 'programme' | 'projects';
  projectIds?: string[];
  startsOn: Dayjs;
  endsOn: Dayjs;
  note?: string;
}

function CreateCommissionDrawer({ onClose, onDone }: { onClose: () => void; onDone: () => void }) {
  const { message } = App.useApp();
  const report = useErrorReporter();
  const [form] = Form.useForm<CreateValues>();
  const programmeId = Form.useWatch('programmeId', form);
  const scope = Form.useWatch('scope', form);
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [busy, setBusy] = useState(false);
  const programmes = useQuery({ queryKey: ['/programmes', 'transferPilot', 'published'], queryFn: ({ signal }) => api<Page<ProgrammeSummary>>('/programmes', { query: { kind: 'transferPilot', status: 'published', limit: 100 }, signal }) });
  const evaluators = useQuery({ queryKey: ['/orgs', 'evaluator'], queryFn: ({ signal }) => api<Page<OrgListItem>>('/orgs', { query: { type: 'evaluator', isActive: 'true', limit: 100 }, signal }) });
  const projects = useQuery({
    queryKey: ['/projects', programmeId],
    enabled: !!programmeId,
    queryFn: ({ signal }) => api<PilotProjectPage>('/projects', { query: { programmeId, limit: 100 }, signal }),
  });
  const submit = async (v: CreateValues) => {
    setBusy(true);
    try {
      await api(`/programmes/${v.programmeId}/evaluation-commissions`, {
        method: 'POST',
        body: { evaluatorOrgId: v.evaluatorOrgId, title: v.title, scope: v.scope, projectIds: v.scope === 'projects' ? (v.projectIds ?? []) : [], startsOn: v.startsOn.format('YYYY-MM-DD'), endsOn: v.endsOn.format('YYYY-MM-DD'), note: v.note?.trim() || null },
      });
      message.success('已委托，评估机构将收到待办');
      onClose();
      onDone();
    } catch (e) {
      setErrors(report(e, { form, action: '委托' }));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Drawer
      open
      size={640}
      title="委托第三方评估"
      onClose={onClose}
      extra={
        <Space>
          <Button onClick={onClose}>取消</Button>
          <Button type="primary" loading={busy} onClick={() => form.submit()}>
            委托
          </Button>
        </Space>
      }
    >
      <FormErrorList errors={errors} />
      <Form form={form} layout="vertical" initialValues={{ scope: 'projects', startsOn: dayjs(todayCst()), endsOn: dayjs(todayCst()).add(2, 'month') }} onFinish={(v) => void submit(v)}>
        <Form.Item name="programmeId" label="方案" rules={[{ required: true, message: '请选择方案' }]}>
          <Select loading={programmes.isLoading} options={(programmes.data?.items ?? []).map((p) => ({ value: p.id, label: p.name }))} placeholder="本科协已发布的试点方案" />
        </Form.Item>
        <Form.Item name="evaluatorOrgId" label="第三方评估机构" rules={[{ required: true, message: '请选择第三方评估机构' }]}>
          <Select loading={evaluators.isLoading} options={(evaluators.data?.items ?? []).map((o) => ({ value: o.id, label: o.name }))} placeholder="在组织机构中登记的评估机构" />
        </Form.Item>
        <Form.Item name="title" label="委托事项名称" rules={[{ required: true, whitespace: true, message: '请填写委托事项名称' }]}>
          <Input maxLength={200} placeholder="如：2026年度试点项目第三方绩效评估" />
        </Form.Item>
        <Form.Item name="scope" label="评估范围" rules={[{ required: true, message: '请选择评估范围' }]}>
          <Radio.Group
            options={[
              { value: 'projects', label: '指定的试点项目' },
              { value: 'programme', label: '方案的全部试点项目' },
            ]}
          />
        </Form.Item>
        {scope === 'projects' ? (
          <Form.Item name="projectIds" label="试点项目" rules={[{ required: true, message: '请选择要评估的试点项目' }]}>
            <Select mode="multiple" disabled={!programmeId} loading={projects.isLoading} placeholder={programmeId ? '选择项目' : '请先选择方案'} options={(projects.data?.items ?? []).map((p) => ({ value: p.id, label: `${p.title}（${p.societyName}）` }))} />
          </Form.Item>
        ) : null}
        <Space wrap size={16}>
          <Form.Item name="startsOn" label="开始日期" rules={[{ required: true, message: '请选择开始日期' }, dayRule]}>
            <DayPicker />
          </Form.Item>
          <Form.Item name="endsOn" label="结束日期" dependencies={['startsOn']} rules={[{ required: true, message: '请选择结束日期' }, dayRule]}>
            <DayPicker />
          </Form.Item>
        </Space>
        <Typography.Paragraph type="secondary">评估期内，评估机构人员可只读查看所委托项目的任务书、监督记录和附件；评估期结束或撤销委托后即不能再查看。</Typography.Paragraph>
        <Form.Item name="note" label="委托要求（选填）">
          <Input.TextArea rows={4} maxLength={2000} showCount />
        </Form.Item>
      </Form>
    </Drawer>
  );
}

export function EvaluationCommissionPage() {
  const { id = '' } = useParams();
  const qc = useQueryClient();
  const key = ['/evaluation-commissions', id];
  const q = useQuery({ queryKey: key, queryFn: ({ signal }) => api<EvaluationCommission>(`/evaluation-commissions/${id}`, { signal }) });
  usePageTitle(q.data?.title ?? '评估委托');
  const [evaluating, setEvaluating] = useState<EvaluationCommission['projects'][number] | 'programme' | null>(null);
  const [viewing, setViewing] = useState<string | null>(null);
  const [cancelling, setCancelling] = useState(false);
  const refresh = () => {
    void qc.invalidateQueries({ queryKey: key });
    void qc.invalidateQueries({ queryKey: ['/evaluation-commissions'] });
    void qc.invalidateQueries({ queryKey: ['todos/counts'] });
  };
  if (q.isLoading) return <Card><Skeleton active /></Card>;
  if (q.isError || !q.data) return <Card><QueryError error={q.error} onRetry={() => q.refetch()} /></Card>;
  const c = q.data;
  const evaluates = c.actions.includes('evaluate');
  const columns: TableColumnsType<EvaluationCommission['projects'][number]> = [
    { title: '试点项目', dataIndex: 'title', ...clipped<EvaluationCommission['projects'][number]>((t, r) => <Link to={`/app/projects/${r.projectId}`}>{t}</Link>) },
    { title: '承接学会', dataIndex: 'societyName', width: 150, ...clipped<EvaluationCommission['projects'][number]>() },
    { title: '项目状态', dataIndex: 'projectStatusLabel', width: 120, ...clipped<EvaluationCommission['projects'][number]>() },
    { title: '评估报告', key: 'report', width: 150, render: (_: unknown, r) => <ReportTag status={r.evaluationStatus} label={r.evaluationStatusLabel} /> },
    { title: '得分', key: 'score', width: 90, align: 'right', render: (_: unknown, r) => (r.score === null ? '—' : `${r.score} 分`) },
    { title: '等级', dataIndex: 'grade', width: 70, render: (g: string | null) => g ?? '—' },
    {
      title: '操作',
      key: 'op',
      width: 110,
      fixed: 'right',
      render: (_: unknown, r) => (
        <Space size={0}>
          {evaluates && (r.evaluationStatus === null || r.evaluationStatus === 'draft' || r.evaluationStatus === 'returned') ? (
            <Button type="link" size="small" onClick={() => setEvaluating(r)}>
              评估
            </Button>
          ) : null}
          {r.evaluationId ? (
            <Button type="link" size="small" onClick={() => setViewing(r.evaluationId)}>
              查看
            </Button>
          ) : null}
        </Space>
      ),
    },
  ];
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Card
        title={
          <Space wrap>
            <span>{c.title}</span>
            <Tag color={commissionColors[c.statusLabel] ?? 'default'}>{c.statusLabel}</Tag>
          </Space>
        }
        extra={
          c.actions.includes('cancel') ? (
            <Button danger onClick={() => setCancelling(true)}>
              撤销委托
            </Button>
          ) : null
        }
      >
        <Descriptions
          size="small"
          column={{ xs: 1, md: 2 }}
          items={[
            { key: 'p', label: '方案', children: c.programmeName },
            { key: 'a', label: '委托单位', children: c.associationName },
            { key: 'e', label: '第三方评估机构', children: c.evaluatorName },
            { key: 's', label: '评估范围', children: c.scopeLabel },
            { key: 'd', label: '评估期', children: `${fmtDate(c.startsOn)} 至 ${fmtDate(c.endsOn)}` },
            { key: 'm', label: '计分方法', children: c.scoring.methodLabel },
            { key: 'g', label: '绩效等级', children: `${gradeScaleText(c.scoring.grades)}；${c.scoring.passScore} 分及以上为合格` },
            ...(c.note ? [{ key: 'n', label: '委托要求', children: <Para text={c.note} />, span: 'filled' as const }] : []),
          ]}
        />
        {evaluates ? <Alert type="info" showIcon title="评估期内可只读查看所委托项目的任务书、监督记录和附件（点击项目名称）；逐项核实量化指标后提交评估报告。" /> : null}
      </Card>
      <Card title="项目评估">
        <Table rowKey="projectId" size="middle" dataSource={c.projects} columns={columns} pagination={false} scroll={{ x: tableMinWidth(columns) }} locale={{ emptyText: <Empty description="委托范围内暂无试点项目" /> }} />
      </Card>
      <Card
        title="方案总体评估报告"
        extra={
          evaluates && (!c.programmeReport || c.programmeReport.actions.includes('edit')) ? (
            <Button onClick={() => setEvaluating('programme')}>{c.programmeReport ? '修改' : '撰写'}总体评估报告</Button>
          ) : null
        }
      >
        {c.programmeReport ? <ReportBody r={c.programmeReport} onChanged={refresh} /> : <Empty description="尚未撰写方案总体评估报告" />}
      </Card>
      {evaluating ? <EvaluateDrawer c={c} target={evaluating} onClose={() => setEvaluating(null)} onDone={refresh} /> : null}
      {viewing ? <ReportDrawer id={viewing} onClose={() => setViewing(null)} onChanged={refresh} /> : null}
      {cancelling ? <CancelModal c={c} onClose={() => setCancelling(false)} onDone={refresh} /> : null}
    </Space>
  );
}

function ReportDrawer({ id, onClose, onChanged }: { id: string; onClose: () => void; onChanged: () => void }) {
  const q = useQuery({ queryKey: ['/performance-evaluations', id], queryFn: ({ signal }) => api<PerformanceEvaluation>(`/performance-evaluations/${id}`, { signal }) });
  return (
    <Drawer open size={760} title={q.data ? `评估报告：${q.data.projectTitle ?? '方案总体评估'}` : '评估报告'} onClose={onClose}>
      {q.isLoading ? <Skeleton active /> : q.isError || !q.data ? <QueryError error={q.error} onRetry={() => q.refetch()} /> : <ReportBody r={q.data} onChanged={() => { void q.refetch(); onChanged(); }} />}
    </Drawer>
  );
}

/** A report as its reader sees it, with the association's decision and publication. */
function ReportBody({ r, onChanged }: { r: PerformanceEvaluation; onChanged: () => void }) {
  const [deciding, setDeciding] = useState(false);
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Space wrap>
        <ReportTag status={r.status} label={r.statusLabel} />
        {r.score !== null ? <Typography.Text strong>{`${r.score} 分 · ${r.grade}${r.passed ? '' : '（不合格）'}`}</Typography.Text> : null}
        {r.publishedAt ? <Tag color="blue">已在门户公开</Tag> : null}
        {r.actions.includes('decide') ? (
          <Button type="primary" onClick={() => setDeciding(true)}>
            审核
          </Button>
        ) : null}
        {r.actions.includes('publish') || r.actions.includes('unpublish') ? <PublishButton r={r} onDone={onChanged} /> : null}
      </Space>
      <ReportDownloads r={r} />
      {r.kpis.length ? (
        <Table
          size="small"
          rowKey="name"
          pagination={false}
          dataSource={r.kpis}
          scroll={{ x: 720 }}
          columns={[
            { title: '量化考核指标', dataIndex: 'name', width: 180 },
            { title: '目标值', dataIndex: 'target', width: 100, align: 'right', render: (v: number, k) => `${fmtQuantity(v)} ${k.unit}` },
            { title: '核实完成值', dataIndex: 'actual', width: 110, align: 'right', render: (v: number, k) => `${fmtQuantity(v)} ${k.unit}` },
            { title: '得分', dataIndex: 'score', width: 70, align: 'right' },
            { title: '核实依据', dataIndex: 'evidence', render: (v: string) => <Para text={v} /> },
          ]}
        />
      ) : null}
      <Descriptions
        size="small"
        bordered
        column={1}
        styles={{ label: { width: 120, whiteSpace: 'nowrap' } }}
        items={[
          { key: 'f', label: r.projectId ? '评估发现和结论' : '总体评估结论', children: <Para text={r.findings} /> },
          ...(r.recommendations ? [{ key: 'r', label: '意见建议', children: <Para text={r.recommendations} /> }] : []),
          ...(r.attachments.length ? [{ key: 'a', label: '附件', children: <AttachmentList files={r.attachments} /> }] : []),
          { key: 'u', label: '评估机构', children: `${r.evaluatorName} · ${r.updatedByName ?? ''} · ${fmtDateTime(r.updatedAt)}` },
          ...(r.decidedAt ? [{ key: 'd', label: '科协审核', children: `${r.decidedByName ?? ''} · ${fmtDateTime(r.decidedAt)}${r.decisionComment ? `：${r.decisionComment}` : ''}` }] : []),
        ]}
      />
      {deciding ? <DecideModal r={r} onClose={() => setDeciding(false)} onDone={onChanged} /> : null}
    </Space>
  );
}

/** EVA-2, EVA-3: the report as Word and PDF (项目绩效评价报告 / 计划整体绩效评价报告), marked while not yet accepted. */
function ReportDownloads({ r }: { r: PerformanceEvaluation }) {
  const hint = r.status === 'accepted' ? '' : r.status === 'submitted' ? '（待审核）' : r.status === 'returned' ? '（退回修改）' : '（草稿）';
  return (
    <Space wrap>
      {(['docx', 'pdf'] as const).map((format) => (
        <Button key={format} icon={<DownloadOutlined />} href={`/api/v1/performance-evaluations/${r.id}/document?format=${format}`}>
          {`下载 ${format === 'docx' ? 'Word' : 'PDF'}${hint}`}
        </Button>
      ))}
    </Space>
  );
}

function PublishButton({ r, onDone }: { r: PerformanceEvaluation; onDone: () => void }) {
  const { message } = App.useApp();
  const report = useErrorReporter();
  const [busy, setBusy] = useState(false);
  const publish = r.actions.includes('publish');
  const run = async () => {
    setBusy(true);
    try {
      await api(`/performance-evaluations/${r.id}/publication`, { method: 'POST', body: { publish, rowVersion: r.rowVersion } });
      message.success(publish ? '评估结果已在门户公开' : '已从门户撤下');
      onDone();
    } catch (e) {
      report(e, { action: publish ? '公开' : '撤下', onRefresh: onDone });
    } finally {
      setBusy(false);
    }
  };
  return (
    <Button loading={busy} onClick={() => void run()}>
      {publish ? '在门户公开' : '从门户撤下'}
    </Button>
  );
}

function DecideModal({ r, onClose, onDone }: { r: PerformanceEvaluation; onClose: () => void; onDone: () => void }) {
  const { message } = App.useApp();
  const report = useErrorReporter();
  const [form] = Form.useForm<{ decision: 'accept' | 'return'; comment?: string }>();
  const decision = Form.useWatch('decision', form);
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [busy, setBusy] = useState(false);
  const submit = async () => {
    const v = await form.validateFields();
    setBusy(true);
    try {
      await api(`/performance-evaluations/${r.id}/decision`, { method: 'POST', body: { decision: v.decision, comment: v.comment?.trim() || null, rowVersion: r.rowVersion } });
      message.success(v.decision === 'accept' ? '已采纳评估报告' : '已退回评估机构修改');
      onClose();
      onDone();
    } catch (e) {
      setErrors(report(e, { form, action: '审核', onRefresh: () => { onClose(); onDone(); } }));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal open title="审核评估报告" okText="提交" cancelText="取消" okButtonProps={{ loading: busy }} onOk={() => void submit().catch(() => undefined)} onCancel={onClose}>
      {r.passed === false ? <Alert type="warning" showIcon style={{ marginBottom: 12 }} title="该项目评估不合格：采纳后记入承接学会本年度的未完成任务，今后遴选时按资格条件审查。" /> : null}
      <FormErrorList errors={errors} />
      <Form form={form} layout="vertical" initialValues={{ decision: 'accept' }}>
        <Form.Item name="decision" label="审核结论" rules={[{ required: true, message: '请选择审核结论' }]}>
          <Radio.Group options={[{ value: 'accept', label: '采纳' }, { value: 'return', label: '退回修改' }]} />
        </Form.Item>
        <Form.Item name="comment" label={decision === 'return' ? '退回意见' : '审核意见（选填）'} rules={decision === 'return' ? [{ required: true, whitespace: true, message: '退回时请填写意见' }] : []}>
          <Input.TextArea rows={4} maxLength={2000} showCount />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function CancelModal({ c, onClose, onDone }: { c: EvaluationCommission; onClose: () => void; onDone: () => void }) {
  const { message } = App.useApp();
  const report = useErrorReporter();
  const [form] = Form.useForm<{ reason: string }>();
  const [busy, setBusy] = useState(false);
  const submit = async () => {
    const v = await form.validateFields();
    setBusy(true);
    try {
      await api(`/evaluation-commissions/${c.id}/cancel`, { method: 'POST', body: { reason: v.reason, rowVersion: c.rowVersion } });
      message.success('已撤销委托');
      onClose();
      onDone();
    } catch (e) {
      report(e, { form, action: '撤销', onRefresh: () => { onClose(); onDone(); } });
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal open title="撤销评估委托" okText="撤销" okButtonProps={{ danger: true, loading: busy }} cancelText="取消" onOk={() => void submit().catch(() => undefined)} onCancel={onClose}>
      <Typography.Paragraph>撤销后评估机构不能再查看所委托的项目；已采纳的评估报告保留。</Typography.Paragraph>
      <Form form={form} layout="vertical">
        <Form.Item name="reason" label="撤销原因" rules={[{ required: true, whitespace: true, message: '请填写撤销原因' }]}>
          <Input.TextArea rows={3} maxLength={500} showCount />
        </Form.Item>
      </Form>
    </Modal>
  );
}

interface EvaluateValues {
  kpis?: { actual: number | null; evidence: string }[];
  findings: string;
  recommendations?: string;
}

function EvaluateDrawer({ c, target, onClose, onDone }: { c: EvaluationCommission; target: EvaluationCommission['projects'][number] | 'programme'; onClose: () => void; onDone: () => void }) {
  const { message } = App.useApp();
  const report = useErrorReporter();
  const [form] = Form.useForm<EvaluateValues>();
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [busy, setBusy] = useState<'save' | 'submit' | null>(null);
  const project = target === 'programme' ? null : target;
  const existing = useQuery({
    queryKey: ['/performance-evaluations', project ? project.evaluationId : c.programmeReport?.id],
    enabled: !!(project ? project.evaluationId : c.programmeReport),
    queryFn: ({ signal }) => api<PerformanceEvaluation>(`/performance-evaluations/${project ? project.evaluationId : c.programmeReport!.id}`, { signal }),
  });
  const [files, setFiles] = useState<EvidenceFile[] | null>(null);
  const r = existing.data;
  const kpis = project?.kpis ?? [];
  if ((project ? project.evaluationId : c.programmeReport) && existing.isLoading) return <Drawer open size={760} title="评估" onClose={onClose}><Skeleton active /></Drawer>;
  const shownFiles = files ?? (r ? evidenceFromAttachments(r.attachments) : []);
  const send = async (submit: boolean) => {
    const v = await form.validateFields();
    setBusy(submit ? 'submit' : 'save');
    try {
      const body = { findings: v.findings, recommendations: v.recommendations?.trim() || null, attachmentIds: evidenceIds(shownFiles), rowVersion: r?.rowVersion ?? 0, submit };
      if (project) await api(`/evaluation-commissions/${c.id}/projects/${project.projectId}/evaluation`, { method: 'PUT', body: { ...body, kpis: (v.kpis ?? []).map((k) => ({ actual: k.actual, evidence: k.evidence })) } });
      else await api(`/evaluation-commissions/${c.id}/programme-evaluation`, { method: 'PUT', body });
      message.success(submit ? '评估报告已提交科协审核' : '已保存');
      onClose();
      onDone();
    } catch (e) {
      setErrors(report(e, { form, action: submit ? '提交' : '保存', onRefresh: () => { onClose(); onDone(); } }));
    } finally {
      setBusy(null);
    }
  };
  const initial: EvaluateValues = {
    findings: r?.findings ?? '',
    recommendations: r?.recommendations ?? undefined,
    kpis: kpis.map((k, i) => ({ actual: r?.kpis[i]?.name === k.name ? r.kpis[i].actual : null, evidence: r?.kpis[i]?.name === k.name ? r.kpis[i].evidence : '' })),
  };
  return (
    <Drawer
      open
      size={760}
      title={project ? `评估：${project.title}` : '方案总体评估报告'}
      onClose={onClose}
      // three buttons: below the form, so that a phone's title keeps its width
      footer={
        <Space wrap style={{ width: '100%', justifyContent: 'flex-end' }}>
          <Button onClick={onClose}>取消</Button>
          <Button loading={busy === 'save'} disabled={!!busy} onClick={() => void send(false).catch(() => undefined)}>
            保存
          </Button>
          <Button type="primary" loading={busy === 'submit'} disabled={!!busy || shownFiles.some((f) => f.status === 'uploading')} onClick={() => void send(true).catch(() => undefined)}>
            提交科协审核
          </Button>
        </Space>
      }
    >
      {r?.status === 'returned' && r.decisionComment ? <Alert type="warning" showIcon style={{ marginBottom: 16 }} title={`科协退回：${r.decisionComment}`} /> : null}
      <FormErrorList errors={errors} />
      <Form form={form} layout="vertical" initialValues={initial}>
        {project && kpis.length ? (
          <Form.Item label="量化考核指标" extra={`计分方法：${c.scoring.methodLabel}`} required>
            <Form.List name="kpis">
              {(fields) =>
                fields.map((f, i) => (
                  <Card key={f.key} size="small" style={{ marginBottom: 8 }} title={`${kpis[i].name}（目标 ${fmtQuantity(kpis[i].target)} ${kpis[i].unit}）`}>
                    <Form.Item name={[f.name, 'actual']} label={`核实完成值（${kpis[i].unit}）`} rules={[{ required: true, message: '请填写核实的完成值' }]}>
                      <InputNumber min={0} style={{ width: 200 }} />
                    </Form.Item>
                    <Form.Item name={[f.name, 'evidence']} label="核实依据" rules={[{ required: true, whitespace: true, message: '请填写核实依据' }]} style={{ marginBottom: 0 }}>
                      <Input.TextArea rows={2} maxLength={1000} showCount />
                    </Form.Item>
                  </Card>
                ))
              }
            </Form.List>
          </Form.Item>
        ) : null}
        {project && !kpis.length ? <Alert type="warning" showIcon style={{ marginBottom: 16 }} title="该项目没有生效任务书的量化考核指标，无法计分。" /> : null}
        <Form.Item name="findings" label={project ? '评估发现和结论' : '总体评估结论'} rules={[{ required: true, whitespace: true, message: '请填写评估结论' }]}>
          <Input.TextArea rows={8} maxLength={project ? 8000 : 20000} showCount />
        </Form.Item>
        <Form.Item name="recommendations" label="意见建议（选填）">
          <Input.TextArea rows={4} maxLength={project ? 4000 : 8000} showCount />
        </Form.Item>
        <Form.Item label="附件（评估报告正文、核查记录等）">
          <EvidenceUpload value={shownFiles} onChange={setFiles} />
        </Form.Item>
      </Form>
    </Drawer>
  );
}
