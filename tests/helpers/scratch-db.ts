import { afterAll } from 'vitest';
import { migrateDb, openPg, openSqlite, type Db } from '@/db/client';
import { databaseUrl, engine } from '@/db/engine';
import { createPgDatabase, dropPgDatabase, pgDatabaseUrl, uniquePgName } from '@/scripts/pg-test-db.mjs';

/**
 * A database of its own that is opened, closed and opened again — by the test
 * and by another process (the CLI) — to check what outlives a connection.
 * SQLite: the file `file`. PostgreSQL (when the run sets DATABASE_URL): a fresh
 * database on that server (scripts/pg-test-db.mjs), created on first open and
 * dropped when the test file finishes. `env` points a child process at it.
 *
 * Call it while the test file is collected (at the top level or in a describe
 * body), so that its clean-up is registered.
 */
export function scratchDb(file: string): { env: Record<string, string>; open: () => Promise<Db> } {
  if (engine() !== 'pg') return { env: { DATABASE_PATH: file }, open: async () => openSqlite(file) };
  const server = databaseUrl()!;
  const name = uniquePgName('candor_test');
  const url = pgDatabaseUrl(name, server);
  let created = false;
  afterAll(async () => {
    if (created) await dropPgDatabase(name, server);
  });
  return {
    env: { DATABASE_URL: url, DATABASE_PATH: file },
    open: async () => {
      if (!created) {
        await createPgDatabase(name, server);
        created = true;
      }
      const db = openPg(url, { max: 2 });
      await migrateDb(db);
      return db;
    },
  };
}
