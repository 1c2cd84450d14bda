import { eq } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import * as overrideRoute from '@/app/api/v1/comments/[id]/override/route';
import * as resolveRoute from '@/app/api/v1/comments/[id]/resolve/route';
import * as circulateRoute from '@/app/api/v1/decisions/[id]/circulate/route';
import * as commentsRoute from '@/app/api/v1/decisions/[id]/comments/route';
import * as exportRoute from '@/app/api/v1/decisions/[id]/export.md/route';
import * as publishRoute from '@/app/api/v1/decisions/[id]/publish/route';
import * as readinessRoute from '@/app/api/v1/decisions/[id]/readiness/route';
import * as reviewsRoute from '@/app/api/v1/decisions/[id]/reviews/route';
import * as decisionRoute from '@/app/api/v1/decisions/[id]/route';
import * as decisionsRoute from '@/app/api/v1/decisions/route';
import * as policyRoute from '@/app/api/v1/teams/[slug]/policy/route';
import * as returnToDraftRoute from '@/app/api/v1/decisions/[id]/return-to-draft/route';
import * as userRoute from '@/app/api/v1/users/[id]/route';
import { listThreads } from '@/db/queries/comments';
import { getDashboard } from '@/db/queries/dashboard';
import { listInbox } from '@/db/queries/inbox';
import { addAuthor, removeAuthor } from '@/db/queries/decisions';
import { listDecisions } from '@/db/queries/history';
import { getLifecycle } from '@/db/queries/publish';
import { addMember, createTeam } from '@/db/queries/teams';
import type { Viewer } from '@/db/queries/users';
import { comments, decisions, user } from '@/db/schema';
import { DEMO_LIFECYCLE } from '@/db/seed-data';
import { resetClock, setClock } from '@/lib/clock';
import type { DecisionContentInput } from '@/lib/validation/decision';
import { call, serveRoutesFrom, tokenFor } from './helpers/api';
import { makeUser, makeWorkspace, testDb } from './helpers/db';
import { createDemoMetrics } from './helpers/publishing';

/*
 * The gate cannot be gamed: an author (org admin or not) answers a blocking
 * objection only by override, which stays on the record; supersede stays within
 * a team's published decisions; a decision published under a relaxed policy says
 * so on its record, in lists, in the export and in the API.
 */

const HOUR = 3600e3;
const DAY = 24 * HOUR;

const db = await testDb();
serveRoutesFrom(db);
const ws = await makeWorkspace(db); // admin: org admin and admin of ws.team
const admin2 = await makeUser(db, { name: 'Ola Second-Admin', orgAdmin: true, function: 'engineering' });
await createDemoMetrics(db, ws.ds);
const otherTeam = await createTeam(db, ws.admin, { slug: 'logistics', name: 'Logistics' });
for (const u of [ws.pm, ws.ds]) await addMember(db, ws.admin, otherTeam.slug, { email: u.email });

// The author of the "what reviewers approved" tests, whose dashboard holds only those decisions.
const pm2 = await makeUser(db, { name: 'Pat Second-PM', function: 'product' });
await addMember(db, ws.admin, ws.team.slug, { email: pm2.email });

const tokens = new Map<string, string>();
for (const u of [ws.admin, admin2, ws.pm, ws.ds, ws.eng, pm2]) tokens.set(u.id, await tokenFor(db, u));
const tok = (u: Viewer) => tokens.get(u.id)!;

let offset = 0;
function advance(hours: number) {
  offset += hours * HOUR;
  const by = offset;
  setClock(() => Date.now() + by);
}
afterEach(() => {
  offset = 0;
  resetClock();
});

const isoDay = (daysFromNow: number) => new Date(Date.now() + daysFromNow * DAY).toISOString().slice(0, 10);
const BASE = DEMO_LIFECYCLE[0]!.revisions[0]!.content;
const CONTENT: DecisionContentInput = { ...BASE, dataSources: [{ ...BASE.dataSources![0]!, windowStart: isoDay(-38), windowEnd: isoDay(-11) }], outcomeReviewDate: isoDay(90) };
const RATIONALE = 'We proceed: the holdout will show within four weeks whether the effect fades, and switching back is a configuration change.';

async function draft(author: Viewer = ws.pm, team = ws.team.slug, patch: Partial<DecisionContentInput> = {}): Promise<string> {
  const r = await call(decisionsRoute.POST, { token: tok(author), body: { team, content: { ...CONTENT, ...patch } } });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return String(r.body.id);
}
async function circulate(id: string, author: Viewer = ws.pm) {
  const r = await call(circulateRoute.POST, { token: tok(author), params: { id }, body: { reviewers: [ws.ds.email] } });
  expect(r.status, JSON.stringify(r.body)).toBe(200);
}
async function approve(id: string) {
  const r = await call(reviewsRoute.POST, { token: tok(ws.ds), params: { id }, body: { verdict: 'approve', body: 'The test design is sound and the guardrail holds.' } });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
}
async function blocking(id: string, who: Viewer = ws.ds, body = 'The window includes the Easter holidays; please exclude them before we publish.'): Promise<string> {
  const r = await call(commentsRoute.POST, { token: tok(who), params: { id }, body: { section: 'methodology', kind: 'blocking', body } });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return String(r.body.id);
}
const resolve = (threadId: string, who: Viewer) => call(resolveRoute.POST, { method: 'POST', token: tok(who), params: { id: threadId }, body: { note: 'Fixed in the latest revision.' } });
const override = (threadId: string, who: Viewer) => call(overrideRoute.POST, { method: 'POST', token: tok(who), params: { id: threadId }, body: { rationale: RATIONALE } });
const publish = (id: string, who: Viewer = ws.pm, body?: Record<string, unknown>) => call(publishRoute.POST, { method: 'POST', token: tok(who), params: { id }, body });
const getDecision = async (id: string) => (await call(decisionRoute.GET, { token: tok(ws.eng), params: { id } })).body;
const readiness = (id: string, who: Viewer = ws.pm) => call(readinessRoute.GET, { token: tok(who), params: { id } });

/** In review, approved by the owner of both metrics, 25 hours on: ready to publish. */
async function ready(author: Viewer = ws.pm, team = ws.team.slug): Promise<string> {
  const id = await draft(author, team);
  await circulate(id, author);
  await approve(id);
  advance(25);
  const r = await readiness(id, author);
  expect(r.body.ready, JSON.stringify(r.body.checks?.filter((c: { ok: boolean }) => !c.ok))).toBe(true);
  return id;
}
async function published(author: Viewer = ws.pm, team = ws.team.slug): Promise<string> {
  const id = await ready(author, team);
  const r = await publish(id, author);
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return id;
}

describe('blocking objections on a decision its author administers', () => {
  it('refuses an org admin who authors the decision a plain resolve (API and the page’s buttons), and keeps their override as recorded dissent', async () => {
    const id = await draft(ws.admin);
    await circulate(id, ws.admin);
    const thread = await blocking(id);

    const r = await resolve(thread, ws.admin);
    expect(r.status).toBe(403);
    expect(r.body.error.code).toBe('forbidden');
    expect(r.body.error.message).toMatch(/author of this decision.*override it with a rationale/);

    // The page offers the author Override, not Resolve; another org admin may not make it vanish either.
    const asAuthor = (await listThreads(db, { id: Number(id), viewer: ws.admin })).find((t) => t.id === Number(thread))!;
    expect(asAuthor.state).toBe('open');
    expect(asAuthor.can).toMatchObject({ resolve: false, override: true });
    const asOtherAdmin = (await listThreads(db, { id: Number(id), viewer: admin2 })).find((t) => t.id === Number(thread))!;
    expect(asOtherAdmin.can).toMatchObject({ resolve: false, override: false });

    // The gate still counts the objection as open.
    await approve(id);
    advance(25);
    const blocked = await readiness(id, ws.admin);
    expect(blocked.body.checks.find((c: { id: string }) => c.id === 'objections.answered').ok).toBe(false);

    expect((await override(thread, ws.admin)).status).toBe(200);
    expect((await publish(id, ws.admin)).status).toBe(200);
    const life = await getLifecycle(db, { id: Number(id) });
    expect(life.snapshot!.dissent.overridden).toEqual([expect.objectContaining({ commentId: Number(thread), author: 'Dev Data', by: 'Olga Admin', rationale: RATIONALE })]);
  });

  it('refuses a co-author who raised the objection themselves a plain resolve too', async () => {
    const id = await draft(ws.pm);
    await circulate(id);
    const thread = await blocking(id, ws.pm, 'Self-check: we have not excluded the bank holiday week from the window.');
    expect((await resolve(thread, ws.pm)).status).toBe(403);
  });

  it('lets only the objector withdraw an objection; an org admin who is not an author is refused too', async () => {
    const id = await draft(ws.pm);
    await circulate(id);
    const withdrawn = await blocking(id);
    const standing = await blocking(id, ws.eng, 'Engineering cannot support Monday sends during the freeze; hold this until the freeze ends.');
    expect((await resolve(withdrawn, ws.ds)).status).toBe(200);
    const byAdmin = await resolve(standing, admin2);
    expect(byAdmin.status).toBe(403);
    expect(byAdmin.body.error.message).toMatch(/Only the person who raised a blocking objection/);
    await approve(id);
    advance(25);
    const blocked = await readiness(id);
    expect(blocked.body.checks.find((c: { id: string }) => c.id === 'objections.answered').ok).toBe(false);
  });

  it('refuses an org-admin author who steps out of the author list to resolve and steps back in', async () => {
    const id = await draft(ws.admin);
    await circulate(id, ws.admin);
    const thread = await blocking(id);
    await addAuthor(db, ws.admin, { id: Number(id), email: ws.pm.email });
    await removeAuthor(db, ws.admin, { id: Number(id), email: ws.admin.email });
    const r = await resolve(thread, ws.admin);
    expect(r.status).toBe(403);
    expect((await listThreads(db, { id: Number(id), viewer: ws.admin })).find((t) => t.id === Number(thread))!.state).toBe('open');
  });

  it('keeps an objection an author closed before this rule (stored as resolved by them) in the recorded dissent', async () => {
    const id = await draft(ws.pm);
    await circulate(id);
    const thread = await blocking(id);
    // As data written by an earlier version of Candor would be.
    await db.update(comments).set({ state: 'resolved', stateBy: ws.pm.id, stateAt: Date.now(), stateNote: null }).where(eq(comments.id, Number(thread)));
    await approve(id);
    advance(25);
    expect((await publish(id)).status).toBe(200);
    const dissent = (await getLifecycle(db, { id: Number(id) })).snapshot!.dissent.overridden;
    expect(dissent).toEqual([expect.objectContaining({ commentId: Number(thread), by: 'Priya PM', resolved: true, rationale: '' })]);
  });
});

describe('supersede', () => {
  it('refuses superseding another team’s published decision with a precise 400, changing nothing', async () => {
    const theirs = await published(ws.pm, otherTeam.slug);
    const mine = await ready();
    const r = await publish(mine, ws.pm, { supersedes: Number(theirs) });
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('invalid');
    expect(r.body.error.message).toBe(`Decision #${theirs} belongs to Logistics; a decision can only supersede a published decision of its own team (${ws.team.name})`);
    expect(r.body.error.issues).toEqual([{ path: 'supersedes', message: 'Not a decision of this team' }]);
    expect((await getDecision(theirs)).status).toBe('published');
    expect((await getDecision(mine)).status).toBe('in-review');
  });

  it('refuses a missing decision (404) and an unpublished one (409)', async () => {
    const mine = await ready();
    const missing = await publish(mine, ws.pm, { supersedes: 987654 });
    expect(missing.status).toBe(404);
    expect(missing.body.error.message).toBe('There is no decision #987654 to supersede');
    const aDraft = await draft();
    const notPublished = await publish(mine, ws.pm, { supersedes: Number(aDraft) });
    expect(notPublished.status).toBe(409);
    expect(notPublished.body.error.message).toContain('only a published decision can be superseded');
    expect((await getDecision(mine)).status).toBe('in-review');
  });

  it('refuses a supersede that would close a cycle', async () => {
    const old = await published();
    const next = await ready();
    // An imported chain can already point the old record at this one.
    await db.update(decisions).set({ supersedesId: Number(next) }).where(eq(decisions.id, Number(old)));
    const r = await publish(next, ws.pm, { supersedes: Number(old) });
    expect(r.status).toBe(400);
    expect(r.body.error.message).toContain('superseding it would make a cycle');
    expect((await getDecision(old)).status).toBe('published');
  });

  it('still supersedes a published decision of the same team', async () => {
    const old = await published();
    const next = await ready();
    const r = await publish(next, ws.pm, { supersedes: Number(old) });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect((await getDecision(old)).status).toBe('superseded');
  });
});

describe('the policy in force at publish', () => {
  it('records a relaxed policy and says so in the API, the history list and the export; a default-policy decision says nothing', async () => {
    const strict = await published();
    const strictBody = await getDecision(strict);
    expect(strictBody.publishedUnderPolicy).toEqual({ relaxed: false, relaxations: [], policy: expect.objectContaining({ crossFunctionalApprovals: 1, minHoursInReview: 24 }) });

    const team = await createTeam(db, ws.admin, { slug: 'fast-lane', name: 'Fast lane' });
    for (const u of [ws.pm, ws.ds]) await addMember(db, ws.admin, team.slug, { email: u.email });
    const put = await call(policyRoute.PUT, { method: 'PUT', token: tok(ws.admin), params: { slug: team.slug }, body: { minHoursInReview: 0, requireMetricOwnerReview: false, lintLevels: { 'lint.srm-check': 'off' } } });
    expect(put.status, JSON.stringify(put.body)).toBe(200);
    const id = await draft(ws.pm, team.slug);
    await circulate(id);
    await approve(id);
    expect((await publish(id)).status).toBe(200);

    const body = await getDecision(id);
    expect(body.publishedUnderPolicy.relaxed).toBe(true);
    expect(body.publishedUnderPolicy.relaxations.map((r: { message: string }) => r.message)).toEqual([
      'Critics were given 0 hours in review (Candor’s default is 24)',
      'Metric owners’ review was not required (Candor requires it by default)',
      'Lint rule lint.srm-check was switched off (Candor’s default is a warning)',
    ]);
    expect(body.publishedUnderPolicy.policy).toMatchObject({ minHoursInReview: 0, requireMetricOwnerReview: false, crossFunctionalApprovals: 1 });

    const rows = (await listDecisions(db, ws.eng, { limit: '100' })).items;
    expect(rows.find((d) => d.id === Number(id))!.publishedRelaxed).toBe(true);
    expect(rows.find((d) => d.id === Number(strict))!.publishedRelaxed).toBe(false);

    const md = (await call(exportRoute.GET, { token: tok(ws.eng), params: { id }, path: `/api/v1/decisions/${id}/export.md` })).body as string;
    expect(md).toContain('candor-relaxed-policy:');
    expect(md).toContain("> Published under a relaxed policy, weaker than Candor's default publish gate:");
    expect(md).toContain('> - Critics were given 0 hours in review (Candor’s default is 24)');
    const strictMd = (await call(exportRoute.GET, { token: tok(ws.eng), params: { id: strict }, path: `/api/v1/decisions/${strict}/export.md` })).body as string;
    expect(strictMd).not.toContain('relaxed');
  });

  it('shows nothing for a decision published before the policy was recorded', async () => {
    const id = await published();
    await db.update(decisions).set({ publishPolicy: null, publishedRelaxed: false }).where(eq(decisions.id, Number(id)));
    expect((await getDecision(id)).publishedUnderPolicy).toBeNull();
    expect((await getLifecycle(db, { id: Number(id) })).publishedUnderPolicy).toBeNull();
  });
});

describe('what reviewers approved is what gets published', () => {
  const save = async (id: string, patch: Partial<DecisionContentInput>) => {
    const r = await call(decisionRoute.PATCH, { method: 'PATCH', token: tok(pm2), params: { id }, body: { baseRevision: (await getDecision(id)).revision, content: patch } });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    return r.body;
  };
  /** The failing checks, which the author's dashboard ("My decisions in review") must show alike. */
  const failing = async (id: string) => {
    const r = (await readiness(id, pm2)).body;
    const checks = (r.checks as { id: string; ok: boolean; message: string }[]).filter((c) => !c.ok);
    const mine = (await getDashboard(db, pm2)).inReview.items.find((d) => d.id === Number(id));
    if (r.status === 'in-review') expect(mine!.gate.missing.map((m) => [m.id, m.message])).toEqual(checks.map((c) => [c.id, c.message]));
    return checks;
  };
  const setPolicy = (body: Record<string, unknown>) => call(policyRoute.PUT, { method: 'PUT', token: tok(ws.admin), params: { slug: ws.team.slug }, body });

  it('makes approvals stale when the decision itself is rewritten after them, so a flipped decision is not published on them', async () => {
    const id = await ready(pm2);
    const flipped = CONTENT.options!.map((o) => ({ ...o, chosen: !o.chosen }));
    await save(id, { decision: 'We will not ship this change; we keep the current flow for another quarter and revisit.', options: flipped });
    const checks = await failing(id);
    expect(checks.map((c) => c.id)).toEqual(expect.arrayContaining(['critique.cross-functional']));
    expect((await publish(id, pm2)).status).toBe(422);
    // The reviewer is told their approval no longer counts; a save that changes nothing they judged tells no one.
    const stale = async () => (await listInbox(db, ws.ds, {})).items.filter((n) => n.kind === 'verdict-stale' && n.decision?.id === Number(id));
    expect(await stale()).toEqual([expect.objectContaining({ actor: expect.objectContaining({ name: pm2.name }) })]);
    await save(id, { risks: 'Support load in the first week.' });
    expect(await stale()).toHaveLength(1);
  });

  it('holds a metric owner who co-wrote the record to the evidence as they left it: changed by someone else, it waits for them to save it again', async () => {
    const id = await draft(pm2);
    await addAuthor(db, pm2, { id: Number(id), email: ws.ds.email });
    const saveAs = async (who: Viewer, patch: Partial<DecisionContentInput>) => {
      const r = await call(decisionRoute.PATCH, { method: 'PATCH', token: tok(who), params: { id }, body: { baseRevision: (await getDecision(id)).revision, content: patch } });
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      return r.body.revision as number;
    };
    const owned = await saveAs(ws.ds, { methodology: `${CONTENT.methodology} Dev re-checked the sample ratio.` });
    const c = await call(circulateRoute.POST, { token: tok(pm2), params: { id }, body: { reviewers: [ws.eng.email] } });
    expect(c.status, JSON.stringify(c.body)).toBe(200);
    const engApproves = async () => expect((await call(reviewsRoute.POST, { token: tok(ws.eng), params: { id }, body: { verdict: 'approve', body: 'The rollout plan is sound.' } })).status).toBe(201);
    await engApproves();
    advance(25);
    expect(await failing(id)).toEqual([]);

    // The other author rewrites the evidence: the owner's writing no longer vouches for it.
    const changed = await saveAs(pm2, { methodology: `${CONTENT.methodology} We dropped the first week as novelty.` });
    await engApproves();
    advance(25);
    expect(await failing(id)).toEqual([
      expect.objectContaining({
        id: 'critique.metric-owners',
        message: `${ws.ds.name} owns Weekly active buyers and Email unsubscribe rate and last vouched for its evidence at revision ${owned}, before its sources, methodology, metrics or evidence changed: they vouch for it as it stands with “Vouch for the evidence” on the decision page`,
      }),
    ]);
    expect((await publish(id, pm2)).status).toBe(422);
    // The owner saves it as it stands (here a line of context, which is not material): that vouches for it, and no verdict goes stale.
    expect(await saveAs(ws.ds, { context: `${CONTENT.context} Checked by the metrics' owner.` })).toBe(changed + 1);
    expect(await failing(id)).toEqual([]);
    expect((await publish(id, pm2)).status).toBe(200);
  });

  it('restarts the review window on a material change: a stub circulated early cannot use it up', async () => {
    const id = await draft(pm2);
    await circulate(id, pm2);
    advance(30);
    await save(id, { methodology: `${CONTENT.methodology} We re-ran the analysis on the full population after the first week.` });
    await approve(id);
    const window = (await failing(id)).find((c) => c.id === 'critique.circulated');
    expect(window?.message).toMatch(/^Changed less than an hour ago in what reviewers judge .*critics get at least 24 hours with what will be published — publishable from /);
    expect((await publish(id, pm2)).status).toBe(422);
    advance(25);
    expect(await failing(id)).toEqual([]);
    expect((await readiness(id)).body.checks.find((c: { id: string }) => c.id === 'critique.circulated').message).toBe('In review for 2 days, 25 hours since the last material change (team minimum: 24 hours)');
    // A change that isn't material (the context) doesn't restart it.
    await save(id, { context: `${CONTENT.context} Support tickets about the form doubled in March.` });
    expect(await failing(id)).toEqual([]);
  });

  it('keeps a request for changes standing through a save that only re-spaces the text', async () => {
    const id = await ready(pm2);
    const asked = await call(reviewsRoute.POST, { token: tok(ws.eng), params: { id }, body: { verdict: 'request-changes', body: 'Exclude the holiday week before we publish.' } });
    expect(asked.status).toBe(201);
    const before = (await getDecision(id)).revision;
    const saved = await save(id, { methodology: CONTENT.methodology!.replace('. ', '.\n\n') });
    expect(saved.revision).toBe(before + 1);
    expect((await failing(id)).map((c) => c.id)).toEqual(['reviews.no-changes-requested']);
    expect((await call(reviewsRoute.GET, { token: tok(pm2), params: { id } })).body.filter((r: { stale: boolean }) => r.stale)).toEqual([]);
  });

  it('judges a decision in review by the stricter of the policy it was circulated under and today’s', async () => {
    try {
      expect((await setPolicy({ crossFunctionalApprovals: 2 })).status).toBe(200);
      const id = await draft(pm2);
      await circulate(id, pm2);
      await approve(id);
      advance(25);
      expect((await failing(id)).map((c) => c.id)).toEqual(['critique.cross-functional']);
      // Relaxing the team's policy now doesn't relax it for this decision…
      expect((await setPolicy({ crossFunctionalApprovals: 1 })).status).toBe(200);
      expect((await failing(id)).map((c) => c.id)).toEqual(['critique.cross-functional']);
      expect((await publish(id, pm2)).status).toBe(422);
      // …tightening it does apply…
      expect((await setPolicy({ minHoursInReview: 48 })).status).toBe(200);
      expect((await failing(id)).map((c) => c.id)).toEqual(['critique.circulated', 'critique.cross-functional']);
      expect((await setPolicy({ minHoursInReview: 24 })).status).toBe(200);
      // …and circulating it again (a new review, with its full window) puts it under today's.
      expect((await call(returnToDraftRoute.POST, { method: 'POST', token: tok(pm2), params: { id } })).status).toBe(200);
      await circulate(id, pm2);
      expect((await failing(id)).map((c) => c.id)).toEqual(['critique.circulated']);
      advance(25);
      expect(await failing(id)).toEqual([]);
      expect((await getDecision(id)).publishedUnderPolicy).toBeNull();
      expect((await publish(id, pm2)).status).toBe(200);
      expect((await getDecision(id)).publishedUnderPolicy.policy).toMatchObject({ crossFunctionalApprovals: 1, minHoursInReview: 24 });
    } finally {
      await setPolicy({ crossFunctionalApprovals: 1, minHoursInReview: 24 });
    }
  });

  it('counts a verdict by the reviewer’s function now: relabelled to the author’s function, their approval is not cross-functional', async () => {
    const id = await ready(pm2);
    const relabel = (fn: string) => call(userRoute.PATCH, { method: 'PATCH', token: tok(admin2), params: { id: ws.ds.id }, body: { function: fn } });
    try {
      expect((await relabel('product')).status).toBe(200);
      expect((await failing(id)).map((c) => c.id)).toEqual(['critique.cross-functional']);
    } finally {
      expect((await relabel('data-science')).status).toBe(200);
    }
    expect(await failing(id)).toEqual([]);
  });

  it('does not count an approval from someone whose function nobody has set (open sign-up) until an org admin saves it', async () => {
    const newcomer = await makeUser(db, { name: 'Nell Newcomer', function: 'other' });
    await db.update(user).set({ functionConfirmed: false }).where(eq(user.id, newcomer.id));
    tokens.set(newcomer.id, await tokenFor(db, newcomer));
    const id = await draft(pm2);
    expect((await call(circulateRoute.POST, { token: tok(pm2), params: { id }, body: { reviewers: [newcomer.email, ws.ds.email] } })).status).toBe(200);
    const review = (who: Viewer, verdict: string) => call(reviewsRoute.POST, { token: tok(who), params: { id }, body: { verdict, body: 'Read the whole record and the test design.' } });
    expect((await review(newcomer, 'approve')).status).toBe(201);
    expect((await review(ws.ds, 'comment')).status).toBe(201);
    advance(25);
    const checks = await failing(id);
    expect(checks.map((c) => c.id)).toEqual(['critique.cross-functional']);
    expect(checks[0]!.message).toBe('Needs 1 current approval from someone outside product (has 0); Nell Newcomer’s approval counts once an organisation admin sets their function (now unconfirmed)');
    // An org admin saves the function as it is: confirmed, and the approval counts.
    expect((await call(userRoute.PATCH, { method: 'PATCH', token: tok(ws.admin), params: { id: newcomer.id }, body: { function: 'other' } })).status).toBe(200);
    expect(await failing(id)).toEqual([]);
  });

  it('counts the functions of everyone who wrote the record as its authors’: a product author who steps off the author list does not make a product approval cross-functional', async () => {
    const id = await draft(ws.pm);
    await addAuthor(db, ws.pm, { id: Number(id), email: ws.eng.email });
    await removeAuthor(db, ws.pm, { id: Number(id), email: ws.pm.email });
    expect((await call(circulateRoute.POST, { token: tok(ws.eng), params: { id }, body: { reviewers: [pm2.email, ws.ds.email] } })).status).toBe(200);
    const review = (who: Viewer, verdict: string) => call(reviewsRoute.POST, { token: tok(who), params: { id }, body: { verdict, body: 'Read the whole record and the test design.' } });
    expect((await review(pm2, 'approve')).status).toBe(201);
    expect((await review(ws.ds, 'comment')).status).toBe(201);
    advance(25);
    const checks = ((await readiness(id, ws.eng)).body.checks as { id: string; ok: boolean; message: string }[]).filter((c) => !c.ok);
    expect(checks.map((c) => c.id)).toEqual(['critique.cross-functional']);
    expect(checks[0]!.message).toBe('Needs 1 current approval from someone outside engineering and product (has 0)');
    const mine = (await getDashboard(db, ws.eng)).inReview.items.find((d) => d.id === Number(id));
    expect(mine!.gate.missing.map((m) => m.id)).toEqual(['critique.cross-functional']);
    expect((await publish(id, ws.eng)).status).toBe(422);
  });
});
