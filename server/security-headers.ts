import 'server-only';

/*
 * The security headers every Candor response carries, defined once. proxy.ts
 * sets them on pages (with its per-request nonce CSP instead of DATA_CSP), the
 * JSON API, feeds and its own refusals; the request hook in
 * server/client-address.ts fills in whichever are missing on responses proxy.ts
 * never sees: Next's trailing-slash and repeated-slash redirects (answered
 * before proxy.ts runs, and before next.config's `headers()` would apply — Next
 * drops those on redirects) and everything under /_next/static, found or not.
 */

/** The same for every response. */
export const SHARED_HEADERS = {
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'permissions-policy': 'camera=(), microphone=(), geolocation=(), payment=(), usb=()',
  'cross-origin-opener-policy': 'same-origin',
} as const;

/** For anything that is not one of Candor's pages (JSON, Atom, Markdown, redirects, static files): nothing may run or load. */
export const DATA_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

/** Feeds may be fetched as /feed.xml?token=…: that URL must never leave as a Referer. */
export function referrerPolicy(pathname: string, searchParams: URLSearchParams): string {
  return pathname.endsWith('/feed.xml') || searchParams.has('token') ? 'no-referrer' : 'strict-origin-when-cross-origin';
}

/** Every baseline header for a response to `pathname?search`, with the CSP for non-page responses. */
export function baselineHeaders(pathname: string, searchParams: URLSearchParams): Record<string, string> {
  return { ...SHARED_HEADERS, 'referrer-policy': referrerPolicy(pathname, searchParams), 'content-security-policy': DATA_CSP };
}
