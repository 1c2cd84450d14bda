import { judge, LONGEST_WINDOW_MS, rateKey, windowExpired, type LimitHit, type RateRule } from '@/lib/rate-limit';
import type { Db } from '../client';

/*
 * Rate-limit counters in the rate_limits table: one atomic UPSERT per hit
 * (fixed window, see lib/rate-limit.ts), so the limit holds across restarts and
 * across concurrent requests. Old rows are pruned every few hundred hits with
 * one indexed DELETE.
 */

export type { LimitHit };

export type LimitResult = {
  allowed: boolean;
  /** Seconds until every refusing window is over (0 when allowed). */
  retryAfterSeconds: number;
  /** Give the hits back: the attempt they guarded succeeded. */
  refund: () => Promise<void>;
};

const PRUNE_EVERY = 500;
let hitsSincePrune = 0;

type Row = { count: number; window_start: number };

function upsert(db: Db, key: string, rule: RateRule, now: number): Row {
  // Both CASEs read the row as it was before this statement (SQLite evaluates SET
  // expressions against the old row), mirroring countHit().
  return db.$client
    .prepare(
      `INSERT INTO rate_limits (key, count, window_start) VALUES (@key, 1, @now)
       ON CONFLICT(key) DO UPDATE SET
         count = CASE WHEN rate_limits.window_start + @win <= @now THEN 1 ELSE rate_limits.count + 1 END,
         window_start = CASE WHEN rate_limits.window_start + @win <= @now THEN @now ELSE rate_limits.window_start END
       RETURNING count, window_start`,
    )
    .get({ key, now, win: rule.windowMs }) as Row;
}

/**
 * Count one hit against every rule (all or nothing, in one transaction). The
 * attempt may go ahead only if every counter is still within its limit.
 */
export async function hitRateLimits(db: Db, hits: LimitHit[], now = Date.now()): Promise<LimitResult> {
  const counted = db.$client.transaction(() =>
    hits.map((h) => {
      const key = rateKey(h.rule, h.subject);
      const row = upsert(db, key, h.rule, now);
      return { key, rule: h.rule, counter: { count: row.count, windowStart: row.window_start } };
    }),
  )();
  if (++hitsSincePrune >= PRUNE_EVERY) {
    hitsSincePrune = 0;
    await pruneRateLimits(db, now);
  }
  const verdicts = counted.map((c) => judge(c.counter, c.rule, now));
  const refused = verdicts.filter((v) => !v.allowed);
  return {
    allowed: refused.length === 0,
    retryAfterSeconds: Math.max(0, ...refused.map((v) => v.retryAfterSeconds)),
    refund: async () => {
      const stmt = db.$client.prepare('UPDATE rate_limits SET count = max(count - 1, 0) WHERE key = ? AND window_start = ?');
      db.$client.transaction(() => {
        for (const c of counted) stmt.run(c.key, c.counter.windowStart);
      })();
    },
  };
}

/** The counter as it stands (for tests and diagnostics); a finished window reads as empty. */
export async function peekRateLimit(db: Db, hit: LimitHit, now = Date.now()): Promise<number> {
  const row = db.$client.prepare('SELECT count, window_start FROM rate_limits WHERE key = ?').get(rateKey(hit.rule, hit.subject)) as Row | undefined;
  if (!row) return 0;
  return windowExpired(row.window_start, hit.rule, now) ? 0 : row.count;
}

/** Delete counters whose window is over for every rule. */
export async function pruneRateLimits(db: Db, now = Date.now()): Promise<number> {
  return db.$client.prepare('DELETE FROM rate_limits WHERE window_start <= ?').run(now - LONGEST_WINDOW_MS).changes;
}
