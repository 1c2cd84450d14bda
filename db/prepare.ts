import { databasePath, demoEnabled } from '@/lib/env';
import { getDb } from './client';
import { demoAccounts, DEMO_PASSWORD, seedDemo } from './seed';

/** Migrate (by opening), seed when empty and wanted, and print the demo sign-in. */
export async function prepareDatabase({ log }: { log: boolean }) {
  const db = getDb();
  const seeded = demoEnabled() ? await seedDemo(db) : false;
  if (!log) return;
  console.log(`Candor database: ${databasePath()}${seeded ? ' (demo workspace created)' : ''}`);
  const demo = await demoAccounts(db);
  const first = demo.find((u) => u.isOrgAdmin) ?? demo[0];
  if (first) console.log(`Demo sign-in: ${first.email} / ${DEMO_PASSWORD}  (other demo accounts: ${demo.filter((u) => u !== first).map((u) => u.email.split('@')[0]).join(', ')}; same password)`);
}
