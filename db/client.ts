import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import type { BaseSQLiteDatabase } from 'drizzle-orm/sqlite-core';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { chmodSync, closeSync, existsSync, mkdirSync, openSync } from 'node:fs';
import path from 'node:path';
import { databasePath } from '@/lib/env';
import * as schema from './schema';

export type Db = BetterSQLite3Database<typeof schema> & { $client: Database.Database };
/** A database or a transaction on it: what helpers inside db/queries take. */
export type Executor = BaseSQLiteDatabase<'sync', Database.RunResult, typeof schema>;

export const MIGRATIONS_FOLDER = path.join(process.cwd(), 'db', 'migrations');

/**
 * The database holds password hashes and session tokens: only the owner may
 * read it. SQLite creates -wal and -shm (and backup journals) with the mode of
 * the database file, so creating the file 0600 first is enough; existing files
 * from older installs are tightened too. A directory Candor creates is 0700.
 */
function createPrivate(file: string): void {
  mkdirSync(path.dirname(path.resolve(file)), { recursive: true, mode: 0o700 });
  closeSync(openSync(/*turbopackIgnore: true*/ file, 'a', 0o600));
  for (const f of [file, `${file}-wal`, `${file}-shm`, `${file}-journal`]) {
    if (existsSync(/*turbopackIgnore: true*/ f)) chmodSync(/*turbopackIgnore: true*/ f, 0o600);
  }
}

/** Open a database file (or ':memory:'), set the pragmas Candor relies on and apply every migration. */
export function openDb(file: string): Db {
  if (file !== ':memory:') createPrivate(file);
  const sqlite = new Database(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('cache_size = -64000');
  sqlite.pragma('temp_store = MEMORY');
  const db = drizzle({ client: sqlite, schema }) as Db;
  migrate(db, { migrationsFolder: MIGRATIONS_FOLDER });
  return db;
}

const globalForDb = globalThis as unknown as { candorDb?: Db };

/** The process-wide database at DATABASE_PATH. */
export function getDb(): Db {
  if (!globalForDb.candorDb) globalForDb.candorDb = openDb(databasePath());
  return globalForDb.candorDb;
}

/** A consistent copy of the live database (SQLite's online backup API; safe while the app runs). */
export async function backupDatabase(db: Db, file: string): Promise<void> {
  // A fresh, empty 0600 file: the backup writes into it and keeps its mode.
  mkdirSync(path.dirname(path.resolve(file)), { recursive: true, mode: 0o700 });
  closeSync(openSync(/*turbopackIgnore: true*/ file, 'w', 0o600));
  chmodSync(/*turbopackIgnore: true*/ file, 0o600);
  await db.$client.backup(file);
  chmodSync(/*turbopackIgnore: true*/ file, 0o600);
}
