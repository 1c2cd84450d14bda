import { AsyncLocalStorage } from 'node:async_hooks';
import Database from 'better-sqlite3';
import { drizzle as drizzleSqlite } from 'drizzle-orm/better-sqlite3';
import { migrate as migrateSqlite } from 'drizzle-orm/better-sqlite3/migrator';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import type { BaseSQLiteDatabase } from 'drizzle-orm/sqlite-core';
import { is, sql, type SQL } from 'drizzle-orm';
import { PgTransaction } from 'drizzle-orm/pg-core';
import pg from 'pg';
import { chmodSync, closeSync, existsSync, mkdirSync, openSync } from 'node:fs';
import path from 'node:path';
import { databasePath } from '@/server/env';
import { databaseUrl, engine } from './engine';
import * as schema from './schema';

/*
 * One data layer, two engines. Query code is written once against the table
 * objects in ./schema (which are SQLite's or PostgreSQL's, chosen by
 * DATABASE_URL) and is asynchronous throughout: `await` every query, use
 * `first()` instead of `.get()`, plain `await q` instead of `.all()`/`.run()`,
 * `.returning()` instead of `.changes`, and `db.transaction(async (tx) => …)`.
 *
 * The type is SQLite's asynchronous database: the query builder's surface that
 * both engines share. Engine-specific SQL lives in one module per concern and
 * branches on `engine()`.
 */
export type Db = BaseSQLiteDatabase<'async', unknown, typeof schema>;
/** A database or a transaction on it: what helpers inside db/queries take. */
export type Executor = Db;

export const MIGRATIONS_FOLDER = path.join(process.cwd(), 'db', 'migrations');
export const PG_MIGRATIONS_FOLDER = path.join(process.cwd(), 'db', 'migrations-pg');

/** The first row of a query, or undefined: the engine-neutral `.get()`. */
export async function first<T>(rows: Promise<T[]> | PromiseLike<T[]> | T[]): Promise<T | undefined> {
  return (await rows)[0];
}

// ---------------------------------------------------------------- engine handles

type Handle = { engine: 'sqlite'; sqlite: Database.Database; reader: Database.Database | null; file: string } | { engine: 'pg'; pool: pg.Pool; url: string };
const handles = new WeakMap<object, Handle>();

function handle(db: Db): Handle {
  const h = handles.get(db);
  if (!h) throw new Error('Not a database opened by db/client (a transaction has no handle of its own)');
  return h;
}

/** The SQLite connection under a database opened on SQLite (for the few things only SQLite has). */
export function sqliteClient(db: Db): Database.Database {
  const h = handle(db);
  if (h.engine !== 'sqlite') throw new Error('This database is not SQLite');
  return h.sqlite;
}

/** The PostgreSQL pool under a database opened on PostgreSQL. */
export function pgPool(db: Db): pg.Pool {
  const h = handle(db);
  if (h.engine !== 'pg') throw new Error('This database is not PostgreSQL');
  return h.pool;
}


// ---------------------------------------------------------------- SQLite

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

/*
 * drizzle prepares a statement for every query it runs, and SQLite's compiling
 * of the SQL text cost a decision page about 2 ms. The text of a query is the
 * same from one request to the next (values are bound parameters), so each
 * connection keeps its most recently used statements. A statement comes back
 * in its default mode: drizzle switches a statement to raw rows right before
 * running it, and seed code may pluck.
 */
const STATEMENT_CACHE_SIZE = 500;

/** The `size` most recently used values by key (a query's text, for both engines' statement caches); `evicted` hears of each one dropped. */
function recentlyUsed<V>(size: number, evicted: (value: V) => void = () => undefined) {
  const map = new Map<string, V>();
  return {
    get(key: string): V | undefined {
      const value = map.get(key);
      if (value !== undefined) {
        map.delete(key);
        map.set(key, value);
      }
      return value;
    },
    set(key: string, value: V): void {
      map.set(key, value);
      if (map.size <= size) return;
      const [oldest, old] = map.entries().next().value!;
      map.delete(oldest);
      evicted(old);
    },
  };
}

function cacheStatements(conn: Database.Database): void {
  const prepare = conn.prepare.bind(conn);
  const cache = recentlyUsed<Database.Statement>(STATEMENT_CACHE_SIZE);
  (conn as unknown as { prepare: (source: string) => Database.Statement }).prepare = (source: string) => {
    const hit = cache.get(source);
    if (hit) {
      if (hit.reader) hit.raw(false).pluck(false).expand(false);
      return hit;
    }
    const stmt = prepare(source);
    cache.set(source, stmt);
    return stmt;
  };
}

/** A promise-chain lock: one SQLite transaction at a time in this process. */
function serialiser() {
  let tail: Promise<unknown> = Promise.resolve();
  return <T>(fn: () => Promise<T>): Promise<T> => {
    const run = tail.then(fn, fn);
    tail = run.catch(() => undefined);
    return run;
  };
}

/**
 * better-sqlite3 runs statements synchronously and its transactions cannot
 * await. Candor's transactions are async (PostgreSQL needs them), so on SQLite
 * a transaction is BEGIN IMMEDIATE … COMMIT on the one connection, one at a
 * time per process (other processes wait on SQLite's own lock), with nested
 * calls as savepoints.
 *
 * Between a transaction's awaits, other requests run. So that their reads do
 * not see rows the transaction has not committed, a read prepared outside the
 * open transaction (told apart by AsyncLocalStorage) goes to a second,
 * read-only connection, which sees only committed data (WAL). A lone write from
 * outside (a rate-limit count, a read mark, an autosave) still joins the open
 * transaction, and is undone with it if that transaction then fails one of its
 * in-transaction rechecks — which takes a concurrent change to the same
 * decision. Routing every single write through a transaction would close this.
 */
function asyncTransactions(db: Db, sqlite: Database.Database, reader: Database.Database | null): void {
  const serial = serialiser();
  const context = new AsyncLocalStorage<symbol>();
  let open: symbol | null = null;
  if (reader) {
    const prepare = sqlite.prepare.bind(sqlite);
    (sqlite as unknown as { prepare: (source: string) => Database.Statement }).prepare = (source: string) => {
      if (open !== null && context.getStore() !== open) {
        const elsewhere = reader.prepare(source);
        if (elsewhere.reader) return elsewhere;
      }
      return prepare(source);
    };
  }
  const scoped = (level: number): Db => {
    const tx = Object.create(db) as Db;
    const own = tx as unknown as { transaction: unknown; rollback: unknown };
    own.transaction = async <T>(fn: (t: Db) => Promise<T>): Promise<T> => {
      const name = `sp${level + 1}`;
      sqlite.exec(`SAVEPOINT ${name}`);
      try {
        const result = await fn(scoped(level + 1));
        sqlite.exec(`RELEASE SAVEPOINT ${name}`);
        return result;
      } catch (e) {
        sqlite.exec(`ROLLBACK TO SAVEPOINT ${name}`);
        sqlite.exec(`RELEASE SAVEPOINT ${name}`);
        throw e;
      }
    };
    own.rollback = () => {
      throw new Error('Rollback requested');
    };
    return tx;
  };
  (db as unknown as { transaction: unknown }).transaction = <T>(fn: (t: Db) => Promise<T>): Promise<T> =>
    serial(async () => {
      const token = Symbol('transaction');
      sqlite.exec('BEGIN IMMEDIATE');
      open = token;
      try {
        const result = await context.run(token, () => fn(scoped(0)));
        sqlite.exec('COMMIT');
        return result;
      } catch (e) {
        if (sqlite.inTransaction) sqlite.exec('ROLLBACK');
        throw e;
      } finally {
        open = null;
      }
    });
}

/** Open a SQLite file (or ':memory:'), set the pragmas Candor relies on and apply every migration. */
export function openSqlite(file: string): Db {
  if (file !== ':memory:') createPrivate(file);
  const sqlite = new Database(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('cache_size = -64000');
  sqlite.pragma('temp_store = MEMORY');
  cacheStatements(sqlite);
  const raw = drizzleSqlite({ client: sqlite, schema });
  migrateSqlite(raw, { migrationsFolder: MIGRATIONS_FOLDER });
  const db = raw as unknown as Db;
  // Reads from outside an open transaction (see asyncTransactions); an in-memory database has no second connection.
  const reader = file === ':memory:' ? null : new Database(file, { readonly: true });
  reader?.pragma('busy_timeout = 5000');
  reader?.pragma('cache_size = -16000');
  if (reader) cacheStatements(reader);
  asyncTransactions(db, sqlite, reader);
  handles.set(db, { engine: 'sqlite', sqlite, reader, file });
  return db;
}

// ---------------------------------------------------------------- PostgreSQL

// bigint (counts, millisecond times) and numeric arrive as strings by default; Candor's fit in a double.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));
pg.types.setTypeParser(pg.types.builtins.NUMERIC, (v) => Number(v));

/*
 * PostgreSQL parses, analyses, rewrites and plans every unnamed statement it receives, and a decision
 * page sends about 22. A named (prepared) statement is parsed once per connection, and after five runs
 * PostgreSQL keeps its generic plan when that plan costs no more than the ones made for each run's
 * values. As with SQLite's statement cache above, a query's text is the same from one request to the
 * next (values are parameters), so each connection names its most recently used statements and
 * deallocates the oldest beyond PG_STATEMENTS_PER_CONNECTION. Full-text searches (`@@`) stay unnamed:
 * how many decisions a query's words match decides their plan, so it is made for each search.
 * DATABASE_PREPARED_STATEMENTS=off sends everything unnamed, for a connection pooler in transaction
 * mode that cannot carry prepared statements.
 */
const PG_STATEMENTS_PER_CONNECTION = 200;
const PREPARABLE = /^\s*(select|insert|update|delete|with)\b/i;

type QueryConfigLike = { text?: unknown; name?: unknown };

function nameStatements(client: pg.PoolClient): void {
  const query = client.query.bind(client) as (...args: unknown[]) => unknown;
  const parsed = (client as unknown as { connection: { parsedStatements: Record<string, string> } }).connection.parsedStatements;
  let evicted: string | null = null;
  const names = recentlyUsed<string>(PG_STATEMENTS_PER_CONNECTION, (name) => {
    delete parsed[name];
    evicted = name;
  });
  let made = 0;
  (client as unknown as { query: unknown }).query = (config: unknown, ...rest: unknown[]) => {
    const c = config as QueryConfigLike | null;
    if (!c || typeof c !== 'object' || c.name || typeof c.text !== 'string') return query(config, ...rest);
    let name = names.get(c.text);
    if (!name) {
      // Checked once per statement, not on every run: only a miss reaches here.
      if (!PREPARABLE.test(c.text) || c.text.includes('@@')) return query(config, ...rest);
      name = `candor_${++made}`;
      names.set(c.text, name);
      if (evicted) {
        // Deallocated before the statement that replaces it, not beside it: a connection runs one query at a
        // time. A failure only leaves it until the connection closes. pg-pool's query passes a callback.
        const old = evicted;
        evicted = null;
        const run = () => query({ ...c, name }, ...rest);
        const deallocated = (query(`DEALLOCATE ${old}`) as Promise<unknown>).catch(() => undefined);
        return typeof rest.at(-1) === 'function' ? void deallocated.then(run) : deallocated.then(run);
      }
    }
    return query({ ...c, name }, ...rest);
  };
}

/** A pool on a PostgreSQL database. Migrations are applied by `migrateDb` (at start, by the CLI, by tests). */
export function openPg(url: string, opts: { max?: number } = {}): Db {
  const prepared = process.env.DATABASE_PREPARED_STATEMENTS?.trim().toLowerCase() !== 'off';
  const pool = new pg.Pool({ connectionString: url, max: opts.max ?? Number(process.env.DATABASE_POOL_SIZE || 10) });
  if (prepared) pool.on('connect', nameStatements);
  // An idle client's error (the server restarted) must not crash the process; the pool replaces it.
  pool.on('error', (e) => console.error('Candor: PostgreSQL connection error:', e.message));
  const db = drizzlePg({ client: pool, schema: schema as never }) as unknown as Db;
  handles.set(db, { engine: 'pg', pool, url });
  return db;
}

/** Apply every migration of the database's engine, then fill what they leave to code. Safe to run from several processes at once. */
export async function migrateDb(db: Db): Promise<void> {
  const h = handle(db);
  if (h.engine === 'pg') {
    const client = await h.pool.connect();
    try {
      // Two instances starting together: one migrates, the other waits for it.
      await client.query('SELECT pg_advisory_lock(7242001)');
      await migratePg(drizzlePg({ client }), { migrationsFolder: PG_MIGRATIONS_FOLDER });
    } finally {
      await client.query('SELECT pg_advisory_unlock(7242001)').catch(() => undefined);
      client.release();
    }
  } // SQLite's are applied when it is opened.
  // Data the migrations can't compute in SQL: how each account's name reads (imported here, not above: it uses this module).
  const { fillNameKeys } = await import('./queries/users');
  await fillNameKeys(db);
}

/** Close the connection (SQLite) or pool (PostgreSQL). */
export async function closeDb(db: Db): Promise<void> {
  const h = handle(db);
  if (h.engine === 'sqlite') {
    h.reader?.close();
    h.sqlite.close();
  } else await h.pool.end();
}

/** Open the database this process is configured for: DATABASE_URL (PostgreSQL) or DATABASE_PATH (SQLite). */
export async function openDb(target?: string): Promise<Db> {
  const db = engine() === 'pg' ? openPg(target ?? databaseUrl()!) : openSqlite(target ?? databasePath());
  await migrateDb(db);
  return db;
}

const globalForDb = globalThis as unknown as { candorDb?: Db };

/**
 * The process-wide database. On SQLite, opening applies migrations; on
 * PostgreSQL they are applied at start (instrumentation, CLI) by prepareDatabase.
 */
export function getDb(): Db {
  if (!globalForDb.candorDb) globalForDb.candorDb = engine() === 'pg' ? openPg(databaseUrl()!) : openSqlite(databasePath());
  return globalForDb.candorDb;
}

/** Rows of a raw SQL query on either engine (column names as written in the SQL). */
export async function rawRows<T>(db: Executor, query: SQL): Promise<T[]> {
  if (engine() === 'pg') return ((await (db as unknown as PgLike).execute(query)) as { rows: T[] }).rows;
  return (db as unknown as SqliteLike).all(query) as T[];
}

/**
 * Independent reads of one executor, at once where that helps: on PostgreSQL's pool each goes out on its own
 * connection. A transaction is one connection, which runs one statement at a time (node-postgres queues a
 * second one sent meanwhile, and pg@9 will refuse it), so in one they go one after another. SQLite's driver
 * is synchronous either way. tests/support/pg-one-query.ts fails any test that overlaps queries on a client.
 */
export async function readAll<const T extends readonly (() => Promise<unknown>)[]>(db: Executor, reads: T): Promise<{ -readonly [K in keyof T]: Awaited<ReturnType<T[K]>> }> {
  if (!is(db, PgTransaction)) return (await Promise.all(reads.map((read) => read()))) as never;
  const out: unknown[] = [];
  for (const read of reads) out.push(await read());
  return out as never;
}

/** Numbers as the list inside a SQL `IN (…)` (each a bound parameter). The caller makes sure there is at least one. */
export const sqlList = (xs: readonly number[]): SQL => sql.join(
  xs.map((x) => sql`${x}`),
  sql`, `,
);

/** What a person typed, as text to match with LIKE: trimmed, lower-cased, its wildcard characters dropped. */
export const likeText = (typed: string): string => typed.trim().toLowerCase().replace(/[%_\\]/g, '');

/** Run a raw SQL statement on either engine; resolves to the number of rows it changed. */
export async function rawRun(db: Executor, query: SQL): Promise<number> {
  if (engine() === 'pg') return ((await (db as unknown as PgLike).execute(query)) as { rowCount: number | null }).rowCount ?? 0;
  return ((db as unknown as SqliteLike).run(query) as { changes: number }).changes;
}

/**
 * Whether `e` is a unique-index violation on `column` (either engine; drizzle wraps the driver's error in `cause`).
 * For the races a check before a write can't close, e.g. two people taking the same name at once.
 */
export function isUniqueViolation(e: unknown, column: string): boolean {
  for (let err = e as { code?: unknown; message?: unknown; detail?: unknown; cause?: unknown } | undefined, depth = 0; err && depth < 4; err = err.cause as typeof err, depth++) {
    const text = `${String(err.message ?? '')} ${String(err.detail ?? '')}`;
    // SQLite: "UNIQUE constraint failed: user.name_key"; PostgreSQL: 23505, "Key (name_key)=(…) already exists."
    if ((err.code === 'SQLITE_CONSTRAINT_UNIQUE' && text.includes(`.${column}`)) || (err.code === '23505' && text.includes(`(${column})`))) return true;
  }
  return false;
}

type PgLike = { execute(q: SQL): Promise<unknown> };
type SqliteLike = { all(q: SQL): unknown[]; run(q: SQL): unknown };

/** A quick liveness check for /api/health. */
export async function ping(db: Db): Promise<void> {
  await rawRows(db, sql`SELECT 1`);
}

/** A consistent copy of a live SQLite database (the online backup API; safe while the app runs). PostgreSQL: use pg_dump. */
export async function backupDatabase(db: Db, file: string): Promise<void> {
  const sqlite = sqliteClient(db);
  // A fresh, empty 0600 file: the backup writes into it and keeps its mode.
  mkdirSync(path.dirname(path.resolve(file)), { recursive: true, mode: 0o700 });
  closeSync(openSync(/*turbopackIgnore: true*/ file, 'w', 0o600));
  chmodSync(/*turbopackIgnore: true*/ file, 0o600);
  await sqlite.backup(file);
  chmodSync(/*turbopackIgnore: true*/ file, 0o600);
}
