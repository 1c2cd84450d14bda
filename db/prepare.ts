import { databasePath, demoEnabled } from '@/lib/env';
import { getDb, migrateDb } from './client';
import { databaseUrl, engine } from './engine';
import { demoAccounts, DEMO_PASSWORD, seedDemo } from './seed';

/** Where this process keeps its data, for logs (a PostgreSQL URL without its password). */
export function describeDatabase(): string {
  if (engine() === 'sqlite') return databasePath();
  const url = new URL(databaseUrl()!);
  if (url.password) url.password = '***';
  return `PostgreSQL ${url.toString()}`;
}

/** Migrate, seed when empty and wanted, and print the demo sign-in. */
export async function prepareDatabase({ log }: { log: boolean }) {
  const db = getDb();
  await migrateDb(db);
  const seeded = demoEnabled() ? await seedDemo(db) : false;
  if (!log) return;
  console.log(`Candor database: ${describeDatabase()}${seeded ? ' (demo workspace created)' : ''}`);
  const demo = await demoAccounts(db);
  const first = demo.find((u) => u.isOrgAdmin) ?? demo[0];
  if (first) console.log(`Demo sign-in: ${first.email} / ${DEMO_PASSWORD}  (other demo accounts: ${demo.filter((u) => u !== first).map((u) => u.email.split('@')[0]).join(', ')}; same password)`);
}
