import { hash } from '@node-rs/argon2';
import { checkPasswordStrength } from '../../../domain/identity/password.rules.js';
import { validationError } from '../../platform/errors.js';

// argon2id with the library's memory-hard defaults (19 MiB, t=2).
export const hashPassword = (pw: string) => hash(pw, { algorithm: ARGON2ID });

// @node-rs/argon2's Algorithm is an ambient const enum: Argon2d = 0, Argon2i = 1, Argon2id = 2.
const ARGON2ID = 2;

/** A valid argon2id hash of a random string: verifying against it costs what a real check costs. */
export const DUMMY_PASSWORD_HASH =
  '$argon2id$v=19$m=19456,t=2,p=1$fw/+afEpmFltq4xhkkObDw$HcVWkJSgrNv2DVZ+duahKaxmESpMhzT8SOkUCxBP2B0';

/** Password rules (length ≥ 10, three character classes): refuse with the field named. */
export function assertPasswordStrength(pw: string, field: string, username?: string): void {
  const problems = checkPasswordStrength(pw, { username });
  if (problems.length) throw validationError(problems.map((message) => ({ path: field, message })), problems.join('；'));
}
