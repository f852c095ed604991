// A TOTP code is accepted once (RFC 6238 §5.2, issue 10 §2): every place that checks a code —
// login's second step, enabling TOTP, and any later one — goes through acceptTotpCode, which
// records the code's time step in users.totp_last_step with one conditional UPDATE. Two requests
// carrying the same code, even at the same instant, cannot both pass: PostgreSQL re-evaluates the
// WHERE of the second UPDATE after the first commits, and the step is then no longer greater.
import { and, eq, isNull, lt, or } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { users } from '../../db/schema.js';
import { matchTotpStep } from '../crypto/totp.js';

export const TOTP_REPLAYED_MESSAGE = '该动态验证码已使用过，请等待验证器显示新的验证码后再试';

export type TotpCheck = 'accepted' | 'invalid' | 'replayed';

/**
 * Checks `code` against `secret` at `unixSeconds` (±1 step) and, when it matches, takes its step:
 * 'accepted' only if the step is later than the last one accepted for the user. Call it inside
 * the transaction that acts on the code, so a refusal or rollback later in it gives the step back.
 */
export async function acceptTotpCode(
  tx: DbOrTx,
  opts: { userId: string; secret: string; code: string; unixSeconds: number },
): Promise<TotpCheck> {
  const step = matchTotpStep(opts.secret, opts.code, opts.unixSeconds);
  if (step === null) return 'invalid';
  const taken = await tx
    .update(users)
    .set({ totpLastStep: step })
    .where(and(eq(users.id, opts.userId), or(isNull(users.totpLastStep), lt(users.totpLastStep, step))))
    .returning({ id: users.id });
  return taken.length === 1 ? 'accepted' : 'replayed';
}
