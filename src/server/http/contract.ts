// The API contract on the server side (issue 12 §1, ADR 0010). Every /api/v1 route passes through
// `completeRouteContract` (app.ts, onRoute): it gains the problem+json answers it can give, an
// operationId, its security requirement (public operations say `security: []`) and, for a route with
// a body, the one media type it reads — any other gets 415 before the body is parsed. The generated
// document is finished by `finishOpenApi`: the upload bodies as binary, `Location` on every 201, the
// servers entry.
import type { FastifyReply, FastifyRequest, RouteOptions } from 'fastify';
import { z } from 'zod';
import { ZProblem } from '../../contract/common.js';
import { AppError } from '../platform/errors.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The media types an upload route reads as raw bytes (attachments, Excel import, file verification). */
    upload?: readonly string[];
  }
}

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

const problem = (description: string) => ({ description, content: { 'application/problem+json': { schema: ZProblem } } });

/** The problems a route can answer, from what it is (§1: "each 2xx body and the problem+json errors"). */
export function errorResponsesOf(route: { method: string; url: string; isPublic: boolean; hasBody: boolean; rateLimited: boolean; upload: boolean }) {
  const out: Record<string, ReturnType<typeof problem>> = {};
  out['400'] = problem('请求参数有误（逐字段的 errors）');
  if (!route.isPublic) out['401'] = problem('未登录或登录已过期');
  if (!route.isPublic || UNSAFE.has(route.method)) out['403'] = problem('无权执行、超出数据范围或请求校验（CSRF）失败');
  if (route.url.includes(':') || !route.isPublic) out['404'] = problem('记录不存在');
  if (UNSAFE.has(route.method) && !route.isPublic) out['409'] = problem('状态不允许、版本冲突或记录重复');
  if (route.hasBody) {
    out['413'] = problem('请求内容过大');
    out['415'] = problem('不支持的内容类型');
  }
  if (route.upload) out['422'] = problem('文件无法处理');
  if (route.rateLimited || route.url === '/api/v1/auth/login') out['429'] = problem('请求过于频繁');
  return out;
}

/** `GET /api/v1/programmes/:id/records` → `getProgrammesByIdRecords`: unique because method + path are. */
export function operationIdOf(method: string, url: string): string {
  const parts = url
    .replace(/^\/api\/v1\//, '')
    .split('/')
    .filter(Boolean)
    .map((p) => (p.startsWith(':') ? `by-${p.slice(1)}` : p))
    .flatMap((p) => p.split(/[-_]/))
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1));
  return method.toLowerCase() + parts.join('');
}

const mediaTypeOf = (req: FastifyRequest): string => (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
const hasBody = (req: FastifyRequest): boolean => {
  const len = req.headers['content-length'];
  return (len !== undefined && len !== '0') || req.headers['transfer-encoding'] !== undefined;
};

/** 415 before parsing: a body in any media type other than the one the route reads. */
function mediaTypeGuard(accepted: readonly string[]) {
  return async (req: FastifyRequest, _reply: FastifyReply): Promise<void> => {
    if (!hasBody(req)) return;
    const mt = mediaTypeOf(req);
    if (!accepted.includes(mt)) {
      throw new AppError('UNSUPPORTED_MEDIA_TYPE', `请求体的内容类型须为 ${accepted.join(' 或 ')}${mt ? `，收到 ${mt}` : ''}`);
    }
  };
}

const asList = (h: unknown): unknown[] => (h === undefined ? [] : Array.isArray(h) ? h : [h]);

/** Operations with raw bodies, by `METHOD url`, for `finishOpenApi`. */
const uploads = new Map<string, readonly string[]>();

/** onRoute (app.ts): complete an /api/v1 route's contract in place. */
export function completeRouteContract(route: RouteOptions, isPublic: boolean): void {
  if (!route.url.startsWith('/api/v1/')) return;
  const methods = asList(route.method) as string[];
  const method = methods[0];
  if (method === 'HEAD') return;
  const schema = (route.schema ?? {}) as Record<string, unknown>;
  const upload = route.config?.upload;
  const bodyRoute = !!schema.body || !!upload;
  const response = (schema.response ?? {}) as Record<string, unknown>;
  const errors = errorResponsesOf({
    method,
    url: route.url,
    isPublic,
    hasBody: bodyRoute,
    rateLimited: !!(route.config as { rateLimit?: unknown } | undefined)?.rateLimit,
    upload: !!upload,
  });
  route.schema = {
    ...schema,
    operationId: (schema.operationId as string | undefined) ?? operationIdOf(method, route.url),
    security: isPublic ? [] : [{ session: [] }],
    response: { ...errors, ...response },
  };
  if (upload) uploads.set(`${method} ${route.url}`, upload);
  // A JSON route reads JSON; an upload route its own media types. Checked after the guards.
  if (bodyRoute || UNSAFE.has(method)) {
    route.preParsing = [...asList(route.preParsing), mediaTypeGuard(upload ?? ['application/json'])] as typeof route.preParsing;
  }
}

type OpenApiDoc = {
  paths?: Record<string, Record<string, { requestBody?: unknown; responses?: Record<string, { headers?: unknown }> }>>;
  servers?: unknown;
};

/** The generated document, finished: binary upload bodies, `Location` on 201, servers. */
export function finishOpenApi<T>(doc: T, serverUrl: string): T {
  const d = structuredClone(doc) as OpenApiDoc;
  d.servers = [{ url: serverUrl, description: '本平台' }];
  for (const [p, ops] of Object.entries(d.paths ?? {})) {
    const url = p.replace(/\{([^}]+)\}/g, ':$1');
    for (const [method, op] of Object.entries(ops)) {
      const media = uploads.get(`${method.toUpperCase()} ${url}`);
      if (media) {
        op.requestBody = {
          required: true,
          description: '文件内容（原始字节）',
          content: Object.fromEntries(media.map((m) => [m, { schema: { type: 'string', contentMediaType: m } }])),
        };
      }
      const created = op.responses?.['201'];
      if (created) created.headers = { Location: { description: '新建记录的地址', schema: { type: 'string' } } };
    }
  }
  return d as T;
}

/** Download answers (Word, PDF, Excel, attachments): the bytes, in the media types named. */
export function binaryResponse(description: string, mediaTypes: readonly string[]) {
  return {
    description,
    content: Object.fromEntries(mediaTypes.map((m) => [m, { schema: z.string().meta({ contentMediaType: m }) }])),
  };
}
