import 'server-only';
import { betterAuth } from 'better-auth';
import { drizzleAdapter } from 'better-auth/adapters/drizzle';
import { nextCookies } from 'better-auth/next-js';
import { getDb } from '@/db/client';
import { engine } from '@/db/engine';
import { afterUserCreate, afterUserUpdate, beforeSessionCreate, beforeUserCreate, beforeUserUpdate, ssoPlugins } from './auth-identity';
import * as schema from '@/db/schema';
import { authInputPolicyHook } from './auth-input-policy';
import { CLIENT_ADDRESS_HEADER, isHttpsRequest } from './client-address';
import { authSecret, trustedProxies } from './env';
import { allowedHosts } from './origin';

/** How long a session lasts without use (tests move sessions around it). */
export const SESSION_EXPIRES_IN_S = 60 * 60 * 24 * 30;

/*
 * Accounts: better-auth with email + password, sessions stored in the database
 * (SQLite or PostgreSQL) through its drizzle adapter. Candor's own fields (function, org admin) live on the
 * same user row.
 */

const port = process.env.PORT ?? '3000';

/**
 * `secure`: the browser talks https to us, so cookies are `Secure` and named
 * `__Secure-…`. Over plain http (e.g. http://192.168.1.20:3000 on a LAN) they
 * must not be, or the browser drops them and sign-in does not stick.
 */
function createAuth(secure: boolean) {
  const db = getDb();
  return betterAuth({
    appName: 'Candor',
    secret: authSecret(),
    baseURL: process.env.BETTER_AUTH_URL?.trim() || {
      // Candor runs on one box: accept the names a person uses to reach it.
      allowedHosts: allowedHosts(),
      fallback: `http://localhost:${port}`,
      protocol: 'auto',
    },
    database: drizzleAdapter(db, {
      // The engine's own provider; db/schema hands over that engine's tables.
      provider: engine() === 'pg' ? 'pg' : 'sqlite',
      schema: { user: schema.user, session: schema.session, account: schema.account, verification: schema.verification },
    }),
    emailAndPassword: {
      enabled: true,
      minPasswordLength: 8,
      maxPasswordLength: 128,
      autoSignIn: true,
      revokeSessionsOnPasswordReset: true,
    },
    // Strength checks on every endpoint that sets a password; a password change signs out the other sessions.
    hooks: { before: authInputPolicyHook },
    // One limiter for sign-in, sign-up and password checks: Candor's own (lib/rate-limit.ts, persisted in
    // rate_limits, keyed on the real client address), applied in app/api/auth/[...all]/route.ts and the
    // sign-in action. better-auth's built-in one would trust any X-Forwarded-For and forget on restart.
    rateLimit: { enabled: false },
    advanced: {
      useSecureCookies: secure,
      // X-Forwarded-Host/-Proto only from configured proxies (CANDOR_TRUSTED_PROXIES).
      trustedProxyHeaders: trustedProxies().kind !== 'none',
      // Recorded on sessions: the address Candor resolved (server/client-address.ts), never a raw X-Forwarded-For.
      ipAddress: { ipAddressHeaders: [CLIENT_ADDRESS_HEADER] },
    },
    user: {
      additionalFields: {
        // Admin-assigned (server/auth-identity.ts decides it at creation): nobody sets their own,
        // and /api/auth/update-user refuses it.
        function: { type: 'string', required: false, defaultValue: 'other', input: false },
        functionConfirmed: { type: 'boolean', required: false, defaultValue: true, input: false },
        isOrgAdmin: { type: 'boolean', required: false, defaultValue: false, input: false },
        // How the name reads (personNameKey), unique: set by the hooks below from the name, never sent or returned.
        nameKey: { type: 'string', required: false, input: false, returned: false },
      },
    },
    // server/session.ts validates sessions on the request path with these (read back from the context).
    session: {
      expiresIn: SESSION_EXPIRES_IN_S,
      updateAge: 60 * 60 * 24,
    },
    databaseHooks: {
      // Deactivated accounts get no session (server/auth-identity.ts).
      session: { create: { before: async (data) => beforeSessionCreate(db, data) } },
      user: {
        create: {
          // Invite-only sign-up, the bootstrap account and SSO functions: server/auth-identity.ts.
          before: async (data, ctx) => beforeUserCreate(db, data, ctx),
          after: async (created, ctx) => afterUserCreate(db, created, ctx),
        },
        // A name someone else has is refused, and a rename is an event (server/auth-identity.ts).
        update: {
          before: async (data, ctx) => beforeUserUpdate(db, data, ctx),
          after: async (updated, ctx) => afterUserUpdate(db, updated, ctx),
        },
      },
    },
    telemetry: { enabled: false },
    // nextCookies stays last (it must see the cookies other plugins set).
    plugins: [...ssoPlugins(), nextCookies()],
  });
}

type Auth = ReturnType<typeof createAuth>;
const globalForAuth = globalThis as unknown as { candorAuth?: Auth; candorAuthSecure?: Auth };

/**
 * better-auth fixes cookie names and attributes when it is created, so there is
 * one instance for https and one for http. Pass the request's headers and the
 * scheme decides (server/client-address.ts isHttpsRequest); without headers, the
 * scheme of BETTER_AUTH_URL (http when unset).
 */
export function getAuth(headers?: Headers): Auth {
  const secure = headers ? isHttpsRequest(headers) : /^https:/i.test(process.env.BETTER_AUTH_URL?.trim() ?? '');
  if (secure) return (globalForAuth.candorAuthSecure ??= createAuth(true));
  return (globalForAuth.candorAuth ??= createAuth(false));
}
