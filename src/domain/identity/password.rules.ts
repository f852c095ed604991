// ORG-6, §4 password policy: pure rules, no I/O. The server checks them on every password set or
// change; the web form may show the same messages before submitting.

export const PASSWORD_MIN_LENGTH = 10;
export const PASSWORD_MAX_LENGTH = 128;
/** Of the four classes upper case, lower case, digit, symbol. */
export const PASSWORD_MIN_CLASSES = 3;
/** Usernames shorter than this are not checked for containment (every password would fail). */
export const PASSWORD_USERNAME_CHECK_MIN = 3;

export const PASSWORD_PROBLEM = {
  tooShort: `密码长度至少 ${PASSWORD_MIN_LENGTH} 位`,
  tooLong: `密码长度不能超过 ${PASSWORD_MAX_LENGTH} 位`,
  tooFewClasses: '密码须包含大写字母、小写字母、数字、符号中的至少三类',
  containsUsername: '密码不能包含用户名',
} as const;

/**
 * Character classes present: ASCII upper case, ASCII lower case, ASCII digit, and "symbol" —
 * any other character (punctuation, space, Chinese characters, …).
 */
export function passwordClassCount(pw: string): number {
  let count = 0;
  if (/[A-Z]/.test(pw)) count += 1;
  if (/[a-z]/.test(pw)) count += 1;
  if (/[0-9]/.test(pw)) count += 1;
  if (/[^A-Za-z0-9]/.test(pw)) count += 1;
  return count;
}

/**
 * Problems with a proposed password, in Chinese, in a fixed order; an empty list means it is
 * acceptable. Length counts Unicode code points. The username check ignores case and surrounding
 * spaces of the username.
 */
export function checkPasswordStrength(pw: string, context?: { username?: string }): string[] {
  const problems: string[] = [];
  const length = Array.from(pw).length;
  if (length < PASSWORD_MIN_LENGTH) problems.push(PASSWORD_PROBLEM.tooShort);
  if (length > PASSWORD_MAX_LENGTH) problems.push(PASSWORD_PROBLEM.tooLong);
  if (passwordClassCount(pw) < PASSWORD_MIN_CLASSES) problems.push(PASSWORD_PROBLEM.tooFewClasses);
  const username = context?.username?.trim().toLowerCase();
  if (
    username &&
    Array.from(username).length >= PASSWORD_USERNAME_CHECK_MIN &&
    pw.toLowerCase().includes(username)
  ) {
    problems.push(PASSWORD_PROBLEM.containsUsername);
  }
  return problems;
}
