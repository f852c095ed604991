// ORG-6, §4 login lockout: pure rule over the login_throttle row (kept per login name, whether or
// not the user exists, so the answer never tells whether an account exists).

export const LOCKOUT_MAX_FAILURES = 5;
export const LOCKOUT_MINUTES = 15;

export interface LockState {
  failures: number;
  lockedUntil: Date | null;
}

/** Locked while now is before lockedUntil; the lock ends exactly at lockedUntil. */
export function isLocked(state: LockState, now: Date): boolean {
  return state.lockedUntil !== null && now.getTime() < state.lockedUntil.getTime();
}

/**
 * The state after one login attempt. The caller applies it to the row as it is under a row lock,
 * after the password check (modules/auth/login.ts), never to a state read before the check: under
 * concurrent attempts a stale state would lose failures or let a late success clear a fresh lock.
 *
 * - while locked, the attempt is not evaluated (the caller refuses it without checking the
 *   password) and the state is returned unchanged — neither a success nor more failures change
 *   or extend the lock;
 * - success: counter reset (0, no lock);
 * - failure after an earlier lock has expired: counting starts again at 1;
 * - otherwise failure: counter + 1, and the 5th consecutive failure locks for 15 minutes.
 */
export function nextLockState(
  state: LockState,
  outcome: 'success' | 'failure',
  now: Date,
): LockState {
  if (isLocked(state, now)) return { failures: state.failures, lockedUntil: state.lockedUntil };
  if (outcome === 'success') return { failures: 0, lockedUntil: null };
  const failures = state.lockedUntil !== null ? 1 : state.failures + 1;
  if (failures >= LOCKOUT_MAX_FAILURES) {
    return { failures, lockedUntil: new Date(now.getTime() + LOCKOUT_MINUTES * 60_000) };
  }
  return { failures, lockedUntil: null };
}
