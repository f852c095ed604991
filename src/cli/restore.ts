// `npm run restore -- FILE [--force] [--no-acl]`: restores an archive made by `npm run backup` into the database
// and DATA_DIR of this configuration (issue 10 §5, platform/backup.ts). Everything is checked first —
// the SM3 of the manifest and of every part, the format, the data key's fingerprint — and only an
// empty database / data directory is written, unless --force (asked to confirm on a terminal).
// The platform must be stopped. Exit code 0 when restored, 1 when refused or failed.
import readline from 'node:readline/promises';
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '../server/config.js';
import { BackupError, keyReminder, restore, RestoreIncompleteError } from '../server/platform/backup.js';

const usage = '用法：npm run restore -- 备份文件.tar [--force] [--no-acl]（--force：用备份替换已有的数据；--no-acl：PostgreSQL 不恢复授权，用于没有备份中被授权角色的服务器）';

/** On a terminal the operator types the word; a script that passes --force has confirmed already. */
async function confirm(what: string): Promise<boolean> {
  if (!process.stdin.isTTY) {
    console.log(`注意：${what}（--force）。`);
    return true;
  }
  const rl = readline.createInterface({ input: process.stdin, output: process.stdout });
  try {
    return (await rl.question(`${what}。\n此操作不可撤销，确认请输入“确认恢复”：`)).trim() === '确认恢复';
  } finally {
    rl.close();
  }
}

try {
  const { values, positionals } = parseArgs({ options: { force: { type: 'boolean' }, 'no-acl': { type: 'boolean' }, help: { type: 'boolean', short: 'h' } }, allowPositionals: true, strict: true });
  if (values.help || positionals.length !== 1) {
    console.log(usage);
    if (!values.help) process.exitCode = 1;
  } else {
    const config = loadConfig();
    const t0 = Date.now();
    const r = await restore({ config, file: positionals[0], force: values.force ?? false, noAcl: values['no-acl'] ?? false, confirm, log: (l) => console.log(l) });
    const rows = Object.values(r.tables).reduce((a, n) => a + n, 0);
    console.log(`恢复完成（用时 ${((Date.now() - t0) / 1000).toFixed(1)} s）：${Object.keys(r.tables).length} 张表共 ${rows} 行，与备份清单逐表一致；磁盘文件 ${r.manifest.files.count} 个。`);
    if (r.replacedTo) console.log(`原有数据已移到 ${r.replacedTo}：确认恢复无误后可删除。`);
    console.log(keyReminder(r.manifest.dataKey.fingerprint));
    if (values['no-acl'] && config.databaseUrl) console.log('已按 --no-acl 跳过授权：启动平台前请以表的所有者重新授予应用角色权限（README「Audit log」中的 GRANT 语句）。');
    console.log('启动平台（npm start）时会执行本版本尚未执行的迁移；可再运行 npm run audit:verify 校验审计日志。');
  }
} catch (e) {
  // The database was replaced but something after it was not done: "恢复失败" would say the opposite.
  if (e instanceof RestoreIncompleteError) console.error(`恢复未完成：${e.message}`);
  else if (e instanceof BackupError || e instanceof ConfigError) console.error(`恢复失败：${e.message}`);
  else if ((e as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) console.error(`${(e as Error).message}\n${usage}`);
  else console.error('恢复失败：', e);
  process.exitCode = 1;
}
