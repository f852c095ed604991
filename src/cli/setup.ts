// `npm run setup`: the way into a real deployment started empty (SEED_DEMO=false) — creates the root
// association and its first administrator, once (issue 10 §5). Asks for what the flags do not give:
//   npm run setup -- --association 山东省科学技术协会 --level provincial --login admin --name 张三 --one-time
// The password is typed twice without echo, or with --one-time a random one is printed that must be
// changed at first login. With REQUIRE_ADMIN_TOTP=true the administrator then binds TOTP (login.ts).
// Exit 1 with one Chinese line when it cannot: an organisation exists, an input breaks a rule.
import crypto from 'node:crypto';
import readline from 'node:readline';
import { parseArgs } from 'node:util';
import { loadConfig } from '../server/config.js';
import { openPlatform, type Platform } from '../server/platform/bootstrap.js';
import { checkPasswordStrength } from '../domain/identity/password.rules.js';
import { associationLevelLabels, associationLevels } from '../domain/org/org.types.js';
import { SetupAlreadyDoneError, setupRootAssociation, ZRootSetup, type RootSetupInput } from '../server/modules/orgs/setup-root.js';
import { isEmpty } from './demo/demo.js';

class SetupInputError extends Error {}

const ALREADY_DONE = '初始化已完成：数据库中已有组织机构，setup 只在空数据库上运行一次。请用已有的管理员账号登录，在「组织机构」「用户」中继续。';

const fieldLabels: Record<keyof RootSetupInput, string> = {
  association: '根组织（科协）名称',
  level: '层级',
  login: '管理员登录名',
  displayName: '管理员姓名',
};

/** Lines from stdin, one at a time; typed characters hidden while a password is asked. */
class Prompter {
  private rl: readline.Interface;
  private lines: AsyncIterator<string>;
  private muted = false;
  constructor() {
    this.rl = readline.createInterface({ input: process.stdin, output: process.stdout, terminal: !!process.stdin.isTTY, prompt: '' });
    // readline echoes through this (internal, long-standing) method: muting it hides a password.
    const internal = this.rl as unknown as { _writeToOutput(s: string): void };
    const write = internal._writeToOutput.bind(this.rl);
    internal._writeToOutput = (s: string) => {
      if (!this.muted) write(s);
    };
    this.lines = this.rl[Symbol.asyncIterator]();
  }
  get interactive() {
    return !!process.stdin.isTTY;
  }
  async ask(question: string, hidden = false): Promise<string> {
    this.rl.setPrompt(question);
    this.rl.prompt();
    this.muted = hidden;
    const r = await this.lines.next();
    this.muted = false;
    if (hidden || !this.interactive) process.stdout.write('\n'); // a hidden or piped line echoes no newline
    if (r.done) throw new SetupInputError(`输入已结束，未得到「${question.replace(/[：:\s]+$/, '')}」`);
    return r.value as string;
  }
  close() {
    this.rl.close();
  }
}

/** A one-time password that meets the rules (upper, lower, digits; no look-alike characters). */
function oneTimePassword(username: string): string {
  const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789';
  for (;;) {
    const pw = Array.from(crypto.randomBytes(16), (b) => alphabet[b % alphabet.length]).join('');
    if (checkPasswordStrength(pw, { username }).length === 0 && /[A-Z]/.test(pw) && /[a-z]/.test(pw) && /\d/.test(pw)) return pw;
  }
}

const parseLevel = (v: string) => {
  const t = v.trim();
  const byLabel = (Object.entries(associationLevelLabels) as [string, string][]).find(([, label]) => label === t || `${label}科协` === t);
  return byLabel ? byLabel[0] : t;
};

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      association: { type: 'string' },
      level: { type: 'string' },
      login: { type: 'string' },
      name: { type: 'string' },
      'one-time': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
  });
  if (values.help) {
    console.log(
      '用法：npm run setup -- [--association 名称] [--level national|provincial|city|county] [--login 登录名] [--name 姓名] [--one-time]\n' +
        '未给出的项逐一询问；密码输入两次且不回显，或用 --one-time 打印一次性密码（首次登录须修改）。',
    );
    return 0;
  }
  const config = loadConfig();
  let platform: Platform | null = null;
  let prompter: Prompter | null = null;
  try {
    // Migrations and the data-key check as at every start; never the demo data.
    platform = await openPlatform(config);
    if (!(await isEmpty(platform.database.db))) {
      console.error(ALREADY_DONE);
      return 1;
    }
    const given: Record<keyof RootSetupInput, string | undefined> = {
      association: values.association,
      level: values.level,
      login: values.login,
      displayName: values.name,
    };
    const needsInput = Object.values(given).some((v) => v === undefined) || !values['one-time'];
    if (needsInput) prompter = new Prompter();
    const ask = async (key: keyof RootSetupInput): Promise<string> => {
      if (given[key] !== undefined) return given[key];
      const hint = key === 'level' ? `（${associationLevels.map((l) => `${l} ${associationLevelLabels[l]}`).join('、')}）` : '';
      return prompter!.ask(`${fieldLabels[key]}${hint}：`);
    };
    // Each value is checked as soon as it is known; typed at a terminal, a wrong one is asked again.
    const input: Partial<RootSetupInput> = {};
    for (const key of Object.keys(fieldLabels) as (keyof RootSetupInput)[]) {
      for (;;) {
        const raw = await ask(key);
        const parsed = ZRootSetup.shape[key].safeParse(key === 'level' ? parseLevel(raw) : raw);
        if (parsed.success) {
          input[key] = parsed.data as never;
          break;
        }
        const message = `${fieldLabels[key]}：${parsed.error.issues.map((i) => i.message).join('；')}`;
        if (given[key] !== undefined || !prompter?.interactive) throw new SetupInputError(message);
        console.error(message);
      }
    }
    const root = input as RootSetupInput;
    let password: string;
    if (values['one-time']) {
      password = oneTimePassword(root.login);
    } else {
      for (;;) {
        const first = await prompter!.ask('管理员密码：', true);
        const problems = checkPasswordStrength(first, { username: root.login });
        const second = problems.length ? '' : await prompter!.ask('再次输入密码：', true);
        const message = problems.length ? `密码：${problems.join('；')}` : first !== second ? '两次输入的密码不一致' : null;
        if (!message) {
          password = first;
          break;
        }
        if (!prompter!.interactive) throw new SetupInputError(message);
        console.error(message);
      }
    }
    await setupRootAssociation({ db: platform.database.db, cipher: platform.cipher, input: root, password, oneTime: values['one-time'] });
    console.log(`已创建根组织「${root.association}」（${associationLevelLabels[root.level]}科协）及其第一位管理员 ${root.login}（${root.displayName}）。`);
    if (values['one-time']) {
      console.log(`一次性密码：${password}`);
      console.log('（只显示这一次；首次登录后须先修改密码，其他功能在修改前不可用。）');
    }
    if (config.requireAdminTotp) console.log('已要求管理员使用动态验证码（REQUIRE_ADMIN_TOTP=true）：首次登录后须先绑定。');
    const k = platform.dataKey;
    console.log(`数据密钥：${k.fingerprint}（${k.source === 'env' ? 'DATA_KEY' : k.filePath}）${k.created ? '，本次新建：请立即备份，丢失后个人数据无法解密。' : ''}`);
    return 0;
  } catch (e) {
    if (e instanceof SetupAlreadyDoneError) {
      console.error(ALREADY_DONE);
      return 1;
    }
    console.error(`初始化失败：${(e as Error).message}`);
    return 1;
  } finally {
    prompter?.close();
    await platform?.database.close().catch(() => undefined);
  }
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(`初始化失败：${(e as Error).message}`);
    process.exit(1);
  },
);
