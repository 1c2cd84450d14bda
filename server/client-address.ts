import 'server-only';
import { normalizeAddress, trustedProxies } from './env';
import { refusalBody, SUPPORTED_METHODS } from './origin';
import { baselineHeaders } from './security-headers';

/*
 * Who is on the other end of a request, for rate limits and for the scheme
 * (cookies are Secure exactly when the person's browser talks https).
 *
 * What a Next 16 production server (`next start`) gives us: its router sets
 * `x-forwarded-for`, `x-forwarded-proto` and `x-forwarded-host` only when the
 * request does not already carry them (`??=` in next/dist/server/base-server.js),
 * so a client-supplied X-Forwarded-For reaches route handlers and server actions
 * unchanged, and the socket's own address is then not visible anywhere. Hence
 * instrumentation.ts installs `installRequestHooks()`: every incoming HTTP
 * request gets PEER_HEADER set to its TCP peer, overwriting any value the
 * client sent. Forwarded headers are believed only as CANDOR_TRUSTED_PROXIES says.
 */

export const PEER_HEADER = 'x-candor-peer-address';
/** The resolved client address, set by Candor on requests it hands to better-auth (its `ipAddressHeaders`). */
export const CLIENT_ADDRESS_HEADER = 'x-candor-client-address';

function forwardedFor(headers: Headers): string[] {
  return (headers.get('x-forwarded-for') ?? '')
    .split(',')
    .map((a) => normalizeAddress(a))
    .filter(Boolean);
}

function peerOf(headers: Headers): string {
  return normalizeAddress(headers.get(PEER_HEADER) ?? '') || 'unknown';
}

/** The TCP peer is a proxy whose forwarded headers we believe. */
export function fromTrustedProxy(headers: Headers): boolean {
  const trusted = trustedProxies();
  if (trusted.kind === 'none') return false;
  if (trusted.kind === 'hops') return true;
  return trusted.addresses.has(peerOf(headers));
}

/** The client's address: the TCP peer, or what the trusted proxies say it is. */
export function clientAddress(headers: Headers): string {
  const peer = peerOf(headers);
  const trusted = trustedProxies();
  if (trusted.kind === 'none' || !fromTrustedProxy(headers)) return peer;
  const chain = forwardedFor(headers);
  if (trusted.kind === 'hops') {
    // Each trusted hop appended the address it saw: the client is `hops` from the right.
    return chain[chain.length - trusted.hops] ?? chain[0] ?? peer;
  }
  for (let i = chain.length - 1; i >= 0; i--) if (!trusted.addresses.has(chain[i]!)) return chain[i]!;
  return chain[0] ?? peer;
}

/**
 * Whether the person's browser reached Candor over https: BETTER_AUTH_URL's
 * scheme when it is set; otherwise X-Forwarded-Proto from a trusted proxy;
 * otherwise plain http (`next start` itself never serves TLS).
 */
export function isHttpsRequest(headers: Headers): boolean {
  const fixed = process.env.BETTER_AUTH_URL?.trim();
  if (fixed) return /^https:/i.test(fixed);
  if (!fromTrustedProxy(headers)) return false;
  return headers.get('x-forwarded-proto')?.split(',')[0]?.trim().toLowerCase() === 'https';
}

/** A copy of `headers` carrying the resolved client address for better-auth (session IP). */
export function withClientAddress(headers: Headers): Headers {
  const copy = new Headers(headers);
  copy.set(CLIENT_ADDRESS_HEADER, clientAddress(headers));
  return copy;
}

const installed = Symbol.for('candor.peerAddressHeader');

/** Methods Node's HTTP server accepts but Next cannot turn into a request (it throws, and answers 500). */
const UNREPRESENTABLE = new Set(['TRACE']);

/**
 * Stamp every incoming HTTP request with its TCP peer address (PEER_HEADER),
 * replacing anything the client sent under that name, give every response the
 * baseline security headers it lacks (fillSecurityHeaders), and answer a TRACE
 * with 405 before Next sees it (Next fails to build a Request for it and answers 500).
 * Called once at server start from instrumentation.ts; patches http.Server's
 * `emit` so it also applies to the server `next start` already created.
 */
export async function installRequestHooks(): Promise<void> {
  const http = await import('node:http');
  const proto = http.Server.prototype as unknown as Record<symbol, boolean> & { emit: (event: string, ...args: unknown[]) => boolean };
  if (proto[installed]) return;
  proto[installed] = true;
  const emit = proto.emit;
  proto.emit = function (this: unknown, event: string, ...args: unknown[]) {
    if (event === 'request') {
      const [req, res] = args as [import('node:http').IncomingMessage, import('node:http').ServerResponse];
      fillSecurityHeaders(req, res);
      if (UNREPRESENTABLE.has(req.method ?? '')) {
        refuseMethod(req, res);
        return true;
      }
      req.headers[PEER_HEADER] = req.socket?.remoteAddress ?? '';
    }
    return emit.call(this, event, ...args);
  };
}

/** `/path?query` (a request's url as sent) → its path and its parameters, without resolving `//host`-looking paths as a host. */
function splitUrl(raw: string): [string, URLSearchParams] {
  const q = raw.indexOf('?');
  return q < 0 ? [raw, new URLSearchParams()] : [raw.slice(0, q), new URLSearchParams(raw.slice(q + 1))];
}

/**
 * Whatever answers, the response carries the baseline security headers: proxy.ts
 * sets them (and a page's nonce CSP) on what passes through it, but Next answers
 * some requests before proxy.ts or next.config's `headers()` apply — its
 * trailing-slash and repeated-slash 308s — and proxy.ts skips /_next/static for
 * speed. Filled in just before the head is written, so a header anyone set on
 * the way (proxy.ts's CSP, Next's own) is kept.
 */
function fillSecurityHeaders(req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse): void {
  const writeHead = res.writeHead as (...args: unknown[]) => import('node:http').ServerResponse;
  res.writeHead = function (this: import('node:http').ServerResponse, ...args: unknown[]) {
    if (!this.headersSent) {
      const [pathname, search] = splitUrl(req.url ?? '/');
      for (const [k, v] of Object.entries(baselineHeaders(pathname, search))) if (!this.hasHeader(k)) this.setHeader(k, v);
    }
    return writeHead.apply(this, args);
  } as typeof res.writeHead;
}

function refuseMethod(req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse): void {
  const { type, body } = refusalBody(req.url ?? '/', 405, 'method_not_allowed', `${req.method} is not supported here`);
  res.writeHead(405, {
    allow: SUPPORTED_METHODS.join(', '),
    'content-type': type,
    'cache-control': 'no-store',
    ...baselineHeaders(...splitUrl(req.url ?? '/')),
  });
  res.end(body);
  req.resume();
}
