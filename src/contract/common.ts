// The API contract (issue 12 §1): the Zod schemas of what every route answers. The server declares
// them as its routes' response schemas — so an answer is serialised through them and a field they do
// not name never leaves the server — and the web app takes its types from them (`z.infer`), so a
// type-check fails when server and web disagree. Pure: imports zod and the domain only.
import { z } from 'zod';

/** A record id. */
export const ZUuid = z.uuid();
/** An instant as ISO 8601 text (`Date.toISOString()`, UTC). */
export const ZInstant = z.string().describe('时间（ISO 8601，UTC）');
/** A calendar day in China, `YYYY-MM-DD`. */
export const ZDayText = z.string().describe('日期（YYYY-MM-DD）');
/** A name that comes with its id (association, office, programme …). */
export const ZNamedRef = z.object({ id: z.uuid(), name: z.string() });
export type NamedRef = z.infer<typeof ZNamedRef>;

export const ZFieldError = z.object({ path: z.string(), message: z.string() });

/**
 * RFC 9457 problem details, with this platform's `code` and field `errors`. Some problems carry
 * further members about the case (the stages that lie in the past, the conditions not met …), so
 * the object is open.
 */
export const ZProblem = z
  .looseObject({
    type: z.string(),
    title: z.string().describe('错误类别（中文）'),
    status: z.number().int(),
    code: z.string().describe('错误代码，如 VALIDATION_FAILED、NOT_FOUND'),
    detail: z.string().optional().describe('具体原因（中文）'),
    instance: z.string().optional(),
    errors: z.array(ZFieldError).optional().describe('逐字段的错误'),
  })
  .meta({ id: 'Problem' });
export type Problem = z.infer<typeof ZProblem>;

/**
 * The one list shape: a page of items, the cursor of the next page (null on the last) and — only
 * when asked with `count` — the number of matching records, exact or estimated (`totalEstimated`).
 */
export function page<T extends z.ZodType>(item: T) {
  return z.object({
    items: z.array(item),
    nextCursor: z.string().nullable().describe('下一页游标；最后一页为 null'),
    total: z.number().int().min(0).optional().describe('符合条件的记录数（仅在请求 count 时返回）'),
    totalEstimated: z.boolean().optional().describe('true 表示 total 为估计值（界面显示“约”）'),
  });
}
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
  total?: number;
  totalEstimated?: boolean;
}

/** A list that is always whole (a record's few children, a dictionary): no cursor. */
export function all<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), nextCursor: z.null().describe('不分页：始终为 null') });
}

/** What the caller may do next with a record: one agreed field beside the record, `actions`. */
export const ZActions = z.array(z.string()).describe('当前用户可执行的操作');

/** An answer that carries nothing but success. */
export const ZOk = z.object({ ok: z.literal(true) });

/** A file attached to a record: what a list of evidence shows; the bytes at /api/v1/attachments/{id}. */
export const ZAttachmentRef = z.object({ id: z.uuid(), filename: z.string(), sizeBytes: z.number().int(), contentType: z.string() }).meta({ id: 'AttachmentRef' });
export type AttachmentRef = z.infer<typeof ZAttachmentRef>;

/** A choice in a dictionary or a picker. */
export const ZOption = z.object({ value: z.string(), label: z.string() });
export type Option = z.infer<typeof ZOption>;
export type FieldError = z.infer<typeof ZFieldError>;

// ── Stored records (JSON columns) ─────────────────────────────────────────────────────────────────

type AnyDef = { type: string; format?: string; shape?: Record<string, z.core.$ZodType>; innerType?: z.core.$ZodType; element?: z.core.$ZodType; options?: z.core.$ZodType[] };

/**
 * A domain input schema as the shape of what is stored: the same fields, types, enums and
 * nullability, without the input rules (lengths, formats, ranges, refused unknown keys). An answer
 * is serialised through it, so a record saved under an earlier rule still answers and a key the
 * schema no longer names is dropped instead of failing the request.
 */
export function storedShape(s: z.core.$ZodType): z.ZodType {
  const def = s._zod.def as AnyDef;
  switch (def.type) {
    case 'object':
      return z.object(Object.fromEntries(Object.entries(def.shape!).map(([k, v]) => [k, storedShape(v)])));
    case 'optional':
      return storedShape(def.innerType!).optional();
    case 'nullable':
      return storedShape(def.innerType!).nullable();
    case 'default': // the parts are filled in when the content is first parsed: always stored
      return storedShape(def.innerType!);
    case 'array':
      return z.array(storedShape(def.element!));
    case 'union': // e.g. the qualification conditions, one shape per rule
      return z.union(def.options!.map((o) => storedShape(o)) as [z.ZodType, z.ZodType, ...z.ZodType[]]);
    case 'string':
      return z.string();
    case 'number':
      return def.format?.includes('int') ? z.int() : z.number(); // amounts in fen stay integers
    default: // enums, booleans: nothing beyond their type
      return s as z.ZodType;
  }
}
