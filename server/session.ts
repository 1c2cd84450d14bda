import 'server-only';
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Db } from '@/db/client';
import { viewerForSession, type Viewer } from '@/db/queries/users';
import { isHttpsRequest } from './client-address';
import { authSecret } from './env';

/*
 * The session check every page and API call makes, done cheaply: better-auth
 * signs its session cookie (`token.signature`, HMAC-SHA256 with the auth
 * secret, better-call's format); verifying that and reading the session with
 * its person is one HMAC and one indexed query. Nothing is cached, so signing
 * out, a revoked session or a changed function or org-admin flag counts on the
 * very next request, on every instance.
 *
 * better-auth's own getSession is still used when a session is due to be
 * extended (once a day per session: SESSION_UPDATE_AGE_S), so that sliding
 * expiry works exactly as before.
 */

/** Session lifetime and refresh age: server/auth.ts configures better-auth with these. */
export const SESSION_EXPIRES_IN_S = 60 * 60 * 24 * 30;
export const SESSION_UPDATE_AGE_S = 60 * 60 * 24;

const COOKIE = 'better-auth.session_token';

/** The cookie's value, read as better-call reads it (the cookie name fixed by the request's scheme). */
function sessionCookie(headers: Headers): string | null {
  const header = headers.get('cookie');
  if (!header) return null;
  const name = isHttpsRequest(headers) ? `__Secure-${COOKIE}` : COOKIE;
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

/** The session token when the cookie's signature is right; null otherwise. */
export function verifiedSessionToken(headers: Headers, secret = authSecret()): string | null {
  const value = sessionCookie(headers);
  if (!value) return null;
  const dot = value.lastIndexOf('.');
  if (dot < 1) return null;
  const token = value.slice(0, dot);
  const signature = value.slice(dot + 1);
  if (signature.length !== 44 || !signature.endsWith('=')) return null;
  const expected = createHmac('sha256', secret).update(token).digest();
  const given = Buffer.from(signature, 'base64');
  return given.length === expected.length && timingSafeEqual(given, expected) ? token : null;
}

/**
 * The signed-in person for a cookie-carrying request: a Viewer, null (no valid
 * session), or 'refresh' when better-auth should handle it (the session is due
 * to be extended).
 */
export async function sessionViewer(db: Db, headers: Headers, now = Date.now()): Promise<Viewer | null | 'refresh'> {
  const token = verifiedSessionToken(headers);
  if (!token) return null;
  const found = await viewerForSession(db, token);
  if (!found || found.expiresAt <= now) return null;
  const dueForUpdate = found.expiresAt - SESSION_EXPIRES_IN_S * 1000 + SESSION_UPDATE_AGE_S * 1000 <= now;
  return dueForUpdate ? 'refresh' : found.viewer;
}
