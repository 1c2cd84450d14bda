// Test support for the PostgreSQL passes of `npm test`: is the server there, and a fresh database on it.
import pg from 'pg';

export const DEFAULT_TEST_PG_URL = 'postgres://candor:candor@127.0.0.1:5432/postgres';

export function testPgUrl() {
  return process.env.CANDOR_TEST_PG_URL?.trim() || DEFAULT_TEST_PG_URL;
}

/** Resolves to null when the server answers, or the reason it does not. */
export async function pgUnavailable(url = testPgUrl()) {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return null;
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  } finally {
    await client.end().catch(() => {});
  }
}

/** Create an empty database on the test server; resolves to its URL. */
export async function createPgDatabase(prefix, url = testPgUrl()) {
  const name = `${prefix}_${process.pid}_${Date.now().toString(36)}`;
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE ${name}`);
  } finally {
    await client.end();
  }
  const u = new URL(url);
  u.pathname = `/${name}`;
  return { name, url: u.toString() };
}

export async function dropPgDatabase(name, url = testPgUrl()) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  } finally {
    await client.end();
  }
}
