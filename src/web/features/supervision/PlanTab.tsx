// SUP-1 实施方案 on the project page: the society submits its implementation plan (goals,
// organisation and duties, working mode, mechanisms, safeguards) to the commissioning department,
// which approves it or returns it with comments; the society revises; every version stays readable.
import { CheckOutlined, EditOutlined, RollbackOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Descriptions, Empty, Form, Input, Select, Skeleton, Space, Typography } from 'antd';
import { useState } from 'react';
import { api } from '../../shared/api';
import { QueryError } from '../../shared/errors';
import { fmtDateTime } from '../../shared/format';
import type { PilotProject } from '../../../contract/selection';
import type { ImplementationPlan, ImplementationPlanList, PlanContent } from '../../../contract/implementation';
import { evidenceIds, type EvidenceFile } from '../selection/EvidenceUpload';
import { DecisionFields, FilesField, FormModal, Files, Status, Text, implKey, required, useProjectRefresh, type DecisionValues } from './ImplementationShared';

const parts: { key: keyof PlanContent; label: string; hint: string }[] = [
  { key: 'goals', label: '工作目标', hint: '承接事项要达到的目标和预期成果' },
  { key: 'organisation', label: '组织结构及分工职责', hint: '项目组组成、负责人和各方分工' },
  { key: 'workingMode', label: '工作模式', hint: '开展工作的方式、流程和方法' },
  { key: 'mechanisms', label: '工作机制', hint: '例会、报告、质量控制、专家回避等机制' },
  { key: 'safeguards', label: '保障措施', hint: '人员、经费、制度等保障' },
];

export function PlanTab({ project }: { project: PilotProject }) {
  const q = useQuery({ queryKey: implKey(project.id, 'plans'), queryFn: ({ signal }) => api<ImplementationPlanList>(`/projects/${project.id}/implementation-plans`, { signal }) });
  const refresh = useProjectRefresh(project.id);
  const [chosen, setChosen] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);
  if (q.isLoading) return <Card><Skeleton active /></Card>;
  if (q.isError || !q.data) return <Card><QueryError error={q.error} onRetry={() => q.refetch()} /></Card>;
  const d = q.data;
  const latest = d.items[0];
  const current = d.items.find((x) => x.id === chosen) ?? latest;
  const pending = d.items.find((x) => x.id === d.pendingId);
  const canSubmit = d.actions.includes('submit');
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <NextStep list={d} latest={latest} pending={pending} project={project} onSubmit={() => setSubmitting(true)} onShow={(id) => setChosen(id)} />
      {!latest && canSubmit ? null : !latest ? (
        <Card>
          <Empty description={d.myParty === 'society' ? '尚未提交实施方案' : `${project.societyName}尚未提交实施方案`} />
        </Card>
      ) : (
        <Card
          title={
            <Space wrap>
              <span>实施方案（第 {current.version} 版）</span>
              <Status status={current.status} label={current.statusLabel} />
              {current.id === d.inForceId ? <Typography.Text type="success">现行版本</Typography.Text> : null}
            </Space>
          }
          extra={
            d.items.length > 1 ? (
              <Select
                style={{ width: 360, maxWidth: '100%' }}
                value={current.id}
                onChange={setChosen}
                aria-label="选择实施方案版本"
                options={d.items.map((v) => ({ value: v.id, label: `第 ${v.version} 版 · ${v.statusLabel} · ${fmtDateTime(v.submittedAt)}` }))}
              />
            ) : null
          }
        >
          <PlanView plan={current} onChanged={refresh} />
        </Card>
      )}
      {submitting ? <SubmitModal project={project} latest={latest} onClose={() => setSubmitting(false)} onDone={refresh} /> : null}
      {canSubmit && latest?.status === 'approved' ? (
        <Typography.Text type="secondary">
          如需调整已通过的实施方案，可
          <Button type="link" size="small" onClick={() => setSubmitting(true)}>
            提交修订版本
          </Button>
          ，经委托单位审查通过后替代现行版本。
        </Typography.Text>
      ) : null}
    </Space>
  );
}

/** What the reading party should do next, in one line with the button. */
function NextStep({ list, latest, pending, project, onSubmit, onShow }: { list: ImplementationPlanList; latest?: ImplementationPlan; pending?: ImplementationPlan; project: PilotProject; onSubmit: () => void; onShow: (id: string) => void }) {
  const canSubmit = list.actions.includes('submit');
  if (canSubmit && !latest) {
    return (
      <Alert
        type="info"
        showIcon
        title="下一步：提交实施方案"
        description="三方任务书已生效。请按任务书编制实施方案（工作目标、组织结构及分工职责、工作模式、工作机制、保障措施），报委托单位审查。"
        action={<Button type="primary" icon={<EditOutlined />} onClick={onSubmit}>提交实施方案</Button>}
      />
    );
  }
  if (canSubmit && latest?.status === 'returned') {
    return (
      <Alert
        type="warning"
        showIcon
        title={`第 ${latest.version} 版实施方案已被退回修改`}
        description={
          <>
            <div>委托单位意见：{latest.decisionComment ?? '—'}</div>
            <div>请根据意见修改后重新提交，上一版保留备查。</div>
          </>
        }
        action={<Button type="primary" icon={<EditOutlined />} onClick={onSubmit}>提交修改稿</Button>}
      />
    );
  }
  if (pending && pending.actions.length) {
    return (
      <Alert
        type="warning"
        showIcon
        title={`待审查：第 ${pending.version} 版实施方案`}
        description={`${project.societyName}于 ${fmtDateTime(pending.submittedAt)} 提交，请审查后通过或填写意见退回修改。`}
        action={list.items.length > 1 ? <Button onClick={() => onShow(pending.id)}>查看待审查版本</Button> : undefined}
      />
    );
  }
  if (pending) return <Alert type="info" showIcon title={`第 ${pending.version} 版实施方案待委托单位审查`} />;
  if (!latest) return project.status === 'implementing' ? <Alert type="info" showIcon title="等待承接单位提交实施方案" /> : null;
  return null;
}

function PlanView({ plan, onChanged }: { plan: ImplementationPlan; onChanged: () => void }) {
  const [deciding, setDeciding] = useState<'approve' | 'return' | null>(null);
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      {plan.actions.length ? (
        <Space wrap>
          <Button type="primary" icon={<CheckOutlined />} onClick={() => setDeciding('approve')}>
            审查通过
          </Button>
          <Button icon={<RollbackOutlined />} onClick={() => setDeciding('return')}>
            退回修改
          </Button>
        </Space>
      ) : null}
      {plan.decidedAt ? (
        <Alert
          type={plan.status === 'returned' ? 'warning' : 'success'}
          showIcon
          title={`${plan.status === 'returned' ? '退回修改' : '审查通过'}（${plan.decidedByName ?? ''}，${fmtDateTime(plan.decidedAt)}）`}
          description={plan.decisionComment ? `意见：${plan.decisionComment}` : undefined}
        />
      ) : null}
      <Descriptions
        bordered
        size="small"
        column={1}
        styles={{ label: { width: 170, whiteSpace: 'nowrap' } }}
        items={[
          ...parts.map((p) => ({ key: p.key, label: p.label, children: <Text value={plan.content[p.key]} /> })),
          ...(plan.revisionNote ? [{ key: 'note', label: '修改说明', children: <Text value={plan.revisionNote} /> }] : []),
          { key: 'files', label: '附件', children: <Files files={plan.attachments} /> },
          { key: 'by', label: '提交', children: `${plan.submittedByName ?? '—'} · ${fmtDateTime(plan.submittedAt)}` },
        ]}
      />
      {deciding ? <DecideModal plan={plan} initial={deciding} onClose={() => setDeciding(null)} onDone={onChanged} /> : null}
    </Space>
  );
}

function SubmitModal({ project, latest, onClose, onDone }: { project: PilotProject; latest?: ImplementationPlan; onClose: () => void; onDone: () => void }) {
  type V = PlanContent & { revisionNote?: string; files: EvidenceFile[] };
  const revision = !!latest;
  return (
    <FormModal<V>
      title={revision ? `提交实施方案（第 ${latest.version + 1} 版）` : '提交实施方案'}
      okText="提交审查"
      width={760}
      intro={revision ? '已按上一版内容预先填写，请修改后提交。提交后由委托单位审查，审查期间不能再提交新版本。' : '提交后由委托单位审查，审查期间不能再提交新版本。'}
      initialValues={{ ...(latest?.content ?? {}), files: [] }}
      request={(v) => ({
        path: `/projects/${project.id}/implementation-plans`,
        body: { content: { goals: v.goals, organisation: v.organisation, workingMode: v.workingMode, mechanisms: v.mechanisms, safeguards: v.safeguards }, revisionNote: v.revisionNote?.trim() || null, attachmentIds: evidenceIds(v.files ?? []) },
      })}
      mapPath={(p) => (p[0] === 'content' ? p.slice(1) : p[0] === 'attachmentIds' ? ['files'] : p)}
      success="实施方案已提交，已通知委托单位审查"
      onClose={onClose}
      onDone={onDone}
    >
      {() => (
        <>
          {parts.map((p) => (
            <Form.Item key={p.key} name={p.key} label={p.label} extra={p.hint} rules={[...required(p.label), { max: 4000, message: `${p.label}不能超过 4000 个字` }]}>
              <Input.TextArea rows={3} maxLength={4000} showCount />
            </Form.Item>
          ))}
          {revision ? (
            <Form.Item name="revisionNote" label="修改说明" rules={[{ max: 2000, message: '修改说明不能超过 2000 个字' }]}>
              <Input.TextArea rows={2} maxLength={2000} placeholder="说明本版相对上一版修改了哪些内容" />
            </Form.Item>
          ) : null}
          <Form.Item name="files" label="附件（选填）">
            <FilesField />
          </Form.Item>
        </>
      )}
    </FormModal>
  );
}

function DecideModal({ plan, initial, onClose, onDone }: { plan: ImplementationPlan; initial: 'approve' | 'return'; onClose: () => void; onDone: () => void }) {
  return (
    <FormModal<DecisionValues>
      title={`审查实施方案（第 ${plan.version} 版）`}
      okText="提交审查意见"
      initialValues={{ decision: initial }}
      request={(v) => ({ path: `/implementation-plans/${plan.id}/decision`, body: { rowVersion: plan.rowVersion, decision: v.decision, comment: v.comment?.trim() || null } })}
      success="审查意见已提交，已通知承接单位"
      onClose={onClose}
      onDone={onDone}
    >
      {(form) => <DecisionFields form={form} what="审查" approveLabel="通过" returnLabel="退回修改" />}
    </FormModal>
  );
}
