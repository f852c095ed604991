// ORG-4, EVA-6: the pieces the tier pages share — the tier's tag, the platform's suggestion with its
// reasons, the history of classifications, and the classification dialog.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Card, Drawer, Empty, Form, Grid, Input, Modal, Radio, Skeleton, Space, Tag, Timeline, Tooltip, Typography } from 'antd';
import { useState } from 'react';
import { api } from '../../shared/api';
import { FormErrorList, QueryError, useErrorReporter } from '../../shared/errors';
import { fmtDateTime } from '../../shared/format';
import { societyTierCodes, societyTierHints, societyTierLabels, type SocietyTier } from '../../../domain/org/tiers';
import type { FieldError } from '../../../contract/common';
import type { SocietyTierRecord, SocietyTiers, TierSuggestionView } from '../../../contract/society-tiers';

export const tierColors: Record<SocietyTier, string> = { strengthen: 'green', build: 'blue', stabilise: 'gold', exit: 'red' };

export function TierTag({ tier, prefix }: { tier: SocietyTier | null | undefined; prefix?: string }) {
  if (!tier) return <Tag>尚未分类</Tag>;
  return (
    <Tooltip title={societyTierHints[tier]}>
      <Tag color={tierColors[tier]}>
        {prefix}
        {societyTierLabels[tier]}
      </Tag>
    </Tooltip>
  );
}

/** The platform's suggestion: a tag and its reasons — marked as a suggestion, never a decision. */
export function SuggestionText({ s, compact }: { s: TierSuggestionView; compact?: boolean }) {
  if (compact) {
    return (
      <Tooltip title={<ul style={{ margin: 0, paddingInlineStart: 18 }}>{s.reasons.map((r, i) => <li key={i}>{r}</li>)}</ul>}>
        <Space size={4} orientation="vertical" style={{ width: '100%' }}>
          <span>
            <TierTag tier={s.tier} prefix="建议" />
          </span>
          <Typography.Text type="secondary" style={{ fontSize: 12 }} ellipsis>
            {s.reasons[0]}
          </Typography.Text>
        </Space>
      </Tooltip>
    );
  }
  return (
    <Alert
      type="info"
      showIcon
      title={
        <span>
          平台建议：<TierTag tier={s.tier} />
          <Typography.Text type="secondary">（仅供参考，由科协决定）</Typography.Text>
        </span>
      }
      description={
        <ul style={{ margin: 0, paddingInlineStart: 18 }}>
          {s.reasons.map((r, i) => (
            <li key={i}>{r}</li>
          ))}
        </ul>
      }
    />
  );
}

export function TierHistory({ items }: { items: SocietyTierRecord[] }) {
  if (!items.length) return <Empty description="尚未分类" />;
  return (
    <Timeline
      items={items.map((h, i) => ({
        color: tierColors[h.tier],
        content: (
          <Space orientation="vertical" size={2}>
            <Space wrap size={4}>
              <TierTag tier={h.tier} />
              {i === 0 ? <Tag color="processing">现行</Tag> : null}
              <Typography.Text type="secondary">
                {fmtDateTime(h.decidedAt)} · {h.associationName}
                {h.decidedByName ? ` · ${h.decidedByName}` : ''}
              </Typography.Text>
            </Space>
            <Typography.Text>{h.reasons}</Typography.Text>
            {h.suggestedTier ? (
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                当时平台建议：{h.suggestedTierLabel}
              </Typography.Text>
            ) : null}
          </Space>
        ),
      }))}
    />
  );
}

export const tiersKey = (societyId: string) => ['society-tiers', societyId] as const;
export const useSocietyTiers = (societyId: string | null) =>
  useQuery({ queryKey: tiersKey(societyId ?? ''), enabled: !!societyId, queryFn: ({ signal }) => api<SocietyTiers>(`/societies/${societyId}/tiers`, { signal }) });

/** 分类历史: a drawer with the tier in force, the suggestion (association only) and every classification. */
export function HistoryDrawer({ societyId, societyName, onClose }: { societyId: string; societyName: string; onClose: () => void }) {
  const screens = Grid.useBreakpoint();
  const q = useSocietyTiers(societyId);
  return (
    <Drawer open title={`分类历史：${societyName}`} size={screens.md ? 560 : '100%'} onClose={onClose} destroyOnHidden>
      {q.isLoading ? (
        <Skeleton active paragraph={{ rows: 6 }} />
      ) : q.isError ? (
        <QueryError error={q.error} onRetry={() => q.refetch()} compact />
      ) : q.data ? (
        <Space orientation="vertical" size={16} style={{ width: '100%' }}>
          {q.data.suggestion ? <SuggestionText s={q.data.suggestion} /> : null}
          <TierHistory items={q.data.history.items} />
        </Space>
      ) : null}
    </Drawer>
  );
}

interface ClassifyValues {
  tier?: SocietyTier;
  reasons?: string;
}

/** 分类: choose the tier and write the reasons; the suggestion beside the choice. */
export function ClassifyModal({ societyId, societyName, onClose, onDone }: { societyId: string; societyName: string; onClose: () => void; onDone: () => void }) {
  const [form] = Form.useForm<ClassifyValues>();
  const screens = Grid.useBreakpoint();
  const report = useErrorReporter();
  const qc = useQueryClient();
  const q = useSocietyTiers(societyId);
  const [errors, setErrors] = useState<FieldError[]>([]);
  const save = useMutation({
    mutationFn: (v: ClassifyValues) => api<SocietyTiers>(`/societies/${societyId}/tiers`, { method: 'POST', body: { tier: v.tier, reasons: v.reasons?.trim() ?? '', basedOn: q.data?.current?.id ?? null } }),
    onSuccess: (data) => {
      qc.setQueryData(tiersKey(societyId), data);
      void qc.invalidateQueries({ queryKey: ['/society-tiers'] });
      onDone();
    },
    onError: (e) => setErrors(report(e, { form, action: '保存分类', mapPath: (p) => p.slice(p[0] === 'body' ? 1 : 0), onRefresh: () => void q.refetch() })),
  });
  return (
    <Modal
      open
      title={`学会分类：${societyName}`}
      okText="保存分类"
      cancelText="取消"
      confirmLoading={save.isPending}
      onCancel={onClose}
      onOk={() => form.submit()}
      width={screens.sm ? 640 : '100%'}
      maskClosable={false}
      destroyOnHidden
    >
      {q.isLoading ? (
        <Skeleton active />
      ) : (
        <Space orientation="vertical" size={12} style={{ width: '100%' }}>
          <Typography.Text>
            现行分类：<TierTag tier={q.data?.current?.tier} />
          </Typography.Text>
          {q.data?.suggestion ? <SuggestionText s={q.data.suggestion} /> : null}
          <FormErrorList errors={errors} />
          <Form form={form} layout="vertical" onFinish={(v) => save.mutate(v)} aria-label="学会分类" initialValues={{ tier: q.data?.suggestion?.tier }}>
            <Form.Item label="分类" name="tier" rules={[{ required: true, message: '请选择分类' }]} extra="固强一批、新建一批、稳定一批、退出一批；每次分类都会保留在分类历史中">
              <Radio.Group
                optionType="button"
                buttonStyle="solid"
                options={societyTierCodes.map((t) => ({ value: t, label: <Tooltip title={societyTierHints[t]}>{societyTierLabels[t]}</Tooltip> }))}
              />
            </Form.Item>
            <Form.Item label="分类理由" name="reasons" rules={[{ required: true, whitespace: true, message: '请填写分类理由' }]}>
              <Input.TextArea rows={4} maxLength={1000} showCount placeholder="写明分类的依据，如承接成效、评估和验收结果、年检与处理情况" />
            </Form.Item>
          </Form>
        </Space>
      )}
    </Modal>
  );
}

/** The society's own tier (read-only): in force and its history. */
export function OwnTierCard({ societyId }: { societyId: string }) {
  const q = useSocietyTiers(societyId);
  return (
    <Card title="本会分类">
      {q.isLoading ? (
        <Skeleton active paragraph={{ rows: 3 }} />
      ) : q.isError ? (
        <QueryError error={q.error} onRetry={() => q.refetch()} compact />
      ) : (
        <Space orientation="vertical" size={12} style={{ width: '100%' }}>
          <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
            科协按“固强一批、新建一批、稳定一批、退出一批”对所属学会分类管理，以下为本会的现行分类和历次分类。
          </Typography.Paragraph>
          <TierHistory items={q.data?.history.items ?? []} />
        </Space>
      )}
    </Card>
  );
}
