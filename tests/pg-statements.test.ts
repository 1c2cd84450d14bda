import { afterAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { closeDb, openPg, rawRows, readAll, type Db } from '@/db/client';
import { engine } from '@/db/engine';
import { rawNumber, testDb, testDbUrl } from './helpers/db';

/*
 * On PostgreSQL each connection names (prepares) the statements it runs and keeps the 200 most
 * recently used (db/client.ts). A pool of one connection makes "the same connection" certain.
 */

// Only on PostgreSQL: a database made for the skipped SQLite pass would never be removed.
const one: Db = engine() === 'pg' ? openPg(testDbUrl(await testDb()), { max: 1 }) : (undefined as never);
afterAll(async () => {
  if (one) await closeDb(one);
});

const preparedCount = () => rawNumber(one, sql`SELECT count(*)::int AS n FROM pg_prepared_statements`);
const distinct = (i: number) => rawNumber(one, sql.raw(`SELECT ${i} + 1 AS n`));

describe.skipIf(engine() !== 'pg')('PostgreSQL statements', () => {
  it('prepares a repeated query once per connection, but not a full-text search, whose plan depends on its words', async () => {
    const before = await preparedCount();
    for (let i = 0; i < 3; i++) expect(await rawNumber(one, sql`SELECT ${i}::int * 2 AS n`)).toBe(i * 2);
    expect(await preparedCount()).toBe(before + 1);
    for (const word of ['pricing', 'checkout']) {
      const [row] = await rawRows<{ hit: boolean }>(one, sql`SELECT to_tsvector('simple', 'checkout pricing') @@ plainto_tsquery('simple', ${word}) AS hit`);
      expect(row?.hit).toBe(true);
    }
    expect(await preparedCount()).toBe(before + 1);
  });

  it('keeps at most 200 statements on a connection, and a statement it let go of runs again', async () => {
    for (let i = 0; i < 260; i++) expect(await distinct(i)).toBe(i + 1);
    expect(await preparedCount()).toBeLessThanOrEqual(200);
    expect(await distinct(0)).toBe(1);
    expect(await preparedCount()).toBeLessThanOrEqual(200);
  });

  it('still runs a statement first prepared in a transaction that rolled back, or after one that failed', async () => {
    await expect(
      one.transaction(async (tx) => {
        expect(await rawNumber(tx, sql.raw(`SELECT 41 + 1 AS n`))).toBe(42);
        await rawRows(tx, sql.raw(`SELECT no_such_column FROM pg_class`));
      }),
    ).rejects.toThrow(/no_such_column/);
    expect(await rawNumber(one, sql.raw(`SELECT 41 + 1 AS n`))).toBe(42);
    await expect(rawRows(one, sql.raw(`SELECT no_such_column FROM pg_class`))).rejects.toThrow(/no_such_column/);
    expect(await rawNumber(one, sql.raw(`SELECT 41 + 1 AS n`))).toBe(42);
  });

  it('sends a transaction’s independent reads one after another, and in the order given (readAll)', async () => {
    // tests/support/pg-one-query.ts fails this test if any two of them overlap on the one connection.
    const got = await one.transaction((tx) =>
      readAll(tx, [() => rawNumber(tx, sql.raw(`SELECT 6 AS n FROM pg_sleep(0.02)`)), () => rawNumber(tx, sql.raw(`SELECT 7 AS n`)), () => rawNumber(tx, sql.raw(`SELECT 8 AS n`))]),
    );
    expect(got).toEqual([6, 7, 8]);
    expect(await readAll(one, [() => rawNumber(one, sql.raw(`SELECT 9 AS n`))])).toEqual([9]);
  });
});
