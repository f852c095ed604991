// §3.7: domain code throws coded errors; only the HTTP layer maps them to status and problem+json.

import type { FieldError } from '../../domain/field-error.js';
export type { FieldError };

export const errorCatalogue = {
  VALIDATION_FAILED: { status: 400, title: '请求参数有误' },
  BAD_REQUEST: { status: 400, title: '请求无效' },
  UNAUTHENTICATED: { status: 401, title: '请先登录' },
  INVALID_CREDENTIALS: { status: 401, title: '用户名或密码错误' },
  TOTP_REQUIRED: { status: 401, title: '请输入动态验证码' },
  TOTP_INVALID: { status: 401, title: '动态验证码错误' },
  SESSION_EXPIRED: { status: 401, title: '登录已过期，请重新登录' },
  CSRF_FAILED: { status: 403, title: '请求校验失败，请刷新页面后重试' },
  FORBIDDEN: { status: 403, title: '无权执行此操作' },
  OUT_OF_SCOPE: { status: 403, title: '超出本单位数据范围' },
  TOTP_ENROLLMENT_REQUIRED: { status: 403, title: '管理员须先绑定动态验证码' },
  PASSWORD_CHANGE_REQUIRED: { status: 403, title: '请先修改初始密码' },
  NOT_FOUND: { status: 404, title: '记录不存在' },
  CONFLICT: { status: 409, title: '记录已被他人修改，请刷新后重试' },
  DUPLICATE: { status: 409, title: '记录重复' },
  INVALID_STATE: { status: 409, title: '当前状态下不允许此操作' },
  ACCOUNT_LOCKED: { status: 429, title: '登录失败次数过多，请稍后再试' },
  RATE_LIMITED: { status: 429, title: '请求过于频繁，请稍后再试' },
  PAYLOAD_TOO_LARGE: { status: 413, title: '请求内容过大' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, title: '不支持的内容类型' },
  /** an uploaded file that could not be parsed in its cage (issue 10 §1, platform/untrusted/cage.ts) */
  UNPROCESSABLE: { status: 422, title: '文件无法处理' },
  INTERNAL: { status: 500, title: '服务器内部错误' },
  UNAVAILABLE: { status: 503, title: '服务暂不可用' },
} as const;

export type ErrorCode = keyof typeof errorCatalogue;

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly errors?: FieldError[];
  readonly extra?: Record<string, unknown>;

  constructor(code: ErrorCode, message?: string, opts: { errors?: FieldError[]; extra?: Record<string, unknown> } = {}) {
    super(message ?? errorCatalogue[code].title);
    this.code = code;
    this.errors = opts.errors;
    this.extra = opts.extra;
  }

  get status(): number {
    return errorCatalogue[this.code].status;
  }
}

export const validationError = (errors: FieldError[], message = '请求参数有误') =>
  new AppError('VALIDATION_FAILED', message, { errors });

export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  code: ErrorCode;
  detail?: string;
  instance?: string;
  errors?: FieldError[];
  [k: string]: unknown;
}

/** RFC 9457 body for an AppError. `title` is the Chinese summary of the code, `detail` the case. */
export function toProblem(err: AppError, instance?: string): ProblemBody {
  const entry = errorCatalogue[err.code];
  const body: ProblemBody = {
    type: `https://chengjie.local/problems/${err.code.toLowerCase().replace(/_/g, '-')}`,
    title: entry.title,
    status: entry.status,
    code: err.code,
    detail: err.message,
  };
  if (instance) body.instance = instance;
  if (err.errors?.length) body.errors = err.errors;
  if (err.extra) Object.assign(body, err.extra);
  return body;
}
