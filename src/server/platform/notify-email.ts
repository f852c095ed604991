// notifications by e-mail where an SMTP server is configured (config.ts SMTP_*). Nothing is
// sent inside the transaction that writes a notification: its row is the outbox entry
// (notifications.email_status = 'pending', platform/notify.ts), and this periodic job
// (platform/jobs.ts) sends it. Several processes may run the job against one database: a batch is
// claimed with one UPDATE … FOR UPDATE SKIP LOCKED that moves the rows to 'sending' with a lease,
// so no two processes hold the same row; a row whose process died mid-send is claimed again when
// its lease runs out (the message may then arrive twice, never lost). A failed send is retried
// with growing delays and given up ('failed') after EMAIL_MAX_ATTEMPTS attempts. The address is
// read from users.email_enc (SM4, decrypted with the field cipher) when sending, so a changed
// address is used and a removed one sends nothing ('skipped').
import nodemailer from 'nodemailer';
import { sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import type { SmtpConfig } from '../config.js';
import type { FieldCipher } from './crypto/field-cipher.js';
import type { Job } from './jobs.js';

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
}

export interface MailTransport {
  send(m: MailMessage): Promise<void>;
  close(): void;
}

export function smtpTransport(cfg: SmtpConfig): MailTransport {
  const t = nodemailer.createTransport({
    host: cfg.host,
    port: cfg.port,
    secure: cfg.secure,
    auth: cfg.user ? { user: cfg.user, pass: cfg.pass ?? '' } : undefined,
    // with a password, STARTTLS is required: a stripped STARTTLS must not send the credentials in clear
    requireTLS: !cfg.secure && !!cfg.user,
    connectionTimeout: 15_000,
    greetingTimeout: 15_000,
    socketTimeout: 60_000,
  });
  return {
    send: async (m) => {
      await t.sendMail({ from: cfg.from, to: m.to, subject: m.subject, text: m.text });
    },
    close: () => t.close(),
  };
}

/** Attempts before a message is given up. */
export const EMAIL_MAX_ATTEMPTS = 5;
/** Delay before attempt n+1 after n failed ones: 1, 4, 16, 64 minutes. */
export const emailRetryDelayMs = (attempts: number): number => 60_000 * 4 ** Math.max(0, attempts - 1);
/** How long a claimed row is held before another process may take it over. */
export const EMAIL_CLAIM_MS = 10 * 60_000;
/**
 * A message still unsent this long after its notification is not sent any more ('skipped'): e.g.
 * notifications written while no SMTP server was configured do not all arrive when one is.
 */
export const EMAIL_MAX_AGE_MS = 48 * 3_600_000;
const BATCH = 50;

export interface EmailRunResult {
  sent: number;
  retrying: number;
  failed: number;
  skipped: number;
}

interface Claimed {
  id: string;
  recipient_user_id: string;
  title: string;
  body: string | null;
  link: string | null;
  email_attempts: number;
  email_enc: string | null;
  display_name: string | null;
  is_active: boolean | null;
}

export function notificationEmail(n: { title: string; body: string | null; link: string | null; displayName: string | null }, publicUrl: string): { subject: string; text: string } {
  const url = `${publicUrl}${n.link ?? '/app/notifications'}`;
  const text = [`${n.displayName ?? ''}您好：`, '', n.title, ...(n.body ? [n.body] : []), '', `请登录承接平台查看：${url}`, '', '此邮件由承接平台自动发送，请勿直接回复。'].join('\n');
  return { subject: n.title, text };
}

const rows = <T>(res: unknown): T[] => (res as { rows: T[] }).rows;

/** One run: claims due outbox rows and sends them; returns what happened. */
export async function sendNotificationEmails(db: Db, o: { transport: MailTransport; cipher: FieldCipher; publicUrl: string; now: Date; batch?: number }): Promise<EmailRunResult> {
  const now = o.now.toISOString();
  const out: EmailRunResult = { sent: 0, retrying: 0, failed: 0, skipped: 0 };
  /** A claim's lease, counted from the moment it is taken (never from a run's stale start). */
  const leaseUntil = () => new Date(Math.max(o.now.getTime(), Date.now()) + EMAIL_CLAIM_MS).toISOString();
  const tooOld = new Date(o.now.getTime() - EMAIL_MAX_AGE_MS).toISOString();
  const stale = rows<{ email_status: string }>(
    await db.execute(sql`
      UPDATE notifications
         SET email_status = CASE WHEN email_attempts >= ${EMAIL_MAX_ATTEMPTS} THEN 'failed' ELSE 'skipped' END,
             email_error = CASE WHEN email_attempts >= ${EMAIL_MAX_ATTEMPTS} THEN '多次发送均未完成' ELSE '超过发送时限未能发送' END,
             email_next_at = NULL
      WHERE email_status IN ('pending', 'sending') AND email_next_at <= ${now}::timestamptz
        AND (created_at < ${tooOld}::timestamptz OR email_attempts >= ${EMAIL_MAX_ATTEMPTS})
      RETURNING email_status`),
  );
  for (const r of stale) out[r.email_status === 'failed' ? 'failed' : 'skipped']++;
  const claimed = rows<Claimed>(
    await db.execute(sql`
      WITH c AS (
        UPDATE notifications SET email_status = 'sending', email_attempts = email_attempts + 1,
               email_next_at = ${leaseUntil()}::timestamptz
        WHERE id IN (
          SELECT id FROM notifications
          WHERE email_status IN ('pending', 'sending') AND email_next_at <= ${now}::timestamptz AND email_attempts < ${EMAIL_MAX_ATTEMPTS}
          ORDER BY email_next_at, id
          LIMIT ${o.batch ?? BATCH}
          FOR UPDATE SKIP LOCKED)
        RETURNING id, recipient_user_id, title, body, link, email_attempts)
      SELECT c.*, u.email_enc, u.display_name, u.is_active FROM c LEFT JOIN users u ON u.id = c.recipient_user_id`),
  );
  for (const n of claimed) {
    let to: string | null;
    try {
      to = n.is_active && n.email_enc ? o.cipher.decrypt(n.email_enc).trim() || null : null;
    } catch {
      to = null;
    }
    if (!to) {
      await db.execute(sql`UPDATE notifications SET email_status = 'skipped', email_error = '收件人没有有效的邮箱地址', email_next_at = NULL WHERE id = ${n.id} AND email_status = 'sending' AND email_attempts = ${n.email_attempts}`);
      out.skipped++;
      continue;
    }
    // Still ours? A batch slower than the lease may have been claimed again by another process (its
    // claim raised email_attempts): renew the lease for this one message, or leave it to that process.
    const held = rows<{ id: string }>(
      await db.execute(sql`UPDATE notifications SET email_next_at = ${leaseUntil()}::timestamptz
        WHERE id = ${n.id} AND email_status = 'sending' AND email_attempts = ${n.email_attempts} RETURNING id`),
    );
    if (!held.length) continue;
    try {
      await o.transport.send({ to, ...notificationEmail({ title: n.title, body: n.body, link: n.link, displayName: n.display_name }, o.publicUrl) });
      await db.execute(sql`UPDATE notifications SET email_status = 'sent', email_sent_at = ${new Date().toISOString()}::timestamptz, email_error = NULL, email_next_at = NULL WHERE id = ${n.id} AND email_status = 'sending' AND email_attempts = ${n.email_attempts}`);
      out.sent++;
    } catch (e) {
      const error = (e instanceof Error ? e.message : String(e)).slice(0, 500);
      if (n.email_attempts >= EMAIL_MAX_ATTEMPTS) {
        await db.execute(sql`UPDATE notifications SET email_status = 'failed', email_error = ${error}, email_next_at = NULL WHERE id = ${n.id} AND email_status = 'sending' AND email_attempts = ${n.email_attempts}`);
        out.failed++;
      } else {
        const next = new Date(o.now.getTime() + emailRetryDelayMs(n.email_attempts)).toISOString();
        await db.execute(sql`UPDATE notifications SET email_status = 'pending', email_error = ${error}, email_next_at = ${next}::timestamptz WHERE id = ${n.id} AND email_status = 'sending' AND email_attempts = ${n.email_attempts}`);
        out.retrying++;
      }
    }
  }
  return out;
}

/** The periodic job (main.ts registers it when SMTP is configured): batches until the due rows are done (at most 10 a tick). */
export function notificationEmailJob(db: Db, o: { transport: MailTransport; cipher: FieldCipher; publicUrl: string }): Job {
  return {
    name: 'notification-email',
    run: async (now) => {
      const total: EmailRunResult = { sent: 0, retrying: 0, failed: 0, skipped: 0 };
      for (let i = 0; i < 10; i++) {
        // each batch claims at its own time, so a slow run never hands out leases already expired
        const r = await sendNotificationEmails(db, { ...o, now: i === 0 ? now : new Date(Math.max(now.getTime(), Date.now())) });
        for (const k of Object.keys(total) as (keyof EmailRunResult)[]) total[k] += r[k];
        if (r.sent + r.retrying + r.failed + r.skipped < BATCH) break;
      }
      return total;
    },
  };
}
