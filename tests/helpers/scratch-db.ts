import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll } from 'vitest';
import { migrateDb, openPg, openSqlite, type Db } from '@/db/client';
import { databaseUrl, engine } from '@/db/engine';

/**
 * A database of its own that is opened, closed and opened again — by the test
 * and by another process (the CLI) — to check what outlives a connection.
 * SQLite: the file `file`. PostgreSQL (when the run sets DATABASE_URL): a fresh
 * database on that server, created on first open and dropped when the test
 * file finishes. `env` points a child process at it.
 *
 * Call it while the test file is collected (at the top level or in a describe
 * body), so that its clean-up is registered.
 */
export function scratchDb(file: string): { env: Record<string, string>; open: () => Promise<Db> } {
  if (engine() !== 'pg') return { env: { DATABASE_PATH: file }, open: async () => openSqlite(file) };
  const name = `candor_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  const url = new URL(databaseUrl()!);
  url.pathname = `/${name}`;
  let created = false;
  const admin = async <T>(fn: (client: pg.Client) => Promise<T>): Promise<T> => {
    const client = new pg.Client({ connectionString: databaseUrl() });
    await client.connect();
    try {
      return await fn(client);
    } finally {
      await client.end();
    }
  };
  afterAll(async () => {
    if (created) await admin((c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
  });
  return {
    env: { DATABASE_URL: url.toString(), DATABASE_PATH: file },
    open: async () => {
      if (!created) {
        await admin((c) => c.query(`CREATE DATABASE ${name}`));
        created = true;
      }
      const db = openPg(url.toString(), { max: 2 });
      await migrateDb(db);
      return db;
    },
  };
}
