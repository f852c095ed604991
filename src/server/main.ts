// Starts the platform: `npm start` (see scripts/start.mjs) runs this file.
import './platform/v8-flags.js'; // first: V8 settings before anything allocates
import { ConfigError, loadConfig, requirePublicUrl } from './config.js';
import { buildApp } from './app.js';
import { openPlatform } from './platform/bootstrap.js';
import { DatabaseUnreachableError } from './db/client.js';
import { DataDirLockedError } from './platform/datadir-lock.js';
import { DEMO_PASSWORD, seedDemoIfEmpty } from '../cli/demo/demo.js';
import { roles } from '../domain/access/roles.js';
import { jobIntervalMs, startJobRunner, type JobRunner } from './platform/jobs.js';
import { overdueAlertsJob } from './modules/supervision/milestones.js';
import { closeDueCallsJob } from './modules/capacity/close-calls.js';
import { closeDueNoticesJob } from './modules/capacity/close-notices.js';
import { flagEndedWindowsJob } from './modules/capacity/close-windows.js';
import { auditCheckpointJob, checkpointFilePath } from './platform/audit-checkpoint.js';
import { auditGuardWarnings } from './platform/audit.js';
import { closeUntrustedCage } from './modules/untrusted-jobs.js';
import { notificationEmailJob, smtpTransport } from './platform/notify-email.js';
import { backfillSearchVectors } from './modules/public/search-backfill.js';

async function main() {
  const t0 = Date.now();
  const config = loadConfig();
  requirePublicUrl(config); // before anything is opened: a real deployment names its address
  const platform = await openPlatform(config, { seed: seedDemoIfEmpty });
  // X-1: the audit checkpoint key, derived from the data key openPlatform has just checked (ADR 0009).
  const { auditKey } = platform;
  // X-5: briefings and progress disclosures published before their search vectors existed become
  // searchable (once: only published rows without a vector are touched; safe in several processes)
  const backfilled = await backfillSearchVectors(platform.database.db);
  const app = await buildApp({ database: platform.database, config, cipher: platform.cipher, files: platform.files, auditKey });
  if (backfilled.briefings + backfilled.progress + backfilled.cases) app.log.info({ searchBackfill: backfilled }, '已为此前公开的简报、进展和案例建立检索索引');
  const intervalMs = jobIntervalMs();
  let jobs: JobRunner | null = null;
  let mailJobs: JobRunner | null = null;
  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, '正在停止');
    try {
      await jobs?.stop();
      await mailJobs?.stop();
      await app.close();
      await closeUntrustedCage(); // a parse still running ends with its worker; its temp directory goes
    } finally {
      await platform.database.close().catch(() => undefined);
      process.exit(0);
    }
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  await app.listen({ port: config.port, host: config.host });
  // SUP-2, SUP-7: overdue alerts (JOB_INTERVAL_SECONDS, 0 = not in this process; safe in several).
  // CAP-1: published calls close by themselves once their closing day has ended (same interval, safe in several).
  // CAP-5: public notices close by themselves after their last day and settle their results (same, safe in several).
  // FND-4: funded projects whose execution window ended are flagged with what they did not spend (same, safe in several).
  // X-1: the audit chain head signed with the platform key (derived from the data key, ADR 0009);
  // the checkpoint goes to the table, DATA_DIR/audit-checkpoints.jsonl and this log.
  const checkpoints = [auditCheckpointJob(platform.database.db, { key: auditKey, file: checkpointFilePath(config.dataDir) })];
  if (intervalMs) jobs = startJobRunner({ jobs: [overdueAlertsJob(platform.database.db), closeDueCallsJob(platform.database.db), closeDueNoticesJob(platform.database.db), flagEndedWindowsJob(platform.database.db), ...checkpoints], intervalMs, log: app.log });
  // X-3: notification e-mails from the outbox (platform/notify-email.ts), every 30 s or JOB_INTERVAL_SECONDS when
  // shorter; safe in several processes (rows are claimed).
  if (intervalMs && config.smtp) {
    const transport = smtpTransport(config.smtp);
    mailJobs = startJobRunner({ jobs: [notificationEmailJob(platform.database.db, { transport, cipher: platform.cipher, publicUrl: config.publicUrl })], intervalMs: Math.min(intervalMs, 30_000), log: app.log });
  }
  for (const w of await auditGuardWarnings(platform.database)) app.log.warn({ auditGuard: true }, w);
  const where = platform.database.driver === 'postgres' ? 'PostgreSQL' : `内嵌数据库 PGlite（${config.dataDir}）`;
  console.log(`\n承接平台已启动：http://localhost:${config.port}  数据库：${where}  用时 ${Date.now() - t0} ms`);
  // issue 11 §3: the address printed on task books (PUBLIC_URL, or the local one with the demo data)
  console.log(`公开地址：${config.publicUrl}（任务书上的核验网址 ${config.publicUrl}/portal/verify${process.env.PUBLIC_URL?.trim() ? '' : '；未设置 PUBLIC_URL，使用本机地址'}）`);
  if (platform.migrated.length) console.log(`已执行数据库迁移：${platform.migrated.join(', ')}`);
  // Issue 10 §5: which key the data is under (its fingerprint only), and files moved into PostgreSQL.
  console.log(`数据密钥：${platform.dataKey.fingerprint}（${platform.dataKey.source === 'env' ? 'DATA_KEY' : platform.dataKey.filePath}${platform.dataKey.created ? '，本次新建，请备份' : ''}）`);
  console.log(`通知邮件：${config.smtp ? `经 ${config.smtp.host}:${config.smtp.port} 发送，发件人 ${config.smtp.from}${intervalMs ? '' : '（本进程不运行定时任务，由其他进程发送）'}` : '未配置邮件服务器（SMTP_URL 或 SMTP_HOST），只在平台内通知'}`);
  if (platform.importedFiles.imported) console.log(`已将本机磁盘上的 ${platform.importedFiles.imported} 个文件导入数据库`);
  if (platform.importedFiles.missing) console.warn(`警告：${platform.importedFiles.missing} 个附件或任务书文件既不在数据库中也不在本机 ${config.dataDir}/files 下`);
  if (platform.seededUsers) {
    console.log(`\n已写入演示数据。演示账号（密码均为 ${DEMO_PASSWORD}）：`);
    for (const u of platform.seededUsers) {
      console.log(`  ${u.username.padEnd(16)} ${roles[u.role].label.padEnd(10, '　')} ${u.displayName.padEnd(4, '　')} ${u.orgName}`);
    }
    console.log('');
  }
}

main().catch((e: unknown) => {
  // One clear line for the failures a person can fix; the stack only for the unexpected.
  if (e instanceof DatabaseUnreachableError || e instanceof DataDirLockedError || e instanceof ConfigError) {
    console.error(`启动失败：${e.message}`);
  } else if (e instanceof Error && /EADDRINUSE/.test(e.message)) {
    console.error(`启动失败：端口已被占用（${e.message}）。请设置 PORT 使用其他端口。`);
  } else {
    console.error('启动失败：', e);
  }
  process.exit(1);
});
