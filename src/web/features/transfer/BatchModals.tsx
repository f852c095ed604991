// SEL-1 转发学会 and SEL-5 报送会签: the association acts on several items of one programme at once.
// The server checks each item; its answers are shown against the items' titles.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Form, Input, Modal, Typography } from 'antd';
import { RecordList } from '../../shared/RecordList';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { api, fieldPath, isApiError } from '../../shared/api';
import { useErrorReporter } from '../../shared/errors';
import { dayjs, fmtDate, todayCst } from '../../shared/format';
import { DayPicker, dayRule } from '../../shared/DayPicker';
import type { FieldError } from '../../../contract/common';
import type { Countersign } from '../../../contract/selection';
import type { RelayRecipients, RelayResult } from '../../../contract/transfer';
import { StatusTag, useProgramme } from './common';

export interface BatchItem {
  id: string;
  title: string;
  status: string;
  statusLabel?: string;
}

/** Errors at body.itemIds.N name the item; other errors name their field. */
function ItemErrors({ errors, items }: { errors: FieldError[]; items: BatchItem[] }) {
  if (!errors.length) return null;
  return (
    <Alert
      type="error"
      showIcon
      role="alert"
      style={{ marginBottom: 16 }}
      title="以下事项不能提交，请调整后重试"
      description={
        <ul style={{ margin: 0, paddingInlineStart: 20 }}>
          {errors.map((e, i) => {
            const p = fieldPath(e.path);
            const item = p[0] === 'itemIds' && typeof p[1] === 'number' ? items[p[1]] : undefined;
            return (
              <li key={i}>
                {item ? <strong>{item.title}：</strong> : null}
                {e.message}
              </li>
            );
          })}
        </ul>
      }
    />
  );
}

function ItemList({ items }: { items: BatchItem[] }) {
  return (
    <RecordList
      bordered
      style={{ marginBottom: 16, maxHeight: 220, overflow: 'auto' }}
      items={items}
      rowKey={(i) => i.id}
      render={(i) => (
        <>
          <span style={{ minWidth: 0 }}>{i.title}</span>
          <StatusTag kind="item" status={i.status} label={i.statusLabel} />
        </>
      )}
    />
  );
}

export function RelayModal({ programmeId, items, onClose }: { programmeId: string; items: BatchItem[]; onClose: (done: boolean) => void }) {
  const [form] = Form.useForm<{ deadline?: dayjs.Dayjs; note?: string }>();
  const qc = useQueryClient();
  const { modal, message } = App.useApp();
  const report = useErrorReporter();
  const [errors, setErrors] = useState<FieldError[]>([]);
  const programme = useProgramme(programmeId);
  // SEL-1: who the relay reaches, by the programme's parameter (own societies, or also those below)
  const recipients = useQuery({
    queryKey: ['relays/recipients', programmeId],
    queryFn: ({ signal }) => api<RelayRecipients>(`/relays/recipients?programmeId=${encodeURIComponent(programmeId)}`, { signal }),
  });
  const relay = useMutation({
    mutationFn: (v: { deadline?: dayjs.Dayjs; note?: string }) =>
      api<RelayResult>('/relays', {
        method: 'POST',
        body: { programmeId, itemIds: items.map((i) => i.id), deadline: v.deadline ? v.deadline.format('YYYY-MM-DD') : null, note: v.note?.trim() || null },
      }),
    onSuccess: (r) => {
      void qc.invalidateQueries({ queryKey: ['/items'] });
      void qc.invalidateQueries({ queryKey: ['items'] });
      void qc.invalidateQueries({ queryKey: ['todos/counts'] });
      message.success(`已将 ${r.itemCount} 项事项转发至 ${r.societyCount} 个学会，申报截止 ${fmtDate(r.deadline)}`);
      onClose(true);
    },
    onError: (e) => {
      if (isApiError(e) && e.errors.length) setErrors(e.errors);
      else report(e, { action: '转发' });
    },
  });
  const submit = (v: { deadline?: dayjs.Dayjs; note?: string }) =>
    modal.confirm({
      title: `转发 ${items.length} 项事项？`,
      content: `转发后，${recipients.data ? `${recipients.data.societies.length} 个学会` : `${programme.data?.associationName ?? '本科协'}所属学会`}将在待办中收到申报通知，并可在截止日期前申报。转发后不能撤销。`,
      okText: '转发',
      cancelText: '取消',
      onOk: () => relay.mutateAsync(v).catch(() => undefined),
    });
  return (
    <Modal open title="转发学会" okText="转发" cancelText="取消" onCancel={() => onClose(false)} onOk={() => form.submit()} confirmLoading={relay.isPending} destroyOnHidden width={560}>
      <Typography.Paragraph type="secondary">将以下已发布的事项转发给所属学会，学会可据此申报可承接事项。</Typography.Paragraph>
      <ItemErrors errors={errors} items={items} />
      <ItemList items={items} />
      <RelayReach data={recipients.data} loading={recipients.isLoading} />
      <Form form={form} name="relay" layout="vertical" onFinish={submit} aria-label="转发学会">
        <Form.Item
          label="申报截止日期"
          name="deadline"
          rules={[dayRule]}
          extra={programme.data?.parameters.selectionDays ? `不填则按方案规定，自今日起 ${programme.data.parameters.selectionDays.declare} 天后截止` : '不填则按方案规定的期限截止'}
        >
          <DayPicker style={{ width: '100%' }} disabledDate={(d) => !d.isAfter(dayjs(todayCst()), 'day')} disabledDateMessage="申报截止日期应晚于今天" placeholder="请选择申报截止日期" />
        </Form.Item>
        <Form.Item label="转发说明" name="note">
          <Input.TextArea rows={3} maxLength={500} showCount placeholder="如：请各学会结合自身条件积极申报，并上传承接能力证明材料" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** The societies the relay reaches and the programme parameter that decides it (SEL-1, PRG-2). */
function RelayReach({ data, loading }: { data?: RelayRecipients; loading: boolean }) {
  if (loading || !data) return <Typography.Paragraph type="secondary">正在查询将收到转发的学会…</Typography.Paragraph>;
  const rule = data.includeSubordinate ? `本方案规定：转发至${data.associationName}及其下级科协所属学会` : `本方案规定：只转发至${data.associationName}直属学会，不含下级科协所属学会`;
  return (
    <div role="region" style={{ marginBottom: 16 }} aria-label="接收转发的学会">
      <Typography.Paragraph style={{ marginBottom: 8 }}>
        <Typography.Text strong>将收到转发的学会（{data.societies.length} 个）</Typography.Text>
        <br />
        <Typography.Text type="secondary">{rule}（方案政策参数“转发包含下级科协所属学会”）</Typography.Text>
      </Typography.Paragraph>
      {data.societies.length ? (
        <RecordList
          bordered
          style={{ maxHeight: 160, overflow: 'auto' }}
          items={data.societies}
          rowKey={(x) => x.id}
          render={(x) => (
            <>
              <span>{x.name}</span>
              {data.includeSubordinate ? <Typography.Text type="secondary">{x.associationName}</Typography.Text> : null}
            </>
          )}
        />
      ) : (
        <Alert type="warning" showIcon title="没有可接收转发的学会，转发后无人能申报" />
      )}
    </div>
  );
}

export function SendCountersignModal({ programmeId, items, onClose }: { programmeId: string; items: BatchItem[]; onClose: (done: boolean) => void }) {
  const [form] = Form.useForm<{ title: string; note?: string }>();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const { modal, message, notification } = App.useApp();
  const report = useErrorReporter();
  const [errors, setErrors] = useState<FieldError[]>([]);
  const programme = useProgramme(programmeId);
  const offices = programme.data?.parameters.reviewOffices ?? [];
  const send = useMutation({
    mutationFn: (v: { title: string; note?: string }) =>
      api<Countersign>('/countersigns', { method: 'POST', body: { programmeId, itemIds: items.map((i) => i.id), title: v.title.trim(), note: v.note?.trim() || null } }),
    onSuccess: (r) => {
      void qc.invalidateQueries({ queryKey: ['/items'] });
      void qc.invalidateQueries({ queryKey: ['items'] });
      void qc.invalidateQueries({ queryKey: ['/countersigns'] });
      message.success('已报送会签');
      onClose(true);
      navigate(`/app/countersigns/${r.id}`);
    },
    onError: (e) => {
      if (isApiError(e) && e.errors.length) {
        setErrors(e.errors);
        if (e.errors.some((x) => x.path.startsWith('body.programmeId'))) notification.warning({ title: '不能报送会签', description: e.errors[0].message });
      } else report(e, { action: '报送会签' });
    },
  });
  const submit = (v: { title: string; note?: string }) =>
    modal.confirm({
      title: `报送 ${items.length} 项事项会签？`,
      content: `事项及推荐学会将送${offices.length ? '方案规定的审核部门' : '审批'}审核合法性和可操作性；报送后在审核部门退回前不能再修改推荐结果。`,
      okText: '报送',
      cancelText: '取消',
      onOk: () => send.mutateAsync(v).catch(() => undefined),
    });
  return (
    <Modal open title="报送会签" okText="报送" cancelText="取消" onCancel={() => onClose(false)} onOk={() => form.submit()} confirmLoading={send.isPending} destroyOnHidden width={560}>
      <Typography.Paragraph type="secondary">将以下事项及科协推荐的学会报送审核部门会签（合法性、可操作性审核）。每项事项须已审核完所有申报，且至少推荐一家学会。</Typography.Paragraph>
      <ItemErrors errors={errors} items={items} />
      <ItemList items={items} />
      <Form form={form} name="countersign" layout="vertical" onFinish={submit} aria-label="报送会签" initialValues={{ title: `${todayCst().slice(0, 4)}年可承接职能清单` }}>
        <Form.Item label="会签单标题" name="title" rules={[{ required: true, whitespace: true, message: '请输入会签单标题' }, { min: 4, message: '标题至少 4 个字' }]}>
          <Input maxLength={120} placeholder="如：2026年第一批可承接职能清单" />
        </Form.Item>
        <Form.Item label="报送说明" name="note">
          <Input.TextArea rows={3} maxLength={1000} showCount placeholder="如：请审核事项及推荐学会的合法性和可操作性" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
