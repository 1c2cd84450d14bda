// The one place that knows the PostgreSQL test server: its URL, whether it answers, and databases of
// their own on it, created and dropped. Used by `npm test` and `npm run test:pg` (plain node), and by
// the tests, the two-instance config and the benchmark (TypeScript, through pg-test-db.d.mts).
import { randomBytes } from 'node:crypto';
import pg from 'pg';

export const DEFAULT_TEST_PG_URL = 'postgres://candor:candor@127.0.0.1:5432/postgres';

/** The test server: CANDOR_TEST_PG_URL, else the local default. */
export function testPgUrl() {
  return process.env.CANDOR_TEST_PG_URL?.trim() || DEFAULT_TEST_PG_URL;
}

/** A URL fit for a message: the password replaced by ***. */
export function redactPgUrl(url) {
  return url.replace(/:[^:@/]*@/, ':***@');
}

/** Resolves to null when the server answers, or the reason it does not. */
export async function pgUnavailable(url = testPgUrl()) {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return null;
  } catch (e) {
    // A refused connection can arrive as an AggregateError with an empty message and only a code.
    return (e instanceof Error && (e.message || e.code)) || String(e);
  } finally {
    await client.end().catch(() => {});
  }
}

/** "PostgreSQL is not reachable at … (reason)." */
export function pgUnreachableMessage(url, reason) {
  return `PostgreSQL is not reachable at ${redactPgUrl(url)} (${reason}).`;
}

/** What to do about it, for the test runs. */
export const PG_START_HINT = 'Start it (`.ci/run` shows how) or set CANDOR_TEST_PG_URL.';

const NAME = /^[a-z_][a-z0-9_]{0,62}$/;
function checkedName(name) {
  if (!NAME.test(name)) throw new Error(`Not a plain PostgreSQL database name: ${JSON.stringify(name)}`);
  return name;
}

/** A database name no other run uses: `<prefix>_<pid>_<random>`. */
export function uniquePgName(prefix) {
  return checkedName(`${prefix}_${process.pid}_${randomBytes(4).toString('hex')}`);
}

/** The URL of database `name` on the server `server` names (same host, port, user and password). */
export function pgDatabaseUrl(name, server = testPgUrl()) {
  const u = new URL(server);
  u.pathname = `/${checkedName(name)}`;
  return u.toString();
}

/** Run `fn` on a connection to the server's database named in `server` (the maintenance connection). */
async function onServer(server, fn) {
  const client = new pg.Client({ connectionString: server });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end().catch(() => {});
  }
}

/** Create the empty database `name` on the server; resolves to its URL. */
export async function createPgDatabase(name, server = testPgUrl()) {
  await onServer(server, (c) => c.query(`CREATE DATABASE ${checkedName(name)}`));
  return pgDatabaseUrl(name, server);
}

/**
 * Drop the database `name` if it exists, closing its connections.
 *
 * WITH (FORCE) refuses (42501) when an autovacuum worker happens to be in the database: on
 * PostgreSQL 15 a role that is not a superuser may not signal it. A plain DROP DATABASE stops an
 * autovacuum worker itself, so then this closes its own role's sessions and drops without FORCE,
 * retrying while a session is still on its way out (55006).
 */
export async function dropPgDatabase(name, server = testPgUrl()) {
  const db = checkedName(name);
  await onServer(server, async (c) => {
    try {
      await c.query(`DROP DATABASE IF EXISTS ${db} WITH (FORCE)`);
      return;
    } catch (e) {
      if (e?.code !== '42501') throw e;
    }
    for (let attempt = 1; ; attempt++) {
      await c.query(
        'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid() AND usename = current_user',
        [db],
      );
      try {
        await c.query(`DROP DATABASE IF EXISTS ${db}`);
        return;
      } catch (e) {
        if (e?.code !== '55006' || attempt === 5) throw e;
        await new Promise((resolve) => setTimeout(resolve, 200 * attempt));
      }
    }
  });
}

export async function pgDatabaseExists(name, server = testPgUrl()) {
  return onServer(server, async (c) => (await c.query('SELECT 1 FROM pg_database WHERE datname = $1', [checkedName(name)])).rowCount === 1);
}
