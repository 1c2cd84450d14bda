import 'server-only';

/*
 * Notification settings come from the environment. Both channels are off until
 * configured: email needs an SMTP server, webhooks need a team admin to add one.
 */

type Env = Record<string, string | undefined>;

export type SmtpConfig = { url: string } | { host: string; port: number; secure: boolean; auth?: { user: string; pass: string } };

/** CANDOR_SMTP_URL (smtp://user:pass@host:port, smtps:// for TLS) or CANDOR_SMTP_HOST/PORT/USER/PASS/SECURE; null when neither is set. */
export function smtpConfig(env: Env = process.env): SmtpConfig | null {
  const url = env.CANDOR_SMTP_URL?.trim();
  if (url) return { url };
  const host = env.CANDOR_SMTP_HOST?.trim();
  if (!host) return null;
  const secure = env.CANDOR_SMTP_SECURE === '1' || env.CANDOR_SMTP_SECURE === 'true';
  const port = Number(env.CANDOR_SMTP_PORT) || (secure ? 465 : 587);
  const user = env.CANDOR_SMTP_USER?.trim();
  return { host, port, secure, ...(user ? { auth: { user, pass: env.CANDOR_SMTP_PASS ?? '' } } : {}) };
}

export function emailConfigured(env: Env = process.env): boolean {
  return smtpConfig(env) !== null;
}

export function mailFrom(env: Env = process.env): string {
  return env.CANDOR_MAIL_FROM?.trim() || 'Candor <candor@localhost>';
}

/** The base of links in mails and webhook payloads: CANDOR_PUBLIC_URL, else BETTER_AUTH_URL, else localhost. */
export function publicUrl(env: Env = process.env): string {
  const base = env.CANDOR_PUBLIC_URL?.trim() || env.BETTER_AUTH_URL?.trim() || `http://localhost:${env.PORT?.trim() || '3000'}`;
  return base.replace(/\/+$/, '');
}

/**
 * A developer's machine or the test suite (`next dev`, vitest). Anything else — `next start`, and the CLI
 * run against a production database with NODE_ENV unset — gets the strict webhook rules below.
 */
function developing(env: Env): boolean {
  return env.NODE_ENV === 'development' || env.NODE_ENV === 'test';
}

/** Plain-http webhook URLs are refused outside development unless CANDOR_WEBHOOKS_ALLOW_HTTP=1 (secrets and payloads would travel in clear). */
export function webhooksAllowHttp(env: Env = process.env): boolean {
  return developing(env) || env.CANDOR_WEBHOOKS_ALLOW_HTTP === '1';
}

/**
 * Webhooks to this machine, private networks and link-local or reserved addresses are refused outside
 * development unless CANDOR_WEBHOOKS_ALLOW_PRIVATE=1 (a team admin's webhook would otherwise let them
 * probe the network the server sits in, cloud metadata included). `candor notify send` included.
 */
export function webhooksAllowPrivate(env: Env = process.env): boolean {
  return developing(env) || env.CANDOR_WEBHOOKS_ALLOW_PRIVATE === '1';
}

/** How often the in-process dispatcher runs (CANDOR_NOTIFY_INTERVAL_MS, default one minute, at least 200 ms). */
export function dispatchIntervalMs(env: Env = process.env): number {
  const n = Number(env.CANDOR_NOTIFY_INTERVAL_MS);
  return Number.isFinite(n) && n > 0 ? Math.max(200, n) : 60_000;
}
