import { asc, eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import * as floorRoute from '@/app/api/v1/org/policy-floor/route';
import * as circulateRoute from '@/app/api/v1/decisions/[id]/circulate/route';
import * as publishRoute from '@/app/api/v1/decisions/[id]/publish/route';
import * as readinessRoute from '@/app/api/v1/decisions/[id]/readiness/route';
import * as decisionRoute from '@/app/api/v1/decisions/[id]/route';
import * as decisionsRoute from '@/app/api/v1/decisions/route';
import * as policyRoute from '@/app/api/v1/teams/[slug]/policy/route';
import { rawRun } from '@/db/client';
import { getGateContext } from '@/db/queries/publish';
import { addMember, createTeam } from '@/db/queries/teams';
import type { Viewer } from '@/db/queries/users';
import { events, teams } from '@/db/schema';
import { DEMO_LIFECYCLE } from '@/db/seed-data';
import type { DecisionContentInput } from '@/lib/validation/decision';
import { stricterPolicy } from '@/lib/gate/policy';
import { defaultPolicy, defaultPolicyFloor } from '@/lib/validation/policy';
import { call, serveRoutesFrom, tokenFor } from './helpers/api';
import { makeWorkspace, testDb } from './helpers/db';
import { createDemoMetrics } from './helpers/publishing';

/*
 * The organisation's policy floor: org admins set it (API and settings page
 * action share updatePolicyFloor); team policies cannot be saved below it; a team
 * policy stored before the floor was raised is evaluated at the floor.
 */

const DAY = 24 * 3600e3;
const db = await testDb();
serveRoutesFrom(db);
const ws = await makeWorkspace(db); // admin: org admin; pm, ds, eng, designer: members of ws.team
await createDemoMetrics(db, ws.ds);

const tokens = new Map<string, string>();
for (const u of [ws.admin, ws.pm, ws.ds, ws.eng]) tokens.set(u.id, await tokenFor(db, u));
const tok = (u: Viewer) => tokens.get(u.id)!;

const getFloor = (who: Viewer = ws.pm) => call(floorRoute.GET, { token: tok(who) });
const putFloor = (body: unknown, who: Viewer = ws.admin) => call(floorRoute.PUT, { method: 'PUT', token: tok(who), body });
const putPolicy = (slug: string, body: unknown, who: Viewer = ws.admin) => call(policyRoute.PUT, { method: 'PUT', token: tok(who), params: { slug }, body });
const getPolicy = (slug: string) => call(policyRoute.GET, { token: tok(ws.pm), params: { slug } });

const isoDay = (daysFromNow: number) => new Date(Date.now() + daysFromNow * DAY).toISOString().slice(0, 10);
const BASE = DEMO_LIFECYCLE[0]!.revisions[0]!.content;
const CONTENT: DecisionContentInput = { ...BASE, dataSources: [{ ...BASE.dataSources![0]!, windowStart: isoDay(-38), windowEnd: isoDay(-11) }], outcomeReviewDate: isoDay(90) };

async function circulated(team: string): Promise<string> {
  const r = await call(decisionsRoute.POST, { token: tok(ws.pm), body: { team, content: CONTENT } });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  const id = String(r.body.id);
  expect((await call(circulateRoute.POST, { token: tok(ws.pm), params: { id }, body: { reviewers: [ws.ds.email] } })).status).toBe(200);
  return id;
}
const check = (r: { body: { checks: { id: string; ok: boolean; message: string }[] } }, id: string) => r.body.checks.find((c) => c.id === id)!;

async function newTeam(slug: string) {
  const team = await createTeam(db, ws.admin, { slug, name: slug });
  for (const u of [ws.pm, ws.ds]) await addMember(db, ws.admin, slug, { email: u.email });
  return team;
}

describe('the policy floor over the API', () => {
  it('starts at the default floor, readable by anyone signed in', async () => {
    const r = await getFloor();
    expect(r.status).toBe(200);
    expect(r.body).toEqual(defaultPolicyFloor());
    expect(r.body).toMatchObject({ crossFunctionalApprovals: 1, minHoursInReview: 0, lintLevels: { 'lint.sample-size': 'error', 'lint.methodology-window': 'warning' } });
    expect((await call(floorRoute.GET, {})).status).toBe(401);
  });

  it('lets only org admins change it (403 otherwise), and refuses invalid values with an issue per field', async () => {
    const denied = await putFloor({ crossFunctionalApprovals: 0 }, ws.eng);
    expect(denied.status).toBe(403);
    expect(denied.body.error.message).toBe('Only an organisation admin can change the policy floor');

    const bad = await putFloor({ crossFunctionalApprovals: -1, minWords: { title: 0 }, lintLevels: { 'lint.sample-size': 'off' }, surprise: true });
    expect(bad.status).toBe(400);
    expect(bad.body.error.issues.map((i: { path: string }) => i.path).sort()).toEqual(['', 'crossFunctionalApprovals', 'lintLevels.lint.sample-size', 'minWords.title']);
    const unknown = await putFloor({ lintLevels: { 'lint.no-such-rule': 'error' } });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.issues).toEqual([{ path: 'lintLevels.lint.no-such-rule', message: expect.stringContaining('Unknown rule') }]);
    expect((await getFloor()).body).toEqual(defaultPolicyFloor());
  });

  it('refuses a team policy below the floor with one issue per offending setting naming the floor, changing nothing', async () => {
    const team = await newTeam('floor-a');
    const r = await putPolicy(team.slug, { crossFunctionalApprovals: 0, minWords: { title: 1, context: 3 }, lintLevels: { 'lint.sample-size': 'warning', 'lint.methodology-window': 'off', 'lint.srm-check': 'off' } });
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('invalid');
    expect(r.body.error.message).toBe('5 settings are below the organisation’s policy floor');
    expect(r.body.error.issues).toEqual([
      { path: 'crossFunctionalApprovals', message: 'The organisation’s floor is 1 cross-functional approval' },
      { path: 'lintLevels.lint.sample-size', message: 'The organisation’s floor keeps lint.sample-size an error' },
      { path: 'lintLevels.lint.methodology-window', message: 'The organisation’s floor keeps lint.methodology-window on (at least a warning)' },
      { path: 'minWords.title', message: 'The organisation’s floor is 2 words for the title' },
      { path: 'minWords.context', message: 'The organisation’s floor is 12 words for the context' },
    ]);
    expect((await getPolicy(team.slug)).body).toEqual(defaultPolicy());
    // What the floor allows still saves: 0 hours, a rule without a floor switched off.
    expect((await putPolicy(team.slug, { minHoursInReview: 0, lintLevels: { 'lint.srm-check': 'off' } })).status).toBe(200);
  });

  it('evaluates a team policy saved before the floor was raised at the floor, in readiness, the editor and publishing', async () => {
    const team = await newTeam('floor-b');
    // The floor allows a team without cross-functional approvals or metric-owner review…
    expect((await putFloor({ crossFunctionalApprovals: 0 })).status).toBe(200);
    expect((await putPolicy(team.slug, { minHoursInReview: 0, crossFunctionalApprovals: 0, requireMetricOwnerReview: false })).status).toBe(200);
    const id = await circulated(team.slug);
    expect((await call(readinessRoute.GET, { token: tok(ws.pm), params: { id } })).body.ready).toBe(true);

    // …until an org admin raises it: the stored team policy is untouched, the gate asks for the floor.
    expect((await putFloor({ crossFunctionalApprovals: 1, requireMetricOwnerReview: true })).status).toBe(200);
    expect((await getPolicy(team.slug)).body).toMatchObject({ crossFunctionalApprovals: 0, requireMetricOwnerReview: false });
    const r = await call(readinessRoute.GET, { token: tok(ws.pm), params: { id } });
    expect(r.body.ready).toBe(false);
    expect(check(r, 'critique.cross-functional').message).toBe('Needs 1 current approval from someone outside product (has 0)');
    expect(check(r, 'critique.metric-owners').ok).toBe(false);
    expect((await getGateContext(db, { id: Number(id), editorId: ws.pm.id })).policy).toMatchObject({ crossFunctionalApprovals: 1, requireMetricOwnerReview: true });
    const p = await call(publishRoute.POST, { method: 'POST', token: tok(ws.pm), params: { id } });
    expect(p.status).toBe(422);
    expect(p.body.error.checks.map((c: { id: string }) => c.id)).toEqual(['critique.cross-functional', 'critique.metric-owners']);

    // Saving the team policy again now names what must be raised.
    const again = await putPolicy(team.slug, { freshnessDays: 60 });
    expect(again.status).toBe(400);
    expect(again.body.error.issues.map((i: { path: string }) => i.path)).toEqual(['crossFunctionalApprovals', 'requireMetricOwnerReview']);
    expect((await putFloor({ crossFunctionalApprovals: 1, requireMetricOwnerReview: false })).status).toBe(200);
  });

  it('records a decision published with 0 cross-functional approvals, where the floor allows it, as relaxed', async () => {
    const team = await newTeam('floor-c');
    expect((await putFloor({ crossFunctionalApprovals: 0 })).status).toBe(200);
    expect((await putPolicy(team.slug, { minHoursInReview: 0, crossFunctionalApprovals: 0, requireMetricOwnerReview: false })).status).toBe(200);
    const id = await circulated(team.slug);
    expect((await call(publishRoute.POST, { method: 'POST', token: tok(ws.pm), params: { id } })).status).toBe(200);
    const d = (await call(decisionRoute.GET, { token: tok(ws.eng), params: { id } })).body;
    expect(d.publishedUnderPolicy.relaxed).toBe(true);
    expect(d.publishedUnderPolicy.relaxations[0]).toEqual({ setting: 'crossFunctionalApprovals', value: 0, default: 1, message: 'Published with 0 cross-functional approvals required (Candor’s default is 1)' });
    expect((await putFloor({ crossFunctionalApprovals: 1 })).status).toBe(200);
  });

  it('logs every floor change as an org.policy-floor-changed event with before and after', async () => {
    const rows = await db.select().from(events).where(eq(events.type, 'org.policy-floor-changed')).orderBy(asc(events.id));
    expect(rows.length).toBe(5);
    expect(rows.every((e) => e.actorId === ws.admin.id && e.teamId === null && e.decisionId === null)).toBe(true);
    const first = JSON.parse(rows[0]!.data);
    expect(first.before.crossFunctionalApprovals).toBe(1);
    expect(first.after.crossFunctionalApprovals).toBe(0);
  });

  it('falls back to the default floor, never to none, when the stored floor is unreadable', async () => {
    const team = await newTeam('floor-d');
    await rawRun(db, sql`UPDATE org_settings SET value = 'not json' WHERE key = 'policyFloor'`);
    expect((await getFloor()).body).toEqual(defaultPolicyFloor());
    expect((await putPolicy(team.slug, { crossFunctionalApprovals: 0 })).status).toBe(400);
    expect((await db.select({ policy: teams.policy }).from(teams).where(eq(teams.id, team.id)).limit(1))[0]!.policy).toBe('{}');
  });
});

describe('the stricter of two policies (a decision in review keeps the one it was circulated under)', () => {
  it('takes, setting by setting, whichever asks more, and never switches a rule off that either keeps on', () => {
    const circulated = { ...defaultPolicy(), crossFunctionalApprovals: 2, freshnessDays: 30, lintLevels: { 'lint.srm-check': 'error' as const }, minWords: { ...defaultPolicy().minWords, summary: 20 } };
    const now = { ...defaultPolicy(), minHoursInReview: 48, requireMetricOwnerReview: false, freshnessDays: 60, lintLevels: { 'lint.srm-check': 'off' as const, 'lint.peeking': 'off' as const, 'lint.novelty': 'error' as const } };
    const p = stricterPolicy(now, circulated);
    expect(p).toMatchObject({ minHoursInReview: 48, crossFunctionalApprovals: 2, requireMetricOwnerReview: true, freshnessDays: 30 });
    expect(p.minWords.summary).toBe(20);
    expect(p.lintLevels['lint.srm-check']).toBe('error');
    expect(p.lintLevels['lint.peeking']).toBe('warning'); // on by default when circulated: it stays on
    expect(p.lintLevels['lint.novelty']).toBe('error');
    expect(stricterPolicy(defaultPolicy(), defaultPolicy())).toMatchObject({ minHoursInReview: 24, crossFunctionalApprovals: 1, requireMetricOwnerReview: true });
  });
});
