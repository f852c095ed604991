// FUN-3 版本记录: every published version of an item or a catalogue entry — change kind, reason,
// who and when — and what changed from the version before.
import { Empty, Tag, Timeline, Typography } from 'antd';
import { fmtDateTime } from '../../shared/format';
import type { DemandEntryRevision, TransferItemRevision } from '../../../contract/transfer';

type Revision = TransferItemRevision | DemandEntryRevision;
/** A version's content by field name (the fields shown are the caller's). */
const snap = (r: Revision): Record<string, unknown> => r.snapshot;

export interface RevisionField {
  key: string;
  label: string;
  /** how a value is shown (defaults to the text itself) */
  show?: (v: unknown, snapshot: Record<string, unknown>) => string;
}

const kindColor: Record<string, string> = { publish: 'green', amend: 'blue', withdraw: 'red' };

/** A value in words: yes/no, a list joined, never the raw notation of the data. */
function plain(v: unknown): string {
  if (v === null || v === undefined || v === '' || (Array.isArray(v) && !v.length)) return '（空）';
  if (typeof v === 'string') return v;
  if (typeof v === 'boolean') return v ? '是' : '否';
  if (typeof v === 'number') return String(v);
  if (Array.isArray(v)) return v.map(plain).join('、');
  return JSON.stringify(v);
}

export function RevisionTimeline({ revisions, fields }: { revisions: Revision[]; fields: RevisionField[] }) {
  if (!revisions.length) return <Empty description="尚未发布，暂无版本记录" />;
  const sorted = [...revisions].sort((a, b) => b.revision - a.revision);
  return (
    <Timeline
      items={sorted.map((r, i) => {
        const prev = sorted[i + 1];
        const changed = prev ? fields.filter((f) => JSON.stringify(snap(r)[f.key] ?? null) !== JSON.stringify(snap(prev)[f.key] ?? null)) : [];
        const show = (f: RevisionField, s: Record<string, unknown>) => (f.show ? f.show(s[f.key], s) : plain(s[f.key]));
        return {
          color: kindColor[r.changeKind] ?? 'blue',
          content: (
            <div style={{ display: 'flex', flexDirection: 'column', gap: 4 }}>
              <div>
                <Typography.Text strong>第 {r.revision} 版</Typography.Text> <Tag color={kindColor[r.changeKind]}>{r.changeKindLabel}</Tag>
                <Typography.Text type="secondary">{fmtDateTime(r.at)}</Typography.Text>
              </div>
              <div>
                {r.actorName ?? '—'}
                {r.actorOrgName ? <Typography.Text type="secondary">（{r.actorOrgName}）</Typography.Text> : null}
              </div>
              {r.reason ? <div>原因：{r.reason}</div> : null}
              {prev ? (
                changed.length ? (
                  <div style={{ overflowX: 'auto' }}>
                    <table className="cj-diff-table" style={{ borderCollapse: 'collapse', width: '100%' }} aria-label={`第 ${r.revision} 版与第 ${prev.revision} 版的差异`}>
                      <thead>
                        <tr>
                          <th style={{ width: '20%' }}>字段</th>
                          <th>第 {prev.revision} 版</th>
                          <th>第 {r.revision} 版</th>
                        </tr>
                      </thead>
                      <tbody>
                        {changed.map((f) => (
                          <tr key={f.key}>
                            <td>{f.label}</td>
                            <td className="cj-diff-before" style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word' }}>
                              {show(f, snap(prev))}
                            </td>
                            <td className="cj-diff-after" style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word' }}>
                              {show(f, snap(r))}
                            </td>
                          </tr>
                        ))}
                      </tbody>
                    </table>
                  </div>
                ) : (
                  <Typography.Text type="secondary">内容与第 {prev.revision} 版相同</Typography.Text>
                )
              ) : (
                <Typography.Text type="secondary">首次发布的版本</Typography.Text>
              )}
            </div>
          ),
        };
      })}
    />
  );
}
