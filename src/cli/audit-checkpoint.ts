// `npm run audit:checkpoint`: signs the audit chain head now (X-1, ADR 0009), as the periodic job
// does: verifies the rows since the latest checkpoint, signs (seq, hash) with the platform's SM2
// key (derived from the data key), and keeps the checkpoint in the audit_checkpoints table and
// DATA_DIR/audit-checkpoints.jsonl; the JSON line printed is the copy for the log or a remote store.
// Exit code 0 when signed (or nothing new to sign), 1 when the chain or a checkpoint is broken
// (nothing is signed then), 2 when it could not run.
import path from 'node:path';
import { loadConfig } from '../server/config.js';
import { openDatabase } from '../server/db/client.js';
import { AuditCheckpointError, auditCheckpointKey, checkpointFilePath, createAuditCheckpoint } from '../server/platform/audit-checkpoint.js';
import { readMasterKey } from '../server/platform/crypto/field-cipher.js';

const config = loadConfig();
try {
  const keyFile = path.join(config.dataDir, 'data.key');
  const master = readMasterKey({ envValue: config.dataKeyHex, filePath: keyFile });
  // Never a fresh key here: a checkpoint signed with a key the platform does not use proves nothing.
  if (!master) throw new Error(`找不到数据密钥（DATA_KEY 或 ${keyFile}），无法签署检查点`);
  const database = await openDatabase(config.databaseUrl ? { url: config.databaseUrl } : { dataDir: path.join(config.dataDir, 'pglite') });
  try {
    const file = checkpointFilePath(config.dataDir);
    const out = await createAuditCheckpoint(database.db, { key: auditCheckpointKey(master.key), file });
    if (out.status === 'signed') {
      const cp = out.checkpoint;
      console.log(`已签署审计检查点：第 ${cp.seq} 条，哈希 ${cp.hash}，公钥 ${cp.publicKey.slice(0, 18)}…；已写入数据库表 audit_checkpoints 和 ${file}。`);
      console.log(JSON.stringify({ auditCheckpoint: cp }));
    } else if (out.status === 'unchanged') {
      console.log(`第 ${out.seq} 条已有检查点，此后没有新的审计记录，无需新的检查点。`);
    } else {
      console.log('审计日志为空，无需检查点。');
    }
    process.exitCode = 0;
  } catch (e) {
    if (!(e instanceof AuditCheckpointError)) throw e;
    console.error(`拒绝签署审计检查点：${e.message}`);
    process.exitCode = 1;
  } finally {
    await database.close();
  }
} catch (e) {
  console.error(`无法签署审计检查点：${(e as Error).message}`);
  process.exitCode = 2;
}
