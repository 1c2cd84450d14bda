import { readdirSync } from 'node:fs';
import path from 'node:path';
import { NextRequest } from 'next/server';
import { SaxesParser } from 'saxes';
import { eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import * as authRoute from '@/app/api/auth/[...all]/route';
import * as circulateRoute from '@/app/api/v1/decisions/[id]/circulate/route';
import * as publishRoute from '@/app/api/v1/decisions/[id]/publish/route';
import * as decisionRoute from '@/app/api/v1/decisions/[id]/route';
import * as orgFeedRoute from '@/app/feed.xml/route';
import * as teamFeedRoute from '@/app/(app)/teams/[slug]/feed.xml/route';
import { createDecision } from '@/db/queries/decisions';
import { createMetric } from '@/db/queries/metrics';
import { first, rawRun } from '@/db/client';
import { engine } from '@/db/engine';
import { decisions, revisions, teams, user } from '@/db/schema';
import { atomFeed } from '@/lib/atom';
import { ERROR_STATUS } from '@/lib/errors';
import { proxy } from '@/proxy';
import { call, serveRoutesFrom, tokenFor } from './helpers/api';
import { makeWorkspace, testDb } from './helpers/db';
import { demoContent, publishAt, relaxGate } from './helpers/publishing';

/*
 * Web security on a real migrated SQLite file: cross-site writes refused
 * (CSRF), the security headers proxy.ts puts on pages, API and feeds, feeds that
 * stay well-formed XML whatever a row holds, and 405s in the API's error shape.
 */

const db = await testDb();
serveRoutesFrom(db);
const ws = await makeWorkspace(db);
await relaxGate(db, ws.admin, ws.team.slug);
for (const key of ['weekly_active_buyers', 'unsubscribe_rate']) {
  await createMetric(db, ws.ds, { key, name: key, kind: 'guardrail', definition: `The ${key} metric.`, ownerEmail: ws.ds.email });
}
const pmToken = await tokenFor(db, ws.pm);

const OWN = 'http://localhost:3000';

async function sessionCookie(email: string): Promise<string> {
  const r = await call(authRoute.POST, { path: '/api/auth/sign-in/email', body: { email, password: 'correct-horse-battery' }, headers: { origin: OWN } });
  expect(r.status).toBe(200);
  return (r.headers.get('set-cookie') ?? '').split(';')[0]!;
}
const pmCookie = await sessionCookie(ws.pm.email);

async function draft(title: string): Promise<number> {
  return (await createDecision(db, ws.pm, { team: ws.team.slug, content: demoContent(Date.now(), { title }) })).id;
}
const statusOf = async (id: number) => (await first(db.select({ status: decisions.status }).from(decisions).where(eq(decisions.id, id))))?.status;

const crossSite = { error: { code: 'forbidden', message: expect.stringMatching(/cross-site/) } };

describe('CSRF: cookie-authenticated writes must come from Candor itself', () => {
  const attacks: [string, Record<string, string>][] = [
    ['an Origin on another site', { origin: 'http://evil.test' }],
    ['an Origin on another port of this machine (same site, other origin)', { origin: 'http://localhost:4000' }],
    ['an opaque Origin (sandboxed frame, data: URL)', { origin: 'null' }],
    ['the right host over the wrong scheme', { origin: 'https://localhost:3000' }],
    ['no Origin and Sec-Fetch-Site: cross-site', { 'sec-fetch-site': 'cross-site' }],
    ['no Origin and Sec-Fetch-Site: same-site', { 'sec-fetch-site': 'same-site' }],
    ['neither Origin nor Sec-Fetch-Site', {}],
  ];

  for (const [name, headers] of attacks) {
    it(`refuses a body-less circulate with ${name}, and the decision stays a draft`, async () => {
      const id = await draft(`CSRF circulate: ${name}`);
      const r = await call(circulateRoute.POST, { method: 'POST', cookie: pmCookie, params: { id: String(id) }, path: `/api/v1/decisions/${id}/circulate`, headers });
      expect(r.status).toBe(403);
      expect(r.body).toEqual(crossSite);
      expect(await statusOf(id)).toBe('draft');
    });
  }

  it('refuses a plain HTML form post (text/plain body) to publish and a JSON PATCH from another site', async () => {
    const id = await draft('CSRF publish form');
    const form = await call(publishRoute.POST, { cookie: pmCookie, params: { id: String(id) }, rawBody: '{"x":"=1"}', headers: { 'content-type': 'text/plain', origin: 'http://evil.test' } });
    expect(form.status).toBe(403);
    expect(form.body).toEqual(crossSite);
    const patch = await call(decisionRoute.PATCH, { method: 'PATCH', cookie: pmCookie, params: { id: String(id) }, body: { baseRevision: 1, content: { title: 'Renamed by evil' } }, headers: { origin: 'http://evil.test' } });
    expect(patch.status).toBe(403);
    expect((await call(decisionRoute.GET, { token: pmToken, params: { id: String(id) } })).body.content.title).toBe('CSRF publish form');
  });

  it('accepts the same write from its own origin (Origin, or Sec-Fetch-Site: same-origin)', async () => {
    const id = await draft('CSRF same origin');
    const viaOrigin = await call(circulateRoute.POST, { method: 'POST', cookie: pmCookie, params: { id: String(id) }, headers: { origin: OWN } });
    expect(viaOrigin.status).toBe(200);
    expect(await statusOf(id)).toBe('in-review');
    const other = await draft('CSRF same origin, fetch metadata');
    const viaFetchMetadata = await call(circulateRoute.POST, { method: 'POST', cookie: pmCookie, params: { id: String(other) }, headers: { 'sec-fetch-site': 'same-origin' } });
    expect(viaFetchMetadata.status).toBe(200);
    expect(await statusOf(other)).toBe('in-review');
  });

  it('refuses an Origin equal to a host Candor does not answer to (DNS rebinding)', async () => {
    const id = await draft('CSRF rebinding');
    const req = new Request(`http://evil.test/api/v1/decisions/${id}/circulate`, { method: 'POST', headers: { cookie: pmCookie, origin: 'http://evil.test' } });
    const res = await circulateRoute.POST(req, { params: Promise.resolve({ id: String(id) }) });
    expect(res.status).toBe(403);
    expect(await statusOf(id)).toBe('draft');
  });

  it('leaves bearer-token requests and reads alone', async () => {
    const id = await draft('CSRF bearer');
    const withToken = await call(circulateRoute.POST, { method: 'POST', token: pmToken, params: { id: String(id) }, headers: { origin: 'http://evil.test' } });
    expect(withToken.status).toBe(200);
    const read = await call(decisionRoute.GET, { cookie: pmCookie, params: { id: String(id) }, headers: { origin: 'http://evil.test', 'sec-fetch-site': 'cross-site' } });
    expect(read.status).toBe(200);
  });

  it('refuses sign-in and sign-out from another origin, even another port of localhost that better-auth trusts', async () => {
    for (const origin of ['http://localhost:4000', 'http://evil.test']) {
      const signIn = await call(authRoute.POST, { path: '/api/auth/sign-in/email', body: { email: ws.pm.email, password: 'correct-horse-battery' }, headers: { origin } });
      expect(signIn.status).toBe(403);
      expect(signIn.body).toEqual(crossSite);
      expect(signIn.headers.get('set-cookie')).toBeNull();
    }
    const signOut = await call(authRoute.POST, { method: 'POST', path: '/api/auth/sign-out', cookie: pmCookie, headers: { origin: 'http://localhost:4000' } });
    expect(signOut.status).toBe(403);
    // The session still works.
    expect((await call(decisionRoute.GET, { cookie: pmCookie, params: { id: String(await draft('still signed in')) } })).status).toBe(200);
  });
});

// ——————————————————————————————————————————————————————————————— headers (proxy.ts)

function viaProxy(pathAndQuery: string, init: { method?: string; headers?: Record<string, string> } = {}) {
  return proxy(new NextRequest(`${OWN}${pathAndQuery}`, { method: init.method ?? 'GET', headers: init.headers }));
}
const directives = (csp: string | null) => new Map((csp ?? '').split(';').map((d) => d.trim().split(/\s+/)).map(([k, ...v]) => [k!, v]));

describe('security headers', () => {
  it('gives a page a strict CSP with a fresh nonce, and tells Next the nonce', () => {
    const a = viaProxy('/decisions');
    const b = viaProxy('/decisions');
    const csp = directives(a.headers.get('content-security-policy'));
    const nonce = csp.get('script-src')!.find((s) => s.startsWith("'nonce-"))!;
    expect(nonce).toMatch(/^'nonce-[A-Za-z0-9+/=]{16,}'$/);
    expect(b.headers.get('content-security-policy')).not.toContain(nonce);
    expect(csp.get('script-src')).toEqual(["'self'", nonce, "'strict-dynamic'"]);
    expect(csp.get('style-src')).toEqual(["'self'", nonce]);
    expect(csp.get('object-src')).toEqual(["'none'"]);
    expect(csp.get('base-uri')).toEqual(["'self'"]);
    expect(csp.get('form-action')).toEqual(["'self'"]);
    expect(csp.get('frame-ancestors')).toEqual(["'none'"]);
    expect(a.headers.get('content-security-policy')).not.toContain('unsafe-eval');
    // Next reads the nonce from the forwarded request headers.
    expect(a.headers.get('x-middleware-request-content-security-policy')).toBe(a.headers.get('content-security-policy'));
    expect(a.headers.get('x-frame-options')).toBe('DENY');
    expect(a.headers.get('x-content-type-options')).toBe('nosniff');
    expect(a.headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin');
    expect(a.headers.get('permissions-policy')).toMatch(/camera=\(\)/);
  });

  it('gives API responses a CSP that allows nothing, and the same headers', () => {
    const r = viaProxy('/api/v1/decisions');
    expect(r.headers.get('content-security-policy')).toMatch(/^default-src 'none'; frame-ancestors 'none'/);
    expect(r.headers.get('x-content-type-options')).toBe('nosniff');
    expect(r.headers.get('x-frame-options')).toBe('DENY');
    expect(r.headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin');
  });

  it('answers a method Candor does not support with 405 and a body too large to read with 413, never an empty 400 or a 500', async () => {
    const api = viaProxy('/api/v1/decisions', { method: 'PROPFIND' });
    expect(api.status).toBe(405);
    expect(api.headers.get('allow')).toBe('GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS');
    expect(await api.json()).toEqual({ error: { code: 'method_not_allowed', message: 'PROPFIND is not supported here' } });
    const page = viaProxy('/decisions', { method: 'MKCOL' });
    expect(page.status).toBe(405);
    expect(await page.text()).toBe('405 Method Not Allowed: MKCOL is not supported here\n');
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    // An upload past the Server Actions' 10 MB limit (which Next would cut short and answer with a 500).
    const upload = viaProxy('/teams/growth/settings', { method: 'POST', headers: { origin: OWN, 'content-length': String(11 * 1024 * 1024) } });
    expect(upload.status).toBe(413);
    expect(await upload.text()).toBe('413 Content Too Large: This request is 11.0 MB; Candor takes at most 10 MB at once\n');
    // The same upload sent in chunks, without its length, is refused before Next starts reading it.
    const chunked = viaProxy('/teams/growth/settings', { method: 'POST', headers: { origin: OWN, 'next-action': 'abc', 'transfer-encoding': 'chunked' } });
    expect(chunked.status).toBe(411);
    expect(await chunked.text()).toBe('411 Length Required: Send the length of the request (Content-Length); Candor takes at most 10 MB at once\n');
    // The JSON API limits the bodies it reads itself, chunked or not.
    expect(viaProxy('/api/v1/decisions', { method: 'POST', headers: { 'transfer-encoding': 'chunked' } }).headers.get('x-middleware-next')).toBe('1');
  });

  it('keeps a feed URL (which may hold ?token=) out of every Referer', () => {
    for (const p of ['/feed.xml?token=cnd_secret', '/teams/checkout/feed.xml', '/feed.xml']) {
      const r = viaProxy(p);
      expect(r.headers.get('referrer-policy')).toBe('no-referrer');
      expect(r.headers.get('content-security-policy')).toMatch(/^default-src 'none'/);
      expect(r.headers.get('x-content-type-options')).toBe('nosniff');
    }
  });

  it('answers a cross-site post to a page (a forged Server Action) with 403 before Next runs it', async () => {
    const r = viaProxy('/decisions/1', { method: 'POST', headers: { origin: 'http://localhost:4000', 'next-action': 'abc' } });
    expect(r.status).toBe(403);
    expect(await r.text()).toMatch(/cross-site/);
    const same = viaProxy('/decisions/1', { method: 'POST', headers: { origin: OWN, 'next-action': 'abc' } });
    expect(same.headers.get('x-middleware-next')).toBe('1');
  });

  it('checks writes to page paths ending in .md or .xml too: Next runs a Server Action posted to any page path', async () => {
    for (const p of ['/decisions/17.md', '/metrics/x.md', '/feed.xml', '/teams/checkout/feed.xml']) {
      const bare = viaProxy(p, { method: 'POST', headers: { 'next-action': 'abc', 'content-type': 'text/plain;charset=UTF-8' } });
      expect(bare.status, p).toBe(403);
      expect(await bare.text()).toMatch(/must say where it comes from/);
      expect(viaProxy(p, { method: 'POST', headers: { origin: 'http://localhost:4000', 'next-action': 'abc' } }).status, p).toBe(403);
      expect(viaProxy(p, { method: 'POST', headers: { origin: OWN, 'next-action': 'abc' } }).headers.get('x-middleware-next'), p).toBe('1');
    }
    // Reading them is unchanged, and the JSON API still checks its own callers (a token needs no Origin).
    expect(viaProxy('/feed.xml').headers.get('x-middleware-next')).toBe('1');
    expect(viaProxy('/api/v1/decisions', { method: 'POST' }).headers.get('x-middleware-next')).toBe('1');
  });


  it('answers an address with a broken %-escape with 400 before Next routes it (Next would answer 500)', async () => {
    for (const p of ['/decisions/%ff', '/teams/%E0%A4%A/settings', '/metrics/100%']) {
      const r = viaProxy(p);
      expect(r.status, p).toBe(400);
      expect(await r.text()).toMatch(/broken %-escape/);
      expect(r.headers.get('x-frame-options')).toBe('DENY');
    }
    const api = viaProxy('/api/v1/decisions/%ff');
    expect(api.status).toBe(400);
    expect(api.headers.get('content-type')).toMatch(/^application\/json/);
    expect((await api.json()).error).toMatchObject({ code: 'invalid', message: expect.stringMatching(/broken %-escape/) });
    // Well-formed escapes pass through.
    expect(viaProxy('/metrics/weekly%20buyers').headers.get('x-middleware-next')).toBe('1');
  });
});

// ——————————————————————————————————————————————————————————————— Atom feeds

/** Parse with a strict XML 1.0 parser; throws on the first well-formedness error. */
function parseXml(xml: string): { texts: Map<string, string[]> } {
  const parser = new SaxesParser({ xmlns: true });
  const texts = new Map<string, string[]>();
  const stack: string[] = [];
  parser.on('error', (e) => {
    throw e;
  });
  parser.on('opentag', (t) => stack.push(t.local));
  parser.on('closetag', () => stack.pop());
  parser.on('text', (t) => {
    const k = stack.at(-1)!;
    texts.set(k, [...(texts.get(k) ?? []), t]);
  });
  parser.write(xml).close();
  return { texts };
}

describe('Atom feeds with characters XML cannot hold', async () => {
  const id = await publishAt(db, Date.now() - 3600e3, { team: ws.team.slug, author: ws.pm, reviewer: ws.ds, content: { title: 'Feed clean title' } });
  // Written straight into the rows, past any input validation, so the feed writer's output escaping is what is tested.
  if (engine() === 'pg') {
    // PostgreSQL text cannot hold NUL or a lone surrogate at all: these rows get every other character XML cannot hold.
    await db.update(decisions).set({ title: 'Null FFFF\uFFFF FFFE\uFFFE surrogate esc\u001b & <ok> 😀' }).where(eq(decisions.id, id));
    await db.update(teams).set({ name: 'Team\u0001 X' }).where(eq(teams.slug, ws.team.slug));
  } else {
    // SQLite stores NUL, and char(55296) writes a lone surrogate's bytes.
    await rawRun(db, sql`UPDATE decisions SET title = 'Null' || char(0) || ' FFFF' || char(65535) || ' FFFE' || char(65534) || ' surrogate' || char(55296) || ' esc' || char(27) || ' & <ok> 😀' WHERE id = ${id}`);
    await rawRun(db, sql`UPDATE teams SET name = 'Team' || char(0) || ' X' WHERE slug = ${ws.team.slug}`);
  }
  // The content is JSON text on both engines, which carries NUL and other control characters as \u escapes.
  for (const r of await db.select({ id: revisions.id, content: revisions.content }).from(revisions).where(eq(revisions.decisionId, id))) {
    const content = { ...JSON.parse(r.content), summary: 'Sum\u0000mary\uFFFF', decision: 'Body \u0001\uFFFF **bold**' };
    await db.update(revisions).set({ content: JSON.stringify(content) }).where(eq(revisions.id, r.id));
  }
  await db.update(user).set({ name: 'Priya\uFFFF PM' }).where(eq(user.id, ws.pm.id));
  const token = await tokenFor(db, ws.pm, 'feed');

  it('stays well-formed XML and keeps every allowed character', async () => {
    for (const r of [
      await call(orgFeedRoute.GET, { path: `/feed.xml?token=${token}` }),
      await call(teamFeedRoute.GET, { path: `/teams/${ws.team.slug}/feed.xml?token=${token}`, params: { slug: ws.team.slug } }),
    ]) {
      expect(r.status).toBe(200);
      const { texts } = parseXml(r.body as string);
      const title = texts.get('title')!.find((t) => t.startsWith('Null'))!;
      expect(title).toMatch(/^Null FFFF FFFE surrogate\uFFFD* esc & <ok> 😀$/);
      expect(texts.get('name')).toContain('Priya PM');
      expect(texts.get('summary')).toContain('Summary');
      expect(r.headers.get('referrer-policy')).toBe('no-referrer');
      // The token the reader was given never appears in the feed's own links.
      expect(r.body as string).not.toContain(token);
    }
  });

  it('drops lone surrogates and U+FFFE/U+FFFF that a string carries into the writer', () => {
    const xml = atomFeed({
      title: 'Lone \uD800 high, lone \uDC00 low, \uFFFE\uFFFF, NUL \u0000, pair 😀',
      origin: 'http://localhost:3000',
      selfPath: '/feed.xml',
      alternatePath: '/decisions',
      feedId: 'http://localhost:3000/feed',
      entries: [{ id: 1, title: 'T\uDBFF', teamName: 'Team', author: 'A\u0008', status: 'published', publishedAt: new Date(0).toISOString(), summary: 'S\uFFFF', decision: 'D \uD83D' }],
    });
    const { texts } = parseXml(xml);
    expect(texts.get('title')).toEqual(['Lone  high, lone  low, , NUL , pair 😀', 'T']);
  });
});

// ——————————————————————————————————————————————————————————————— 405s

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;
type RouteModule = Partial<Record<(typeof METHODS)[number] | 'OPTIONS', (req: Request, ctx: { params: Promise<unknown> }) => Promise<Response> | Response>>;

function routeFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? routeFiles(p) : e.name === 'route.ts' ? [p] : [];
  });
}
const API_DIR = path.resolve(import.meta.dirname, '../app/api/v1');

describe('unsupported methods on the API', () => {
  it('is a documented error code', () => {
    expect(ERROR_STATUS.method_not_allowed).toBe(405);
  });

  for (const file of routeFiles(API_DIR)) {
    const rel = path.relative(API_DIR, file);
    it(`${rel} answers every method it does not implement with 405, Allow and the error shape`, async () => {
      const mod = (await import(/* @vite-ignore */ file)) as RouteModule;
      const notAllowed: string[] = [];
      const implemented: string[] = [];
      for (const m of METHODS) {
        // Every method is exported, so Next never answers with its own empty 405.
        expect(typeof mod[m], `${rel} exports ${m}`).toBe('function');
        const res = await mod[m]!(new Request(`${OWN}/api/v1/${rel}`, { method: m }), { params: Promise.resolve({ id: '1', slug: 'x', key: 'k', n: '1', email: 'a@b.c', other: '2', rest: ['nope'] }) });
        const body = await res.json();
        if (res.status === 405) {
          notAllowed.push(m);
          expect(body).toEqual({ error: { code: 'method_not_allowed', message: expect.stringContaining(m) } });
          expect(res.headers.get('allow')).toBeTruthy();
        } else {
          implemented.push(m);
          expect(body.error.code, `${rel} ${m}`).toMatch(/^(unauthorized|not_found)$/);
        }
      }
      if (rel.startsWith('[...rest]')) {
        // Unknown paths: every method is a 404 in the error shape.
        expect(notAllowed).toEqual([]);
        return;
      }
      expect(notAllowed.length).toBeGreaterThan(0);
      const allow = (await mod.OPTIONS!(new Request(`${OWN}/api/v1/${rel}`, { method: 'OPTIONS' }), { params: Promise.resolve({}) })).headers.get('allow')!;
      expect(allow.split(', ').filter((m) => m !== 'HEAD' && m !== 'OPTIONS')).toEqual(implemented);
    });
  }
});

describe('which hosts count as Candor', () => {
  it('accepts private-network address literals but not DNS names that merely start with digits', async () => {
    const { isAllowedHost } = await import('@/server/origin');
    expect(isAllowedHost('10.1.2.3:3000')).toBe(true);
    expect(isAllowedHost('192.168.1.20:3000')).toBe(true);
    expect(isAllowedHost('172.16.0.9')).toBe(true);
    expect(isAllowedHost('localhost:3000')).toBe(true);
    expect(isAllowedHost('candor.local:3000')).toBe(true);
    expect(isAllowedHost('10.evil.test:3000')).toBe(false);
    expect(isAllowedHost('192.168.evil.test')).toBe(false);
    expect(isAllowedHost('172.16.1.2.evil.test')).toBe(false);
    expect(isAllowedHost('evil.test')).toBe(false);
  });
});
