// EVA-1, EVA-3 结项考核 on the project page: the society reports completion — its summary report, the
// value reached for every KPI of the task book in force with its evidence, its self-evaluation where
// the programme asks for it — and the assessors the programme names decide in turn: 通过, 有条件通过,
// 不通过 or 退回修改. The most severe verdict is the result; the project becomes 已完成 or 结项考核未通过.
import { CheckCircleTwoTone, ClockCircleOutlined, CloseCircleTwoTone, ExclamationCircleTwoTone, MinusCircleOutlined, RollbackOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Descriptions, Drawer, Empty, Form, Input, InputNumber, Modal, Radio, Skeleton, Space, Steps, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { api } from '../../shared/api';
import { FormErrorList, QueryError, useErrorReporter } from '../../shared/errors';
import { fmtDateTime, fmtQuantity } from '../../shared/format';
import type { FieldError } from '../../../contract/common';
import type { Completion, CompletionList } from '../../../contract/evaluation';
import { AttachmentList, EvidenceUpload, evidenceIds, type EvidenceFile } from '../selection/EvidenceUpload';
import { Para, WithdrawButton } from '../supervision/ApprovalChainParts';

const statusColors: Record<string, string> = { assessing: 'processing', returned: 'orange', withdrawn: 'default', passed: 'green', passedWithConditions: 'gold', failed: 'red' };
const decisionColors: Record<string, string> = { passed: 'green', passedWithConditions: 'gold', failed: 'red', returned: 'orange' };

export function CompletionTab({ project }: { project: { id: string } }) {
  const qc = useQueryClient();
  const key = ['completions', project.id];
  const q = useQuery({ queryKey: key, queryFn: ({ signal }) => api<CompletionList>(`/projects/${project.id}/completions`, { signal }) });
  const [reporting, setReporting] = useState(false);
  const refresh = () => {
    void qc.invalidateQueries({ queryKey: key });
    void qc.invalidateQueries({ queryKey: ['projects', project.id] });
    void qc.invalidateQueries({ queryKey: ['todos/counts'] });
  };
  if (q.isLoading) return <Card><Skeleton active /></Card>;
  if (q.isError || !q.data) return <Card><QueryError error={q.error} onRetry={() => q.refetch()} /></Card>;
  const d = q.data;
  const canReport = d.actions.includes('report');
  const open = d.items.some((c) => c.status === 'assessing');
  const done = d.items.some((c) => c.result !== null);
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Card
        title="结项考核"
        extra={
          canReport ? (
            <Button type="primary" onClick={() => setReporting(true)}>
              {d.items.length ? '重新报告结项' : '报告结项'}
            </Button>
          ) : null
        }
      >
        <Space orientation="vertical" size={4}>
          <Typography.Text>承接学会完成任务后报告结项：提交项目总结报告，逐项填报任务书量化考核指标的实际完成值和佐证{d.selfEvaluationRequired ? '，并进行绩效自评' : ''}。</Typography.Text>
          <Typography.Text type="secondary">考核顺序：{d.assessors.map((a) => a.assessorLabel).join(' → ')}；各方结论中最严格的一项为考核结果。</Typography.Text>
          {!canReport && d.reportRefusal && !open && !done ? <Typography.Text type="secondary">暂不能报告结项：{d.reportRefusal}</Typography.Text> : null}
        </Space>
      </Card>
      {!d.items.length ? (
        <Card>
          <Empty description="尚未报告结项" />
        </Card>
      ) : (
        d.items.map((c) => <CompletionCard key={c.id} c={c} onChanged={refresh} />)
      )}
      {reporting ? <ReportDrawer projectId={project.id} list={d} previous={d.items[0]} onClose={() => setReporting(false)} onDone={refresh} /> : null}
    </Space>
  );
}

function CompletionCard({ c, onChanged }: { c: Completion; onChanged: () => void }) {
  const [assessing, setAssessing] = useState(false);
  return (
    <Card
      title={
        <Space wrap>
          <span>第 {c.round} 次结项报告</span>
          <Tag color={statusColors[c.status] ?? 'default'}>{c.statusLabel}</Tag>
        </Space>
      }
      extra={
        <Space wrap>
          {c.actions.includes('assess') ? (
            <Button type="primary" onClick={() => setAssessing(true)}>
              考核
            </Button>
          ) : null}
          {c.actions.includes('withdraw') ? <WithdrawButton path={`/completions/${c.id}/withdraw`} rowVersion={c.rowVersion} what="结项报告" onDone={onChanged} /> : null}
        </Space>
      }
    >
      <Space orientation="vertical" size={16} style={{ width: '100%' }}>
        <AssessSteps c={c} />
        <Descriptions
          size="small"
          bordered
          column={{ xs: 1, md: 2 }}
          styles={{ label: { width: 120, whiteSpace: 'nowrap' } }}
          items={[
            { key: 's', label: '项目总结报告', children: <Para text={c.summary} />, span: 'filled' },
            ...(c.selfEvaluation ? [{ key: 'se', label: '绩效自评', children: <Para text={c.selfEvaluation} />, span: 'filled' as const }] : []),
            ...(c.attachments.length ? [{ key: 'a', label: '附件', children: <AttachmentList files={c.attachments} />, span: 'filled' as const }] : []),
            { key: 'w', label: '报告', children: `${c.submittedByName ?? ''} · ${fmtDateTime(c.submittedAt)}` },
            { key: 'c', label: c.status === 'assessing' ? '考核' : '办结', children: c.closedAt ? fmtDateTime(c.closedAt) : '考核中' },
          ]}
        />
        {c.kpis.length ? <KpiTable c={c} /> : null}
      </Space>
      {assessing ? <AssessModal c={c} onClose={() => setAssessing(false)} onDone={onChanged} /> : null}
    </Card>
  );
}

function AssessSteps({ c }: { c: Completion }) {
  const byStep = new Map(c.assessments.map((a) => [a.step, a]));
  return (
    <Steps
      size="small"
      items={c.steps.map((s) => {
        const a = byStep.get(s.step);
        const icon = !a ? (
          s.state === 'skipped' ? <MinusCircleOutlined /> : <ClockCircleOutlined />
        ) : a.decision === 'failed' ? (
          <CloseCircleTwoTone twoToneColor="#ff4d4f" />
        ) : a.decision === 'returned' ? (
          <RollbackOutlined style={{ color: '#fa8c16' }} />
        ) : a.decision === 'passedWithConditions' ? (
          <ExclamationCircleTwoTone twoToneColor="#faad14" />
        ) : (
          <CheckCircleTwoTone twoToneColor="#52c41a" />
        );
        return {
          title: s.assessorLabel,
          status: a ? (a.decision === 'failed' ? 'error' : 'finish') : s.state === 'pending' ? 'process' : 'wait',
          icon,
          content: a ? (
            <Space orientation="vertical" size={0}>
              <Typography.Text>
                <Tag color={decisionColors[a.decision]}>{a.decisionLabel}</Tag>
                {a.orgName}
              </Typography.Text>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {a.userName} · {fmtDateTime(a.at)}
              </Typography.Text>
              {a.opinion ? (
                <Typography.Text type="secondary" style={{ fontSize: 12, whiteSpace: 'pre-wrap' }}>
                  意见：{a.opinion}
                </Typography.Text>
              ) : null}
            </Space>
          ) : (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {s.state === 'pending' ? `待${s.assessorLabel}考核` : s.state === 'skipped' ? '不再考核' : '尚未到达'}
            </Typography.Text>
          ),
        };
      })}
    />
  );
}

function KpiTable({ c }: { c: Completion }) {
  return (
    <Table
      size="small"
      rowKey="name"
      pagination={false}
      dataSource={c.kpis}
      scroll={{ x: 720 }}
      title={() => <Typography.Text strong>量化考核指标完成情况</Typography.Text>}
      columns={[
        { title: '指标', dataIndex: 'name', width: 200 },
        { title: '目标值', dataIndex: 'target', width: 110, align: 'right', render: (v: number, r) => `${fmtQuantity(v)} ${r.unit}` },
        { title: '实际完成', dataIndex: 'actual', width: 110, align: 'right', render: (v: number, r) => `${fmtQuantity(v)} ${r.unit}` },
        { title: '完成率', dataIndex: 'achievementPercent', width: 90, align: 'right', render: (v: number) => <Typography.Text type={v < 100 ? 'danger' : undefined}>{v}%</Typography.Text> },
        { title: '完成情况说明或佐证', dataIndex: 'evidence', render: (v: string) => <Para text={v} /> },
      ]}
    />
  );
}

interface ReportValues {
  summary: string;
  selfEvaluation?: string;
  kpis: { actual: number | null; evidence: string }[];
}

function ReportDrawer({ projectId, list, previous, onClose, onDone }: { projectId: string; list: CompletionList; previous?: Completion; onClose: () => void; onDone: () => void }) {
  const { message } = App.useApp();
  const report = useErrorReporter();
  const [form] = Form.useForm<ReportValues>();
  const [files, setFiles] = useState<EvidenceFile[]>([]);
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [busy, setBusy] = useState(false);
  // a returned round is the starting point of the next one
  const from = previous && previous.status === 'returned' ? previous : undefined;
  const initial: ReportValues = {
    summary: from?.summary ?? '',
    selfEvaluation: from?.selfEvaluation ?? undefined,
    kpis: list.kpis.map((k, i) => ({ actual: from?.kpis[i]?.name === k.name ? from.kpis[i].actual : null, evidence: from?.kpis[i]?.name === k.name ? from.kpis[i].evidence : '' })),
  };
  const returnedBy = from?.assessments.find((a) => a.decision === 'returned');
  const submit = async (v: ReportValues) => {
    setBusy(true);
    try {
      await api(`/projects/${projectId}/completions`, {
        method: 'POST',
        body: { summary: v.summary, selfEvaluation: v.selfEvaluation?.trim() || null, kpis: (v.kpis ?? []).map((k) => ({ actual: k.actual, evidence: k.evidence })), attachmentIds: evidenceIds(files) },
      });
      message.success(`结项报告已提交，待${list.assessors[0]?.assessorLabel ?? ''}考核`);
      onClose();
      onDone();
    } catch (e) {
      setErrors(report(e, { form, action: '提交' }));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Drawer
      open
      size={720}
      title="报告结项"
      onClose={onClose}
      extra={
        <Space>
          <Button onClick={onClose}>取消</Button>
          <Button type="primary" loading={busy} onClick={() => form.submit()} disabled={files.some((f) => f.status === 'uploading')}>
            提交
          </Button>
        </Space>
      }
    >
      {returnedBy ? <Alert type="warning" showIcon style={{ marginBottom: 16 }} title={`上次报告被${returnedBy.orgName}退回：${returnedBy.opinion}`} /> : null}
      <FormErrorList errors={errors} />
      <Form form={form} layout="vertical" initialValues={initial} onFinish={(v) => void submit(v)}>
        <Form.Item name="summary" label="项目总结报告" rules={[{ required: true, whitespace: true, message: '请填写项目总结报告' }]} extra="任务完成情况、取得的成效、经费使用、存在的问题和经验做法">
          <Input.TextArea rows={8} maxLength={8000} showCount />
        </Form.Item>
        {list.kpis.length ? (
          <Form.Item label="量化考核指标完成情况" required>
            <Form.List name="kpis">
              {(fields) =>
                fields.map((f, i) => {
                  const k = list.kpis[i];
                  return (
                    <Card key={f.key} size="small" style={{ marginBottom: 8 }} title={`${k.name}（目标 ${fmtQuantity(k.target)} ${k.unit}）`}>
                      <Form.Item name={[f.name, 'actual']} label={`实际完成（${k.unit}）`} rules={[{ required: true, message: '请填写实际完成值' }]}>
                        <InputNumber min={0} style={{ width: 200 }} />
                      </Form.Item>
                      <Form.Item name={[f.name, 'evidence']} label="完成情况说明或佐证" rules={[{ required: true, whitespace: true, message: '请填写完成情况说明或佐证' }]} style={{ marginBottom: 0 }}>
                        <Input.TextArea rows={2} maxLength={500} showCount />
                      </Form.Item>
                    </Card>
                  );
                })
              }
            </Form.List>
          </Form.Item>
        ) : null}
        <Form.Item
          name="selfEvaluation"
          label={list.selfEvaluationRequired ? '绩效自评' : '绩效自评（选填）'}
          rules={list.selfEvaluationRequired ? [{ required: true, whitespace: true, message: '本方案要求学会进行绩效自评，请填写' }] : []}
        >
          <Input.TextArea rows={5} maxLength={8000} showCount />
        </Form.Item>
        <Form.Item label="附件（总结报告、佐证材料）">
          <EvidenceUpload value={files} onChange={setFiles} />
        </Form.Item>
      </Form>
    </Drawer>
  );
}

function AssessModal({ c, onClose, onDone }: { c: Completion; onClose: () => void; onDone: () => void }) {
  const { message } = App.useApp();
  const report = useErrorReporter();
  const [form] = Form.useForm<{ decision: string; opinion?: string }>();
  const decision = Form.useWatch('decision', form);
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [busy, setBusy] = useState(false);
  const pending = c.steps.find((s) => s.state === 'pending');
  const last = pending ? pending.step === c.steps.length - 1 : false;
  const submit = async () => {
    const v = await form.validateFields();
    setBusy(true);
    try {
      const r = await api<Completion>(`/completions/${c.id}/assessments`, { method: 'POST', body: { decision: v.decision, opinion: v.opinion?.trim() || null, rowVersion: c.rowVersion } });
      message.success(r.status === 'assessing' ? '已提交考核意见，待下一步考核' : r.status === 'returned' ? '已退回承接学会修改' : `考核结束：${r.statusLabel}`);
      onClose();
      onDone();
    } catch (e) {
      setErrors(report(e, { form, action: '提交考核意见', onRefresh: () => { onClose(); onDone(); } }));
    } finally {
      setBusy(false);
    }
  };
  const opinionLabel = decision === 'returned' ? '退回的原因' : decision === 'failed' ? '不通过的理由' : decision === 'passedWithConditions' ? '须满足的条件' : '考核意见（选填）';
  return (
    <Modal open title={`结项考核（${pending?.assessorLabel ?? ''}）`} okText="提交" cancelText="取消" okButtonProps={{ loading: busy }} onOk={() => void submit().catch(() => undefined)} onCancel={onClose}>
      {last ? <Typography.Paragraph type="secondary">这是最后一步考核：提交后以各方结论中最严格的一项为考核结果，项目随之结项。</Typography.Paragraph> : null}
      <FormErrorList errors={errors} />
      <Form form={form} layout="vertical">
        <Form.Item name="decision" label="考核结论" rules={[{ required: true, message: '请选择考核结论' }]}>
          <Radio.Group
            options={[
              { value: 'passed', label: '通过' },
              { value: 'passedWithConditions', label: '有条件通过' },
              { value: 'failed', label: '不通过' },
              { value: 'returned', label: '退回修改' },
            ]}
          />
        </Form.Item>
        <Form.Item name="opinion" label={opinionLabel} rules={decision && decision !== 'passed' ? [{ required: true, whitespace: true, message: `请填写${opinionLabel}` }] : []}>
          <Input.TextArea rows={4} maxLength={2000} showCount />
        </Form.Item>
      </Form>
    </Modal>
  );
}
