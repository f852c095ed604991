import { describe, expect, it } from 'vitest';
import {
  isLocked,
  LOCKOUT_MAX_FAILURES,
  LOCKOUT_MINUTES,
  type LockState,
  nextLockState,
} from './lockout.rules.js';

const T0 = new Date('2024-05-01T08:00:00.000Z');
const at = (ms: number) => new Date(T0.getTime() + ms);
const MIN = 60_000;
const FRESH: LockState = { failures: 0, lockedUntil: null };

function fail(times: number, from: LockState = FRESH, now = T0): LockState {
  let s = from;
  for (let i = 0; i < times; i++) s = nextLockState(s, 'failure', now);
  return s;
}

describe('lockout rules (ORG-6, §4)', () => {
  it('constants: 5 failures, 15 minutes', () => {
    expect(LOCKOUT_MAX_FAILURES).toBe(5);
    expect(LOCKOUT_MINUTES).toBe(15);
  });

  it('rule: four consecutive failures count but do not lock', () => {
    const s = fail(4);
    expect(s).toEqual({ failures: 4, lockedUntil: null });
    expect(isLocked(s, T0)).toBe(false);
  });

  it('rule: the 5th consecutive failure locks for 15 minutes', () => {
    const s = fail(5);
    expect(s).toEqual({ failures: 5, lockedUntil: at(15 * MIN) });
    expect(isLocked(s, T0)).toBe(true);
  });

  it('rule: the lock holds until just before lockedUntil and ends exactly at it', () => {
    const s = fail(5);
    expect(isLocked(s, at(15 * MIN - 1))).toBe(true);
    expect(isLocked(s, at(15 * MIN))).toBe(false);
  });

  it('rule: success resets the counter', () => {
    const s = nextLockState(fail(4), 'success', T0);
    expect(s).toEqual(FRESH);
    expect(fail(4, s)).toEqual({ failures: 4, lockedUntil: null }); // not locked: count restarted
  });

  it('rule: attempts during a lock change nothing (neither success nor failure)', () => {
    const locked = fail(5);
    const later = at(5 * MIN);
    expect(nextLockState(locked, 'success', later)).toEqual(locked);
    expect(nextLockState(locked, 'failure', later)).toEqual(locked);
  });

  it('rule: a failure after the lock expired starts counting from 1', () => {
    const locked = fail(5);
    const after = at(15 * MIN);
    const s = nextLockState(locked, 'failure', after);
    expect(s).toEqual({ failures: 1, lockedUntil: null });
    expect(fail(3, s, after)).toEqual({ failures: 4, lockedUntil: null });
    expect(fail(4, s, after)).toEqual({ failures: 5, lockedUntil: at(30 * MIN) });
  });

  it('rule: a success after the lock expired resets', () => {
    expect(nextLockState(fail(5), 'success', at(16 * MIN))).toEqual(FRESH);
  });

  it('does not mutate the given state', () => {
    const s: LockState = { failures: 2, lockedUntil: null };
    nextLockState(s, 'failure', T0);
    expect(s).toEqual({ failures: 2, lockedUntil: null });
  });

  it('isLocked is false with no lock', () => {
    expect(isLocked(FRESH, T0)).toBe(false);
  });
});
