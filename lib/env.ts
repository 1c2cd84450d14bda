import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
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
  mkdirSync(dir, { recursive: true });
  const secret = randomBytes(32).toString('base64url');
  try {
    // 'wx' so that two processes starting together keep the first one's secret.
    writeFileSync(file, secret + '\n', { mode: 0o600, flag: 'wx' });
    return secret;
  } catch {
    return readFileSync(file, 'utf8').trim();
  }
}
