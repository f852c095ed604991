// ORG-5, ORG-4 for the society: 承接意愿与分类 — answer (or revise) the willingness surveys the
// association sent while they are open (the ways the association's programmes of the year prefer
// listed first and marked), read the answers given, and read the society's own tier and its history
// (read-only).
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Checkbox, Descriptions, Empty, Form, Input, Radio, Skeleton, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { api } from '../../shared/api';
import { useMe } from '../../shared/auth';
import { FormErrorList, QueryError, useErrorReporter } from '../../shared/errors';
import { fmtDate, fmtDateTime } from '../../shared/format';
import { usePageTitle } from '../../shared/usePageTitle';
import { HOPED_ITEM_CHARS, HOPED_ITEMS_MAX, modesPreferredFirst } from '../../../domain/org/willingness';
import { procurementModeLabels } from '../../../domain/programme/programme.types';
import type { FieldError } from '../../../contract/common';
import type { MyWillingnessRound, MyWillingnessRoundPage } from '../../../contract/willingness';
import { OwnTierCard } from './TierParts';
import { PhaseTag } from './WillingnessPages';

export function MySocietyPage() {
  usePageTitle('承接意愿与分类');
  const { data: me } = useMe();
  const [params] = useSearchParams();
  const focus = params.get('round');
  const q = useQuery({ queryKey: ['/willingness/mine'], queryFn: ({ signal }) => api<MyWillingnessRoundPage>('/willingness/mine', { query: { limit: 20 }, signal }) });
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Card title="承接意愿与能力调查">
        {q.isLoading ? (
          <Skeleton active paragraph={{ rows: 6 }} />
        ) : q.isError ? (
          <QueryError error={q.error} onRetry={() => q.refetch()} compact />
        ) : q.data?.items.length ? (
          <Space orientation="vertical" size={16} style={{ width: '100%' }}>
            {q.data.items.map((x) => (
              <RoundCard key={x.round.id} x={x} startEditing={x.mayAnswer && (!x.answer || x.round.id === focus) && (focus === null || focus === x.round.id)} />
            ))}
          </Space>
        ) : (
          <Empty description="科协尚未向本会发送承接意愿调查" />
        )}
      </Card>
      {me ? <OwnTierCard societyId={me.orgId} /> : null}
    </Space>
  );
}

interface AnswerValues {
  willing?: boolean;
  capable?: boolean;
  preferredModes?: string[];
  hopedText?: string;
  note?: string;
}

const splitItems = (text: string | undefined) =>
  [...new Set((text ?? '').split(/\n/).map((s) => s.trim()).filter(Boolean))];

function RoundCard({ x, startEditing }: { x: MyWillingnessRound; startEditing: boolean }) {
  const [editing, setEditing] = useState(startEditing);
  const [form] = Form.useForm<AnswerValues>();
  const report = useErrorReporter();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [errors, setErrors] = useState<FieldError[]>([]);
  const a = x.answer;
  const save = useMutation({
    mutationFn: (v: AnswerValues) =>
      api<MyWillingnessRound>(`/willingness-rounds/${x.round.id}/response`, {
        method: 'PUT',
        body: { willing: v.willing, capable: v.capable, preferredModes: v.preferredModes ?? [], hopedItems: splitItems(v.hopedText), note: v.note?.trim() || null, rowVersion: a?.rowVersion ?? null },
      }),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: ['/willingness/mine'] });
      void qc.invalidateQueries({ queryKey: ['todos/counts'] });
      setErrors([]);
      setEditing(false);
      message.success(a ? '已修改本会的填报' : '已提交本会的填报');
    },
    onError: (e) =>
      setErrors(
        report(e, {
          form,
          action: '提交填报',
          mapPath: (p) => {
            const rest = p.slice(p[0] === 'body' ? 1 : 0);
            return rest[0] === 'hopedItems' ? ['hopedText'] : rest;
          },
          onRefresh: () => void qc.invalidateQueries({ queryKey: ['/willingness/mine'] }),
        }),
      ),
  });
  const r = x.round;
  return (
    <Card
      type="inner"
      title={
        <Space wrap size={8}>
          <span>{r.title}</span>
          <PhaseTag r={r} />
        </Space>
      }
      extra={x.mayAnswer && a && !editing ? <Button onClick={() => setEditing(true)}>修改填报</Button> : null}
    >
      <Typography.Paragraph type="secondary">
        {r.association.name}发起，填报期 {fmtDate(r.opensOn)} 至 {fmtDate(r.closesOn)}。截止前可以修改。
      </Typography.Paragraph>
      {!x.mayAnswer && x.refusal ? <Alert type="info" showIcon title={x.refusal} style={{ marginBottom: 12 }} /> : null}
      {editing && x.mayAnswer ? (
        <>
          <FormErrorList errors={errors} />
          <Form
            form={form}
            layout="vertical"
            aria-label="填报承接意愿"
            initialValues={a ? { willing: a.willing, capable: a.capable, preferredModes: a.preferredModes, hopedText: a.hopedItems.join('\n'), note: a.note ?? '' } : { preferredModes: [] }}
            onFinish={(v) => save.mutate(v)}
          >
            <Form.Item label="是否愿意承接政府转移职能" name="willing" rules={[{ required: true, message: '请选择是否愿意承接' }]}>
              <Radio.Group options={[{ value: true, label: '愿意承接' }, { value: false, label: '暂不承接' }]} />
            </Form.Item>
            <Form.Item label="是否认为本会有能力承担" name="capable" rules={[{ required: true, message: '请选择是否有能力承担' }]}>
              <Radio.Group options={[{ value: true, label: '有能力承担' }, { value: false, label: '能力尚不足' }]} />
            </Form.Item>
            <Form.Item
              label="倾向的承接方式（可多选）"
              name="preferredModes"
              extra={x.programmeModes.length ? `标有“本方案优先采用”的是${r.association.name} ${r.year} 年度方案优先采用的方式` : undefined}
            >
              <Checkbox.Group
                style={{ display: 'flex', flexDirection: 'column', gap: 8 }}
                options={modesPreferredFirst(x.programmeModes).map((m) => ({
                  value: m,
                  label: x.programmeModes.includes(m) ? (
                    <Space size={8} wrap>
                      <span>{procurementModeLabels[m]}</span>
                      <Tag color="blue">本方案优先采用</Tag>
                    </Space>
                  ) : (
                    procurementModeLabels[m]
                  ),
                }))}
              />
            </Form.Item>
            <Form.Item
              label="希望承接的事项"
              name="hopedText"
              extra={`每行一项，最多 ${HOPED_ITEMS_MAX} 项，每项不超过 ${HOPED_ITEM_CHARS} 个字`}
              rules={[
                {
                  validator: async (_, v: string | undefined) => {
                    const items = splitItems(v);
                    if (items.length > HOPED_ITEMS_MAX) throw new Error(`希望承接的事项不能超过 ${HOPED_ITEMS_MAX} 项`);
                    if (items.some((i) => i.length > HOPED_ITEM_CHARS)) throw new Error(`每项希望承接的事项不能超过 ${HOPED_ITEM_CHARS} 个字`);
                  },
                },
              ]}
            >
              <Input.TextArea rows={4} placeholder={'如：\n工程技术领域团体标准研制\n科技成果评价'} />
            </Form.Item>
            <Form.Item label="说明" name="note">
              <Input.TextArea rows={2} maxLength={1000} showCount placeholder="需要说明的情况（选填）" />
            </Form.Item>
            <Space>
              <Button type="primary" htmlType="submit" loading={save.isPending}>
                {a ? '保存修改' : '提交填报'}
              </Button>
              {a ? <Button onClick={() => setEditing(false)}>取消</Button> : null}
            </Space>
          </Form>
        </>
      ) : a ? (
        <Descriptions size="small" column={1} bordered>
          <Descriptions.Item label="承接意愿">{a.willing ? <Tag color="green">愿意承接</Tag> : <Tag>暂不承接</Tag>}</Descriptions.Item>
          <Descriptions.Item label="承接能力">{a.capable ? <Tag color="green">有能力承担</Tag> : <Tag>能力尚不足</Tag>}</Descriptions.Item>
          <Descriptions.Item label="倾向的承接方式">{a.preferredModeLabels.join('、') || '—'}</Descriptions.Item>
          <Descriptions.Item label="希望承接的事项">
            {a.hopedItems.length ? (
              <Space wrap size={[4, 4]}>
                {a.hopedItems.map((i) => (
                  <Tag key={i}>{i}</Tag>
                ))}
              </Space>
            ) : (
              '—'
            )}
          </Descriptions.Item>
          <Descriptions.Item label="说明">{a.note ?? '—'}</Descriptions.Item>
          <Descriptions.Item label="填报">
            {a.answeredByName ?? ''} {fmtDateTime(a.answeredAt)}
          </Descriptions.Item>
        </Descriptions>
      ) : (
        <Empty description="本会未填报" />
      )}
    </Card>
  );
}
