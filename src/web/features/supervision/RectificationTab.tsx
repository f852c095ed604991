// SUP-7 整改 on the project page: the department or the association issues a rectification order
// with requirements and a deadline; the society reports its rectification with evidence; the
// issuer accepts it (销号) or returns it; the issuer may extend the deadline.
import { CheckOutlined, ClockCircleOutlined, FileTextOutlined, NotificationOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Descriptions, Empty, Form, Input, Skeleton, Space, Tag, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { api } from '../../shared/api';
import { QueryError } from '../../shared/errors';
import { dayjs, fmtDate, fmtDateTime, todayCst } from '../../shared/format';
import { DayPicker, dayRule } from '../../shared/DayPicker';
import type { PilotProject } from '../../../contract/selection';
import type { RectificationList, RectificationOrder } from '../../../contract/implementation';
import { evidenceIds, type EvidenceFile } from '../selection/EvidenceUpload';
import { DecisionFields, FilesField, FormModal, Files, Status, Text, dayOf, implKey, required, requiredPick, useProjectRefresh, type DecisionValues } from './ImplementationShared';

export function RectificationTab({ project }: { project: PilotProject }) {
  const q = useQuery({ queryKey: implKey(project.id, 'rectifications'), queryFn: ({ signal }) => api<RectificationList>(`/projects/${project.id}/rectifications`, { signal }) });
  const refresh = useProjectRefresh(project.id);
  const [issuing, setIssuing] = useState(false);
  if (q.isLoading) return <Card><Skeleton active /></Card>;
  if (q.isError || !q.data) return <Card><QueryError error={q.error} onRetry={() => q.refetch()} /></Card>;
  const d = q.data;
  const mine = d.items.filter((o) => o.actions.includes('respond'));
  const toCheck = d.items.filter((o) => o.actions.includes('accept'));
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      {mine.length ? (
        <Alert
          type={mine.some((o) => o.overdue) ? 'error' : 'warning'}
          showIcon
          title={`${mine.length} 项整改待报送整改报告`}
          description={mine.map((o) => `整改期限 ${fmtDate(o.deadline)}${o.overdue ? '（已逾期）' : ''}${o.status === 'returned' ? '，已退回重新整改' : ''}`).join('；')}
        />
      ) : null}
      {toCheck.length ? <Alert type="warning" showIcon title={`${toCheck.length} 份整改报告待验收`} description="请审核承接单位报送的整改报告：整改到位的验收销号，未到位的退回重新整改。" /> : null}
      <Card
        title="整改通知"
        extra={
          d.actions.includes('issue') ? (
            <Button type="primary" icon={<NotificationOutlined />} onClick={() => setIssuing(true)}>
              下达整改通知
            </Button>
          ) : null
        }
      >
        {!d.items.length ? (
          <Empty description="暂无整改通知" />
        ) : (
          <Space orientation="vertical" size={12} style={{ width: '100%' }}>
            {d.items.map((o) => (
              <OrderCard key={o.id} o={o} onChanged={refresh} />
            ))}
          </Space>
        )}
      </Card>
      {issuing ? <IssueRectificationModal project={project} onClose={() => setIssuing(false)} onDone={refresh} /> : null}
    </Space>
  );
}

function OrderCard({ o, onChanged }: { o: RectificationOrder; onChanged: () => void }) {
  const [modal, setModal] = useState<'respond' | 'decide' | 'extend' | null>(null);
  return (
    <Card
      type="inner"
      size="small"
      title={
        <Space wrap>
          <span>
            {o.issuerOrgName ?? o.issuerLabel}下达 · 期限 {fmtDate(o.deadline)}
          </span>
          <Status status={o.status} label={o.statusLabel} />
          {o.overdue ? <Tag color="red">已逾期</Tag> : null}
        </Space>
      }
      extra={
        <Space wrap>
          {o.actions.includes('respond') ? (
            <Button type="primary" size="small" icon={<FileTextOutlined />} onClick={() => setModal('respond')}>
              {o.status === 'returned' ? '重新报送整改报告' : '报送整改报告'}
            </Button>
          ) : null}
          {o.actions.includes('accept') ? (
            <Button type="primary" size="small" icon={<CheckOutlined />} onClick={() => setModal('decide')}>
              验收
            </Button>
          ) : null}
          {o.actions.includes('extend') ? (
            <Button size="small" icon={<ClockCircleOutlined />} onClick={() => setModal('extend')}>
              延长期限
            </Button>
          ) : null}
        </Space>
      }
    >
      <Descriptions
        size="small"
        column={{ xs: 1, md: 2 }}
        styles={{ label: { width: 100, whiteSpace: 'nowrap' } }}
        items={[
          { key: 'r', label: '整改要求', children: <Text value={o.requirements} />, span: 'filled' },
          { key: 'i', label: '下达', children: `${o.issuedByName ?? '—'} · ${fmtDateTime(o.issuedAt)}` },
          { key: 'src', label: '依据', children: o.inspectionId ? '专家组检查意见' : '—' },
          ...(o.attachments.length ? [{ key: 'f', label: '附件', children: <Files files={o.attachments} />, span: 'filled' as const }] : []),
          ...(o.response
            ? [
                { key: 'resp', label: '整改情况', children: <Text value={o.response} />, span: 'filled' as const },
                { key: 'rf', label: '整改材料', children: <Files files={o.responseAttachments} />, span: 'filled' as const },
                { key: 'rt', label: '报送时间', children: fmtDateTime(o.respondedAt) },
              ]
            : []),
          ...(o.decidedAt
            ? [{ key: 'dc', label: o.status === 'closed' ? '验收销号' : '退回意见', children: `${fmtDateTime(o.decidedAt)}${o.decisionComment ? `：${o.decisionComment}` : ''}`, span: 'filled' as const }]
            : []),
        ]}
      />
      {o.status !== 'closed' && o.waitingOn ? (
        <Typography.Text type="secondary" style={{ display: 'block', marginTop: 8 }}>当前等待：{o.waitingOn === 'society' ? '承接单位整改并报送整改报告' : `${o.issuerOrgName ?? '下达单位'}验收`}</Typography.Text>
      ) : null}
      {modal === 'respond' ? <RespondModal o={o} onClose={() => setModal(null)} onDone={onChanged} /> : null}
      {modal === 'decide' ? (
        <FormModal<DecisionValues>
          title="验收整改"
          okText="提交验收结论"
          initialValues={{ decision: 'approve' }}
          request={(v) => ({ path: `/rectifications/${o.id}/decision`, body: { rowVersion: o.rowVersion, decision: v.decision, comment: v.comment?.trim() || null } })}
          success="验收结论已提交，已通知承接单位"
          onClose={() => setModal(null)}
          onDone={onChanged}
        >
          {(form) => <DecisionFields form={form} what="验收" approveLabel="整改到位，验收销号" returnLabel="未整改到位，退回重新整改" />}
        </FormModal>
      ) : null}
      {modal === 'extend' ? (
        <FormModal<{ deadline: Dayjs; reason: string }>
          title="延长整改期限"
          okText="确认延期"
          intro={`当前整改期限为 ${fmtDate(o.deadline)}，新的期限应晚于当前期限。`}
          request={(v) => ({ path: `/rectifications/${o.id}/extend`, body: { rowVersion: o.rowVersion, deadline: dayOf(v.deadline), reason: v.reason } })}
          success="整改期限已延长，已通知承接单位"
          onClose={() => setModal(null)}
          onDone={onChanged}
        >
          {() => (
            <>
              <Form.Item name="deadline" label="新的整改期限" rules={[...requiredPick('新的整改期限'), dayRule]}>
                <DayPicker style={{ width: '100%' }} placeholder="请选择日期" disabledDate={(d) => d.format('YYYY-MM-DD') <= o.deadline} disabledDateMessage={`新的整改期限应晚于原期限（${fmtDate(o.deadline)}）`} />
              </Form.Item>
              <Form.Item name="reason" label="延期原因" rules={[...required('延期原因'), { max: 500, message: '延期原因不能超过 500 个字' }]}>
                <Input.TextArea rows={3} maxLength={500} showCount />
              </Form.Item>
            </>
          )}
        </FormModal>
      ) : null}
    </Card>
  );
}

function RespondModal({ o, onClose, onDone }: { o: RectificationOrder; onClose: () => void; onDone: () => void }) {
  type V = { report: string; files: EvidenceFile[] };
  return (
    <FormModal<V>
      title="报送整改报告"
      okText="报送"
      width={720}
      intro={`整改要求：${o.requirements}`}
      initialValues={{ report: o.response ?? undefined, files: [] }}
      request={(v) => ({ path: `/rectifications/${o.id}/response`, body: { rowVersion: o.rowVersion, report: v.report, attachmentIds: evidenceIds(v.files ?? []) } })}
      mapPath={(p) => (p[0] === 'attachmentIds' ? ['files'] : p)}
      success="整改报告已报送，等待验收"
      onClose={onClose}
      onDone={onDone}
    >
      {() => (
        <>
          <Form.Item name="report" label="整改情况" rules={[...required('整改情况'), { max: 8000, message: '整改情况不能超过 8000 个字' }]}>
            <Input.TextArea rows={6} maxLength={8000} showCount />
          </Form.Item>
          <Form.Item name="files" label="整改材料（选填）">
            <FilesField />
          </Form.Item>
        </>
      )}
    </FormModal>
  );
}

/** Issue an order (also offered from an inspection whose conclusion needs rectification). */
export function IssueRectificationModal({ project, inspectionId, onClose, onDone }: { project: PilotProject; inspectionId?: string; onClose: () => void; onDone: () => void }) {
  type V = { requirements: string; deadline: Dayjs; files: EvidenceFile[] };
  const today = todayCst();
  return (
    <FormModal<V>
      title="下达整改通知"
      okText="下达"
      width={720}
      intro={`向${project.societyName}下达整改通知，${inspectionId ? '依据本次专家组检查意见，' : ''}承接单位须在期限内整改并报送整改报告。`}
      initialValues={{ deadline: dayjs(today).add(30, 'day'), files: [] }}
      request={(v) => ({ path: `/projects/${project.id}/rectifications`, body: { requirements: v.requirements, deadline: dayOf(v.deadline), inspectionId: inspectionId ?? null, attachmentIds: evidenceIds(v.files ?? []) } })}
      mapPath={(p) => (p[0] === 'attachmentIds' ? ['files'] : p)}
      success="整改通知已下达，已通知承接单位"
      onClose={onClose}
      onDone={onDone}
    >
      {() => (
        <>
          <Form.Item name="requirements" label="整改要求" rules={[...required('整改要求'), { max: 8000, message: '整改要求不能超过 8000 个字' }]}>
            <Input.TextArea rows={5} maxLength={8000} showCount />
          </Form.Item>
          <Form.Item name="deadline" label="整改期限" rules={[...requiredPick('整改期限'), dayRule]}>
            <DayPicker style={{ width: '100%' }} placeholder="请选择日期" disabledDate={(d) => d.format('YYYY-MM-DD') < today} disabledDateMessage={`整改期限不能早于今天（${today}）`} />
          </Form.Item>
          <Form.Item name="files" label="附件（选填）">
            <FilesField />
          </Form.Item>
        </>
      )}
    </FormModal>
  );
}
