// CAP-1: the association writes the yearly call — a new draft, or a draft changed (after the finance
// bureau returned it, or before sending it). The project types and the funds come from the
// programme's parameters; the quotas times the awards are added up live against the budget.
import { ArrowLeftOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Affix, Alert, App, Button, Card, Checkbox, Col, Empty, Form, Grid, Input, InputNumber, Row, Select, Skeleton, Space, Tag, Typography } from 'antd';
import type { FormInstance } from 'antd';
import type { Dayjs } from 'dayjs';
import { useEffect, useMemo, useRef, useState } from 'react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { api, isApiError } from '../../shared/api';
import { DayPicker, dayRule } from '../../shared/DayPicker';
import { QueryError, applyFieldErrors, useErrorReporter } from '../../shared/errors';
import { blankToNull } from '../../shared/formRules';
import { currentYearCst, dayjs, fmtYuan, todayCst } from '../../shared/format';
import { MoneyInput, fenToYuanText, moneyRules, moneyToFen } from '../../shared/MoneyInput';
import { usePageTitle } from '../../shared/usePageTitle';
import { parseYuan } from '../../../domain/money';
import { projectTypeKindLabels } from '../../../domain/programme/programme.types';
import type { FieldError } from '../../../contract/common';
import type { CapacityCall } from '../../../contract/capacity';
import type { Programme } from '../../../contract/programmes';
import { callListKey, describeCallPath, useCapacityProgrammes, withoutYear } from './callShared';

interface TypeValues {
  include?: boolean;
  quota?: number | null;
  awardYuan?: string;
}
interface Values {
  year: number;
  title: string;
  description: string;
  contact?: string;
  budgetYuan?: string;
  fundCode?: string;
  opensOn?: Dayjs | null;
  closesOn?: Dayjs | null;
  types: TypeValues[];
  typesTotal?: unknown;
}

/** One row of the types table: a project type of the programme (or one the call named and the programme has since dropped). */
interface TypeRow {
  code: string;
  name: string;
  kind?: keyof typeof projectTypeKindLabels;
}

function typeRowsOf(p: Programme, call?: CapacityCall): TypeRow[] {
  const rows: TypeRow[] = p.parameters.projectTypes.map((t) => ({ code: t.code, name: t.name, kind: t.kind }));
  for (const t of call?.types ?? []) if (!rows.some((r) => r.code === t.code)) rows.push({ code: t.code, name: t.name });
  return rows;
}

/** The request body, and which row each sent type came from (for the server's field errors). */
function bodyOf(v: Values, rows: TypeRow[]) {
  const sentRows: number[] = [];
  const types = rows.flatMap((r, i) => {
    const t = v.types?.[i];
    if (!t?.include) return [];
    sentRows.push(i);
    return [{ code: r.code, quota: t.quota ?? null, awardFen: moneyToFen(t.awardYuan) }];
  });
  return {
    body: {
      year: v.year,
      title: v.title.trim(),
      description: v.description.trim(),
      contact: blankToNull(v.contact),
      budgetFen: moneyToFen(v.budgetYuan),
      fundCode: v.fundCode,
      opensOn: v.opensOn?.format('YYYY-MM-DD'),
      closesOn: v.closesOn?.format('YYYY-MM-DD'),
      types,
    },
    sentRows,
  };
}

/** Σ quota × award of the ticked rows, in fen (null while a ticked row is incomplete or unreadable). */
function totalOf(types: TypeValues[] | undefined): { fen: number; count: number; complete: boolean } {
  let fen = 0;
  let count = 0;
  let complete = true;
  for (const t of types ?? []) {
    if (!t?.include) continue;
    count++;
    const award = parseYuan(t.awardYuan);
    if (!t.quota || !award.ok || award.fen === null) {
      complete = false;
      continue;
    }
    fen += t.quota * award.fen;
  }
  return { fen, count, complete };
}

const defaultTitle = (year: number, p: Programme) => `关于申报${year}年度${withoutYear(p.name)}项目的通知`;

/** The save: field errors named in the call's own words, 409 已被他人修改 with a refresh, a taken year on its field. */
function useCallSave(form: FormInstance<Values>, onRefresh?: () => void) {
  const report = useErrorReporter();
  const { message } = App.useApp();
  const [errors, setErrors] = useState<{ path: string; message: string; label: string }[]>([]);
  const sent = useRef<{ rows: TypeRow[]; sentRows: number[] }>({ rows: [], sentRows: [] });
  const typeNameAt = (i: number) => sent.current.rows[sent.current.sentRows[i]]?.name;
  const mapPath = (p: (string | number)[]): (string | number)[] => {
    if (p[0] === 'budgetFen') return ['budgetYuan'];
    if (p[0] === 'types') {
      if (typeof p[1] !== 'number') return ['typesTotal'];
      const row = sent.current.sentRows[p[1]] ?? p[1];
      return ['types', row, p[2] === 'quota' ? 'quota' : p[2] === 'awardFen' ? 'awardYuan' : 'include'];
    }
    return p;
  };
  const onError = (e: unknown) => {
    if (isApiError(e) && e.status === 400 && e.errors.length) {
      applyFieldErrors(form, e.errors, mapPath);
      const named = e.errors.map((fe: FieldError) => ({ ...fe, label: describeCallPath(fe.path, typeNameAt) }));
      setErrors(named);
      const first = `${named[0].label ? `${named[0].label}：` : ''}${named[0].message}`;
      message.error(`保存失败：${named.length === 1 ? first : `共 ${named.length} 处需要修改，如 ${first}`}`);
      return;
    }
    if (isApiError(e) && e.code === 'DUPLICATE') {
      form.setFields([{ name: 'year', errors: [e.userMessage] }]);
      form.scrollToField('year');
      message.error(`保存失败：${e.userMessage}`);
      return;
    }
    report(e, { form, action: '保存', onRefresh });
  };
  return { errors, setErrors, sent, onError };
}

/** /app/capacity-calls/new?programmeId= — a new draft call. */
export function CallCreatePage() {
  usePageTitle('新建申报通知');
  const [sp, setSp] = useSearchParams();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const [form] = Form.useForm<Values>();
  const programmes = useCapacityProgrammes();
  const asked = sp.get('programmeId');
  const only = programmes.data?.length === 1 ? programmes.data[0].id : null;
  const programmeId = asked ?? only;
  const prog = useQuery({ queryKey: ['programmes', programmeId], queryFn: ({ signal }) => api<Programme>(`/programmes/${programmeId}`, { signal }), enabled: !!programmeId });
  const { errors, setErrors, sent, onError } = useCallSave(form);
  const save = useMutation({
    mutationFn: (body: unknown) => api<CapacityCall>(`/programmes/${programmeId}/capacity-calls`, { method: 'POST', body }),
    onSuccess: (c) => {
      qc.setQueryData(['capacity-calls', c.id], c);
      void qc.invalidateQueries({ queryKey: [callListKey(c.programmeId)] });
      navigate(`/app/capacity-calls/${c.id}`, { replace: true });
    },
    onError,
  });
  if (!programmeId) {
    if (programmes.isLoading) return <Card><Skeleton active paragraph={{ rows: 6 }} /></Card>;
    if (programmes.isError) return <Card><QueryError error={programmes.error} onRetry={() => programmes.refetch()} /></Card>;
    return (
      <Card title="新建申报通知：选择方案">
        {programmes.data?.length ? (
          <Select
            style={{ width: '100%', maxWidth: 560 }}
            placeholder="请选择学会服务能力提升计划"
            aria-label="选择方案"
            options={programmes.data.map((p) => ({ value: p.id, label: p.name }))}
            onChange={(v: string) => setSp({ programmeId: v }, { replace: true })}
          />
        ) : (
          <Empty description="暂无学会服务能力提升计划，请先在“方案管理”中新建方案。" />
        )}
      </Card>
    );
  }
  if (prog.isLoading) return <Card><Skeleton active paragraph={{ rows: 12 }} /></Card>;
  if (prog.isError || !prog.data) return <Card><QueryError error={prog.error} onRetry={() => prog.refetch()} /></Card>;
  const p = prog.data;
  const year = currentYearCst();
  const rows = typeRowsOf(p);
  return (
    <CallForm
      heading="新建申报通知"
      backTo={`/app/capacity-calls?programmeId=${p.id}`}
      programme={p}
      rows={rows}
      form={form}
      errors={errors}
      saving={save.isPending}
      submitText="保存草稿"
      initialValues={{
        year,
        title: defaultTitle(year, p),
        description: '',
        contact: '',
        budgetYuan: '',
        fundCode: p.parameters.funds.length === 1 ? p.parameters.funds[0].code : undefined,
        opensOn: dayjs(todayCst()),
        closesOn: null,
        types: p.parameters.projectTypes.map((t) => ({ include: true, quota: t.quota ?? null, awardYuan: fenToYuanText(t.awardFen) })),
      }}
      onSubmit={(v) => {
        setErrors([]);
        const { body, sentRows } = bodyOf(v, rows);
        sent.current = { rows, sentRows };
        save.mutate(body);
      }}
    />
  );
}

/** /app/capacity-calls/:id/edit — a draft changed; the version read goes with it (409 when someone else saved first). */
export function CallEditPage() {
  const { id = '' } = useParams();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const [form] = Form.useForm<Values>();
  const q = useQuery({ queryKey: ['capacity-calls', id], queryFn: ({ signal }) => api<CapacityCall>(`/capacity-calls/${id}`, { signal }) });
  const c = q.data;
  const prog = useQuery({ queryKey: ['programmes', c?.programmeId], queryFn: ({ signal }) => api<Programme>(`/programmes/${c!.programmeId}`, { signal }), enabled: !!c });
  usePageTitle(c ? `修改：${c.title}` : '修改申报通知');
  const { errors, setErrors, sent, onError } = useCallSave(form, () => void q.refetch());
  const save = useMutation({
    mutationFn: (body: object) => api<CapacityCall>(`/capacity-calls/${id}`, { method: 'PUT', body: { ...body, rowVersion: c!.rowVersion } }),
    onSuccess: (r) => {
      qc.setQueryData(['capacity-calls', id], r);
      void qc.invalidateQueries({ queryKey: [callListKey(r.programmeId)] });
      void qc.invalidateQueries({ queryKey: ['audit', 'entity', 'capacity_call', id] });
      navigate(`/app/capacity-calls/${id}`);
    },
    onError,
  });
  if (q.isLoading || (c && prog.isLoading)) return <Card><Skeleton active paragraph={{ rows: 12 }} /></Card>;
  if (q.isError || !c) return <Card><QueryError error={q.error} onRetry={() => q.refetch()} /></Card>;
  if (prog.isError || !prog.data) return <Card><QueryError error={prog.error} onRetry={() => prog.refetch()} /></Card>;
  if (!c.actions.includes('edit')) {
    return (
      <Card>
        <Alert
          type="warning"
          showIcon
          title={`该申报通知当前为“${c.statusLabel}”，不能修改`}
          description={c.status === 'pendingConfirmation' || c.status === 'confirmed' ? '已提交财政局的申报通知须先撤回，才能修改。' : '只有发布通知的科协可以修改草稿状态的申报通知。'}
          action={<Link to={`/app/capacity-calls/${id}`}>返回申报通知</Link>}
        />
      </Card>
    );
  }
  const p = prog.data;
  const rows = typeRowsOf(p, c);
  return (
    <CallForm
      key={c.rowVersion}
      heading="修改申报通知"
      backTo={`/app/capacity-calls/${id}`}
      programme={p}
      rows={rows}
      returnComment={c.returnComment}
      form={form}
      errors={errors}
      saving={save.isPending}
      submitText="保存修改"
      initialValues={{
        year: c.year,
        title: c.title,
        description: c.description,
        contact: c.contact ?? '',
        budgetYuan: fenToYuanText(c.budgetFen),
        fundCode: c.fundCode,
        opensOn: dayjs(c.opensOn),
        closesOn: dayjs(c.closesOn),
        types: rows.map((r) => {
          const t = c.types.find((x) => x.code === r.code);
          const preset = p.parameters.projectTypes.find((x) => x.code === r.code);
          return t
            ? { include: true, quota: t.quota, awardYuan: fenToYuanText(t.awardFen) }
            : { include: false, quota: preset?.quota ?? null, awardYuan: fenToYuanText(preset?.awardFen) };
        }),
      }}
      onSubmit={(v) => {
        setErrors([]);
        const { body, sentRows } = bodyOf(v, rows);
        sent.current = { rows, sentRows };
        save.mutate(body);
      }}
    />
  );
}

function CallForm(props: {
  heading: string;
  backTo: string;
  programme: Programme;
  rows: TypeRow[];
  returnComment?: string | null;
  form: FormInstance<Values>;
  errors: { path: string; message: string; label: string }[];
  initialValues: Values;
  saving: boolean;
  submitText: string;
  onSubmit: (v: Values) => void;
}) {
  const { programme: p, rows, form } = props;
  const screens = Grid.useBreakpoint();
  const navigate = useNavigate();
  const funds = p.parameters.funds;
  const types = Form.useWatch('types', form) as TypeValues[] | undefined;
  const budgetYuan = Form.useWatch('budgetYuan', form) as string | undefined;
  const total = useMemo(() => totalOf(types ?? props.initialValues.types), [types, props.initialValues.types]);
  const budget = parseYuan(budgetYuan ?? props.initialValues.budgetYuan);
  const budgetFen = budget.ok ? budget.fen : null;
  // a form remounted after 刷新 (409) shows what was read again, not what the store still holds
  useEffect(() => form.resetFields(), [form]);
  const missing = [!rows.length ? '项目类型' : null, !funds.length ? '专项资金' : null].filter(Boolean);
  // the title follows the year while the user has not written one of their own
  const onValuesChange = (changed: Partial<Values>) => {
    if (changed.year !== undefined) {
      const before = form.getFieldValue('title') as string;
      const auto = /^关于申报\d{4}年度/.test(before) && before.endsWith(`${withoutYear(p.name)}项目的通知`);
      if (auto && typeof changed.year === 'number') form.setFieldValue('title', defaultTitle(changed.year, p));
    }
    if (changed.types || changed.budgetYuan !== undefined) {
      if (form.getFieldError('typesTotal').length) void form.validateFields(['typesTotal']).catch(() => undefined);
    }
  };

  return (
    <Form<Values>
      form={form}
      name="capacityCall"
      layout="vertical"
      initialValues={props.initialValues}
      onValuesChange={onValuesChange}
      onFinish={props.onSubmit}
      scrollToFirstError
      aria-label={props.heading}
    >
      <Space orientation="vertical" size={16} style={{ width: '100%' }}>
        <Card>
          <Space orientation="vertical" size={6} style={{ width: '100%' }}>
            <Space wrap>
              <Link to={props.backTo} aria-label="返回">
                <ArrowLeftOutlined />
              </Link>
              <Typography.Title level={3} style={{ margin: 0 }}>
                {props.heading}
              </Typography.Title>
            </Space>
            <Typography.Text type="secondary">
              {p.associationName} · {p.name}
            </Typography.Text>
            <Typography.Text type="secondary">
              保存后为草稿，不会公开。{p.parameters.financeBureauCoManages ? '本方案由科协会同财政局实施：草稿须提交财政局确认，确认后才能发布。' : '确认无误后可在通知页面发布。'}
            </Typography.Text>
          </Space>
        </Card>
        {props.returnComment ? <Alert type="warning" showIcon title="财政局退回的意见" description={<span style={{ whiteSpace: 'pre-wrap' }}>{props.returnComment}</span>} /> : null}
        {missing.length ? (
          <Alert
            type="error"
            showIcon
            title={`本方案尚未设置${missing.join('和')}，不能编制申报通知`}
            description="请先在方案的“政策参数”中设置后再编制。"
            action={<Link to={`/app/programmes/${p.id}?tab=parameters`}>查看方案参数</Link>}
          />
        ) : null}
        {props.errors.length ? (
          <Alert
            type="error"
            showIcon
            role="alert"
            title="以下内容需要修改"
            description={
              <ul style={{ margin: 0, paddingInlineStart: 20 }}>
                {props.errors.map((e, i) => (
                  <li key={i}>
                    {e.label ? <strong>{e.label}：</strong> : null}
                    {e.message}
                  </li>
                ))}
              </ul>
            }
          />
        ) : null}
        <Card title="通知内容">
          <Row gutter={16}>
            <Col xs={24} md={6}>
              <Form.Item label="年度" name="year" rules={[{ required: true, message: '请填写年度' }]} extra="每个年度只发布一份申报通知">
                <InputNumber min={2000} max={2100} precision={0} style={{ width: '100%' }} suffix="年" />
              </Form.Item>
            </Col>
            <Col xs={24} md={18}>
              <Form.Item label="通知标题" name="title" rules={[{ required: true, whitespace: true, message: '请填写通知标题' }]}>
                <Input maxLength={120} showCount />
              </Form.Item>
            </Col>
          </Row>
          <Form.Item
            label="通知正文"
            name="description"
            rules={[{ required: true, whitespace: true, message: '请填写通知正文' }]}
            extra="申报范围、申报条件、申报材料和报送方式等，将在门户网站“通知公告”中公开"
          >
            <Input.TextArea rows={8} maxLength={20000} placeholder="如：各市级学会、各高校科协：根据年度专项资金预算，现将本年度学会服务能力提升计划项目申报工作通知如下……" />
          </Form.Item>
          <Form.Item label="联系方式" name="contact" extra="选填，如：市科协学会部 0531-00000000">
            <Input maxLength={200} style={{ maxWidth: 480 }} />
          </Form.Item>
        </Card>
        <Card title="年度预算和申报期">
          <Row gutter={16}>
            <Col xs={24} md={12}>
              <Form.Item label="年度预算" name="budgetYuan" rules={moneyRules({ label: '年度预算', required: true, min: 1, minMessage: '年度预算应大于 0' })}>
                <MoneyInput />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item label="资金来源" name="fundCode" rules={[{ required: true, message: '请选择资金来源' }]} extra="方案设定的专项资金">
                <Select
                  placeholder="请选择专项资金"
                  options={funds.map((f) => ({
                    value: f.code,
                    label: f.amountFen !== null ? `${f.name}（${fmtYuan(f.amountFen)}）` : f.name,
                    title: f.name,
                  }))}
                  notFoundContent="本方案尚未设置专项资金"
                />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item label="申报开始日期" name="opensOn" rules={[{ required: true, message: '请选择申报开始日期' }, dayRule]}>
                <DayPicker style={{ width: '100%' }} />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item
                label="申报截止日期"
                name="closesOn"
                dependencies={['opensOn']}
                rules={[
                  { required: true, message: '请选择申报截止日期' },
                  dayRule,
                  ({ getFieldValue }) => ({
                    validator: async (_, v: Dayjs | null) => {
                      const from = getFieldValue('opensOn') as Dayjs | null;
                      if (v?.isValid() && from?.isValid() && v.isBefore(from, 'day')) throw new Error('申报截止日期不能早于开始日期');
                    },
                  }),
                ]}
                extra="学会的申报待办以此日为期限"
              >
                <DayPicker style={{ width: '100%' }} />
              </Form.Item>
            </Col>
          </Row>
        </Card>
        <Card title="项目类型、名额和资助标准" extra={screens.md ? <Typography.Text type="secondary">名额和资助标准在年度预算内确定</Typography.Text> : null}>
          {!rows.length ? <Empty description="本方案尚未设置项目类型" /> : null}
          {rows.map((r, i) => {
            const on = !!types?.[i]?.include || (!types && !!props.initialValues.types[i]?.include);
            return (
              <Row key={r.code} gutter={16} align="top" style={{ borderBottom: '1px solid #f0f0f0', paddingTop: 8, marginBottom: 8 }}>
                <Col xs={24} md={8}>
                  <Form.Item name={['types', i, 'include']} valuePropName="checked" style={{ marginBottom: screens.md ? 24 : 8 }}>
                    <Checkbox>
                      <Space size={4} wrap>
                        <Typography.Text strong>{r.name}</Typography.Text>
                        {!r.kind ? <Tag>方案已无此类型</Tag> : projectTypeKindLabels[r.kind] !== r.name ? <Tag color={r.kind === 'demonstration' ? 'purple' : 'blue'}>{projectTypeKindLabels[r.kind]}</Tag> : null}
                      </Space>
                    </Checkbox>
                  </Form.Item>
                </Col>
                <Col xs={10} md={6}>
                  <Form.Item
                    label="名额"
                    name={['types', i, 'quota']}
                    dependencies={[['types', i, 'include']]}
                    rules={on ? [{ required: true, message: '请填写名额' }] : []}
                    style={{ marginBottom: 16 }}
                  >
                    <InputNumber min={1} max={1000} precision={0} style={{ width: '100%' }} suffix="个" disabled={!on} />
                  </Form.Item>
                </Col>
                <Col xs={14} md={10}>
                  <Form.Item
                    label="资助标准（每项）"
                    name={['types', i, 'awardYuan']}
                    dependencies={[['types', i, 'include']]}
                    rules={on ? moneyRules({ label: '资助标准', required: true, min: 1, minMessage: '资助标准应大于 0' }) : []}
                    style={{ marginBottom: 16 }}
                  >
                    <MoneyInput disabled={!on} placeholder="如：100000" />
                  </Form.Item>
                </Col>
              </Row>
            );
          })}
          <Form.Item
            name="typesTotal"
            style={{ marginBottom: 0 }}
            rules={[
              {
                validator: async () => {
                  const t = totalOf(form.getFieldValue('types') as TypeValues[]);
                  if (!t.count) throw new Error('请至少选择一种项目类型');
                  const b = parseYuan(form.getFieldValue('budgetYuan'));
                  if (t.complete && b.ok && b.fen !== null && t.fen > b.fen) {
                    throw new Error(`名额×资助标准合计 ${fmtYuan(t.fen)} 超过年度预算 ${fmtYuan(b.fen)}，请减少名额或降低资助标准`);
                  }
                },
              },
            ]}
          >
            <TotalLine total={total} budgetFen={budgetFen} />
          </Form.Item>
        </Card>
        <Affix offsetBottom={0}>
          <Card size="small" styles={{ body: { display: 'flex', justifyContent: screens.md ? 'flex-end' : 'stretch', gap: 8 } }}>
            <Button onClick={() => navigate(props.backTo)} block={!screens.md}>
              取消
            </Button>
            <Button type="primary" htmlType="submit" loading={props.saving} disabled={missing.length > 0} block={!screens.md}>
              {props.submitText}
            </Button>
          </Card>
        </Affix>
      </Space>
    </Form>
  );
}

/** 名额×标准 合计 against the budget, as the user types (the Form.Item around it carries the errors). */
function TotalLine({ total, budgetFen }: { total: { fen: number; count: number; complete: boolean }; budgetFen: number | null; value?: unknown; onChange?: unknown }) {
  if (!total.count) return <Typography.Text type="secondary">尚未选择项目类型</Typography.Text>;
  const over = budgetFen !== null && total.fen > budgetFen;
  const fits = !over && total.complete && budgetFen !== null;
  const [bg, line] = over ? ['#fff2f0', '#ffccc7'] : fits ? ['#f6ffed', '#b7eb8f'] : ['#fafafa', '#d9d9d9'];
  return (
    <div role="status" aria-live="polite" style={{ background: bg, border: `1px solid ${line}`, borderRadius: 4, padding: '8px 12px' }}>
      <Space wrap size={[16, 4]}>
        <span>
          名额×资助标准合计：<Typography.Text strong>{fmtYuan(total.fen)}</Typography.Text>
          {!total.complete ? <Typography.Text type="secondary">（尚有未填写完整的类型）</Typography.Text> : null}
        </span>
        <span>年度预算：{budgetFen !== null ? fmtYuan(budgetFen) : '未填写'}</span>
        {budgetFen !== null ? (
          over ? (
            <Typography.Text type="danger" strong>
              超出预算 {fmtYuan(total.fen - budgetFen)}
            </Typography.Text>
          ) : (
            <Typography.Text type="success">预算结余 {fmtYuan(budgetFen - total.fen)}</Typography.Text>
          )
        ) : null}
      </Space>
    </div>
  );
}
