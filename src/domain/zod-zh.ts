// Chinese validation messages for Zod, shared by the domain validators and the HTTP layer.
import { z } from 'zod';

const expectedTypeZh: Record<string, string> = {
  string: '字符串',
  number: '数字',
  int: '整数',
  boolean: '布尔值',
  array: '数组',
  object: '对象',
  date: '日期',
  null: '空值',
  bigint: '整数',
};

/** True for z.int() and friends, so that '5' on an integer field reads 应为整数, not 应为数字. */
function isIntegerSchema(inst: unknown): boolean {
  const format = (inst as { _zod?: { def?: { format?: unknown } } } | undefined)?._zod?.def?.format;
  return format === 'safeint' || format === 'int32' || format === 'uint32';
}

function limitSubject(origin: string): 'number' | 'string' | 'array' | 'other' {
  if (origin === 'number' || origin === 'int' || origin === 'bigint') return 'number';
  if (origin === 'string') return 'string';
  if (origin === 'array' || origin === 'set') return 'array';
  return 'other';
}

/**
 * Zod error map that speaks Chinese. Pass it per parse (`schema.safeParse(x, { error: zhErrorMap })`);
 * messages written on a schema or a refinement take precedence and are already Chinese.
 */
export const zhErrorMap: z.core.$ZodErrorMap = (iss) => {
  if (iss.input === undefined && (iss.code === 'invalid_type' || iss.code === 'invalid_value' || iss.code === 'invalid_union')) {
    return '缺少必填字段';
  }
  switch (iss.code) {
    case 'invalid_type':
      if (iss.expected === 'number' && isIntegerSchema(iss.inst)) return '应为整数';
      return `应为${expectedTypeZh[iss.expected] ?? iss.expected}`;
    case 'too_small': {
      const min = String(iss.minimum);
      switch (limitSubject(iss.origin)) {
        case 'number':
          return iss.inclusive === false ? `应大于 ${min}` : `不能小于 ${min}`;
        case 'string':
          return iss.minimum === 1 ? '不能为空' : `不能少于 ${min} 个字符`;
        case 'array':
          return iss.minimum === 1 ? '至少需要 1 项' : `不能少于 ${min} 项`;
        default:
          return `不能小于 ${min}`;
      }
    }
    case 'too_big': {
      const max = String(iss.maximum);
      switch (limitSubject(iss.origin)) {
        case 'number':
          return iss.inclusive === false ? `应小于 ${max}` : `不能大于 ${max}`;
        case 'string':
          return `不能超过 ${max} 个字符`;
        case 'array':
          return `不能超过 ${max} 项`;
        default:
          return `不能大于 ${max}`;
      }
    }
    case 'invalid_format':
      return iss.format === 'date' ? '应为 YYYY-MM-DD 格式的有效日期' : '格式不正确';
    case 'invalid_value':
      return `取值应为以下之一：${(iss.values as readonly unknown[]).map(String).join('、')}`;
    case 'unrecognized_keys':
      return `不允许的字段：${iss.keys.join('、')}`;
    case 'invalid_union':
      if (iss.discriminator) {
        const raw = 'options' in iss ? (iss.options as readonly unknown[] | undefined) : undefined;
        const options = raw ? raw.map(String).join('、') : '';
        return options ? `类型应为以下之一：${options}` : '类型不正确';
      }
      return '取值不符合任何允许的形式';
    case 'not_multiple_of':
      return `应为 ${iss.divisor} 的整数倍`;
    case 'custom':
      return '取值无效';
    default:
      return '取值无效';
  }
};

export interface ValidationError {
  /** Dotted path to the offending field, e.g. `sanctions.failedAcceptanceDebarYears`; '' for the root. */
  path: string;
  /** Chinese message. */
  message: string;
}

export type ValidationResult<T> = { ok: true; value: T } | { ok: false; errors: ValidationError[] };

/** Flattens Zod issues to `{ path, message }`; an unknown key becomes one error at its own path. */
export function toValidationErrors(issues: readonly z.core.$ZodIssue[]): ValidationError[] {
  const out: ValidationError[] = [];
  for (const issue of issues) {
    const base = issue.path.map(String);
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) out.push({ path: [...base, key].join('.'), message: `不允许的字段：${key}` });
    } else {
      out.push({ path: base.join('.'), message: issue.message });
    }
  }
  return out;
}

