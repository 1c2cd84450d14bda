import 'server-only';
import { getDb, type Db } from '@/db/client';
import { viewerForToken } from '@/db/queries/tokens';
import type { Viewer } from '@/db/queries/users';
import { getAuth } from './auth';
import { sessionViewer } from './session';
import { AppError } from '@/lib/errors';
import { crossSiteReason } from './origin';
import type { UserFunction } from '@/lib/validation/common';
import type { TokenScope } from '@/lib/validation/token';

/*
 * The JSON API's plumbing: who is calling, reading a bounded body, and the one
 * error shape {"error":{"code","message","issues"?}}. Route handlers stay thin:
 * parse → call db/queries → respond.
 */

export const MAX_BODY_BYTES = 1024 * 1024;

/**
 * Resolve the caller from a bearer token or the session cookie; null when neither is valid. A bearer
 * token must have one of the scopes in `tokenScopes` (the JSON API takes API tokens only); a live token
 * of another scope is a 403 that names the right one.
 */
export async function viewerFromHeaders(db: Db, headers: Headers, tokenScopes: readonly TokenScope[] = ['api']): Promise<Viewer | null> {
  const authorization = headers.get('authorization');
  if (authorization !== null) {
    // A malformed or unknown Authorization header never falls back to the cookie.
    const m = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
    return m?.[1] ? viewerForToken(db, m[1], tokenScopes) : null;
  }
  return viewerFromSession(db, headers);
}

/**
 * The person whose session cookie came with the request, or null. Pages and Server Actions read
 * this alone: a token, of either kind, reaches only the JSON API and the feeds, so a leaked API
 * token cannot open Settings and mint itself a successor.
 */
export async function viewerFromSession(db: Db, headers: Headers): Promise<Viewer | null> {
  const fast = await sessionViewer(db, headers);
  if (fast !== 'refresh') return fast;
  // Due to be extended: better-auth reads it again and moves its expiry (once a day per session).
  const session = await getAuth(headers).api.getSession({ headers });
  if (!session) return null;
  const u = session.user as typeof session.user & { function?: string; isOrgAdmin?: boolean };
  return { id: u.id, email: u.email, name: u.name, function: (u.function ?? 'other') as UserFunction, isOrgAdmin: !!u.isOrgAdmin };
}

export function json(data: unknown, status = 200, headers?: HeadersInit): Response {
  return Response.json(data, { status, headers: { 'cache-control': 'no-store', ...headers } });
}

/** The one mapping from a thrown error to the API's error response. */
export function errorResponse(error: unknown): Response {
  if (error instanceof AppError) {
    return json(
      {
        error: {
          code: error.code,
          message: error.message,
          ...(error.issues ? { issues: error.issues } : {}),
          ...error.details,
        },
      },
      error.status,
      error.code === 'unauthorized' ? { 'www-authenticate': 'Bearer realm="candor"' } : undefined,
    );
  }
  console.error('Unexpected API error', error);
  return json({ error: { code: 'internal', message: 'Something went wrong on our side; it has been logged' } }, 500);
}

/** Read a JSON body of at most 1 MB; anything else is a precise 400 or 413. `optional` lets an empty body mean {}. */
export async function readJson(request: Request, opts: { optional?: boolean } = {}): Promise<unknown> {
  const declared = Number(request.headers.get('content-length') ?? 'NaN');
  if (Number.isFinite(declared) && declared > MAX_BODY_BYTES) throw tooLarge();
  const chunks: Uint8Array[] = [];
  let size = 0;
  if (request.body) {
    const reader = request.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > MAX_BODY_BYTES) {
        await reader.cancel();
        throw tooLarge();
      }
      chunks.push(value);
    }
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (!text.trim()) {
    if (opts.optional) return {};
    throw new AppError('invalid', 'The request body is empty: send a JSON object');
  }
  const type = request.headers.get('content-type') ?? '';
  if (!/^application\/(.+\+)?json\b/i.test(type)) {
    throw new AppError('invalid', 'Send the body as JSON with Content-Type: application/json');
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new AppError('invalid', `The body is not valid JSON: ${(e as Error).message}`);
  }
}

/** A JSON object body (arrays and scalars are a 400). */
export async function readJsonObject(request: Request, opts: { optional?: boolean } = {}): Promise<Record<string, unknown>> {
  const body = await readJson(request, opts);
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new AppError('invalid', 'Send a JSON object');
  return body as Record<string, unknown>;
}

/** For endpoints whose body is optional: no body (or an empty one) is {}. */
export function readJsonOrEmpty(request: Request): Promise<Record<string, unknown>> {
  return readJsonObject(request, { optional: true });
}

function tooLarge() {
  return new AppError('payload_too_large', 'The body is larger than 1 MB');
}

type Ctx<P> = { params: Promise<P> };
type Handler<P> = (args: { request: Request; viewer: Viewer; db: Db; params: P }) => Promise<Response>;

/** A write that does not come from Candor's own origin is a 403 (server/origin.ts says when). */
export function refuseCrossSite(request: Request): void {
  const reason = crossSiteReason(request);
  if (reason) throw new AppError('forbidden', reason);
}

/**
 * CSRF: only a request the browser authenticates on its own (the session
 * cookie) can be forged by another site. Bearer-token requests are not
 * affected, and one without a cookie has no session to borrow.
 */
function usesSessionCookie(request: Request): boolean {
  return request.headers.get('authorization') === null && request.headers.has('cookie');
}

/** Wrap an authenticated API handler: resolve the caller, map every error to the one shape. */
export function apiRoute<P = Record<string, never>>(handler: Handler<P>) {
  return async (request: Request, ctx: Ctx<P>): Promise<Response> => {
    try {
      if (usesSessionCookie(request)) refuseCrossSite(request);
      const db = getDb();
      const viewer = await viewerFromHeaders(db, request.headers);
      if (!viewer) throw new AppError('unauthorized', 'Sign in, or send a valid API token as "Authorization: Bearer <token>"');
      return await handler({ request, viewer, db, params: await ctx.params });
    } catch (error) {
      return errorResponse(error);
    }
  };
}

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;
type Method = (typeof METHODS)[number];
type PlainHandler = (request: Request) => Response;

/**
 * Answers for the methods a route does not implement, in the API's error shape
 * (Next's own 405 has an empty body), plus OPTIONS with the true Allow list.
 * Every route file ends with e.g.
 *   export const { PUT, PATCH, DELETE, OPTIONS } = methodsNotAllowed('GET', 'POST');
 */
export function methodsNotAllowed<A extends Method>(...allowed: A[]): Record<Exclude<Method, A> | 'OPTIONS', PlainHandler> {
  const allow = [...allowed, ...(allowed.includes('GET' as A) ? ['HEAD'] : []), 'OPTIONS'].join(', ');
  const refuse: PlainHandler = (request) =>
    json({ error: { code: 'method_not_allowed', message: `${request.method} is not supported here; this endpoint accepts ${allowed.join(', ')}` } }, 405, { allow });
  const handlers = Object.fromEntries(METHODS.filter((m) => !allowed.includes(m as A)).map((m) => [m, refuse])) as Record<Exclude<Method, A>, PlainHandler>;
  return { ...handlers, OPTIONS: () => new Response(null, { status: 204, headers: { allow, 'cache-control': 'no-store' } }) };
}

/** Query-string parameters as a plain object (last value wins). */
export function searchParamsOf(request: Request): Record<string, string> {
  return Object.fromEntries(new URL(request.url).searchParams);
}
