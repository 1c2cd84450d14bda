import 'server-only';
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Db } from '@/db/client';
import { viewerForSession, type Viewer } from '@/db/queries/users';
import { getAuth } from './auth';

/*
 * The session check every page and API call makes, done cheaply: better-auth
 * signs its session cookie (`token.signature`, HMAC-SHA256 with the auth
 * secret, better-call's format); verifying that and reading the session with
 * its person is one HMAC and one indexed query. Nothing is cached, so signing
 * out, a revoked session or a changed function or org-admin flag counts on the
 * very next request, on every instance.
 *
 * better-auth's own getSession is still used when a session is due to be
 * extended (once a day per session: its updateAge), so that sliding
 * expiry works exactly as before.
 */

/** The cookie's value under `name`, read as better-call reads it. */
function cookieValue(headers: Headers, name: string): string | null {
  const header = headers.get('cookie');
  if (!header) return null;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0 || part.slice(0, eq).trim() !== name) continue;
    try {
      return decodeURIComponent(part.slice(eq + 1).trim());
    } catch {
      return null;
    }
  }
  return null;
}

/**
 * The session token when the cookie's signature is right; null otherwise. The
 * cookie's name (`__Secure-` on https), the secret and the session lifetimes
 * are better-auth's own, from the instance serving this request.
 */
export async function verifiedSessionToken(headers: Headers): Promise<string | null> {
  const ctx = await getAuth(headers).$context;
  const value = cookieValue(headers, ctx.authCookies.sessionToken.name);
  if (!value) return null;
  const dot = value.lastIndexOf('.');
  if (dot < 1) return null;
  const token = value.slice(0, dot);
  const signature = value.slice(dot + 1);
  if (signature.length !== 44 || !signature.endsWith('=')) return null;
  const expected = createHmac('sha256', ctx.secret).update(token).digest();
  const given = Buffer.from(signature, 'base64');
  return given.length === expected.length && timingSafeEqual(given, expected) ? token : null;
}

/**
 * The signed-in person for a cookie-carrying request: a Viewer, null (no valid
 * session), or 'refresh' when better-auth should handle it (the session is due
 * to be extended).
 */
export async function sessionViewer(db: Db, headers: Headers, now = Date.now()): Promise<Viewer | null | 'refresh'> {
  const token = await verifiedSessionToken(headers);
  if (!token) return null;
  const found = await viewerForSession(db, token);
  if (!found || found.expiresAt <= now) return null;
  const { expiresIn, updateAge } = (await getAuth(headers).$context).sessionConfig;
  const dueForUpdate = found.expiresAt - expiresIn * 1000 + updateAge * 1000 <= now;
  return dueForUpdate ? 'refresh' : found.viewer;
}
