import 'server-only';

/** The HTTP methods Candor answers; anything else gets 405 (proxy.ts; TRACE in server/client-address.ts). */
export const SUPPORTED_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const;

const STATUS_TEXT: Record<number, string> = { 400: 'Bad Request', 403: 'Forbidden', 405: 'Method Not Allowed', 411: 'Length Required', 413: 'Content Too Large' };

/** A request refused before any page or route runs (proxy.ts, the TRACE hook): the API's error shape under /api/, one line of text elsewhere. */
export function refusalBody(pathname: string, status: number, code: string, message: string): { type: string; body: string } {
  return pathname.startsWith('/api/')
    ? { type: 'application/json', body: JSON.stringify({ error: { code, message } }) }
    : { type: 'text/plain; charset=utf-8', body: `${status} ${STATUS_TEXT[status] ?? ''}: ${message}\n` };
}

/*
 * Which origins count as Candor itself. Shared by better-auth's base URL
 * (server/auth.ts), the cross-site request check (server/api.ts, proxy.ts) and the
 * headers proxy. No database, so proxy.ts can import it; it reads CANDOR_HOSTS and
 * BETTER_AUTH_URL from the environment, hence server/ rather than lib/.
 */

/**
 * Candor runs on one box and people reach it over the office network by IP or
 * local name: private-network address literals (RFC 1918) and .lan / .local /
 * .home.arpa names are accepted by default. A DNS-rebinding page cannot send
 * these Host values (its Host is its own public name).
 */
const LAN_HOSTS = ['10.*', '192.168.*', ...Array.from({ length: 16 }, (_, i) => `172.${16 + i}.*`), '*.lan', '*.lan:*', '*.local', '*.local:*', '*.home.arpa', '*.home.arpa:*'].join(',');

/** Host names (host[:port], `*` wildcards) a person may use to reach this server. */
export function allowedHosts(): string[] {
  return (process.env.CANDOR_HOSTS ?? `localhost:*,127.0.0.1:*,[::1]:*,localhost,127.0.0.1,${LAN_HOSTS}`)
    .split(',')
    .map((h) => h.trim())
    .filter(Boolean);
}

function hostPattern(pattern: string): RegExp {
  const escaped = pattern
    .replace(/^https?:\/\//, '')
    .toLowerCase()
    .replace(/[.+?^${}()|[\]\\-]/g, '\\$&')
    .replace(/\*/g, '[^/\\\\]*');
  return new RegExp(`^${escaped}$`);
}

const IPV4 = /^(25[0-5]|2[0-4]\d|1?\d?\d)(\.(25[0-5]|2[0-4]\d|1?\d?\d)){3}$/;

/** "10.1.2.3:3000" → true; "10.evil.test:3000" → false. */
function isIpv4Literal(host: string): boolean {
  return IPV4.test(host.replace(/:\d+$/, ''));
}

export function isAllowedHost(host: string): boolean {
  const h = host.toLowerCase();
  // A pattern written as an address ("10.*") stands for address literals only: a DNS name that
  // merely starts with digits ("10.evil.test") is someone else's host, however the glob reads.
  return allowedHosts().some((p) => hostPattern(p).test(h) && (!/^\d/.test(p) || isIpv4Literal(h)));
}

/**
 * The origins this request may legitimately come from: BETTER_AUTH_URL when it
 * is set, and otherwise the request's own scheme + Host, provided that host is
 * one Candor answers to (the same rule better-auth applies).
 */
export function ownOrigins(request: Request): Set<string> {
  const origins = new Set<string>();
  const fixed = process.env.BETTER_AUTH_URL?.trim();
  if (fixed) {
    try {
      origins.add(new URL(fixed).origin);
    } catch {
      /* an unparsable BETTER_AUTH_URL fails better-auth loudly; nothing to add here */
    }
  }
  let url: URL;
  try {
    url = new URL(request.url);
  } catch {
    return origins;
  }
  // Behind a reverse proxy the browser's host and scheme arrive as X-Forwarded-*. Taking them as
  // candidates is safe here: another site's page cannot set these headers on a person's request.
  const first = (name: string) => request.headers.get(name)?.split(',')[0]?.trim().toLowerCase();
  const hosts = [request.headers.get('host') ?? url.host, first('x-forwarded-host')].filter((h): h is string => !!h).map((h) => h.toLowerCase());
  const forwardedProto = first('x-forwarded-proto');
  const schemes = [url.protocol, ...(forwardedProto === 'https' || forwardedProto === 'http' ? [`${forwardedProto}:`] : [])];
  for (const host of hosts) {
    if (!isAllowedHost(host) && !(fixed && host === new URL(fixed).host.toLowerCase())) continue;
    for (const scheme of schemes) origins.add(`${scheme}//${host}`);
  }
  return origins;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Why this request looks cross-site, or null when it is safe to act on.
 * Unsafe methods must carry an Origin equal to our own origin or, without
 * Origin, `Sec-Fetch-Site: same-origin|none`. A request carrying neither is
 * refused too: every current browser sends one of them, and scripts should
 * use an API token rather than a borrowed session cookie.
 */
export function crossSiteReason(request: Request): string | null {
  if (SAFE_METHODS.has(request.method.toUpperCase())) return null;
  const origin = request.headers.get('origin');
  if (origin !== null) {
    if (ownOrigins(request).has(origin.toLowerCase())) return null;
    return `This request came from another site (${origin.slice(0, 100)}); cross-site requests cannot use your Candor session`;
  }
  const site = request.headers.get('sec-fetch-site');
  if (site === 'same-origin' || site === 'none') return null;
  if (site) return `This request came from another site (Sec-Fetch-Site: ${site.slice(0, 40)}); cross-site requests cannot use your Candor session`;
  return 'A request using your session cookie must say where it comes from (Origin header); scripts should send an API token as "Authorization: Bearer <token>" instead of a cross-site session';
}
