// Issue 11 §5: publishing a programme whose stages start before today asks to adjust them. The
// dialog names those stages with their dates; the user moves them (saved as an edit of the draft,
// then published) or publishes with the dates as they are — a choice the change history records.
import { useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Form, Modal, Space, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { pastStagesMessage, type PastStage } from '../../../domain/programme/past-stages';
import { api } from '../../shared/api';
import { FormErrorList, useErrorReporter } from '../../shared/errors';
import { dayjs, todayCst } from '../../shared/format';
import { DayRangePicker, dayRule } from '../../shared/DayPicker';
import type { FieldError } from '../../../contract/common';
import type { Programme } from '../../../contract/programmes';

type Values = { ranges: [Dayjs | null, Dayjs | null][] };

export function PastStagesModal({ p, past, onClose, onPublished }: { p: Programme; past: PastStage[]; onClose: () => void; onPublished: (np: Programme) => void }) {
  const qc = useQueryClient();
  const { message } = App.useApp();
  const report = useErrorReporter();
  const [form] = Form.useForm<Values>();
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [busy, setBusy] = useState<'adjust' | 'confirm' | null>(null);
  const today = todayCst();

  const publish = (version: number, confirmPastStages: boolean) =>
    api<Programme>(`/programmes/${p.id}/publish`, { method: 'POST', body: { version, reason: null, ...(confirmPastStages ? { confirmPastStages: true } : {}) } });

  const done = (np: Programme) => {
    void qc.invalidateQueries({ queryKey: ['audit', 'entity', 'programme', p.id] });
    onPublished(np);
  };

  const adjust = async () => {
    const v = await form.validateFields();
    setBusy('adjust');
    setErrors([]);
    try {
      const stages = p.stages.map((s, i) => {
        const k = past.findIndex((x) => x.index === i);
        if (k < 0) return s;
        const [a, b] = v.ranges[k];
        return { ...s, startsOn: a!.format('YYYY-MM-DD'), endsOn: b!.format('YYYY-MM-DD') };
      });
      const edited = await api<Programme>(`/programmes/${p.id}`, { method: 'PATCH', body: { version: p.version, reason: null, stages } });
      qc.setQueryData(['programmes', p.id], edited);
      done(await publish(edited.version, false));
      message.success('阶段日期已调整，方案已发布，已在门户网站公开');
    } catch (e) {
      setErrors(report(e, { action: '调整并发布', mapPath: (path) => (path[0] === 'stages' ? ['ranges', past.findIndex((x) => x.index === Number(path[1]))] : path) }));
    } finally {
      setBusy(null);
    }
  };

  const asTheyAre = async () => {
    setBusy('confirm');
    try {
      done(await publish(p.version, true));
      message.success('方案已按原日期发布，已在门户网站公开');
    } catch (e) {
      setErrors(report(e, { action: '发布' }));
    } finally {
      setBusy(null);
    }
  };

  return (
    <Modal
      open
      title="阶段日期早于今天，请调整后发布"
      width={640}
      onCancel={onClose}
      footer={
        <Space wrap>
          <Button onClick={onClose}>取消</Button>
          <Button onClick={() => void asTheyAre()} loading={busy === 'confirm'} disabled={busy === 'adjust'}>
            按原日期发布
          </Button>
          <Button type="primary" onClick={() => void adjust().catch(() => undefined)} loading={busy === 'adjust'} disabled={busy === 'confirm'}>
            调整日期并发布
          </Button>
        </Space>
      }
    >
      <Alert type="warning" showIcon style={{ marginBottom: 16 }} title={pastStagesMessage(past, today)} />
      <FormErrorList errors={errors} />
      <Form<Values> form={form} layout="vertical" initialValues={{ ranges: past.map((s) => [dayjs(s.startsOn), dayjs(s.endsOn)]) }}>
        {past.map((s, k) => (
          <Form.Item
            key={s.index}
            name={['ranges', k]}
            label={`第 ${s.index + 1} 阶段：${s.name}`}
            rules={[
              {
                validator: async (_, r: [Dayjs | null, Dayjs | null] | undefined) => {
                  if (!r?.[0] || !r[1]) throw new Error('请选择开始和结束日期');
                  if (r[0].format('YYYY-MM-DD') < today) throw new Error(`开始日期不能早于今天（${today}）`);
                },
              },
              dayRule,
            ]}
          >
            <DayRangePicker style={{ width: '100%' }} placeholder={['开始日期', '结束日期']} disabledDate={(d) => d.format('YYYY-MM-DD') < today} disabledDateMessage={`日期不能早于今天（${today}）`} />
          </Form.Item>
        ))}
      </Form>
      <Typography.Text type="secondary">调整后的日期记入方案变更记录；按原日期发布也会记录所确认的阶段。</Typography.Text>
    </Modal>
  );
}
