import { describe, expect, it } from 'vitest';
import * as decisionRoute from '@/app/api/v1/decisions/[id]/route';
import * as revisionRoute from '@/app/api/v1/decisions/[id]/revisions/[n]/route';
import * as revisionsRoute from '@/app/api/v1/decisions/[id]/revisions/route';
import * as decisionsRoute from '@/app/api/v1/decisions/route';
import * as meRoute from '@/app/api/v1/me/route';
import * as metricsRoute from '@/app/api/v1/metrics/route';
import * as teamsRoute from '@/app/api/v1/teams/route';
import * as authRoute from '@/app/api/auth/[...all]/route';
import { createInvite } from '@/db/queries/invites';
import { createMetric } from '@/db/queries/metrics';
import { revokeToken, listTokens } from '@/db/queries/tokens';
import { makeWorkspace, testDb } from './helpers/db';
import { call, tokenFor, serveRoutesFrom } from './helpers/api';

const db = await testDb();
serveRoutesFrom(db);
const ws = await makeWorkspace(db);
const pmToken = await tokenFor(db, ws.pm);
const dsToken = await tokenFor(db, ws.ds);
const adminToken = await tokenFor(db, ws.admin);
const outsiderToken = await tokenFor(db, ws.outsider);
await createMetric(db, ws.ds, { key: 'checkout_conversion', name: 'Checkout conversion', definition: 'Orders divided by checkout sessions.', kind: 'primary', ownerEmail: ws.ds.email });

const fullContent = {
  title: 'Ship the one-page checkout',
  summary: 'One page instead of three; +3 % conversion in a four-week test.',
  context: 'Checkout has three steps and a 38 % drop-off.',
  decision: 'Ship it to all web traffic.',
  options: [
    { name: 'One page', description: 'All on one page', chosen: true },
    { name: 'Keep three steps', description: '', chosen: false },
  ],
  dataSources: [
    { name: 'Checkout A/B', kind: 'ab-test', link: 'https://exp.example.com/412', owner: 'Dev', windowStart: '2026-09-01', windowEnd: '2026-09-28', population: 'Web checkout sessions', sampleSize: 48210, notes: 'SRM checked' },
  ],
  methodology: 'Two-sided test of proportions over four weeks on all web sessions.',
  metrics: [{ key: 'checkout_conversion', role: 'primary', expectedDirection: 'increase', expectedEffect: '+2 %' }],
  evidence: [{ metric: 'checkout_conversion', baseline: 0.41, observed: 0.42, relativeChange: 3.1, ciLow: 1.4, ciHigh: 4.8 }],
  openCritique: 'Novelty effect possible.',
  risks: 'Payment errors surface on the same page.',
  outcomeReviewDate: '2027-02-01',
  tags: ['checkout'],
};

describe('API v1: authentication and errors', () => {
  it('answers 401 with the error shape without credentials, with a bad token, or a malformed header', async () => {
    for (const headers of [{}, { authorization: 'Bearer cnd_nope' }, { authorization: 'Basic abc' }] as Record<string, string>[]) {
      const r = await call(meRoute.GET, { headers });
      expect(r.status).toBe(401);
      expect(r.body).toEqual({ error: { code: 'unauthorized', message: expect.any(String) } });
    }
  });

  it('stops accepting a token once it is revoked', async () => {
    const token = await tokenFor(db, ws.eng);
    expect((await call(meRoute.GET, { token })).status).toBe(200);
    const [record] = await listTokens(db, ws.eng);
    await revokeToken(db, ws.eng, record!.id);
    expect((await call(meRoute.GET, { token })).status).toBe(401);
    // Revoked already, someone else's, or an id past PostgreSQL's int4 (the column is bigint): no active token of theirs.
    for (const id of [record!.id, (await listTokens(db, ws.pm))[0]?.id ?? record!.id + 1, 2_147_483_648, Number.MAX_SAFE_INTEGER]) {
      await expect(revokeToken(db, ws.eng, id), String(id)).rejects.toMatchObject({ code: 'not_found', message: 'No active token with that id' });
    }
  });

  it('accepts a better-auth session cookie', async () => {
    // Sign-up is invite-only: the invite decides the function.
    const { token: invite } = await createInvite(db, ws.admin, { function: 'design' });
    const signUp = await call(authRoute.POST, {
      path: '/api/auth/sign-up/email',
      body: { name: 'Cookie Person', email: 'cookie@example.com', password: 'a-long-password', invite },
      headers: { origin: 'http://localhost:3000' },
    });
    expect(signUp.status).toBe(200);
    const cookie = (signUp.headers.get('set-cookie') ?? '').split(';')[0]!;
    const me = await call(meRoute.GET, { cookie });
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ email: 'cookie@example.com', function: 'design', teams: [] });
  });

  it('rejects bad JSON, a non-JSON content type and bodies over 1 MB with precise errors', async () => {
    const bad = await call(decisionsRoute.POST, { token: pmToken, rawBody: '{"team":', headers: { 'content-type': 'application/json' } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('invalid');
    expect(bad.body.error.message).toMatch(/not valid JSON/);
    const form = await call(decisionsRoute.POST, { token: pmToken, rawBody: 'team=x', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(form.status).toBe(400);
    const huge = await call(decisionsRoute.POST, { token: pmToken, body: { team: ws.team.slug, content: { context: 'x'.repeat(1_100_000) } } });
    expect(huge.status).toBe(413);
    expect(huge.body.error.code).toBe('payload_too_large');
  });

  it('answers a body that is JSON but not an object, or content that is not an object, in its own words', async () => {
    for (const [route, rawBody] of [
      [decisionsRoute.POST, '[1]'],
      [teamsRoute.POST, '"team"'],
      [metricsRoute.POST, '42'],
    ] as const) {
      const r = await call(route, { token: pmToken, rawBody, headers: { 'content-type': 'application/json' } });
      expect(r.status, rawBody).toBe(400);
      expect(r.body.error.message).toBe('Send a JSON object');
    }
    const content = await call(decisionsRoute.POST, { token: pmToken, body: { team: ws.team.slug, content: 'Use Postgres' } });
    expect(content.status).toBe(400);
    expect(content.body.error.message).toBe('content must be an object of the decision’s fields');
    expect(content.body.error.issues).toEqual([{ path: '', message: 'content must be an object of the decision’s fields' }]);
    // The content's own fields keep their own words; a refusal of the whole content has no field to name.
    const unknown = await call(decisionsRoute.POST, { token: pmToken, body: { team: ws.team.slug, content: { datasources: [] } } });
    expect(unknown.body.error.message).toBe('Unknown content field: datasources');
    const title = await call(decisionsRoute.POST, { token: pmToken, body: { team: ws.team.slug, content: { title: 42 } } });
    expect(title.body.error.issues).toHaveLength(1);
    expect(title.body.error.issues[0].path).toBe('title');
    expect(title.body.error.issues[0].message).not.toBe('content must be an object of the decision’s fields');
  });
});

describe('API v1: me, teams, metrics', () => {
  it('describes the caller with their teams', async () => {
    const r = await call(meRoute.GET, { token: pmToken });
    expect(r.body).toEqual({ id: ws.pm.id, email: ws.pm.email, name: 'Priya PM', function: 'product', isOrgAdmin: false, teams: [{ slug: ws.team.slug, name: ws.team.name, role: 'member' }] });
  });

  it('lets only an org admin create teams', async () => {
    expect((await call(teamsRoute.POST, { token: pmToken, body: { slug: 'pm-team', name: 'PM team' } })).status).toBe(403);
    const created = await call(teamsRoute.POST, { token: adminToken, body: { slug: 'api-team', name: 'API team' } });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({ slug: 'api-team', name: 'API team' });
    const dup = await call(teamsRoute.POST, { token: adminToken, body: { slug: 'api-team', name: 'Again' } });
    expect(dup.status).toBe(409);
    const invalid = await call(teamsRoute.POST, { token: adminToken, body: { slug: 'Not A Slug', name: 'x' } });
    expect(invalid.status).toBe(400);
    expect(invalid.body.error.issues.map((i: { path: string }) => i.path)).toEqual(['slug', 'name']);
    const list = await call(teamsRoute.GET, { token: pmToken });
    expect(list.body.items.map((t: { slug: string }) => t.slug)).toContain('api-team');
  });

  it('creates catalogue metrics for data scientists, with the owner resolved by email', async () => {
    const r = await call(metricsRoute.POST, { token: dsToken, body: { key: 'refund_rate', name: 'Refund rate', definition: 'Refunded orders over completed orders.', kind: 'guardrail', ownerEmail: ws.ds.email } });
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ key: 'refund_rate', kind: 'guardrail', owner: { email: ws.ds.email } });
    expect((await call(metricsRoute.POST, { token: pmToken, body: { key: 'x_rate', name: 'X rate', definition: 'Something per something.', kind: 'primary', ownerEmail: ws.ds.email } })).status).toBe(403);
    const unknownOwner = await call(metricsRoute.POST, { token: dsToken, body: { key: 'y_rate', name: 'Y rate', definition: 'Something per something.', kind: 'primary', ownerEmail: 'ghost@example.com' } });
    expect(unknownOwner.status).toBe(400);
    expect(unknownOwner.body.error.issues).toEqual([{ path: 'ownerEmail', message: 'No account with this email' }]);
    const list = await call(metricsRoute.GET, { token: pmToken });
    expect(list.body.items.map((m: { key: string }) => m.key)).toEqual(expect.arrayContaining(['checkout_conversion', 'refund_rate']));
  });
});

describe('API v1: decisions and revisions', () => {
  it('creates a draft with every content field and returns it whole', async () => {
    const r = await call(decisionsRoute.POST, { token: pmToken, body: { team: ws.team.slug, content: fullContent } });
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ team: ws.team.slug, status: 'draft', revision: 1, authors: [{ email: ws.pm.email }] });
    expect(r.body.content).toMatchObject({ ...fullContent, dataSources: [{ ...fullContent.dataSources[0], asOf: null, query: '' }] });
    const got = await call(decisionRoute.GET, { token: dsToken, params: { id: String(r.body.id) } });
    // The same record for everyone; what each may do to it differs.
    const { viewerCan: authorCan, ...record } = r.body;
    const { viewerCan: readerCan, ...read } = got.body;
    expect(read).toEqual(record);
    expect(authorCan).toMatchObject({ edit: true, circulate: true, review: false });
    expect(readerCan).toMatchObject({ edit: false, circulate: false, comment: true });
  });

  it('reports validation problems with paths inside the content', async () => {
    const r = await call(decisionsRoute.POST, {
      token: pmToken,
      body: { team: ws.team.slug, content: { dataSources: [{ name: 'A/B', kind: 'ab-test', sampleSize: 1.5, link: 'javascript:alert(1)', asOf: '2026-02-30' }], context: 'x'.repeat(50_001), tags: new Array(51).fill('t') } },
    });
    expect(r.status).toBe(400);
    const paths = r.body.error.issues.map((i: { path: string }) => i.path);
    expect(paths).toEqual(expect.arrayContaining(['dataSources.0.sampleSize', 'dataSources.0.link', 'dataSources.0.asOf', 'context', 'tags']));
    expect(r.body.error.issues.find((i: { path: string }) => i.path === 'dataSources.0.sampleSize').message).toBe('Sample size must be a whole number');
  });

  it('refuses drafts in a team the caller is not in, and unknown teams', async () => {
    expect((await call(decisionsRoute.POST, { token: outsiderToken, body: { team: ws.team.slug, content: {} } })).status).toBe(403);
    expect((await call(decisionsRoute.POST, { token: pmToken, body: { team: 'nope', content: {} } })).status).toBe(404);
  });

  it('patches partially into a new revision; stale bases get 409 with currentRevision; non-authors get 403', async () => {
    const created = await call(decisionsRoute.POST, { token: pmToken, body: { team: ws.team.slug, content: { title: 'Patch me', summary: 'Keep me' } } });
    const id = String(created.body.id);
    const p1 = await call(decisionRoute.PATCH, { method: 'PATCH', token: pmToken, params: { id }, body: { baseRevision: 1, content: { title: 'Patched' } } });
    expect(p1.status).toBe(200);
    expect(p1.body).toMatchObject({ revision: 2, content: { title: 'Patched', summary: 'Keep me' }, changed: ['title'] });

    const stale = await call(decisionRoute.PATCH, { method: 'PATCH', token: pmToken, params: { id }, body: { baseRevision: 1, content: { summary: 'Overwrite?' } } });
    expect(stale.status).toBe(409);
    expect(stale.body.error).toMatchObject({ code: 'conflict', currentRevision: 2, changedSections: ['title'] });

    const other = await call(decisionRoute.PATCH, { method: 'PATCH', token: dsToken, params: { id }, body: { baseRevision: 2, content: { title: 'Mine now' } } });
    expect(other.status).toBe(403);

    const unknownKey = await call(decisionRoute.PATCH, { method: 'PATCH', token: pmToken, params: { id }, body: { baseRevision: 2, content: { tilte: 'typo' } } });
    expect(unknownKey.status).toBe(400);
    expect(unknownKey.body.error.message).toContain('tilte');

    const revs = await call(revisionsRoute.GET, { token: dsToken, params: { id } });
    expect(revs.body.map((r: { number: number }) => r.number)).toEqual([2, 1]);
    const r1 = await call(revisionRoute.GET, { token: dsToken, params: { id, n: '1' } });
    expect(r1.body).toMatchObject({ number: 1, content: { title: 'Patch me' }, author: { email: ws.pm.email } });
    expect((await call(revisionRoute.GET, { token: dsToken, params: { id, n: '9' } })).status).toBe(404);
    expect((await call(revisionRoute.GET, { token: dsToken, params: { id, n: 'abc' } })).status).toBe(404);
  });

  it('lists with filters and keyset pagination, limit ≤ 100', async () => {
    for (const title of ['List A', 'List B', 'List C']) await call(decisionsRoute.POST, { token: pmToken, body: { team: ws.team.slug, content: { title } } });
    const page1 = await call(decisionsRoute.GET, { token: dsToken, path: `/api/v1/decisions?team=${ws.team.slug}&limit=2` });
    expect(page1.status).toBe(200);
    expect(page1.body.items).toHaveLength(2);
    expect(page1.body.nextCursor).toEqual(expect.any(String));
    expect(Object.keys(page1.body.items[0]).sort()).toEqual(['author', 'id', 'imported', 'lastActivityAt', 'outcome', 'publishedAt', 'revision', 'status', 'team', 'title', 'updatedAt']);
    const page2 = await call(decisionsRoute.GET, { token: dsToken, path: `/api/v1/decisions?team=${ws.team.slug}&limit=2&cursor=${page1.body.nextCursor}` });
    expect(page2.status, JSON.stringify(page2.body)).toBe(200);
    expect(page2.body.items[0].id).not.toBe(page1.body.items[0].id);
    const mine = await call(decisionsRoute.GET, { token: dsToken, path: `/api/v1/decisions?author=${ws.pm.email}&status=draft` });
    expect(mine.body.items.every((d: { author: { email: string } }) => d.author.email === ws.pm.email)).toBe(true);
    expect((await call(decisionsRoute.GET, { token: dsToken, path: '/api/v1/decisions?limit=101' })).status).toBe(400);
    expect((await call(decisionsRoute.GET, { token: dsToken, path: '/api/v1/decisions?status=bogus' })).status).toBe(400);
    expect((await call(decisionsRoute.GET, { token: dsToken, path: '/api/v1/decisions?cursor=%%%' })).status).toBe(400);
  });

  it('answers 404 for ids that are not decisions', async () => {
    for (const id of ['999999', 'abc', '-1', '1e3', '99999999999999999999']) {
      const r = await call(decisionRoute.GET, { token: dsToken, params: { id } });
      expect(r.status).toBe(404);
      expect(r.body.error.code).toBe('not_found');
    }
  });
});
