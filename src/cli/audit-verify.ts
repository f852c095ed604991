// `npm run audit:verify [-- --checkpoints FILE …]`: walks the audit chain and names the first broken
// entry, then checks it against the signed checkpoints of its head (X-1, ADR 0009): the
// audit_checkpoints table, DATA_DIR/audit-checkpoints.jsonl and any further files given (e.g. the
// log lines shipped elsewhere). Last rows deleted, a chain recomputed with the published algorithm,
// a checkpoint not signed with the platform key, or a checkpoint the file has and the table lost are
// each reported. Exit code 0 when intact, 1 when anything is broken, 2 when it could not run.
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { loadConfig } from '../server/config.js';
import { openDatabase } from '../server/db/client.js';
import { auditLog } from '../server/db/schema.js';
import { verifyAuditLog, type VerifyResult } from '../server/platform/audit.js';
import { auditCheckpointKey, checkpointFilePath, readCheckpointFile, tableCheckpoints, verifyAuditTrail } from '../server/platform/audit-checkpoint.js';
import { readMasterKey } from '../server/platform/crypto/field-cipher.js';

const config = loadConfig();

function checkpointFiles(argv: string[]): string[] {
  const files = [checkpointFilePath(config.dataDir)];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--checkpoints' && argv[i + 1]) files.push(path.resolve(argv[++i]));
    else throw new Error(`未知参数：${argv[i]}（用法：npm run audit:verify -- [--checkpoints 文件 …]）`);
  }
  return files;
}

try {
  const files = checkpointFiles(process.argv.slice(2)).map((name) => ({ name, content: readCheckpointFile(name) }));
  const database = await openDatabase(config.databaseUrl ? { url: config.databaseUrl } : { dataDir: path.join(config.dataDir, 'pglite') });
  try {
    const master = readMasterKey({ envValue: config.dataKeyHex, filePath: path.join(config.dataDir, 'data.key') });
    let chain: VerifyResult;
    const problems: string[] = [];
    const notes: string[] = [];
    let summary = '';
    if (master) {
      const trail = await verifyAuditTrail(database.db, { publicKey: auditCheckpointKey(master.key).publicKey, files });
      chain = trail.chain;
      problems.push(...trail.problems.map((p) => p.message));
      notes.push(...trail.notes);
      if (trail.latest) summary = `与最新检查点（第 ${trail.latest.seq} 条，${trail.latest.at} 签名）一致，共 ${trail.checkpoints} 个有效检查点`;
    } else {
      // Without the key no signature can be checked: fine while there is nothing signed, refused otherwise.
      const signed = (await tableCheckpoints(database.db)).length + files.reduce((n, f) => n + f.content.checkpoints.length, 0);
      if (signed > 0) {
        throw new Error(`存在 ${signed} 个审计检查点，但找不到数据密钥（DATA_KEY 或 ${path.join(config.dataDir, 'data.key')}），无法校验其签名`);
      }
      chain = await verifyAuditLog(database.db);
      notes.push('尚无检查点（也未找到数据密钥）：删除最后若干条或整体重算哈希链无法被发现（no checkpoint yet）');
    }
    if (chain.ok) {
      console.log(`审计日志哈希链完整：共校验 ${chain.checked} 条，哈希链无断裂${summary ? `；${summary}` : ''}。`);
    } else {
      const [row] = await database.db.select().from(auditLog).where(eq(auditLog.seq, chain.firstBrokenSeq!));
      const what = row ? `${row.at.toISOString()} ${row.action} ${row.entityType ?? ''} ${row.entityId ?? ''}`.trim() : '（该序号的记录已缺失）';
      const why =
        {
          'hash-mismatch': '内容与哈希不符（记录被改动）',
          'prev-link-mismatch': '与前一条的链接不符',
          'seq-gap': '序号不连续（记录被删除）',
          'hash-version': '哈希版本倒退或未知（记录被改为旧的计算规则）',
        }[chain.reason as string] ?? chain.reason;
      console.error(`审计日志被篡改：第一条断裂的记录是第 ${chain.firstBrokenSeq} 条 —— ${what}；原因：${why}（${chain.reason}）。此前 ${chain.checked} 条完好。`);
    }
    for (const p of problems) console.error(p);
    for (const n of notes) console.log(`注意：${n}`);
    process.exitCode = chain.ok && problems.length === 0 ? 0 : 1;
  } finally {
    await database.close();
  }
} catch (e) {
  console.error(`无法校验审计日志：${(e as Error).message}`);
  process.exitCode = 2;
}
