// §4 sessions: pure expiry rules for the sessions table (idle timeout and absolute lifetime).

export const SESSION_IDLE_MINUTES = 30;
export const SESSION_ABSOLUTE_HOURS = 12;
/** last_seen_at is written at most once per this many seconds per session, to limit writes. */
export const SESSION_TOUCH_SECONDS = 60;

const IDLE_MS = SESSION_IDLE_MINUTES * 60_000;
const ABSOLUTE_MS = SESSION_ABSOLUTE_HOURS * 3_600_000;

/**
 * Expired when idle for 30 minutes or more (now − lastSeenAt ≥ 30 min) or when 12 hours or more
 * have passed since it was created, whichever comes first. Both boundaries count as expired.
 */
export function isSessionExpired(
  session: { createdAt: Date; lastSeenAt: Date },
  now: Date,
): boolean {
  const t = now.getTime();
  return t - session.lastSeenAt.getTime() >= IDLE_MS || t - session.createdAt.getTime() >= ABSOLUTE_MS;
}

/** True when at least 60 s have passed since lastSeenAt (false if lastSeenAt is in the future). */
export function shouldTouchSession(lastSeenAt: Date, now: Date): boolean {
  return now.getTime() - lastSeenAt.getTime() >= SESSION_TOUCH_SECONDS * 1000;
}
