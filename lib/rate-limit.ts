/*
 * Rate limiting: fixed windows counted per key. The window arithmetic lives
 * here as pure functions; db/queries/rate-limits.ts keeps the counters in
 * the database (one atomic UPSERT per attempt) so a restart does not reset them.
 *
 * A hit is counted before the attempt it guards is tried, so parallel guesses
 * cannot slip past the limit; a successful attempt then gives its hit back
 * (`refund`), which makes sign-in limits count failures only.
 */

export type RateRule = {
  /** Part of the key: rules never share counters. */
  name: string;
  max: number;
  windowMs: number;
};

const MINUTE = 60_000;

/** Wrong passwords for one account, from anywhere. */
export const SIGN_IN_ACCOUNT: RateRule = { name: 'sign-in:account', max: 10, windowMs: 15 * MINUTE };
/** Wrong passwords from one client address, whichever accounts. */
export const SIGN_IN_ADDRESS: RateRule = { name: 'sign-in:address', max: 30, windowMs: 15 * MINUTE };
/** Account creation attempts from one client address. */
export const SIGN_UP_ADDRESS: RateRule = { name: 'sign-up:address', max: 20, windowMs: 60 * MINUTE };
/** Wrong current passwords on endpoints that re-check it (change password, change email, delete account). */
export const PASSWORD_CHECK_ACCOUNT: RateRule = { name: 'password-check:account', max: 10, windowMs: 15 * MINUTE };

/** No rule has a longer window: rows older than this are safe to delete. */
export const LONGEST_WINDOW_MS = 60 * MINUTE;

export type Counter = { count: number; windowStart: number };

export type Verdict = { allowed: boolean; count: number; retryAfterSeconds: number };

export function rateKey(rule: RateRule, subject: string): string {
  return `${rule.name}:${subject.trim().toLowerCase()}`;
}

/** A window that started at `windowStart` is over at `now`. */
export function windowExpired(windowStart: number, rule: RateRule, now: number): boolean {
  return now >= windowStart + rule.windowMs;
}

/** The counter after one more hit (a new window starts when the old one is over). */
export function countHit(prev: Counter | undefined, rule: RateRule, now: number): Counter {
  if (!prev || windowExpired(prev.windowStart, rule, now)) return { count: 1, windowStart: now };
  return { count: prev.count + 1, windowStart: prev.windowStart };
}

/** Whether the hit that produced `counter` may go ahead, and if not, how long until the window ends. */
export function judge(counter: Counter, rule: RateRule, now: number): Verdict {
  const allowed = counter.count <= rule.max;
  const retryAfterSeconds = allowed ? 0 : Math.max(1, Math.ceil((counter.windowStart + rule.windowMs - now) / 1000));
  return { allowed, count: counter.count, retryAfterSeconds };
}

/** "Too many attempts…" with when to retry, in words a person reads. */
export function tooManyAttemptsMessage(retryAfterSeconds: number, what = 'sign-in attempts'): string {
  const minutes = Math.ceil(retryAfterSeconds / 60);
  const when = retryAfterSeconds < 60 ? `${retryAfterSeconds} second${retryAfterSeconds === 1 ? '' : 's'}` : `${minutes} minute${minutes === 1 ? '' : 's'}`;
  return `Too many ${what}. For your account’s safety, try again in ${when}.`;
}

/** One counter to bump: a rule and whom it counts (an email, a user id, an address). */
export type LimitHit = { rule: RateRule; subject: string };

/**
 * The limits on one better-auth endpoint (path below /api/auth), or null when it
 * has none. `refundOnSuccess`: only failures count (a correct password gives
 * its hit back).
 */
export function authEndpointLimits(
  path: string,
  who: { address: string; email?: string; userId?: string },
): { hits: LimitHit[]; refundOnSuccess: boolean; what: string } | null {
  const p = path.replace(/\/+$/, '');
  if (p === '/sign-in/email') {
    const hits: LimitHit[] = [{ rule: SIGN_IN_ADDRESS, subject: who.address }];
    if (who.email) hits.push({ rule: SIGN_IN_ACCOUNT, subject: who.email });
    return { hits, refundOnSuccess: true, what: 'sign-in attempts' };
  }
  if (p === '/sign-up/email') return { hits: [{ rule: SIGN_UP_ADDRESS, subject: who.address }], refundOnSuccess: false, what: 'accounts created from your address' };
  if (['/change-password', '/set-password', '/verify-password', '/delete-user', '/change-email'].includes(p)) {
    const hits: LimitHit[] = [{ rule: SIGN_IN_ADDRESS, subject: who.address }];
    if (who.userId) hits.push({ rule: PASSWORD_CHECK_ACCOUNT, subject: who.userId });
    return { hits, refundOnSuccess: true, what: 'password attempts' };
  }
  return null;
}
