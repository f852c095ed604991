// `npm run seed`: fills an empty database with the demo dataset (the server does this on first start).
import { loadConfig } from '../server/config.js';
import { openPlatform } from '../server/platform/bootstrap.js';
import { DEMO_PASSWORD, seedDemoIfEmpty } from './demo/demo.js';

const config = loadConfig();
try {
  const p = await openPlatform(config, { seed: seedDemoIfEmpty });
  console.log(p.seededUsers ? `已写入演示数据（${p.seededUsers.length} 个账号，密码 ${DEMO_PASSWORD}）。` : '数据库不为空，未写入演示数据。');
  await p.database.close();
} catch (e) {
  console.error(`写入演示数据失败：${(e as Error).message}`);
  process.exitCode = 1;
}
