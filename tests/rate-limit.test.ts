import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { closeDb } from '@/db/client';
import { hitRateLimits, peekRateLimit, pruneRateLimits } from '@/db/queries/rate-limits';
import { authEndpointLimits, countHit, judge, SIGN_IN_ACCOUNT, SIGN_IN_ADDRESS, tooManyAttemptsMessage, type RateRule } from '@/lib/rate-limit';
import { testDb } from './helpers/db';
import { scratchDb } from './helpers/scratch-db';

const rule: RateRule = { name: 'test', max: 3, windowMs: 60_000 };

describe('fixed-window arithmetic', () => {
  it('counts hits within a window and starts afresh when it is over', () => {
    let c = countHit(undefined, rule, 1_000);
    expect(c).toEqual({ count: 1, windowStart: 1_000 });
    c = countHit(c, rule, 30_000);
    c = countHit(c, rule, 60_999);
    expect(c).toEqual({ count: 3, windowStart: 1_000 });
    expect(countHit(c, rule, 61_000)).toEqual({ count: 1, windowStart: 61_000 });
  });

  it('refuses the hit past the limit and says when the window ends', () => {
    expect(judge({ count: 3, windowStart: 0 }, rule, 10_000)).toMatchObject({ allowed: true });
    expect(judge({ count: 4, windowStart: 0 }, rule, 10_000)).toEqual({ allowed: false, count: 4, retryAfterSeconds: 50 });
    expect(judge({ count: 4, windowStart: 0 }, rule, 59_999).retryAfterSeconds).toBe(1);
  });

  it('tells a person when to try again, in minutes or seconds', () => {
    expect(tooManyAttemptsMessage(600)).toBe('Too many sign-in attempts. For your account’s safety, try again in 10 minutes.');
    expect(tooManyAttemptsMessage(61)).toMatch(/try again in 2 minutes/);
    expect(tooManyAttemptsMessage(1)).toMatch(/try again in 1 second\./);
  });

  it('limits sign-in by account and by address, and sign-up by address', () => {
    const signIn = authEndpointLimits('/sign-in/email', { address: '10.0.0.1', email: 'a@example.com' })!;
    expect(signIn.refundOnSuccess).toBe(true);
    expect(signIn.hits.map((h) => h.rule)).toEqual([SIGN_IN_ADDRESS, SIGN_IN_ACCOUNT]);
    expect(authEndpointLimits('/sign-up/email', { address: '10.0.0.1' })!.refundOnSuccess).toBe(false);
    expect(authEndpointLimits('/get-session', { address: '10.0.0.1' })).toBeNull();
  });
});

describe('rate-limit counters in the database', async () => {
  const db = await testDb();

  it('refuses the hit past the limit with the time left, and a success gives its hit back', async () => {
    const hit = { rule, subject: 'Someone@Example.com' };
    for (let i = 0; i < 3; i++) expect((await hitRateLimits(db, [hit], 1_000 + i)).allowed).toBe(true);
    const refused = await hitRateLimits(db, [hit], 11_000);
    expect(refused).toMatchObject({ allowed: false, retryAfterSeconds: 50 });
    // Keys ignore case: the same account however it is typed.
    expect(await peekRateLimit(db, { rule, subject: 'someone@example.com' }, 11_000)).toBe(4);
    await refused.refund();
    expect(await peekRateLimit(db, hit, 11_000)).toBe(3);
    // A new window starts once the old one is over.
    expect((await hitRateLimits(db, [hit], 61_000)).allowed).toBe(true);
    expect(await peekRateLimit(db, hit, 61_000)).toBe(1);
  });

  it('refuses when any one of several limits is exceeded, naming the longest wait', async () => {
    const tight: RateRule = { name: 'tight', max: 1, windowMs: 120_000 };
    await hitRateLimits(db, [{ rule: tight, subject: 'x' }], 0);
    const r = await hitRateLimits(db, [{ rule, subject: 'fresh' }, { rule: tight, subject: 'x' }], 0);
    expect(r).toMatchObject({ allowed: false, retryAfterSeconds: 120 });
  });

  it('counts every one of many concurrent hits (no lost updates)', async () => {
    const many: RateRule = { name: 'many', max: 1000, windowMs: 60_000 };
    await Promise.all(Array.from({ length: 50 }, () => hitRateLimits(db, [{ rule: many, subject: 'k' }], 5)));
    expect(await peekRateLimit(db, { rule: many, subject: 'k' }, 5)).toBe(50);
  });

  it('prunes counters whose window is long over', async () => {
    await hitRateLimits(db, [{ rule, subject: 'old' }], 0);
    expect(await pruneRateLimits(db, 10 * 60 * 60_000)).toBeGreaterThan(0);
    expect(await peekRateLimit(db, { rule, subject: 'old' }, 0)).toBe(0);
  });
});

describe('persistence', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'candor-rl-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const store = scratchDb(path.join(dir, 'candor.db'));

  it('keeps counters when the database is closed and reopened (a restart does not reset them)', async () => {
    const first = await store.open();
    const now = Date.now();
    for (let i = 0; i < 10; i++) await hitRateLimits(first, [{ rule: SIGN_IN_ACCOUNT, subject: 'victim@example.com' }], now);
    await closeDb(first);
    const second = await store.open();
    const r = await hitRateLimits(second, [{ rule: SIGN_IN_ACCOUNT, subject: 'victim@example.com' }], now + 1000);
    expect(r.allowed).toBe(false);
    expect(r.retryAfterSeconds).toBe(15 * 60 - 1);
    await closeDb(second);
  });
});
