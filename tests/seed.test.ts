import { eq, sql } from 'drizzle-orm';
import { rawRows, rawRun, type Db } from '@/db/client';
import { engine } from '@/db/engine';
import { describe, expect, it } from 'vitest';
import { getReadiness, getLifecycle, listOutcomes, outcomesDue } from '@/db/queries/publish';
import { getDecision, listRevisions } from '@/db/queries/decisions';
import { listInbox } from '@/db/queries/inbox';
import { listFeed } from '@/db/queries/feed';
import { listRelated } from '@/db/queries/links';
import { listReviews, listVouches } from '@/db/queries/review';
import { getTeamBySlug } from '@/db/queries/teams';
import { getUserByEmail } from '@/db/queries/users';
import { getMetric } from '@/db/queries/metrics';
import { comments, decisions, events, outcomes, revisions, user } from '@/db/schema';
import { demoEmail, seedDemo } from '@/db/seed';
import { now as clockNow, resetClock, setClock } from '@/lib/clock';
import { STATUSES } from '@/lib/validation/common';
import { rawNumber, testDb } from './helpers/db';

/*
 * The demo workspace, seeded through the real data layer into a fresh migrated
 * database: every status, outcomes recorded and due, stale verdicts and
 * recorded dissent — each published decision having passed the real gate.
 */

const db = await testDb();
const seeded = await seedDemo(db);

const all = async () => db.select({ id: decisions.id, title: decisions.title, status: decisions.status, teamId: decisions.teamId }).from(decisions);
const byTitle = async (title: string) => {
  const d = (await all()).find((x) => x.title === title);
  if (!d) throw new Error(`no demo decision “${title}”`);
  return d;
};
const count = async (table: typeof decisions | typeof user | typeof events | typeof comments | typeof outcomes | typeof revisions) => (await db.select({ n: sql<number>`count(*)` }).from(table))[0]!.n;

describe('seeding the demo workspace', () => {
  it('seeds an empty database and restores the real clock afterwards', async () => {
    expect(seeded).toBe(true);
    expect(Math.abs(clockNow() - Date.now())).toBeLessThan(5_000);
    expect(await count(user)).toBe(8);
    expect(await count(decisions)).toBeGreaterThanOrEqual(16);
  });

  it('has decisions in every status', async () => {
    const statuses = new Set((await all()).map((d) => d.status));
    expect([...statuses].sort()).toEqual([...STATUSES].sort());
  });

  it('has a recorded outcome', async () => {
    expect(await count(outcomes)).toBeGreaterThanOrEqual(1);
    const monday = await byTitle('Send the weekly digest email on Mondays');
    const list = await listOutcomes(db, { id: monday.id });
    expect(list).toEqual([expect.objectContaining({ verdict: 'validated', author: 'Marco Alvarez' })]);
  });

  it('has an outcome due, on the team page and in the author’s inbox', async () => {
    const growth = (await getTeamBySlug(db, 'growth'))!;
    const due = await outcomesDue(db, { teamId: growth.id });
    expect(due.length).toBeGreaterThanOrEqual(1);
    const thursday = await byTitle('Move the weekly digest to Thursday evenings');
    expect(due.map((d) => d.id)).toContain(thursday.id);
    const marco = (await getUserByEmail(db, demoEmail('marco')))!;
    const inbox = await listInbox(db, marco, { limit: '100' });
    expect(inbox.items.filter((n) => n.kind === 'outcome-due' && n.decision?.id === thursday.id)).toHaveLength(1);
  });

  it('has a co-written decision, with the co-author’s revision', async () => {
    const d = await byTitle('Drop mandatory account creation before purchase');
    const decision = await getDecision(db, { id: d.id, viewer: (await getUserByEmail(db, demoEmail('rin')))! });
    expect(decision.authors.map((a) => a.name)).toEqual(['Priya Raman', 'Rin Takeda', 'Dev Chatterjee']);
    expect(decision.can.edit).toBe(true);
    expect((await listRevisions(db, { id: d.id }))[0]?.author.name).toBe('Rin Takeda');
  });

  it('has a metric owner among its writers whose vouch for the evidence a later change ended, asked to vouch again', async () => {
    const d = await byTitle('Drop mandatory account creation before purchase');
    const dev = await getDecision(db, { id: d.id, viewer: (await getUserByEmail(db, demoEmail('dev')))! });
    expect(dev.can.vouch).toBe(true);
    const [vouch, ...others] = await listVouches(db, { id: d.id });
    expect(others).toEqual([]);
    expect(vouch).toMatchObject({ owner: { name: 'Dev Chatterjee' }, metrics: ['Weekly active buyers'], revision: dev.revision - 1, by: 'saving', changedIn: dev.revision, current: false });
    const owners = (await getReadiness(db, { id: d.id })).checks.find((c) => c.id === 'critique.metric-owners');
    expect(owners?.ok).toBe(false);
    expect(owners?.message).toContain(`Dev Chatterjee owns Weekly active buyers and last vouched for its evidence at revision ${dev.revision - 1}, before`);
    // In review, it waits for him under "needs my review".
    expect(dev.status).toBe('in-review');
    const feed = await listFeed(db, (await getUserByEmail(db, demoEmail('dev')))!, { tab: 'needs-my-review' });
    expect(feed.items.find((i) => i.id === d.id)?.reasons.map((r) => r.kind)).toEqual(['vouch']);
  });

  it('links related decisions across teams', async () => {
    const checkout = await byTitle('Replace the three-step checkout with a single page');
    expect((await listRelated(db, { id: checkout.id })).map((r) => r.title).sort()).toEqual(['Drop mandatory account creation before purchase', 'Ship every checkout change behind a feature flag']);
  });

  it('has a stale verdict', async () => {
    const stale = [];
    for (const d of await all()) stale.push(...(await listReviews(db, { id: d.id })).filter((r) => r.stale));
    expect(stale.length).toBeGreaterThanOrEqual(1);
  });

  it('records an overridden objection as dissent in a publish snapshot, with its rationale', async () => {
    const thursday = await byTitle('Move the weekly digest to Thursday evenings');
    const life = await getLifecycle(db, { id: thursday.id });
    expect(life.snapshot).not.toBeNull();
    expect(life.snapshot!.dissent.overridden).toEqual([expect.objectContaining({ author: 'Tom Becker', by: 'Marco Alvarez', rationale: expect.stringContaining('weekend campaign') })]);
    // Rin's request for changes went stale when the methodology changed, and stood unanswered at publish time.
    expect(life.snapshot!.dissent.staleChangeRequests).toEqual([expect.objectContaining({ reviewer: 'Rin Takeda', function: 'research' })]);
  });

  it('has a catalogue metric renamed after a published decision cited it, which keeps the name it was published with', async () => {
    const shipping = await byTitle('Show shipping costs only at the final checkout step');
    const cited = (await getLifecycle(db, { id: shipping.id })).snapshot?.metrics?.find((m) => m.key === 'refund_rate');
    expect(cited).toMatchObject({ name: 'Refund rate', owner: 'Hannah Okafor' });
    expect((await getMetric(db, 'refund_rate'))?.name).toBe('Refunds per completed order');
  });

  it('links the superseded decision and the one that superseded it', async () => {
    const monday = await byTitle('Send the weekly digest email on Mondays');
    const thursday = await byTitle('Move the weekly digest to Thursday evenings');
    expect(monday.status).toBe('superseded');
    expect(thursday.status).toBe('published');
    expect((await getLifecycle(db, { id: monday.id })).supersededBy?.id).toBe(thursday.id);
    expect((await getLifecycle(db, { id: thursday.id })).supersedes?.id).toBe(monday.id);
  });

  it('keeps a snapshot for every decision that was published, and a rationale for the reversed and withdrawn ones', async () => {
    for (const d of await all()) {
      const life = await getLifecycle(db, { id: d.id });
      if (['published', 'superseded', 'reversed'].includes(d.status)) expect(life.snapshot, d.title).not.toBeNull();
      if (d.status === 'reversed' || d.status === 'withdrawn') expect(life.closed?.reason?.length, d.title).toBeGreaterThan(20);
    }
  });

  it('gives every demo decision a readiness checklist, and leaves work to do on some in review', async () => {
    const inReview = (await all()).filter((d) => d.status === 'in-review');
    const results = await Promise.all((await all()).map((d) => getReadiness(db, { id: d.id })));
    for (const r of results) expect(r.checks).toHaveLength(9);
    expect(inReview.length).toBeGreaterThan(0);
    const readiness = await Promise.all(inReview.map((d) => getReadiness(db, { id: d.id })));
    expect(readiness.some((r) => !r.ready)).toBe(true);
  });

  it('does nothing when seeded a second time', async () => {
    const before = { users: await count(user), decisions: await count(decisions), events: await count(events), comments: await count(comments), revisions: await count(revisions), outcomes: await count(outcomes) };
    expect(await seedDemo(db)).toBe(false);
    expect({ users: await count(user), decisions: await count(decisions), events: await count(events), comments: await count(comments), revisions: await count(revisions), outcomes: await count(outcomes) }).toEqual(before);
    expect(await db.select().from(user).where(eq(user.email, demoEmail('priya')))).toHaveLength(1);
  });
});

describe('seeding on a later day', async () => {
  // The demo replays its history at the fixed dates its text describes, so seeding
  // on any later day gives the same workspace (its data never ages past the gate).
  const LATER = ['2026-12-20', '2027-06-01'];
  const fresh = new Map<string, Db>();
  for (const day of LATER) fresh.set(day, await testDb());
  it.each(LATER)('seeds successfully on %s', async (day) => {
    const later = fresh.get(day)!;
    setClock(() => Date.parse(`${day}T12:00:00Z`));
    try {
      await expect(seedDemo(later)).resolves.toBe(true);
    } finally {
      resetClock();
    }
    expect(new Set((await later.select({ s: decisions.status }).from(decisions)).map((d) => d.s)).size).toBe(STATUSES.length);
  });
});

describe('a demo seed that fails half way', async () => {
  const broken = await testDb();
  it('leaves every table empty (nothing half-built blocks the next attempt)', async () => {
    // A team whose slug the demo needs makes it fail part way, after its users and first team exist.
    await rawRun(broken, sql`INSERT INTO teams (slug, name, policy, created_at) VALUES ('growth', 'Someone else''s growth', '{}', 0)`);
    await expect(seedDemo(broken)).rejects.toThrow();
    // Every table of Candor's (the engine's own catalogue names them; drizzle's migration journal is not one).
    const tableQuery =
      engine() === 'pg'
        ? sql`SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' AND table_name NOT LIKE '__drizzle%'`
        : sql`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '__drizzle%' AND name NOT LIKE 'decision_search_%'`;
    const tables = (await rawRows<{ name: string }>(broken, tableQuery)).map((r) => r.name);
    expect(tables).toEqual(expect.arrayContaining(['user', 'teams', 'decisions', 'decision_links', 'decision_search']));
    const nonEmpty: string[] = [];
    for (const t of tables) if ((await rawNumber(broken, sql`SELECT count(*) AS n FROM ${sql.identifier(t)}`)) > 0) nonEmpty.push(t);
    expect(nonEmpty).toEqual([]);
  });
});
