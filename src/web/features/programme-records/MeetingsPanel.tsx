// PRG-3: leading-group meetings and regular meetings (例会) with minutes and decisions.
import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Col, Descriptions, Drawer, Form, Grid, Input, Row, Select, Space, Table, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { api } from '../../shared/api';
import { FormErrorList, QueryError, useErrorReporter } from '../../shared/errors';
import { dayjs, fmtDate, todayCst } from '../../shared/format';
import { DayPicker, dayRule } from '../../shared/DayPicker';
import type { FieldError } from '../../../contract/common';
import type { Meeting as MeetingRecord, MeetingList } from '../../../contract/records';
import { AttachmentList, EvidenceUpload, evidenceFromAttachments, evidenceIds, type EvidenceFile } from '../selection/EvidenceUpload';

const kindOptions = [
  { value: 'regular', label: '工作例会' },
  { value: 'leadingGroup', label: '领导小组会议' },
];

export function MeetingsPanel({ programmeId }: { programmeId: string }) {
  const qc = useQueryClient();
  const key = ['programme-meetings', programmeId];
  const q = useQuery({ queryKey: key, queryFn: ({ signal }) => api<MeetingList>(`/programmes/${programmeId}/meetings`, { signal }) });
  const [editing, setEditing] = useState<MeetingRecord | 'new' | null>(null);
  const refresh = () => void qc.invalidateQueries({ queryKey: key });
  if (q.isError) return <Card><QueryError error={q.error} onRetry={() => q.refetch()} /></Card>;
  const d = q.data;
  return (
    <Card
      title="会议纪要"
      extra={
        d?.actions.includes('create') ? (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')}>
            登记会议
          </Button>
        ) : null
      }
    >
      <Table<MeetingRecord>
        rowKey="id"
        loading={q.isLoading}
        dataSource={d?.items ?? []}
        pagination={false}
        scroll={{ x: 760 }}
        locale={{ emptyText: '暂无会议记录' }}
        expandable={{ expandedRowRender: (m) => <MeetingDetail m={m} /> }}
        columns={[
          { title: '会议日期', dataIndex: 'heldOn', width: 110, render: (v: string) => fmtDate(v) },
          { title: '类别', dataIndex: 'kindLabel', width: 120 },
          { title: '会议名称', dataIndex: 'title' },
          { title: '议定事项', dataIndex: 'decisions', width: 100, render: (v: MeetingRecord['decisions']) => `${v.length} 项` },
          {
            title: '操作',
            key: 'op',
            width: 90,
            render: (_, m) =>
              m.actions.includes('edit') ? (
                <Button type="link" size="small" onClick={() => setEditing(m)}>
                  修改
                </Button>
              ) : null,
          },
        ]}
      />
      {editing ? <MeetingDrawer programmeId={programmeId} meeting={editing === 'new' ? null : editing} onClose={() => setEditing(null)} onDone={refresh} /> : null}
    </Card>
  );
}

function MeetingDetail({ m }: { m: MeetingRecord }) {
  return (
    <Descriptions
      size="small"
      column={1}
      styles={{ label: { width: 130, whiteSpace: 'nowrap' } }}
      items={[
        { key: 'l', label: '地点', children: m.location ?? '—' },
        { key: 'a', label: '参会单位和人员', children: m.attendees.join('、') },
        { key: 'm', label: '会议纪要', children: <div style={{ whiteSpace: 'pre-wrap' }}>{m.minutes}</div> },
        {
          key: 'd',
          label: '议定事项',
          children: m.decisions.length ? (
            <ol style={{ margin: 0, paddingInlineStart: 20 }}>
              {m.decisions.map((x, i) => (
                <li key={i}>
                  {x.text}
                  {x.owner || x.dueOn ? (
                    <Typography.Text type="secondary">
                      （{[x.owner ? `责任单位：${x.owner}` : null, x.dueOn ? `完成时限：${fmtDate(x.dueOn)}` : null].filter(Boolean).join('；')}）
                    </Typography.Text>
                  ) : null}
                </li>
              ))}
            </ol>
          ) : (
            '—'
          ),
        },
        ...(m.attachments.length ? [{ key: 'f', label: '附件', children: <AttachmentList files={m.attachments} /> }] : []),
      ]}
    />
  );
}

interface Values {
  kind: 'regular' | 'leadingGroup';
  title: string;
  heldOn: Dayjs;
  location?: string;
  attendees: string[];
  minutes: string;
  decisions: { text: string; owner?: string; dueOn?: Dayjs | null }[];
}

function MeetingDrawer({ programmeId, meeting, onClose, onDone }: { programmeId: string; meeting: MeetingRecord | null; onClose: () => void; onDone: () => void }) {
  const { message } = App.useApp();
  const report = useErrorReporter();
  const screens = Grid.useBreakpoint();
  const [form] = Form.useForm<Values>();
  const [files, setFiles] = useState<EvidenceFile[]>(meeting ? evidenceFromAttachments(meeting.attachments) : []);
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [busy, setBusy] = useState(false);
  const initial: Partial<Values> = meeting
    ? { ...meeting, location: meeting.location ?? undefined, heldOn: dayjs(meeting.heldOn), decisions: meeting.decisions.map((x) => ({ text: x.text, owner: x.owner ?? undefined, dueOn: x.dueOn ? dayjs(x.dueOn) : null })) }
    : { kind: 'regular', attendees: [], decisions: [] };
  const submit = async (v: Values) => {
    setBusy(true);
    const body = {
      kind: v.kind,
      title: v.title,
      heldOn: v.heldOn.format('YYYY-MM-DD'),
      location: v.location?.trim() || null,
      attendees: v.attendees ?? [],
      minutes: v.minutes,
      decisions: (v.decisions ?? []).map((x) => ({ text: x.text, owner: x.owner?.trim() || null, dueOn: x.dueOn ? x.dueOn.format('YYYY-MM-DD') : null })),
      attachmentIds: evidenceIds(files),
    };
    try {
      if (meeting) await api(`/meetings/${meeting.id}`, { method: 'PUT', body: { ...body, rowVersion: meeting.rowVersion } });
      else await api(`/programmes/${programmeId}/meetings`, { method: 'POST', body });
      message.success(meeting ? '会议记录已修改' : '会议已登记');
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
      title={meeting ? '修改会议记录' : '登记会议'}
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
      <Form form={form} layout="vertical" initialValues={initial} onFinish={(v) => void submit(v)}>
        <Row gutter={16}>
          <Col xs={24} md={8}>
            <Form.Item name="kind" label="会议类别" rules={[{ required: true, message: '请选择会议类别' }]}>
              <Select options={kindOptions} />
            </Form.Item>
          </Col>
          <Col xs={24} md={16}>
            <Form.Item name="title" label="会议名称" rules={[{ required: true, whitespace: true, message: '请填写会议名称' }]}>
              <Input maxLength={120} />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item name="heldOn" label="会议日期" rules={[{ required: true, message: '请选择会议日期' }, dayRule]} extra="记录已举行的会议，不能选择今天以后的日期">
              <DayPicker style={{ width: '100%' }} disabledDate={(d) => d.format('YYYY-MM-DD') > todayCst()} disabledDateMessage="会议日期不能晚于今天，请记录已举行的会议" />
            </Form.Item>
          </Col>
          <Col xs={24} md={16}>
            <Form.Item name="location" label="地点">
              <Input maxLength={200} />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="attendees" label="参会单位和人员" extra="逐项输入后按回车" rules={[{ required: true, type: 'array', min: 1, message: '请填写参会单位或人员' }]}>
          <Select mode="tags" open={false} tokenSeparators={['、', '，', ',']} placeholder="如：省科协学会学术部" />
        </Form.Item>
        <Form.Item name="minutes" label="会议纪要" rules={[{ required: true, whitespace: true, message: '请填写会议纪要' }]}>
          <Input.TextArea rows={8} maxLength={20000} showCount />
        </Form.Item>
        <Typography.Title level={5}>议定事项</Typography.Title>
        <Form.List name="decisions">
          {(fields, { add, remove }) => (
            <>
              {fields.map((f) => (
                <Row key={f.key} gutter={8} align="top">
                  <Col xs={24} md={12}>
                    <Form.Item name={[f.name, 'text']} rules={[{ required: true, whitespace: true, message: '请填写议定事项' }]}>
                      <Input maxLength={1000} placeholder="议定事项" aria-label="议定事项" />
                    </Form.Item>
                  </Col>
                  <Col xs={12} md={6}>
                    <Form.Item name={[f.name, 'owner']}>
                      <Input maxLength={100} placeholder="责任单位" aria-label="责任单位" />
                    </Form.Item>
                  </Col>
                  <Col xs={10} md={5}>
                    <Form.Item name={[f.name, 'dueOn']} rules={[dayRule]}>
                      <DayPicker placeholder="完成时限" style={{ width: '100%' }} aria-label="完成时限" />
                    </Form.Item>
                  </Col>
                  <Col xs={2} md={1} style={{ paddingTop: 6 }}>
                    <MinusCircleOutlined aria-label="删除这一项" onClick={() => remove(f.name)} />
                  </Col>
                </Row>
              ))}
              <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({})}>
                添加议定事项
              </Button>
            </>
          )}
        </Form.List>
        <Form.Item label="附件" style={{ marginTop: 16 }}>
          <EvidenceUpload value={files} onChange={setFiles} />
        </Form.Item>
      </Form>
    </Drawer>
  );
}
