// The one way the web app talks to the server: JSON over fetch, the CSRF header on every
// state-changing request, and RFC 9457 problem+json answers turned into a typed ApiError.
import type { FieldError } from '../../contract/common';
import { namePermissions } from './permissionLabels';

const CSRF_COOKIE = 'cj_csrf';
const CSRF_HEADER = 'x-csrf-token';
const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export class ApiError extends Error {
  readonly status: number;
  /** server error code (VALIDATION_FAILED, CONFLICT, …); NETWORK when the server was not reached */
  readonly code: string;
  /** Chinese summary of the code */
  readonly title: string;
  /** Chinese description of this case */
  readonly detail?: string;
  readonly errors: FieldError[];
  /** the whole problem+json body (extension members such as an import's `rowErrors`) */
  readonly problem: Record<string, unknown>;

  constructor(opts: { status: number; code: string; title: string; detail?: string; errors?: FieldError[]; problem?: Record<string, unknown> }) {
    super(opts.detail ? namePermissions(opts.detail) : opts.title);
    this.name = 'ApiError';
    this.status = opts.status;
    this.code = opts.code;
    this.title = opts.title;
    // a refusal names the permission by what it allows, not by its code (docs/UI.md)
    this.detail = opts.detail === undefined ? undefined : namePermissions(opts.detail);
    this.errors = opts.errors ?? [];
    this.problem = opts.problem ?? {};
  }

  /** What to tell the user in one line. */
  get userMessage(): string {
    return this.detail || this.title;
  }
}

export const isApiError = (e: unknown): e is ApiError => e instanceof ApiError;

export function readCookie(name: string): string | null {
  if (typeof document === 'undefined') return null;
  for (const part of document.cookie.split(';')) {
    const [k, ...rest] = part.trim().split('=');
    if (k === name) return decodeURIComponent(rest.join('='));
  }
  return null;
}

let unauthorizedHandler: ((err: ApiError) => void) | null = null;
/** Called on any 401 outside the login and "who am I" calls (the session ended). */
export function onUnauthorized(fn: (err: ApiError) => void) {
  unauthorizedHandler = fn;
}

let csrfInFlight: Promise<void> | null = null;
/** Makes sure the cj_csrf cookie exists (the server sets it on GET /auth/csrf). */
export async function ensureCsrf(force = false): Promise<void> {
  if (!force && readCookie(CSRF_COOKIE)) return;
  csrfInFlight ??= fetch('/api/v1/auth/csrf', { credentials: 'same-origin', headers: { accept: 'application/json' } })
    .then(() => undefined)
    .finally(() => {
      csrfInFlight = null;
    });
  await csrfInFlight;
}

export type QueryValue = string | number | boolean | null | undefined;

export function buildQuery(query?: Record<string, QueryValue>): string {
  if (!query) return '';
  const sp = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (v === undefined || v === null || v === '') continue;
    sp.set(k, String(v));
  }
  const s = sp.toString();
  return s ? `?${s}` : '';
}

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  body?: unknown;
  query?: Record<string, QueryValue>;
  signal?: AbortSignal;
  /** bytes sent as they are (a file upload or an Excel import) instead of a JSON body */
  raw?: { body: Blob; contentType: string };
}

/** `path` is relative to /api/v1, e.g. `/societies`. */
export async function api<T>(path: string, opts: RequestOptions = {}, retried = false): Promise<T> {
  const method = opts.method ?? 'GET';
  const headers: Record<string, string> = { accept: 'application/json, application/problem+json' };
  if (opts.raw) headers['content-type'] = opts.raw.contentType;
  else if (opts.body !== undefined) headers['content-type'] = 'application/json';
  if (UNSAFE.has(method)) {
    await ensureCsrf();
    const token = readCookie(CSRF_COOKIE);
    if (token) headers[CSRF_HEADER] = token;
  }
  let res: Response;
  try {
    res = await fetch(`/api/v1${path}${buildQuery(opts.query)}`, {
      method,
      headers,
      credentials: 'same-origin',
      body: opts.raw ? opts.raw.body : opts.body === undefined ? undefined : JSON.stringify(opts.body),
      signal: opts.signal,
    });
  } catch (e) {
    if ((e as Error)?.name === 'AbortError') throw e;
    throw new ApiError({ status: 0, code: 'NETWORK', title: '无法连接服务器，请检查网络后重试' });
  }
  const type = res.headers.get('content-type') ?? '';
  const data: unknown = type.includes('json') ? await res.json().catch(() => null) : null;
  if (res.ok) return data as T;

  const p = (data ?? {}) as { title?: string; code?: string; detail?: string; errors?: FieldError[] };
  const err = new ApiError({
    status: res.status,
    code: p.code ?? `HTTP_${res.status}`,
    title: p.title ?? fallbackTitle(res.status),
    detail: p.detail,
    errors: Array.isArray(p.errors) ? p.errors : [],
    problem: (data ?? {}) as Record<string, unknown>,
  });
  // A stale CSRF cookie (e.g. after signing in in another tab): fetch a fresh one and retry once.
  if (err.code === 'CSRF_FAILED' && !retried) {
    await ensureCsrf(true);
    return api<T>(path, opts, true);
  }
  if (res.status === 401 && !/^\/auth\/(login|me)$/.test(path)) unauthorizedHandler?.(err);
  throw err;
}

function fallbackTitle(status: number): string {
  if (status === 401) return '请先登录';
  if (status === 403) return '无权访问';
  if (status === 404) return '记录不存在';
  if (status === 409) return '记录已被他人修改，请刷新后重试';
  if (status === 429) return '请求过于频繁，请稍后再试';
  if (status >= 500) return '服务器暂时无法处理请求，请稍后重试';
  return '请求失败';
}

/** `body.profile.fullTimeStaff` → ['profile', 'fullTimeStaff']; `body.stages.0.code` → ['stages', 0, 'code']. */
export function fieldPath(path: string): (string | number)[] {
  return path
    .replace(/^(body|query|params)\.?/, '')
    .split('.')
    .filter((s) => s !== '')
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}
