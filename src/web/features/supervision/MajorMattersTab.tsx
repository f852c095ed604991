// SUP-3 重大事项 on the project page: the society records its council's (standing council's)
// decision and sends the matter through the approval steps the programme names; each approver
// decides its step; the society may withdraw before the first decision.
import { PlusOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Col, Descriptions, Drawer, Empty, Form, Input, Row, Select, Skeleton, Space, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { api } from '../../shared/api';
import { FormErrorList, QueryError, useErrorReporter } from '../../shared/errors';
import { dayjs, fmtDate, fmtDateTime, todayCst } from '../../shared/format';
import { DayPicker, dayRule } from '../../shared/DayPicker';
import type { FieldError } from '../../../contract/common';
import type { MajorMatter, MajorMatterList } from '../../../contract/approvals';
import { AttachmentList, EvidenceUpload, evidenceIds, type EvidenceFile } from '../selection/EvidenceUpload';
import { ChainSteps, DecisionButton, Para, StatusTag, StepsLine, WithdrawButton } from './ApprovalChainParts';

export function MajorMattersTab({ project }: { project: { id: string } }) {
  const qc = useQueryClient();
  const key = ['major-matters', project.id];
  const q = useQuery({ queryKey: key, queryFn: ({ signal }) => api<MajorMatterList>(`/projects/${project.id}/major-matters`, { signal }) });
  const [creating, setCreating] = useState(false);
  const refresh = () => {
    void qc.invalidateQueries({ queryKey: key });
    void qc.invalidateQueries({ queryKey: ['todos/counts'] });
  };
  if (q.isLoading) return <Card><Skeleton active /></Card>;
  if (q.isError || !q.data) return <Card><QueryError error={q.error} onRetry={() => q.refetch()} /></Card>;
  const d = q.data;
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Card
        title="重大事项报批"
        extra={
          d.actions.includes('create') ? (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
              登记并报批重大事项
            </Button>
          ) : null
        }
      >
        <Space orientation="vertical" size={4}>
          <Typography.Text>重大事项须先经学会理事会（常务理事会）讨论决定，再按本方案规定的程序逐级报批，每一步审批同意后方可进入下一步。</Typography.Text>
          <StepsLine steps={d.steps} prefix="报批顺序：学会理事会（常务理事会）决定 → " />
        </Space>
      </Card>
      {!d.items.length ? (
        <Card>
          <Empty description="暂无重大事项" />
        </Card>
      ) : (
        d.items.map((m) => <MatterCard key={m.id} m={m} onChanged={refresh} />)
      )}
      {creating ? <CreateDrawer projectId={project.id} onClose={() => setCreating(false)} onDone={refresh} /> : null}
    </Space>
  );
}

function MatterCard({ m, onChanged }: { m: MajorMatter; onChanged: () => void }) {
  return (
    <Card
      title={
        <Space wrap>
          <span>{m.title}</span>
          <StatusTag status={m.status} label={m.statusLabel} />
        </Space>
      }
      extra={
        <Space>
          {m.actions.includes('decide') && m.position.kind === 'pending' ? <DecisionButton path={`/major-matters/${m.id}/decisions`} step={m.position.step} what="重大事项" onDone={onChanged} /> : null}
          {m.actions.includes('withdraw') ? <WithdrawButton path={`/major-matters/${m.id}/withdraw`} rowVersion={m.rowVersion} what="重大事项" onDone={onChanged} /> : null}
        </Space>
      }
    >
      <Space orientation="vertical" size={16} style={{ width: '100%' }}>
        <ChainSteps chain={m} first={{ title: m.councilDecision.bodyLabel, description: `${fmtDate(m.councilDecision.decidedOn)} 决定` }} />
        <Descriptions
          size="small"
          bordered
          column={{ xs: 1, md: 2 }}
          styles={{ label: { width: 120, whiteSpace: 'nowrap' } }}
          items={[
            { key: 'body', label: '决定机构', children: m.councilDecision.bodyLabel },
            { key: 'on', label: '决定日期', children: m.councilDecision.decidedOn },
            { key: 'ref', label: '会议或决议', children: m.councilDecision.reference, span: 'filled' },
            { key: 'c', label: '事项内容', children: <Para text={m.content} />, span: 'filled' },
            ...(m.attachments.length ? [{ key: 'a', label: '附件', children: <AttachmentList files={m.attachments} />, span: 'filled' as const }] : []),
            { key: 's', label: '报批', children: `${m.submittedByName ?? ''} · ${fmtDateTime(m.submittedAt)}` },
            { key: 'x', label: '办结', children: m.closedAt ? fmtDateTime(m.closedAt) : '—' },
          ]}
        />
      </Space>
    </Card>
  );
}

interface Values {
  title: string;
  content: string;
  councilBody: 'council' | 'standingCouncil';
  decidedOn: Dayjs;
  reference: string;
}

function CreateDrawer({ projectId, onClose, onDone }: { projectId: string; onClose: () => void; onDone: () => void }) {
  const { message } = App.useApp();
  const report = useErrorReporter();
  const [form] = Form.useForm<Values>();
  const [files, setFiles] = useState<EvidenceFile[]>([]);
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [busy, setBusy] = useState(false);
  const submit = async (v: Values) => {
    setBusy(true);
    try {
      await api(`/projects/${projectId}/major-matters`, {
        method: 'POST',
        body: { title: v.title, content: v.content, councilDecision: { body: v.councilBody, decidedOn: v.decidedOn.format('YYYY-MM-DD'), reference: v.reference }, attachmentIds: evidenceIds(files) },
      });
      message.success('重大事项已报批，已通知第一步审批单位');
      onClose();
      onDone();
    } catch (e) {
      const mapPath = (p: (string | number)[]) => (p[0] === 'councilDecision' ? [p[1] === 'body' ? 'councilBody' : p[1] === 'decidedOn' ? 'decidedOn' : 'reference'] : p);
      setErrors(report(e, { form, action: '报批', mapPath }));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Drawer
      open
      size={720}
      title="登记并报批重大事项"
      onClose={onClose}
      extra={
        <Space>
          <Button onClick={onClose}>取消</Button>
          <Button type="primary" loading={busy} onClick={() => form.submit()} disabled={files.some((f) => f.status === 'uploading')}>
            提交报批
          </Button>
        </Space>
      }
    >
      <Alert type="info" showIcon style={{ marginBottom: 16 }} title="先登记学会理事会（常务理事会）的决定，提交后按方案规定的顺序逐级审批。尚无审批意见前可以撤回。" />
      <FormErrorList errors={errors} />
      <Form form={form} layout="vertical" onFinish={(v) => void submit(v)} initialValues={{ councilBody: 'council' }}>
        <Form.Item name="title" label="事项名称" rules={[{ required: true, whitespace: true, message: '请填写事项名称' }]}>
          <Input maxLength={120} showCount />
        </Form.Item>
        <Form.Item name="content" label="事项内容" rules={[{ required: true, whitespace: true, message: '请填写事项内容' }]}>
          <Input.TextArea rows={6} maxLength={8000} showCount />
        </Form.Item>
        <Typography.Title level={5}>理事会（常务理事会）决定</Typography.Title>
        <Row gutter={16}>
          <Col xs={24} md={12}>
            <Form.Item name="councilBody" label="决定机构" rules={[{ required: true, message: '请选择决定机构' }]}>
              <Select
                options={[
                  { value: 'council', label: '理事会' },
                  { value: 'standingCouncil', label: '常务理事会' },
                ]}
              />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="decidedOn" label="决定日期" rules={[{ required: true, message: '请选择决定日期' }, dayRule]}>
              <DayPicker style={{ width: '100%' }} disabledDate={(d) => d.isAfter(dayjs(todayCst()), 'day')} disabledDateMessage="决定日期不能晚于今天" />
            </Form.Item>
          </Col>
          <Col span={24}>
            <Form.Item name="reference" label="会议或决议名称" rules={[{ required: true, whitespace: true, message: '请填写会议或决议名称' }]}>
              <Input maxLength={200} placeholder="如：第八届理事会第三次会议" />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item label="附件（会议纪要、决议等）">
          <EvidenceUpload value={files} onChange={setFiles} />
        </Form.Item>
      </Form>
    </Drawer>
  );
}
