// `npm run backup [-- --out FILE]`: one archive of the platform's data — the database (pg_dump with
// DATABASE_URL, the embedded database's data-directory dump otherwise), the files kept on disk, a
// manifest with row counts and SM3 digests — but never the data key (issue 10 §5,
// platform/backup.ts). Exit code 0 when written, 1 when refused or failed (one line saying why).
import path from 'node:path';
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '../server/config.js';
import { backup, BackupError, keyReminder } from '../server/platform/backup.js';

const usage = '用法：npm run backup [-- --out 备份文件.tar]（默认写到 ./backups/）';

try {
  const { values, positionals } = parseArgs({ options: { out: { type: 'string', short: 'o' }, help: { type: 'boolean', short: 'h' } }, allowPositionals: true, strict: true });
  if (values.help) {
    console.log(usage);
  } else {
    const config = loadConfig();
    const driver = config.databaseUrl ? 'postgres' : 'pglite';
    const stamp = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 19).replace(/[-:]/g, '').replace('T', '-');
    const out = values.out ?? positionals[0] ?? path.join('backups', `chengjie-${driver}-${stamp}.tar`);
    const t0 = Date.now();
    const r = await backup({ config, out, log: (l) => console.log(l) });
    const m = r.manifest;
    const rows = Object.values(m.tables).reduce((a, n) => a + n, 0);
    console.log(`备份完成：${r.file}（${(r.bytes / 1024 / 1024).toFixed(1)} MB，用时 ${((Date.now() - t0) / 1000).toFixed(1)} s）`);
    console.log(`  数据库：${m.database.server}，${Object.keys(m.tables).length} 张表共 ${rows} 行，迁移 ${m.migrations.length} 个（最新 ${m.migrations.at(-1) ?? '无'}）`);
    console.log(`  文件：${m.files.inDatabase ? '附件与任务书文件在数据库中，随数据库备份' : ''}${m.files.inDatabase && m.files.count ? '；另有 ' : ''}${m.files.count || !m.files.inDatabase ? `磁盘文件 ${m.files.count} 个（${(m.files.bytes / 1024 / 1024).toFixed(1)} MB）` : ''}`);
    console.log(keyReminder(m.dataKey.fingerprint));
  }
} catch (e) {
  if (e instanceof BackupError || e instanceof ConfigError) console.error(`备份失败：${e.message}`);
  else if ((e as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) console.error(`${(e as Error).message}\n${usage}`);
  else console.error('备份失败：', e);
  process.exitCode = 1;
}
