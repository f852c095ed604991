// SUP-8 培训指导 on the project page: training sessions and guidance given to the undertaking
// society, recorded by the commissioning department or the coordinating association; programme-wide
// training sessions of the project's programme are listed too.
import { PlusOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Button, Card, Col, Descriptions, Empty, Form, Input, InputNumber, Radio, Row, Skeleton, Space, Tag, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { api } from '../../shared/api';
import { QueryError } from '../../shared/errors';
import { fmtDate, fmtDateTime, todayCst } from '../../shared/format';
import { DayPicker, dayRule } from '../../shared/DayPicker';
import type { PilotProject } from '../../../contract/selection';
import type { TrainingList } from '../../../contract/implementation';
import { evidenceIds, type EvidenceFile } from '../selection/EvidenceUpload';
import { FilesField, FormModal, Files, Text, dayOf, implKey, required, requiredPick, toDay, useProjectRefresh } from './ImplementationShared';

export function TrainingTab({ project }: { project: PilotProject }) {
  const q = useQuery({ queryKey: implKey(project.id, 'training'), queryFn: ({ signal }) => api<TrainingList>(`/projects/${project.id}/training-records`, { signal }) });
  const refresh = useProjectRefresh(project.id);
  const [recording, setRecording] = useState(false);
  if (q.isLoading) return <Card><Skeleton active /></Card>;
  if (q.isError || !q.data) return <Card><QueryError error={q.error} onRetry={() => q.refetch()} /></Card>;
  const d = q.data;
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Card
        title="培训与工作指导"
        extra={
          d.actions.includes('record') ? (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setRecording(true)}>
              记录培训或指导
            </Button>
          ) : null
        }
      >
        {!d.items.length ? (
          <Empty description="暂无培训和工作指导记录" />
        ) : (
          <Space orientation="vertical" size={12} style={{ width: '100%' }}>
            {d.items.map((t) => (
              <Card
                key={t.id}
                type="inner"
                size="small"
                title={
                  <Space wrap>
                    <span>{t.title}</span>
                    <Tag color={t.kind === 'training' ? 'blue' : 'cyan'}>{t.kindLabel}</Tag>
                    {t.scope === 'programme' ? <Tag>面向全方案</Tag> : null}
                  </Space>
                }
                extra={<Typography.Text type="secondary">{fmtDate(t.heldOn)}</Typography.Text>}
              >
                <Descriptions
                  size="small"
                  column={{ xs: 1, md: 2 }}
                  styles={{ label: { width: 100, whiteSpace: 'nowrap' } }}
                  items={[
                    { key: 'l', label: '地点', children: t.location ?? '—' },
                    { key: 'g', label: '主讲或指导人', children: t.givenBy ?? '—' },
                    { key: 'p', label: '参加人员', children: `${t.participants ?? '—'}${t.participantCount !== null ? `（${t.participantCount} 人）` : ''}`, span: 'filled' },
                    { key: 'c', label: '主要内容', children: <Text value={t.content} />, span: 'filled' },
                    { key: 'f', label: '附件', children: <Files files={t.attachments} /> },
                    { key: 'r', label: '记录', children: `${t.recordedByOrgName} · ${fmtDateTime(t.recordedAt)}` },
                  ]}
                />
              </Card>
            ))}
          </Space>
        )}
      </Card>
      {recording ? <RecordModal project={project} mayProgramme={d.actions.includes('recordProgramme')} onClose={() => setRecording(false)} onDone={refresh} /> : null}
    </Space>
  );
}

function RecordModal({ project, mayProgramme, onClose, onDone }: { project: PilotProject; mayProgramme: boolean; onClose: () => void; onDone: () => void }) {
  type V = { kind: 'training' | 'guidance'; scope: 'project' | 'programme'; title: string; heldOn: Dayjs; location?: string; givenBy?: string; participants?: string; participantCount?: number | null; content: string; files: EvidenceFile[] };
  const today = todayCst();
  return (
    <FormModal<V>
      title="记录培训或工作指导"
      okText="保存记录"
      width={760}
      initialValues={{ kind: 'guidance', scope: 'project', heldOn: toDay(today), files: [] }}
      request={(v) => {
        const body = {
          kind: v.kind,
          title: v.title,
          heldOn: dayOf(v.heldOn),
          location: v.location?.trim() || null,
          givenBy: v.givenBy?.trim() || null,
          participants: v.participants?.trim() || null,
          participantCount: v.participantCount ?? null,
          content: v.content,
          attachmentIds: evidenceIds(v.files ?? []),
        };
        return v.kind === 'training' && v.scope === 'programme'
          ? { path: `/programmes/${project.programmeId}/training-records`, body: { ...body, projectId: null } }
          : { path: `/projects/${project.id}/training-records`, body: { ...body, projectId: project.id } };
      }}
      mapPath={(p) => (p[0] === 'attachmentIds' ? ['files'] : p)}
      success="记录已保存，已通知承接单位"
      onClose={onClose}
      onDone={onDone}
    >
      {(form) => <Fields form={form} mayProgramme={mayProgramme} today={today} programmeName={project.programmeName} />}
    </FormModal>
  );
}

function Fields({ form, mayProgramme, today, programmeName }: { form: import('antd').FormInstance; mayProgramme: boolean; today: string; programmeName: string }) {
  const kind = Form.useWatch('kind', form) as string | undefined;
  return (
    <>
      <Row gutter={16}>
        <Col xs={24} md={12}>
          <Form.Item name="kind" label="类别" rules={requiredPick('类别')}>
            <Radio.Group
              options={[
                { value: 'guidance', label: '工作指导' },
                { value: 'training', label: '专项培训' },
              ]}
            />
          </Form.Item>
        </Col>
        <Col xs={24} md={12}>
          {kind === 'training' && mayProgramme ? (
            <Form.Item name="scope" label="范围">
              <Radio.Group
                options={[
                  { value: 'project', label: '本项目' },
                  { value: 'programme', label: `全方案（${programmeName}）` },
                ]}
              />
            </Form.Item>
          ) : null}
        </Col>
      </Row>
      <Row gutter={16}>
        <Col xs={24} md={16}>
          <Form.Item name="title" label="主题" rules={[...required('主题'), { max: 120, message: '主题不能超过 120 个字' }]}>
            <Input maxLength={120} />
          </Form.Item>
        </Col>
        <Col xs={24} md={8}>
          <Form.Item name="heldOn" label="日期" rules={[...requiredPick('日期'), dayRule]}>
            <DayPicker style={{ width: '100%' }} placeholder="请选择日期" disabledDate={(d) => d.format('YYYY-MM-DD') > today} disabledDateMessage={`日期不能晚于今天（${today}），请记录已举行的活动`} />
          </Form.Item>
        </Col>
      </Row>
      <Row gutter={16}>
        <Col xs={24} md={12}>
          <Form.Item name="location" label="地点（选填）" rules={[{ max: 200, message: '地点不能超过 200 个字' }]}>
            <Input maxLength={200} />
          </Form.Item>
        </Col>
        <Col xs={24} md={12}>
          <Form.Item name="givenBy" label="主讲或指导人（选填）" rules={[{ max: 200, message: '主讲或指导人不能超过 200 个字' }]}>
            <Input maxLength={200} />
          </Form.Item>
        </Col>
      </Row>
      <Row gutter={16}>
        <Col xs={24} md={16}>
          <Form.Item name="participants" label="参加人员（选填）" rules={[{ max: 2000, message: '参加人员不能超过 2000 个字' }]}>
            <Input maxLength={2000} placeholder="如：项目负责人及项目组成员" />
          </Form.Item>
        </Col>
        <Col xs={24} md={8}>
          <Form.Item name="participantCount" label="参加人数（选填）">
            <InputNumber min={0} max={100000} precision={0} style={{ width: '100%' }} suffix="人" />
          </Form.Item>
        </Col>
      </Row>
      <Form.Item name="content" label="主要内容" rules={[...required('主要内容'), { max: 8000, message: '主要内容不能超过 8000 个字' }]}>
        <Input.TextArea rows={5} maxLength={8000} showCount />
      </Form.Item>
      <Form.Item name="files" label="附件（选填，如课件、签到表）">
        <FilesField />
      </Form.Item>
    </>
  );
}
