// Form rules that mirror the server's checks, so most mistakes are caught before sending.
import type { Rule } from 'antd/es/form';

export const phoneRule: Rule = { pattern: /^[0-9+\-() ]{5,20}$/, message: '电话号码格式不正确（5–20 位数字，可含 +、-、括号）' };
export const creditCodeRule: Rule = { pattern: /^[0-9A-Z]{18}$/, message: '统一社会信用代码应为 18 位数字或大写字母' };
export const websiteRule: Rule = { pattern: /^https?:\/\/\S+$/, message: '网址须以 http:// 或 https:// 开头' };
export const idNumberRule: Rule = { pattern: /^\d{17}[\dXx]$/, message: '身份证号应为 18 位，末位可为 X' };
export const emailRule: Rule = { type: 'email', message: '电子邮箱格式不正确' };
export const usernameRule: Rule = {
  pattern: /^[a-z][a-z0-9_.-]{2,31}$/,
  message: '用户名须以小写字母开头，3–32 位小写字母、数字、点、下划线或短横线',
};

/** Shown next to every password field (ORG-6 password policy). */
export const PASSWORD_RULE_TEXT = '至少 10 位，包含大写字母、小写字母、数字、符号中的至少三类，且不能包含用户名';

export { checkPasswordStrength } from '../../domain/identity/password.rules';

/** '' or whitespace → null (optional text the server stores as null). */
export function blankToNull(v: string | null | undefined): string | null {
  const t = v?.trim();
  return t ? t : null;
}
