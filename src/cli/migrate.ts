// `npm run migrate`: applies pending SQL migrations (the server also does this at start).
import path from 'node:path';
import { loadConfig } from '../server/config.js';
import { openDatabase } from '../server/db/client.js';
import { migrate } from '../server/db/migrate.js';

const config = loadConfig();
try {
  const database = await openDatabase(config.databaseUrl ? { url: config.databaseUrl } : { dataDir: path.join(config.dataDir, 'pglite') });
  const applied = await migrate(database.db);
  console.log(applied.length ? `已执行迁移：${applied.join(', ')}` : '数据库已是最新结构。');
  await database.close();
} catch (e) {
  console.error(`迁移失败：${(e as Error).message}`);
  process.exitCode = 1;
}
