import { describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import * as authRoute from '@/app/api/auth/[...all]/route';
import * as meRoute from '@/app/api/v1/me/route';
import { setUserRoles } from '@/db/queries/users';
import { session as sessions } from '@/db/schema';
import { PEER_HEADER } from '@/server/client-address';
import { createToken } from '@/db/queries/tokens';
import { viewerFromHeaders, viewerFromSession } from '@/server/api';
import { SESSION_EXPIRES_IN_S } from '@/server/auth';
import { sessionViewer, verifiedSessionToken } from '@/server/session';
import { call, serveRoutesFrom } from './helpers/api';
import { makeUser, testDb } from './helpers/db';

/*
 * The request path checks a session with one HMAC and one indexed read
 * (server/session.ts) instead of better-auth's full getSession. It must agree
 * with better-auth on every case a person would notice.
 */

const db = await testDb();
serveRoutesFrom(db);
const PASSWORD = 'correct-horse-battery';
// The first account of an empty organisation becomes its org admin: make that one first.
const admin = await makeUser(db, { orgAdmin: true });

async function signIn(email: string): Promise<string> {
  const headers = { 'content-type': 'application/json', origin: 'http://localhost:3000', host: 'localhost:3000', [PEER_HEADER]: '127.0.0.1' };
  const res = await authRoute.POST(new Request('http://localhost:3000/api/auth/sign-in/email', { method: 'POST', headers, body: JSON.stringify({ email, password: PASSWORD }) }));
  expect(res.status).toBe(200);
  return res.headers.getSetCookie().find((c) => c.includes('session_token='))!.split(';')[0]!;
}

const request = (cookie: string) => new Headers({ cookie, host: 'localhost:3000' });

describe('session check on the request path', () => {
  it('knows the person behind a valid cookie, as better-auth does', async () => {
    const u = await makeUser(db, { function: 'design' });
    const cookie = await signIn(u.email);
    const viewer = await viewerFromHeaders(db, request(cookie));
    expect(viewer).toMatchObject({ id: u.id, email: u.email, function: 'design', isOrgAdmin: false });
    expect((await call(meRoute.GET, { cookie })).body.email).toBe(u.email);
  });

  it('pages and Server Actions read the session alone: a token signs no one in there, and another Authorization header hides no session', async () => {
    const u = await makeUser(db);
    const cookie = await signIn(u.email);
    const { token } = await createToken(db, u, { label: 'script' });
    // The JSON API takes the token…
    expect(await viewerFromHeaders(db, new Headers({ authorization: `Bearer ${token}` }))).toMatchObject({ id: u.id });
    // …pages do not: a leaked API token must not open Settings and mint its own successor.
    expect(await viewerFromSession(db, new Headers({ authorization: `Bearer ${token}`, host: 'localhost:3000' }))).toBeNull();
    // A proxy's Basic credentials in front of Candor do not sign the person out of pages.
    expect(await viewerFromSession(db, new Headers({ cookie, authorization: 'Basic dXNlcjpwYXNz', host: 'localhost:3000' }))).toMatchObject({ id: u.id });
  });

  it('refuses a cookie whose signature was tampered with, a bare token and an unknown token', async () => {
    const u = await makeUser(db);
    const cookie = await signIn(u.email);
    const [name, value] = cookie.split('=') as [string, string];
    const raw = decodeURIComponent(value);
    const token = raw.slice(0, raw.lastIndexOf('.'));
    // Flip the signature's first character (its last ones carry base64 padding bits that may not change the bytes).
    const dot = raw.lastIndexOf('.');
    const flipped = raw.slice(0, dot + 1) + (raw[dot + 1] === 'A' ? 'B' : 'A') + raw.slice(dot + 2);
    for (const bad of [`${name}=${encodeURIComponent(flipped)}`, `${name}=${token}`, `${name}=${encodeURIComponent('x' + raw)}`, `${name}=%E0%A4%A`]) {
      expect((await verifiedSessionToken(request(bad))) === token ? 'accepted' : 'refused').toBe('refused');
      expect(await viewerFromHeaders(db, request(bad))).toBeNull();
    }
  });

  it('signing out counts on the very next request', async () => {
    const u = await makeUser(db);
    const cookie = await signIn(u.email);
    expect(await viewerFromHeaders(db, request(cookie))).not.toBeNull();
    const out = await authRoute.POST(new Request('http://localhost:3000/api/auth/sign-out', { method: 'POST', headers: { cookie, 'content-type': 'application/json', origin: 'http://localhost:3000', host: 'localhost:3000', [PEER_HEADER]: '127.0.0.1' }, body: '{}' }));
    expect(out.status).toBe(200);
    expect(await viewerFromHeaders(db, request(cookie))).toBeNull();
  });

  it('a changed function or org-admin flag counts on the very next request', async () => {
    const u = await makeUser(db, { function: 'product' });
    const cookie = await signIn(u.email);
    expect((await viewerFromHeaders(db, request(cookie)))?.function).toBe('product');
    await setUserRoles(db, admin, u.id, { function: 'engineering', orgAdmin: true });
    expect(await viewerFromHeaders(db, request(cookie))).toMatchObject({ function: 'engineering', isOrgAdmin: true });
  });

  it('an expired session is no session; one due for its daily extension is handed to better-auth, which extends it', async () => {
    const u = await makeUser(db);
    const cookie = await signIn(u.email);
    const token = (await verifiedSessionToken(request(cookie)))!;
    const now = Date.now();
    await db.update(sessions).set({ expiresAt: new Date(now - 1000) }).where(eq(sessions.token, token));
    expect(await viewerFromHeaders(db, request(cookie))).toBeNull();

    // Two days old: due for an extension.
    const dueAt = new Date(now + SESSION_EXPIRES_IN_S * 1000 - 2 * 24 * 3600e3);
    await db.update(sessions).set({ expiresAt: dueAt }).where(eq(sessions.token, token));
    expect(await sessionViewer(db, request(cookie))).toBe('refresh');
    expect((await viewerFromHeaders(db, request(cookie)))?.id).toBe(u.id);
    const after = (await db.select({ expiresAt: sessions.expiresAt }).from(sessions).where(eq(sessions.token, token)))[0]!;
    expect(after.expiresAt.getTime()).toBeGreaterThan(dueAt.getTime());
    expect(await sessionViewer(db, request(cookie))).toMatchObject({ id: u.id });
  });

  it('reads the __Secure- cookie only on https requests, as better-auth names it', async () => {
    const u = await makeUser(db);
    const cookie = await signIn(u.email);
    const secureName = `__Secure-${cookie}`;
    expect(await viewerFromHeaders(db, new Headers({ cookie: secureName, host: 'localhost:3000' }))).toBeNull();
  });
});
