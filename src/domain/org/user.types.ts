// ORG-6: people — schemas for user management.
import { z } from 'zod';
import { roleCodes } from '../access/roles.js';

const phone = z.string().trim().regex(/^[0-9+\-() ]{5,20}$/, '电话号码格式不正确');
const email = z.email('电子邮箱格式不正确').max(120);
// GB 11643: 17 digits and a check character.
const idNumber = z.string().trim().regex(/^\d{17}[\dX]$/, '身份证号应为 18 位，末位可为 X');

export const ZUsername = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z][a-z0-9_.-]{2,31}$/, '用户名须以字母开头，3–32 位字母、数字、点、下划线或短横线');

export const ZUserCreate = z
  .object({
    orgId: z.uuid(),
    username: ZUsername,
    displayName: z.string().trim().min(2, '姓名至少 2 个字').max(30),
    password: z.string().min(1, '请输入初始密码').max(128),
    roles: z.array(z.enum(roleCodes)).min(1, '请至少选择一个角色').max(roleCodes.length),
    title: z.string().trim().max(60).nullable().optional(),
    phone: phone.nullable().optional(),
    email: email.nullable().optional(),
    idNumber: idNumber.nullable().optional(),
    expertFields: z.array(z.string().trim().min(1).max(40)).max(20).optional(),
    conflictOrgIds: z.array(z.uuid()).max(50).optional(),
    conflictNote: z.string().trim().max(500).nullable().optional(),
  })
  .strict();

export const ZUserUpdate = z
  .object({
    version: z.number().int().min(1),
    reason: z.string().trim().max(500).nullable().optional(),
    displayName: z.string().trim().min(2, '姓名至少 2 个字').max(30).optional(),
    roles: z.array(z.enum(roleCodes)).min(1, '请至少选择一个角色').max(roleCodes.length).optional(),
    title: z.string().trim().max(60).nullable().optional(),
    phone: phone.nullable().optional(),
    email: email.nullable().optional(),
    idNumber: idNumber.nullable().optional(),
    expertFields: z.array(z.string().trim().min(1).max(40)).max(20).optional(),
    conflictOrgIds: z.array(z.uuid()).max(50).optional(),
    conflictNote: z.string().trim().max(500).nullable().optional(),
    isActive: z.boolean().optional(),
  })
  .strict();
