import { describe, expect, it } from 'vitest';
import * as commentRoute from '@/app/api/v1/comments/[id]/route';
import * as overrideRoute from '@/app/api/v1/comments/[id]/override/route';
import * as reopenRoute from '@/app/api/v1/comments/[id]/reopen/route';
import * as resolveRoute from '@/app/api/v1/comments/[id]/resolve/route';
import * as authorRoute from '@/app/api/v1/decisions/[id]/authors/[email]/route';
import * as authorsRoute from '@/app/api/v1/decisions/[id]/authors/route';
import * as circulateRoute from '@/app/api/v1/decisions/[id]/circulate/route';
import * as commentsRoute from '@/app/api/v1/decisions/[id]/comments/route';
import * as eventsRoute from '@/app/api/v1/decisions/[id]/events/route';
import * as linkRoute from '@/app/api/v1/decisions/[id]/links/[other]/route';
import * as linksRoute from '@/app/api/v1/decisions/[id]/links/route';
import * as readinessRoute from '@/app/api/v1/decisions/[id]/readiness/route';
import * as returnRoute from '@/app/api/v1/decisions/[id]/return-to-draft/route';
import * as withdrawRoute from '@/app/api/v1/decisions/[id]/withdraw/route';
import * as vouchesRoute from '@/app/api/v1/decisions/[id]/vouches/route';
import * as reviewsRoute from '@/app/api/v1/decisions/[id]/reviews/route';
import * as decisionRoute from '@/app/api/v1/decisions/[id]/route';
import * as decisionsRoute from '@/app/api/v1/decisions/route';
import * as feedRoute from '@/app/api/v1/feed/route';
import * as inboxReadRoute from '@/app/api/v1/inbox/read/route';
import * as inboxRoute from '@/app/api/v1/inbox/route';
import { loadFacts, loadVouches } from '@/db/queries/facts';
import { countNeedsMyReview } from '@/db/queries/feed';
import { notificationTarget } from '@/db/queries/inbox';
import { and, eq, isNull } from 'drizzle-orm';
import { events } from '@/db/schema';
import { createMetric, getMetric, updateMetric } from '@/db/queries/metrics';
import { listRequests, listReviews } from '@/db/queries/review';
import { addMember, removeMember } from '@/db/queries/teams';
import { setUserActive, type Viewer } from '@/db/queries/users';
import { needsReview } from '@/lib/review';
import { call, serveRoutesFrom, tokenFor, type CallResult } from './helpers/api';
import { makeUser, makeWorkspace, refusal, testDb } from './helpers/db';

/*
 * The critique API end to end, over a real migrated SQLite file: circulating,
 * threads, resolve / reopen / override, verdicts and staleness, the review
 * feed, the inbox and the activity log — with people of several functions.
 */

const db = await testDb();
serveRoutesFrom(db);
const ws = await makeWorkspace(db);
const eng2 = await makeUser(db, { name: 'Erin Engineer', function: 'engineering' });
const designer2 = await makeUser(db, { name: 'Drew Designer', function: 'design' });
await createMetric(db, ws.ds, { key: 'checkout_conversion', name: 'Checkout conversion', definition: 'Orders divided by checkout sessions.', kind: 'primary', ownerEmail: ws.ds.email });

const people = { admin: ws.admin, pm: ws.pm, ds: ws.ds, eng: ws.eng, designer: ws.designer, outsider: ws.outsider, eng2, designer2 };
type Who = keyof typeof people;
const tokens = new Map<string, string>();
for (const u of Object.values(people)) tokens.set(u.id, await tokenFor(db, u));
const tok = (u: Viewer) => tokens.get(u.id) ?? '';
const T = Object.fromEntries(Object.entries(people).map(([k, u]) => [k, tok(u)])) as Record<Who, string>;

const metricRef = { key: 'checkout_conversion', role: 'primary', expectedDirection: 'increase', expectedEffect: '+2 %' };
const content = {
  summary: 'One page instead of three; +3 % conversion in a four-week test.',
  context: 'Checkout has three steps and a 38 % drop-off.',
  decision: 'Ship it to all web traffic.',
  dataSources: [{ name: 'Checkout A/B', kind: 'ab-test', link: 'https://exp.example.com/412', windowStart: '2026-09-01', windowEnd: '2026-09-28', sampleSize: 48210 }],
  methodology: 'Two-sided test of proportions over four weeks on all web sessions.',
  metrics: [metricRef],
  evidence: [{ metric: 'checkout_conversion', baseline: 0.41, observed: 0.42, relativeChange: 3.1, ciLow: 1.4, ciHigh: 4.8 }],
  risks: 'Payment errors surface on the same page.',
};

// ——— small helpers over the route handlers ———

async function draft(title: string, extra: Record<string, unknown> = {}, token = T.pm, team = ws.team.slug): Promise<string> {
  const r = await call(decisionsRoute.POST, { token, body: { team, content: { ...content, title, ...extra } } });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return String(r.body.id);
}
const circulate = (id: string, body: Record<string, unknown> = {}, token = T.pm) => call(circulateRoute.POST, { token, params: { id }, body });
async function inReview(title: string, body: Record<string, unknown> = { reviewers: [ws.eng.email] }, extra: Record<string, unknown> = {}): Promise<string> {
  const id = await draft(title, extra);
  const r = await circulate(id, body);
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return id;
}
async function edit(id: string, patch: Record<string, unknown>, token = T.pm): Promise<CallResult> {
  const current = await call(decisionRoute.GET, { token, params: { id } });
  const r = await call(decisionRoute.PATCH, { method: 'PATCH', token, params: { id }, body: { baseRevision: current.body.revision, content: patch } });
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r;
}
const comment = (id: string, token: string, body: Record<string, unknown>) => call(commentsRoute.POST, { token, params: { id }, body });
async function newThread(id: string, token: string, body: Record<string, unknown>): Promise<string> {
  const r = await comment(id, token, body);
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return String(r.body.id);
}
const threads = async (id: string, token = T.pm) => (await call(commentsRoute.GET, { token, params: { id } })).body;
const threadOf = async (id: string, threadId: string, token = T.pm) => (await threads(id, token)).find((t: { id: number }) => String(t.id) === threadId);
const review = (id: string, token: string, verdict: string, body?: string) => call(reviewsRoute.POST, { token, params: { id }, body: body === undefined ? { verdict } : { verdict, body } });
const reviewsOf = async (id: string) => (await call(reviewsRoute.GET, { token: T.ds, params: { id } })).body;
const resolve = (threadId: string, token: string, body?: Record<string, unknown>) => call(resolveRoute.POST, { token, params: { id: threadId }, body });
const reopen = (threadId: string, token: string) => call(reopenRoute.POST, { method: 'POST', token, params: { id: threadId } });
const override = (threadId: string, token: string, rationale: unknown) => call(overrideRoute.POST, { token, params: { id: threadId }, body: { rationale } });
const RATIONALE = 'We proceed: the holiday week was excluded and the effect held in both halves.';

/** Every item of a feed tab, walking all pages. */
async function feedItems(token: string, tab: string) {
  const items: { id: number; lastActivityAt: string; reasons: { kind: string; since: string }[]; ownMetrics: string[] }[] = [];
  let cursor: string | null = null;
  do {
    const r: CallResult = await call(feedRoute.GET, { token, path: `/api/v1/feed?tab=${tab}&limit=100${cursor ? `&cursor=${cursor}` : ''}` });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    items.push(...r.body.items);
    cursor = r.body.nextCursor;
  } while (cursor);
  return items;
}
const feedIds = async (token: string, tab: string) => (await feedItems(token, tab)).map((i) => String(i.id));
const needsMe = async (who: Who, id: string) => (await feedIds(T[who], 'needs-my-review')).includes(id);
/** Why the decision is under the person's "needs my review" (undefined: it isn't). */
const whyMe = async (who: Who, id: string) => (await feedItems(T[who], 'needs-my-review')).find((i) => String(i.id) === id)?.reasons.map((r) => r.kind);

type InboxItem = { id: number; kind: string; decision: { id: number; title: string; status: string } | null; comment: { id: number; excerpt: string } | null; actor: { name: string } | null; read: boolean };
async function inbox(token: string, query = ''): Promise<{ items: InboxItem[]; unread: number }> {
  const r = await call(inboxRoute.GET, { token, path: `/api/v1/inbox?limit=100${query}` });
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body;
}
/** The kinds of notifications a person has about one decision, newest first. */
const inboxKinds = async (token: string, id: string) => (await inbox(token)).items.filter((n) => String(n.decision?.id) === id).map((n) => n.kind);

describe('circulating a draft for critique', () => {
  it('circulates to people by email and to a function, and requests the owner of a cited metric automatically', async () => {
    const id = await draft('Circulate me');
    const r = await circulate(id, { reviewers: [ws.eng.email], functions: ['design'] });
    expect(r.status).toBe(200);
    expect(r.body.status).toBe('in-review');
    expect(r.body.requests).toHaveLength(3);
    expect(r.body.requests).toEqual(
      expect.arrayContaining([
        { person: { name: 'Eli Eng', email: ws.eng.email, function: 'engineering' }, reason: 'author', open: true },
        { function: 'design', open: true },
        { person: { name: 'Dev Data', email: ws.ds.email, function: 'data-science' }, reason: 'metric-owner', open: true },
      ]),
    );
    expect((await call(decisionRoute.GET, { token: T.ds, params: { id } })).body.status).toBe('in-review');
  });

  it('matches reviewer emails whatever their case', async () => {
    const r = await circulate(await draft('Shouting emails'), { reviewers: [ws.eng.email.toUpperCase()] });
    expect(r.status).toBe(200);
    expect(r.body.requests.map((q: { person?: { email: string } }) => q.person?.email)).toContain(ws.eng.email);
  });

  it('refuses anyone but an author with 403, and leaves the draft a draft', async () => {
    const id = await draft('Not yours to circulate');
    for (const token of [T.ds, T.eng, T.admin, T.outsider]) {
      const r = await circulate(id, { reviewers: [ws.designer.email] }, token);
      expect(r.status).toBe(403);
      expect(r.body.error.code).toBe('forbidden');
    }
    expect((await call(decisionRoute.GET, { token: T.pm, params: { id } })).body.status).toBe('draft');
  });

  it('names the unknown reviewer email in a 400 with the issue path reviewers.N', async () => {
    const id = await draft('Unknown reviewer');
    const r = await circulate(id, { reviewers: ['ghost@example.com'] });
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('invalid');
    expect(r.body.error.issues).toEqual([{ path: 'reviewers.0', message: expect.stringContaining('ghost@example.com') }]);
    const second = await circulate(id, { reviewers: [ws.eng.email, 'nobody@example.com'] });
    expect(second.body.error.issues.map((i: { path: string }) => i.path)).toEqual(['reviewers.1']);
    expect((await call(decisionRoute.GET, { token: T.pm, params: { id } })).body.status).toBe('draft');
  });

  it('refuses to request the author as a reviewer, and unknown functions', async () => {
    const id = await draft('Review yourself');
    const self = await circulate(id, { reviewers: [ws.pm.email] });
    expect(self.status).toBe(400);
    expect(self.body.error.issues[0].path).toBe('reviewers.0');
    const fn = await circulate(id, { functions: ['astrology'] });
    expect(fn.status).toBe(400);
    expect(fn.body.error.issues[0].path).toBe('functions.0');
  });

  it('lets the author, and only the author, move it back to draft', async () => {
    const id = await inReview('Back to draft');
    for (const token of [T.ds, T.eng, T.admin]) {
      const r = await call(returnRoute.POST, { method: 'POST', token, params: { id } });
      expect(r.status).toBe(403);
      expect(r.body.error.code).toBe('forbidden');
    }
    const ok = await call(returnRoute.POST, { method: 'POST', token: T.pm, params: { id } });
    expect(ok.status).toBe(200);
    expect(ok.body).toEqual({ status: 'draft' });
    expect((await call(decisionRoute.GET, { token: T.pm, params: { id } })).body.status).toBe('draft');
    expect((await call(returnRoute.POST, { method: 'POST', token: T.pm, params: { id } })).status).toBe(409);
  });

  it('keeps the decision editable in review: every save is still a revision', async () => {
    const id = await inReview('Editable in review');
    const r = await edit(id, { risks: 'Payment errors and slower first paint.' });
    expect(r.body).toMatchObject({ status: 'in-review', revision: 2, changed: ['risks'] });
  });
});

describe('comment threads', () => {
  it('adds a top-level comment on a section with a kind, recording the revision it was made on', async () => {
    const id = await inReview('Comment on me');
    const r = await comment(id, T.ds, { section: 'methodology', kind: 'concern', body: 'The window includes **Black Friday**.' });
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({
      id: expect.any(Number),
      parentId: null,
      section: 'methodology',
      kind: 'concern',
      author: { name: 'Dev Data', email: ws.ds.email, function: 'data-science' },
      body: 'The window includes **Black Friday**.',
      revision: 1,
      outdated: false,
      deleted: false,
      editedAt: null,
      edits: [],
    });
  });

  it('threads a reply under its parent, in the parent’s section', async () => {
    const id = await inReview('Reply to me');
    const parent = await newThread(id, T.ds, { section: 'evidence', kind: 'question', body: 'Is the CI two-sided?' });
    const r = await comment(id, T.pm, { parentId: Number(parent), body: 'Yes, 95 % two-sided.' });
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ parentId: Number(parent), section: 'evidence', kind: 'reply', author: { email: ws.pm.email } });
  });

  it('refuses a top-level comment without a kind, with the issue path kind', async () => {
    const id = await inReview('Kindless');
    const r = await comment(id, T.ds, { section: 'context', body: 'Hmm.' });
    expect(r.status).toBe(400);
    expect(r.body.error.issues).toEqual([{ path: 'kind', message: expect.any(String) }]);
  });

  it('refuses a reply to a reply (threads are one level deep) and a parent from another decision', async () => {
    const id = await inReview('Deep threads');
    const parent = await newThread(id, T.ds, { section: 'context', kind: 'question', body: 'Why now?' });
    const reply = await newThread(id, T.pm, { parentId: Number(parent), body: 'Q4 planning.' });
    const nested = await comment(id, T.ds, { parentId: Number(reply), body: 'And?' });
    expect(nested.status).toBe(400);
    expect(nested.body.error.issues[0].path).toBe('parentId');
    const other = await inReview('Another decision');
    const foreign = await comment(other, T.ds, { parentId: Number(parent), body: 'Wrong place' });
    expect(foreign.status).toBe(400);
    expect(foreign.body.error.issues[0].path).toBe('parentId');
  });

  it('refuses unknown sections and kinds and empty bodies with precise paths', async () => {
    const id = await inReview('Bad comments');
    const cases: [Record<string, unknown>, string][] = [
      [{ section: 'title-page', kind: 'question', body: 'x' }, 'section'],
      [{ section: 'context', kind: 'rant', body: 'x' }, 'kind'],
      [{ section: 'context', kind: 'question', body: '   ' }, 'body'],
    ];
    for (const [body, path] of cases) {
      const r = await comment(id, T.ds, body);
      expect(r.status).toBe(400);
      expect(r.body.error.issues.map((i: { path: string }) => i.path)).toContain(path);
    }
  });

  it('lists threads with their replies, kind, section, revision and state', async () => {
    const id = await inReview('List threads');
    const t1 = await newThread(id, T.ds, { section: 'methodology', kind: 'blocking', body: 'No power analysis.' });
    await newThread(id, T.pm, { parentId: Number(t1), body: 'Added one.' });
    await newThread(id, T.ds, { parentId: Number(t1), body: 'Thanks.' });
    await newThread(id, T.eng, { section: 'record', kind: 'endorsement', body: 'Solid work.' });
    const list = await threads(id, T.outsider);
    expect(list).toHaveLength(2);
    expect(list[0]).toMatchObject({
      id: Number(t1),
      section: 'methodology',
      kind: 'blocking',
      revision: 1,
      outdated: false,
      state: 'open',
      resolved: false,
      overridden: false,
      resolution: null,
      history: [],
      replies: [
        { parentId: Number(t1), kind: 'reply', body: 'Added one.', author: { email: ws.pm.email } },
        { parentId: Number(t1), kind: 'reply', body: 'Thanks.', author: { email: ws.ds.email } },
      ],
    });
    expect(list[1]).toMatchObject({ section: 'record', kind: 'endorsement', replies: [] });
  });

  it('shows a comment as outdated once its section changes, and a comment on another section stays current', async () => {
    const id = await inReview('Outdated comments');
    const onMethod = await newThread(id, T.ds, { section: 'methodology', kind: 'concern', body: 'Which test?' });
    await newThread(id, T.pm, { parentId: Number(onMethod), body: 'A z-test.' });
    const onContext = await newThread(id, T.eng, { section: 'context', kind: 'question', body: 'Why now?' });
    const onRecord = await newThread(id, T.eng, { section: 'record', kind: 'suggestion', body: 'Add a diagram.' });
    await edit(id, { methodology: 'A two-sided z-test of proportions, pre-registered.' });
    const after = await threads(id);
    const byId = (t: string) => after.find((x: { id: number }) => String(x.id) === t);
    expect(byId(onMethod)).toMatchObject({ outdated: true, revision: 1, replies: [{ outdated: true }] });
    expect(byId(onContext).outdated).toBe(false);
    expect(byId(onRecord).outdated).toBe(false);
    const fresh = await comment(id, T.ds, { section: 'methodology', kind: 'question', body: 'Pre-registered where?' });
    expect(fresh.body).toMatchObject({ revision: 2, outdated: false });
  });

  it('keeps an edit in the comment’s history, and only its author may edit', async () => {
    const id = await inReview('Edit comments');
    const c = await newThread(id, T.eng, { section: 'risks', kind: 'suggestion', body: 'Mention latncy.' });
    const forbidden = await call(commentRoute.PATCH, { method: 'PATCH', token: T.pm, params: { id: c }, body: { body: 'Rewritten by the author' } });
    expect(forbidden.status).toBe(403);
    const first = await call(commentRoute.PATCH, { method: 'PATCH', token: T.eng, params: { id: c }, body: { body: 'Mention latency.' } });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ body: 'Mention latency.', editedAt: expect.any(String) });
    await call(commentRoute.PATCH, { method: 'PATCH', token: T.eng, params: { id: c }, body: { body: 'Mention p95 latency.' } });
    const t = await threadOf(id, c);
    expect(t.body).toBe('Mention p95 latency.');
    expect(t.edits.map((e: { previousBody: string }) => e.previousBody)).toEqual(['Mention latncy.', 'Mention latency.']);
    expect(t.edits[0].editedAt).toEqual(expect.any(String));
    const empty = await call(commentRoute.PATCH, { method: 'PATCH', token: T.eng, params: { id: c }, body: { body: '' } });
    expect(empty.status).toBe(400);
  });

  it('returns the edit history with the edited comment from PATCH', async () => {
    const id = await inReview('Edit response');
    const c = await newThread(id, T.eng, { section: 'risks', kind: 'suggestion', body: 'First wording.' });
    const r = await call(commentRoute.PATCH, { method: 'PATCH', token: T.eng, params: { id: c }, body: { body: 'Second wording.' } });
    expect(r.status).toBe(200);
    expect(r.body.edits).toEqual([{ previousBody: 'First wording.', editedAt: expect.any(String) }]);
  });

  it('deletes to a placeholder that keeps the thread, and only the author may delete', async () => {
    const id = await inReview('Delete comments');
    const c = await newThread(id, T.designer, { section: 'options', kind: 'question', body: 'Was a two-step flow tried?' });
    const reply = await newThread(id, T.eng, { parentId: Number(c), body: 'Yes, in 2024.' });
    for (const token of [T.pm, T.eng, T.admin]) expect((await call(commentRoute.DELETE, { method: 'DELETE', token, params: { id: c } })).status).toBe(403);
    const del = await call(commentRoute.DELETE, { method: 'DELETE', token: T.designer, params: { id: c } });
    expect(del.status).toBe(204);
    const t = await threadOf(id, c);
    expect(t).toMatchObject({ deleted: true, body: '', edits: [], replies: [{ id: Number(reply), body: 'Yes, in 2024.', deleted: false }] });
    expect((await comment(id, T.pm, { parentId: Number(c), body: 'Late reply' })).status).toBe(409);
    expect((await call(commentRoute.PATCH, { method: 'PATCH', token: T.designer, params: { id: c }, body: { body: 'Undelete?' } })).status).toBe(409);
    expect((await call(commentRoute.DELETE, { method: 'DELETE', token: T.eng, params: { id: reply } })).status).toBe(204);
    expect((await threadOf(id, c)).replies).toMatchObject([{ id: Number(reply), deleted: true, body: '' }]);
  });

  it('answers 404 for comments that do not exist', async () => {
    expect((await call(commentRoute.PATCH, { method: 'PATCH', token: T.eng, params: { id: '999999' }, body: { body: 'x' } })).status).toBe(404);
    expect((await resolve('999999', T.eng)).status).toBe(404);
    expect((await reopen('999999', T.eng)).status).toBe(404);
    expect((await override('999999', T.pm, RATIONALE)).status).toBe(404);
    expect((await call(commentsRoute.GET, { token: T.eng, params: { id: '999999' } })).status).toBe(404);
    expect((await call(reviewsRoute.GET, { token: T.eng, params: { id: '999999' } })).status).toBe(404);
  });
});

describe('resolve, reopen and override', () => {
  it('only the objector resolves a blocking comment; everyone else, org admins included, gets 403', async () => {
    const id = await inReview('Blocking resolution', { reviewers: [ws.eng.email, ws.designer.email] });
    const blocking = await newThread(id, T.ds, { section: 'methodology', kind: 'blocking', body: 'The sample is not randomised.' });
    const byReviewer = await resolve(blocking, T.eng);
    expect(byReviewer.status).toBe(403);
    expect(byReviewer.body.error.code).toBe('forbidden');
    const byAuthor = await resolve(blocking, T.pm, { note: 'Fixed' });
    expect(byAuthor.status).toBe(403);
    expect(byAuthor.body.error.message).toMatch(/override/);
    expect((await resolve(blocking, T.outsider)).status).toBe(403);
    expect((await threadOf(id, blocking)).state).toBe('open');

    const ok = await resolve(blocking, T.ds, { note: 'Randomisation confirmed in the logs.' });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ state: 'resolved', resolved: true, overridden: false, resolution: { by: 'Dev Data', note: 'Randomisation confirmed in the logs.' } });
    expect((await resolve(blocking, T.ds)).status).toBe(409);

    const another = await newThread(id, T.eng, { section: 'evidence', kind: 'blocking', body: 'No CI on the guardrail.' });
    const byAdmin = await resolve(another, T.admin);
    expect(byAdmin.status).toBe(403);
    expect(byAdmin.body.error.message).toMatch(/Only the person who raised a blocking objection/);
    expect((await resolve(another, T.eng)).status).toBe(200);
  });

  it('lets the decision author resolve a question, and only the people who could resolve it reopen it', async () => {
    const id = await inReview('Question resolution', { reviewers: [ws.eng.email, ws.designer.email] });
    const q = await newThread(id, T.eng, { section: 'context', kind: 'question', body: 'Why now?' });
    expect((await resolve(q, T.designer)).status).toBe(403);
    expect((await resolve(q, T.pm, { note: 'Answered in the context.' })).status).toBe(200);
    expect((await reopen(q, T.designer)).status).toBe(403);
    const back = await reopen(q, T.eng);
    expect(back.status).toBe(200);
    expect(back.body).toMatchObject({ state: 'open', resolved: false, resolution: null });
    expect(back.body.history.map((h: { action: string; by: string }) => [h.action, h.by])).toEqual([
      ['resolved', 'Priya PM'],
      ['reopened', 'Eli Eng'],
    ]);
    expect((await reopen(q, T.eng)).status).toBe(409);
  });

  it('the decision author overrides a blocking comment with a written rationale that stays on the thread; no one else may', async () => {
    const id = await inReview('Override', { reviewers: [ws.eng.email] });
    const blocking = await newThread(id, T.ds, { section: 'methodology', kind: 'blocking', body: 'Novelty effect not ruled out.' });
    for (const token of [T.eng, T.ds, T.admin, T.outsider]) {
      const r = await override(blocking, token, RATIONALE);
      expect(r.status).toBe(403);
      expect(r.body.error.code).toBe('forbidden');
    }
    const short = await override(blocking, T.pm, 'No.');
    expect(short.status).toBe(400);
    expect(short.body.error.issues).toEqual([{ path: 'rationale', message: expect.stringMatching(/sentence/) }]);
    expect((await override(blocking, T.pm, '')).status).toBe(400);
    expect((await override(blocking, T.pm, 42)).status).toBe(400);
    expect((await threadOf(id, blocking)).state).toBe('open');

    const ok = await override(blocking, T.pm, RATIONALE);
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({
      state: 'overridden',
      overridden: true,
      resolved: false,
      resolution: { by: 'Priya PM', note: RATIONALE },
      history: [{ action: 'overridden', by: 'Priya PM', note: RATIONALE }],
    });
    expect((await threadOf(id, blocking, T.outsider)).resolution.note).toBe(RATIONALE);
    expect((await override(blocking, T.pm, RATIONALE)).status).toBe(409);
    expect((await inboxKinds(T.ds, id))).toContain('override');

    // The override is the author's answer; only the objector (or an admin) reopens the objection.
    expect((await reopen(blocking, T.pm)).status).toBe(403);
    expect((await reopen(blocking, T.eng)).status).toBe(403);
    expect((await reopen(blocking, T.ds)).status).toBe(200);
  });

  it('answers 409 to overriding a thread that is not a blocking objection', async () => {
    const id = await inReview('Override a question');
    const q = await newThread(id, T.eng, { section: 'risks', kind: 'concern', body: 'Latency?' });
    const r = await override(q, T.pm, RATIONALE);
    expect(r.status).toBe(409);
    expect(r.body.error.code).toBe('conflict');
  });

  it('acts on threads only: a reply id is a 400', async () => {
    const id = await inReview('Resolve a reply');
    const t = await newThread(id, T.eng, { section: 'risks', kind: 'concern', body: 'Latency?' });
    const reply = await newThread(id, T.pm, { parentId: Number(t), body: 'Measured: +12 ms.' });
    expect((await resolve(reply, T.eng)).status).toBe(400);
    expect((await override(reply, T.pm, RATIONALE)).status).toBe(400);
  });

  it('tells each viewer what they may do with a thread', async () => {
    const id = await inReview('Viewer permissions');
    const blocking = await newThread(id, T.ds, { section: 'methodology', kind: 'blocking', body: 'Peeking at results daily.' });
    expect((await threadOf(id, blocking, T.pm)).viewerCan).toEqual({ reply: true, resolve: false, reopen: false, override: true });
    expect((await threadOf(id, blocking, T.ds)).viewerCan).toEqual({ reply: true, resolve: true, reopen: false, override: false });
    expect((await threadOf(id, blocking, T.eng)).viewerCan).toEqual({ reply: true, resolve: false, reopen: false, override: false });
    expect((await threadOf(id, blocking, T.admin)).viewerCan).toEqual({ reply: true, resolve: false, reopen: false, override: false });
  });
});

describe('verdicts', () => {
  it('records approve, request-changes and comment verdicts on the current revision', async () => {
    const id = await inReview('Verdicts', { reviewers: [ws.eng.email, ws.designer.email] });
    const approve = await review(id, T.eng, 'approve');
    expect(approve.status).toBe(201);
    expect(approve.body).toMatchObject({ reviewer: { name: 'Eli Eng', email: ws.eng.email }, function: 'engineering', verdict: 'approve', revision: 1, stale: false, latest: true, body: '', createdAt: expect.any(String) });
    const changes = await review(id, T.designer, 'request-changes', 'Show the mobile layout.');
    expect(changes.status).toBe(201);
    expect(changes.body).toMatchObject({ verdict: 'request-changes', body: 'Show the mobile layout.' });
    expect((await review(id, T.ds, 'comment', 'Looks right to me, one nit.')).status).toBe(201);
    const list = await reviewsOf(id);
    expect(list.map((r: { reviewer: { email: string }; verdict: string; stale: boolean }) => [r.reviewer.email, r.verdict, r.stale])).toEqual([
      [ws.eng.email, 'approve', false],
      [ws.designer.email, 'request-changes', false],
      [ws.ds.email, 'comment', false],
    ]);
  });

  it('needs a body to request changes or comment, and a known verdict', async () => {
    const id = await inReview('Verdict bodies');
    for (const verdict of ['request-changes', 'comment']) {
      const r = await review(id, T.eng, verdict);
      expect(r.status).toBe(400);
      expect(r.body.error.issues).toEqual([{ path: 'body', message: expect.any(String) }]);
      expect((await review(id, T.eng, verdict, '   ')).status).toBe(400);
    }
    const bogus = await review(id, T.eng, 'lgtm', 'Ship it');
    expect(bogus.status).toBe(400);
    expect(bogus.body.error.issues[0].path).toBe('verdict');
    expect(await reviewsOf(id)).toEqual([]);
  });

  it('forbids self-approval (403), and any verdict from an author', async () => {
    const id = await inReview('Self approval');
    const self = await review(id, T.pm, 'approve');
    expect(self.status).toBe(403);
    expect(self.body.error.code).toBe('forbidden');
    expect((await review(id, T.pm, 'request-changes', 'I changed my mind')).status).toBe(403);
    expect(await reviewsOf(id)).toEqual([]);
  });

  it('answers 409 to a verdict on a draft, including one moved back to draft', async () => {
    const d = await draft('Still a draft');
    const r = await review(d, T.ds, 'approve');
    expect(r.status).toBe(409);
    expect(r.body.error.code).toBe('conflict');
    const back = await inReview('Back again');
    await call(returnRoute.POST, { method: 'POST', token: T.pm, params: { id: back } });
    expect((await review(back, T.eng, 'approve')).status).toBe(409);
  });

  const materialEdits: [string, Record<string, unknown>][] = [
    ['methodology', { methodology: 'A Bayesian model with a skeptical prior, over six weeks.' }],
    ['dataSources', { dataSources: [{ ...content.dataSources[0], sampleSize: 51000 }] }],
    ['metrics', { metrics: [{ ...metricRef, expectedEffect: '+5 %' }] }],
    ['evidence', { evidence: [{ ...content.evidence[0], observed: 0.43 }] }],
    ['title', { title: 'Do not ship the one-page checkout' }],
    ['summary', { summary: 'We will not ship: the lift did not hold in the second half.' }],
    ['decision', { decision: 'Keep the current checkout; revisit after the holiday season.' }],
    ['openCritique', { openCritique: 'None worth noting.' }],
  ];
  it.each(materialEdits)('a verdict becomes stale when the %s change after it', async (_section, patch) => {
    const id = await inReview(`Stale after ${_section}`);
    await review(id, T.eng, 'approve');
    await edit(id, patch);
    expect(await reviewsOf(id)).toMatchObject([{ verdict: 'approve', revision: 1, stale: true }]);
  });

  it('refuses a verdict on the revision the reviewer read once the evidence changed after it; takes it when only other sections did', async () => {
    const id = await inReview('Read revision 1');
    const give = (body: Record<string, unknown>) => call(reviewsRoute.POST, { token: T.eng, params: { id }, body });
    await edit(id, { methodology: 'A Bayesian model with a skeptical prior, over six weeks.' });
    const stale = await give({ verdict: 'approve', revision: 1 });
    expect(stale.status).toBe(409);
    expect(stale.body.error).toMatchObject({
      code: 'conflict',
      message: 'The record changed in revision 2, after the revision 1 you read: read what changed, then give your verdict again',
      currentRevision: 2,
      readRevision: 1,
    });
    expect(await reviewsOf(id)).toEqual([]);
    const ahead = await give({ verdict: 'approve', revision: 9 });
    expect(ahead.status).toBe(400);
    expect(ahead.body.error.issues).toEqual([{ path: 'revision', message: 'The current revision is 2' }]);
    for (const revision of ['two', 0, 1.5]) {
      const bad = await give({ verdict: 'approve', revision });
      expect(bad.status, String(revision)).toBe(400);
      expect(bad.body.error.issues[0]).toEqual({ path: 'revision', message: 'revision must be the number of the revision you read' });
    }
    await edit(id, { context: 'A fuller context for the same result.' });
    const current = await give({ verdict: 'approve', revision: 2 });
    expect(current.status).toBe(201);
    expect(current.body).toMatchObject({ verdict: 'approve', revision: 3, stale: false });
  });

  const otherEdits: [string, Record<string, unknown>][] = [
    ['tags', { tags: ['checkout', 'q4'] }],
    ['context', { context: 'Support tickets about the form doubled in March, which is how this started.' }],
    ['risks', { risks: 'Payment errors, and support load in week one.' }],
  ];
  it.each(otherEdits)('a verdict stays current when only the %s change', async (_section, patch) => {
    const id = await inReview(`Current after ${_section}`);
    await review(id, T.eng, 'approve');
    await edit(id, patch);
    expect(await reviewsOf(id)).toMatchObject([{ verdict: 'approve', revision: 1, stale: false }]);
  });

  it('keeps earlier verdicts as history: a fresh verdict after a change is current and latest', async () => {
    const id = await inReview('Review again');
    await review(id, T.eng, 'approve');
    await edit(id, { methodology: 'Re-analysed with CUPED.' });
    await review(id, T.eng, 'approve', 'Still good with CUPED.');
    expect(await reviewsOf(id)).toMatchObject([
      { revision: 1, stale: true, latest: false },
      { revision: 2, stale: false, latest: true, body: 'Still good with CUPED.' },
    ]);
  });
});

const everyone: Who[] = ['admin', 'pm', 'ds', 'eng', 'designer', 'outsider', 'eng2', 'designer2'];

/** The feed's SQL must agree with lib/review.ts needsReview for every person (the workspace's metric is Dev Data's). */
async function expectFeedToMatchRule(id: string) {
  const facts = await loadFacts(db, Number(id));
  const requests = (await listRequests(db, { id: Number(id) })).map((r) => (r.kind === 'person' ? { userId: r.person.id, function: null, open: r.open } : { userId: null, function: r.function, open: r.open }));
  const verdicts = (await listReviews(db, { id: Number(id) })).map((r) => ({ reviewerId: r.reviewer.id, revision: r.revision }));
  const vouches = { lastWrote: facts.lastWrote, ...(await loadVouches(db, Number(id))) };
  for (const who of everyone) {
    const viewer = people[who];
    const rule = needsReview({ viewer, status: facts.status, authorIds: facts.authorIds, writerIds: facts.writerIds, requests, metricOwnerIds: [ws.ds.id], verdicts, changedAt: facts.sectionChangedAt, vouches });
    expect(await needsMe(who, id), `${who} needs-my-review`).toBe(rule !== null);
  }
}

describe('the review feed', () => {
  it('lists under "needs my review" the metric owner, the requested person and everyone of a requested function — not the author', async () => {
    const id = await inReview('Needs review', { reviewers: [ws.eng.email], functions: ['design'] });
    const expected: Record<Who, boolean> = { ds: true, eng: true, designer: true, designer2: true, pm: false, eng2: false, outsider: false, admin: false };
    for (const who of everyone) expect(await needsMe(who, id), who).toBe(expected[who]);
    await expectFeedToMatchRule(id);
    expect(await countNeedsMyReview(db, designer2)).toBeGreaterThanOrEqual(1);
  });

  it('leaves out someone who wrote a revision, though no longer an author, as the rule does', async () => {
    const id = await inReview('Written by a designer who left the authors', { reviewers: [ws.eng.email], functions: ['design'] });
    expect((await call(authorsRoute.POST, { token: T.pm, params: { id }, body: { email: ws.designer.email } })).status).toBe(201);
    await edit(id, { risks: 'Payment errors, and a design review of the empty state.' }, T.designer);
    expect((await call(authorRoute.DELETE, { method: 'DELETE', token: T.pm, params: { id, email: ws.designer.email } })).status).toBe(200);
    expect(await needsMe('designer', id)).toBe(false);
    expect(await needsMe('designer2', id)).toBe(true);
    await expectFeedToMatchRule(id);
  });

  it('drops a decision once the person gives a current verdict, and brings it back when the verdict goes stale', async () => {
    const id = await inReview('Needs review again', { reviewers: [ws.eng.email], functions: ['design'] });
    await review(id, T.eng, 'approve');
    await review(id, T.designer, 'comment', 'Fine by design.');
    expect(await needsMe('eng', id)).toBe(false);
    expect(await needsMe('designer', id)).toBe(false);
    expect(await needsMe('designer2', id)).toBe(true); // a colleague's verdict does not answer for me
    expect(await needsMe('ds', id)).toBe(true);
    await expectFeedToMatchRule(id);

    await edit(id, { context: 'Needs review again: the context grew.' });
    expect(await needsMe('eng', id)).toBe(false);

    await edit(id, { dataSources: [{ ...content.dataSources[0], windowEnd: '2026-10-05' }] });
    expect(await needsMe('eng', id)).toBe(true);
    expect(await needsMe('designer', id)).toBe(true);
    await expectFeedToMatchRule(id);
  });

  it('drops a decision from everyone’s "needs my review" when it goes back to draft', async () => {
    const id = await inReview('Withdrawn from review', { reviewers: [ws.eng.email], functions: ['design'] });
    await call(returnRoute.POST, { method: 'POST', token: T.pm, params: { id } });
    for (const who of everyone) expect(await needsMe(who, id), who).toBe(false);
    await expectFeedToMatchRule(id);
    const neverCirculated = await draft('Never circulated');
    expect(await needsMe('ds', neverCirculated)).toBe(false);
  });

  it('lists under "mentions" the decisions where I was @mentioned, by email or by the email’s local part', async () => {
    const id = await inReview('Mentions feed');
    const localPart = ws.designer.email.split('@')[0];
    await newThread(id, T.eng, { section: 'methodology', kind: 'question', body: `@${ws.ds.email} and @${localPart}: is the window long enough?` });
    expect(await feedIds(T.ds, 'mentions')).toContain(id);
    expect(await feedIds(T.designer, 'mentions')).toContain(id);
    expect(await feedIds(T.eng2, 'mentions')).not.toContain(id);
    expect(await feedIds(T.eng, 'mentions')).not.toContain(id);
  });

  it('lists every decision in review under "all", and no drafts', async () => {
    const a = await inReview('All tab A');
    const d = await draft('All tab draft');
    const all = await feedIds(T.outsider, 'all');
    expect(all).toContain(a);
    expect(all).not.toContain(d);
  });

  it('carries open and blocking thread counts and the verdicts so far, stale ones counted apart', async () => {
    const id = await inReview('Feed counts', { reviewers: [ws.eng.email, ws.designer.email, eng2.email] });
    await newThread(id, T.ds, { section: 'methodology', kind: 'blocking', body: 'Peeking.' });
    await newThread(id, T.eng, { section: 'context', kind: 'question', body: 'Why now?' });
    const resolved = await newThread(id, T.designer, { section: 'options', kind: 'suggestion', body: 'Try two steps.' });
    await resolve(resolved, T.pm);
    const deleted = await newThread(id, T.eng2, { section: 'risks', kind: 'concern', body: 'Oops, wrong decision.' });
    await call(commentRoute.DELETE, { method: 'DELETE', token: T.eng2, params: { id: deleted } });
    await review(id, T.eng, 'approve');
    await review(id, T.designer, 'request-changes', 'Mobile layout?');
    await review(id, T.eng2, 'comment', 'Early thoughts.');
    await edit(id, { methodology: 'Sequential testing with alpha spending.' });
    await review(id, T.eng2, 'comment', 'Better.');
    await review(id, T.ds, 'approve');
    const item = (await feedItems(T.outsider, 'all')).find((i) => String(i.id) === id);
    expect(item).toMatchObject({
      title: 'Feed counts',
      team: ws.team.slug,
      teamName: ws.team.name,
      author: { name: 'Priya PM', function: 'product' },
      revision: 2,
      inReviewSince: expect.any(String),
      lastActivityAt: expect.any(String),
      openThreads: 2,
      blockingOpen: 1,
      verdicts: { approve: 1, requestChanges: 0, comment: 1, stale: 2 },
    });
  });

  it('orders by most recent activity and pages by keyset without repeats or gaps', async () => {
    const ids = [];
    for (const n of [1, 2, 3, 4, 5]) ids.push(await inReview(`Paged ${n}`));
    await new Promise((r) => setTimeout(r, 5)); // a later millisecond, so the bump is unambiguous
    await newThread(ids[0]!, T.eng, { section: 'record', kind: 'question', body: 'Bump' });
    const full = await feedItems(T.outsider, 'all');
    expect(String(full[0]!.id)).toBe(ids[0]);
    const times = full.map((i) => Date.parse(i.lastActivityAt));
    expect([...times].sort((x, y) => y - x)).toEqual(times);

    const paged: string[] = [];
    let cursor: string | null = null;
    do {
      const r: CallResult = await call(feedRoute.GET, { token: T.outsider, path: `/api/v1/feed?tab=all&limit=2${cursor ? `&cursor=${cursor}` : ''}` });
      expect(r.body.items.length).toBeLessThanOrEqual(2);
      paged.push(...r.body.items.map((i: { id: number }) => String(i.id)));
      cursor = r.body.nextCursor;
    } while (cursor);
    expect(new Set(paged).size).toBe(paged.length);
    expect(paged).toEqual(full.map((i) => String(i.id)));
  });

  it('answers 400 to an unknown tab or a forged cursor', async () => {
    expect((await call(feedRoute.GET, { token: T.eng, path: '/api/v1/feed?tab=mine' })).status).toBe(400);
    expect((await call(feedRoute.GET, { token: T.eng, path: '/api/v1/feed?tab=all&cursor=abc' })).status).toBe(400);
    expect((await call(feedRoute.GET, { path: '/api/v1/feed' })).status).toBe(401);
  });
});

// Fresh people for the inbox, so every inbox there is exactly what its story produced.
const ann = await makeUser(db, { name: 'Ann Author', function: 'product' });
const ben = await makeUser(db, { name: 'Ben Backend', function: 'engineering' });
const cat = await makeUser(db, { name: 'Cat Statistician', function: 'research' });
const dan = await makeUser(db, { name: 'Dan Designer', function: 'design' });
await addMember(db, ws.admin, ws.team.slug, { email: ann.email });
const rita = await makeUser(db, { name: 'Rita Quinn', function: 'other' });
for (const u of [ann, ben, cat, dan, rita]) tokens.set(u.id, await tokenFor(db, u));

describe('mentions and the inbox', () => {
  it('delivers review-requested, mention, comment, reply and verdict notifications to the right people, never to the actor', async () => {
    const id = await draft('Inbox story', { metrics: [], evidence: [] }, tok(ann));
    expect((await circulate(id, { reviewers: [ben.email], functions: ['research'] }, tok(ann))).status).toBe(200);
    const catLocal = cat.email.split('@')[0];
    const thread = await newThread(id, tok(cat), { section: 'methodology', kind: 'concern', body: `@${dan.email} can you check the funnel chart? (cc @${catLocal})` });
    await newThread(id, tok(ben), { parentId: Number(thread), body: 'Backend logs agree with the funnel.' });
    await newThread(id, tok(ann), { parentId: Number(thread), body: 'Thanks both.' });
    expect((await review(id, tok(ben), 'approve')).status).toBe(201);

    expect(await inboxKinds(tok(ann), id)).toEqual(['verdict', 'comment', 'comment']);
    expect(await inboxKinds(tok(ben), id)).toEqual(['reply', 'review-requested']);
    expect(await inboxKinds(tok(cat), id)).toEqual(['reply', 'reply', 'review-requested']);
    expect(await inboxKinds(tok(dan), id)).toEqual(['mention']);

    for (const u of [ann, ben, cat, dan]) {
      const { items } = await inbox(tok(u));
      expect(items.filter((n) => n.actor?.name === u.name), `${u.name} notified of their own action`).toEqual([]);
    }
    const mention = (await inbox(tok(dan))).items[0]!;
    expect(mention).toMatchObject({ kind: 'mention', actor: { name: 'Cat Statistician' }, comment: { id: Number(thread), excerpt: expect.stringContaining('funnel chart') }, read: false });
  });

  it('notifies people newly mentioned in an edit, and not those mentioned before', async () => {
    const id = await inReview('Mention in an edit');
    const c = await newThread(id, T.eng, { section: 'record', kind: 'question', body: `@${dan.email} thoughts?` });
    await call(commentRoute.PATCH, { method: 'PATCH', token: T.eng, params: { id: c }, body: { body: `@${dan.email} and @${ben.email} thoughts?` } });
    expect(await inboxKinds(tok(dan), id)).toEqual(['mention']);
    expect(await inboxKinds(tok(ben), id)).toEqual(['mention']);
  });

  it('sends one notification per person per comment: a mentioned decision author gets the mention only', async () => {
    const id = await draft('Mention the author', { metrics: [], evidence: [] }, tok(ann));
    await circulate(id, { reviewers: [ben.email] }, tok(ann));
    await newThread(id, tok(ben), { section: 'context', kind: 'question', body: `@${ann.email} why now?` });
    expect(await inboxKinds(tok(ann), id)).toEqual(['mention']);
  });

  it('notifies everyone asked again when a decision returned to draft is circulated again', async () => {
    const id = await inReview('Second round', { reviewers: [ws.eng.email], functions: ['design'] });
    await call(returnRoute.POST, { method: 'POST', token: T.pm, params: { id } });
    expect((await circulate(id)).status).toBe(200);
    expect(await inboxKinds(T.eng, id)).toEqual(['review-requested', 'review-requested']);
    expect(await inboxKinds(T.ds, id)).toEqual(['review-requested', 'review-requested']);
    expect(await inboxKinds(T.designer, id)).toEqual(['review-requested', 'review-requested']);
  });

  it('notifies a metric owner asked in several ways only once', async () => {
    const id = await draft('Asked twice');
    await circulate(id, { reviewers: [ws.ds.email], functions: ['data-science'] });
    expect(await inboxKinds(T.ds, id)).toEqual(['review-requested']);
  });

  it('notifies a metric owner who is also of a requested function only once', async () => {
    const id = await draft('Asked by function and metric');
    await circulate(id, { functions: ['data-science'] });
    expect(await inboxKinds(T.ds, id)).toEqual(['review-requested']);
  });

  it('notifies a person mentioned by an unambiguous first name', async () => {
    const id = await inReview('Mention by first name');
    await newThread(id, T.eng, { section: 'record', kind: 'question', body: '@Rita can you look?' });
    expect(await inboxKinds(tok(rita), id)).toEqual(['mention']);
  });

  it('notifies a person mentioned by their full name without spaces', async () => {
    const id = await inReview('Mention by full name');
    await newThread(id, T.eng, { section: 'record', kind: 'question', body: '@RitaQuinn can you look?' });
    expect(await inboxKinds(tok(rita), id)).toEqual(['mention']);
  });

  it('notifies a person whose email contains an underscore', async () => {
    const tom = await makeUser(db, { name: 'Tom Tester', function: 'other', email: 'tom_tester@example.com' });
    tokens.set(tom.id, await tokenFor(db, tom));
    const id = await inReview('Mention an underscore');
    await newThread(id, T.eng, { section: 'record', kind: 'question', body: '@tom_tester@example.com please check.' });
    await newThread(id, T.eng, { section: 'record', kind: 'question', body: '@tom_tester and again.' });
    expect(await inboxKinds(tok(tom), id)).toEqual(['mention', 'mention']);
  });

  it('counts unread notifications and marks some or all of them read; other people’s ids are ignored', async () => {
    const before = await inbox(tok(ann));
    expect(before.unread).toBe(before.items.filter((n) => !n.read).length);
    expect(before.unread).toBeGreaterThanOrEqual(3);
    const [first, second] = before.items;

    const one = await call(inboxReadRoute.POST, { token: tok(ann), body: { ids: [first!.id] } });
    expect(one.status).toBe(200);
    expect(one.body).toEqual({ marked: 1 });
    const afterOne = await inbox(tok(ann));
    expect(afterOne.unread).toBe(before.unread - 1);
    expect(afterOne.items.find((n) => n.id === first!.id)!.read).toBe(true);
    expect(afterOne.items.find((n) => n.id === second!.id)!.read).toBe(false);
    expect((await inbox(tok(ann), '&unread=1')).items.map((n) => n.id)).not.toContain(first!.id);

    const bens = await inbox(tok(ben));
    const foreign = await call(inboxReadRoute.POST, { token: tok(ann), body: { ids: bens.items.map((n) => n.id) } });
    expect(foreign.body).toEqual({ marked: 0 });
    expect((await inbox(tok(ben))).unread).toBe(bens.unread);

    const bad = await call(inboxReadRoute.POST, { token: tok(ann), body: { ids: ['all'] } });
    expect(bad.status).toBe(400);

    const all = await call(inboxReadRoute.POST, { method: 'POST', token: tok(ann) });
    expect(all.body).toEqual({ marked: before.unread - 1 });
    const afterAll = await inbox(tok(ann));
    expect(afterAll.unread).toBe(0);
    expect(afterAll.items.every((n) => n.read)).toBe(true);
  });

  it('points a reply notification at its thread, opened on the page (long discussions are paged)', async () => {
    const id = await inReview('Reply links', { reviewers: [ws.ds.email] });
    const t = await newThread(id, T.ds, { section: 'methodology', kind: 'question', body: 'Which window?' });
    const reply = await newThread(id, T.pm, { parentId: Number(t), body: 'Four weeks in September.' });
    const n = (await inbox(T.ds)).items.find((x) => x.kind === 'reply' && String(x.decision?.id) === id)!;
    // Each notification carries its decision as it stands now.
    expect(n.decision).toEqual({ id: Number(id), title: 'Reply links', status: 'in-review' });
    expect(await notificationTarget(db, ws.ds, n.id)).toBe(`/decisions/${id}?thread=${reply}#comment-${reply}`);
    expect(await notificationTarget(db, ws.eng, n.id)).toBeNull();
  });

  it('pages the inbox newest first without repeats', async () => {
    const full = (await inbox(tok(cat))).items.map((n) => n.id);
    expect([...full].sort((a, b) => b - a)).toEqual(full);
    const paged: number[] = [];
    let cursor: string | null = null;
    do {
      const r: CallResult = await call(inboxRoute.GET, { token: tok(cat), path: `/api/v1/inbox?limit=1${cursor ? `&cursor=${cursor}` : ''}` });
      paged.push(...r.body.items.map((n: { id: number }) => n.id));
      cursor = r.body.nextCursor;
    } while (cursor);
    expect(paged).toEqual(full);
  });
});

describe('the activity log', () => {
  it('lists a decision’s activity newest first, with who did what', async () => {
    const id = await draft('Activity');
    await circulate(id, { reviewers: [ws.eng.email] });
    const t = await newThread(id, T.ds, { section: 'methodology', kind: 'blocking', body: 'Peeking.' });
    await newThread(id, T.pm, { parentId: Number(t), body: 'We used sequential tests.' });
    await override(t, T.pm, RATIONALE);
    await review(id, T.eng, 'approve');
    const r = await call(eventsRoute.GET, { token: T.outsider, params: { id } });
    expect(r.status).toBe(200);
    expect(r.body.items.map((e: { type: string; actor: { name: string } | null }) => [e.type, e.actor?.name])).toEqual([
      ['review.submitted', 'Eli Eng'],
      ['comment.overridden', 'Priya PM'],
      ['comment.replied', 'Priya PM'],
      ['comment.created', 'Dev Data'],
      ['decision.circulated', 'Priya PM'],
      ['decision.created', 'Priya PM'],
    ]);
    // One event says whom the circulation asked, metric owners included.
    expect(r.body.items[4].data).toMatchObject({ reviewers: ['Eli Eng'], metricOwners: ['Dev Data'] });
    const ids = r.body.items.map((e: { id: number }) => e.id);
    expect([...ids].sort((a: number, b: number) => b - a)).toEqual(ids);
    expect(r.body.items[1].data).toMatchObject({ commentId: Number(t), note: RATIONALE });
    expect((await call(eventsRoute.GET, { token: T.outsider, params: { id: '999999' } })).status).toBe(404);
  });

  it('records a cited metric changing hands while the decision is in review, on the decision and for the organisation', async () => {
    await createMetric(db, ws.ds, { key: 'handover_rate', name: 'Handover rate', definition: 'Handovers per week.', kind: 'guardrail', ownerEmail: ws.ds.email });
    const id = await inReview('Metric changes hands', { reviewers: [ws.eng.email] }, { metrics: [metricRef, { key: 'handover_rate', role: 'guardrail' }] });
    await updateMetric(db, ws.ds, 'handover_rate', { name: 'Handover rate', definition: 'Handovers per week.', kind: 'guardrail', ownerEmail: ws.pm.email });
    const [latest] = (await call(eventsRoute.GET, { token: T.outsider, params: { id } })).body.items;
    expect(latest).toMatchObject({ type: 'metric.owner-changed', actor: { name: 'Dev Data' }, data: { metric: 'handover_rate', metricName: 'Handover rate', from: 'Dev Data', to: 'Priya PM' } });
    const org = await db.select().from(events).where(and(eq(events.type, 'metric.owner-changed'), isNull(events.decisionId)));
    expect(org.map((e) => JSON.parse(e.data))).toContainEqual({ metric: 'handover_rate', metricName: 'Handover rate', from: 'Dev Data', to: 'Priya PM', fromId: ws.ds.id, toId: ws.pm.id });
    // The author who wrote it now owns a cited metric: what they wrote before the hand-over doesn't vouch for it.
    const owners = async () => (await call(readinessRoute.GET, { token: T.pm, params: { id } })).body.checks.find((c: { id: string }) => c.id === 'critique.metric-owners');
    expect((await owners()).message).toContain(
      'Priya PM owns Handover rate and was handed it while this record was open, so what they saved before doesn\u2019t vouch: they vouch for it as it stands with “Vouch for the evidence” on the decision page',
    );
    // …and is asked to vouch for it.
    expect(await inboxKinds(T.pm, id)).toContain('vouch-requested');
    expect(await whyMe('pm', id)).toEqual(['vouch']);
    const vouch = await call(vouchesRoute.POST, { token: T.pm, params: { id }, body: { revision: (await loadFacts(db, Number(id))).revision } });
    expect(vouch.status).toBe(201);
    expect((await owners()).message).not.toContain('Priya PM');
    expect(await whyMe('pm', id)).toBeUndefined();
  });
});

describe('handing a cited metric over', () => {
  const put = (viewer: Viewer, ownerEmail: string) => updateMetric(db, viewer, 'selfdeal_rate', { name: 'Self-dealing rate', definition: 'Hand-overs per week.', kind: 'guardrail', ownerEmail });

  it('refuses an author of an open decision citing it who hands it to themselves or a co-author; someone outside the decision may', async () => {
    await createMetric(db, ws.ds, { key: 'selfdeal_rate', name: 'Self-dealing rate', definition: 'Hand-overs per week.', kind: 'guardrail', ownerEmail: ws.ds.email });
    const id = await draft('Admin writes, admin vouches?', { metrics: [metricRef, { key: 'selfdeal_rate', role: 'guardrail' }] }, T.admin);
    expect((await circulate(id, { reviewers: [ws.eng.email] }, T.admin)).status).toBe(200);
    // The org admin who wrote it cannot take the metric, and so vouch for their own evidence.
    const self = await refusal(put(ws.admin, ws.admin.email));
    expect(self).toMatchObject({ code: 'conflict', message: expect.stringMatching(/^You wrote or co-author “Admin writes, admin vouches\?”, which cites this metric and is still open: as its owner you would vouch for your own evidence/) });
    expect(self!.issues).toEqual([{ path: 'ownerEmail', message: 'Choose an owner from outside your open decision that cites this metric' }]);
    // Nor hand it to a co-author of it.
    expect((await call(authorsRoute.POST, { token: T.admin, params: { id }, body: { email: ws.pm.email } })).status).toBe(201);
    expect(await refusal(put(ws.admin, ws.pm.email))).toMatchObject({ code: 'conflict', message: expect.stringContaining(`You and ${ws.pm.name} both wrote or co-author`) });
    expect((await getMetric(db, 'selfdeal_rate'))!.owner.id).toBe(ws.ds.id);
    // The owner, outside the decision, may hand it to an author, who then vouches after the hand-over.
    await put(ws.ds, ws.pm.email);
    expect((await getMetric(db, 'selfdeal_rate'))!.owner.id).toBe(ws.pm.id);
    expect(await inboxKinds(T.pm, id)).toContain('vouch-requested');
  });
});

describe('co-authors', () => {
  const addAuthor = (id: string, email: unknown, token = T.pm) => call(authorsRoute.POST, { token, params: { id }, body: { email } });
  // Params arrive as Next passes them: the path segment already decoded.
  const removeAuthor = (id: string, email: string, token = T.pm) => call(authorRoute.DELETE, { method: 'DELETE', token, params: { id, email } });
  const authorEmails = async (id: string) => (await call(authorsRoute.GET, { token: T.outsider, params: { id } })).body.map((a: { email: string }) => a.email);

  it('lets an author add a team member, who may then edit, is told in their inbox, and shows in the activity', async () => {
    const id = await draft('Co-written');
    const r = await addAuthor(id, ws.ds.email.toUpperCase());
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body).toEqual([
      { name: 'Priya PM', email: ws.pm.email, function: 'product' },
      { name: 'Dev Data', email: ws.ds.email, function: 'data-science' },
    ]);
    expect((await edit(id, { methodology: 'Difference in proportions, written by data science.' }, T.ds)).body.revision).toBe(2);
    expect(await inboxKinds(T.ds, id)).toEqual(['author-added']);
    const events = (await call(eventsRoute.GET, { token: T.outsider, params: { id } })).body.items;
    expect(events.map((e: { type: string }) => e.type)).toContain('author.added');
    expect((await call(decisionRoute.GET, { token: T.eng, params: { id } })).body.authors).toHaveLength(2);
  });

  it('refuses people who may not change authorship, and explains every bad request', async () => {
    const id = await draft('Guarded authorship');
    expect((await addAuthor(id, ws.eng.email, T.designer)).status).toBe(403);
    expect((await addAuthor(id, ws.eng.email, T.outsider)).status).toBe(403);
    const notMember = await addAuthor(id, ws.outsider.email);
    expect(notMember.status).toBe(400);
    expect(notMember.body.error.message).toContain('not a member of');
    expect(notMember.body.error.issues).toEqual([{ path: 'email', message: expect.stringContaining('Not a member') }]);
    const bad = await addAuthor(id, 'not-an-email');
    expect(bad.status).toBe(400);
    expect(bad.body.error.issues[0].path).toBe('email');
    expect((await addAuthor(id, 'nobody@example.com')).status).toBe(404);
    expect((await addAuthor(id, ws.pm.email)).status).toBe(409);
    expect((await addAuthor('999999', ws.eng.email)).status).toBe(404);
    // A team admin who is not an author may step in (an author left, say).
    expect((await addAuthor(id, ws.eng.email, T.admin)).status).toBe(201);
    expect(await authorEmails(id)).toEqual([ws.pm.email, ws.eng.email]);
  });

  it('removes a co-author, who can no longer edit; the last author stays; the lead passes on', async () => {
    const id = await draft('Handover');
    await addAuthor(id, ws.eng.email);
    expect((await removeAuthor(id, ws.designer.email)).status).toBe(404);
    expect((await removeAuthor(id, 'not-an-email')).status).toBe(404);
    // A path of /authors/eli%2540… reaches the route as `eli%40…`: no one's email, not eli's.
    const encodedOnce = await removeAuthor(id, encodeURIComponent(ws.eng.email));
    expect(encodedOnce.status).toBe(404);
    expect(await authorEmails(id)).toEqual([ws.pm.email, ws.eng.email]);
    const r = await removeAuthor(id, ws.pm.email, T.eng);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(await authorEmails(id)).toEqual([ws.eng.email]);
    const current = await call(decisionRoute.GET, { token: T.pm, params: { id } });
    expect((await call(decisionRoute.PATCH, { method: 'PATCH', token: T.pm, params: { id }, body: { baseRevision: current.body.revision, content: { title: 'Mine again' } } })).status).toBe(403);
    const last = await removeAuthor(id, ws.eng.email, T.eng);
    expect(last.status).toBe(409);
    expect(last.body.error.message).toContain('at least one author');
    // Lists name the remaining author.
    const mine = await call(decisionsRoute.GET, { token: T.eng, path: `/api/v1/decisions?author=${encodeURIComponent(ws.eng.email)}&limit=100` });
    expect(mine.body.items.find((d: { id: number }) => String(d.id) === id)?.author).toMatchObject({ email: ws.eng.email });
  });

  it('refuses to make a critic an author: their verdict or objection would stop counting', async () => {
    const id = await inReview('Reviewer stays a reviewer', { reviewers: [ws.eng.email, ws.designer.email] });
    expect((await review(id, T.eng, 'approve', 'Looks right.')).status).toBe(201);
    const check = async () => (await call(readinessRoute.GET, { token: T.pm, params: { id } })).body.checks.find((c: { id: string }) => c.id === 'critique.cross-functional');
    expect((await check()).ok).toBe(true);
    const r = await addAuthor(id, ws.eng.email);
    expect(r.status).toBe(409);
    expect(r.body.error.message).toBe('Eli Eng has given a verdict on this decision: a critic can’t become one of its authors, or their critique would stop counting');
    expect(r.body.error.issues).toEqual([{ path: 'email', message: 'Already critiqued this decision' }]);
    expect((await check()).ok).toBe(true);
    // A blocking objection is critique too, whatever became of it since.
    const objection = await newThread(id, T.designer, { section: 'methodology', kind: 'blocking', body: 'The sample skews to returning buyers.' });
    expect((await resolve(objection, T.designer, { note: 'Answered in the methodology.' })).status).toBe(200);
    const o = await addAuthor(id, ws.designer.email);
    expect(o.status).toBe(409);
    expect(o.body.error.message).toMatch(/^Dana Design has raised a blocking objection on this decision/);
    expect(await authorEmails(id)).toEqual([ws.pm.email]);
  });

  it('keeps a request for changes standing; someone only asked can become an author, and is asked no more', async () => {
    const id = await inReview('Objector stays a critic', { reviewers: [ws.eng.email, ws.designer.email] });
    expect((await review(id, T.eng, 'request-changes', 'Needs a rollback plan.')).status).toBe(201);
    const check = async (checkId: string) => (await call(readinessRoute.GET, { token: T.pm, params: { id } })).body.checks.find((c: { id: string }) => c.id === checkId);
    expect((await check('reviews.no-changes-requested')).ok).toBe(false);
    expect((await addAuthor(id, ws.eng.email)).status).toBe(409);
    expect((await check('reviews.no-changes-requested')).ok).toBe(false);
    expect(await needsMe('designer', id)).toBe(true);
    expect((await addAuthor(id, ws.designer.email)).status).toBe(201);
    expect(await needsMe('designer', id)).toBe(false);
    expect((await listRequests(db, { id: Number(id) })).some((r) => r.kind === 'person' && r.open && r.person.email === ws.designer.email)).toBe(false);
    const item = (await feedItems(T.outsider, 'all')).find((i) => String(i.id) === id) as unknown as { verdicts: Record<string, number> };
    expect(item.verdicts).toMatchObject({ requestChanges: 1 });
  });

  it('a metric owner made a co-author vouches for the evidence instead of reviewing; once removed, having written none of it, they are asked to review', async () => {
    const id = await inReview('Owner steps in and out', { reviewers: [ws.eng.email] });
    const owners = async () => (await call(readinessRoute.GET, { token: T.pm, params: { id } })).body.checks.find((c: { id: string }) => c.id === 'critique.metric-owners');
    const vouch = (token: string, revision: number) => call(vouchesRoute.POST, { token, params: { id }, body: { revision } });
    expect((await addAuthor(id, ws.ds.email)).status).toBe(201);
    const waiting = await owners();
    expect(waiting.ok).toBe(false);
    expect(waiting.message).toBe(
      'Dev Data owns Checkout conversion and co-authors this record, so gives it no verdict: they vouch for it as it stands with “Vouch for the evidence” on the decision page',
    );
    // The gate waits for their vouch, so the decision is under their "needs my review" for it.
    expect(await whyMe('ds', id)).toEqual(['vouch']);
    const revision = (await loadFacts(db, Number(id))).revision;
    // Only the owner vouches, and only for a revision there is.
    const notOwner = await vouch(T.pm, revision);
    expect(notOwner.status).toBe(403);
    expect(notOwner.body.error.message).toBe('You own none of the catalogue metrics this decision cites: only their owners vouch for its evidence');
    const future = await vouch(T.ds, revision + 1);
    expect(future.status).toBe(400);
    expect(future.body.error.message).toBe(`This decision has no revision ${revision + 1} yet: the current one is ${revision}`);
    expect((await vouch(T.ds, 0)).body.error.issues).toEqual([{ path: 'revision', message: 'revision must be the number of the revision you read' }]);
    const vouched = await vouch(T.ds, revision);
    expect(vouched.status).toBe(201);
    expect(vouched.body).toEqual({ revision, metrics: ['Checkout conversion'] });
    const listed = await call(vouchesRoute.GET, { token: T.eng, params: { id } });
    expect(listed.body).toEqual([{ owner: { name: ws.ds.name, email: ws.ds.email, function: ws.ds.function }, metrics: ['Checkout conversion'], revision, by: 'vouching', changedIn: expect.any(Number), current: true }]);
    expect(await owners()).toMatchObject({ ok: true, message: 'Vouched for by Dev Data, who wrote or co-authors it' });
    expect(await whyMe('ds', id)).toBeUndefined();
    expect((await inboxKinds(T.pm, id))[0]).toBe('vouched');
    // A vouch comes from someone who gives no verdict: once no longer an author, having written none of it, they review.
    expect((await removeAuthor(id, ws.ds.email)).status).toBe(200);
    expect((await owners()).message).toBe('Waiting for Dev Data (owner of Checkout conversion) to review the current evidence');
    expect(await needsMe('ds', id)).toBe(true);
    expect((await inboxKinds(T.ds, id))[0]).toBe('review-requested');
    const reviewerVouch = await vouch(T.ds, revision);
    expect(reviewerVouch.status).toBe(403);
    expect(reviewerVouch.body.error.message).toBe('Only a cited metric’s owner who wrote or co-authors this decision vouches for its evidence; anyone else gives a verdict instead');
  });

  it('asks a metric owner among the writers to vouch when the draft is circulated, unless their vouch already stands', async () => {
    const id = await draft('Circulated with its owner on board');
    expect((await addAuthor(id, ws.ds.email)).status).toBe(201);
    expect((await circulate(id, { reviewers: [ws.eng.email] })).status).toBe(200);
    expect(await inboxKinds(T.ds, id)).toContain('vouch-requested');
    const vouched = await call(vouchesRoute.POST, { token: T.ds, params: { id }, body: { revision: (await loadFacts(db, Number(id))).revision } });
    expect(vouched.status).toBe(201);
    // Back to draft and out again: the vouch stands, so nobody asks again.
    expect((await call(returnRoute.POST, { token: T.pm, params: { id } })).status).toBe(200);
    expect((await circulate(id, { reviewers: [ws.eng.email] })).status).toBe(200);
    expect((await inboxKinds(T.ds, id)).filter((k) => k === 'vouch-requested')).toHaveLength(1);
  });

  it('takes a vouch from an owner-author who left the team, once per evidence, and none once the decision is closed', async () => {
    const id = await inReview('Vouched by someone who moved on', { reviewers: [ws.eng.email] });
    const vouch = (revision: number) => call(vouchesRoute.POST, { token: T.ds, params: { id }, body: { revision } });
    const vouchEvents = async () => (await call(eventsRoute.GET, { token: T.pm, params: { id } })).body.items.filter((e: { type: string }) => e.type === 'evidence.vouched').length;
    expect((await addAuthor(id, ws.ds.email)).status).toBe(201);
    const revision = (await loadFacts(db, Number(id))).revision;
    // An author who left the team no longer edits it, and still wrote it: they vouch.
    await removeMember(db, ws.admin, ws.team.slug, ws.ds.id);
    try {
      expect((await vouch(revision)).status).toBe(201);
    } finally {
      await addMember(db, ws.admin, ws.team.slug, { email: ws.ds.email });
    }
    // Vouching again for the same evidence records nothing new, and tells no one again.
    expect((await vouch(revision)).status).toBe(201);
    expect(await vouchEvents()).toBe(1);
    expect((await inboxKinds(T.pm, id)).filter((k) => k === 'vouched')).toHaveLength(1);
    expect((await call(withdrawRoute.POST, { token: T.pm, params: { id }, body: { reason: 'The partner cancelled the integration, so this is moot.' } })).status).toBe(200);
    const closed = await vouch(revision);
    expect(closed.status).toBe(409);
    expect(closed.body.error.message).toBe('This decision is withdrawn: its evidence is vouched for only while it is a draft or in review');
  });

  it('a metric owner who wrote part of it vouches again once someone else changes the evidence, author or not, and is told when that happens', async () => {
    const id = await inReview('Written, then the evidence changed', { reviewers: [ws.eng.email] });
    const owners = async () => (await call(readinessRoute.GET, { token: T.pm, params: { id } })).body.checks.find((c: { id: string }) => c.id === 'critique.metric-owners');
    const vouch = (token: string, revision: number) => call(vouchesRoute.POST, { token, params: { id }, body: { revision } });
    expect((await addAuthor(id, ws.ds.email)).status).toBe(201);
    await edit(id, { methodology: 'A Bayesian model with a skeptical prior, over six weeks; Dev re-ran it.' }, T.ds);
    const read = (await loadFacts(db, Number(id))).revision;
    expect((await owners()).ok).toBe(true);
    // Their save vouches: nothing waits for them under "needs my review".
    expect(await whyMe('ds', id)).toBeUndefined();
    // Taken off the authors, the owner's writing still vouches, until someone else changes the evidence.
    expect((await removeAuthor(id, ws.ds.email)).status).toBe(200);
    expect((await owners()).ok).toBe(true);
    await edit(id, { methodology: 'A Bayesian model with a skeptical prior, over eight weeks, holidays excluded by the PM.' }, T.pm);
    const changed = await owners();
    expect(changed.ok).toBe(false);
    expect(changed.message).toContain(`Dev Data owns Checkout conversion and last vouched for its evidence at revision ${read}, before its sources, methodology, metrics or evidence changed`);
    expect((await inboxKinds(T.ds, id))[0]).toBe('vouch-stale');
    // Now the gate waits for them: the decision is under their "needs my review", for their vouch.
    expect(await whyMe('ds', id)).toEqual(['vouch']);
    expect((await feedItems(T.ds, 'needs-my-review')).find((i) => String(i.id) === id)?.ownMetrics).toEqual(['Checkout conversion']);
    await expectFeedToMatchRule(id);
    expect(await countNeedsMyReview(db, ws.ds)).toBeGreaterThanOrEqual(1);
    // Vouching for what they read before the change is refused: they would vouch for what they never saw.
    const stale = await vouch(T.ds, read);
    expect(stale.status).toBe(409);
    expect(stale.body.error.message).toBe(`The sources, methodology, metrics or evidence changed in revision ${read + 1}, after the revision ${read} you read: read what changed, then vouch again`);
    expect((await vouch(T.ds, read + 1)).status).toBe(201);
    expect((await owners()).ok).toBe(true);
    expect(await whyMe('ds', id)).toBeUndefined();
    await expectFeedToMatchRule(id);
    // A change elsewhere leaves the vouch standing and tells no one.
    await edit(id, { risks: 'The holiday weeks may still echo in the first week of January.' }, T.pm);
    expect((await owners()).ok).toBe(true);
    expect((await inboxKinds(T.ds, id))[0]).toBe('vouch-stale');
    expect(await whyMe('ds', id)).toBeUndefined();
    // The vouch is in the activity log.
    const events = (await call(eventsRoute.GET, { token: T.pm, params: { id } })).body.items.map((e: { type: string }) => e.type);
    expect(events).toContain('evidence.vouched');
  });

  it('someone who wrote a revision never reviews it, not even after leaving the authors', async () => {
    const id = await inReview('Written, then reviewed?', { reviewers: [ws.eng.email] });
    const owners = async () => (await call(readinessRoute.GET, { token: T.pm, params: { id } })).body.checks.find((c: { id: string }) => c.id === 'critique.metric-owners');
    expect((await addAuthor(id, ws.ds.email)).status).toBe(201);
    await edit(id, { methodology: 'A Bayesian model with a skeptical prior, over six weeks; Dev re-ran it.' }, T.ds);
    // The owner wrote part of it: they vouch for the evidence, so the gate does not wait for their review.
    expect(await owners()).toMatchObject({ ok: true, message: 'Vouched for by Dev Data, who wrote or co-authors it' });
    expect((await removeAuthor(id, ws.ds.email)).status).toBe(200);
    expect((await owners()).ok).toBe(true);
    expect(await needsMe('ds', id)).toBe(false);
    for (const verdict of ['approve', 'comment'] as const) {
      const r = await review(id, T.ds, verdict, 'Looks right to me.');
      expect(r.status).toBe(403);
      expect(r.body.error.message).toMatch(/^You wrote a revision of this decision, so a verdict from you would be on your own work/);
    }
    // Nor may an author name them as a reviewer.
    const named = await circulate(id, { reviewers: [ws.ds.email] });
    expect(named.status).toBe(400);
    expect(named.body.error.message).toBe('Dev Data wrote a revision of this decision; ask someone else to review');
  });

  it('names no deactivated person as co-author or reviewer', async () => {
    const gone = await makeUser(db, { name: 'Gil Gone', function: 'engineering' });
    await addMember(db, ws.admin, ws.team.slug, { email: gone.email });
    await setUserActive(db, ws.admin, gone.id, { active: false });
    const id = await draft('After Gil left');
    const r = await addAuthor(id, gone.email);
    expect(r.status).toBe(400);
    expect(r.body.error.issues).toEqual([{ path: 'email', message: 'This account is deactivated' }]);
    const c = await circulate(id, { reviewers: [gone.email] });
    expect(c.status).toBe(400);
    expect(c.body.error.message).toBe('Gil Gone’s account is deactivated; ask someone who still works here');
  });

  it('freezes authorship once the decision is no longer open', async () => {
    const id = await draft('Withdrawn with its authors');
    expect((await call(withdrawRoute.POST, { token: T.pm, params: { id }, body: { reason: 'The partner cancelled the integration, so this is moot.' } })).status).toBe(200);
    const r = await addAuthor(id, ws.eng.email);
    expect(r.status).toBe(409);
    expect(r.body.error.code).toBe('frozen');
  });
});

describe('related decisions', () => {
  const relate = (id: string, relatesTo: unknown, token = T.pm) => call(linksRoute.POST, { token, params: { id }, body: { relatesTo } });
  const links = async (id: string) => (await call(linksRoute.GET, { token: T.outsider, params: { id } })).body;
  const relatedIds = async (id: string) => (await links(id)).relatesTo.map((r: { id: number }) => String(r.id));

  it('links two decisions by number or link; both show it, and both activity logs say so', async () => {
    const [a, b, c] = [await draft('Related A'), await draft('Related B'), await draft('Related C')];
    const r = await relate(a, Number(b));
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body.relatesTo).toEqual([{ id: Number(b), title: 'Related B', status: 'draft', team: ws.team.slug, teamName: ws.team.name }]);
    expect((await relate(a, `https://candor.example.com/decisions/${c}`)).status).toBe(201);
    expect(await relatedIds(a)).toEqual([b, c]);
    expect(await relatedIds(b)).toEqual([a]);
    expect(await links(c)).toMatchObject({ supersedes: null, supersededBy: null, relatesTo: [{ id: Number(a) }] });
    const events = (await call(eventsRoute.GET, { token: T.outsider, params: { id: b } })).body.items;
    expect(events[0]).toMatchObject({ type: 'link.added', actor: { name: 'Priya PM' }, data: { other: Number(a) } });
  });

  it('explains every bad link and refuses people who are neither author nor team admin', async () => {
    const [a, b] = [await draft('Guarded link A'), await draft('Guarded link B')];
    expect((await relate(a, b, T.designer)).status).toBe(403);
    const self = await relate(a, a);
    expect(self.status).toBe(400);
    expect(self.body.error.issues[0]).toEqual({ path: 'relatesTo', message: 'Choose another decision' });
    const junk = await relate(a, 'the pricing one');
    expect(junk.status).toBe(400);
    expect(junk.body.error.issues[0].message).toContain('by its number');
    const missing = await relate(a, 999999);
    expect(missing.status).toBe(404);
    expect(missing.body.error.message).toBe('There is no decision #999999');
    expect((await relate(a, `#${b}`)).status).toBe(201);
    // Either direction is the same link.
    expect((await relate(b, a)).status).toBe(409);
    // A team admin may link a decision they did not write.
    expect((await relate(b, Number(a), T.admin)).status).toBe(409);
  });

  it('unlinks from either end; a withdrawn decision can still gain links (they are navigation, not content)', async () => {
    const [a, b] = [await draft('Unlink A'), await draft('Unlink B')];
    await relate(a, b);
    expect((await call(linkRoute.DELETE, { method: 'DELETE', token: T.designer, params: { id: b, other: a } })).status).toBe(403);
    const r = await call(linkRoute.DELETE, { method: 'DELETE', token: T.pm, params: { id: b, other: a } });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.relatesTo).toEqual([]);
    expect(await relatedIds(a)).toEqual([]);
    expect((await call(linkRoute.DELETE, { method: 'DELETE', token: T.pm, params: { id: b, other: a } })).status).toBe(404);
    expect((await call(linkRoute.DELETE, { method: 'DELETE', token: T.pm, params: { id: b, other: 'x' } })).status).toBe(404);
    expect((await call(withdrawRoute.POST, { token: T.pm, params: { id: a }, body: { reason: 'Folded into the broader pricing decision instead.' } })).status).toBe(200);
    expect((await relate(a, b)).status).toBe(201);
  });
});
