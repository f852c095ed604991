// EVA-4 满意度调查 (the association): its surveys with their counts; 新建调查 and 修改 in a drawer (the
// programme, the groups its parameter names, the days, the questionnaire); a survey's page with 开始调查
// and 结束调查, its results (per group the response and satisfaction rates, per question the mean),
// the invitations — organisations and the public's anonymous links (copy, CSV) — and the free answers.
import { CopyOutlined, DeleteOutlined, DownloadOutlined, PlusOutlined } from '@ant-design/icons';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Checkbox, Col, Descriptions, Drawer, Empty, Form, Grid, Input, InputNumber, List, Modal, Progress, Row, Segmented, Select, Skeleton, Space, Statistic, Table, Tabs, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { api } from '../../shared/api';
import { clipped, tableMinWidth } from '../../shared/cells';
import { CursorPager, useListParams } from '../../shared/CursorPager';
import { DayPicker, dayRule } from '../../shared/DayPicker';
import { FormErrorList, QueryError, useErrorReporter } from '../../shared/errors';
import { dayjs, fmtCount, fmtDate, fmtDateTime, todayCst } from '../../shared/format';
import { ListPage } from '../../shared/ListPage';
import { usePageTitle } from '../../shared/usePageTitle';
import { downloadFile } from '../transfer/common';
import type { FieldError, Page } from '../../../contract/common';
import type { OrgListItem } from '../../../contract/orgs';
import type { Survey, SurveyCommentPage, SurveyInvitation, SurveyInvitationPage, SurveyProgramme, SurveyQuestionRecord, SurveyResults } from '../../../contract/surveys';
import { OVERALL_KEY, defaultSurveyQuestions, questionKindLabels, surveyGroupLabels, type SurveyGroup } from '../../../domain/evaluation/satisfaction';
import { PhaseTag, fmtMean, fmtRate } from './surveyShared';

export function SurveysPage() {
  usePageTitle('满意度调查');
  const navigate = useNavigate();
  const [creating, setCreating] = useState(false);
  const columns: TableColumnsType<Survey> = [
    { title: '调查', dataIndex: 'title', ...clipped<Survey>((t, r) => <Link to={`/app/surveys/${r.id}`}>{t}</Link>) },
    { title: '方案', key: 'programme', width: 200, ...clipped<Survey, unknown>((_, r) => r.programme.name, (r) => r.programme.name) },
    { title: '调查对象', key: 'groups', width: 150, render: (_: unknown, r) => r.groupLabels.join('、') },
    { title: '填写期', key: 'days', width: 200, render: (_: unknown, r) => `${fmtDate(r.opensOn)} 至 ${fmtDate(r.closesOn)}` },
    { title: '已填写', key: 'answered', width: 110, align: 'right', render: (_: unknown, r) => `${fmtCount(r.counts.reduce((n, c) => n + c.answered, 0))} / ${fmtCount(r.counts.reduce((n, c) => n + c.invited, 0), ' 份')}` },
    { title: '状态', key: 'phase', width: 90, render: (_: unknown, r) => <PhaseTag phase={r.phase} label={r.phaseLabel} /> },
  ];
  return (
    <>
      <ListPage<Survey>
        title="满意度调查"
        endpoint="/surveys"
        columns={columns}
        rowKey="id"
        emptyText="尚未发起满意度调查，请点击“新建调查”"
        extra={<Typography.Paragraph type="secondary">按方案政策参数“满意度调查对象”，向试点项目的委托部门、承接学会或社会公众调查满意度；结果按方案的满意口径计算回收率和满意度。</Typography.Paragraph>}
        toolbar={
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
            新建调查
          </Button>
        }
      />
      {creating ? <SurveyDrawer onClose={() => setCreating(false)} onDone={(id) => navigate(`/app/surveys/${id}`)} /> : null}
    </>
  );
}

interface SurveyValues {
  programmeId?: string;
  title?: string;
  intro?: string;
  year?: number;
  groups?: SurveyGroup[];
  opensOn?: Dayjs | null;
  closesOn?: Dayjs | null;
  questions?: SurveyQuestionRecord[];
}

const newKey = () => `q${Math.random().toString(36).slice(2, 8)}`;

/** 新建调查 (no survey given) or 修改 a draft. */
function SurveyDrawer({ survey, onClose, onDone }: { survey?: Survey; onClose: () => void; onDone: (id: string) => void }) {
  const [form] = Form.useForm<SurveyValues>();
  const screens = Grid.useBreakpoint();
  const report = useErrorReporter();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [errors, setErrors] = useState<FieldError[]>([]);
  const programmes = useQuery({ queryKey: ['/surveys/programmes'], queryFn: ({ signal }) => api<{ items: SurveyProgramme[] }>('/surveys/programmes', { signal }) });
  const programmeId = Form.useWatch('programmeId', form) ?? survey?.programme.id;
  const programme = programmes.data?.items.find((p) => p.id === programmeId);
  const allowed = programme?.groups ?? survey?.groups ?? [];
  const save = useMutation({
    mutationFn: (v: SurveyValues) => {
      const body = {
        title: v.title?.trim() ?? '',
        intro: v.intro?.trim() || null,
        year: v.year,
        groups: v.groups ?? [],
        opensOn: v.opensOn?.format('YYYY-MM-DD'),
        closesOn: v.closesOn?.format('YYYY-MM-DD'),
        questions: (v.questions ?? []).map((q) => ({ key: q.key, text: q.text?.trim() ?? '', kind: q.kind })),
      };
      return survey ? api<Survey>(`/surveys/${survey.id}`, { method: 'PUT', body: { ...body, rowVersion: survey.rowVersion } }) : api<Survey>(`/programmes/${v.programmeId}/surveys`, { method: 'POST', body });
    },
    onSuccess: (s) => {
      void qc.invalidateQueries({ queryKey: ['/surveys'] });
      qc.setQueryData(['survey', s.id], s);
      message.success(survey ? '已保存修改' : '已新建调查（草稿），确认无误后请“开始调查”');
      onClose();
      onDone(s.id);
    },
    onError: (e) => setErrors(report(e, { form, action: survey ? '保存' : '新建调查', mapPath: (p) => p.slice(p[0] === 'body' ? 1 : 0), onRefresh: () => void qc.invalidateQueries({ queryKey: ['survey', survey?.id] }) })),
  });
  const year = Number(todayCst().slice(0, 4));
  return (
    <Drawer
      open
      size={screens.md ? 720 : '100%'}
      title={survey ? '修改满意度调查' : '新建满意度调查'}
      onClose={onClose}
      maskClosable={false}
      destroyOnHidden
      footer={
        <Space wrap>
          <Button type="primary" loading={save.isPending} onClick={() => form.submit()}>
            {survey ? '保存修改' : '保存为草稿'}
          </Button>
          <Button onClick={onClose}>取消</Button>
        </Space>
      }
    >
      <FormErrorList errors={errors} />
      <Form
        form={form}
        layout="vertical"
        aria-label={survey ? '修改满意度调查' : '新建满意度调查'}
        initialValues={
          survey
            ? { title: survey.title, intro: survey.intro ?? '', year: survey.year, groups: survey.groups, opensOn: dayjs(survey.opensOn), closesOn: dayjs(survey.closesOn), questions: survey.questions }
            : { title: `${year}年度学会承接政府转移职能试点工作满意度调查`, year, opensOn: dayjs(todayCst()), closesOn: dayjs(todayCst()).add(30, 'day'), questions: defaultSurveyQuestions }
        }
        onFinish={(v) => save.mutate(v)}
      >
        {survey ? (
          <Form.Item label="方案">{survey.programme.name}</Form.Item>
        ) : (
          <Form.Item name="programmeId" label="方案" rules={[{ required: true, message: '请选择方案' }]} extra={programme?.refusal ?? (programme ? `方案规定的调查对象：${programme.groupLabels.join('、')}；${programme.satisfiedRule}` : '本科协已发布的方案')}>
            <Select
              loading={programmes.isLoading}
              placeholder="选择方案"
              options={(programmes.data?.items ?? []).map((p) => ({ value: p.id, label: p.refusal ? `${p.name}（方案不要求满意度调查）` : p.name, disabled: !!p.refusal }))}
              onChange={(id: string) => {
                const p = programmes.data?.items.find((x) => x.id === id);
                form.setFieldValue('groups', p?.groups ?? []);
              }}
            />
          </Form.Item>
        )}
        <Form.Item name="title" label="调查名称" rules={[{ required: true, whitespace: true, message: '请填写调查名称' }]}>
          <Input maxLength={200} showCount />
        </Form.Item>
        <Form.Item name="intro" label="调查说明（选填，显示在问卷开头）">
          <Input.TextArea rows={3} maxLength={2000} showCount placeholder="如：为了解委托部门和承接学会对试点工作的评价，请根据实际感受如实填写。" />
        </Form.Item>
        <Form.Item name="groups" label="调查对象" rules={[{ required: true, message: '请至少选择一类调查对象' }]} extra="只能选择方案政策参数“满意度调查对象”所列的对象。开始调查时自动邀请方案试点项目的委托部门和承接学会；社会公众通过匿名链接填写。">
          <Checkbox.Group options={(['department', 'society', 'public'] as const).map((g) => ({ value: g, label: surveyGroupLabels[g], disabled: !allowed.includes(g) }))} />
        </Form.Item>
        <Row gutter={16}>
          <Col xs={24} sm={8}>
            <Form.Item name="year" label="统计年度" rules={[{ required: true, message: '请填写统计年度' }]}>
              <InputNumber min={2000} max={2100} precision={0} suffix="年" style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={8}>
            <Form.Item name="opensOn" label="开始日期" rules={[{ required: true, message: '请选择开始日期' }, dayRule]}>
              <DayPicker style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={8}>
            <Form.Item name="closesOn" label="截止日期" rules={[{ required: true, message: '请选择截止日期' }, dayRule]}>
              <DayPicker style={{ width: '100%' }} />
            </Form.Item>
          </Col>
        </Row>
        <Typography.Title level={5}>问卷题目</Typography.Title>
        <Typography.Paragraph type="secondary">第 1 题“总体满意程度”决定是否计为满意，不能删除。评价题按非常满意、满意、基本满意、不满意、非常不满意五级作答。</Typography.Paragraph>
        <Form.List name="questions">
          {(fields, { add, remove }) => (
            <Space orientation="vertical" size={8} style={{ width: '100%' }}>
              {fields.map((f, i) => {
                const key = form.getFieldValue(['questions', f.name, 'key']) as string;
                const overall = key === OVERALL_KEY;
                return (
                  <Card key={f.key} size="small" styles={{ body: { padding: 12 } }}>
                    <Form.Item name={[f.name, 'key']} hidden>
                      <Input />
                    </Form.Item>
                    <Row gutter={8} align="top" wrap={false}>
                      <Col flex="32px" style={{ paddingTop: 5 }}>
                        <Typography.Text strong>{i + 1}.</Typography.Text>
                      </Col>
                      <Col flex="auto">
                        <Form.Item name={[f.name, 'text']} rules={[{ required: true, whitespace: true, message: '请填写题目' }]} style={{ marginBottom: 8 }}>
                          <Input.TextArea autoSize={{ minRows: 1, maxRows: 3 }} maxLength={200} aria-label={`第 ${i + 1} 题`} />
                        </Form.Item>
                        <Form.Item name={[f.name, 'kind']} style={{ marginBottom: 0 }}>
                          <Segmented<string> size="small" disabled={overall} options={(['rating', 'text'] as const).map((k) => ({ value: k, label: questionKindLabels[k] }))} />
                        </Form.Item>
                      </Col>
                      <Col flex="32px">{overall ? null : <Button type="text" danger icon={<DeleteOutlined />} aria-label={`删除第 ${i + 1} 题`} onClick={() => remove(f.name)} />}</Col>
                    </Row>
                  </Card>
                );
              })}
              <Button icon={<PlusOutlined />} onClick={() => add({ key: newKey(), text: '', kind: 'rating' })} disabled={fields.length >= 20}>
                增加题目
              </Button>
            </Space>
          )}
        </Form.List>
      </Form>
    </Drawer>
  );
}

type TabKey = 'results' | 'invitations' | 'comments';

export function SurveyPage() {
  const { id = '' } = useParams();
  const { message, modal } = App.useApp();
  const report = useErrorReporter();
  const qc = useQueryClient();
  const [params, setParams] = useSearchParams();
  const tab = (params.get('tab') as TabKey | null) ?? 'results';
  const [editing, setEditing] = useState(false);
  const q = useQuery({ queryKey: ['survey', id], queryFn: ({ signal }) => api<Survey>(`/surveys/${id}`, { signal }) });
  usePageTitle(q.data?.title ?? '满意度调查');
  const refresh = () => {
    void qc.invalidateQueries({ queryKey: ['survey', id] });
    void qc.invalidateQueries({ queryKey: ['survey-results', id] });
    void qc.invalidateQueries({ queryKey: ['survey-invitations', id] });
    void qc.invalidateQueries({ queryKey: ['/surveys'] });
  };
  const act = useMutation({
    mutationFn: ({ what, rowVersion }: { what: 'open' | 'close'; rowVersion: number }) => api<Survey>(`/surveys/${id}/${what}`, { method: 'POST', body: { rowVersion } }),
    onSuccess: (s, v) => {
      qc.setQueryData(['survey', id], s);
      refresh();
      message.success(v.what === 'open' ? '调查已开始，受邀单位已收到待办' : '调查已结束');
    },
    onError: (e, v) => report(e, { action: v.what === 'open' ? '开始调查' : '结束调查', onRefresh: refresh }),
  });

  if (q.isLoading) return <Card><Skeleton active paragraph={{ rows: 10 }} /></Card>;
  if (q.isError || !q.data) return <QueryError error={q.error} onRetry={() => q.refetch()} />;
  const s = q.data;
  const invited = s.counts.reduce((n, c) => n + c.invited, 0);
  const answered = s.counts.reduce((n, c) => n + c.answered, 0);
  const orgGroups = s.groups.filter((g) => g !== 'public');
  const actions = (
    <Space wrap>
      {s.actions.includes('edit') ? <Button onClick={() => setEditing(true)}>修改</Button> : null}
      {s.actions.includes('open') ? (
        <Button
          type="primary"
          loading={act.isPending}
          onClick={() =>
            modal.confirm({
              title: '开始本次调查？',
              content: `开始后不能再修改问卷。${orgGroups.length ? `方案试点项目的${orgGroups.map((g) => (g === 'department' ? '委托部门' : '承接学会')).join('和')}将收到“填写满意度调查”待办。` : ''}${s.groups.includes('public') ? '开始后可生成社会公众填写链接。' : ''}`,
              okText: '开始调查',
              cancelText: '取消',
              onOk: () => act.mutateAsync({ what: 'open', rowVersion: s.rowVersion }),
            })
          }
        >
          开始调查
        </Button>
      ) : null}
      {s.actions.includes('close') ? (
        <Button
          danger
          loading={act.isPending}
          onClick={() =>
            modal.confirm({
              title: '结束本次调查？',
              content: `结束后不能再填写，尚未填写的 ${fmtCount(invited - answered, ' 份')}邀请将不再受理，待办随之关闭。`,
              okText: '结束调查',
              okButtonProps: { danger: true },
              cancelText: '取消',
              onOk: () => act.mutateAsync({ what: 'close', rowVersion: s.rowVersion }),
            })
          }
        >
          结束调查
        </Button>
      ) : null}
    </Space>
  );
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Card title={s.title} styles={{ title: { whiteSpace: 'normal' }, header: { flexWrap: 'wrap', gap: 8, paddingBlock: 8 } }} extra={actions}>
        <Descriptions size="small" column={{ xs: 1, sm: 2, md: 3 }}>
          <Descriptions.Item label="方案">{s.programme.name}</Descriptions.Item>
          <Descriptions.Item label="发起单位">{s.association.name}</Descriptions.Item>
          <Descriptions.Item label="状态">
            <PhaseTag phase={s.phase} label={s.phaseLabel} />
          </Descriptions.Item>
          <Descriptions.Item label="调查对象">{s.groupLabels.join('、')}</Descriptions.Item>
          <Descriptions.Item label="填写期">
            {fmtDate(s.opensOn)} 至 {fmtDate(s.closesOn)}
          </Descriptions.Item>
          <Descriptions.Item label="统计年度">{s.year} 年</Descriptions.Item>
          <Descriptions.Item label="满意口径">{s.satisfiedRule}</Descriptions.Item>
          <Descriptions.Item label="已填写">
            {fmtCount(answered)} / {fmtCount(invited, ' 份')}
          </Descriptions.Item>
          {s.closedAt ? <Descriptions.Item label="结束时间">{fmtDateTime(s.closedAt)}</Descriptions.Item> : s.openedAt ? <Descriptions.Item label="开始时间">{fmtDateTime(s.openedAt)}</Descriptions.Item> : null}
        </Descriptions>
        {s.intro ? <Typography.Paragraph type="secondary" style={{ margin: '8px 0 0', whiteSpace: 'pre-wrap' }}>{s.intro}</Typography.Paragraph> : null}
        {s.status === 'draft' ? <Alert style={{ marginTop: 12 }} type="info" showIcon title="草稿：确认问卷无误后点击“开始调查”。开始后受邀单位才能填写。" /> : null}
      </Card>
      {s.status === 'draft' ? (
        <Card title="问卷预览" size="small">
          <List size="small" dataSource={s.questions} renderItem={(x, i) => <List.Item>{`${i + 1}. ${x.text}`}<Tag style={{ marginInlineStart: 8 }}>{questionKindLabels[x.kind]}</Tag></List.Item>} />
        </Card>
      ) : (
        <Card styles={{ body: { paddingTop: 4 } }}>
          <Tabs
            activeKey={tab}
            onChange={(k) => setParams(k === 'results' ? {} : { tab: k }, { replace: true })}
            items={[
              { key: 'results', label: '调查结果', children: <ResultsTab id={id} /> },
              { key: 'invitations', label: `邀请与链接（${fmtCount(invited)}）`, children: <InvitationsTab survey={s} onChanged={refresh} /> },
              { key: 'comments', label: '文字意见', children: <CommentsTab id={id} /> },
            ]}
          />
        </Card>
      )}
      {editing ? <SurveyDrawer survey={s} onClose={() => setEditing(false)} onDone={() => refresh()} /> : null}
    </Space>
  );
}

function ResultsTab({ id }: { id: string }) {
  const q = useQuery({ queryKey: ['survey-results', id], queryFn: ({ signal }) => api<SurveyResults>(`/surveys/${id}/results`, { signal }) });
  if (q.isLoading) return <Skeleton active paragraph={{ rows: 6 }} />;
  if (q.isError || !q.data) return <QueryError error={q.error} onRetry={() => q.refetch()} compact />;
  const r = q.data;
  const groupCols: TableColumnsType<SurveyResults['groups'][number]> = [
    { title: '调查对象', dataIndex: 'label', width: 110 },
    { title: '邀请', dataIndex: 'invited', width: 80, align: 'right', render: (v: number) => fmtCount(v, ' 份') },
    { title: '已填写', dataIndex: 'answered', width: 80, align: 'right', render: (v: number) => fmtCount(v, ' 份') },
    { title: '回收率', dataIndex: 'responseRate', width: 90, align: 'right', render: (v: number | null) => fmtRate(v) },
    { title: '满意', dataIndex: 'satisfied', width: 80, align: 'right', render: (v: number) => fmtCount(v, ' 份') },
    { title: '满意度', dataIndex: 'satisfactionRate', width: 90, align: 'right', render: (v: number | null) => <Typography.Text strong>{fmtRate(v)}</Typography.Text> },
  ];
  const qCols: TableColumnsType<SurveyResults['questions'][number]> = [
    { title: '题目', dataIndex: 'text', ...clipped() },
    { title: '平均分', dataIndex: 'mean', width: 90, align: 'right', render: (v: number | null) => fmtMean(v) },
    ...r.groups.map((g) => ({ title: g.label, key: g.group, width: 90, align: 'right' as const, render: (_: unknown, x: SurveyResults['questions'][number]) => fmtMean(x.byGroup.find((b) => b.group === g.group)?.mean) })),
    {
      title: '分布（非常满意 → 非常不满意）',
      key: 'dist',
      width: 230,
      render: (_: unknown, x) => (
        <Space size={4} wrap>
          {x.distribution.map((d) => (
            <Tag key={d.rating} title={d.label} color={d.rating >= 4 ? 'green' : d.rating === 3 ? 'blue' : d.count ? 'red' : undefined}>
              {d.count}
            </Tag>
          ))}
        </Space>
      ),
    },
  ];
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Row gutter={[12, 12]}>
        {r.groups.map((g) => (
          <Col key={g.group} xs={24} sm={12} lg={8}>
            <Card size="small" title={`${g.label}满意度`}>
              <Space size={16} align="center" wrap>
                <Progress type="circle" size={72} percent={g.satisfactionRate ?? 0} format={() => fmtRate(g.satisfactionRate)} status={g.satisfactionRate === null ? 'normal' : undefined} />
                <Statistic title="回收率" value={fmtRate(g.responseRate)} suffix={<Typography.Text type="secondary" style={{ fontSize: 13 }}>{`${g.answered}/${g.invited}`}</Typography.Text>} />
              </Space>
            </Card>
          </Col>
        ))}
      </Row>
      <Typography.Text type="secondary">{r.satisfiedRule}；满意度 = 满意份数 ÷ 已填写份数，回收率 = 已填写份数 ÷ 邀请份数（不含已作废的邀请）。</Typography.Text>
      <Table rowKey="group" size="small" columns={groupCols} dataSource={[...r.groups, { group: 'total' as SurveyGroup, label: '合计', ...r.total }]} pagination={false} scroll={{ x: tableMinWidth(groupCols) }} />
      <Table rowKey="key" size="small" title={() => '各题平均分（5 非常满意 … 1 非常不满意）'} columns={qCols} dataSource={r.questions} pagination={false} scroll={{ x: tableMinWidth(qCols) }} locale={{ emptyText: <Empty description="尚无填写" /> }} />
    </Space>
  );
}

function InvitationsTab({ survey, onChanged }: { survey: Survey; onChanged: () => void }) {
  const { message, modal } = App.useApp();
  const report = useErrorReporter();
  const lp = useListParams(['group', 'status']);
  const query = { ...lp.filters, limit: lp.limit, ...(lp.cursor ? { cursor: lp.cursor } : { count: 'exact' }) };
  const q = useQuery({ queryKey: ['survey-invitations', survey.id, query], queryFn: ({ signal }) => api<SurveyInvitationPage>(`/surveys/${survey.id}/invitations`, { query, signal }), placeholderData: keepPreviousData });
  const [inviting, setInviting] = useState(false);
  const [generating, setGenerating] = useState(false);
  const revoke = useMutation({
    mutationFn: ({ inv, reason }: { inv: SurveyInvitation; reason: string }) => api<Survey>(`/survey-invitations/${inv.id}/revoke`, { method: 'POST', body: { reason } }),
    onSuccess: () => {
      onChanged();
      message.success('邀请已作废');
    },
    onError: (e) => report(e, { action: '作废' }),
  });
  const askRevoke = (inv: SurveyInvitation) => {
    let reason = '';
    modal.confirm({
      title: `作废“${inv.label}”？`,
      content: <Input.TextArea rows={2} maxLength={500} placeholder="作废原因，如：链接误发" onChange={(e) => (reason = e.target.value)} />,
      okText: '作废邀请',
      okButtonProps: { danger: true },
      cancelText: '取消',
      onOk: async () => {
        if (!reason.trim()) {
          message.error('请填写作废原因');
          throw new Error('reason');
        }
        await revoke.mutateAsync({ inv, reason: reason.trim() });
      },
    });
  };
  const columns: TableColumnsType<SurveyInvitation> = [
    { title: '受邀单位或链接', dataIndex: 'label', width: 200, ...clipped<SurveyInvitation>() },
    { title: '对象', dataIndex: 'groupLabel', width: 90 },
    { title: '状态', key: 'status', width: 90, render: (_: unknown, r) => <Tag color={r.status === 'answered' ? 'green' : r.status === 'revoked' ? 'default' : 'warning'}>{r.statusLabel}</Tag> },
    { title: '填写时间', dataIndex: 'answeredAt', width: 150, render: (v: string | null) => fmtDateTime(v) },
    {
      title: '公众填写链接',
      key: 'link',
      render: (_: unknown, r) =>
        r.link ? (
          <Typography.Text copyable={{ text: r.link, tooltips: ['复制链接', '已复制'], icon: [<CopyOutlined key="c" />, <CopyOutlined key="d" />] }} ellipsis style={{ maxWidth: 260 }}>
            {r.link}
          </Typography.Text>
        ) : (
          '—'
        ),
    },
    { title: '操作', key: 'actions', width: 80, render: (_: unknown, r) => (r.actions.includes('revoke') ? <Button type="link" size="small" danger onClick={() => askRevoke(r)}>作废</Button> : null) },
  ];
  const setFilter = (k: 'group' | 'status', v: string | undefined) => lp.setFilters({ ...lp.filters, [k]: v });
  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }}>
      <Space wrap style={{ justifyContent: 'space-between', width: '100%' }}>
        <Space wrap>
          <Segmented<string>
            value={lp.filters.group ?? ''}
            onChange={(v) => setFilter('group', v || undefined)}
            options={[{ value: '', label: '全部对象' }, ...survey.groups.map((g) => ({ value: g, label: surveyGroupLabels[g] }))]}
          />
          <Select
            style={{ width: 120 }}
            value={lp.filters.status ?? ''}
            onChange={(v: string) => setFilter('status', v || undefined)}
            aria-label="填写状态"
            options={[
              { value: '', label: '全部状态' },
              { value: 'pending', label: '待填写' },
              { value: 'answered', label: '已填写' },
              { value: 'revoked', label: '已作废' },
            ]}
          />
        </Space>
        <Space wrap>
          {survey.actions.includes('invite') ? <Button onClick={() => setInviting(true)}>邀请其他单位</Button> : null}
          {survey.actions.includes('generateLinks') ? (
            <Button type="primary" onClick={() => setGenerating(true)}>
              生成公众填写链接
            </Button>
          ) : null}
          {survey.actions.includes('downloadLinks') ? (
            <Button icon={<DownloadOutlined />} onClick={() => void downloadFile(`/surveys/${survey.id}/public-links.csv`, `公众填写链接-${survey.title}.csv`).catch((e: unknown) => report(e, { action: '下载' }))}>
              下载链接（CSV）
            </Button>
          ) : null}
        </Space>
      </Space>
      {q.isError && !q.data ? (
        <QueryError error={q.error} onRetry={() => q.refetch()} compact />
      ) : (
        <>
          <Table<SurveyInvitation>
            rowKey="id"
            size="middle"
            columns={columns}
            dataSource={q.data?.items ?? []}
            loading={q.isFetching}
            pagination={false}
            scroll={{ x: tableMinWidth(columns) }}
            locale={{ emptyText: <Empty description={survey.groups.includes('public') && !lp.filters.status ? '尚无邀请。社会公众的填写链接请点击“生成公众填写链接”。' : '没有符合条件的邀请'} /> }}
          />
          <CursorPager
            total={lp.cursor ? undefined : q.data?.total}
            page={lp.page}
            pageSize={lp.limit}
            hasNext={!!q.data?.nextCursor}
            onNext={() => q.data?.nextCursor && lp.next(q.data.nextCursor)}
            onPrev={lp.prev}
            onFirst={lp.first}
            onPageSize={lp.setLimit}
            loading={q.isFetching}
          />
        </>
      )}
      {inviting ? <InviteModal survey={survey} onClose={() => setInviting(false)} onDone={onChanged} /> : null}
      {generating ? <LinksModal survey={survey} onClose={() => setGenerating(false)} onDone={onChanged} /> : null}
    </Space>
  );
}

function InviteModal({ survey, onClose, onDone }: { survey: Survey; onClose: () => void; onDone: () => void }) {
  const screens = Grid.useBreakpoint();
  const report = useErrorReporter();
  const { message } = App.useApp();
  const [orgIds, setOrgIds] = useState<string[]>([]);
  const types = survey.groups.filter((g): g is 'department' | 'society' => g !== 'public');
  const orgs = useQuery({
    queryKey: ['/orgs', 'survey-invite', types],
    queryFn: async ({ signal }) => (await Promise.all(types.map((t) => api<Page<OrgListItem>>('/orgs', { query: { type: t, isActive: 'true', limit: 100 }, signal })))).flatMap((p) => p.items),
  });
  const send = useMutation({
    mutationFn: () => api<Survey>(`/surveys/${survey.id}/invitations`, { method: 'POST', body: { orgIds } }),
    onSuccess: () => {
      message.success('已邀请，受邀单位将收到待办');
      onDone();
      onClose();
    },
    onError: (e) => report(e, { action: '邀请' }),
  });
  return (
    <Modal open title="邀请其他单位填写" okText="发送邀请" cancelText="取消" okButtonProps={{ disabled: !orgIds.length }} confirmLoading={send.isPending} onOk={() => send.mutate()} onCancel={onClose} width={screens.sm ? 560 : '100%'} destroyOnHidden>
      <Typography.Paragraph type="secondary">可邀请本科协及下级的{types.map((t) => surveyGroupLabels[t]).join('、')}。每个单位只邀请一次，受邀单位在平台内填写。</Typography.Paragraph>
      <Select mode="multiple" style={{ width: '100%' }} loading={orgs.isLoading} value={orgIds} onChange={setOrgIds} optionFilterProp="label" placeholder="选择单位（可搜索）" aria-label="受邀单位" options={(orgs.data ?? []).map((o) => ({ value: o.id, label: o.name }))} />
    </Modal>
  );
}

function LinksModal({ survey, onClose, onDone }: { survey: Survey; onClose: () => void; onDone: () => void }) {
  const screens = Grid.useBreakpoint();
  const report = useErrorReporter();
  const { message } = App.useApp();
  const [count, setCount] = useState<number | null>(20);
  const send = useMutation({
    mutationFn: () => api<Survey>(`/surveys/${survey.id}/public-links`, { method: 'POST', body: { count } }),
    onSuccess: () => {
      message.success(`已生成 ${count} 个公众填写链接，可逐个复制或下载 CSV`);
      onDone();
      onClose();
    },
    onError: (e) => report(e, { action: '生成链接' }),
  });
  return (
    <Modal open title="生成社会公众填写链接" okText="生成链接" cancelText="取消" okButtonProps={{ disabled: !count }} confirmLoading={send.isPending} onOk={() => send.mutate()} onCancel={onClose} width={screens.sm ? 480 : '100%'} destroyOnHidden>
      <Typography.Paragraph type="secondary">每个链接匿名填写一次（平台不记录填写人和网络地址）。生成后可逐个复制，或下载全部链接（CSV）发放，例如制成二维码。</Typography.Paragraph>
      <Space>
        <span>生成</span>
        <InputNumber min={1} max={500} precision={0} value={count} onChange={(v) => setCount(v)} aria-label="链接数" />
        <span>个链接</span>
      </Space>
    </Modal>
  );
}

function CommentsTab({ id }: { id: string }) {
  const lp = useListParams(['group']);
  const query = { limit: lp.limit, ...(lp.cursor ? { cursor: lp.cursor } : { count: 'exact' }) };
  const q = useQuery({ queryKey: ['survey-comments', id, query], queryFn: ({ signal }) => api<SurveyCommentPage>(`/surveys/${id}/comments`, { query, signal }), placeholderData: keepPreviousData });
  if (q.isLoading) return <Skeleton active paragraph={{ rows: 4 }} />;
  if (q.isError || !q.data) return <QueryError error={q.error} onRetry={() => q.refetch()} compact />;
  return (
    <>
      <List
        dataSource={q.data.items}
        locale={{ emptyText: <Empty description="尚无文字意见" /> }}
        renderItem={(c) => (
          <List.Item>
            <Space orientation="vertical" size={4} style={{ width: '100%' }}>
              <Space wrap size={8}>
                <Typography.Text strong>{c.respondent ?? '社会公众（匿名）'}</Typography.Text>
                <Tag>{c.groupLabel}</Tag>
                <Tag color={c.satisfied ? 'green' : 'red'}>总体评价：{c.overallLabel}</Tag>
                <Typography.Text type="secondary">{fmtDateTime(c.answeredAt)}</Typography.Text>
              </Space>
              {c.texts.map((t) => (
                <Typography.Paragraph key={t.key} style={{ margin: 0, whiteSpace: 'pre-wrap' }}>
                  {t.text}
                </Typography.Paragraph>
              ))}
            </Space>
          </List.Item>
        )}
      />
      <CursorPager total={lp.cursor ? undefined : q.data.total} page={lp.page} pageSize={lp.limit} hasNext={!!q.data.nextCursor} onNext={() => q.data?.nextCursor && lp.next(q.data.nextCursor)} onPrev={lp.prev} onFirst={lp.first} onPageSize={lp.setLimit} loading={q.isFetching} />
    </>
  );
}
