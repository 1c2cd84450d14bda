import { and, asc, desc, eq } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import * as overrideRoute from '@/app/api/v1/comments/[id]/override/route';
import * as circulateRoute from '@/app/api/v1/decisions/[id]/circulate/route';
import * as commentsRoute from '@/app/api/v1/decisions/[id]/comments/route';
import * as outcomeRoute from '@/app/api/v1/decisions/[id]/outcome/route';
import * as publishRoute from '@/app/api/v1/decisions/[id]/publish/route';
import * as readinessRoute from '@/app/api/v1/decisions/[id]/readiness/route';
import * as reverseRoute from '@/app/api/v1/decisions/[id]/reverse/route';
import * as reviewsRoute from '@/app/api/v1/decisions/[id]/reviews/route';
import * as decisionRoute from '@/app/api/v1/decisions/[id]/route';
import * as withdrawRoute from '@/app/api/v1/decisions/[id]/withdraw/route';
import * as decisionsRoute from '@/app/api/v1/decisions/route';
import * as inboxRoute from '@/app/api/v1/inbox/route';
import * as policyRoute from '@/app/api/v1/teams/[slug]/policy/route';
import { events, notifications } from '@/db/schema';
import { getDecision as readDecision } from '@/db/queries/decisions';
import { materializeAllOutcomesDue } from '@/db/queries/email';
import { getMetricsByKeys, metricsAsPublished, updateMetric } from '@/db/queries/metrics';
import { getReadiness, getLifecycle, listOutcomes, materializeOutcomesDue, outcomesDue } from '@/db/queries/publish';
import { addMember, createTeam } from '@/db/queries/teams';
import type { Viewer } from '@/db/queries/users';
import { DEMO_LIFECYCLE } from '@/db/seed-data';
import { CHECK_IDS } from '@/lib/gate';
import { resetClock, setClock } from '@/lib/clock';
import type { DecisionContentInput } from '@/lib/validation/decision';
import { defaultPolicy } from '@/lib/validation/policy';
import { call, serveRoutesFrom, tokenFor, type CallResult } from './helpers/api';
import { makeUser, makeWorkspace, testDb } from './helpers/db';
import { createDemoMetrics } from './helpers/publishing';

/*
 * The publish gate over the API, end to end on a real migrated SQLite file:
 * readiness, publish (blocked, then fixed one check at a time), the frozen
 * record, races, supersede / reverse / withdraw, outcomes and the outcome-due
 * reminder, and team policy. Time is moved with lib/clock, never slept.
 */

const HOUR = 3600e3;
const DAY = 24 * HOUR;

const db = await testDb();
serveRoutesFrom(db);
const ws = await makeWorkspace(db); // admin: org admin and admin of ws.team; pm, ds, eng, designer: members; outsider: no team
const teamAdmin = await makeUser(db, { name: 'Tara Lead', function: 'engineering' });
await addMember(db, ws.admin, ws.team.slug, { email: teamAdmin.email, role: 'admin' });
const pm2 = await makeUser(db, { name: 'Paul PM', function: 'product' });
await addMember(db, ws.admin, ws.team.slug, { email: pm2.email });
// The demo record cites these two; the data scientist owns both, so one review from them covers the owners.
await createDemoMetrics(db, ws.ds);

const tokens = new Map<string, string>();
for (const u of [ws.admin, ws.pm, ws.ds, ws.eng, ws.designer, ws.outsider, teamAdmin, pm2]) tokens.set(u.id, await tokenFor(db, u));
const tok = (u: Viewer) => tokens.get(u.id)!;

// ——— the clock ———

let offset = 0;
/** Move the data layer's clock forward (it keeps running with real time from there). */
function advance(hours: number) {
  offset += hours * HOUR;
  const by = offset;
  setClock(() => Date.now() + by);
}
afterEach(() => {
  offset = 0;
  resetClock();
});

// ——— content: the demo's "Send the weekly digest email on Mondays", with its test window moved to last month ———

const isoDay = (daysFromNow: number) => new Date(Date.now() + daysFromNow * DAY).toISOString().slice(0, 10);
const BASE_INPUT = DEMO_LIFECYCLE[0]!.revisions[0]!.content;
const SOURCE = { ...BASE_INPUT.dataSources![0]!, windowStart: isoDay(-38), windowEnd: isoDay(-11) };
const CONTENT: DecisionContentInput = { ...BASE_INPUT, dataSources: [SOURCE], outcomeReviewDate: isoDay(90) };

const RATIONALE = 'We proceed: the holdout will show within four weeks whether the effect fades, and switching back is a configuration change.';

async function draft(patch: Partial<DecisionContentInput> = {}, author: Viewer = ws.pm, team = ws.team.slug): Promise<string> {
  const r = await call(decisionsRoute.POST, { token: tok(author), body: { team, content: { ...CONTENT, ...patch } } });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return String(r.body.id);
}
async function circulate(id: string, author: Viewer = ws.pm) {
  const r = await call(circulateRoute.POST, { token: tok(author), params: { id }, body: { reviewers: [ws.ds.email] } });
  expect(r.status, JSON.stringify(r.body)).toBe(200);
}
async function review(id: string, who: Viewer, verdict: string, body = 'The test design is sound and the guardrail holds.') {
  const r = await call(reviewsRoute.POST, { token: tok(who), params: { id }, body: { verdict, body } });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
}
async function blocking(id: string, who: Viewer = ws.ds): Promise<string> {
  const r = await call(commentsRoute.POST, { token: tok(who), params: { id }, body: { section: 'methodology', kind: 'blocking', body: 'The window includes the Easter holidays; please exclude them before we publish.' } });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return String(r.body.id);
}
const readiness = (id: string, who: Viewer = ws.pm) => call(readinessRoute.GET, { token: tok(who), params: { id } });
const publish = (id: string, who: Viewer = ws.pm, body?: Record<string, unknown>) => call(publishRoute.POST, { method: 'POST', token: tok(who), params: { id }, body });
const getDecision = async (id: string) => (await call(decisionRoute.GET, { token: tok(ws.eng), params: { id } })).body;
async function patch(id: string, content: Record<string, unknown>, who: Viewer = ws.pm): Promise<CallResult> {
  const current = await getDecision(id);
  return call(decisionRoute.PATCH, { method: 'PATCH', token: tok(who), params: { id }, body: { baseRevision: current.revision, content } });
}
const failingIds = (r: CallResult) => (r.body.checks as { id: string; ok: boolean }[]).filter((c) => !c.ok).map((c) => c.id);

/** In review, approved by the data scientist (owner of both metrics), and 25 hours on: ready. Leaves the clock moved. */
async function readyDecision(patchContent: Partial<DecisionContentInput> = {}, author: Viewer = ws.pm): Promise<string> {
  const id = await draft(patchContent, author);
  await circulate(id, author);
  await review(id, ws.ds, 'approve');
  advance(25);
  const r = await readiness(id, author);
  expect(r.body.ready, JSON.stringify(failingIds(r))).toBe(true);
  return id;
}
async function published(patchContent: Partial<DecisionContentInput> = {}, author: Viewer = ws.pm): Promise<string> {
  const id = await readyDecision(patchContent, author);
  const r = await publish(id, author);
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return id;
}

// ————————————————————————————————————————————————————————————— readiness and publishing

describe('readiness and publishing a decision', () => {
  it('shows the checklist, blocks publishing with the failing checks, and publishes once each is fixed through the API', async () => {
    // A complete record, except that the A/B test has no sample size.
    const id = await draft({ dataSources: [{ ...SOURCE, sampleSize: null }] });
    await circulate(id);
    const threadId = await blocking(id);

    // The checklist: all nine checks, in order, each {id, ok, message}, a failing one with the field it concerns
    // where it has one; lint findings {id, level, field, message}. Whom a check waits for is not said by id.
    const r1 = await readiness(id);
    expect(r1.status).toBe(200);
    expect(r1.body.ready).toBe(false);
    expect(r1.body.checks.map((c: { id: string }) => c.id)).toEqual([...CHECK_IDS]);
    for (const c of r1.body.checks) {
      expect(['id', 'message', 'ok', 'field', 'issues']).toEqual(expect.arrayContaining(Object.keys(c)));
      expect(typeof c.ok).toBe('boolean');
      expect(c.message).toEqual(expect.any(String));
      if (c.ok) expect(c.field).toBeUndefined();
    }
    expect(r1.body.checks.find((c: { id: string }) => c.id === 'sources.documented').field).toBe('dataSources.0.sampleSize');
    expect(r1.body.checks.find((c: { id: string }) => c.id === 'methodology.lint').field).toBe('dataSources.0.sampleSize');
    expect(failingIds(r1)).toEqual(['sources.documented', 'critique.circulated', 'critique.cross-functional', 'critique.metric-owners', 'objections.answered', 'methodology.lint']);
    expect(r1.body.lint).toEqual([{ id: 'lint.sample-size', level: 'error', field: 'dataSources.0.sampleSize', message: expect.stringContaining('without a sample size') }]);
    const sourcesCheck = r1.body.checks.find((c: { id: string }) => c.id === 'sources.documented');
    expect(sourcesCheck.message).toContain('is an A/B test without a sample size — add n per arm');

    // Publishing now: 422 gate_failed with only the failing checks.
    const blocked = await publish(id);
    expect(blocked.status).toBe(422);
    expect(blocked.body.error).toMatchObject({ code: 'gate_failed', message: expect.any(String) });
    expect(blocked.body.error.checks.map((c: { id: string }) => c.id)).toEqual(failingIds(r1));
    for (const c of blocked.body.error.checks) {
      expect(c).toMatchObject({ ok: false, message: expect.any(String) });
      expect(c).not.toHaveProperty('waitingFor');
    }

    // 1. Add the sample size.
    expect((await patch(id, { dataSources: [{ ...SOURCE, sampleSize: 182400 }] })).status).toBe(200);
    let r = await readiness(id);
    expect(failingIds(r)).toEqual(['critique.circulated', 'critique.cross-functional', 'critique.metric-owners', 'objections.answered']);
    expect(r.body.lint).toEqual([]);

    // 2. The data scientist (owner of both cited metrics) approves the current revision.
    await review(id, ws.ds, 'approve');
    r = await readiness(id);
    expect(failingIds(r)).toEqual(['critique.circulated', 'objections.answered']);

    // 3. The author answers the blocking comment by overriding it with a rationale.
    const o = await call(overrideRoute.POST, { token: tok(ws.pm), params: { id: threadId }, body: { rationale: RATIONALE } });
    expect(o.status, JSON.stringify(o.body)).toBe(200);
    r = await readiness(id);
    expect(failingIds(r)).toEqual(['critique.circulated']);
    const early = await publish(id);
    expect(early.status).toBe(422);
    expect(early.body.error.checks.map((c: { id: string }) => c.id)).toEqual(['critique.circulated']);

    // 4. A day passes.
    advance(24.5);
    r = await readiness(id);
    expect(r.body.ready).toBe(true);
    const ok = await publish(id);
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    expect(ok.body).toMatchObject({ status: 'published', revision: 2 });
    expect((await getDecision(id)).status).toBe('published');

    // The frozen record keeps the overridden objection as recorded dissent.
    const life = await getLifecycle(db, { id: Number(id) });
    expect(life.publishedRevision).toBe(2);
    expect(life.snapshot?.dissent.overridden).toEqual([expect.objectContaining({ commentId: Number(threadId), author: 'Dev Data', rationale: RATIONALE, by: 'Priya PM' })]);
    expect(life.snapshot?.reviewers).toEqual([expect.objectContaining({ name: 'Dev Data', function: 'data-science', verdict: 'approve', stale: false })]);
    expect(life.snapshot?.daysInReview).toBe(1);
  });

  it('freezes a published decision: an edit is 409 frozen and the content stays as published', async () => {
    const id = await published();
    const before = await getDecision(id);
    const r = await patch(id, { title: 'Send the weekly digest email on Tuesdays instead' });
    expect(r.status).toBe(409);
    expect(r.body.error.code).toBe('frozen');
    const after = await getDecision(id);
    expect(after.revision).toBe(before.revision);
    expect(after.content.title).toBe(before.content.title);
  });

  it('answers a second publish with 409 conflict', async () => {
    const id = await published();
    const again = await publish(id);
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('conflict');
  });

  it('refuses publishing by anyone but an author with 403, even an org admin or a reviewer', async () => {
    const id = await readyDecision();
    for (const who of [ws.ds, ws.admin, teamAdmin, ws.outsider]) {
      const r = await publish(id, who);
      expect(r.status).toBe(403);
      expect(r.body.error.code).toBe('forbidden');
    }
    expect((await getDecision(id)).status).toBe('in-review');
  });

  it('refuses publishing a draft with 409: it must be circulated first', async () => {
    const id = await draft();
    const r = await publish(id);
    expect(r.status).toBe(409);
    expect(r.body.error.code).toBe('conflict');
  });

  it('publishes exactly once when two publish calls race', async () => {
    const id = await readyDecision();
    const [a, b] = await Promise.all([publish(id), publish(id)]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    expect((await getDecision(id)).status).toBe('published');
    const rows = await db.select().from(events).where(and(eq(events.decisionId, Number(id)), eq(events.type, 'decision.published')));
    expect(rows).toHaveLength(1);
  });

  it('never publishes past a blocking comment that races the publish call', async () => {
    const id = await readyDecision();
    const [pub, com] = await Promise.all([
      publish(id),
      call(commentsRoute.POST, { token: tok(ws.eng), params: { id }, body: { section: 'decision', kind: 'blocking', body: 'Hold on: the EU mailing rules changed this week.' } }),
    ]);
    // Either the objection landed first (the gate then fails) or the publish did (the objection is refused).
    expect([
      [200, 409],
      [422, 201],
    ]).toContainEqual([pub.status, com.status]);
    const state = (await getDecision(id)).status;
    expect(state).toBe(pub.status === 200 ? 'published' : 'in-review');
  });

  it('refuses a blocking comment on a published decision with 409, but still takes other comments', async () => {
    const id = await published();
    const r = await call(commentsRoute.POST, { token: tok(ws.eng), params: { id }, body: { section: 'decision', kind: 'blocking', body: 'Too late, but I object.' } });
    expect(r.status).toBe(409);
    expect(r.body.error.code).toBe('conflict');
    const q = await call(commentsRoute.POST, { token: tok(ws.eng), params: { id }, body: { section: 'decision', kind: 'question', body: 'How did the first week go?' } });
    expect(q.status).toBe(201);
  });

  it('reports the same gate to readiness and to publish (one function)', async () => {
    const id = await draft({ summary: 'TBD' });
    await circulate(id);
    await review(id, ws.ds, 'approve');
    advance(25);
    const r = await readiness(id);
    const p = await publish(id);
    expect(p.status).toBe(422);
    expect(p.body.error.checks.map((c: { id: string }) => c.id)).toEqual(failingIds(r));
    expect(p.body.error.checks.map((c: { id: string }) => c.id)).toEqual(['fields.complete']);
    expect((await getReadiness(db, { id: Number(id) })).checks.filter((c) => !c.ok).map((c) => c.id)).toEqual(['fields.complete']);
  });

  it('previews what publishing will record only to someone who may publish, and publishing records just that', async () => {
    const id = await readyDecision();
    const previewFor = async (viewer: Viewer) => ({ viewer, can: (await readDecision(db, { id: Number(id), viewer })).can });
    expect((await getReadiness(db, { id: Number(id) })).publishPreview).toBeNull();
    expect((await getReadiness(db, { id: Number(id), previewFor: await previewFor(ws.ds) })).publishPreview).toBeNull();
    expect((await getReadiness(db, { id: Number(id), previewFor: await previewFor(teamAdmin) })).publishPreview).toBeNull();
    const preview = (await getReadiness(db, { id: Number(id), previewFor: await previewFor(ws.pm) })).publishPreview;
    expect(preview?.snapshot).toMatchObject({ publishedBy: 'Priya PM', revision: 1, firstCirculatedRevision: 1, daysInReview: 1 });
    expect((await publish(id)).status).toBe(200);
    const life = await getLifecycle(db, { id: Number(id) });
    expect(life.snapshot).toEqual({ ...preview!.snapshot, publishedAt: life.publishedAt });
    expect(life.publishedUnderPolicy).toEqual(preview!.underPolicy);
    expect(life).toMatchObject({ firstCirculatedRevision: 1, supersedes: null, supersededBy: null, closed: null });
  });

  it('keeps the cited metrics as the catalogue defined them at publish: a later edit changes the catalogue, which records it, not the record', async () => {
    const id = await readyDecision();
    expect((await publish(id)).status).toBe(200);
    const cited = (await getLifecycle(db, { id: Number(id) })).snapshot?.metrics;
    expect(cited).toEqual([
      { key: 'unsubscribe_rate', name: 'Email unsubscribe rate', definition: 'Unsubscribes divided by delivered emails, per send.', kind: 'guardrail', owner: ws.ds.name },
      { key: 'weekly_active_buyers', name: 'Weekly active buyers', definition: 'Distinct accounts with a completed order in a rolling 7-day window.', kind: 'north-star', owner: ws.ds.name },
    ]);
    try {
      await updateMetric(db, ws.ds, 'unsubscribe_rate', { name: 'Email spam complaint rate', definition: 'Spam complaints divided by delivered emails.', kind: 'guardrail', ownerEmail: ws.ds.email });
      expect((await getLifecycle(db, { id: Number(id) })).snapshot?.metrics).toEqual(cited);
      // The pages name them as published, and say what one is called now; a record published before the
      // snapshot kept metrics names them as the catalogue does.
      const current = await getMetricsByKeys(db, ['unsubscribe_rate', 'weekly_active_buyers']);
      const shown = metricsAsPublished(current, cited);
      expect(shown.metrics.get('unsubscribe_rate')).toMatchObject({ name: 'Email unsubscribe rate', definition: 'Unsubscribes divided by delivered emails, per send.' });
      expect([...shown.renamedSince]).toEqual([['unsubscribe_rate', 'Email spam complaint rate']]);
      expect(metricsAsPublished(current, undefined).metrics.get('unsubscribe_rate')?.name).toBe('Email spam complaint rate');
      const [logged] = await db.select().from(events).where(eq(events.type, 'metric.updated')).orderBy(desc(events.id)).limit(1);
      expect({ actorId: logged!.actorId, data: JSON.parse(logged!.data) }).toEqual({
        actorId: ws.ds.id,
        data: {
          metric: 'unsubscribe_rate',
          from: { name: 'Email unsubscribe rate', definition: 'Unsubscribes divided by delivered emails, per send.' },
          to: { name: 'Email spam complaint rate', definition: 'Spam complaints divided by delivered emails.' },
        },
      });
    } finally {
      await updateMetric(db, ws.ds, 'unsubscribe_rate', { name: 'Email unsubscribe rate', definition: 'Unsubscribes divided by delivered emails, per send.', kind: 'guardrail', ownerEmail: ws.ds.email });
    }
  });

  it('does not count an approval that went stale when the methodology changed', async () => {
    const id = await readyDecision();
    expect((await patch(id, { methodology: `${BASE_INPUT.methodology} Accounts created during the test were excluded.` })).status).toBe(200);
    const r = await readiness(id);
    // The change also restarts the review window: critics get it whole with what will be published.
    expect(failingIds(r)).toEqual(['critique.circulated', 'critique.cross-functional', 'critique.metric-owners']);
    expect((await publish(id)).status).toBe(422);
  });

  it('blocks publishing while a current request for changes stands, and not once it goes stale', async () => {
    const id = await readyDecision();
    await review(id, ws.eng, 'request-changes', 'Please add the rollout plan for the EU.');
    expect(failingIds(await readiness(id))).toEqual(['reviews.no-changes-requested']);
    await patch(id, { methodology: `${BASE_INPUT.methodology} Accounts created during the test were excluded.` });
    await review(id, ws.ds, 'approve');
    expect(failingIds(await readiness(id))).toEqual(['critique.circulated']);
    advance(25);
    expect((await readiness(id)).body.ready).toBe(true);
    expect((await publish(id)).status).toBe(200);
    const life = await getLifecycle(db, { id: Number(id) });
    expect(life.snapshot?.dissent.staleChangeRequests).toEqual([expect.objectContaining({ reviewer: 'Eli Eng', function: 'engineering', revision: 1 })]);
  });

  it('records each reviewer’s standing verdict with its own words, not a later comment’s', async () => {
    const id = await readyDecision();
    await review(id, ws.ds, 'comment', 'One more thought: watch the holiday week.');
    await review(id, ws.eng, 'request-changes', 'Add the EU rollout plan.');
    await patch(id, { methodology: `${BASE_INPUT.methodology} Accounts created during the test were excluded.` });
    await review(id, ws.ds, 'approve', 'Still sound after the exclusion.');
    await review(id, ws.ds, 'comment', 'Nit: name the holiday week.');
    await review(id, ws.eng, 'comment', 'Still want that rollout plan.');
    advance(25);
    expect((await publish(id)).status).toBe(200);
    const life = await getLifecycle(db, { id: Number(id) });
    expect(life.snapshot?.reviewers).toEqual([
      expect.objectContaining({ name: 'Dev Data', verdict: 'approve', stale: false, body: 'Still sound after the exclusion.' }),
      expect.objectContaining({ name: 'Eli Eng', verdict: 'request-changes', stale: true, body: 'Add the EU rollout plan.' }),
    ]);
    expect(life.snapshot?.dissent.staleChangeRequests).toEqual([expect.objectContaining({ reviewer: 'Eli Eng', body: 'Add the EU rollout plan.' })]);
  });

  it('answers 404 for readiness and publish of a decision that does not exist', async () => {
    expect((await readiness('999999')).status).toBe(404);
    expect((await publish('999999')).status).toBe(404);
  });
});

// ————————————————————————————————————————————————————————————— supersede

describe('superseding a published decision', () => {
  it('turns the old decision superseded and links both ways', async () => {
    const first = await published();
    const second = await readyDecision({ title: 'Move the weekly digest to Thursday evenings' });
    const r = await publish(second, ws.pm, { supersedes: Number(first) });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body).toMatchObject({ status: 'published', supersedes: Number(first) });
    expect((await getDecision(first)).status).toBe('superseded');
    expect((await getDecision(second)).status).toBe('published');
    const oldLife = await getLifecycle(db, { id: Number(first) });
    const newLife = await getLifecycle(db, { id: Number(second) });
    expect(oldLife.supersededBy).toEqual({ id: Number(second), title: 'Move the weekly digest to Thursday evenings', status: 'published' });
    expect(newLife.supersedes).toEqual({ id: Number(first), title: CONTENT.title, status: 'superseded' });
    expect(oldLife.closed).not.toBeNull();
  });

  it('refuses to supersede a decision that is not published with 409, and publishes nothing', async () => {
    const notPublished = await draft({ title: 'Still a draft, cannot be superseded' });
    const id = await readyDecision();
    const r = await publish(id, ws.pm, { supersedes: Number(notPublished) });
    expect(r.status).toBe(409);
    expect(r.body.error.code).toBe('conflict');
    expect((await getDecision(id)).status).toBe('in-review');
    expect((await getDecision(notPublished)).status).toBe('draft');
  });

  it('refuses to supersede a decision that was already superseded', async () => {
    const first = await published();
    const second = await readyDecision();
    expect((await publish(second, ws.pm, { supersedes: Number(first) })).status).toBe(200);
    const third = await readyDecision();
    expect((await publish(third, ws.pm, { supersedes: Number(first) })).status).toBe(409);
  });

  it('refuses a decision superseding itself (400) and an unknown one (404)', async () => {
    const id = await readyDecision();
    const self = await publish(id, ws.pm, { supersedes: Number(id) });
    expect(self.status).toBe(400);
    expect(self.body.error.issues[0].path).toBe('supersedes');
    expect((await publish(id, ws.pm, { supersedes: 999999 })).status).toBe(404);
    expect((await publish(id, ws.pm, { supersedes: 'first' })).status).toBe(400);
    expect((await getDecision(id)).status).toBe('in-review');
  });
});

// ————————————————————————————————————————————————————————————— reverse and withdraw

const reverse = (id: string, who: Viewer, rationale: unknown) => call(reverseRoute.POST, { token: tok(who), params: { id }, body: { rationale } });
const withdraw = (id: string, who: Viewer, reason: unknown) => call(withdrawRoute.POST, { token: tok(who), params: { id }, body: { reason } });
const REVERSAL = 'Unsubscribes rose 12 % over the summer while buyers stayed flat; we go back to Friday sends.';
const WITHDRAWAL = 'Marketing moved the digest into the weekend campaign, so this decision is no longer needed.';

describe('reversing a published decision', () => {
  it('lets the author reverse it with a rationale that stays on the record', async () => {
    const id = await published();
    const r = await reverse(id, ws.pm, REVERSAL);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body).toEqual({ status: 'reversed' });
    expect((await getDecision(id)).status).toBe('reversed');
    expect((await getLifecycle(db, { id: Number(id) })).closed).toMatchObject({ by: 'Priya PM', reason: REVERSAL });
  });

  it('lets a team admin who is not an author reverse it', async () => {
    const id = await published();
    expect((await reverse(id, teamAdmin, REVERSAL)).status).toBe(200);
  });

  it('refuses anyone who is neither an author nor a team admin with 403', async () => {
    const id = await published();
    for (const who of [ws.ds, ws.eng, pm2, ws.outsider]) {
      const r = await reverse(id, who, REVERSAL);
      expect(r.status).toBe(403);
      expect(r.body.error.code).toBe('forbidden');
    }
    expect((await getDecision(id)).status).toBe('published');
  });

  it('refuses a missing or too-short rationale with 400', async () => {
    const id = await published();
    for (const rationale of [undefined, '', 'Bad idea.', 'No.']) {
      const r = await reverse(id, ws.pm, rationale);
      expect(r.status).toBe(400);
      expect(r.body.error.code).toBe('invalid');
      expect(r.body.error.issues.length).toBeGreaterThanOrEqual(1);
    }
    expect((await getDecision(id)).status).toBe('published');
  });

  it('names the field the client sent, "rationale", in the 400’s issue path', async () => {
    const id = await published();
    const r = await reverse(id, ws.pm, 'Bad idea.');
    expect(r.body.error.issues.map((i: { path: string }) => i.path)).toEqual(['rationale']);
  });

  it('refuses to reverse a decision that is not published with 409', async () => {
    const id = await draft();
    expect((await reverse(id, ws.pm, REVERSAL)).status).toBe(409);
    const pub = await published();
    expect((await reverse(pub, ws.pm, REVERSAL)).status).toBe(200);
    expect((await reverse(pub, ws.pm, REVERSAL)).status).toBe(409);
  });
});

describe('withdrawing a decision', () => {
  it('withdraws a draft with a reason', async () => {
    const id = await draft();
    const r = await withdraw(id, ws.pm, WITHDRAWAL);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body).toEqual({ status: 'withdrawn' });
    expect((await getDecision(id)).status).toBe('withdrawn');
    expect((await getLifecycle(db, { id: Number(id) })).closed?.reason).toBe(WITHDRAWAL);
  });

  it('withdraws a decision in review, which can then no longer be published', async () => {
    const id = await readyDecision();
    expect((await withdraw(id, ws.pm, WITHDRAWAL)).status).toBe(200);
    expect((await publish(id)).status).toBe(409);
  });

  it('refuses to withdraw a published decision with 409', async () => {
    const id = await published();
    const r = await withdraw(id, ws.pm, WITHDRAWAL);
    expect(r.status).toBe(409);
    expect(r.body.error.code).toBe('conflict');
    expect((await getDecision(id)).status).toBe('published');
  });

  it('refuses a too-short reason with 400 and a non-author non-admin with 403', async () => {
    const id = await draft();
    expect((await withdraw(id, ws.pm, 'Nope.')).status).toBe(400);
    expect((await withdraw(id, ws.eng, WITHDRAWAL)).status).toBe(403);
    expect((await getDecision(id)).status).toBe('draft');
  });

  it('lets a team admin who is not an author withdraw it', async () => {
    const id = await draft();
    expect((await withdraw(id, teamAdmin, WITHDRAWAL)).status).toBe(200);
  });

  it('names the field the client sent, "reason", in the 400’s issue path', async () => {
    const id = await draft();
    const r = await withdraw(id, ws.pm, 'Nope.');
    expect(r.body.error.issues.map((i: { path: string }) => i.path)).toEqual(['reason']);
  });
});

// ————————————————————————————————————————————————————————————— outcomes

const OUTCOME = {
  verdict: 'validated',
  body: 'Three months on, weekly active buyers among subscribers are up **1.6 %** against the Friday holdout.',
  evidence: [{ metric: 'weekly_active_buyers', baseline: 0.231, observed: 0.2347, relativeChange: 1.6, ciLow: 0.4, ciHigh: 2.8 }],
};
const recordOutcome = (id: string, who: Viewer, body: Record<string, unknown> = OUTCOME) => call(outcomeRoute.POST, { token: tok(who), params: { id }, body });

describe('recording outcomes', () => {
  it('records an outcome on a published decision (201) and lists it', async () => {
    const id = await published();
    const r = await recordOutcome(id, ws.pm);
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body).toMatchObject({ id: expect.any(Number), verdict: 'validated', body: OUTCOME.body, author: 'Priya PM', createdAt: expect.any(String) });
    expect(r.body.evidence).toEqual([{ metric: 'weekly_active_buyers', baseline: 0.231, observed: 0.2347, relativeChange: 1.6, ciLow: 0.4, ciHigh: 2.8 }]);
    const list = await call(outcomeRoute.GET, { token: tok(ws.eng), params: { id } });
    expect(list.status).toBe(200);
    expect(list.body).toEqual([r.body]);
    // The history list carries the latest verdict.
    const team = (await call(decisionRoute.GET, { token: tok(ws.eng), params: { id } })).body.team;
    const history = await call(decisionsRoute.GET, { token: tok(ws.eng), path: `/api/v1/decisions?team=${team}&status=published&limit=100` });
    expect(history.body.items.find((d: { id: number }) => String(d.id) === id)).toMatchObject({ outcome: 'validated' });
  });

  it('takes an outcome without evidence', async () => {
    const id = await published();
    const r = await recordOutcome(id, ws.pm, { verdict: 'inconclusive', body: 'The effect could not be separated from the summer dip.' });
    expect(r.status).toBe(201);
    expect(r.body.evidence).toEqual([]);
  });

  it('refuses an outcome on a draft or a decision in review with 409', async () => {
    const d = await draft();
    expect((await recordOutcome(d, ws.pm)).status).toBe(409);
    const inReview = await readyDecision();
    expect((await recordOutcome(inReview, ws.pm)).status).toBe(409);
    expect(await listOutcomes(db, { id: Number(d) })).toEqual([]);
  });

  it('refuses an invalid verdict with 400 and someone who is neither author nor team admin with 403', async () => {
    const id = await published();
    const bad = await recordOutcome(id, ws.pm, { verdict: 'great', body: 'It went well.' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.issues.map((i: { path: string }) => i.path)).toEqual(['verdict']);
    expect((await recordOutcome(id, ws.eng)).status).toBe(403);
  });

  it('puts a published decision whose review date has passed in the author’s inbox exactly once, until the outcome is recorded', async () => {
    const id = await published({ title: 'Digest outcome due soon', outcomeReviewDate: isoDay(3) });
    const dueItems = async () => {
      const r = await call(inboxRoute.GET, { token: tok(ws.pm), path: '/api/v1/inbox?limit=100' });
      expect(r.status).toBe(200);
      return (r.body.items as { kind: string; decision: { id: number } | null; read: boolean }[]).filter((n) => n.kind === 'outcome-due' && String(n.decision?.id) === id);
    };
    const dueForTeam = async () => (await outcomesDue(db, { teamId: ws.team.id })).map((d) => String(d.id));

    expect(await dueItems()).toEqual([]);
    expect(await dueForTeam()).not.toContain(id);

    advance(4 * 24);
    expect(await dueItems()).toHaveLength(1);
    expect(await dueItems()).toHaveLength(1); // reading the inbox again does not remind twice
    expect((await dueItems())[0]!.read).toBe(false);
    expect(await dueForTeam()).toContain(id);
    // Only the author is reminded.
    const other = await call(inboxRoute.GET, { token: tok(ws.ds), path: '/api/v1/inbox?limit=100' });
    expect(other.body.items.filter((n: { kind: string }) => n.kind === 'outcome-due')).toEqual([]);

    expect((await recordOutcome(id, ws.pm)).status).toBe(201);
    expect(await dueForTeam()).not.toContain(id);
    const after = await dueItems();
    expect(after).toHaveLength(1);
    expect(after[0]!.read).toBe(true);
  });

  it('writes the outcome reminder once when the inbox and the dispatcher add it at the same moment', async () => {
    // On PostgreSQL both writers could pass their NOT EXISTS before either committed: two reminders in the inbox.
    const id = await published({ title: 'Racing outcome reminders', outcomeReviewDate: isoDay(2) });
    advance(3 * 24);
    await Promise.all([materializeOutcomesDue(db, ws.pm), materializeAllOutcomesDue(db), materializeOutcomesDue(db, ws.pm), materializeAllOutcomesDue(db), materializeOutcomesDue(db, ws.pm)]);
    const reminders = () => db.select().from(notifications).where(and(eq(notifications.kind, 'outcome-due'), eq(notifications.decisionId, Number(id)), eq(notifications.userId, ws.pm.id)));
    expect(await reminders()).toHaveLength(1);
    // The database itself refuses a second one, whoever writes it.
    await expect(db.insert(notifications).values({ userId: ws.pm.id, kind: 'outcome-due', decisionId: Number(id), createdAt: Date.now() })).rejects.toThrow();
    expect(await reminders()).toHaveLength(1);
  });
});

// ————————————————————————————————————————————————————————————— team policy

// A team of its own, so relaxing its gate does not change the other tests.
const policyTeam = await createTeam(db, ws.admin, { slug: 'policy-team', name: 'Policy team' });
const lead = await makeUser(db, { name: 'Lena Lead', function: 'design' });
await addMember(db, ws.admin, policyTeam.slug, { email: lead.email, role: 'admin' });
await addMember(db, ws.admin, policyTeam.slug, { email: ws.pm.email });
tokens.set(lead.id, await tokenFor(db, lead));
const getPolicy = (who: Viewer = ws.pm, slug = policyTeam.slug) => call(policyRoute.GET, { token: tok(who), params: { slug } });
const putPolicy = (body: unknown, who: Viewer = lead) => call(policyRoute.PUT, { method: 'PUT', token: tok(who), params: { slug: policyTeam.slug }, body });

describe('team policy', () => {

  it('returns the default policy for a team that never changed it', async () => {
    const r = await getPolicy();
    expect(r.status).toBe(200);
    expect(r.body).toEqual(defaultPolicy());
    expect(r.body).toMatchObject({ minHoursInReview: 24, crossFunctionalApprovals: 1, requireMetricOwnerReview: true, freshnessDays: 90 });
    expect((await getPolicy(ws.outsider)).status).toBe(200);
    expect((await getPolicy(ws.pm, 'no-such-team')).status).toBe(404);
  });

  it('refuses a policy change by a team member who is not an admin, or by an outsider, with 403', async () => {
    for (const who of [ws.pm, ws.outsider, teamAdmin]) {
      const r = await putPolicy({ minHoursInReview: 0 }, who);
      expect(r.status).toBe(403);
      expect(r.body.error.code).toBe('forbidden');
    }
    expect((await getPolicy()).body.minHoursInReview).toBe(24);
  });

  it('refuses invalid values with 400 and the path of each issue, changing nothing', async () => {
    const r = await putPolicy({ minHoursInReview: -1, crossFunctionalApprovals: 'two', freshnessDays: 0, requireMetricOwnerReview: 'yes', lintLevels: { 'lint.sample-size': 'fatal' } });
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('invalid');
    expect(r.body.error.issues.map((i: { path: string }) => i.path).sort()).toEqual(['crossFunctionalApprovals', 'freshnessDays', 'lintLevels.lint.sample-size', 'minHoursInReview', 'requireMetricOwnerReview']);
    expect((await getPolicy()).body).toEqual(defaultPolicy());
  });

  it('lets a team admin allow 0 hours in review, after which a decision is publishable the moment it is circulated', async () => {
    const r = await putPolicy({ minHoursInReview: 0 });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body).toEqual({ ...defaultPolicy(), minHoursInReview: 0 });
    expect((await getPolicy()).body.minHoursInReview).toBe(0);

    const id = await draft({}, ws.pm, policyTeam.slug);
    const before = await readiness(id);
    expect(before.body.checks.find((c: { id: string }) => c.id === 'critique.circulated').ok).toBe(false);
    await circulate(id);
    const inReview = await readiness(id);
    expect(inReview.body.checks.find((c: { id: string }) => c.id === 'critique.circulated').ok).toBe(true);
    await review(id, ws.ds, 'approve');
    expect((await readiness(id)).body.ready).toBe(true);
    expect((await publish(id)).status).toBe(200);
  });

  it('keeps earlier changes when a later one sets another key', async () => {
    expect((await putPolicy({ freshnessDays: 30 })).status).toBe(200);
    const p = (await getPolicy()).body;
    expect(p.freshnessDays).toBe(30);
    expect(p.minHoursInReview).toBe(0);
  });

  it('applies lint level overrides to the gate', async () => {
    const id = await draft({ dataSources: [{ ...SOURCE, owner: '' }] }, ws.pm, policyTeam.slug);
    await circulate(id);
    await review(id, ws.ds, 'approve');
    expect((await readiness(id)).body.ready).toBe(true);
    expect((await putPolicy({ lintLevels: { 'lint.source-owner': 'error' } })).status).toBe(200);
    const r = await readiness(id);
    expect(failingIds(r)).toEqual(['methodology.lint']);
    expect(r.body.lint).toEqual([expect.objectContaining({ id: 'lint.source-owner', level: 'error', field: 'dataSources.0.owner' })]);
    expect((await putPolicy({ lintLevels: {} })).status).toBe(200);
    expect((await readiness(id)).body.ready).toBe(true);
  });

  it('records every change as a team.policy-changed event with the policy before and after', async () => {
    const rows = await db.select().from(events).where(and(eq(events.teamId, policyTeam.id), eq(events.type, 'team.policy-changed'))).orderBy(asc(events.id));
    expect(rows.length).toBe(4);
    expect(rows.every((e) => e.actorId === lead.id && e.decisionId === null)).toBe(true);
    const first = JSON.parse(rows[0]!.data);
    expect(first.before.minHoursInReview).toBe(24);
    expect(first.after.minHoursInReview).toBe(0);
    // A refused change wrote nothing.
    expect(rows.map((e) => JSON.parse(e.data).after.minHoursInReview)).toEqual([0, 0, 0, 0]);
  });
});
