import 'server-only';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { isIP } from 'node:net';
import path from 'node:path';

/** Where the embedded database lives: ./data/candor.db unless DATABASE_PATH says otherwise. */
export function databasePath(): string {
  const p = process.env.DATABASE_PATH?.trim() || './data/candor.db';
  return p === ':memory:' ? p : path.resolve(/*turbopackIgnore: true*/ p);
}

/** Seed the demo workspace into an empty database unless CANDOR_DEMO=0. */
export function demoEnabled(): boolean {
  return process.env.CANDOR_DEMO !== '0';
}

/**
 * better-auth signs cookies with a secret. Nobody should have to invent one to
 * try Candor, so it is generated on first start and kept beside the database
 * (mode 0600). BETTER_AUTH_SECRET wins when set.
 */
export function authSecret(): string {
  const fromEnv = process.env.BETTER_AUTH_SECRET?.trim();
  if (fromEnv) return fromEnv;
  const db = databasePath();
  const dir = db === ':memory:' ? path.resolve('./data') : path.dirname(db);
  const file = path.join(dir, 'auth-secret');
  if (existsSync(file)) {
    const secret = readFileSync(file, 'utf8').trim();
    if (secret.length >= 32) return secret;
  }
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const secret = randomBytes(32).toString('base64url');
  try {
    // 'wx' so that two processes starting together keep the first one's secret.
    writeFileSync(file, secret + '\n', { mode: 0o600, flag: 'wx' });
    return secret;
  } catch {
    return readFileSync(file, 'utf8').trim();
  }
}

/**
 * CANDOR_TRUSTED_PROXIES says which reverse proxies' X-Forwarded-For /
 * X-Forwarded-Proto headers to believe. Unset (or 0): none, the client is the
 * TCP peer. A number N: N proxy hops in front of Candor (1 = one nginx/Caddy).
 * A comma list of addresses: forwarded headers count only when the TCP peer
 * is one of them.
 */
export type TrustedProxies = { kind: 'none' } | { kind: 'hops'; hops: number } | { kind: 'addresses'; addresses: Set<string> };

export function trustedProxies(): TrustedProxies {
  const raw = process.env.CANDOR_TRUSTED_PROXIES?.trim() ?? '';
  if (!raw || raw === '0' || raw.toLowerCase() === 'false') return { kind: 'none' };
  if (/^\d+$/.test(raw)) return { kind: 'hops', hops: Math.min(Number(raw), 10) };
  const addresses = new Set(
    raw
      .split(',')
      .map((a) => normalizeAddress(a))
      .filter((a) => isIP(a) !== 0),
  );
  return addresses.size ? { kind: 'addresses', addresses } : { kind: 'none' };
}

/** "::ffff:10.0.0.1" → "10.0.0.1"; lower case; no surrounding brackets or spaces. */
export function normalizeAddress(address: string): string {
  const a = address.trim().replace(/^\[|\]$/g, '').toLowerCase();
  return a.startsWith('::ffff:') && isIP(a.slice(7)) === 4 ? a.slice(7) : a;
}
