import 'server-only';
import { getDb } from '@/db/client';
import { signUpRefusal } from '@/db/queries/invites';
import { hitRateLimits } from '@/db/queries/rate-limits';
import { getAuth } from './auth';
import { clientAddress, withClientAddress } from './client-address';
import { authEndpointLimits, tooManyAttemptsMessage } from '@/lib/rate-limit';

/*
 * better-auth's HTTP endpoints (/api/auth/*) behind Candor's limiter: the
 * request is counted before better-auth sees it, refused with 429 +
 * Retry-After when over a limit, and — for password checks — given back when
 * it succeeds, so only failures count.
 */

const BASE = '/api/auth';

async function readFields(body: string, type: string): Promise<Record<string, unknown>> {
  // Decide by the media type alone, as better-auth's body parser does: a parameter that merely
  // mentions another type ("application/json; x=application/x-www-form-urlencoded") must not
  // make the limiter read the body differently from the endpoint and lose the account.
  const base = type.split(';')[0]!.trim().toLowerCase();
  try {
    if (base === 'application/x-www-form-urlencoded') return Object.fromEntries(new URLSearchParams(body));
    const parsed: unknown = JSON.parse(body);
    return parsed && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

export function tooManyRequests(retryAfterSeconds: number, what: string): Response {
  return Response.json(
    { code: 'TOO_MANY_ATTEMPTS', message: tooManyAttemptsMessage(retryAfterSeconds, what), retryAfterSeconds },
    { status: 429, headers: { 'retry-after': String(retryAfterSeconds), 'cache-control': 'no-store' } },
  );
}

/** Run `handle` on the request (with Candor's resolved client address attached), within the limits of its endpoint. */
export async function withAuthRateLimit(request: Request, handle: (request: Request) => Promise<Response>): Promise<Response> {
  const url = new URL(request.url);
  const path = url.pathname.startsWith(BASE) ? url.pathname.slice(BASE.length) : url.pathname;
  const headers = withClientAddress(request.headers);
  if (request.method !== 'POST') return handle(new Request(request.url, { method: request.method, headers }));
  const body = await request.text();
  const forward = () => handle(new Request(request.url, { method: 'POST', headers, body }));
  const address = clientAddress(request.headers);
  const fields = await readFields(body, request.headers.get('content-type') ?? '');
  const email = typeof fields.email === 'string' ? fields.email : undefined;
  let userId: string | undefined;
  if (!authEndpointLimits(path, { address })?.hits.length) return forward();
  if (path !== '/sign-in/email' && path !== '/sign-up/email') {
    userId = (await getAuth(request.headers).api.getSession({ headers: request.headers }))?.user.id;
  }
  if (path === '/sign-in/email' && !email) {
    // Every sign-in attempt is counted against its account: one whose account cannot be read is not tried.
    return Response.json({ code: 'INVALID_REQUEST', message: 'Send the email and password as JSON (Content-Type: application/json)' }, { status: 400, headers: { 'cache-control': 'no-store' } });
  }
  const limits = authEndpointLimits(path, { address, email, userId })!;
  const result = await hitRateLimits(getDb(), limits.hits);
  if (!result.allowed) return tooManyRequests(result.retryAfterSeconds, limits.what);
  if (path === '/sign-up/email') {
    // Invite first, before better-auth says whether the email already has an account.
    const refusal = await signUpRefusal(getDb(), { invite: fields.invite, email });
    if (refusal) return Response.json({ code: 'INVITE_REQUIRED', message: refusal }, { status: 403, headers: { 'cache-control': 'no-store' } });
  }
  const response = await forward();
  if (limits.refundOnSuccess && response.ok) await result.refund();
  return response;
}
