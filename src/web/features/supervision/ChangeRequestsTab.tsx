// SUP-5 变更申请 on the project page: the society applies in writing — reason, the changes in
// words, and the proposed task book content edited from a copy of the version in force — and the
// programme's approvers decide in order. The last approval makes a new task book version that the
// three parties sign again; the version in force stays until then. Approvers see what changes.
import { DiffOutlined, PlusOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Collapse, Descriptions, Drawer, Empty, Form, Grid, Input, Skeleton, Space, Switch, Table, Tag, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { Link } from 'react-router';
import { api } from '../../shared/api';
import { useMe } from '../../shared/auth';
import { useDict } from '../../shared/dictionaries';
import { FormErrorList, QueryError, useErrorReporter } from '../../shared/errors';
import { fmtDate, fmtDateTime, fmtYuan } from '../../shared/format';
import type { FieldError } from '../../../contract/common';
import type { DictName } from '../../../contract/system';
import type { TaskBook, TaskBookContent, TaskBookPart } from '../../../contract/taskbooks';
import type { ChangeRequest, ChangeRequestItem, ChangeRequestList } from '../../../contract/approvals';
import { PartForm, partLabels } from '../taskbooks/TaskBookParts';
import { AttachmentList, EvidenceUpload, evidenceIds, type EvidenceFile } from '../selection/EvidenceUpload';
import { ChainSteps, DecisionButton, Para, StatusTag, StepsLine, WithdrawButton } from './ApprovalChainParts';

const PARTS: TaskBookPart[] = ['project', 'society', 'department', 'association'];

export function ChangeRequestsTab({ project }: { project: { id: string; societyId: string } }) {
  const qc = useQueryClient();
  const { data: me } = useMe();
  const key = ['change-requests', project.id];
  const q = useQuery({ queryKey: key, queryFn: ({ signal }) => api<ChangeRequestList>(`/projects/${project.id}/change-requests`, { signal }) });
  const [creating, setCreating] = useState(false);
  const refresh = () => {
    void qc.invalidateQueries({ queryKey: key });
    void qc.invalidateQueries({ queryKey: ['task-books', project.id] });
    void qc.invalidateQueries({ queryKey: ['todos/counts'] });
  };
  if (q.isLoading) return <Card><Skeleton active /></Card>;
  if (q.isError || !q.data) return <Card><QueryError error={q.error} onRetry={() => q.refetch()} /></Card>;
  const d = q.data;
  const isSociety = me?.orgId === project.societyId;
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Card
        title="任务书变更申请"
        extra={
          d.actions.includes('create') ? (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
              提出变更申请
            </Button>
          ) : null
        }
      >
        <Space orientation="vertical" size={4}>
          <Typography.Text>承接单位如需变更任务书，应以书面形式向委托单位和协调单位提出，经批准后形成新版本任务书，由三方重新签署；新版本签署前，现行版本继续有效。</Typography.Text>
          <StepsLine steps={d.steps} prefix="审批顺序：" />
          {isSociety && d.createRefusal ? <Typography.Text type="secondary">暂不能提出新的变更申请：{d.createRefusal}</Typography.Text> : null}
        </Space>
      </Card>
      {!d.items.length ? (
        <Card>
          <Empty description="暂无变更申请" />
        </Card>
      ) : (
        d.items.map((c) => <ChangeCard key={c.id} c={c} projectId={project.id} onChanged={refresh} />)
      )}
      {creating && d.baseTaskBookId ? <CreateDrawer projectId={project.id} baseTaskBookId={d.baseTaskBookId} onClose={() => setCreating(false)} onDone={refresh} /> : null}
    </Space>
  );
}

function ChangeCard({ c, projectId, onChanged }: { c: ChangeRequestItem; projectId: string; onChanged: () => void }) {
  const [showDiff, setShowDiff] = useState(false);
  return (
    <Card
      title={
        <Space wrap>
          <span>变更申请（基于第 {c.baseVersion ?? '—'} 版）</span>
          <StatusTag status={c.status} label={c.statusLabel} />
        </Space>
      }
      extra={
        <Space wrap>
          {c.hasProposedContent ? (
            <Button icon={<DiffOutlined />} onClick={() => setShowDiff((x) => !x)}>
              {showDiff ? '收起变更对照' : '查看变更对照'}
            </Button>
          ) : null}
          {c.actions.includes('decide') && c.position.kind === 'pending' ? (
            <DecisionButton
              path={`/change-requests/${c.id}/decisions`}
              step={c.position.step}
              what="变更申请"
              onDone={onChanged}
              approveHint={c.position.step === c.steps.length - 1 ? '这是最后一步审批：同意后将形成新版本任务书，须经三方重新签署后生效。' : undefined}
            />
          ) : null}
          {c.actions.includes('withdraw') ? <WithdrawButton path={`/change-requests/${c.id}/withdraw`} rowVersion={c.rowVersion} what="变更申请" onDone={onChanged} /> : null}
        </Space>
      }
    >
      <Space orientation="vertical" size={16} style={{ width: '100%' }}>
        <ChainSteps chain={c} first={{ title: '承接单位提出', description: fmtDateTime(c.submittedAt) }} />
        {c.newVersion ? (
          <Alert
            type={c.newVersion.status === 'signed' ? 'success' : 'info'}
            showIcon
            title={`已形成任务书第 ${c.newVersion.version} 版（${c.newVersion.statusLabel}）`}
            description={c.newVersion.status === 'signed' ? '新版本已经三方签署生效，原版本已被替代，各版本均可查阅。' : '新版本须经委托单位、承接单位、协调单位三方重新签署后生效；签署前现行版本继续有效。'}
            action={<Link to={`/app/projects/${projectId}?tab=taskbook`}>前往任务书</Link>}
          />
        ) : null}
        <Descriptions
          size="small"
          bordered
          column={1}
          styles={{ label: { width: 120, whiteSpace: 'nowrap' } }}
          items={[
            { key: 'r', label: '变更理由', children: <Para text={c.reason} /> },
            { key: 's', label: '变更内容说明', children: <Para text={c.changesSummary} /> },
            { key: 'p', label: '变更后任务书', children: c.hasProposedContent ? '已提交变更后的任务书内容' : '未提交（批准后以现行版本内容起草新版本）' },
            ...(c.attachments.length ? [{ key: 'a', label: '附件', children: <AttachmentList files={c.attachments} /> }] : []),
            { key: 'b', label: '提出', children: `${c.submittedByName ?? ''} · ${fmtDateTime(c.submittedAt)}` },
          ]}
        />
        {showDiff ? <ContentDiff changeRequestId={c.id} baseTaskBookId={c.baseTaskBookId} baseVersion={c.baseVersion} /> : null}
      </Space>
    </Card>
  );
}

// ---------------------------------------------------------------------------------------------
// What changes: the proposed content against the base version, field by field
// ---------------------------------------------------------------------------------------------

const tbLabels: Record<string, string> = {
  projectName: '项目名称',
  legalRepName: '法定代表人',
  legalRepMobile: '法定代表人手机',
  legalRepPhone: '法定代表人电话',
  legalRepEmail: '法定代表人电子邮箱',
  leaderName: '项目负责人',
  leaderPost: '项目负责人职务',
  leaderMobile: '项目负责人手机',
  leaderPhone: '项目负责人电话',
  leaderEmail: '项目负责人电子邮箱',
  leaderApproval: '项目负责人批准',
  selfRaisedFen: '自筹经费',
  division: '主管（分管）处室',
  headName: '负责人',
  contactName: '联系人',
  contactPhone: '联系人电话',
  contactMobile: '联系人手机',
  contactEmail: '联系人电子邮箱',
  cooperationMode: '合作方式',
  funding: '经费与政策支持',
  content: '试点项目内容',
  rightsAndDuties: '各方权利和义务',
  goals: '工作目标',
  keyTasks: '重点任务',
  qualityRequirements: '质量要求',
  fundsSource: '经费来源',
  kpis: '量化考核指标',
  schedule: '进度安排',
  members: '参与成员',
  supported: '经费支持',
  budgetFen: '预算额度',
  nature: '经费性质',
  natureOther: '其他性质说明',
  source: '经费来源',
  policySupport: '政策支持',
  body: '批准机构',
  decidedOn: '批准日期',
  reference: '会议或决议名称',
  name: '名称',
  target: '目标值',
  unit: '单位',
  dueOn: '完成日期',
  deliverable: '阶段成果',
  employer: '工作单位',
  title: '职务/职称',
  role: '分工',
};
const dictOf: Record<string, DictName> = { leaderPost: 'projectLeaderPosts', body: 'leaderApprovalBodies', cooperationMode: 'commissioningModes', nature: 'fundingNatures', source: 'fundingSources' };

type Obj = Record<string, unknown>;
const isEmpty = (v: unknown) => v === null || v === undefined || v === '' || (Array.isArray(v) && v.length === 0);
/** Key order and empty values do not count (the database reorders keys; forms send null for blanks). */
function canon(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(canon);
  if (v && typeof v === 'object') {
    return Object.fromEntries(
      Object.keys(v as Obj)
        .sort()
        .filter((k) => !isEmpty((v as Obj)[k]))
        .map((k) => [k, canon((v as Obj)[k])]),
    );
  }
  return v;
}
const same = (a: unknown, b: unknown) => (isEmpty(a) && isEmpty(b)) || JSON.stringify(canon(a)) === JSON.stringify(canon(b));

function useShow() {
  const { label } = useDict();
  const show = (key: string, v: unknown): string => {
    if (isEmpty(v)) return '—';
    if (typeof v === 'boolean') return v ? '有' : '无';
    if (typeof v === 'number') return key.endsWith('Fen') ? fmtYuan(v) : String(v);
    if (typeof v === 'string') return dictOf[key] ? label(dictOf[key], v) : v;
    if (Array.isArray(v)) {
      return v
        .map((row, i) => {
          const r = row as Obj;
          if (key === 'kpis') return `${i + 1}. ${r.name ?? ''}：${r.target ?? ''} ${r.unit ?? ''}`;
          if (key === 'schedule') return `${i + 1}. ${r.name ?? ''}（${typeof r.dueOn === 'string' ? fmtDate(r.dueOn) : ''}）${r.deliverable ? `：${r.deliverable as string}` : ''}`;
          if (key === 'members') return `${i + 1}. ${[r.name, r.employer, r.title, r.role].filter((x) => !isEmpty(x)).join('，')}`;
          // any other list: its fields by their Chinese names, as an object is shown below
          return `${i + 1}. ${row && typeof row === 'object' ? show('', row) : String(row)}`;
        })
        .join('\n');
    }
    if (typeof v === 'object') {
      return Object.entries(v as Obj)
        .filter(([, x]) => !isEmpty(x))
        .map(([k, x]) => `${tbLabels[k] ?? k}：${show(k, x)}`)
        .join('；');
    }
    return String(v);
  };
  return show;
}

interface DiffRow {
  key: string;
  field: string;
  before: string;
  after: string;
}

function diffContent(base: TaskBookContent, next: TaskBookContent, show: (k: string, v: unknown) => string): DiffRow[] {
  const rows: DiffRow[] = [];
  if (!same(base.projectName, next.projectName)) rows.push({ key: 'projectName', field: '项目名称', before: show('projectName', base.projectName), after: show('projectName', next.projectName) });
  for (const part of PARTS) {
    const a = (base[part] ?? {}) as Obj;
    const b = (next[part] ?? {}) as Obj;
    for (const k of [...new Set([...Object.keys(a), ...Object.keys(b)])]) {
      if (same(a[k], b[k])) continue;
      rows.push({ key: `${part}.${k}`, field: `${partLabels[part]} › ${tbLabels[k] ?? k}`, before: show(k, a[k]), after: show(k, b[k]) });
    }
  }
  return rows;
}

function ContentDiff({ changeRequestId, baseTaskBookId, baseVersion }: { changeRequestId: string; baseTaskBookId: string; baseVersion: number | null }) {
  const cr = useQuery({ queryKey: ['change-request', changeRequestId], queryFn: ({ signal }) => api<ChangeRequest>(`/change-requests/${changeRequestId}`, { signal }) });
  const base = useQuery({ queryKey: ['task-book', baseTaskBookId], queryFn: ({ signal }) => api<TaskBook>(`/task-books/${baseTaskBookId}`, { signal }) });
  const show = useShow();
  if (cr.isLoading || base.isLoading) return <Skeleton active />;
  if (cr.isError || base.isError || !cr.data || !base.data) return <QueryError compact error={cr.error ?? base.error} onRetry={() => void cr.refetch().then(() => base.refetch())} />;
  if (!cr.data.proposedContent) return null;
  const rows = diffContent(base.data.content, cr.data.proposedContent, show);
  return (
    <Table<DiffRow>
      size="small"
      rowKey="key"
      pagination={false}
      dataSource={rows}
      scroll={{ x: 760 }}
      locale={{ emptyText: '变更后的任务书内容与现行版本相同' }}
      title={() => <Typography.Text strong>变更对照（共 {rows.length} 处）</Typography.Text>}
      columns={[
        { title: '项目', dataIndex: 'field', width: 220 },
        { title: `现行第 ${baseVersion ?? '—'} 版`, dataIndex: 'before', render: (v: string) => <span style={{ whiteSpace: 'pre-wrap', color: 'rgba(0,0,0,0.55)' }}>{v}</span> },
        { title: '变更后', dataIndex: 'after', render: (v: string) => <span style={{ whiteSpace: 'pre-wrap' }}>{v}</span> },
      ]}
    />
  );
}

// ---------------------------------------------------------------------------------------------
// The application: reason, changes in words, and an edited copy of the version in force
// ---------------------------------------------------------------------------------------------

function CreateDrawer({ projectId, baseTaskBookId, onClose, onDone }: { projectId: string; baseTaskBookId: string; onClose: () => void; onDone: () => void }) {
  const { message } = App.useApp();
  const report = useErrorReporter();
  const screens = Grid.useBreakpoint();
  const [form] = Form.useForm<{ reason: string; changesSummary?: string }>();
  const [withContent, setWithContent] = useState(true);
  const [draft, setDraft] = useState<Partial<Record<TaskBookPart, Obj>>>({});
  const [files, setFiles] = useState<EvidenceFile[]>([]);
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [busy, setBusy] = useState(false);
  const base = useQuery({ queryKey: ['task-book', baseTaskBookId], queryFn: ({ signal }) => api<TaskBook>(`/task-books/${baseTaskBookId}`, { signal }) });
  // the copy the forms start from: stable, so that the forms keep what the user types
  const copy = useMemo(() => (base.data ? { content: structuredClone(base.data.content) } : null), [base.data]);
  const show = useShow();
  const proposed: TaskBookContent | null = copy ? ({ ...copy.content, ...draft } as TaskBookContent) : null;
  const changes = copy && proposed ? diffContent(copy.content, proposed, show) : [];

  const submit = async (v: { reason: string; changesSummary?: string }) => {
    setBusy(true);
    try {
      await api(`/projects/${projectId}/change-requests`, {
        method: 'POST',
        body: { baseTaskBookId, reason: v.reason, changesSummary: v.changesSummary?.trim() || null, proposedContent: withContent ? proposed : null, attachmentIds: evidenceIds(files) },
      });
      message.success('变更申请已提交，已通知第一步审批单位');
      onClose();
      onDone();
    } catch (e) {
      const fe = report(e, { form, action: '提交变更申请' });
      // name the task book fields in Chinese: body.proposedContent.project.kpis.0.target → 试点项目内容 › 量化考核指标 › 第 1 项 › 目标值
      setErrors(
        fe.map((x) => {
          const parts = x.path.replace(/^body\./, '').split('.');
          if (parts[0] !== 'proposedContent') return x;
          const named = parts.slice(1).map((p) => (/^\d+$/.test(p) ? `第 ${Number(p) + 1} 项` : (partLabels[p as TaskBookPart] ?? tbLabels[p] ?? p)));
          return { path: '', message: `变更后任务书 › ${named.join(' › ')}：${x.message}` };
        }),
      );
    } finally {
      setBusy(false);
    }
  };

  return (
    <Drawer
      open
      size={screens.lg ? 960 : '100%'}
      title="提出任务书变更申请"
      onClose={onClose}
      extra={
        <Space>
          <Button onClick={onClose}>取消</Button>
          <Button type="primary" loading={busy} onClick={() => form.submit()} disabled={files.some((f) => f.status === 'uploading') || (withContent && !proposed)}>
            提交变更申请
          </Button>
        </Space>
      }
    >
      <FormErrorList errors={errors} />
      <Form form={form} layout="vertical" onFinish={(v) => void submit(v)}>
        <Form.Item name="reason" label="变更理由" rules={[{ required: true, whitespace: true, message: '请填写变更理由' }]}>
          <Input.TextArea rows={4} maxLength={4000} showCount />
        </Form.Item>
        <Form.Item
          name="changesSummary"
          label="变更内容说明"
          extra="简要说明拟变更的内容；未提交变更后任务书内容时必须填写。"
          rules={[{ validator: (_, v: string | undefined) => (withContent || v?.trim() ? Promise.resolve() : Promise.reject(new Error('请填写变更内容说明或提交变更后的任务书内容'))) }]}
        >
          <Input.TextArea rows={3} maxLength={4000} showCount />
        </Form.Item>
        <Form.Item label="附件（书面申请、相关材料）">
          <EvidenceUpload value={files} onChange={setFiles} />
        </Form.Item>
      </Form>
      <Space align="center" style={{ marginBottom: 12 }}>
        <Switch checked={withContent} onChange={setWithContent} aria-label="提交变更后的任务书内容" />
        <Typography.Text strong>提交变更后的任务书内容</Typography.Text>
        {withContent ? <Tag color={changes.length ? 'blue' : 'default'}>{changes.length ? `已修改 ${changes.length} 处` : '尚未修改'}</Tag> : null}
      </Space>
      {withContent ? (
        base.isLoading || !copy ? (
          base.isError ? <QueryError compact error={base.error} onRetry={() => base.refetch()} /> : <Skeleton active />
        ) : (
          <>
            <Typography.Paragraph type="secondary">以下内容复制自现行第 {base.data?.version} 版任务书，请在副本上直接修改；现行版本不受影响。批准后以此内容起草新版本，三方重新签署后生效。</Typography.Paragraph>
            <Collapse
              defaultActiveKey={['project']}
              items={PARTS.map((part) => ({
                key: part,
                forceRender: true,
                label: (
                  <Space>
                    <strong>{partLabels[part]}</strong>
                    {changes.some((c) => c.key.startsWith(`${part}.`)) ? <Tag color="blue">已修改</Tag> : null}
                  </Space>
                ),
                children: <PartForm part={part} book={copy} editable saving={false} saveLabel={null} onSave={() => undefined} onValuesChange={(v) => setDraft((d) => ({ ...d, [part]: v }))} />,
              }))}
            />
          </>
        )
      ) : null}
    </Drawer>
  );
}
