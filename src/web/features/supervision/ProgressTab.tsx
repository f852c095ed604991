// SUP-2 进度与节点 on the project page: the milestones of the task book in force (关键节点控制),
// overdue ones marked; the society files progress reports against them (or in general) with
// evidence; the department or the association acknowledges each report; the coordinating
// association publishes acknowledged reports on the public portal and may withdraw them (PUB-1).
import { CheckOutlined, EyeInvisibleOutlined, FileAddOutlined, GlobalOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Checkbox, Descriptions, Empty, Form, Input, Select, Skeleton, Space, Table, Tag, Typography } from 'antd';
import type { FormInstance, TableColumnsType } from 'antd';
import { useState } from 'react';
import { api } from '../../shared/api';
import { QueryError } from '../../shared/errors';
import { fmtDate, fmtDateTime } from '../../shared/format';
import type { PilotProject } from '../../../contract/selection';
import type { Milestone, MilestoneList, ProgressReport, ProgressReportList } from '../../../contract/implementation';
import { evidenceIds, type EvidenceFile } from '../selection/EvidenceUpload';
import { FilesField, FormModal, Files, Status, Text, implKey, required, useProjectRefresh } from './ImplementationShared';

export function ProgressTab({ project }: { project: PilotProject }) {
  const ms = useQuery({ queryKey: implKey(project.id, 'milestones'), queryFn: ({ signal }) => api<MilestoneList>(`/projects/${project.id}/milestones`, { signal }) });
  const rs = useQuery({ queryKey: implKey(project.id, 'progress-reports'), queryFn: ({ signal }) => api<ProgressReportList>(`/projects/${project.id}/progress-reports`, { signal }) });
  const refresh = useProjectRefresh(project.id);
  const [reporting, setReporting] = useState<{ milestoneId: string | null } | null>(null);
  const [acking, setAcking] = useState<ProgressReport | null>(null);
  const [publishing, setPublishing] = useState<ProgressReport | null>(null);
  const [withdrawing, setWithdrawing] = useState<ProgressReport | null>(null);
  if (ms.isLoading || rs.isLoading) return <Card><Skeleton active /></Card>;
  if (ms.isError || !ms.data) return <Card><QueryError error={ms.error} onRetry={() => ms.refetch()} /></Card>;
  if (rs.isError || !rs.data) return <Card><QueryError error={rs.error} onRetry={() => rs.refetch()} /></Card>;
  const milestones = ms.data.items;
  const reports = rs.data.items;
  const canReport = rs.data.actions.includes('submit');
  const overdue = milestones.filter((m) => m.overdue);
  const toAck = reports.filter((r) => r.actions.includes('acknowledge'));
  const columns: TableColumnsType<Milestone> = [
    { title: '序号', width: 64, render: (_: unknown, _m, i) => i + 1 },
    { title: '关键节点', dataIndex: 'name', width: 220 },
    { title: '阶段成果', dataIndex: 'deliverable', width: 200, render: (v: string | null) => v ?? '—' },
    { title: '完成日期', dataIndex: 'dueOn', width: 120, render: (v: string) => fmtDate(v) },
    {
      title: '状态',
      dataIndex: 'status',
      width: 150,
      render: (_: string, m) => (
        <Space size={4} wrap>
          <Status status={m.status} label={m.statusLabel} />
          {m.overdue ? <Tag color="red">已逾期</Tag> : null}
        </Space>
      ),
    },
    { title: '进展报告', dataIndex: 'reportCount', width: 90, render: (v: number) => (v ? `${v} 份` : '—') },
    { title: '依据', dataIndex: 'taskBookVersion', width: 130, render: (v: number) => <span style={{ whiteSpace: 'nowrap' }}>任务书第 {v} 版</span> },
    ...(canReport
      ? [
          {
            title: '操作',
            key: 'op',
            width: 110,
            render: (_: unknown, m: Milestone) =>
              m.actions.includes('report') ? (
                <Button size="small" onClick={() => setReporting({ milestoneId: m.id })}>
                  报送进展
                </Button>
              ) : null,
          },
        ]
      : []),
  ];
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      {canReport && overdue.length ? (
        <Alert
          type="error"
          showIcon
          title={`${overdue.length} 个关键节点已逾期`}
          description={`${overdue.map((m) => `“${m.name}”（应于 ${fmtDate(m.dueOn)} 完成）`).join('、')}尚未报告完成，请尽快报送进展报告。`}
          action={<Button type="primary" danger onClick={() => setReporting({ milestoneId: overdue[0].id })}>报送进展</Button>}
        />
      ) : null}
      {!canReport && overdue.length ? <Alert type="error" showIcon title={`${overdue.length} 个关键节点已逾期未报告完成`} description={overdue.map((m) => `${m.name}（${fmtDate(m.dueOn)}）`).join('、')} /> : null}
      {toAck.length ? <Alert type="warning" showIcon title={`${toAck.length} 份进展报告待阅`} description="请阅读承接单位报送的进展报告，并确认已阅（可附意见）。" /> : null}
      <Card
        title="关键节点"
        extra={<Typography.Text type="secondary">来自已生效任务书的进度安排；任务书变更生效后自动调整，已完成的节点保留</Typography.Text>}
      >
        <Table<Milestone>
          rowKey="id"
          size="small"
          columns={columns}
          dataSource={milestones}
          pagination={false}
          scroll={{ x: 960 }}
          onRow={(m) => (m.status === 'cancelled' ? { style: { color: 'rgba(0,0,0,0.45)' } } : {})}
          locale={{ emptyText: project.status === 'established' ? '三方任务书签署生效后生成关键节点' : '任务书未安排关键节点' }}
        />
      </Card>
      <Card
        title="进展报告"
        extra={
          canReport ? (
            <Button type="primary" icon={<FileAddOutlined />} onClick={() => setReporting({ milestoneId: null })}>
              报送进展报告
            </Button>
          ) : null
        }
      >
        {!reports.length ? (
          <Empty description="暂无进展报告" />
        ) : (
          <Space orientation="vertical" size={12} style={{ width: '100%' }}>
            {reports.map((r) => (
              <ReportCard key={r.id} r={r} onAck={() => setAcking(r)} onPublish={() => setPublishing(r)} onWithdraw={() => setWithdrawing(r)} />
            ))}
          </Space>
        )}
      </Card>
      {reporting ? <ReportModal project={project} milestones={milestones} preset={reporting.milestoneId} onClose={() => setReporting(null)} onDone={refresh} /> : null}
      {acking ? <AckModal report={acking} onClose={() => setAcking(null)} onDone={refresh} /> : null}
      {publishing ? <PublishModal report={publishing} onClose={() => setPublishing(null)} onDone={refresh} /> : null}
      {withdrawing ? <WithdrawDisclosureModal report={withdrawing} onClose={() => setWithdrawing(null)} onDone={refresh} /> : null}
    </Space>
  );
}

const disclosureColors: Record<ProgressReport['disclosure'], string | undefined> = { internal: undefined, published: 'blue', withdrawn: 'default' };

function ReportCard({ r, onAck, onPublish, onWithdraw }: { r: ProgressReport; onAck: () => void; onPublish: () => void; onWithdraw: () => void }) {
  return (
    <Card
      type="inner"
      size="small"
      title={
        <Space wrap>
          <span>{r.title}</span>
          <Status status={r.status} label={r.statusLabel} />
          {r.completesMilestone ? <Tag color="green">报告节点完成</Tag> : null}
          {r.disclosure !== 'internal' ? <Tag color={disclosureColors[r.disclosure]}>{r.disclosure === 'published' ? '门户已公开' : r.disclosureLabel}</Tag> : null}
        </Space>
      }
      extra={
        <Space size={8} wrap>
          {r.actions.includes('acknowledge') ? (
            <Button type="primary" size="small" icon={<CheckOutlined />} onClick={onAck}>
              确认已阅
            </Button>
          ) : null}
          {r.actions.includes('publish') ? (
            <Button size="small" icon={<GlobalOutlined />} onClick={onPublish}>
              公开发布
            </Button>
          ) : null}
          {r.actions.includes('withdrawDisclosure') ? (
            <Button size="small" danger icon={<EyeInvisibleOutlined />} onClick={onWithdraw}>
              撤回公开
            </Button>
          ) : null}
        </Space>
      }
    >
      <Descriptions
        size="small"
        column={{ xs: 1, md: 2 }}
        styles={{ label: { width: 90, whiteSpace: 'nowrap' } }}
        items={[
          { key: 'm', label: '关键节点', children: r.milestoneName ?? '一般进展（不针对具体节点）' },
          { key: 't', label: '报送', children: `${r.submittedByName ?? '—'} · ${fmtDateTime(r.submittedAt)}` },
          { key: 'b', label: '进展情况', children: <Text value={r.body} />, span: 'filled' },
          { key: 'f', label: '附件', children: <Files files={r.attachments} />, span: 'filled' },
          ...(r.acknowledgedAt
            ? [{ key: 'a', label: '已阅', children: `${r.acknowledgedByOrgName ?? ''} · ${fmtDateTime(r.acknowledgedAt)}${r.acknowledgeComment ? `；意见：${r.acknowledgeComment}` : ''}`, span: 'filled' as const }]
            : []),
          ...(r.disclosure === 'published'
            ? [{ key: 'p', label: '门户公开', children: `于 ${fmtDateTime(r.publishedAt)} 公开；${r.publicSummary ? `公开摘要：${r.publicSummary}` : '公开内容为报告正文'}`, span: 'filled' as const }]
            : []),
          ...(r.disclosure === 'withdrawn' ? [{ key: 'w', label: '门户公开', children: `已于 ${fmtDateTime(r.withdrawnAt)} 撤回公开`, span: 'filled' as const }] : []),
        ]}
      />
    </Card>
  );
}

function ReportModal({ project, milestones, preset, onClose, onDone }: { project: PilotProject; milestones: Milestone[]; preset: string | null; onClose: () => void; onDone: () => void }) {
  type V = { milestoneId: string; completesMilestone?: boolean; title: string; body: string; files: EvidenceFile[] };
  const open = milestones.filter((m) => m.actions.includes('report'));
  const GENERAL = 'general';
  return (
    <FormModal<V>
      title="报送进展报告"
      okText="报送"
      width={720}
      intro="进展报告报送委托单位和协调单位。针对关键节点报告完成后，该节点即标记为已完成。"
      initialValues={{ milestoneId: preset ?? GENERAL, completesMilestone: false, files: [] }}
      request={(v) => ({
        path: `/projects/${project.id}/progress-reports`,
        body: {
          milestoneId: v.milestoneId === GENERAL ? null : v.milestoneId,
          completesMilestone: v.milestoneId !== GENERAL && !!v.completesMilestone,
          title: v.title,
          body: v.body,
          attachmentIds: evidenceIds(v.files ?? []),
        },
      })}
      mapPath={(p) => (p[0] === 'attachmentIds' ? ['files'] : p)}
      success="进展报告已报送"
      onClose={onClose}
      onDone={onDone}
    >
      {(form) => <ReportFields form={form} open={open} general={GENERAL} />}
    </FormModal>
  );
}

function ReportFields({ form, open, general }: { form: FormInstance; open: Milestone[]; general: string }) {
  const milestoneId = Form.useWatch('milestoneId', form) as string | undefined;
  return (
    <>
      <Form.Item name="milestoneId" label="关键节点" rules={[{ required: true, message: '请选择关键节点或一般进展' }]}>
        <Select options={[{ value: general, label: '一般进展（不针对具体节点）' }, ...open.map((m) => ({ value: m.id, label: `${m.name}（${fmtDate(m.dueOn)}${m.overdue ? '，已逾期' : ''}）` }))]} />
      </Form.Item>
      {milestoneId && milestoneId !== general ? (
        <Form.Item name="completesMilestone" valuePropName="checked">
          <Checkbox>该节点已完成（报送后节点标记为已完成）</Checkbox>
        </Form.Item>
      ) : null}
      <Form.Item name="title" label="报告标题" rules={[...required('报告标题'), { max: 120, message: '报告标题不能超过 120 个字' }]}>
        <Input maxLength={120} placeholder="如：第一季度工作进展" />
      </Form.Item>
      <Form.Item name="body" label="进展情况" rules={[...required('进展情况'), { max: 8000, message: '进展情况不能超过 8000 个字' }]}>
        <Input.TextArea rows={6} maxLength={8000} showCount />
      </Form.Item>
      <Form.Item name="files" label="附件（选填）">
        <FilesField />
      </Form.Item>
    </>
  );
}

function AckModal({ report, onClose, onDone }: { report: ProgressReport; onClose: () => void; onDone: () => void }) {
  return (
    <FormModal<{ comment?: string }>
      title="确认已阅进展报告"
      okText="确认已阅"
      intro={`“${report.title}”。可填写意见，意见将通知承接单位。`}
      request={(v) => ({ path: `/progress-reports/${report.id}/acknowledge`, body: { rowVersion: report.rowVersion, comment: v.comment?.trim() || null } })}
      success="已确认已阅"
      onClose={onClose}
      onDone={onDone}
    >
      {() => (
        <Form.Item name="comment" label="意见（选填）" rules={[{ max: 2000, message: '意见不能超过 2000 个字' }]}>
          <Input.TextArea rows={3} maxLength={2000} showCount />
        </Form.Item>
      )}
    </FormModal>
  );
}

/** PUB-1: the coordinating association publishes an acknowledged report on the public portal. */
function PublishModal({ report, onClose, onDone }: { report: ProgressReport; onClose: () => void; onDone: () => void }) {
  return (
    <FormModal<{ publicSummary?: string }>
      title="公开发布进展报告"
      okText="公开发布"
      width={680}
      intro={`“${report.title}”将在门户网站“项目进展”栏目公开，无需登录即可查看；附件不公开。填写公开摘要的，门户只显示摘要；不填写的，显示报告正文。`}
      initialValues={{ publicSummary: report.publicSummary ?? '' }}
      request={(v) => ({ path: `/progress-reports/${report.id}/publish`, body: { rowVersion: report.rowVersion, publicSummary: v.publicSummary?.trim() || null } })}
      success="进展报告已在门户网站公开"
      onClose={onClose}
      onDone={onDone}
    >
      {() => (
        <Form.Item name="publicSummary" label="公开摘要" extra="选填。请勿包含不宜公开的内容。" rules={[{ max: 2000, message: '公开摘要不能超过 2000 个字' }]}>
          <Input.TextArea rows={5} maxLength={2000} showCount placeholder="不填写则公开报告正文" />
        </Form.Item>
      )}
    </FormModal>
  );
}

/** PUB-1: withdrawing a report from the portal needs a reason (recorded in the audit log). */
function WithdrawDisclosureModal({ report, onClose, onDone }: { report: ProgressReport; onClose: () => void; onDone: () => void }) {
  return (
    <FormModal<{ reason: string }>
      title="撤回公开"
      okText="撤回公开"
      danger
      intro={`撤回后，“${report.title}”不再在门户网站显示；撤回理由记入操作日志，并通知承接单位。撤回后可再次公开发布。`}
      request={(v) => ({ path: `/progress-reports/${report.id}/withdraw-disclosure`, body: { rowVersion: report.rowVersion, reason: v.reason.trim() } })}
      success="已撤回公开"
      onClose={onClose}
      onDone={onDone}
    >
      {() => (
        <Form.Item name="reason" label="撤回理由" rules={[{ required: true, whitespace: true, message: '请填写撤回公开的原因' }, { max: 500, message: '原因不能超过 500 个字' }]}>
          <Input.TextArea rows={3} maxLength={500} showCount />
        </Form.Item>
      )}
    </FormModal>
  );
}
