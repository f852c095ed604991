// PRG-3: stage reports to the association one level up, due yearly on the programme's
// stageReportDue (002: 6月底前); drafted, edited, then submitted. The level above lists what it
// received.
import { PlusOutlined, SendOutlined } from '@ant-design/icons';
import { useInfiniteQuery, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Col, Drawer, Flex, Form, Grid, Input, InputNumber, Popconfirm, Row, Space, Table, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { api } from '../../shared/api';
import { FormErrorList, QueryError, useErrorReporter } from '../../shared/errors';
import { currentYearCst, dayjs, fmtDateTime } from '../../shared/format';
import { DayPicker, dayRule } from '../../shared/DayPicker';
import type { FieldError, Page } from '../../../contract/common';
import type { RecordsProgramme, StageReport as StageReportRecord, StageReportList } from '../../../contract/records';
import { AttachmentList, EvidenceUpload, evidenceFromAttachments, evidenceIds, type EvidenceFile } from '../selection/EvidenceUpload';

const dueText = (r: StageReportRecord) => (
  <Space size={4} wrap>
    <span>{r.dueOn ?? '未规定'}</span>
    {r.late ? <Tag color="red">{r.status === 'submitted' ? '逾期报送' : '已逾期'}</Tag> : null}
  </Space>
);

const baseColumns: TableColumnsType<StageReportRecord> = [
  { title: '年度', dataIndex: 'year', width: 80 },
  { title: '报告期', dataIndex: 'period', width: 110 },
  { title: '标题', dataIndex: 'title' },
  { title: '报送期限', dataIndex: 'dueOn', width: 160, render: (_, r) => dueText(r) },
  { title: '状态', dataIndex: 'status', width: 170, render: (v: string, r) => <Space orientation="vertical" size={0}><Tag color={v === 'submitted' ? 'green' : 'default'}>{r.statusLabel}</Tag>{r.submittedAt ? <Typography.Text type="secondary" style={{ fontSize: 12 }}>{fmtDateTime(r.submittedAt)}</Typography.Text> : null}</Space> },
];

const expandable = {
  expandedRowRender: (r: StageReportRecord) => (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <div style={{ whiteSpace: 'pre-wrap' }}>{r.body}</div>
      {r.attachments.length ? <AttachmentList files={r.attachments} /> : null}
    </Space>
  ),
};

export function StageReportsPanel({ programmeId }: { programmeId: string }) {
  const qc = useQueryClient();
  const { message } = App.useApp();
  const report = useErrorReporter();
  const key = ['programme-stage-reports', programmeId];
  const q = useQuery({ queryKey: key, queryFn: ({ signal }) => api<StageReportList>(`/programmes/${programmeId}/stage-reports`, { signal }) });
  const [editing, setEditing] = useState<StageReportRecord | 'new' | null>(null);
  const refresh = () => {
    void qc.invalidateQueries({ queryKey: key });
    void qc.invalidateQueries({ queryKey: ['todos/counts'] });
  };
  if (q.isError) return <Card><QueryError error={q.error} onRetry={() => q.refetch()} /></Card>;
  const d = q.data;
  const submit = async (r: StageReportRecord) => {
    try {
      await api(`/stage-reports/${r.id}/submit`, { method: 'POST', body: { rowVersion: r.rowVersion } });
      message.success(r.recipientName ? `已报送${r.recipientName}` : '已报送');
      refresh();
    } catch (e) {
      report(e, { action: '报送', onRefresh: refresh });
    }
  };
  return (
    <Card
      title="阶段报告"
      extra={
        d?.actions.includes('create') ? (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')}>
            起草阶段报告
          </Button>
        ) : null
      }
    >
      {d ? (
        <Typography.Paragraph type="secondary">
          报送单位：{d.programme.parentAssociationName ?? '上一级单位（不在本平台）'}；报送期限：{d.programme.stageReportDue ? `每年 ${d.programme.stageReportDue.replace('-', ' 月 ')} 日前（方案规定）` : '方案未规定，起草时填写'}。
        </Typography.Paragraph>
      ) : null}
      <Table<StageReportRecord>
        rowKey="id"
        loading={q.isLoading}
        dataSource={d?.items ?? []}
        pagination={false}
        scroll={{ x: 860 }}
        locale={{ emptyText: '暂无阶段报告' }}
        expandable={expandable}
        columns={[
          ...baseColumns,
          {
            title: '操作',
            key: 'op',
            width: 170,
            render: (_, r) => (
              <Space size={0}>
                {r.actions.includes('edit') ? (
                  <Button type="link" size="small" onClick={() => setEditing(r)}>
                    修改
                  </Button>
                ) : null}
                {r.actions.includes('submit') ? (
                  <Popconfirm title={`报送${r.recipientName ?? '上一级单位'}？`} description="报送后不能再修改。" okText="报送" cancelText="取消" onConfirm={() => submit(r)}>
                    <Button type="link" size="small" icon={<SendOutlined />}>
                      报送
                    </Button>
                  </Popconfirm>
                ) : null}
              </Space>
            ),
          },
        ]}
      />
      {editing && d ? <StageReportDrawer programmeId={programmeId} programme={d.programme} report={editing === 'new' ? null : editing} onClose={() => setEditing(null)} onDone={refresh} /> : null}
    </Card>
  );
}

/** What the associations below submitted, newest first, a page at a time ("加载更多"). */
export function ReceivedReportsPanel() {
  const q = useInfiniteQuery({
    queryKey: ['stage-reports/received'],
    queryFn: ({ pageParam, signal }) => api<Page<StageReportRecord>>('/stage-reports/received', { query: { limit: 50, ...(pageParam ? { cursor: pageParam } : {}) }, signal }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  if (q.isError && !q.data) return <Card><QueryError error={q.error} onRetry={() => q.refetch()} /></Card>;
  const rows = q.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <Card title="下级科协报送的阶段报告">
      <Table<StageReportRecord>
        rowKey="id"
        loading={q.isLoading}
        dataSource={rows}
        pagination={false}
        scroll={{ x: 900 }}
        locale={{ emptyText: '暂未收到下级科协报送的阶段报告' }}
        expandable={expandable}
        columns={[{ title: '报送单位', dataIndex: 'associationName', width: 170 }, { title: '方案', dataIndex: 'programmeName', width: 220 }, ...baseColumns]}
      />
      {q.hasNextPage ? (
        <Flex justify="center" style={{ marginTop: 16 }}>
          <Button onClick={() => void q.fetchNextPage()} loading={q.isFetchingNextPage} style={{ minWidth: 160 }}>
            加载更多
          </Button>
        </Flex>
      ) : null}
    </Card>
  );
}

interface Values {
  year: number;
  period: string;
  dueOn?: Dayjs | null;
  title: string;
  body: string;
}

function StageReportDrawer({ programmeId, programme, report: existing, onClose, onDone }: { programmeId: string; programme: RecordsProgramme; report: StageReportRecord | null; onClose: () => void; onDone: () => void }) {
  const { message } = App.useApp();
  const report = useErrorReporter();
  const screens = Grid.useBreakpoint();
  const [form] = Form.useForm<Values>();
  const [files, setFiles] = useState<EvidenceFile[]>(existing ? evidenceFromAttachments(existing.attachments) : []);
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [busy, setBusy] = useState(false);
  const year = Form.useWatch('year', form);
  const submit = async (v: Values) => {
    setBusy(true);
    const body = { year: v.year, period: v.period, dueOn: programme.stageReportDue ? null : v.dueOn ? v.dueOn.format('YYYY-MM-DD') : null, title: v.title, body: v.body, attachmentIds: evidenceIds(files) };
    try {
      if (existing) await api(`/stage-reports/${existing.id}`, { method: 'PUT', body: { ...body, rowVersion: existing.rowVersion } });
      else await api(`/programmes/${programmeId}/stage-reports`, { method: 'POST', body });
      message.success(existing ? '阶段报告已修改' : '阶段报告已起草，报送前可继续修改');
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
      title={existing ? '修改阶段报告' : '起草阶段报告'}
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
        initialValues={existing ? { year: existing.year, period: existing.period, dueOn: existing.dueOn ? dayjs(existing.dueOn) : null, title: existing.title, body: existing.body } : { year: currentYearCst(), period: '上半年' }}
        onFinish={(v) => void submit(v)}
      >
        <Row gutter={16}>
          <Col xs={24} sm={12} md={6}>
            <Form.Item name="year" label="年度" rules={[{ required: true, message: '请填写年度' }]}>
              <InputNumber min={2000} max={2100} precision={0} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12} md={8}>
            <Form.Item name="period" label="报告期" rules={[{ required: true, whitespace: true, message: '请填写报告期' }]}>
              <Input maxLength={40} placeholder="如：上半年、全年" />
            </Form.Item>
          </Col>
          <Col xs={24} md={10}>
            {programme.stageReportDue ? (
              <Form.Item label="报送期限">
                <Typography.Text>{`${year ?? currentYearCst()}-${programme.stageReportDue}`}（方案规定）</Typography.Text>
              </Form.Item>
            ) : (
              <Form.Item name="dueOn" label="报送期限（选填）" rules={[dayRule]}>
                <DayPicker style={{ width: '100%' }} />
              </Form.Item>
            )}
          </Col>
        </Row>
        <Form.Item name="title" label="报告标题" rules={[{ required: true, whitespace: true, message: '请填写报告标题' }]}>
          <Input maxLength={120} />
        </Form.Item>
        <Form.Item name="body" label="报告正文" rules={[{ required: true, whitespace: true, message: '请填写报告正文' }]}>
          <Input.TextArea rows={14} maxLength={20000} showCount />
        </Form.Item>
        <Form.Item label="附件">
          <EvidenceUpload value={files} onChange={setFiles} />
        </Form.Item>
        {!programme.parentAssociationName ? <Alert type="info" showIcon title="本科协在平台内没有上一级科协，报送后仅在本平台记录报送情况。" /> : null}
      </Form>
    </Drawer>
  );
}
