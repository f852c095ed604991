// EVA-5 典型案例: the association writes up a completed pilot project of its programme as a typical
// case — starting from the draft the platform makes of the project's summary report (the passed
// completion report) and the accepted third-party performance report, which stay beside the form —
// edits it while it is a draft, publishes it on the portal (where it is searchable) and may withdraw
// it with a reason, correct it and publish it again. The association's staff read the cases.
import { ExportOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Col, Collapse, Descriptions, Empty, Form, Grid, Input, Row, Select, Skeleton, Space, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useState } from 'react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { api } from '../../shared/api';
import { can, useMe } from '../../shared/auth';
import { clipped } from '../../shared/cells';
import { FormErrorList, QueryError, useErrorReporter } from '../../shared/errors';
import { fmtDate, fmtDateTime, fmtQuantity } from '../../shared/format';
import { ListPage, type FilterField } from '../../shared/ListPage';
import { usePageTitle } from '../../shared/usePageTitle';
import type { FieldError, Page } from '../../../contract/common';
import type { CaseCandidateList, CaseSources, TypicalCase, TypicalCaseItem } from '../../../contract/cases';
import type { ProgrammeSummary } from '../../../contract/programmes';
import { CASE_BODY_MAX, CASE_EXPERIENCE_MAX, CASE_SUMMARY_MAX, CASE_TAG_MAX, CASE_TAGS_MAX, CASE_TITLE_MAX } from '../../../domain/evaluation/typical-case';
import { AttachmentList, EvidenceUpload, evidenceFromAttachments, evidenceIds, type EvidenceFile } from '../selection/EvidenceUpload';
import { FormModal } from '../supervision/ImplementationShared';

const statusColors: Record<string, string> = { draft: 'processing', published: 'green', withdrawn: 'default' };
const CaseTag = ({ status, label }: { status: string; label: string }) => <Tag color={statusColors[status] ?? 'default'}>{label}</Tag>;
const LIST_KEY = '/typical-cases';

function useProgrammeOptions() {
  return useQuery({
    queryKey: ['/programmes', 'transferPilot', 'options'],
    queryFn: ({ signal }) => api<Page<ProgrammeSummary>>('/programmes', { query: { kind: 'transferPilot', limit: 100 }, signal }),
    staleTime: 5 * 60_000,
  });
}

/** /app/typical-cases — the cases of the association and those below it. */
export function TypicalCasesPage() {
  usePageTitle('典型案例');
  const { data: me } = useMe();
  const navigate = useNavigate();
  const programmes = useProgrammeOptions();
  const filters: FilterField[] = [
    { kind: 'select', name: 'programmeId', label: '方案', options: (programmes.data?.items ?? []).map((p) => ({ value: p.id, label: p.name })), search: true },
    { kind: 'select', name: 'status', label: '状态', options: [{ value: 'draft', label: '草稿' }, { value: 'published', label: '已公开' }, { value: 'withdrawn', label: '已撤回' }] },
  ];
  const columns: TableColumnsType<TypicalCaseItem> = [
    { title: '案例标题', dataIndex: 'title', ...clipped<TypicalCaseItem>((t, r) => <Link to={`/app/typical-cases/${r.id}`}>{t}</Link>) },
    { title: '试点项目', key: 'project', width: 220, ...clipped<TypicalCaseItem, unknown>((_, r) => r.project.title, (r) => r.project.title) },
    { title: '承接学会', key: 'society', width: 160, ...clipped<TypicalCaseItem, unknown>((_, r) => r.project.societyName, (r) => r.project.societyName) },
    { title: '状态', dataIndex: 'statusLabel', width: 90, render: (s: string, r) => <CaseTag status={r.status} label={s} /> },
    { title: '公开日期', dataIndex: 'publishedAt', width: 110, render: (v: string | null, r) => (r.status === 'published' ? fmtDate(v) : '—') },
  ];
  return (
    <ListPage<TypicalCaseItem>
      title="典型案例"
      endpoint={LIST_KEY}
      filters={filters}
      columns={columns}
      rowKey="id"
      emptyText="暂无典型案例"
      toolbar={
        can(me, 'case.manage') ? (
          <Button type="primary" onClick={() => navigate('/app/typical-cases/new')}>
            编写典型案例
          </Button>
        ) : undefined
      }
      extra={
        <Typography.Paragraph type="secondary">
          从结项考核通过的试点项目中选取典型，总结背景、做法、成效和可复制推广的经验；科协在门户公开后，公众可在“典型案例”栏目查看并检索。
        </Typography.Paragraph>
      }
    />
  );
}

interface Values {
  title: string;
  summary: string;
  body: string;
  experience: string;
  tags: string[];
  files: EvidenceFile[];
}

/** The evidence upload as a form control (the form keeps the files). */
function FilesField({ value, onChange }: { value?: EvidenceFile[]; onChange?: (files: EvidenceFile[]) => void }) {
  return <EvidenceUpload value={value ?? []} onChange={(f) => onChange?.(f)} />;
}

/** The project's own reports, beside the form: what the write-up starts from. */
function SourcesPanel({ s, fresh }: { s: CaseSources; fresh: boolean }) {
  const screens = Grid.useBreakpoint();
  // open beside the form on wide screens, folded above it on a phone, until the writer chooses
  const [open, setOpen] = useState<string[] | null>(null);
  const items = [
    {
      key: 'completion',
      label: '项目总结报告（结项报告）',
      children: s.completion ? (
        <Space orientation="vertical" size={8} style={{ width: '100%' }}>
          <Typography.Text type="secondary">
            第 {s.completion.round} 次报告结项 · 考核结果：{s.completion.resultLabel} · {fmtDate(s.completion.closedAt)}
          </Typography.Text>
          <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: 0 }}>{s.completion.summary}</Typography.Paragraph>
          {s.completion.selfEvaluation ? <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: 0 }}>绩效自评：{s.completion.selfEvaluation}</Typography.Paragraph> : null}
          {s.completion.kpis.length ? (
            <ul aria-label="量化考核指标完成情况" style={{ margin: 0, paddingInlineStart: 18 }}>
              {s.completion.kpis.map((k) => (
                <li key={k.name}>
                  {k.name}：目标 {fmtQuantity(k.target)} {k.unit}，完成 {fmtQuantity(k.actual)} {k.unit}（{k.achievementPercent}%）
                </li>
              ))}
            </ul>
          ) : null}
        </Space>
      ) : (
        <Typography.Text type="secondary">未找到考核通过的结项报告</Typography.Text>
      ),
    },
    {
      key: 'performance',
      label: '第三方绩效评估报告',
      children: s.performance ? (
        <Space orientation="vertical" size={8} style={{ width: '100%' }}>
          <Typography.Text type="secondary">
            {s.performance.evaluatorName}
            {s.performance.score !== null ? ` · ${s.performance.score} 分${s.performance.grade ? `（${s.performance.grade}）` : ''}` : ''} · 科协于 {fmtDate(s.performance.decidedAt)} 采纳
          </Typography.Text>
          <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: 0 }}>{s.performance.findings}</Typography.Paragraph>
          {s.performance.recommendations ? <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: 0 }}>意见建议：{s.performance.recommendations}</Typography.Paragraph> : null}
        </Space>
      ) : (
        <Typography.Text type="secondary">该项目尚无科协采纳的第三方绩效评估报告。</Typography.Text>
      ),
    },
  ];
  return (
    <Card size="small" title="编写依据" styles={{ body: { padding: 0 } }}>
      <Typography.Paragraph type="secondary" style={{ margin: '12px 16px' }}>
        {fresh ? '已据项目的以下报告生成案例初稿，请在此基础上补充和提炼。' : '项目的总结报告和第三方评估报告，供修改时对照。'}
      </Typography.Paragraph>
      <Collapse ghost items={items} activeKey={open ?? (screens.lg ? ['completion', 'performance'] : [])} onChange={(k) => setOpen(Array.isArray(k) ? k : [k])} />
    </Card>
  );
}

function CaseForm(props: { heading: string; fresh: boolean; project: CaseSources['project']; sources: CaseSources | undefined; initial: Values; submitText: string; saving: boolean; errors: FieldError[]; onSubmit: (v: Values) => void; backTo: string; form: ReturnType<typeof Form.useForm<Values>>[0] }) {
  const { form } = props;
  const p = props.project;
  return (
    <Row gutter={[16, 16]}>
      <Col xs={{ span: 24, order: 2 }} lg={{ span: 15, order: 1 }}>
        <Card title={props.heading}>
          <Descriptions
            size="small"
            column={{ xs: 1, md: 2 }}
            style={{ marginBottom: 16 }}
            items={[
              { key: 'p', label: '试点项目', children: <Link to={`/app/projects/${p.id}`}>{p.title}</Link> },
              { key: 'm', label: '所属方案', children: p.programmeName },
              { key: 's', label: '承接学会', children: p.societyName },
              { key: 'd', label: '委托部门', children: p.departmentName },
            ]}
          />
          <FormErrorList errors={props.errors} />
          <Form<Values> form={form} layout="vertical" initialValues={props.initial} onFinish={props.onSubmit} scrollToFirstError>
            <Form.Item name="title" label="案例标题" rules={[{ required: true, whitespace: true, message: '请填写案例标题' }]}>
              <Input maxLength={CASE_TITLE_MAX} showCount />
            </Form.Item>
            <Form.Item name="summary" label="案例摘要" extra="门户列表中显示的简介。" rules={[{ required: true, whitespace: true, message: '请填写案例摘要' }]}>
              <Input.TextArea autoSize={{ minRows: 3, maxRows: 6 }} maxLength={CASE_SUMMARY_MAX} showCount />
            </Form.Item>
            <Form.Item name="body" label="案例正文" extra="项目背景、主要做法和取得的成效。" rules={[{ required: true, whitespace: true, message: '请填写案例正文' }]}>
              <Input.TextArea autoSize={{ minRows: 10, maxRows: 24 }} maxLength={CASE_BODY_MAX} showCount />
            </Form.Item>
            <Form.Item name="experience" label="可复制推广的经验" rules={[{ required: true, whitespace: true, message: '请填写可复制推广的经验' }]}>
              <Input.TextArea autoSize={{ minRows: 4, maxRows: 12 }} maxLength={CASE_EXPERIENCE_MAX} showCount placeholder="其他科协和学会可以借鉴的做法，建议分条列出" />
            </Form.Item>
            <Form.Item
              name="tags"
              label="标签"
              extra={`便于检索和归类，最多 ${CASE_TAGS_MAX} 个，输入后按回车。`}
              rules={[
                { type: 'array', max: CASE_TAGS_MAX, message: `标签不能超过 ${CASE_TAGS_MAX} 个` },
                { validator: async (_, v: string[] | undefined) => ((v ?? []).some((t) => t.trim().length > CASE_TAG_MAX) ? Promise.reject(new Error(`每个标签不能超过 ${CASE_TAG_MAX} 个字`)) : undefined) },
              ]}
            >
              <Select mode="tags" open={false} suffixIcon={null} placeholder="如：第三方评估、科研诚信" tokenSeparators={[',', '，', '、']} />
            </Form.Item>
            <Form.Item name="files" label="附件" extra="附件只供科协内部查阅，不在门户公开。">
              <FilesField />
            </Form.Item>
            <Space wrap>
              <Button type="primary" htmlType="submit" loading={props.saving}>
                {props.submitText}
              </Button>
              <Link to={props.backTo}>
                <Button>取消</Button>
              </Link>
            </Space>
          </Form>
        </Card>
      </Col>
      <Col xs={{ span: 24, order: 1 }} lg={{ span: 9, order: 2 }}>
        {props.sources ? <SourcesPanel s={props.sources} fresh={props.fresh} /> : null}
      </Col>
    </Row>
  );
}

const bodyOf = (v: Values) => ({ title: v.title.trim(), summary: v.summary.trim(), body: v.body.trim(), experience: v.experience.trim(), tags: (v.tags ?? []).map((t) => t.trim()).filter(Boolean), attachmentIds: evidenceIds(v.files ?? []) });
const mapPath = (p: (string | number)[]) => (p[0] === 'attachmentIds' ? ['files'] : p);

/** /app/typical-cases/new?projectId= — choose a completed project, then write from its reports. */
export function CaseCreatePage() {
  usePageTitle('编写典型案例');
  const [sp, setSp] = useSearchParams();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const report = useErrorReporter();
  const [form] = Form.useForm<Values>();
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [saving, setSaving] = useState(false);
  const projectId = sp.get('projectId');
  const candidates = useQuery({ queryKey: ['/typical-cases/candidates'], queryFn: ({ signal }) => api<CaseCandidateList>('/typical-cases/candidates', { signal }) });
  const sources = useQuery({ queryKey: ['/typical-cases/sources', projectId], enabled: !!projectId, queryFn: ({ signal }) => api<CaseSources>('/typical-cases/sources', { query: { projectId }, signal }) });

  if (!projectId || sources.isError) {
    return (
      <Card title="编写典型案例：选择项目">
        {sources.isError ? <QueryError error={sources.error} /> : null}
        {candidates.isLoading ? (
          <Skeleton active paragraph={{ rows: 3 }} />
        ) : candidates.isError ? (
          <QueryError error={candidates.error} onRetry={() => candidates.refetch()} />
        ) : candidates.data?.items.length ? (
          <Space orientation="vertical" size={12} style={{ width: '100%' }}>
            <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
              可从本科协方案中结项考核通过、已完成的试点项目中选取。选定后，平台据项目总结报告和已采纳的第三方评估报告生成案例初稿。
            </Typography.Paragraph>
            <Select
              style={{ width: '100%', maxWidth: 640 }}
              placeholder="请选择试点项目"
              aria-label="选择试点项目"
              showSearch={{ optionFilterProp: 'label' }}
              value={projectId ?? undefined}
              options={candidates.data.items.map((c) => ({ value: c.projectId, label: `${c.title}（${c.societyName}${c.caseCount ? `，已有 ${c.caseCount} 篇案例` : ''}）` }))}
              onChange={(v: string) => setSp({ projectId: v }, { replace: true })}
            />
          </Space>
        ) : (
          <Empty description="本科协方案中尚无结项考核通过的试点项目。项目结项考核通过后，即可在此编写典型案例。" />
        )}
      </Card>
    );
  }
  if (sources.isLoading || !sources.data) return <Card><Skeleton active paragraph={{ rows: 12 }} /></Card>;
  const s = sources.data;
  const submit = async (v: Values) => {
    setSaving(true);
    try {
      const c = await api<TypicalCase>('/typical-cases', { method: 'POST', body: { projectId: s.project.id, ...bodyOf(v) } });
      qc.setQueryData([LIST_KEY, c.id], c);
      void qc.invalidateQueries({ queryKey: [LIST_KEY] });
      void qc.invalidateQueries({ queryKey: ['/typical-cases/candidates'] });
      navigate(`/app/typical-cases/${c.id}`, { replace: true });
    } catch (e) {
      setErrors(report(e, { form, mapPath, action: '保存' }));
    } finally {
      setSaving(false);
    }
  };
  return (
    <CaseForm
      heading="编写典型案例"
      fresh
      project={s.project}
      sources={s}
      form={form}
      initial={{ ...s.draft, tags: [], files: [] }}
      submitText="保存草稿"
      saving={saving}
      errors={errors}
      onSubmit={(v) => void submit(v)}
      backTo="/app/typical-cases"
    />
  );
}

function useCase(id: string) {
  return useQuery({ queryKey: [LIST_KEY, id], queryFn: ({ signal }) => api<TypicalCase>(`/typical-cases/${encodeURIComponent(id)}`, { signal }) });
}

/** /app/typical-cases/:id/edit — a draft or a withdrawn case, with the project's reports beside it. */
export function CaseEditPage() {
  const { id = '' } = useParams();
  const q = useCase(id);
  usePageTitle(q.data ? `修改典型案例：${q.data.title}` : '修改典型案例');
  const navigate = useNavigate();
  const qc = useQueryClient();
  const report = useErrorReporter();
  const [form] = Form.useForm<Values>();
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [saving, setSaving] = useState(false);
  const c = q.data;
  const sources = useQuery({ queryKey: ['/typical-cases/sources', c?.project.id], enabled: !!c && c.actions.includes('edit'), queryFn: ({ signal }) => api<CaseSources>('/typical-cases/sources', { query: { projectId: c!.project.id }, signal }) });
  if (q.isLoading) return <Card><Skeleton active paragraph={{ rows: 12 }} /></Card>;
  if (q.isError || !c) return <Card><QueryError error={q.error} onRetry={() => q.refetch()} /></Card>;
  if (!c.actions.includes('edit')) {
    return (
      <Card>
        <Alert type="info" showIcon title={c.status === 'published' ? '案例已在门户公开，请先撤回公开再修改。' : '您不能修改这篇案例。'} action={<Link to={`/app/typical-cases/${c.id}`}>返回案例</Link>} />
      </Card>
    );
  }
  const submit = async (v: Values) => {
    setSaving(true);
    try {
      const saved = await api<TypicalCase>(`/typical-cases/${c.id}`, { method: 'PUT', body: { ...bodyOf(v), rowVersion: c.rowVersion } });
      qc.setQueryData([LIST_KEY, c.id], saved);
      void qc.invalidateQueries({ queryKey: [LIST_KEY] });
      navigate(`/app/typical-cases/${c.id}`);
    } catch (e) {
      setErrors(report(e, { form, mapPath, action: '保存', onRefresh: () => void q.refetch() }));
    } finally {
      setSaving(false);
    }
  };
  return (
    <CaseForm
      heading="修改典型案例"
      fresh={false}
      project={{ ...c.project, programmeId: c.programmeId, programmeName: c.programmeName }}
      sources={sources.data}
      form={form}
      initial={{ title: c.title, summary: c.summary, body: c.body, experience: c.experience, tags: c.tags, files: evidenceFromAttachments(c.attachments) }}
      submitText="保存修改"
      saving={saving}
      errors={errors}
      onSubmit={(v) => void submit(v)}
      backTo={`/app/typical-cases/${c.id}`}
    />
  );
}

function Section({ title, text }: { title: string; text: string }) {
  return (
    <section style={{ marginBottom: 20 }}>
      <Typography.Title level={5} style={{ marginTop: 0 }}>
        {title}
      </Typography.Title>
      <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginBottom: 0, lineHeight: 1.8 }}>{text}</Typography.Paragraph>
    </section>
  );
}

/** /app/typical-cases/:id — the case, and what its association may do with it now. */
export function CaseDetailPage() {
  const { id = '' } = useParams();
  const q = useCase(id);
  usePageTitle(q.data?.title ?? '典型案例');
  const qc = useQueryClient();
  const { message, modal } = App.useApp();
  const report = useErrorReporter();
  const navigate = useNavigate();
  const [withdrawing, setWithdrawing] = useState(false);
  const [busy, setBusy] = useState(false);
  const c = q.data;
  if (q.isLoading) return <Card><Skeleton active paragraph={{ rows: 12 }} /></Card>;
  if (q.isError || !c) return <Card><QueryError error={q.error} onRetry={() => q.refetch()} /></Card>;
  const refresh = () => {
    void q.refetch();
    void qc.invalidateQueries({ queryKey: [LIST_KEY] });
  };
  const publish = () =>
    modal.confirm({
      title: '在门户公开典型案例',
      content: `“${c.title}”将在门户网站“典型案例”栏目公开，无需登录即可查看和检索；附件和编写人不公开。公开后如需修改，须先撤回公开。`,
      okText: '在门户公开',
      cancelText: '取消',
      onOk: async () => {
        setBusy(true);
        try {
          await api(`/typical-cases/${c.id}/publish`, { method: 'POST', body: { rowVersion: c.rowVersion } });
          message.success('典型案例已在门户公开');
          refresh();
        } catch (e) {
          report(e, { action: '公开', onRefresh: refresh });
        } finally {
          setBusy(false);
        }
      },
    });
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      {c.status === 'published' ? (
        <Alert
          type="success"
          showIcon
          title={`已于 ${fmtDateTime(c.publishedAt)} 在门户公开`}
          action={
            <a href={`/portal/cases/${c.id}`} target="_blank" rel="noreferrer">
              在门户查看 <ExportOutlined />
            </a>
          }
        />
      ) : c.status === 'withdrawn' ? (
        <Alert type="warning" showIcon title={`已于 ${fmtDateTime(c.withdrawnAt)} 撤回公开`} description={c.actions.length ? '修改后可再次在门户公开。' : undefined} />
      ) : null}
      <Card
        title={
          <Space wrap>
            <span style={{ whiteSpace: 'normal' }}>{c.title}</span>
            <CaseTag status={c.status} label={c.statusLabel} />
          </Space>
        }
        styles={{ header: { flexWrap: 'wrap', gap: 8, paddingBlock: 8 } }}
        extra={
          c.actions.length ? (
            <Space wrap>
              {c.actions.includes('edit') ? <Button onClick={() => navigate(`/app/typical-cases/${c.id}/edit`)}>修改</Button> : null}
              {c.actions.includes('publish') ? (
                <Button type="primary" loading={busy} onClick={publish}>
                  在门户公开
                </Button>
              ) : null}
              {c.actions.includes('withdraw') ? (
                <Button danger onClick={() => setWithdrawing(true)}>
                  撤回公开
                </Button>
              ) : null}
            </Space>
          ) : null
        }
      >
        <Descriptions
          size="small"
          column={{ xs: 1, md: 2 }}
          style={{ marginBottom: 20 }}
          items={[
            { key: 'p', label: '试点项目', children: <Link to={`/app/projects/${c.project.id}`}>{c.project.title}</Link> },
            { key: 'm', label: '所属方案', children: c.programmeName },
            { key: 's', label: '承接学会', children: c.project.societyName },
            { key: 'd', label: '委托部门', children: c.project.departmentName },
            { key: 'a', label: '编写单位', children: c.associationName },
            { key: 'w', label: '编写人', children: `${c.createdByName ?? '—'}（${fmtDate(c.createdAt)}）` },
            { key: 't', label: '标签', span: 'filled' as const, children: c.tags.length ? c.tags.map((t) => <Tag key={t}>{t}</Tag>) : '—' },
          ]}
        />
        <Section title="案例摘要" text={c.summary} />
        <Section title="案例正文" text={c.body} />
        <Section title="可复制推广的经验" text={c.experience} />
        <section>
          <Typography.Title level={5} style={{ marginTop: 0 }}>
            附件（不公开）
          </Typography.Title>
          {c.attachments.length ? <AttachmentList files={c.attachments} /> : <Typography.Text type="secondary">无附件</Typography.Text>}
        </section>
      </Card>
      {withdrawing ? (
        <FormModal<{ reason: string }>
          title="撤回公开"
          okText="撤回公开"
          danger
          intro={`撤回后，“${c.title}”不再在门户网站显示，也不能再被检索到；撤回原因记入操作日志。撤回后可修改并再次公开。`}
          request={(v) => ({ path: `/typical-cases/${c.id}/withdraw`, body: { rowVersion: c.rowVersion, reason: v.reason.trim() } })}
          success="已撤回公开"
          onClose={() => setWithdrawing(false)}
          onDone={refresh}
        >
          {() => (
            <Form.Item name="reason" label="撤回原因" rules={[{ required: true, whitespace: true, message: '请填写撤回原因' }, { max: 500, message: '撤回原因不能超过 500 个字' }]}>
              <Input.TextArea rows={3} maxLength={500} showCount />
            </Form.Item>
          )}
        </FormModal>
      ) : null}
    </Space>
  );
}
