// Composition root: builds the Fastify app with its plugins, hooks and modules.
import fs from 'node:fs';
import path from 'node:path';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyError, type FastifyInstance, type FastifyReply, type RawServerDefault } from 'fastify';
import type { IncomingMessage, ServerResponse } from 'node:http';
import cookie from '@fastify/cookie';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import fastifyStatic from '@fastify/static';
import rateLimit from '@fastify/rate-limit';
import { z } from 'zod';
import {
  hasZodFastifySchemaValidationErrors,
  isResponseSerializationError,
  jsonSchemaTransform,
  jsonSchemaTransformObject,
  serializerCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import type { Database } from './db/client.js';
import type { Config } from './config.js';
import type { FieldCipher } from './platform/crypto/field-cipher.js';
import type { Sm2KeyPair } from './platform/crypto/sm2.js';
import { fileStoreFor, type FileStore } from './platform/files.js';
import { AppError, toProblem, validationError, type FieldError } from './platform/errors.js';
import { appendAuditStandalone, whoFromActor } from './platform/audit.js';
import { CSRF_COOKIE, CSRF_HEADER, SESSION_COOKIE, resolveSession } from './platform/auth/session.js';
import { guardPermissions, isPublicApiRoute, metaOf, requireActor } from './http/guards.js';
import { validatorCompiler } from './http/validation.js';
import { completeRouteContract, finishOpenApi } from './http/contract.js';
import { registerModules } from './modules/index.js';
import { zhErrorMap } from '../domain/zod-zh.js';

// Chinese validation messages: our own map first, zod's zh-CN locale for anything it leaves.
z.config(z.locales.zhCN());
z.config({ customError: zhErrorMap });

export interface AppDeps {
  database: Database;
  config: Config;
  cipher: FieldCipher;
  /** attachments and issued documents: PostgreSQL or DATA_DIR/files, chosen once (platform/files.ts) */
  files: FileStore;
  /** the audit checkpoint key pair (platform/audit-checkpoint.ts); without it the API verifies the chain only */
  auditKey?: Sm2KeyPair;
}

export type App = FastifyInstance;
export type ZApp = FastifyInstance<
  RawServerDefault,
  IncomingMessage,
  ServerResponse<IncomingMessage>,
  FastifyBaseLogger,
  ZodTypeProvider
>;

const DENY_CODES = new Set(['FORBIDDEN', 'OUT_OF_SCOPE', 'CSRF_FAILED', 'TOTP_ENROLLMENT_REQUIRED']);
const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
// While an administrator has not yet bound a second factor (REQUIRE_ADMIN_TOTP), only these work.
const ENROLLMENT_ALLOWED = /^\/api\/v1\/auth\/(me|logout|csrf|totp\/setup|totp\/enable|password)$/;
const PASSWORD_CHANGE_ALLOWED = /^\/api\/v1\/auth\/(me|logout|csrf|password)$/;
const OPEN_DURING_ENROLLMENT = /^\/api\/(v1\/(public\/|health$|dictionaries$)|openapi\.json$|docs)/;
// Longest path parameter the router takes (ids are 36 characters; codes and years shorter).
const MAX_PARAM_LENGTH = 200;
const PROBLEM_JSON = 'application/problem+json; charset=utf-8';

// The web app's policy: its own scripts only (Vite emits no inline script), inline styles (antd
// writes style attributes), images from itself and data: URIs.
const APP_CSP =
  "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'";
// /api/docs (@fastify/swagger-ui 6): its page loads swagger-ui-bundle.js, the standalone preset and
// the generated swagger-initializer.js from /api/docs/static (no inline script, no eval), its
// stylesheets from there too plus style attributes set by React, its icons as data: SVGs, and the
// specification by fetch from /api/docs/json; no web fonts. Nothing else (validator badge off:
// validatorUrl null). Checked in Chromium without a violation (test/e2e/api-docs.e2e.ts); dropping
// 'unsafe-inline', data: or connect-src each raises one there.
const DOCS_CSP =
  "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'";
const HSTS = 'max-age=31536000; includeSubDomains'; // one year, the HSTS preload minimum

export async function buildApp(input: Omit<AppDeps, 'files'> & { files?: FileStore }): Promise<App> {
  // The server passes the store bootstrap chose; tests and benches get the same choice made here.
  const deps: AppDeps = { ...input, files: input.files ?? fileStoreFor(input.database, input.config.dataDir) };
  const { config } = deps;
  const app = Fastify({
    logger: config.logLevel === 'silent' ? false : { level: config.logLevel },
    bodyLimit: 1024 * 1024,
    trustProxy: config.trustProxy,
    logController: new LogController({ disableRequestLogging: config.logLevel !== 'debug' }),
    genReqId: () => crypto.randomUUID(),
    routerOptions: { maxParamLength: MAX_PARAM_LENGTH },
    // The router refuses a path before any route runs (a parameter over the limit, a broken %-escape):
    // a problem+json 400 naming the part, never Fastify's plain answer that echoes the URL (issue 10 §3).
    frameworkErrors: (error, req, reply) => {
      const appErr =
        error.code === 'FST_ERR_MAX_PARAM_LENGTH'
          ? validationError([{ path: 'params', message: `路径参数不能超过 ${MAX_PARAM_LENGTH} 个字符` }], `params：路径参数不能超过 ${MAX_PARAM_LENGTH} 个字符`)
          : error.code === 'FST_ERR_BAD_URL'
            ? validationError([{ path: 'params', message: '路径参数不是有效的 URL 编码' }], 'params：路径参数不是有效的 URL 编码')
            : new AppError('BAD_REQUEST');
      // no route, so no onSend hook: the headers an API answer must carry are set here
      void (reply as FastifyReply)
        .status(appErr.status)
        .header('X-Content-Type-Options', 'nosniff')
        .header('Cache-Control', 'no-store')
        .type(PROBLEM_JSON)
        .send(toProblem(appErr));
    },
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.decorateRequest('actor', null);
  app.decorateRequest('sessionExpired', false);

  // Who may call a route is settled before its input is read (issue 10 §2): a permission guard
  // written as `preHandler: requirePermission(…)` (or at any other stage) runs at preParsing, so a
  // caller without the permission never reaches the body parser or the schema and cannot learn
  // either from a 400. Added before any route, so every route registered later passes through it;
  // the OpenAPI says which operations need a session and which permissions.
  app.addHook('onRoute', (route) => {
    const asList = (h: unknown): unknown[] => (h === undefined ? [] : Array.isArray(h) ? h : [h]);
    const stages = ['preValidation', 'preHandler'] as const;
    const guards = stages.flatMap((stage) => asList(route[stage]).filter((h) => guardPermissions(h)));
    if (!guards.length) return;
    for (const stage of stages) route[stage] = asList(route[stage]).filter((h) => !guardPermissions(h)) as never;
    route.preParsing = [...guards, ...asList(route.preParsing)] as typeof route.preParsing;
    route.schema = { ...route.schema, 'x-permissions': guards.flatMap((g) => guardPermissions(g)!) } as typeof route.schema;
  });
  // Issue 12 §1: every /api/v1 route's problem answers, operationId, security and media type (after the guards).
  app.addHook('onRoute', (route) => completeRouteContract(route, isPublicApiRoute(route.url)));
  // A body is JSON or, on the upload routes, the bytes of a file: text/plain is not read (415).
  app.removeContentTypeParser('text/plain');

  await app.register(cookie);
  await app.register(rateLimit, { global: false });
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: '承接平台 API',
        description:
          '科协所属学会有序承接政府转移职能平台。错误按 RFC 9457 返回 application/problem+json；' +
          '写操作需携带与 cj_csrf Cookie 相同的 x-csrf-token 请求头。',
        version: '1.0.0',
      },
      components: {
        securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE } },
      },
    },
    transform: jsonSchemaTransform,
    transformObject: jsonSchemaTransformObject,
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs', uiConfig: { docExpansion: 'list' } });
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => finishOpenApi(app.swagger(), config.publicUrl));

  // Security headers on every answer (§4, issue 10 §6). Every page, /api/docs included, refuses to
  // be framed. HSTS only when the cookies are marked Secure, i.e. the platform is served over HTTPS
  // (COOKIE_SECURE): sent over plain HTTP it would be ignored at best.
  app.addHook('onSend', async (req, reply, payload) => {
    reply.header('X-Content-Type-Options', 'nosniff');
    reply.header('Referrer-Policy', 'same-origin');
    reply.header('X-Frame-Options', 'DENY');
    reply.header('Content-Security-Policy', req.url.startsWith('/api/docs') ? DOCS_CSP : APP_CSP);
    if (config.cookieSecure) reply.header('Strict-Transport-Security', HSTS);
    if (req.url.startsWith('/api/')) reply.header('Cache-Control', 'no-store');
    return payload;
  });

  // Who is asking: resolve the session cookie once per API request.
  app.addHook('onRequest', async (req) => {
    if (!req.url.startsWith('/api/v1/')) return;
    const token = req.cookies[SESSION_COOKIE];
    if (!token) return;
    const found = await resolveSession(deps.database.db, token);
    if (found && 'actor' in found) req.actor = found.actor;
    else if (found && 'expired' in found) req.sessionExpired = true;
  });

  // Before any input is read (issue 10 §2): every /api/v1 route but the public ones needs a session;
  // CSRF (§4): every state-changing request carries the token of the cj_csrf cookie in a header,
  // with a session that session's token; an administrator who must still bind a second factor
  // reaches only the binding endpoints and the public reads. Route guards (preParsing) follow.
  app.addHook('onRequest', async (req) => {
    if (!req.url.startsWith('/api/')) return;
    const route = req.routeOptions.url ?? '';
    if (route.startsWith('/api/v1/') && !isPublicApiRoute(route)) requireActor(req);
    if (UNSAFE.has(req.method)) {
      const header = req.headers[CSRF_HEADER];
      const cookieToken = req.cookies[CSRF_COOKIE];
      const sent = Array.isArray(header) ? header[0] : header;
      const expected = req.actor ? req.actor.csrfToken : cookieToken;
      if (!sent || !expected || sent !== cookieToken || sent !== expected) throw new AppError('CSRF_FAILED');
    }
    if (req.actor?.needsTotpEnrollment && !ENROLLMENT_ALLOWED.test(route) && !(req.method === 'GET' && OPEN_DURING_ENROLLMENT.test(route))) {
      throw new AppError('TOTP_ENROLLMENT_REQUIRED');
    }
    // A one-time password (`npm run setup --one-time`) is changed before anything else: until then the
    // account reaches who-am-I, logout and the password change, and the public reads.
    if (req.actor?.mustChangePassword && !PASSWORD_CHANGE_ALLOWED.test(route) && !(req.method === 'GET' && OPEN_DURING_ENROLLMENT.test(route))) {
      throw new AppError('PASSWORD_CHANGE_REQUIRED', '请先修改初始密码（一次性密码须在首次登录时更换）');
    }
  });

  app.setErrorHandler(async (error: FastifyError | AppError, req, reply) => {
    let appErr: AppError;
    if (error instanceof AppError) {
      appErr = error;
    } else if (hasZodFastifySchemaValidationErrors(error)) {
      const context = (error as FastifyError).validationContext ?? 'body';
      const errors: FieldError[] = error.validation.flatMap((v) => {
        const params = v.params as { keys?: string[] };
        const base = [context, ...v.instancePath.split('/').filter(Boolean)].join('.');
        if (v.keyword === 'unrecognized_keys' && params.keys?.length) {
          return params.keys.map((k) => ({ path: `${base}.${k}`, message: `不允许的字段：${k}` }));
        }
        return [{ path: base, message: v.message ?? '取值无效' }];
      });
      appErr = new AppError('VALIDATION_FAILED', errors.map((e) => `${e.path}：${e.message}`).join('；'), { errors });
    } else if (isResponseSerializationError(error)) {
      req.log.error({ err: error }, 'response does not match its schema');
      appErr = new AppError('INTERNAL');
    } else {
      const fe = error as FastifyError;
      if (fe.code === 'FST_ERR_CTP_BODY_TOO_LARGE') appErr = new AppError('PAYLOAD_TOO_LARGE');
      else if (fe.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') appErr = new AppError('UNSUPPORTED_MEDIA_TYPE');
      else if (fe.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || fe.code === 'FST_ERR_CTP_EMPTY_JSON_BODY' || (fe.statusCode === 400 && fe instanceof SyntaxError))
        appErr = new AppError('BAD_REQUEST', '请求体不是有效的 JSON');
      else if (fe.statusCode === 429) appErr = new AppError('RATE_LIMITED');
      else if (fe.statusCode && fe.statusCode >= 400 && fe.statusCode < 500) appErr = new AppError('BAD_REQUEST', fe.message);
      else {
        req.log.error({ err: error }, 'unhandled error');
        appErr = new AppError('INTERNAL', '服务器内部错误，请稍后重试');
      }
    }
    if (DENY_CODES.has(appErr.code)) {
      // §3.5: every deny is audited.
      try {
        await appendAuditStandalone(deps.database.db, whoFromActor(req.actor, metaOf(req)), {
          action: 'access.deny',
          entityType: (appErr.extra?.entityType as string) ?? null,
          entityId: (appErr.extra?.entityId as string) ?? null,
          orgId: req.actor?.orgId ?? null,
          orgPath: req.actor?.orgPath ?? null,
          after: { method: req.method, url: req.url.slice(0, 300), code: appErr.code, permission: appErr.extra?.permission ?? null },
        });
      } catch (e) {
        req.log.error({ err: e }, 'could not audit a deny');
      }
    }
    const body = toProblem(appErr, req.url.split('?')[0]);
    delete (body as Record<string, unknown>).entityType;
    delete (body as Record<string, unknown>).entityId;
    return reply.status(appErr.status).type(PROBLEM_JSON).send(body);
  });

  await registerModules(app.withTypeProvider<ZodTypeProvider>(), deps);

  // The web app (built by Vite into dist/web) with SPA fallback.
  const hasWeb = fs.existsSync(path.join(config.webDir, 'index.html'));
  if (hasWeb) {
    // Issue 12 §2: the hashed assets never change under their name — cached for a year, immutable;
    // sent as the brotli or gzip file written at build when the browser accepts it (preCompressed).
    await app.register(fastifyStatic, {
      root: config.webDir,
      wildcard: false,
      index: false,
      preCompressed: true,
      allowedPath: (pathName) => !pathName.startsWith('/.vite/'),
      setHeaders: (res, filePath) => {
        res.header('Cache-Control', /[\\/]assets[\\/][^\\/]+-[A-Za-z0-9_-]{8}\.\w+(\.(br|gz))?$/.test(filePath) ? 'public, max-age=31536000, immutable' : 'no-cache');
      },
    });
  }
  const indexHtml = hasWeb ? fs.readFileSync(path.join(config.webDir, 'index.html'), 'utf8') : null;
  app.setNotFoundHandler(async (req, reply) => {
    if (req.url.startsWith('/api/')) {
      return reply.status(404).type('application/problem+json; charset=utf-8').send(toProblem(new AppError('NOT_FOUND', '接口不存在'), req.url.split('?')[0]));
    }
    if (req.method === 'GET' && !/\.[a-z0-9]+$/i.test(req.url.split('?')[0])) {
      if (indexHtml) return reply.type('text/html; charset=utf-8').header('Cache-Control', 'no-cache').send(indexHtml);
      return reply
        .type('text/html; charset=utf-8')
        .send('<!doctype html><html lang="zh-CN"><meta charset="utf-8"><title>承接平台</title><body><p>前端尚未构建：请运行 npm run build:web。</p></body></html>');
    }
    return reply.status(404).type('text/plain; charset=utf-8').send('未找到');
  });

  return app;
}
