import { and, eq, sql } from 'drizzle-orm';
import { judge, LONGEST_WINDOW_MS, rateKey, windowExpired, type LimitHit, type RateRule } from '@/lib/rate-limit';
import { first, rawRun, type Db } from '../client';
import { rateLimits } from '../schema';

/*
 * Rate-limit counters in the rate_limits table: one atomic UPSERT per attempt
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

/** The hits of one attempt by counter: a key counted twice is counted by 2 in one row. */
function byKey(hits: LimitHit[]): { key: string; rule: RateRule; n: number }[] {
  const keys = new Map<string, { key: string; rule: RateRule; n: number }>();
  for (const h of hits) {
    const key = rateKey(h.rule, h.subject);
    const k = keys.get(key);
    if (k) k.n += 1;
    else keys.set(key, { key, rule: h.rule, n: 1 });
  }
  return [...keys.values()];
}

/**
 * Count one hit against every rule: all or nothing, in one multi-row UPSERT
 * (atomic on its own on both engines, no transaction needed). The attempt may go
 * ahead only if every counter is still within its limit.
 */
export async function hitRateLimits(db: Db, hits: LimitHit[], now = Date.now()): Promise<LimitResult> {
  const counters = byKey(hits);
  if (counters.length === 0) return { allowed: true, retryAfterSeconds: 0, refund: async () => {} };
  // A row's window is over when it started at or before now − its rule's window; each row has its own rule.
  // (The cast: PostgreSQL types a CASE of bare parameters as text.)
  const threshold =
    counters.length === 1
      ? sql`CAST(${now - counters[0]!.rule.windowMs} AS bigint)`
      : sql`CASE excluded."key" ${sql.join(
          counters.map((c) => sql`WHEN ${c.key} THEN CAST(${now - c.rule.windowMs} AS bigint)`),
          sql` `,
        )} END`;
  const expired = sql`${rateLimits.windowStart} <= ${threshold}`;
  // Both CASEs read the row as it was before this statement (both engines evaluate SET
  // expressions against the old row), mirroring countHit(); excluded.count is this attempt's hits.
  const rows = await db
    .insert(rateLimits)
    .values(counters.map((c) => ({ key: c.key, count: c.n, windowStart: now })))
    .onConflictDoUpdate({
      target: rateLimits.key,
      set: {
        count: sql`CASE WHEN ${expired} THEN excluded."count" ELSE ${rateLimits.count} + excluded."count" END`,
        windowStart: sql`CASE WHEN ${expired} THEN excluded."window_start" ELSE ${rateLimits.windowStart} END`,
      },
    })
    .returning({ key: rateLimits.key, count: rateLimits.count, windowStart: rateLimits.windowStart });
  const row = new Map(rows.map((r) => [r.key, r]));
  const counted = counters.map((c) => {
    const r = row.get(c.key)!;
    return { ...c, counter: { count: r.count, windowStart: r.windowStart } };
  });
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
      // Only the window these hits were counted in (a new window has nothing of theirs to give back).
      await db.transaction(async (tx) => {
        for (const c of counted) {
          await tx
            .update(rateLimits)
            .set({ count: sql`CASE WHEN ${rateLimits.count} > ${c.n} THEN ${rateLimits.count} - ${c.n} ELSE 0 END` })
            .where(and(eq(rateLimits.key, c.key), eq(rateLimits.windowStart, c.counter.windowStart)));
        }
      });
    },
  };
}

/** The counter as it stands (for tests and diagnostics); a finished window reads as empty. */
export async function peekRateLimit(db: Db, hit: LimitHit, now = Date.now()): Promise<number> {
  const row = await first(
    db.select({ count: rateLimits.count, windowStart: rateLimits.windowStart }).from(rateLimits).where(eq(rateLimits.key, rateKey(hit.rule, hit.subject))),
  );
  if (!row) return 0;
  return windowExpired(row.windowStart, hit.rule, now) ? 0 : row.count;
}

/** Delete counters whose window is over for every rule. */
export async function pruneRateLimits(db: Db, now = Date.now()): Promise<number> {
  return rawRun(db, sql`DELETE FROM ${rateLimits} WHERE ${rateLimits.windowStart} <= ${now - LONGEST_WINDOW_MS}`);
}
