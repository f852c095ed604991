// `npm run audit:verify`: walks the audit chain and names the first broken entry.
// Exit code 0 when intact, 1 when broken, 2 when it could not run.
import path from 'node:path';
import { loadConfig } from '../server/config.js';
import { openDatabase } from '../server/db/client.js';
import { verifyAuditLog } from '../server/platform/audit.js';
import { auditLog } from '../server/db/schema.js';
import { eq } from 'drizzle-orm';

const config = loadConfig();
try {
  const database = await openDatabase(config.databaseUrl ? { url: config.databaseUrl } : { dataDir: path.join(config.dataDir, 'pglite') });
  try {
    const res = await verifyAuditLog(database.db);
    if (res.ok) {
      console.log(`审计日志完整：共校验 ${res.checked} 条，哈希链无断裂。`);
      process.exitCode = 0;
    } else {
      const [row] = await database.db.select().from(auditLog).where(eq(auditLog.seq, res.firstBrokenSeq!));
      const what = row ? `${row.at.toISOString()} ${row.action} ${row.entityType ?? ''} ${row.entityId ?? ''}`.trim() : '（该序号的记录已缺失）';
      const why = { 'hash-mismatch': '内容与哈希不符（记录被改动）', 'prev-link-mismatch': '与前一条的链接不符', 'seq-gap': '序号不连续（记录被删除）' }[res.reason as string] ?? res.reason;
      console.error(`审计日志被篡改：第一条断裂的记录是第 ${res.firstBrokenSeq} 条 —— ${what}；原因：${why}。此前 ${res.checked} 条完好。`);
      process.exitCode = 1;
    }
  } finally {
    await database.close();
  }
} catch (e) {
  console.error(`无法校验审计日志：${(e as Error).message}`);
  process.exitCode = 2;
}
