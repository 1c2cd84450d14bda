import { betterAuth } from 'better-auth';
import { drizzleAdapter } from 'better-auth/adapters/drizzle';
import { nextCookies } from 'better-auth/next-js';
import { getDb } from '@/db/client';
import { promoteFirstOrgAdmin } from '@/db/queries/users';
import * as schema from '@/db/schema';
import { authSecret } from './env';
import { allowedHosts } from './origin';

/*
 * Accounts: better-auth with email + password, sessions stored in SQLite through
 * its drizzle adapter. Candor's own fields (function, org admin) live on the
 * same user row.
 */

const port = process.env.PORT ?? '3000';

function createAuth() {
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
      provider: 'sqlite',
      schema: { user: schema.user, session: schema.session, account: schema.account, verification: schema.verification },
    }),
    emailAndPassword: {
      enabled: true,
      minPasswordLength: 8,
      maxPasswordLength: 128,
      autoSignIn: true,
    },
    user: {
      additionalFields: {
        function: { type: 'string', required: false, defaultValue: 'product', input: true },
        isOrgAdmin: { type: 'boolean', required: false, defaultValue: false, input: false },
      },
    },
    session: {
      expiresIn: 60 * 60 * 24 * 30,
      updateAge: 60 * 60 * 24,
    },
    databaseHooks: {
      user: {
        create: {
          after: async (created) => {
            await promoteFirstOrgAdmin(db, created.id);
          },
        },
      },
    },
    telemetry: { enabled: false },
    plugins: [nextCookies()],
  });
}

type Auth = ReturnType<typeof createAuth>;
const globalForAuth = globalThis as unknown as { candorAuth?: Auth };

export function getAuth(): Auth {
  if (!globalForAuth.candorAuth) globalForAuth.candorAuth = createAuth();
  return globalForAuth.candorAuth;
}
