import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { createDecision } from '@/db/queries/decisions';
import { decisions } from '@/db/schema';
import { startNextServer, type NextServer } from '@/scripts/next-server.mjs';
import { testDb, testDbUrl } from '../helpers/db';
import { tokenFor } from '../helpers/api';
import { demoContent, publishingWorkspace, readyToPublish } from '../helpers/publishing';

/*
 * Several Candor instances behind one PostgreSQL database must give the same
 * outcomes as one SQLite process: the races below go through two real
 * `next start` processes (the production build), alternating between them.
 */

// Created while the file is collected, so its cleanup (dropping the database) is registered.
const db: Db = await testDb();
const servers: NextServer[] = [];
let w: Awaited<ReturnType<typeof publishingWorkspace>>;
const tokens: Record<'pm' | 'ds' | 'eng', string> = { pm: '', ds: '', eng: '' };

type Who = keyof typeof tokens;
async function api(instance: number, who: Who, method: string, route: string, body?: unknown): Promise<{ status: number; body: any }> { // eslint-disable-line @typescript-eslint/no-explicit-any -- JSON of many shapes
  const res = await fetch(`${servers[instance % servers.length]!.url}/api/v1${route}`, {
    method,
    headers: { authorization: `Bearer ${tokens[who]}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  return { status: res.status, body: await res.json().catch(() => null) };
}

/** A decision in review with an approving data-science verdict: publishable by the PM. */
const ready = (title: string) => readyToPublish(db, Date.now(), { team: w.team.slug, author: w.pm, reviewer: w.ds, content: { title } });

const tally = (statuses: number[]) => statuses.reduce<Record<number, number>>((m, s) => ({ ...m, [s]: (m[s] ?? 0) + 1 }), {});

beforeAll(async () => {
  // The demo content cites the demo metrics; the data scientist owns them (and so reviews).
  w = await publishingWorkspace(db);
  tokens.pm = await tokenFor(db, w.pm);
  tokens.ds = await tokenFor(db, w.ds);
  tokens.eng = await tokenFor(db, w.eng);
  const env = { DATABASE_URL: testDbUrl(db), BETTER_AUTH_SECRET: 'two-instances-test-secret-0123456789abcdef' };
  servers.push(await startNextServer({ env }), await startNextServer({ env }));
});

afterAll(async () => {
  await Promise.all(servers.map((s) => s.stop()));
});

describe('two app instances on one PostgreSQL database', () => {
  it('30 concurrent saves from one base revision: one is saved, 29 are told someone saved first', async () => {
    const d = await createDecision(db, w.pm, { team: w.team.slug, content: demoContent(Date.now(), { title: 'Racing saves' }) });
    const started = Date.now();
    const results = await Promise.all(
      Array.from({ length: 30 }, (_, i) => api(i, 'pm', 'PATCH', `/decisions/${d.id}`, { baseRevision: 1, content: { summary: `Summary written by save ${i}.` } })),
    );
    console.log(`two instances: 30 concurrent saves in ${Date.now() - started} ms → ${JSON.stringify(tally(results.map((r) => r.status)))}`);
    expect(tally(results.map((r) => r.status))).toEqual({ 200: 1, 409: 29 });
    const winner = results.find((r) => r.status === 200)!;
    const row = (await db.select({ rev: decisions.currentRevision }).from(decisions).where(eq(decisions.id, d.id)))[0]!;
    expect(row.rev).toBe(2);
    expect(winner.body.revision).toBe(2);
  });

  it('20 concurrent publishes of one decision: exactly one publishes', async () => {
    const id = await ready('Racing publishes from two instances');
    const started = Date.now();
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => api(i, 'pm', 'POST', `/decisions/${id}/publish`)));
    console.log(`two instances: 20 concurrent publishes in ${Date.now() - started} ms → ${JSON.stringify(tally(results.map((r) => r.status)))}`);
    const odd = results.find((r) => r.status !== 200 && r.status !== 409);
    if (odd) console.log('unexpected answer:', JSON.stringify(odd.body).slice(0, 600));
    expect(results.filter((r) => r.status === 200)).toHaveLength(1);
    expect(results.filter((r) => r.status !== 200).every((r) => r.status === 409)).toBe(true);
    const events = await api(0, 'pm', 'GET', `/decisions/${id}/events`);
    expect(events.body.items.filter((e: { type: string }) => e.type === 'decision.published')).toHaveLength(1);
  });

  it('a blocking objection racing a publish: never both', async () => {
    const outcomes: string[] = [];
    for (let round = 0; round < 8; round++) {
      const id = await ready(`Objection race ${round}`);
      const [objection, published] = await Promise.all([
        api(round, 'eng', 'POST', `/decisions/${id}/comments`, { section: 'methodology', kind: 'blocking', body: 'The holdout overlaps the launch week; this cannot ship yet.' }),
        api(round + 1, 'pm', 'POST', `/decisions/${id}/publish`),
      ]);
      outcomes.push(`${objection.status}/${published.status}`);
      // Never both: a publish that went through must not have an open blocking objection beside it.
      expect(objection.status === 201 && published.status === 200).toBe(false);
      const after = await api(0, 'pm', 'GET', `/decisions/${id}`);
      if (published.status === 200) expect(after.body.status).toBe('published');
      else expect(after.body.status).toBe('in-review');
    }
    console.log(`two instances: blocking objection vs publish, 8 rounds (objection/publish status): ${outcomes.join(', ')}`);
  });
});
