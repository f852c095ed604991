// the audit log as an Excel file — the list's columns under the list's headers, written with
// exceljs's streaming writer while the rows are read page by page (nothing held in memory).
import { once } from 'node:events';
import type { Stream } from 'node:stream';
import ExcelJS from 'exceljs';
import { auditColumns, type AuditColumnKey } from '../../../domain/audit/actions.js';
import { auditTimeText, type AuditView } from './audit-view.js';

/** Rows in one file at most; beyond it the last line asks to narrow the query. */
export const AUDIT_EXPORT_MAX_ROWS = 50_000;

const widths: Record<AuditColumnKey, number> = { at: 20, actor: 18, actorOrg: 26, action: 22, entityType: 14, entity: 44, reason: 40 };

// eslint-disable-next-line no-control-regex -- removing control characters is the point
const xmlSafe = (s: string | null) => (s === null ? null : s.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, ''));

/** The cells of one row, in the order of auditColumns (the list renders the same values). */
export function auditCells(v: AuditView): Record<AuditColumnKey, string> {
  return {
    at: auditTimeText(v.at),
    actor: v.actorDisplayName ?? '（未登录）',
    actorOrg: v.actorOrgName ?? '—',
    action: v.actionLabel,
    entityType: v.entityType ? v.entityTypeLabel : '—',
    entity: v.entityTitle ?? '—',
    reason: v.reason || '—',
  };
}

export async function writeAuditWorkbook(out: NodeJS.WritableStream, pages: AsyncIterable<AuditView[]>, opts: { max: number }): Promise<void> {
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out as unknown as Stream, useSharedStrings: false, useStyles: true });
  wb.creator = '承接';
  const ws = wb.addWorksheet('审计日志', { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = auditColumns.map((c) => ({ width: widths[c.key] }));
  const header = ws.addRow(auditColumns.map((c) => c.title));
  header.font = { bold: true };
  header.commit();
  let n = 0;
  let more = false;
  outer: for await (const page of pages) {
    for (const v of page) {
      if (n >= opts.max) {
        more = true;
        break outer;
      }
      const cells = auditCells(v);
      ws.addRow(auditColumns.map((c) => xmlSafe(cells[c.key]))).commit();
      n++;
    }
    // back-pressure: exceljs buffers what `out` has not taken yet; a closed download stops the reading
    const o = out as NodeJS.WritableStream & { writableNeedDrain?: boolean; destroyed?: boolean };
    if (o.writableNeedDrain && !o.destroyed) {
      const ac = new AbortController();
      await Promise.race([once(out, 'drain', { signal: ac.signal }), once(out, 'close', { signal: ac.signal })]).finally(() => ac.abort());
    }
    if (o.destroyed) return;
  }
  if (more) ws.addRow([`仅导出了前 ${opts.max} 条，请缩小查询范围（如日期范围）后分批导出。`]).commit();
  ws.commit();
  await wb.commit();
}
