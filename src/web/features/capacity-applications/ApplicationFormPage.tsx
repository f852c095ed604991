// CAP-2, FND-1, FND-2: a society writes its application (申报书) to a published yearly call — the
// project type among the call's types with its eligibility shown live (each condition and its fact),
// the project's title, goals and indicators, the budget by the programme's allowed expense categories
// and their items with the total against the type's award standard, contact and attachments. The same
// form edits a draft or an application returned by the formal review. The content's rules are the
// domain's (applicationProblems), checked before sending; the server's refusals land on the fields,
// with the clause of the document they rest on.
import { ArrowLeftOutlined, DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Affix, Alert, App, Button, Card, Col, Empty, Form, Grid, Input, Radio, Row, Select, Skeleton, Space, Tag, Typography } from 'antd';
import type { FormInstance } from 'antd';
import { useEffect, useMemo, useRef, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { api, isApiError } from '../../shared/api';
import { useMe } from '../../shared/auth';
import { QueryError, applyFieldErrors, useErrorReporter } from '../../shared/errors';
import { blankToNull, phoneRule } from '../../shared/formRules';
import { fmtCount, fmtDate, fmtYuan, todayCst } from '../../shared/format';
import { MoneyInput, fenToYuanText, moneyRules, moneyToFen } from '../../shared/MoneyInput';
import { usePageTitle } from '../../shared/usePageTitle';
import { parseYuan } from '../../../domain/money';
import { applicationProblems, applicationProblemsClause, type ApplicationInput } from '../../../domain/capacity/application';
import { clauseOf } from '../../../domain/programme/rule-clauses';
import type { FieldError } from '../../../contract/common';
import type { CapacityCall } from '../../../contract/capacity';
import type { Programme } from '../../../contract/programmes';
import type { CapacityApplication, CapacityApplicationPage, Eligibility } from '../../../contract/capacity-applications';
import { DeadlineText } from '../transfer/common';
import { EvidenceUpload, evidenceIds, type EvidenceFile } from '../selection/EvidenceUpload';
import { APPLICATIONS_KEY, EligibilityPanel, EligibilityTag, OwnBreadcrumb, applicationKey, describeApplicationPath, refusalOf, useAttachmentNames } from './applicationShared';

interface BudgetValues {
  category?: string;
  item?: string;
  amountYuan?: string;
  note?: string;
}
interface Values {
  typeCode?: string;
  title: string;
  goals: string;
  indicators: { label?: string; target?: string }[];
  budget: BudgetValues[];
  contactName?: string;
  contactPhone?: string;
}

type Params = Programme['parameters'];

const bodyOf = (v: Values, files: EvidenceFile[]) => ({
  typeCode: v.typeCode ?? '',
  title: (v.title ?? '').trim(),
  goals: (v.goals ?? '').trim(),
  indicators: (v.indicators ?? []).map((i) => ({ label: (i?.label ?? '').trim(), target: (i?.target ?? '').trim() })),
  budget: (v.budget ?? []).map((l) => ({ category: l?.category ?? '', item: l?.item ?? null, amountFen: moneyToFen(l?.amountYuan), note: blankToNull(l?.note) })),
  contactName: blankToNull(v.contactName),
  contactPhone: blankToNull(v.contactPhone),
  attachmentIds: evidenceIds(files),
});

/** An API (or domain) path → the form's field: the budget's amount is typed in 元. */
const mapPath = (p: (string | number)[]): (string | number)[] => (p[0] === 'budget' && p[2] === 'amountFen' ? ['budget', p[1], 'amountYuan'] : p);

/** Σ of the budget lines whose amount reads as 元, in fen. */
function budgetTotal(budget: BudgetValues[] | undefined): number {
  let fen = 0;
  for (const l of budget ?? []) {
    const r = parseYuan(l?.amountYuan);
    if (r.ok && r.fen !== null) fen += r.fen;
  }
  return fen;
}

interface Problem {
  title: string;
  detail?: string;
  clause?: string | null;
  errors: (FieldError & { label: string })[];
  eligibility?: Eligibility | null;
}

/** Where the application's saving failed, in words: the clause, the fields. */
function ProblemAlert({ problem }: { problem: Problem | null }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (problem) ref.current?.scrollIntoView({ block: 'center', behavior: 'smooth' });
  }, [problem]);
  if (!problem) return null;
  return (
    <div ref={ref} role="alert" style={{ scrollMarginTop: 80 }}>
      <Alert
        type="error"
        showIcon
        title={problem.title}
        description={
          <Space orientation="vertical" size={4} style={{ width: '100%' }}>
            {problem.errors.length ? (
              <ul style={{ margin: 0, paddingInlineStart: 20 }}>
                {problem.errors.map((e, i) => (
                  <li key={i}>
                    {e.label ? <strong>{e.label}：</strong> : null}
                    {e.message}
                  </li>
                ))}
              </ul>
            ) : problem.detail ? (
              <span>{problem.detail}</span>
            ) : null}
            {problem.clause ? <Typography.Text type="secondary">依据：{problem.clause}</Typography.Text> : null}
          </Space>
        }
      />
    </div>
  );
}

/** The call, its programme, the society's eligibility for each of its types and its applications to it. */
function useCallContext(callId: string | undefined, programmeId: string | undefined) {
  const call = useQuery({ queryKey: ['capacity-calls', callId], queryFn: ({ signal }) => api<CapacityCall>(`/capacity-calls/${callId}`, { signal }), enabled: !!callId });
  const pid = programmeId ?? call.data?.programmeId;
  const programme = useQuery({ queryKey: ['programmes', pid], queryFn: ({ signal }) => api<Programme>(`/programmes/${pid}`, { signal }), enabled: !!pid });
  const eligibility = useQuery({
    queryKey: ['capacity-calls', callId, 'eligibility'],
    queryFn: ({ signal }) => api<{ items: Eligibility[] }>(`/capacity-calls/${callId}/eligibility`, { signal }).then((r) => r.items),
    enabled: !!callId,
    staleTime: 0,
    retry: false,
  });
  const mine = useQuery({
    queryKey: [APPLICATIONS_KEY, { callId, limit: 100 }],
    queryFn: ({ signal }) => api<CapacityApplicationPage>(APPLICATIONS_KEY, { query: { callId, limit: 100 }, signal }),
    enabled: !!callId,
  });
  return { call, programme, eligibility, mine };
}

function useSave(form: FormInstance<Values>, onRefresh?: () => void) {
  const { message } = App.useApp();
  const report = useErrorReporter();
  const [problem, setProblem] = useState<Problem | null>(null);
  const onError = (e: unknown) => {
    const r = refusalOf(e);
    if (isApiError(e) && r && e.errors.length) {
      applyFieldErrors(form, e.errors, mapPath);
      setProblem({ title: '申报书未能保存，请修改以下内容', clause: r.clause, errors: e.errors.map((fe) => ({ ...fe, label: describeApplicationPath(fe.path) })) });
      message.error(`保存失败：${e.errors.length === 1 ? e.errors[0].message : `共 ${e.errors.length} 处需要修改`}`);
      return;
    }
    if (isApiError(e) && r && (e.code === 'DUPLICATE' || e.code === 'INVALID_STATE' || e.code === 'OUT_OF_SCOPE' || e.code === 'NOT_FOUND')) {
      setProblem({ title: '申报书未能保存', detail: r.detail, clause: r.clause, errors: [] });
      message.error(`保存失败：${r.detail}`);
      return;
    }
    report(e, { form, action: '保存', onRefresh });
  };
  return { problem, setProblem, onError };
}

/** /app/capacity-calls/:callId/apply — a new application (draft) to a published call. */
export function ApplicationCreatePage() {
  const { callId = '' } = useParams();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const { data: me } = useMe();
  const [files, setFiles] = useState<EvidenceFile[]>([]);
  const { call, programme, eligibility, mine } = useCallContext(callId, undefined);
  usePageTitle(call.data ? `填写申报书：${call.data.title}` : '填写申报书');
  const { problem, setProblem, onError } = useSave(form);
  const save = useMutation({
    mutationFn: (body: unknown) => api<CapacityApplication>(`/capacity-calls/${callId}/applications`, { method: 'POST', body }),
    onSuccess: (a) => {
      qc.setQueryData(applicationKey(a.id), a);
      void qc.invalidateQueries({ queryKey: [APPLICATIONS_KEY] });
      message.success('申报书草稿已保存。核对无误后请点击“提交申报”');
      navigate(`/app/capacity-applications/${a.id}`, { replace: true });
    },
    onError,
  });
  const crumb = <OwnBreadcrumb trail={[{ title: '能力提升项目申报', to: '/app/capacity-applications' }, { title: '填写申报书' }]} />;
  if (call.isLoading || programme.isLoading || eligibility.isLoading) return <>{crumb}<Card><Skeleton active paragraph={{ rows: 14 }} /></Card></>;
  if (call.isError || !call.data) return <>{crumb}<Card><QueryError error={call.error} onRetry={() => call.refetch()} /></Card></>;
  if (programme.isError || !programme.data) return <>{crumb}<Card><QueryError error={programme.error} onRetry={() => programme.refetch()} /></Card></>;
  const c = call.data;
  const closed = c.status === 'closed' || todayCst() > c.closesOn;
  const refused = eligibility.isError ? refusalOf(eligibility.error) : null;
  if (c.status !== 'published' || closed || refused) {
    return (
      <>
        {crumb}
        <Card>
          <Alert
            type="warning"
            showIcon
            title="不能填写此申报通知的申报书"
            description={
              refused
                ? refused.detail
                : closed
                  ? `申报已于 ${fmtDate(c.closesOn)} 截止。`
                  : '申报通知尚未发布。'
            }
            action={<Link to={`/app/capacity-calls/${callId}`}>查看申报通知</Link>}
          />
        </Card>
      </>
    );
  }
  return (
    <>
      {crumb}
      <ApplicationForm
        heading="填写申报书"
        backTo={`/app/capacity-calls/${callId}`}
        call={c}
        params={programme.data.parameters}
        eligibility={eligibility.data ?? []}
        taken={(mine.data?.items ?? []).filter((a) => a.status !== 'withdrawn')}
        form={form}
        files={files}
        onFiles={setFiles}
        initialValues={{
          typeCode: c.types.length === 1 ? c.types[0].code : undefined,
          title: '',
          goals: '',
          indicators: [{}],
          budget: [{}],
          contactName: me?.displayName ?? '',
          contactPhone: '',
        }}
        problem={problem}
        saving={save.isPending}
        saveText="保存草稿"
        onSubmit={(body) => {
          setProblem(null);
          save.mutate(body);
        }}
        onProblem={setProblem}
      />
    </>
  );
}

/** /app/capacity-applications/:id/edit — a draft, or an application the formal review returned. */
export function ApplicationEditPage() {
  const { id = '' } = useParams();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [files, setFiles] = useState<EvidenceFile[] | null>(null);
  const q = useQuery({ queryKey: applicationKey(id), queryFn: ({ signal }) => api<CapacityApplication>(`/capacity-applications/${id}`, { signal }) });
  const a = q.data;
  const { call, programme, eligibility, mine } = useCallContext(a?.callId, a?.programmeId);
  usePageTitle(a ? `修改申报书：${a.title}` : '修改申报书');
  const names = useAttachmentNames(a?.content.attachmentIds ?? []);
  const { problem, setProblem, onError } = useSave(form, () => void q.refetch());
  const save = useMutation({
    mutationFn: (body: object) => api<CapacityApplication>(`/capacity-applications/${id}`, { method: 'PUT', body: { ...body, rowVersion: a!.rowVersion } }),
    onSuccess: (r) => {
      qc.setQueryData(applicationKey(id), r);
      void qc.invalidateQueries({ queryKey: [APPLICATIONS_KEY] });
      void qc.invalidateQueries({ queryKey: ['audit', 'entity', 'capacity_application', id] });
      message.success(r.status === 'returned' ? '修改已保存。请点击“提交申报”重新提交' : '申报书已保存。核对无误后请点击“提交申报”');
      navigate(`/app/capacity-applications/${id}`);
    },
    onError,
  });
  if (q.isLoading || (a && (call.isLoading || programme.isLoading || eligibility.isLoading))) return <Card><Skeleton active paragraph={{ rows: 14 }} /></Card>;
  if (q.isError || !a) return <Card><QueryError error={q.error} onRetry={() => q.refetch()} /></Card>;
  if (call.isError || !call.data) return <Card><QueryError error={call.error} onRetry={() => call.refetch()} /></Card>;
  if (programme.isError || !programme.data) return <Card><QueryError error={programme.error} onRetry={() => programme.refetch()} /></Card>;
  if (!a.actions.includes('edit')) {
    return (
      <Card>
        <Alert
          type="warning"
          showIcon
          title={`申报书当前为“${a.statusLabel}”，不能修改`}
          description={a.status === 'submitted' ? '已提交的申报书在形式审查期间不能修改；如需修改，可先撤回后重新填写。' : '只有草稿和退回修改的申报书可以修改。'}
          action={<Link to={`/app/capacity-applications/${id}`}>查看申报书</Link>}
        />
      </Card>
    );
  }
  const currentFiles: EvidenceFile[] =
    files ??
    a.content.attachmentIds.map((fid, i) => {
      const name = names[i]?.data ?? `附件 ${i + 1}`;
      return { uid: fid, name, status: 'done', url: `/api/v1/attachments/${fid}`, response: { id: fid, filename: name, sizeBytes: 0, contentType: '' } };
    });
  const ct = a.content;
  return (
    <ApplicationForm
      key={a.rowVersion}
      heading={a.status === 'returned' ? '修改申报书（退回修改）' : '修改申报书'}
      backTo={`/app/capacity-applications/${id}`}
      call={call.data}
      params={programme.data.parameters}
      eligibility={eligibility.data ?? []}
      eligibilityError={eligibility.error}
      taken={(mine.data?.items ?? []).filter((x) => x.status !== 'withdrawn' && x.id !== a.id)}
      lockType={a.version > 0}
      returned={a.status === 'returned' ? a : undefined}
      form={form}
      files={currentFiles}
      onFiles={setFiles}
      initialValues={{
        typeCode: ct.typeCode,
        title: ct.title,
        goals: ct.goals,
        indicators: ct.indicators.length ? ct.indicators : [{}],
        budget: ct.budget.map((l) => ({ category: l.category, item: l.item ?? undefined, amountYuan: fenToYuanText(l.amountFen), note: l.note ?? '' })),
        contactName: ct.contactName ?? '',
        contactPhone: ct.contactPhone ?? '',
      }}
      problem={problem}
      saving={save.isPending}
      saveText={a.status === 'returned' ? '保存修改' : '保存草稿'}
      onSubmit={(body) => {
        setProblem(null);
        save.mutate(body);
      }}
      onProblem={setProblem}
    />
  );
}

function ApplicationForm(props: {
  heading: string;
  backTo: string;
  call: CapacityCall;
  params: Params;
  eligibility: Eligibility[];
  eligibilityError?: unknown;
  taken: { id: string; typeCode: string; title: string; statusLabel: string }[];
  lockType?: boolean;
  returned?: CapacityApplication;
  form: FormInstance<Values>;
  files: EvidenceFile[];
  onFiles: (f: EvidenceFile[]) => void;
  initialValues: Values;
  problem: Problem | null;
  saving: boolean;
  saveText: string;
  onSubmit: (body: ReturnType<typeof bodyOf>) => void;
  onProblem: (p: Problem | null) => void;
}) {
  const { call, params, form } = props;
  const screens = Grid.useBreakpoint();
  const navigate = useNavigate();
  const { modal, message } = App.useApp();
  const typeCode = Form.useWatch('typeCode', form) ?? props.initialValues.typeCode;
  const budget = Form.useWatch('budget', form) as BudgetValues[] | undefined;
  const type = call.types.find((t) => t.code === typeCode);
  const elig = props.eligibility.find((e) => e.typeCode === typeCode);
  const total = budgetTotal(budget ?? props.initialValues.budget);
  const categories = params.expenseCategories;
  const uploading = props.files.some((f) => f.status === 'uploading');
  const takenBy = useMemo(() => new Map(props.taken.map((t) => [t.typeCode, t])), [props.taken]);
  const failedReview = props.returned?.review?.items.filter((i) => !i.passed) ?? [];

  const finish = (v: Values) => {
    if (uploading) {
      message.warning('还有文件正在上传，请稍候再保存');
      return;
    }
    const body = bodyOf(v, props.files);
    // the content's rules (domain/capacity/application.ts), as the server will check them
    const problems = applicationProblems(body as ApplicationInput, call.types, params);
    if (problems.length) {
      applyFieldErrors(form, problems, mapPath);
      props.onProblem({
        title: '申报书还不能保存，请修改以下内容',
        clause: applicationProblemsClause(params, problems),
        errors: problems.map((p) => ({ path: p.path, message: p.message, label: describeApplicationPath(p.path) })),
      });
      return;
    }
    if (elig && !elig.eligible) {
      modal.confirm({
        title: `本学会不符合“${elig.typeName}”的申报条件`,
        content: `有 ${elig.failed} 项条件不符合，保存后也不能提交。如学会档案或年度情况有误，请先联系科协更正；也可以改报其他类型。仍要保存草稿吗？`,
        okText: '仍然保存草稿',
        cancelText: '返回修改',
        onOk: () => props.onSubmit(body),
      });
      return;
    }
    props.onSubmit(body);
  };

  const over = type ? total > type.awardFen : false;
  const typeCard = (
    <Card title="第一步：项目类型和申报资格">
      <Form.Item
        name="typeCode"
        label="项目类型"
        rules={[{ required: true, message: '请选择项目类型' }]}
        extra={props.lockType ? '已提交过的申报书不能改变项目类型。' : '每类项目本学会只能申报一份。'}
      >
        <Radio.Group style={{ width: '100%' }} disabled={props.lockType} aria-label="项目类型">
          <Space orientation="vertical" style={{ width: '100%' }}>
            {call.types.map((t) => {
              const e = props.eligibility.find((x) => x.typeCode === t.code);
              const other = takenBy.get(t.code);
              return (
                <Radio key={t.code} value={t.code} disabled={!!other}>
                  <Space wrap size={[8, 2]}>
                    <Typography.Text strong>{t.name}</Typography.Text>
                    <Typography.Text type="secondary">
                      资助标准 {fmtYuan(t.awardFen)} · 名额 {fmtCount(t.quota, ' 个')}
                    </Typography.Text>
                    {other ? (
                      <span>
                        <Tag>本学会已申报（{other.statusLabel}）</Tag>
                        <Link to={`/app/capacity-applications/${other.id}`}>查看</Link>
                      </span>
                    ) : e ? (
                      <EligibilityTag e={e} />
                    ) : null}
                  </Space>
                </Radio>
              );
            })}
          </Space>
        </Radio.Group>
      </Form.Item>
      {elig ? (
        <EligibilityPanel e={elig} audience="society" />
      ) : props.eligibilityError ? (
        <QueryError error={props.eligibilityError} compact />
      ) : type ? null : (
        <Typography.Text type="secondary">选择项目类型后，这里显示本学会对该类项目的申报条件核对结果。</Typography.Text>
      )}
    </Card>
  );

  return (
    <Form<Values> form={form} name="capacityApplication" layout="vertical" initialValues={props.initialValues} onFinish={finish} scrollToFirstError aria-label={props.heading}>
      <Space orientation="vertical" size={16} style={{ width: '100%' }}>
        <Card>
          <Space orientation="vertical" size={6} style={{ width: '100%' }}>
            <Space wrap align="center">
              <Link to={props.backTo} aria-label="返回">
                <ArrowLeftOutlined />
              </Link>
              <Typography.Title level={4} style={{ margin: 0 }}>
                {props.heading}
              </Typography.Title>
            </Space>
            <Typography.Text>
              申报通知：<Link to={`/app/capacity-calls/${call.id}`}>{call.title}</Link>
            </Typography.Text>
            <Typography.Text type="secondary">
              {call.associationName} · {call.year} 年度
            </Typography.Text>
            <DeadlineText deadline={call.closesOn} />
          </Space>
        </Card>
        {props.returned ? (
          <Alert
            type="warning"
            showIcon
            title="科协退回修改的意见"
            description={
              <Space orientation="vertical" size={2}>
                {props.returned.returnComment ? <span style={{ whiteSpace: 'pre-wrap' }}>{props.returned.returnComment}</span> : null}
                {failedReview.map((i) => (
                  <span key={i.code}>
                    不符合“{i.label}”{i.note ? `：${i.note}` : ''}
                  </span>
                ))}
                <span>修改后保存，再在申报书页面点击“提交申报”重新提交。</span>
              </Space>
            }
          />
        ) : null}
        <ProblemAlert problem={props.problem} />
        {typeCard}
        <Card title="第二步：项目内容">
          <Form.Item label="项目名称" name="title" rules={[{ required: true, whitespace: true, message: '请填写项目名称' }]}>
            <Input maxLength={120} showCount placeholder="如：黄河流域装备制造高端学术论坛" />
          </Form.Item>
          <Form.Item
            label="项目目标和主要内容"
            name="goals"
            rules={[{ required: true, whitespace: true, message: '请填写项目目标和主要内容' }]}
            extra="写明项目要达到的目标、主要工作内容、实施安排和预期成果"
          >
            <Input.TextArea rows={6} maxLength={20000} />
          </Form.Item>
          <Form.Item label="绩效指标" required extra="每项指标写明名称和可以核验的目标值，如“举办学术会议：1 场，参会 200 人”">
            <Form.List
              name="indicators"
              rules={[{ validator: async (_, v: unknown[]) => { if (!v?.length) throw new Error('请至少填写一项绩效指标'); } }]}
            >
              {(fields, { add, remove }, { errors }) => (
                <Space orientation="vertical" size={8} style={{ width: '100%' }}>
                  {fields.map((f, i) => (
                    <Row key={f.key} gutter={8} align="top" wrap={!screens.md}>
                      <Col xs={24} md={9}>
                        <Form.Item name={[f.name, 'label']} rules={[{ required: true, whitespace: true, message: '请填写指标名称' }]} style={{ marginBottom: screens.md ? 0 : 8 }}>
                          <Input maxLength={100} placeholder={`指标 ${i + 1} 名称，如：举办学术会议`} aria-label={`第 ${i + 1} 项指标名称`} />
                        </Form.Item>
                      </Col>
                      <Col xs={20} md={13}>
                        <Form.Item name={[f.name, 'target']} rules={[{ required: true, whitespace: true, message: '请填写目标值' }]} style={{ marginBottom: 0 }}>
                          <Input maxLength={200} placeholder="目标值，如：1 场，参会 200 人" aria-label={`第 ${i + 1} 项指标目标值`} />
                        </Form.Item>
                      </Col>
                      <Col xs={4} md={2}>
                        <Button type="text" danger icon={<DeleteOutlined />} onClick={() => remove(f.name)} disabled={fields.length <= 1} aria-label={`删除第 ${i + 1} 项指标`} />
                      </Col>
                    </Row>
                  ))}
                  <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({})} disabled={fields.length >= 30}>
                    添加指标
                  </Button>
                  <div style={{ color: '#ff4d4f' }}>
                    <Form.ErrorList errors={errors} />
                  </div>
                </Space>
              )}
            </Form.List>
          </Form.Item>
        </Card>
        <Card title="第三步：项目预算">
          <Alert
            type="info"
            showIcon
            style={{ marginBottom: 16 }}
            title={`专项资金可用于：${categories.allowed.map((c) => c.label).join('、')}（${clauseOf(params, 'allowedCategories')}）`}
            description={categories.forbidden.length ? `不得用于：${categories.forbidden.map((f) => f.label).join('；')}（${clauseOf(params, 'forbiddenCategories')}）` : undefined}
          />
          <Form.List
            name="budget"
            rules={[{ validator: async (_, v: unknown[]) => { if (!v?.length) throw new Error('请至少填写一项预算'); } }]}
          >
            {(fields, { add, remove }, { errors }) => (
              <Space orientation="vertical" size={8} style={{ width: '100%' }}>
                {screens.md && fields.length ? (
                  <Row gutter={8} aria-hidden>
                    <Col md={5}><Typography.Text type="secondary">支出类别</Typography.Text></Col>
                    <Col md={6}><Typography.Text type="secondary">明细</Typography.Text></Col>
                    <Col md={5}><Typography.Text type="secondary">金额</Typography.Text></Col>
                    <Col md={7}><Typography.Text type="secondary">测算依据</Typography.Text></Col>
                  </Row>
                ) : null}
                {fields.map((f, i) => {
                  const cat = categories.allowed.find((c) => c.code === budget?.[f.name]?.category);
                  return (
                    <Row key={f.key} gutter={8} align="top" style={screens.md ? undefined : { border: '1px solid #f0f0f0', borderRadius: 4, padding: '8px 4px 0' }}>
                      <Col xs={24} md={5}>
                        <Form.Item name={[f.name, 'category']} label={screens.md ? undefined : `第 ${i + 1} 行 支出类别`} rules={[{ required: true, message: '请选择支出类别' }]} style={{ marginBottom: 8 }}>
                          <Select
                            placeholder="支出类别"
                            aria-label={`第 ${i + 1} 行支出类别`}
                            options={categories.allowed.map((c) => ({ value: c.code, label: c.label }))}
                            onChange={() => form.setFieldValue(['budget', f.name, 'item'], undefined)}
                          />
                        </Form.Item>
                      </Col>
                      <Col xs={24} md={6}>
                        <Form.Item
                          name={[f.name, 'item']}
                          label={screens.md ? undefined : '明细'}
                          rules={cat && cat.items.length ? [{ required: true, message: '请选择明细' }] : undefined}
                          style={{ marginBottom: 8 }}
                        >
                          <Select
                            placeholder={cat ? (cat.items.length ? '明细' : '该类别无明细') : '先选择支出类别'}
                            aria-label={`第 ${i + 1} 行明细`}
                            disabled={!cat || !cat.items.length}
                            options={(cat?.items ?? []).map((x) => ({ value: x, label: x }))}
                            popupMatchSelectWidth={false}
                          />
                        </Form.Item>
                      </Col>
                      <Col xs={24} md={5}>
                        <Form.Item name={[f.name, 'amountYuan']} label={screens.md ? undefined : '金额'} rules={moneyRules({ label: '金额', required: true, min: 1, minMessage: '金额应大于 0' })} style={{ marginBottom: 8 }}>
                          <MoneyInput placeholder="金额" aria-label={`第 ${i + 1} 行金额`} />
                        </Form.Item>
                      </Col>
                      <Col xs={20} md={7}>
                        <Form.Item name={[f.name, 'note']} label={screens.md ? undefined : '测算依据'} style={{ marginBottom: 8 }}>
                          <Input maxLength={500} placeholder="如：200 人 × 100 元" aria-label={`第 ${i + 1} 行测算依据`} />
                        </Form.Item>
                      </Col>
                      <Col xs={4} md={1} style={screens.md ? undefined : { alignSelf: 'flex-end', paddingBottom: 8 }}>
                        <Button type="text" danger icon={<DeleteOutlined />} onClick={() => remove(f.name)} disabled={fields.length <= 1} aria-label={`删除第 ${i + 1} 行预算`} />
                      </Col>
                    </Row>
                  );
                })}
                <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({})} disabled={fields.length >= 50}>
                  添加预算明细
                </Button>
                <div style={{ color: '#ff4d4f' }}>
                    <Form.ErrorList errors={errors} />
                  </div>
              </Space>
            )}
          </Form.List>
          <div
            role="status"
            aria-live="polite"
            style={{ marginTop: 16, padding: '10px 12px', background: over ? '#fff1f0' : '#f6f8fb', borderRadius: 4, display: 'flex', flexWrap: 'wrap', gap: '4px 24px', alignItems: 'baseline' }}
          >
            <Typography.Text strong type={over ? 'danger' : undefined}>
              预算合计 {fmtYuan(total)}
            </Typography.Text>
            {type ? (
              <Typography.Text type={over ? 'danger' : 'secondary'}>
                “{type.name}”资助标准 {fmtYuan(type.awardFen)}
                {over ? `，超出 ${fmtYuan(total - type.awardFen)}，请压减预算` : `，尚余 ${fmtYuan(type.awardFen - total)}`}
              </Typography.Text>
            ) : (
              <Typography.Text type="secondary">选择项目类型后显示资助标准</Typography.Text>
            )}
          </div>
        </Card>
        <Card title="第四步：联系人和附件">
          <Row gutter={16}>
            <Col xs={24} md={12}>
              <Form.Item label="联系人" name="contactName">
                <Input maxLength={50} />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item label="联系电话" name="contactPhone" rules={[phoneRule]}>
                <Input maxLength={30} inputMode="tel" />
              </Form.Item>
            </Col>
          </Row>
          <Form.Item label="附件" extra="如项目实施方案、预算测算明细、学会年检结论等">
            <EvidenceUpload value={props.files} onChange={props.onFiles} />
          </Form.Item>
        </Card>
        <Affix offsetBottom={0}>
          <Card size="small" styles={{ body: { display: 'flex', flexWrap: 'wrap', alignItems: 'center', justifyContent: screens.md ? 'flex-end' : 'stretch', gap: 8 } }}>
            {screens.md ? <Typography.Text type="secondary" style={{ marginInlineEnd: 'auto' }}>保存后在申报书页面“提交申报”，科协才会收到</Typography.Text> : null}
            <Button onClick={() => navigate(props.backTo)} block={!screens.md}>
              取消
            </Button>
            <Button type="primary" htmlType="submit" loading={props.saving} disabled={uploading} block={!screens.md}>
              {props.saveText}
            </Button>
          </Card>
        </Affix>
        {call.types.length === 0 ? <Empty description="本申报通知没有项目类型" /> : null}
      </Space>
    </Form>
  );
}

