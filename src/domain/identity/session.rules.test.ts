import { describe, expect, it } from 'vitest';
import {
  isSessionExpired,
  SESSION_ABSOLUTE_HOURS,
  SESSION_IDLE_MINUTES,
  SESSION_TOUCH_SECONDS,
  shouldTouchSession,
} from './session.rules.js';

const T0 = new Date('2024-05-01T08:00:00.000Z');
const at = (ms: number) => new Date(T0.getTime() + ms);
const SEC = 1000;
const MIN = 60 * SEC;
const HOUR = 60 * MIN;

describe('session rules (§4)', () => {
  it('constants: 30 minutes idle, 12 hours absolute, touch every 60 s', () => {
    expect(SESSION_IDLE_MINUTES).toBe(30);
    expect(SESSION_ABSOLUTE_HOURS).toBe(12);
    expect(SESSION_TOUCH_SECONDS).toBe(60);
  });

  describe('rule: idle timeout (≥ 30 minutes idle = expired)', () => {
    const session = { createdAt: T0, lastSeenAt: T0 };

    it('29:59.999 idle is still valid', () => {
      expect(isSessionExpired(session, at(30 * MIN - 1))).toBe(false);
    });

    it('exactly 30 minutes idle is expired', () => {
      expect(isSessionExpired(session, at(30 * MIN))).toBe(true);
    });

    it('activity moves the idle window', () => {
      const active = { createdAt: T0, lastSeenAt: at(25 * MIN) };
      expect(isSessionExpired(active, at(54 * MIN))).toBe(false);
      expect(isSessionExpired(active, at(55 * MIN))).toBe(true);
    });
  });

  describe('rule: absolute lifetime (≥ 12 hours since creation = expired)', () => {
    it('expires at exactly 12 hours even when active', () => {
      const s = { createdAt: T0, lastSeenAt: at(12 * HOUR - 1 * MIN) };
      expect(isSessionExpired(s, at(12 * HOUR - 1))).toBe(false);
      expect(isSessionExpired(s, at(12 * HOUR))).toBe(true);
    });
  });

  describe('rule: touch last_seen_at at most once a minute', () => {
    it('not before 60 s, yes at exactly 60 s and after', () => {
      expect(shouldTouchSession(T0, T0)).toBe(false);
      expect(shouldTouchSession(T0, at(59_999))).toBe(false);
      expect(shouldTouchSession(T0, at(60 * SEC))).toBe(true);
      expect(shouldTouchSession(T0, at(10 * MIN))).toBe(true);
    });

    it('not when lastSeenAt is in the future (clock skew between processes)', () => {
      expect(shouldTouchSession(at(5 * SEC), T0)).toBe(false);
    });
  });
});
