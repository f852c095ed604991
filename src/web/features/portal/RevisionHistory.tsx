// FUN-3 on the portal: every version of an item or catalogue entry — what kind of change, why,
// when — with each past version readable in full and what changed from the version before.
import { HistoryOutlined } from '@ant-design/icons';
import { Alert, Button, Descriptions, Drawer, Empty, Grid, Space, Tag, Timeline, Typography } from 'antd';
import { useState } from 'react';
import { fmtDateTime, fmtYuan } from '../../shared/format';
import { changeKindColor, snapshotCodeLabels } from './portalShared';
import type { DemandEntryRevision, TransferItemRevision } from '../../../contract/transfer';

/** A published version (FUN-3): the same shape the internal pages read. */
type PublicRevision = TransferItemRevision | DemandEntryRevision;
const contentOf = (r: PublicRevision): Record<string, unknown> => r.snapshot;

export interface RevisionField {
  key: string;
  label: string;
  /** long text: shown as paragraphs */
  long?: boolean;
}

export const itemRevisionFields: RevisionField[] = [
  { key: 'title', label: '事项名称' },
  { key: 'categoryCode', label: '事项类别' },
  { key: 'commissioningMode', label: '委托方式' },
  { key: 'budgetFen', label: '预算金额' },
  { key: 'expectedPeriod', label: '预计实施期限' },
  { key: 'description', label: '事项内容', long: true },
  { key: 'legalBasis', label: '设定依据', long: true },
  { key: 'requiredQualifications', label: '承接资质要求', long: true },
];

export const demandRevisionFields: RevisionField[] = [
  { key: 'title', label: '服务名称' },
  { key: 'serviceKind', label: '服务类别' },
  { key: 'purchaseMethod', label: '购买方式' },
  { key: 'budgetFen', label: '预算金额' },
  { key: 'period', label: '服务期限' },
  { key: 'description', label: '服务内容', long: true },
];

/** A snapshot value as a reader sees it. */
function show(field: RevisionField, snap: Record<string, unknown>): string {
  const v = snap[field.key];
  if (v === null || v === undefined || v === '') return '—';
  if (field.key === 'budgetFen') return typeof v === 'number' ? fmtYuan(v) : String(v);
  if (field.key === 'categoryCode') return typeof snap.categoryLabel === 'string' ? snap.categoryLabel : String(v);
  const labels = snapshotCodeLabels[field.key];
  if (labels) return labels[String(v)] ?? String(v);
  return String(v);
}

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/** The fields that differ between a version and the one before it. */
export function changedFields(fields: RevisionField[], cur: PublicRevision, prev: PublicRevision | undefined): RevisionField[] {
  if (!prev) return [];
  return fields.filter((f) => !same(contentOf(cur)[f.key], contentOf(prev)[f.key]));
}

export function RevisionHistory({ revisions, fields, currentRevision }: { revisions: PublicRevision[]; fields: RevisionField[]; currentRevision: number }) {
  const [open, setOpen] = useState<number | null>(null);
  const screens = Grid.useBreakpoint();
  if (!revisions.length) return <Empty description="暂无版本记录" />;
  const byNo = new Map(revisions.map((r) => [r.revision, r]));
  // the version before, by number (revisions come newest first)
  const prevOf = (r: PublicRevision) => revisions.filter((x) => x.revision < r.revision).sort((a, b) => b.revision - a.revision)[0];
  const opened = open === null ? undefined : byNo.get(open);

  return (
    <>
      <Timeline
        items={revisions.map((r) => {
          const prev = prevOf(r);
          const changed = changedFields(fields, r, prev);
          return {
            key: r.revision,
            color: r.changeKind === 'withdraw' ? 'red' : r.changeKind === 'amend' ? 'orange' : 'blue',
            content: (
              <Space orientation="vertical" size={4} style={{ width: '100%' }}>
                <Space wrap size={[8, 4]}>
                  <Typography.Text strong>第 {r.revision} 版</Typography.Text>
                  <Tag color={changeKindColor(r.changeKind)}>{r.changeKindLabel}</Tag>
                  {r.revision === currentRevision ? <Tag color="green">当前版本</Tag> : null}
                  <Typography.Text type="secondary">{fmtDateTime(r.at)}</Typography.Text>
                  {r.actorOrgName ? <Typography.Text type="secondary">{r.actorOrgName}</Typography.Text> : null}
                </Space>
                {r.reason ? (
                  <Typography.Text>
                    {r.changeKind === 'withdraw' ? '撤回原因' : '变更原因'}：{r.reason}
                  </Typography.Text>
                ) : null}
                {prev ? (
                  <Typography.Text type="secondary">
                    {changed.length ? `变更内容：${changed.map((f) => f.label).join('、')}` : '内容与上一版本相同'}
                  </Typography.Text>
                ) : null}
                <div>
                  <Button size="small" icon={<HistoryOutlined />} onClick={() => setOpen(r.revision)} aria-label={`查看第 ${r.revision} 版内容`}>
                    查看此版本{prev && changed.length ? '及变更' : ''}
                  </Button>
                </div>
              </Space>
            ),
          };
        })}
      />
      <Drawer
        open={!!opened}
        onClose={() => setOpen(null)}
        size={screens.md ? 720 : '100%'}
        title={opened ? `第 ${opened.revision} 版（${opened.changeKindLabel}）` : ''}
        destroyOnHidden
      >
        {opened ? <RevisionView rev={opened} prev={prevOf(opened)} fields={fields} isCurrent={opened.revision === currentRevision} /> : null}
      </Drawer>
    </>
  );
}

function RevisionView({ rev, prev, fields, isCurrent }: { rev: PublicRevision; prev: PublicRevision | undefined; fields: RevisionField[]; isCurrent: boolean }) {
  const changed = changedFields(fields, rev, prev);
  const changedKeys = new Set(changed.map((f) => f.key));
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Alert
        type={rev.changeKind === 'withdraw' ? 'warning' : 'info'}
        showIcon
        title={`${rev.changeKindLabel}于 ${fmtDateTime(rev.at)}${rev.actorOrgName ? `，${rev.actorOrgName}` : ''}${isCurrent ? '（当前版本）' : ''}`}
        description={rev.reason ? `${rev.changeKind === 'withdraw' ? '撤回原因' : '变更原因'}：${rev.reason}` : undefined}
      />
      {prev ? (
        <section aria-labelledby="rev-diff-title">
          <Typography.Title level={5} id="rev-diff-title" style={{ marginTop: 0 }}>
            与第 {prev.revision} 版相比
          </Typography.Title>
          {changed.length ? (
            <Space orientation="vertical" size={12} style={{ width: '100%' }}>
              {changed.map((f) => (
                <div key={f.key}>
                  <Typography.Text strong>{f.label}</Typography.Text>
                  <div className="cj-diff-before" style={{ padding: '6px 10px', marginTop: 4, borderRadius: 4, whiteSpace: 'pre-wrap' }}>
                    <span style={{ fontWeight: 600 }}>原：</span>
                    <del style={{ textDecorationColor: 'rgba(168,7,26,0.5)' }}>{show(f, prev.snapshot)}</del>
                  </div>
                  <div className="cj-diff-after" style={{ padding: '6px 10px', marginTop: 4, borderRadius: 4, whiteSpace: 'pre-wrap' }}>
                    <span style={{ fontWeight: 600 }}>现：</span>
                    <ins style={{ textDecoration: 'none' }}>{show(f, rev.snapshot)}</ins>
                  </div>
                </div>
              ))}
            </Space>
          ) : (
            <Typography.Text type="secondary">内容与上一版本相同{rev.changeKind === 'withdraw' ? '，本版本记录的是撤回。' : '。'}</Typography.Text>
          )}
        </section>
      ) : null}
      <section aria-labelledby="rev-content-title">
        <Typography.Title level={5} id="rev-content-title" style={{ marginTop: 0 }}>
          本版本全部内容
        </Typography.Title>
        <Descriptions
          bordered
          size="small"
          column={1}
          styles={{ label: { width: 120, whiteSpace: 'nowrap' } }}
          items={fields.map((f) => ({
            key: f.key,
            label: f.label,
            children: (
              <Space orientation="vertical" size={2}>
                <span style={{ whiteSpace: 'pre-wrap' }}>{show(f, rev.snapshot)}</span>
                {changedKeys.has(f.key) ? <Tag color="orange">本版本变更</Tag> : null}
              </Space>
            ),
          }))}
        />
      </section>
    </Space>
  );
}
