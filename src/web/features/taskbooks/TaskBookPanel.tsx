// TB-1…TB-5 三方任务书 on the project page: the association drafts, each party fills its parts, the
// three sign (SM2) in any order, and everyone downloads the Word and PDF with the verification code.
// Where the programme's agreementKind says so it is a 职能转移合同 (甲方, 乙方, 见证方): the same
// steps under the names the server gives (`agreement`).
import { CheckCircleTwoTone, ClockCircleOutlined, DownloadOutlined, EditOutlined, SafetyCertificateOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Col, Collapse, Descriptions, Empty, Form, Input, Modal, Row, Select, Skeleton, Space, Steps, Tag, Typography } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { api } from '../../shared/api';
import { useCan } from '../../shared/auth';
import { FormErrorList, QueryError, useErrorReporter } from '../../shared/errors';
import { fmtDateTime } from '../../shared/format';
import type { FieldError } from '../../../contract/common';
import type { Agreement, SigningParty, TaskBook, TaskBookList, TaskBookPart } from '../../../contract/taskbooks';
import { PartForm } from './TaskBookParts';

const statusColor: Record<string, string> = { drafting: 'default', signing: 'processing', signed: 'green', superseded: 'default' };
const partyOrder: SigningParty[] = ['department', 'society', 'association'];

export function TaskBookPanel({ project }: { project: { id: string } }) {
  const can = useCan();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const report = useErrorReporter();
  const list = useQuery({ queryKey: ['task-books', project.id], queryFn: ({ signal }) => api<TaskBookList>(`/projects/${project.id}/task-books`, { signal }) });
  const [chosen, setChosen] = useState<string | null>(null);
  const versions = list.data?.items ?? [];
  const current = chosen ?? versions.at(-1)?.id ?? null;
  const ag = list.data?.agreement;
  const draft = useMutation({
    mutationFn: () => api<TaskBook>(`/projects/${project.id}/task-books`, { method: 'POST' }),
    onSuccess: (b) => {
      message.success(`${b.agreement.title}已起草，已通知${b.agreement.partyLabels.department}和${b.agreement.partyLabels.society}填写`);
      setChosen(b.id);
      void qc.invalidateQueries({ queryKey: ['task-books', project.id] });
    },
    onError: (e) => report(e, { action: `起草${ag?.title ?? '任务书'}` }),
  });
  const canDraft = !!list.data?.actions.includes('draft');
  if (list.isLoading) return <Card><Skeleton active /></Card>;
  if (list.isError) return <Card><QueryError error={list.error} onRetry={() => list.refetch()} /></Card>;
  if (!versions.length) {
    const title = ag?.title ?? '三方任务书';
    const contract = ag?.kind === 'transferContract';
    return (
      <Card>
        <Empty
          description={
            canDraft
              ? contract
                ? `尚未起草${title}。${title}由甲方（职能转移部门）与乙方（承接学会）签订，科协为见证方；由科协起草后，甲乙双方分别填写本单位信息。`
                : `尚未起草${title}。由协调单位起草后，委托单位和承接单位分别填写本单位信息。`
              : `科协尚未起草${title}。`
          }
        >
          {canDraft && can('taskBook.edit') ? (
            <Button type="primary" icon={<EditOutlined />} loading={draft.isPending} onClick={() => draft.mutate()}>
              起草{title}
            </Button>
          ) : null}
        </Empty>
      </Card>
    );
  }
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      {versions.length > 1 ? (
        <Space wrap style={{ width: '100%' }}>
          <Typography.Text>版本：</Typography.Text>
          <Select
            style={{ width: 420, maxWidth: 'calc(100vw - 48px)' }}
            value={current}
            onChange={setChosen}
            options={[...versions].reverse().map((v) => ({ value: v.id, label: `第 ${v.version} 版 · ${v.statusLabel}${v.signedAt ? ` · ${fmtDateTime(v.signedAt)} 生效` : ''}` }))}
            aria-label={`选择${ag?.title ?? '任务书'}版本`}
          />
        </Space>
      ) : null}
      {current ? <TaskBookView id={current} projectId={project.id} /> : null}
    </Space>
  );
}

function TaskBookView({ id, projectId }: { id: string; projectId: string }) {
  const qc = useQueryClient();
  const q = useQuery({ queryKey: ['task-book', id], queryFn: ({ signal }) => api<TaskBook>(`/task-books/${id}`, { signal }) });
  const refresh = () => {
    void qc.invalidateQueries({ queryKey: ['task-book', id] });
    void qc.invalidateQueries({ queryKey: ['task-books', projectId] });
    void qc.invalidateQueries({ queryKey: ['projects', projectId] });
    void qc.invalidateQueries({ queryKey: ['todos/counts'] });
  };
  if (q.isLoading) return <Card><Skeleton active paragraph={{ rows: 10 }} /></Card>;
  if (q.isError || !q.data) return <Card><QueryError error={q.error} onRetry={() => q.refetch()} /></Card>;
  const b = q.data;
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Card
        title={
          <Space wrap>
            <span>
              {b.agreement.title}（第 {b.version} 版）
            </span>
            <Tag color={statusColor[b.status]}>{b.statusLabel}</Tag>
          </Space>
        }
        extra={<DocumentButtons book={b} />}
      >
        <SigningSummary book={b} onChanged={refresh} />
      </Card>
      {b.status === 'drafting' && b.missing.length ? (
        <Alert
          type="warning"
          showIcon
          title={`签署前还需完善 ${b.missing.length} 项`}
          description={
            <ul style={{ margin: 0, paddingInlineStart: 20 }}>
              {b.missing.slice(0, 12).map((m) => (
                <li key={m.path}>
                  <strong>{b.agreement.partLabels[m.path.split('.')[0] as TaskBookPart] ?? ''}</strong>：{m.message}
                </li>
              ))}
              {b.missing.length > 12 ? <li>……另有 {b.missing.length - 12} 项</li> : null}
            </ul>
          }
        />
      ) : null}
      {b.status === 'drafting' && b.contentBinding ? (
        <Alert type="info" showIcon title="变更后的新版本" description="本版本的内容为经批准的变更申请内容，不能再修改；三方签署后生效，原版本同时失效。" />
      ) : null}
      {b.status === 'superseded' ? (
        <Alert type="warning" showIcon title="本版本已被变更后的新版本替代" description={`本版本仅供查阅：三方已签署变更后的新版本，现行${b.agreement.title}以新版本为准。签署记录和校验码保留，仍可核验。`} />
      ) : null}
      {b.status === 'signing' || b.status === 'signed' ? (
        <Alert
          type="info"
          showIcon
          title={`${b.agreement.title}内容已冻结`}
          description={`首个签署完成后${b.agreement.title}内容不能再修改；如需变更，请由${b.agreement.partyLabels.society}提交书面变更申请，经批准后形成新版本并重新签署。`}
        />
      ) : null}
      <PartsEditor book={b} onSaved={refresh} />
    </Space>
  );
}

function DocumentButtons({ book }: { book: TaskBook }) {
  const hint = book.status === 'signed' || book.status === 'superseded' ? '' : book.status === 'signing' ? '（签署中）' : '（草稿）';
  return (
    <Space wrap>
      <Button icon={<DownloadOutlined />} href={`/api/v1/task-books/${book.id}/document?format=docx`}>
        下载 Word{hint}
      </Button>
      <Button icon={<DownloadOutlined />} href={`/api/v1/task-books/${book.id}/document?format=pdf`}>
        下载 PDF{hint}
      </Button>
    </Space>
  );
}

function SigningSummary({ book, onChanged }: { book: TaskBook; onChanged: () => void }) {
  const { message } = App.useApp();
  const report = useErrorReporter();
  const [signing, setSigning] = useState(false);
  const [declining, setDeclining] = useState(false);
  const active = book.signatures.filter((s) => !s.withdrawnAt);
  const withdrawn = book.signatures.filter((s) => s.withdrawnAt);
  const partyLabels: Agreement['partyLabels'] = book.agreement.partyLabels;
  const items = partyOrder.map((party) => {
    const s = active.find((x) => x.party === party);
    return {
      title: partyLabels[party],
      status: s ? ('finish' as const) : book.status === 'drafting' ? ('wait' as const) : ('process' as const),
      icon: s ? <CheckCircleTwoTone twoToneColor="#52c41a" /> : <ClockCircleOutlined />,
      content: (
        <Space orientation="vertical" size={0}>
          <Typography.Text>{book.parties[party].orgName}</Typography.Text>
          {s ? (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {fmtDateTime(s.signedAt)} 签署（经办人 {s.signerName}）{s.opinion ? `：${s.opinion}` : ''}
            </Typography.Text>
          ) : (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {book.status === 'drafting' ? '待填写完整后签署' : '待签署'}
            </Typography.Text>
          )}
        </Space>
      ),
    };
  });
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Steps items={items} size="small" />
      {book.verificationCode ? (
        <Descriptions
          size="small"
          column={{ xs: 1, md: 2 }}
          items={[
            { key: 'code', label: '校验码', children: <Typography.Text copyable strong style={{ fontFamily: 'monospace', fontSize: 15 }}>{book.verificationCode}</Typography.Text> },
            { key: 'v', label: '核验', children: <a href={`/portal/verify?code=${encodeURIComponent(book.verificationCode)}`} target="_blank" rel="noreferrer"><SafetyCertificateOutlined /> 在门户网站核验</a> },
            { key: 'd', label: '内容摘要（SM3）', children: <Typography.Text type="secondary" style={{ fontFamily: 'monospace', fontSize: 12, wordBreak: 'break-all' }}>{book.contentDigest}</Typography.Text>, span: 'filled' },
          ]}
        />
      ) : null}
      {withdrawn.length ? (
        <Alert
          type="warning"
          showIcon
          title="曾退回修改"
          description={withdrawn.map((s) => `${s.partyLabel}（${s.orgName}）${fmtDateTime(s.signedAt)} 的签署已于 ${fmtDateTime(s.withdrawnAt)} 撤回：${s.withdrawnReason ?? ''}`).join('；')}
        />
      ) : null}
      {book.actions.length ? (
        <Space wrap>
          {book.actions.includes('sign') ? (
            <Button type="primary" icon={<SafetyCertificateOutlined />} onClick={() => setSigning(true)} disabled={book.status === 'drafting' && book.missing.length > 0}>
              以{book.myParty ? partyLabels[book.myParty] : ''}身份签署
            </Button>
          ) : null}
          {book.actions.includes('withdrawSignatures') ? <Button danger onClick={() => setDeclining(true)}>不同意，退回修改</Button> : null}
          {book.actions.includes('sign') && book.status === 'drafting' && book.missing.length > 0 ? <Typography.Text type="secondary">请先完善下方提示的内容</Typography.Text> : null}
        </Space>
      ) : null}
      {signing ? (
        <ReasonModal
          title={`签署${book.agreement.title}`}
          intro={book.status === 'drafting' ? `签署后${book.agreement.title}内容即被冻结，三方均不能再修改；签署使用本单位的 SM2 数字签名。` : `签署使用本单位的 SM2 数字签名，签署的是冻结后的${book.agreement.title}内容。`}
          label="本单位意见（选填）"
          required={false}
          okText="确认签署"
          onCancel={() => setSigning(false)}
          onOk={(opinion) =>
            api<TaskBook>(`/task-books/${book.id}/sign`, { method: 'POST', body: { rowVersion: book.rowVersion, opinion: opinion || null } }).then(
              (r) => {
                message.success(r.status === 'signed' ? `三方均已签署，${r.agreement.title}生效` : '已签署');
                setSigning(false);
                onChanged();
              },
              (e) => {
                report(e, { action: '签署', onRefresh: onChanged });
                throw e;
              },
            )
          }
        />
      ) : null}
      {declining ? (
        <ReasonModal
          title="退回修改"
          intro={`已有的签署将被撤回（记录保留），${book.agreement.title}回到起草状态，修改后须由三方重新签署。`}
          label="退回理由"
          required
          okText="确认退回"
          danger
          onCancel={() => setDeclining(false)}
          onOk={(reason) =>
            api<TaskBook>(`/task-books/${book.id}/withdraw-signatures`, { method: 'POST', body: { rowVersion: book.rowVersion, reason } }).then(
              () => {
                message.success('已退回修改');
                setDeclining(false);
                onChanged();
              },
              (e) => {
                report(e, { action: '退回', onRefresh: onChanged });
                throw e;
              },
            )
          }
        />
      ) : null}
    </Space>
  );
}

function ReasonModal(props: { title: string; intro: string; label: string; required: boolean; okText: string; danger?: boolean; onCancel: () => void; onOk: (text: string) => Promise<void> }) {
  const [form] = Form.useForm<{ text: string }>();
  const [busy, setBusy] = useState(false);
  return (
    <Modal
      open
      title={props.title}
      okText={props.okText}
      cancelText="取消"
      okButtonProps={{ danger: props.danger, loading: busy }}
      onCancel={props.onCancel}
      onOk={() =>
        form.validateFields().then(async (v) => {
          setBusy(true);
          try {
            await props.onOk((v.text ?? '').trim());
          } catch {
            /* reported */
          } finally {
            setBusy(false);
          }
        })
      }
    >
      <Typography.Paragraph type="secondary">{props.intro}</Typography.Paragraph>
      <Form form={form} layout="vertical">
        <Form.Item name="text" label={props.label} rules={props.required ? [{ required: true, whitespace: true, message: `请填写${props.label}` }, { min: 4, message: '至少 4 个字' }] : []}>
          <Input.TextArea rows={3} maxLength={1000} showCount />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function PartsEditor({ book, onSaved }: { book: TaskBook; onSaved: () => void }) {
  const order: TaskBookPart[] = ['project', 'society', 'department', 'association'];
  const mine = useMemo(() => new Set(book.editableParts), [book.editableParts]);
  const [open, setOpen] = useState<string[]>([]);
  useEffect(() => setOpen(book.editableParts.filter((p) => p !== 'project').slice(0, 1)), [book.id, book.editableParts]);
  return (
    <Collapse
      activeKey={open}
      onChange={(k) => setOpen(k as string[])}
      items={order.map((part) => ({
        key: part,
        label: (
          <Space>
            <strong>{book.agreement.partLabels[part]}</strong>
            {mine.has(part) ? <Tag color="blue">本单位填写</Tag> : null}
            {book.missing.some((m) => m.path.startsWith(`${part}.`)) ? <Tag color="warning">待完善</Tag> : null}
          </Space>
        ),
        children: <PartSection book={book} part={part} editable={mine.has(part)} onSaved={onSaved} />,
      }))}
    />
  );
}

function PartSection({ book, part, editable, onSaved }: { book: TaskBook; part: TaskBookPart; editable: boolean; onSaved: () => void }) {
  const { message } = App.useApp();
  const report = useErrorReporter();
  const [errors, setErrors] = useState<FieldError[]>([]);
  const save = useMutation({
    mutationFn: (value: Record<string, unknown>) => api<TaskBook>(`/task-books/${book.id}/parts/${part}`, { method: 'PUT', body: { rowVersion: book.rowVersion, value } }),
    onSuccess: () => {
      setErrors([]);
      message.success(`${book.agreement.partLabels[part]}已保存`);
      onSaved();
    },
    onError: (e) => setErrors(report(e, { action: '保存', onRefresh: onSaved, mapPath: (p) => p.slice(1) })),
  });
  return (
    <Row>
      <Col span={24}>
        <FormErrorList errors={errors} />
        <PartForm part={part} book={book} editable={editable} saving={save.isPending} saveLabel={`保存${book.agreement.partLabels[part]}`} onSave={(v) => save.mutate(v)} />
      </Col>
    </Row>
  );
}
