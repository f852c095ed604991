// The path and version parameters every capacity route declares, once (refusals in Chinese).
import { z } from 'zod';

export const ZId = z.object({ id: z.uuid('编号格式不正确') }).strict();
export const ZRowVersion = z.number({ error: '缺少版本号' }).int('版本号应为整数').min(1, '版本号不正确');
