import { databasePath, demoEnabled } from '@/server/env';
import { randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { first, getDb, migrateDb, type Db } from './client';
import { orgSettings } from './schema';
import { databaseUrl, engine } from './engine';
import { demoAccounts, DEMO_PASSWORD, seedDemo } from './seed';

/** Where this process keeps its data, for logs (a PostgreSQL URL without its password). */
export function describeDatabase(): string {
  if (engine() === 'sqlite') return databasePath();
  const url = new URL(databaseUrl()!);
  if (url.password) url.password = '***';
  return `PostgreSQL ${url.toString()}`;
}

const SECRET_KEY = 'authSecret';

/**
 * Several instances on PostgreSQL must sign cookies with one secret, or a session made on one is
 * refused by the next. Unless BETTER_AUTH_SECRET is set, the first instance to start generates it
 * and keeps it in the database (org_settings, never served); the others read the same value.
 * On SQLite it stays in data/auth-secret beside the file (server/env.ts).
 */
async function shareAuthSecret(db: Db): Promise<void> {
  if (engine() !== 'pg' || process.env.BETTER_AUTH_SECRET?.trim()) return;
  await db.insert(orgSettings).values({ key: SECRET_KEY, value: randomBytes(32).toString('base64url'), updatedAt: Date.now() }).onConflictDoNothing();
  const row = await first(db.select({ value: orgSettings.value }).from(orgSettings).where(eq(orgSettings.key, SECRET_KEY)));
  process.env.BETTER_AUTH_SECRET = row!.value;
}

/** Migrate, share the auth secret (PostgreSQL), seed when empty and wanted, and print the demo sign-in. */
export async function prepareDatabase({ log }: { log: boolean }) {
  const db = getDb();
  await migrateDb(db);
  await shareAuthSecret(db);
  const seeded = demoEnabled() ? await seedDemo(db) : false;
  if (!log) return;
  console.log(`Candor database: ${describeDatabase()}${seeded ? ' (demo workspace created)' : ''}`);
  const demo = await demoAccounts(db);
  const first = demo.find((u) => u.isOrgAdmin) ?? demo[0];
  if (first) console.log(`Demo sign-in: ${first.email} / ${DEMO_PASSWORD}  (other demo accounts: ${demo.filter((u) => u !== first).map((u) => u.email.split('@')[0]).join(', ')}; same password)`);
}
