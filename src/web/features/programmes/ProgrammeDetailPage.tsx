// PRG-1 … PRG-3: a programme — header with status and the actions allowed now, tabs for its parts,
// and the change history.
import { AccountBookOutlined, ArrowLeftOutlined, CheckCircleOutlined, StopOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Col, Descriptions, Form, Grid, Input, InputNumber, Modal, Row, Skeleton, Space, Tabs, Typography } from 'antd';
import { useState } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import { api, isApiError } from '../../shared/api';
import { useCan, useMe } from '../../shared/auth';
import { isAdminRoleSet } from '../../../domain/access/roles';
import { DictTag } from '../../shared/dictionaries';
import { FormErrorList, QueryError, useErrorReporter } from '../../shared/errors';
import { fmtDateCn, fmtDateTime, todayCst } from '../../shared/format';
import { StageSteps } from '../../shared/StageSteps';
import type { PresetList, Programme } from '../../../contract/programmes';
import { usePageTitle } from '../../shared/usePageTitle';
import { AuditTimeline } from '../audit/AuditTimeline';
import { CategoriesEditor } from './CategoriesEditor';
import { JsonEditor } from './JsonEditor';
import { ParametersEditor } from './ParametersEditor';
import { SaveBar, isEditable, useProgrammeSave } from './programmeSave';
import { StagesEditor } from './StagesEditor';
import { PastStagesModal } from './PastStagesModal';
import { pastStages, type PastStage } from '../../../domain/programme/past-stages';
import { useInScope } from '../../shared/orgTree';
import { LinkButton } from '../portal/portalShared';
import { CallList } from '../capacity/CapacityCallsPage';
import { ReportDownloads } from '../statistics/ReportDownloads';

export function ProgrammeDetailPage() {
  const { id = '' } = useParams();
  const can = useCan();
  const { data: me } = useMe();
  // the raw parameter editor is the administrators' alone (科协管理员, roles.ts isAdmin)
  const isAdmin = !!me && isAdminRoleSet(me.roles);
  const [sp, setSp] = useSearchParams();
  const q = useQuery({ queryKey: ['programmes', id], queryFn: ({ signal }) => api<Programme>(`/programmes/${id}`, { signal }) });
  usePageTitle(q.data?.name ?? '方案详情');
  const inScope = useInScope(q.data?.associationId);
  if (q.isLoading) return <Card><Skeleton active paragraph={{ rows: 10 }} /></Card>;
  if (q.isError || !q.data) return <Card><QueryError error={q.error} onRetry={() => q.refetch()} /></Card>;
  const p = q.data;
  // a programme of a higher-level association is shown read-only (the server refuses changes)
  const editable = isEditable(p, can('programme.update') && inScope);
  const refresh = () => void q.refetch();
  const asked = sp.get('tab') === 'json' ? 'raw' : (sp.get('tab') ?? 'basic'); // ?tab=json: the tab's old address
  const tab = asked === 'raw' && !isAdmin ? 'parameters' : asked;
  // editors remount with fresh values after each save (the version changes)
  const k = `v${p.version}`;

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <ProgrammeHeader p={p} onRefresh={refresh} canAct={can('programme.publish') && inScope} funds={can('fund.read') && !!p.parameters.funds?.length} reports={can('statistics.read') && inScope} />
      {p.status === 'closed' ? <Alert type="info" showIcon title="方案已结束，内容不能再修改。" /> : null}
      {!editable && p.status !== 'closed' ? (
        <Alert
          type="info"
          showIcon
          title={can('programme.update') ? `该方案由${p.associationName}制定，您可以查看，修改须由该科协进行。` : '您可以查看方案内容；修改须由科协工作人员或管理员进行。'}
        />
      ) : null}
      <Card styles={{ body: { paddingTop: 8 } }}>
        <Tabs
          activeKey={tab}
          onChange={(t) => setSp(t === 'basic' ? {} : { tab: t }, { replace: true })}
          items={[
            { key: 'basic', label: '基本信息', children: <BasicTab key={k} p={p} editable={editable} onRefresh={refresh} /> },
            { key: 'stages', label: '阶段', children: <StagesEditor key={k} p={p} editable={editable} onRefresh={refresh} /> },
            { key: 'categories', label: '内容类别', children: <CategoriesEditor key={k} p={p} editable={editable} onRefresh={refresh} /> },
            { key: 'parameters', label: '政策参数', children: <ParametersEditor key={k} p={p} editable={editable} onRefresh={refresh} /> },
            // CAP-1: a capacity plan's yearly calls
            ...(p.kind === 'capacityPlan' ? [{ key: 'calls', label: '申报通知', children: <CallList programmeId={p.id} /> }] : []),
            ...(isAdmin ? [{ key: 'raw', label: '高级：全部参数（原始格式，仅管理员）', children: <JsonEditor key={k} p={p} editable={editable} onRefresh={refresh} /> }] : []),
            ...(can('audit.read') && inScope ? [{ key: 'history', label: '变更记录', children: <AuditTimeline entityType="programme" entityId={p.id} /> }] : []),
          ]}
        />
      </Card>
    </Space>
  );
}

function ProgrammeHeader({ p, onRefresh, canAct, funds, reports }: { p: Programme; onRefresh: () => void; canAct: boolean; funds?: boolean; reports?: boolean }) {
  const qc = useQueryClient();
  const { modal, message } = App.useApp();
  const report = useErrorReporter();
  const [closing, setClosing] = useState(false);
  // issue 11 §5: stages starting before today, to adjust (or confirm) before publishing
  const [pastToAdjust, setPastToAdjust] = useState<PastStage[] | null>(null);
  const screens = Grid.useBreakpoint();
  const act = useMutation({
    mutationFn: ({ event, reason }: { event: 'publish' | 'close'; reason?: string }) =>
      api<Programme>(`/programmes/${p.id}/${event}`, { method: 'POST', body: { version: p.version, reason: reason ?? null } }),
    onSuccess: (np, { event }) => {
      qc.setQueryData(['programmes', p.id], np);
      void qc.invalidateQueries({ queryKey: ['/programmes'] });
      void qc.invalidateQueries({ queryKey: ['public/programmes'] });
      void qc.invalidateQueries({ queryKey: ['todos/counts'] });
      void qc.invalidateQueries({ queryKey: ['audit', 'entity', 'programme', p.id] });
      setClosing(false);
      message.success(event === 'publish' ? '方案已发布，已在门户网站公开' : '方案已结束');
    },
    onError: (e) => {
      const past = isApiError(e) ? (e.problem.pastStages as PastStage[] | undefined) : undefined;
      if (past?.length) setPastToAdjust(past);
      else report(e, { onRefresh, action: '操作' });
    },
  });

  const publish = () => {
    const past = pastStages(p.stages, todayCst());
    if (past.length) {
      setPastToAdjust(past);
      return;
    }
    modal.confirm({
      title: '发布方案？',
      icon: <CheckCircleOutlined style={{ color: '#1456c8' }} />,
      content: (
        <div>
          <p>发布后，“{p.name}”的阶段和内容类别将在门户网站向社会公开，学会和政府部门可据此开展工作。</p>
          <p style={{ marginBottom: 0 }}>发布后仍可修改，但每次修改都须填写原因并留下记录；方案不能撤回为草稿。</p>
        </div>
      ),
      okText: '发布',
      cancelText: '取消',
      onOk: () => act.mutateAsync({ event: 'publish' }).catch(() => undefined),
    });
  };

  return (
    <Card>
      <Space orientation="vertical" size={8} style={{ width: '100%' }}>
        <Space wrap align="center">
          <Link to="/app/programmes" aria-label="返回方案列表">
            <ArrowLeftOutlined />
          </Link>
          <Typography.Title level={3} style={{ margin: 0 }}>
            {p.name}
          </Typography.Title>
          <DictTag dict="programmeStatuses" value={p.status} />
          <DictTag dict="programmeKinds" value={p.kind} />
        </Space>
        <Typography.Text type="secondary">
          {p.associationName} · {p.year} 年度{p.publishedAt ? ` · ${fmtDateCn(p.publishedAt)}发布` : ' · 尚未发布'}
        </Typography.Text>
        {funds || (reports && p.status !== 'draft') ? (
          <Space wrap>
            {funds ? (
              <LinkButton to={`/app/programmes/${p.id}/funds`} icon={<AccountBookOutlined />}>
                资金台账
              </LinkButton>
            ) : null}
            {reports && p.status !== 'draft' ? <ReportDownloads label="方案工作报告" path={`/programmes/${p.id}/work-report`} query={{}} fileName={`${p.name}工作报告`} /> : null}
          </Space>
        ) : null}
        {canAct ? (
          <Space wrap>
            {p.actions.includes('publish') ? (
              <Button type="primary" icon={<CheckCircleOutlined />} onClick={publish} loading={act.isPending}>
                发布
              </Button>
            ) : null}
            {p.actions.includes('close') ? (
              <Button danger icon={<StopOutlined />} onClick={() => setClosing(true)}>
                结束
              </Button>
            ) : null}
          </Space>
        ) : null}
        {screens.md ? (
          <div style={{ marginTop: 8 }}>
            <StageSteps stages={p.stages} compact />
          </div>
        ) : null}
      </Space>
      <CloseModal open={closing} name={p.name} loading={act.isPending} onCancel={() => setClosing(false)} onOk={(reason) => act.mutate({ event: 'close', reason })} />
      {pastToAdjust ? (
        <PastStagesModal
          p={p}
          past={pastToAdjust}
          onClose={() => setPastToAdjust(null)}
          onPublished={(np) => {
            setPastToAdjust(null);
            act.reset();
            qc.setQueryData(['programmes', p.id], np);
            void qc.invalidateQueries({ queryKey: ['/programmes'] });
            void qc.invalidateQueries({ queryKey: ['public/programmes'] });
            void qc.invalidateQueries({ queryKey: ['todos/counts'] });
          }}
        />
      ) : null}
    </Card>
  );
}

function CloseModal(props: { open: boolean; name: string; loading: boolean; onCancel: () => void; onOk: (reason: string) => void }) {
  const [form] = Form.useForm<{ reason: string }>();
  return (
    <Modal
      open={props.open}
      title="结束方案？"
      okText="结束"
      okButtonProps={{ danger: true }}
      cancelText="取消"
      confirmLoading={props.loading}
      onCancel={props.onCancel}
      onOk={() => form.submit()}
      destroyOnHidden
    >
      <Alert
        type="warning"
        showIcon
        style={{ marginBottom: 16 }}
        title={`结束后“${props.name}”将不能再修改，门户网站上显示为“已结束”。此操作不可撤销。`}
      />
      <Form form={form} name="closeProgramme" layout="vertical" onFinish={(v) => props.onOk(v.reason.trim())} aria-label="结束方案">
        <Form.Item label="结束原因" name="reason" rules={[{ required: true, whitespace: true, message: '请填写结束原因' }]}>
          <Input.TextArea rows={3} maxLength={500} placeholder="如：本年度试点工作已全部完成" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function BasicTab({ p, editable, onRefresh }: { p: Programme; editable: boolean; onRefresh: () => void }) {
  const [form] = Form.useForm<{ name: string; year: number; description?: string; reason?: string }>();
  const { save, errors, saving } = useProgrammeSave(p, onRefresh);
  const presets = useQuery({ queryKey: ['presets'], queryFn: () => api<PresetList>('/presets').then((r) => r.items), staleTime: Infinity });
  const preset = presets.data?.find((x) => x.code === p.presetCode);
  return (
    <Row gutter={[24, 16]}>
      <Col xs={24} xl={12}>
        <Descriptions
          bordered
          size="small"
          column={1}
          styles={{ label: { width: 112, whiteSpace: 'nowrap' } }}
          items={[
            { key: 'n', label: '方案名称', children: p.name },
            { key: 'k', label: '类型', children: <DictTag dict="programmeKinds" value={p.kind} /> },
            { key: 'a', label: '所属科协', children: p.associationName },
            { key: 'y', label: '年度', children: `${p.year} 年` },
            { key: 's', label: '状态', children: <DictTag dict="programmeStatuses" value={p.status} /> },
            { key: 'p', label: '所依据的政策文件', children: preset ? `${preset.title}（${preset.region}）` : '—' },
            { key: 'pub', label: '发布时间', children: fmtDateTime(p.publishedAt) },
            { key: 'c', label: '创建时间', children: fmtDateTime(p.createdAt) },
            { key: 'u', label: '最后修改', children: fmtDateTime(p.updatedAt) },
          ]}
        />
      </Col>
      {editable ? (
        <Col xs={24} xl={12}>
          <Form
            form={form}
            name="programmeBasic"
            layout="vertical"
            initialValues={{ name: p.name, year: p.year, description: p.description ?? '' }}
            onFinish={(v) => save({ name: v.name.trim(), year: v.year, description: v.description?.trim() || null }, v.reason, form)}
            aria-label="基本信息"
          >
            <FormErrorList errors={errors} />
            <Form.Item label="方案名称" name="name" rules={[{ required: true, whitespace: true, message: '请输入方案名称' }, { min: 4, message: '名称至少 4 个字' }]}>
              <Input maxLength={100} />
            </Form.Item>
            <Form.Item label="年度" name="year" rules={[{ required: true, message: '请输入年度' }]} extra="修改年度不会自动调整阶段日期，请在“阶段”中一并修改">
              <InputNumber min={2015} max={2100} precision={0} style={{ width: '100%' }} suffix="年" />
            </Form.Item>
            <Form.Item label="方案说明" name="description">
              <Input.TextArea rows={4} maxLength={2000} showCount />
            </Form.Item>
            <SaveBar published={p.status === 'published'} saving={saving} />
          </Form>
        </Col>
      ) : p.description ? (
        <Col xs={24} xl={12}>
          <Typography.Title level={5} style={{ marginTop: 0 }}>
            方案说明
          </Typography.Title>
          <Typography.Paragraph>{p.description}</Typography.Paragraph>
        </Col>
      ) : null}
    </Row>
  );
}
