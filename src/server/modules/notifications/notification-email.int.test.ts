// Issue 11 §2, on both drivers: notifications by e-mail, against a real SMTP server in its own
// process (testing/smtp-sink.mjs, the `smtp-server` package). The outbox is written in the change's
// transaction and sent by the job: the right recipient, a Chinese subject and body, a link starting
// with PUBLIC_URL; a rolled-back change sends nothing; a user without an address gets no mail;
// failures are retried with growing delays and given up; two runs at once never send one twice.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import readline from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { as, createTestContext, type TestClient, type TestContext } from '../../testing/harness.js';
import { notifyOrg } from '../../platform/notify.js';
import { EMAIL_MAX_ATTEMPTS, emailRetryDelayMs, notificationEmailJob, sendNotificationEmails, smtpTransport, type MailTransport } from '../../platform/notify-email.js';
import type { SmtpConfig } from '../../config.js';

const PUBLIC_URL = 'https://chengjie.example.gov.cn';
let ctx: TestContext;
let sink: ChildProcess;
let smtp: SmtpConfig;
let transport: MailTransport;
const inbox: { from: string | null; to: string[]; raw: string }[] = [];
let admin: TestClient;
let kjt: TestClient;

/** RFC 2047 encoded words (=?UTF-8?B?…?= / ?Q?) of a header value. */
function decodeWords(v: string): string {
  return v.replace(/\r?\n[ \t]+/g, ' ').replace(/=\?([^?]+)\?([BbQq])\?([^?]*)\?=\s*(?==\?)?/g, (_, _cs: string, enc: string, text: string) =>
    enc.toUpperCase() === 'B' ? Buffer.from(text, 'base64').toString('utf8') : Buffer.from(text.replace(/_/g, ' ').replace(/=([0-9A-F]{2})/gi, (_m, h: string) => String.fromCharCode(parseInt(h, 16))), 'latin1').toString('utf8'),
  );
}

/** The subject and the text body of a single-part message as sent on the wire. */
function parse(raw: string): { subject: string; text: string; to: string } {
  const [head, ...rest] = raw.split(/\r?\n\r?\n/);
  const body = rest.join('\n\n');
  const header = (name: string) => head.match(new RegExp(`^${name}:(.*(?:\\r?\\n[ \\t].*)*)`, 'im'))?.[1].trim() ?? '';
  const cte = header('Content-Transfer-Encoding').toLowerCase();
  const text =
    cte === 'base64'
      ? Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8')
      : cte === 'quoted-printable'
        ? Buffer.from(body.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/gi, (_m, h: string) => String.fromCharCode(parseInt(h, 16))), 'latin1').toString('utf8')
        : body;
  return { subject: decodeWords(header('Subject')), text: text.replace(/\r\n/g, '\n'), to: header('To') };
}

const waitFor = async (cond: () => boolean, ms = 10_000) => {
  const t0 = Date.now();
  while (!cond()) {
    if (Date.now() - t0 > ms) throw new Error('timed out waiting for the SMTP server');
    await new Promise((r) => setTimeout(r, 20));
  }
};

const rowsOf = async <T>(q: ReturnType<typeof sql>): Promise<T[]> => ((await ctx.database.db.execute(q)) as unknown as { rows: T[] }).rows;

beforeAll(async () => {
  sink = spawn(process.execPath, [path.resolve(path.dirname(new URL(import.meta.url).pathname), '../../testing/smtp-sink.mjs')], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<number>((resolve, reject) => {
    const lines = readline.createInterface({ input: sink.stdout! });
    lines.on('line', (l) => {
      const m = l.match(/^LISTENING (\d+)$/);
      if (m) resolve(Number(m[1]));
      else inbox.push(JSON.parse(l));
    });
    sink.once('exit', (code) => reject(new Error(`SMTP server exited (${code})`)));
  });
  smtp = { host: '127.0.0.1', port, secure: false, user: null, pass: null, from: '承接平台 <noreply@chengjie.example.gov.cn>' };
  transport = smtpTransport(smtp);
  ctx = await createTestContext({ publicUrl: PUBLIC_URL, smtp });
  // the demo's own notifications are not part of these tests
  await ctx.database.db.execute(sql`UPDATE notifications SET email_status = NULL, email_next_at = NULL`);
  admin = await as(ctx.app, 'sheng.admin');
  kjt = await as(ctx.app, 'kjt.user');
}, 300_000);
afterAll(async () => {
  transport?.close();
  sink?.kill('SIGTERM');
  await ctx?.close();
});

const run = (now = new Date()) => sendNotificationEmails(ctx.database.db, { transport, cipher: ctx.cipher, publicUrl: PUBLIC_URL, now });

describe('notification e-mail through a real SMTP server (X-3)', () => {
  it('a relay is mailed to each society user with an address: right recipient, Chinese subject and body, link with PUBLIC_URL; none to a user without one', async () => {
    // nongxue.user has no e-mail address
    await ctx.database.db.execute(sql`UPDATE users SET email_enc = NULL WHERE username = 'nongxue.user'`);
    const year = new Date().getFullYear();
    const p = (await admin.post('/api/v1/programmes', { associationId: ctx.ids.province, presetCode: '001', name: '邮件通知测试方案', year })).body;
    const pub = await admin.post(`/api/v1/programmes/${p.id}/publish`, { version: p.version, confirmPastStages: true });
    expect(pub.status, JSON.stringify(pub.body)).toBe(200);
    const leaf = (cats: { code: string; children?: unknown[] }[]): string => (cats[0].children ? leaf(cats[0].children as never) : cats[0].code);
    const it1 = await kjt.post('/api/v1/items', { programmeId: p.id, title: '邮件测试评估服务', categoryCode: leaf(pub.body.categories), description: '组织专家开展评估并形成报告。', commissioningMode: 'authorisedCommission', budgetFen: 1_000_000, expectedPeriod: '6个月' });
    expect(it1.status, JSON.stringify(it1.body)).toBe(201);
    expect((await kjt.post(`/api/v1/items/${it1.body.id}/publish`, { version: it1.body.version })).status).toBe(200);
    const relay = await admin.post('/api/v1/relays', { programmeId: p.id, itemIds: [it1.body.id], note: '请按期申报' });
    expect(relay.status, JSON.stringify(relay.body)).toBe(200);
    const rows = await rowsOf<{ username: string; email_status: string | null }>(sql`
      SELECT u.username, n.email_status FROM notifications n JOIN users u ON u.id = n.recipient_user_id WHERE n.entity_id = ${relay.body.relayId} ORDER BY 1`);
    expect(rows.length).toBeGreaterThanOrEqual(3);
    expect(rows.find((r) => r.username === 'nongxue.user')?.email_status).toBeNull();
    const withMail = rows.filter((r) => r.email_status === 'pending').map((r) => r.username);
    expect(withMail).toContain('jixie.user');
    // nothing is sent before the job runs: the outbox is written, the mail is not
    expect(inbox).toHaveLength(0);

    const res = await run();
    expect(res.sent).toBe(withMail.length);
    await waitFor(() => inbox.length >= withMail.length);
    const to = inbox.flatMap((m) => m.to).sort();
    expect(to).toEqual(withMail.map((u) => `${u.replace('.', '_')}@example.cn`).sort());
    expect(to).not.toContain('nongxue_user@example.cn');
    const jixie = inbox.find((m) => m.to.includes('jixie_user@example.cn'))!;
    const mail = parse(jixie.raw);
    expect(mail.subject).toBe('新转发可转移职能事项 1 项');
    expect(mail.text).toContain('邮件测试评估服务');
    expect(mail.text).toContain('请按期申报');
    expect(mail.text).toContain(`${PUBLIC_URL}/app/declare?relay=${relay.body.relayId}`);
    expect(mail.text).toContain('郑伟您好');
    expect(jixie.from).toBe('noreply@chengjie.example.gov.cn');
    expect((await rowsOf<{ n: number }>(sql`SELECT count(*)::int AS n FROM notifications WHERE entity_id = ${relay.body.relayId} AND email_status = 'sent'`))[0].n).toBe(withMail.length);

    // a second run sends nothing again
    inbox.length = 0;
    expect((await run()).sent).toBe(0);
    await new Promise((r) => setTimeout(r, 200));
    expect(inbox).toHaveLength(0);
  });

  it('a change that rolls back sends nothing', async () => {
    inbox.length = 0;
    await expect(
      ctx.database.db.transaction(async (tx) => {
        expect(await notifyOrg(tx, ctx.ids.orgs['山东省机械工程学会'], { permission: 'supervision.report' }, { title: '回滚的通知', link: '/app/projects' })).toBe(1);
        throw new Error('变更失败，回滚');
      }),
    ).rejects.toThrow('回滚');
    expect((await rowsOf<{ n: number }>(sql`SELECT count(*)::int AS n FROM notifications WHERE title = '回滚的通知'`))[0].n).toBe(0);
    expect((await run()).sent).toBe(0);
    await new Promise((r) => setTimeout(r, 200));
    expect(inbox).toHaveLength(0);
  });

  it('a failed send is retried after a delay and given up after the last attempt', async () => {
    inbox.length = 0;
    const society = ctx.ids.orgs['山东省机械工程学会'];
    await ctx.database.db.transaction((tx) => notifyOrg(tx, society, { permission: 'supervision.report' }, { title: '重试测试：整改期限将至', body: '请按期报送整改报告。', link: null }));
    const down: MailTransport = smtpTransport({ ...smtp, port: 1 }); // nothing listens there
    const t0 = new Date();
    const first = await sendNotificationEmails(ctx.database.db, { transport: down, cipher: ctx.cipher, publicUrl: PUBLIC_URL, now: t0 });
    expect(first).toMatchObject({ sent: 0, retrying: 1 });
    const state = async () => (await rowsOf<{ email_status: string; email_attempts: number; email_next_at: Date | string | null; email_error: string | null }>(sql`SELECT email_status, email_attempts, email_next_at, email_error FROM notifications WHERE title = '重试测试：整改期限将至'`))[0];
    let s = await state();
    expect(s).toMatchObject({ email_status: 'pending', email_attempts: 1 });
    expect(new Date(s.email_next_at!).getTime()).toBe(t0.getTime() + emailRetryDelayMs(1));
    // not before the delay
    expect((await run(new Date(t0.getTime() + emailRetryDelayMs(1) - 1000))).sent).toBe(0);
    // after it, with the server back: delivered, mentioning the notifications page
    expect((await run(new Date(t0.getTime() + emailRetryDelayMs(1) + 1000))).sent).toBe(1);
    await waitFor(() => inbox.length === 1);
    expect(parse(inbox[0].raw).text).toContain(`${PUBLIC_URL}/app/notifications`);
    s = await state();
    expect(s).toMatchObject({ email_status: 'sent', email_attempts: 2, email_error: null });

    // a server that never answers: given up after the last attempt
    await ctx.database.db.transaction((tx) => notifyOrg(tx, society, { permission: 'supervision.report' }, { title: '放弃测试', link: null }));
    let now = new Date();
    for (let i = 1; i <= EMAIL_MAX_ATTEMPTS; i++) {
      await sendNotificationEmails(ctx.database.db, { transport: down, cipher: ctx.cipher, publicUrl: PUBLIC_URL, now });
      now = new Date(now.getTime() + emailRetryDelayMs(i) + 1000);
    }
    const gaveUp = (await rowsOf<{ email_status: string; email_attempts: number }>(sql`SELECT email_status, email_attempts FROM notifications WHERE title = '放弃测试'`))[0];
    expect(gaveUp).toEqual({ email_status: 'failed', email_attempts: EMAIL_MAX_ATTEMPTS });
    expect((await run(new Date(now.getTime() + 86_400_000))).sent).toBe(0);
    down.close();
  });

  it('two runs at once send each message once', async () => {
    inbox.length = 0;
    await ctx.database.db.transaction((tx) => notifyOrg(tx, ctx.ids.province, { permission: ['supervision.manage', 'taskBook.sign'] }, { title: '并发测试', link: null }));
    const expected = (await rowsOf<{ n: number }>(sql`SELECT count(*)::int AS n FROM notifications WHERE title = '并发测试' AND email_status = 'pending'`))[0].n;
    expect(expected).toBeGreaterThanOrEqual(2);
    const other = smtpTransport(smtp);
    const job = notificationEmailJob(ctx.database.db, { transport, cipher: ctx.cipher, publicUrl: PUBLIC_URL });
    const [a, b] = await Promise.all([job.run(new Date()) as Promise<{ sent: number }>, sendNotificationEmails(ctx.database.db, { transport: other, cipher: ctx.cipher, publicUrl: PUBLIC_URL, now: new Date(), batch: 1 })]);
    other.close();
    expect(a.sent + b.sent).toBe(expected);
    await waitFor(() => inbox.length >= expected);
    await new Promise((r) => setTimeout(r, 200));
    const to = inbox.flatMap((m) => m.to);
    expect(new Set(to).size).toBe(to.length);
    expect(to).toHaveLength(expected);
  });
});
