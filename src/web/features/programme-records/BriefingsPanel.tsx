// PRG-3, PUB-1: work briefings (工作简报), numbered per programme; chosen ones are disclosed on the
// public portal and may be withdrawn from it with a reason, and published again.
import { GlobalOutlined, PlusOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Col, Drawer, Form, Grid, Input, InputNumber, Modal, Popconfirm, Row, Space, Switch, Table, Tag, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { api } from '../../shared/api';
import { FormErrorList, QueryError, useErrorReporter } from '../../shared/errors';
import { dayjs, fmtDate, fmtDateTime, todayCst } from '../../shared/format';
import { DayPicker, dayRule } from '../../shared/DayPicker';
import type { FieldError } from '../../../contract/common';
import type { Briefing as BriefingRecord, BriefingList } from '../../../contract/records';
import { AttachmentList, EvidenceUpload, evidenceFromAttachments, evidenceIds, type EvidenceFile } from '../selection/EvidenceUpload';

const disclosureColor: Record<string, string> = { internal: 'default', published: 'green', withdrawn: 'orange' };

export function BriefingsPanel({ programmeId }: { programmeId: string }) {
  const qc = useQueryClient();
  const { message } = App.useApp();
  const report = useErrorReporter();
  const key = ['programme-briefings', programmeId];
  const q = useQuery({ queryKey: key, queryFn: ({ signal }) => api<BriefingList>(`/programmes/${programmeId}/briefings`, { signal }) });
  const [editing, setEditing] = useState<BriefingRecord | 'new' | null>(null);
  const [withdrawing, setWithdrawing] = useState<BriefingRecord | null>(null);
  const refresh = () => void qc.invalidateQueries({ queryKey: key });
  if (q.isError) return <Card><QueryError error={q.error} onRetry={() => q.refetch()} /></Card>;
  const d = q.data;
  const publish = async (b: BriefingRecord) => {
    try {
      await api(`/briefings/${b.id}/publish`, { method: 'POST', body: { rowVersion: b.rowVersion } });
      message.success(`第 ${b.issueNo} 期简报已在门户网站公开`);
      refresh();
    } catch (e) {
      report(e, { action: '公开', onRefresh: refresh });
    }
  };
  return (
    <Card
      title="工作简报"
      extra={
        d?.actions.includes('create') ? (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')}>
            编发简报
          </Button>
        ) : null
      }
    >
      <Table<BriefingRecord>
        rowKey="id"
        loading={q.isLoading}
        dataSource={d?.items ?? []}
        pagination={false}
        scroll={{ x: 820 }}
        locale={{ emptyText: '暂无工作简报' }}
        expandable={{
          expandedRowRender: (b) => (
            <Space orientation="vertical" style={{ width: '100%' }}>
              <div style={{ whiteSpace: 'pre-wrap' }}>{b.body}</div>
              {b.attachments.length ? <AttachmentList files={b.attachments} /> : null}
            </Space>
          ),
        }}
        columns={[
          { title: '期号', dataIndex: 'issueNo', width: 90, render: (n: number) => `第 ${n} 期` },
          { title: '标题', dataIndex: 'title' },
          { title: '编发日期', dataIndex: 'issuedOn', width: 110, render: (v: string) => fmtDate(v) },
          {
            title: '门户公开',
            dataIndex: 'disclosure',
            width: 170,
            render: (v: string, b) => (
              <Space orientation="vertical" size={0}>
                <Tag color={disclosureColor[v]}>{b.disclosureLabel}</Tag>
                {v === 'published' && b.publishedAt ? (
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {fmtDateTime(b.publishedAt)}
                  </Typography.Text>
                ) : null}
              </Space>
            ),
          },
          {
            title: '操作',
            key: 'op',
            width: 200,
            render: (_, b) => (
              <Space size={0} wrap>
                {b.actions.includes('edit') ? (
                  <Button type="link" size="small" onClick={() => setEditing(b)}>
                    修改
                  </Button>
                ) : null}
                {b.actions.includes('publish') ? (
                  <Popconfirm title={`在门户网站公开第 ${b.issueNo} 期简报？`} okText="公开" cancelText="取消" onConfirm={() => publish(b)}>
                    <Button type="link" size="small" icon={<GlobalOutlined />}>
                      公开
                    </Button>
                  </Popconfirm>
                ) : null}
                {b.actions.includes('withdrawDisclosure') ? (
                  <>
                    <Button type="link" size="small" href={`/portal/briefings/${b.id}`} target="_blank">
                      查看
                    </Button>
                    <Button type="link" size="small" danger onClick={() => setWithdrawing(b)}>
                      撤回公开
                    </Button>
                  </>
                ) : null}
              </Space>
            ),
          },
        ]}
      />
      {editing ? <BriefingDrawer programmeId={programmeId} briefing={editing === 'new' ? null : editing} nextIssueNo={d?.nextIssueNo ?? 1} onClose={() => setEditing(null)} onDone={refresh} /> : null}
      {withdrawing ? <WithdrawModal b={withdrawing} onClose={() => setWithdrawing(null)} onDone={refresh} /> : null}
    </Card>
  );
}

function WithdrawModal({ b, onClose, onDone }: { b: BriefingRecord; onClose: () => void; onDone: () => void }) {
  const { message } = App.useApp();
  const report = useErrorReporter();
  const [form] = Form.useForm<{ reason: string }>();
  const [busy, setBusy] = useState(false);
  const submit = async () => {
    const v = await form.validateFields();
    setBusy(true);
    try {
      await api(`/briefings/${b.id}/withdraw-disclosure`, { method: 'POST', body: { rowVersion: b.rowVersion, reason: v.reason } });
      message.success('已从门户网站撤回');
      onClose();
      onDone();
    } catch (e) {
      report(e, { form, action: '撤回公开', onRefresh: () => { onClose(); onDone(); } });
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal open title={`撤回公开：第 ${b.issueNo} 期`} okText="撤回公开" cancelText="取消" okButtonProps={{ danger: true, loading: busy }} onOk={() => void submit().catch(() => undefined)} onCancel={onClose}>
      <Typography.Paragraph type="secondary">撤回后门户网站不再显示该简报，原因记入审计日志；以后可以重新公开。</Typography.Paragraph>
      <Form form={form} layout="vertical">
        <Form.Item name="reason" label="撤回原因" rules={[{ required: true, whitespace: true, message: '请填写撤回公开的原因' }]}>
          <Input.TextArea rows={3} maxLength={500} showCount />
        </Form.Item>
      </Form>
    </Modal>
  );
}

interface Values {
  issueNo: number;
  title: string;
  issuedOn: Dayjs;
  body: string;
  disclose?: boolean;
}

function BriefingDrawer({ programmeId, briefing, nextIssueNo, onClose, onDone }: { programmeId: string; briefing: BriefingRecord | null; nextIssueNo: number; onClose: () => void; onDone: () => void }) {
  const { message } = App.useApp();
  const report = useErrorReporter();
  const screens = Grid.useBreakpoint();
  const [form] = Form.useForm<Values>();
  const [files, setFiles] = useState<EvidenceFile[]>(briefing ? evidenceFromAttachments(briefing.attachments) : []);
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [busy, setBusy] = useState(false);
  const submit = async (v: Values) => {
    setBusy(true);
    const body = { issueNo: v.issueNo, title: v.title, issuedOn: v.issuedOn.format('YYYY-MM-DD'), body: v.body, attachmentIds: evidenceIds(files) };
    try {
      if (briefing) await api(`/briefings/${briefing.id}`, { method: 'PUT', body: { ...body, rowVersion: briefing.rowVersion } });
      else await api(`/programmes/${programmeId}/briefings`, { method: 'POST', body: { ...body, disclose: !!v.disclose } });
      message.success(briefing ? '简报已修改' : v.disclose ? '简报已编发并在门户网站公开' : '简报已编发');
      onClose();
      onDone();
    } catch (e) {
      setErrors(report(e, { form, action: '保存', onRefresh: () => { onClose(); onDone(); } }));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Drawer
      open
      size={screens.md ? 760 : '100%'}
      title={briefing ? `修改第 ${briefing.issueNo} 期简报` : '编发工作简报'}
      onClose={onClose}
      extra={
        <Space>
          <Button onClick={onClose}>取消</Button>
          <Button type="primary" loading={busy} onClick={() => form.submit()} disabled={files.some((f) => f.status === 'uploading')}>
            保存
          </Button>
        </Space>
      }
    >
      <FormErrorList errors={errors} />
      <Form
        form={form}
        layout="vertical"
        initialValues={briefing ? { issueNo: briefing.issueNo, title: briefing.title, issuedOn: dayjs(briefing.issuedOn), body: briefing.body } : { issueNo: nextIssueNo, issuedOn: dayjs(todayCst()), disclose: false }}
        onFinish={(v) => void submit(v)}
      >
        <Row gutter={16}>
          <Col xs={24} sm={12} md={6}>
            <Form.Item name="issueNo" label="期号" rules={[{ required: true, message: '请填写期号' }]}>
              <InputNumber min={1} precision={0} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12} md={6}>
            <Form.Item name="issuedOn" label="编发日期" rules={[{ required: true, message: '请选择编发日期' }, dayRule]}>
              <DayPicker style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="title" label="标题" rules={[{ required: true, whitespace: true, message: '请填写简报标题' }]}>
              <Input maxLength={120} />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="body" label="正文" rules={[{ required: true, whitespace: true, message: '请填写简报正文' }]}>
          <Input.TextArea rows={14} maxLength={20000} showCount />
        </Form.Item>
        {briefing ? (
          <Typography.Paragraph type="secondary">当前门户公开状态：{briefing.disclosureLabel}（在列表中公开或撤回公开）。</Typography.Paragraph>
        ) : (
          <Form.Item name="disclose" label="同时在门户网站公开" valuePropName="checked" extra="公开后，社会公众无需登录即可在门户网站“工作简报”栏目查看全文。">
            <Switch />
          </Form.Item>
        )}
        <Form.Item label="附件（仅内部可见）">
          <EvidenceUpload value={files} onChange={setFiles} />
        </Form.Item>
      </Form>
    </Drawer>
  );
}
