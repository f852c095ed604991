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
}

const bool = (v: string | undefined, dflt: boolean) =>
  v === undefined || v === '' ? dflt : ['1', 'true', 'yes', 'on'].includes(v.toLowerCase());

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
    publicUrl: (env.PUBLIC_URL || `http://localhost:${port}`).replace(/\/+$/, ''),
    ...overrides,
  };
}
