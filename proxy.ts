import { NextResponse, type NextRequest } from 'next/server';
import { crossSiteReason, refusalBody, SUPPORTED_METHODS } from '@/server/origin';
import { baselineHeaders, DATA_CSP } from '@/server/security-headers';

/*
 * The security headers (server/security-headers.ts) on every response that
 * passes through here, a per-request nonce for the pages' Content-Security-Policy,
 * and the cross-site check for writes to pages (Server Actions). The JSON API
 * checks cross-site writes in server/api.ts, where it knows whether a request
 * uses the session cookie or an API token.
 *
 * Styles: `<style>` elements need the nonce, but style *attributes*
 * (`style-src-attr 'unsafe-inline'`) are allowed. Many components position
 * things with React `style={{…}}`; an attribute cannot load anything (images and
 * fonts are limited by img-src/font-src) and user Markdown is sanitized without
 * style attributes, so the remaining risk is cosmetic.
 */

function pageCsp(nonce: string, dev = process.env.NODE_ENV === 'development'): string {
  return [
    "default-src 'self'",
    // 'unsafe-eval' only for React's development error overlay; never in production.
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ''}`,
    `style-src 'self' 'nonce-${nonce}'${dev ? " 'unsafe-inline'" : ''}`,
    "style-src-attr 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

function isData(pathname: string): boolean {
  return pathname.startsWith('/api/') || pathname.endsWith('.xml') || pathname.endsWith('.md');
}

function withSecurityHeaders(response: Response, url: URL, csp: string): Response {
  for (const [k, v] of Object.entries(baselineHeaders(url.pathname, url.searchParams))) response.headers.set(k, v);
  response.headers.set('content-security-policy', csp);
  return response;
}

/** Whether a %-escape in the path does not decode (`/decisions/%ff`): Next answers those with a 500 once a route has a dynamic segment. */
function malformedPath(pathname: string): boolean {
  try {
    decodeURIComponent(pathname);
    return false;
  } catch {
    return true;
  }
}

const MALFORMED_PATH = 'This address has a broken %-escape, so it names nothing here: check the link';

/** Next answers a method outside these with an empty 400. */
const METHODS = new Set<string>(SUPPORTED_METHODS);

/** next.config.ts's serverActions.bodySizeLimit: a larger body is cut short before a Server Action reads it, and Next answers 500. */
const MAX_BODY_BYTES = 10 * 1024 * 1024;

function refusal(url: URL, status: number, code: string, message: string, headers: Record<string, string> = {}): Response {
  const { type, body } = refusalBody(url.pathname, status, code, message);
  return withSecurityHeaders(new NextResponse(body, { status, headers: { 'content-type': type, 'cache-control': 'no-store', ...headers } }), url, DATA_CSP);
}

export function proxy(request: NextRequest): Response {
  const url = request.nextUrl;
  if (!METHODS.has(request.method)) {
    return refusal(url, 405, 'method_not_allowed', `${request.method} is not supported here`, { allow: SUPPORTED_METHODS.join(', ') });
  }
  const declared = request.headers.get('content-length');
  const length = Number(declared ?? 0);
  if (length > MAX_BODY_BYTES) return refusal(url, 413, 'payload_too_large', `This request is ${(length / 1024 / 1024).toFixed(1)} MB; Candor takes at most 10 MB at once`);
  // A body sent in chunks, without its length, could not be refused above: past 10 MB Next would cut it short and
  // answer a Server Action with a 500. Browsers always send the length of a form or a Server Action's body; the
  // JSON API reads (and limits) its own bodies.
  if (declared === null && request.headers.has('transfer-encoding') && !url.pathname.startsWith('/api/')) {
    return refusal(url, 411, 'length_required', 'Send the length of the request (Content-Length); Candor takes at most 10 MB at once');
  }
  if (malformedPath(url.pathname)) return refusal(url, 400, 'invalid', MALFORMED_PATH);
  // A write to anything but the JSON API and better-auth (which check their callers themselves, tokens included) is a
  // Server Action or a form post: only from our own origin. That holds for paths ending in .md or
  // .xml too: Next runs a Server Action posted to any page path. (Next compares Origin with Host
  // itself, but answers a mismatch with a 500.)
  const reason = url.pathname.startsWith('/api/v1/') || url.pathname.startsWith('/api/auth/') ? null : crossSiteReason(request);
  if (reason) return refusal(url, 403, 'forbidden', reason);
  if (isData(url.pathname)) return withSecurityHeaders(NextResponse.next(), url, DATA_CSP);

  const nonce = Buffer.from(crypto.randomUUID()).toString('base64');
  const csp = pageCsp(nonce);
  // Next reads the nonce from the request's CSP header and puts it on its own scripts.
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set('x-nonce', nonce);
  requestHeaders.set('content-security-policy', csp);
  return withSecurityHeaders(NextResponse.next({ request: { headers: requestHeaders } }), url, csp);
}

export const config = {
  // Everything but Next's build output (there is no favicon file: /favicon.ico is a page-not-found page, and gets the headers).
  // What is left out, and Next's own redirects, get the baseline headers from the request hook (server/client-address.ts).
  matcher: ['/((?!_next/static|_next/image).*)'],
};
