// the e-mail settings (config.ts SMTP_*) and the message a notification becomes.
import { describe, expect, it } from 'vitest';
import { ConfigError, smtpFromEnv } from '../config.js';
import { emailRetryDelayMs, notificationEmail } from './notify-email.js';

describe('SMTP settings', () => {
  it('are off without SMTP_URL and SMTP_HOST', () => {
    expect(smtpFromEnv({})).toBeNull();
  });
  it('read SMTP_URL, smtps meaning TLS from the start', () => {
    expect(smtpFromEnv({ SMTP_URL: 'smtps://mailer%40sdast:p%40ss@mail.example.org', SMTP_FROM: '承接平台 <noreply@example.org>' })).toEqual({
      host: 'mail.example.org', port: 465, secure: true, user: 'mailer@sdast', pass: 'p@ss', from: '承接平台 <noreply@example.org>',
    });
    expect(smtpFromEnv({ SMTP_URL: 'smtp://mail.example.org', SMTP_FROM: 'a@b.c' })).toMatchObject({ port: 587, secure: false, user: null, pass: null });
  });
  it('read SMTP_HOST, SMTP_PORT, SMTP_USER, SMTP_PASS', () => {
    expect(smtpFromEnv({ SMTP_HOST: 'mail.example.org', SMTP_PORT: '25', SMTP_USER: 'u', SMTP_PASS: 'p', SMTP_FROM: 'a@b.c' })).toEqual({ host: 'mail.example.org', port: 25, secure: false, user: 'u', pass: 'p', from: 'a@b.c' });
  });
  it('refuse a server without a sender, a bad URL or a bad port, with one Chinese line', () => {
    expect(() => smtpFromEnv({ SMTP_HOST: 'mail.example.org' })).toThrow(ConfigError);
    expect(() => smtpFromEnv({ SMTP_HOST: 'mail.example.org' })).toThrow(/SMTP_FROM/);
    expect(() => smtpFromEnv({ SMTP_URL: 'http://mail.example.org', SMTP_FROM: 'a@b.c' })).toThrow(/SMTP_URL/);
    expect(() => smtpFromEnv({ SMTP_URL: 'not a url', SMTP_FROM: 'a@b.c' })).toThrow(/SMTP_URL/);
    expect(() => smtpFromEnv({ SMTP_HOST: 'h', SMTP_PORT: '70000', SMTP_FROM: 'a@b.c' })).toThrow(/SMTP_PORT/);
  });
});

describe('the message', () => {
  it('greets the person, repeats the notification and links to its page at PUBLIC_URL (the notifications page when it has none)', () => {
    const m = notificationEmail({ title: '请签署三方任务书', body: '项目委托单位已签署。', link: '/app/projects/1?tab=taskbook', displayName: '李明' }, 'https://cj.example.org');
    expect(m.subject).toBe('请签署三方任务书');
    expect(m.text).toContain('李明您好');
    expect(m.text).toContain('项目委托单位已签署。');
    expect(m.text).toContain('https://cj.example.org/app/projects/1?tab=taskbook');
    expect(notificationEmail({ title: 't', body: null, link: null, displayName: null }, 'https://cj.example.org').text).toContain('https://cj.example.org/app/notifications');
  });
  it('retries after 1, 4, 16 and 64 minutes', () => {
    expect([1, 2, 3, 4].map((n) => emailRetryDelayMs(n) / 60_000)).toEqual([1, 4, 16, 64]);
  });
});
