// Platform configuration from the environment, validated once at start.
import path from 'node:path';

export class ConfigError extends Error {}

export interface Config {
  port: number;
  host: string;
  databaseUrl?: string;
  dataDir: string;
  /** 64 hex chars; when absent a key file is created in the data directory */
  dataKeyHex?: string;
  /** TOTP second factor mandatory for administrators (roles with isAdmin) */
  requireAdminTotp: boolean;
  cookieSecure: boolean;
  logLevel: string;
  webDir: string;
  trustProxy: boolean;
  /** fill an empty database with the demo dataset (SEED_DEMO=false for a real deployment) */
  seedDemo: boolean;
  /** the address the public reaches the portal at, printed on task books for verification (PUB-2) */
  publicUrl: string;
  /** notifications are also e-mailed when an SMTP server is configured (null: not e-mailed) */
  smtp: SmtpConfig | null;
}

/** SMTP_URL (smtp:// or smtps://user:pass@host:port), or SMTP_HOST with SMTP_PORT/USER/PASS; SMTP_FROM the sender. */
export interface SmtpConfig {
  host: string;
  port: number;
  /** TLS from the first byte (smtps, port 465); otherwise STARTTLS when the server offers it */
  secure: boolean;
  user: string | null;
  pass: string | null;
  from: string;
}

export function smtpFromEnv(env: NodeJS.ProcessEnv): SmtpConfig | null {
  const url = env.SMTP_URL?.trim();
  const host = env.SMTP_HOST?.trim();
  if (!url && !host) return null;
  const from = env.SMTP_FROM?.trim();
  if (!from) throw new ConfigError('已配置邮件服务器（SMTP_URL 或 SMTP_HOST），但未设置发件人 SMTP_FROM（如 "承接平台 <noreply@example.org>"）');
  if (url) {
    let u: URL;
    try {
      u = new URL(url);
    } catch {
      throw new ConfigError('SMTP_URL 无效：应为 smtp://用户名:密码@主机:端口 或 smtps://…');
    }
    if (u.protocol !== 'smtp:' && u.protocol !== 'smtps:') throw new ConfigError('SMTP_URL 无效：协议应为 smtp:// 或 smtps://');
    const secure = u.protocol === 'smtps:';
    const port = u.port ? Number(u.port) : secure ? 465 : 587;
    return { host: u.hostname, port, secure, user: u.username ? decodeURIComponent(u.username) : null, pass: u.password ? decodeURIComponent(u.password) : null, from };
  }
  const port = Number.parseInt(env.SMTP_PORT ?? '587', 10);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new ConfigError(`SMTP_PORT 无效：${env.SMTP_PORT}（应为 1–65535 的整数）`);
  return { host: host!, port, secure: port === 465, user: env.SMTP_USER || null, pass: env.SMTP_PASS || null, from };
}

const bool = (v: string | undefined, dflt: boolean) =>
  v === undefined || v === '' ? dflt : ['1', 'true', 'yes', 'on'].includes(v.toLowerCase());

/** PUBLIC_URL, checked (an http or https address, no trailing slash); the local address when unset (the demo). */
function publicUrlFrom(env: NodeJS.ProcessEnv, port: number): string {
  const v = env.PUBLIC_URL?.trim();
  if (!v) return `http://localhost:${port}`;
  let u: URL | null = null;
  try {
    u = new URL(v);
  } catch {
    /* refused below */
  }
  if (!u || !['http:', 'https:'].includes(u.protocol) || u.search || u.hash) throw new ConfigError(`PUBLIC_URL 无效：${v}（应为平台的公开访问地址，如 https://chengjie.example.cn）`);
  return v.replace(/\/+$/, '');
}

/**
 * Issue 11 §3: an issued task book prints the address where it is verified, for ever. A real
 * deployment (SEED_DEMO=false) does not start on the local fallback address: PUBLIC_URL is required.
 */
export function requirePublicUrl(config: Pick<Config, 'seedDemo'>, env: NodeJS.ProcessEnv = process.env): void {
  if (!config.seedDemo && !env.PUBLIC_URL?.trim()) {
    throw new ConfigError('未设置 PUBLIC_URL。正式部署（SEED_DEMO=false）须设置平台的公开访问地址（如 PUBLIC_URL=https://chengjie.example.cn），签署的任务书上永久印有该地址供核验');
  }
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: Partial<Config> = {}): Config {
  const port = Number.parseInt(env.PORT ?? '3000', 10);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new ConfigError(`PORT 无效：${env.PORT}（应为 0–65535 的整数）`);
  const dataDir = path.resolve(env.DATA_DIR ?? 'data');
  return {
    port,
    host: env.HOST ?? '0.0.0.0',
    databaseUrl: env.DATABASE_URL || undefined,
    dataDir,
    dataKeyHex: env.DATA_KEY || undefined,
    requireAdminTotp: bool(env.REQUIRE_ADMIN_TOTP, false),
    cookieSecure: bool(env.COOKIE_SECURE, false),
    logLevel: env.LOG_LEVEL ?? 'info',
    webDir: path.resolve(env.WEB_DIR ?? 'dist/web'),
    trustProxy: bool(env.TRUST_PROXY, false),
    seedDemo: bool(env.SEED_DEMO, true),
    publicUrl: publicUrlFrom(env, port),
    smtp: smtpFromEnv(env),
    ...overrides,
  };
}
