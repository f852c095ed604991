// SUP-4 监督检查 on the project page: observers the coordinating association assigns (and may end
// early), and expert panel inspections the commissioning department plans, changes, cancels, and
// records findings and a conclusion for; a conclusion needing rectification leads to an order.
import { MinusCircleOutlined, PlusOutlined, UserAddOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Col, Descriptions, Empty, Form, Input, Row, Select, Skeleton, Space, Table, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { api } from '../../shared/api';
import { QueryError } from '../../shared/errors';
import { fmtDateTime, fmtRange, todayCst } from '../../shared/format';
import { DayPicker, DayRangePicker, dayRule } from '../../shared/DayPicker';
import type { Page } from '../../../contract/common';
import type { PilotProject } from '../../../contract/selection';
import type { UserListItem as User } from '../../../contract/users';
import type { Inspection, InspectionList, Observer, ObserverList, PanelPerson } from '../../../contract/implementation';
import { useCan } from '../../shared/auth';
import { evidenceFromAttachments, evidenceIds, type EvidenceFile } from '../selection/EvidenceUpload';
import { FilesField, FormModal, Files, Status, Text, dayOf, implKey, required, requiredPick, toDay, useProjectRefresh } from './ImplementationShared';
import { IssueRectificationModal } from './RectificationTab';

const conclusionColor: Record<string, string> = { good: 'green', pass: 'blue', needsRectification: 'orange', fail: 'red' };
const conclusions = [
  { value: 'good', label: '良好' },
  { value: 'pass', label: '合格' },
  { value: 'needsRectification', label: '需整改' },
  { value: 'fail', label: '不合格' },
];

export function InspectionTab({ project }: { project: PilotProject }) {
  const obs = useQuery({ queryKey: implKey(project.id, 'observers'), queryFn: ({ signal }) => api<ObserverList>(`/projects/${project.id}/observers`, { signal }) });
  const ins = useQuery({ queryKey: implKey(project.id, 'inspections'), queryFn: ({ signal }) => api<InspectionList>(`/projects/${project.id}/inspections`, { signal }) });
  const refresh = useProjectRefresh(project.id);
  const [modal, setModal] = useState<{ kind: 'assign' } | { kind: 'plan' } | { kind: 'end'; o: Observer } | null>(null);
  if (obs.isLoading || ins.isLoading) return <Card><Skeleton active /></Card>;
  if (obs.isError || !obs.data) return <Card><QueryError error={obs.error} onRetry={() => obs.refetch()} /></Card>;
  if (ins.isError || !ins.data) return <Card><QueryError error={ins.error} onRetry={() => ins.refetch()} /></Card>;
  const toRecord = ins.data.items.filter((i) => i.actions.includes('recordFindings') && i.plannedOn <= todayCst());
  const observerColumns: TableColumnsType<Observer> = [
    {
      title: '观察员',
      dataIndex: 'personName',
      width: 130,
      render: (v: string, o) => (
        <Space orientation="vertical" size={0}>
          <span>{v}</span>
          {o.userId ? <Typography.Text type="secondary" style={{ fontSize: 12 }}>已关联平台账号</Typography.Text> : null}
        </Space>
      ),
    },
    { title: '工作单位', dataIndex: 'employer', width: 200 },
    { title: '委派期间', key: 'period', width: 210, render: (_: unknown, o) => fmtRange(o.fromOn, o.endedOn ?? o.toOn) },
    { title: '工作职责', dataIndex: 'duties', width: 240, render: (v: string | null) => v ?? '—' },
    {
      title: '状态',
      key: 'state',
      width: 170,
      render: (_: unknown, o) =>
        o.endedOn ? (
          <Space orientation="vertical" size={0}>
            <Tag>已提前结束</Tag>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>{o.endedReason}</Typography.Text>
          </Space>
        ) : o.active ? (
          <Tag color="green">在任</Tag>
        ) : o.fromOn > todayCst() ? (
          <Tag color="blue">未开始</Tag>
        ) : (
          <Tag>已期满</Tag>
        ),
    },
    ...(obs.data.actions.includes('assign')
      ? [{ title: '操作', key: 'op', width: 100, render: (_: unknown, o: Observer) => (o.actions.includes('end') ? <Button size="small" onClick={() => setModal({ kind: 'end', o })}>提前结束</Button> : null) }]
      : []),
  ];
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      {toRecord.length ? <Alert type="warning" showIcon title={`${toRecord.length} 次专家组检查待登记检查意见`} description="检查完成后，请登记专家组的检查发现和结论。" /> : null}
      <Card
        title="专家组检查"
        extra={
          ins.data.actions.includes('plan') ? (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setModal({ kind: 'plan' })}>
              安排专家组检查
            </Button>
          ) : null
        }
      >
        {!ins.data.items.length ? (
          <Empty description="暂无专家组检查" />
        ) : (
          <Space orientation="vertical" size={12} style={{ width: '100%' }}>
            {ins.data.items.map((i) => (
              <InspectionCard key={i.id} i={i} project={project} onChanged={refresh} />
            ))}
          </Space>
        )}
      </Card>
      <Card
        title="观察员"
        extra={
          obs.data.actions.includes('assign') ? (
            <Button icon={<UserAddOutlined />} onClick={() => setModal({ kind: 'assign' })}>
              委派观察员
            </Button>
          ) : null
        }
      >
        <Table<Observer> rowKey="id" size="small" columns={observerColumns} dataSource={obs.data.items} pagination={false} scroll={{ x: 960 }} locale={{ emptyText: '暂未委派观察员' }} />
      </Card>
      {modal?.kind === 'assign' ? <AssignModal project={project} onClose={() => setModal(null)} onDone={refresh} /> : null}
      {modal?.kind === 'plan' ? <PlanInspectionModal project={project} onClose={() => setModal(null)} onDone={refresh} /> : null}
      {modal?.kind === 'end' ? (
        <FormModal<{ endedOn: Dayjs; reason: string }>
          title={`提前结束委派：${modal.o.personName}`}
          okText="确认结束"
          danger
          initialValues={{ endedOn: toDay(todayCst()) }}
          request={(v) => ({ path: `/observers/${modal.o.id}/end`, body: { rowVersion: modal.o.rowVersion, endedOn: dayOf(v.endedOn), reason: v.reason } })}
          success="观察员委派已结束"
          onClose={() => setModal(null)}
          onDone={refresh}
        >
          {() => (
            <>
              <Form.Item name="endedOn" label="结束日期" rules={[...requiredPick('结束日期'), dayRule]}>
                <DayPicker style={{ width: '100%' }} placeholder="请选择日期" />
              </Form.Item>
              <Form.Item name="reason" label="结束原因" rules={[...required('结束原因'), { max: 500, message: '结束原因不能超过 500 个字' }]}>
                <Input.TextArea rows={3} maxLength={500} showCount />
              </Form.Item>
            </>
          )}
        </FormModal>
      ) : null}
    </Space>
  );
}

function InspectionCard({ i, project, onChanged }: { i: Inspection; project: PilotProject; onChanged: () => void }) {
  const [modal, setModal] = useState<'edit' | 'findings' | 'cancel' | 'rectify' | null>(null);
  return (
    <Card
      type="inner"
      size="small"
      title={
        <Space wrap>
          <span>专家组检查 · {i.inspectedOn ?? i.plannedOn}</span>
          <Status status={i.status} label={i.statusLabel} />
          {i.conclusion ? <Tag color={conclusionColor[i.conclusion]}>结论：{i.conclusionLabel}</Tag> : null}
        </Space>
      }
      extra={
        <Space wrap>
          {i.actions.includes('recordFindings') ? (
            <Button type="primary" size="small" onClick={() => setModal('findings')}>
              登记检查意见
            </Button>
          ) : null}
          {i.actions.includes('edit') ? (
            <Button size="small" onClick={() => setModal('edit')}>
              修改安排
            </Button>
          ) : null}
          {i.actions.includes('cancel') ? (
            <Button size="small" danger onClick={() => setModal('cancel')}>
              取消检查
            </Button>
          ) : null}
          {i.actions.includes('issueRectification') ? (
            <Button size="small" type="primary" ghost onClick={() => setModal('rectify')}>
              下达整改通知
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
          { key: 'p', label: '检查内容', children: <Text value={i.purpose} />, span: 'filled' },
          { key: 'd', label: '计划日期', children: i.plannedOn },
          { key: 'a', label: '实际日期', children: i.inspectedOn ?? '—' },
          { key: 'g', label: '专家组', children: i.panel.map((x) => `${x.name}（${x.employer}${x.title ? `，${x.title}` : ''}）`).join('；'), span: 'filled' },
          ...(i.findings ? [{ key: 'f', label: '检查发现', children: <Text value={i.findings} />, span: 'filled' as const }] : []),
          ...(i.cancelledReason ? [{ key: 'c', label: '取消原因', children: i.cancelledReason, span: 'filled' as const }] : []),
          { key: 'files', label: '附件', children: <Files files={i.attachments} />, span: 'filled' },
          ...(i.findingsRecordedAt ? [{ key: 'r', label: '登记时间', children: fmtDateTime(i.findingsRecordedAt) }] : []),
        ]}
      />
      {modal === 'edit' ? <PlanInspectionModal project={project} existing={i} onClose={() => setModal(null)} onDone={onChanged} /> : null}
      {modal === 'findings' ? <FindingsModal i={i} onClose={() => setModal(null)} onDone={onChanged} /> : null}
      {modal === 'cancel' ? (
        <FormModal<{ reason: string }>
          title="取消专家组检查"
          okText="确认取消"
          danger
          request={(v) => ({ path: `/inspections/${i.id}/cancel`, body: { rowVersion: i.rowVersion, reason: v.reason } })}
          success="检查已取消，已通知承接单位和协调单位"
          onClose={() => setModal(null)}
          onDone={onChanged}
        >
          {() => (
            <Form.Item name="reason" label="取消原因" rules={[...required('取消原因'), { max: 500, message: '取消原因不能超过 500 个字' }]}>
              <Input.TextArea rows={3} maxLength={500} showCount />
            </Form.Item>
          )}
        </FormModal>
      ) : null}
      {modal === 'rectify' ? <IssueRectificationModal project={project} inspectionId={i.id} onClose={() => setModal(null)} onDone={onChanged} /> : null}
    </Card>
  );
}

/** SUP-4: the observer's platform account (an expert, an evaluator …), searched by name or account. */
function ObserverAccountPicker({ id, value, onChange, onPicked }: { id?: string; value?: string; onChange?: (v: string | undefined) => void; onPicked: (u: User) => void }) {
  const [q, setQ] = useState('');
  const users = useQuery({ queryKey: ['/users', 'observer-picker', q], queryFn: ({ signal }) => api<Page<User>>('/users', { query: { q: q || undefined, limit: 20 }, signal }) });
  return (
    <Select
      id={id}
      allowClear
      showSearch={{ filterOption: false, onSearch: setQ }}
      value={value}
      onChange={(v?: string) => {
        onChange?.(v);
        const u = users.data?.items.find((x) => x.id === v);
        if (u) onPicked(u);
      }}
      loading={users.isFetching}
      placeholder="输入姓名或账号查找"
      notFoundContent={users.isFetching ? '正在查找…' : '没有找到账号'}
      options={(users.data?.items ?? []).map((u) => ({ value: u.id, label: `${u.displayName}（${u.orgName}${u.roleLabels.length ? ` · ${u.roleLabels.join('、')}` : ''}）` }))}
    />
  );
}

function AssignModal({ project, onClose, onDone }: { project: PilotProject; onClose: () => void; onDone: () => void }) {
  type V = { userId?: string; personName: string; employer: string; period: [Dayjs, Dayjs]; duties?: string };
  const canPickAccount = useCan()('user.read');
  return (
    <FormModal<V>
      title="委派观察员"
      okText="委派"
      intro={`观察员参与“${project.title}”的项目巡视；委派后通知承接单位和委托单位。关联平台账号的观察员在委派期内可登录查阅本项目（只读）。`}
      request={(v) => ({ path: `/projects/${project.id}/observers`, body: { personName: v.personName, employer: v.employer, userId: v.userId ?? null, fromOn: dayOf(v.period[0]), toOn: dayOf(v.period[1]), duties: v.duties?.trim() || null } })}
      mapPath={(p) => (p[0] === 'fromOn' || p[0] === 'toOn' ? ['period'] : p)}
      success="观察员已委派"
      onClose={onClose}
      onDone={onDone}
    >
      {(form) => (
        <>
          {canPickAccount ? (
            <Form.Item name="userId" label="平台账号（选填）" extra="选择后，观察员在委派期内可登录查阅本项目及各项监督记录">
              <ObserverAccountPicker
                onPicked={(u) => {
                  if (!form.getFieldValue('personName')) form.setFieldValue('personName', u.displayName);
                  if (!form.getFieldValue('employer')) form.setFieldValue('employer', u.orgName);
                }}
              />
            </Form.Item>
          ) : null}
          <Row gutter={16}>
            <Col xs={24} md={10}>
              <Form.Item name="personName" label="姓名" rules={[...required('观察员姓名'), { max: 40, message: '姓名不能超过 40 个字' }]}>
                <Input maxLength={40} />
              </Form.Item>
            </Col>
            <Col xs={24} md={14}>
              <Form.Item name="employer" label="工作单位" rules={[...required('工作单位'), { max: 100, message: '工作单位不能超过 100 个字' }]}>
                <Input maxLength={100} />
              </Form.Item>
            </Col>
          </Row>
          <Form.Item name="period" label="委派期间" rules={[...requiredPick('委派期间'), dayRule]}>
            <DayRangePicker style={{ width: '100%' }} placeholder={['开始日期', '结束日期']} />
          </Form.Item>
          <Form.Item name="duties" label="工作职责（选填）" rules={[{ max: 2000, message: '工作职责不能超过 2000 个字' }]}>
            <Input.TextArea rows={3} maxLength={2000} placeholder="如：参与项目巡视，列席项目例会，了解项目实施情况" />
          </Form.Item>
        </>
      )}
    </FormModal>
  );
}

function PlanInspectionModal({ project, existing, onClose, onDone }: { project: PilotProject; existing?: Inspection; onClose: () => void; onDone: () => void }) {
  type V = { plannedOn: Dayjs; purpose: string; panel: PanelPerson[]; files: EvidenceFile[] };
  return (
    <FormModal<V>
      title={existing ? '修改检查安排' : '安排专家组检查'}
      okText={existing ? '保存' : '安排检查'}
      width={760}
      intro={existing ? undefined : '安排后通知承接单位和协调单位；检查结束后请登记检查意见。'}
      initialValues={existing ? { plannedOn: toDay(existing.plannedOn), purpose: existing.purpose, panel: existing.panel, files: evidenceFromAttachments(existing.attachments) } : { panel: [{ name: '', employer: '' }], files: [] }}
      request={(v) => ({
        path: existing ? `/inspections/${existing.id}` : `/projects/${project.id}/inspections`,
        method: existing ? 'PUT' : 'POST',
        body: {
          ...(existing ? { rowVersion: existing.rowVersion } : {}),
          plannedOn: dayOf(v.plannedOn),
          purpose: v.purpose,
          panel: v.panel.map((x) => ({ name: x.name, employer: x.employer, title: x.title?.trim() || null })),
          attachmentIds: evidenceIds(v.files ?? []),
        },
      })}
      mapPath={(p) => (p[0] === 'attachmentIds' ? ['files'] : p)}
      success={existing ? '检查安排已修改' : '专家组检查已安排'}
      onClose={onClose}
      onDone={onDone}
    >
      {() => (
        <>
          <Form.Item name="plannedOn" label="检查日期" rules={[...requiredPick('检查日期'), dayRule]}>
            <DayPicker style={{ width: '100%' }} placeholder="请选择日期" />
          </Form.Item>
          <Form.Item name="purpose" label="检查内容" rules={[...required('检查内容'), { max: 2000, message: '检查内容不能超过 2000 个字' }]}>
            <Input.TextArea rows={3} maxLength={2000} placeholder="如：中期检查，重点检查实施进度、经费使用和阶段成果质量" />
          </Form.Item>
          <Typography.Text strong>专家组成员</Typography.Text>
          <Form.List name="panel" rules={[{ validator: async (_, v: unknown[]) => (v?.length ? undefined : Promise.reject(new Error('请填写专家组成员'))) }]}>
            {(fields, { add, remove }, { errors }) => (
              <div style={{ marginTop: 8 }}>
                {fields.map((f) => (
                  <Row key={f.key} gutter={8} align="top">
                    <Col xs={24} md={6}>
                      <Form.Item name={[f.name, 'name']} rules={[...required('姓名'), { max: 40, message: '姓名不能超过 40 个字' }]}>
                        <Input placeholder="姓名" maxLength={40} />
                      </Form.Item>
                    </Col>
                    <Col xs={24} md={10}>
                      <Form.Item name={[f.name, 'employer']} rules={[...required('工作单位'), { max: 100, message: '工作单位不能超过 100 个字' }]}>
                        <Input placeholder="工作单位" maxLength={100} />
                      </Form.Item>
                    </Col>
                    <Col xs={20} md={6}>
                      <Form.Item name={[f.name, 'title']} rules={[{ max: 60, message: '职务/职称不能超过 60 个字' }]}>
                        <Input placeholder="职务/职称（选填）" maxLength={60} />
                      </Form.Item>
                    </Col>
                    <Col xs={4} md={2}>
                      {fields.length > 1 ? <Button type="text" icon={<MinusCircleOutlined />} aria-label="删除该成员" onClick={() => remove(f.name)} /> : null}
                    </Col>
                  </Row>
                ))}
                <Form.ErrorList errors={errors} />
                {fields.length < 20 ? (
                  <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ name: '', employer: '' })} style={{ marginBottom: 16 }}>
                    添加专家
                  </Button>
                ) : null}
              </div>
            )}
          </Form.List>
          <Form.Item name="files" label="附件（选填，如检查通知）">
            <FilesField />
          </Form.Item>
        </>
      )}
    </FormModal>
  );
}

function FindingsModal({ i, onClose, onDone }: { i: Inspection; onClose: () => void; onDone: () => void }) {
  type V = { inspectedOn: Dayjs; findings: string; conclusion: string; files: EvidenceFile[] };
  const today = todayCst();
  return (
    <FormModal<V>
      title="登记专家组检查意见"
      okText="登记"
      width={720}
      intro="登记后通知承接单位和协调单位。结论为“需整改”或“不合格”的，可随后下达整改通知。"
      initialValues={{ inspectedOn: toDay(i.plannedOn <= today ? i.plannedOn : today), files: [] }}
      request={(v) => ({ path: `/inspections/${i.id}/findings`, body: { rowVersion: i.rowVersion, inspectedOn: dayOf(v.inspectedOn), findings: v.findings, conclusion: v.conclusion, attachmentIds: evidenceIds(v.files ?? []) } })}
      mapPath={(p) => (p[0] === 'attachmentIds' ? ['files'] : p)}
      success="检查意见已登记"
      onClose={onClose}
      onDone={onDone}
    >
      {() => (
        <>
          <Row gutter={16}>
            <Col xs={24} md={12}>
              <Form.Item name="inspectedOn" label="实际检查日期" rules={[...requiredPick('实际检查日期'), dayRule]}>
                <DayPicker style={{ width: '100%' }} placeholder="请选择日期" disabledDate={(d) => d.format('YYYY-MM-DD') > today} disabledDateMessage={`实际检查日期不能晚于今天（${today}）`} />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item name="conclusion" label="检查结论" rules={requiredPick('检查结论')}>
                <Select options={conclusions} placeholder="请选择" />
              </Form.Item>
            </Col>
          </Row>
          <Form.Item name="findings" label="检查发现" rules={[...required('检查发现'), { max: 8000, message: '检查发现不能超过 8000 个字' }]}>
            <Input.TextArea rows={6} maxLength={8000} showCount />
          </Form.Item>
          <Form.Item name="files" label="附件（选填，如专家组检查意见书）">
            <FilesField />
          </Form.Item>
        </>
      )}
    </FormModal>
  );
}
