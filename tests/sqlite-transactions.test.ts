import { describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { rawRows, sqliteClient } from '@/db/client';
import { engine } from '@/db/engine';
import { teams } from '@/db/schema';
import { testDb } from './helpers/db';

/*
 * On SQLite an async transaction holds the one write connection while it
 * awaits, and other requests run in between. They must not see what it has
 * not committed (db/client.ts: reads from outside go to a read-only connection).
 */

// Only on SQLite: a database made for the skipped PostgreSQL pass would never be removed (its suite's hooks do not run).
const db = engine() === 'sqlite' ? await testDb() : (undefined as never);
const pause = () => new Promise((r) => setTimeout(r, 30));
const teamNamed = async (slug: string) => (await db.select({ id: teams.id }).from(teams).where(eq(teams.slug, slug))).length;

describe.skipIf(engine() === 'pg')('SQLite transactions and the requests around them', () => {
  it('another request does not see uncommitted rows, and sees them once committed', async () => {
    let seenDuring = -1;
    const tx = db.transaction(async (t) => {
      await t.insert(teams).values({ slug: 'in-flight', name: 'In flight', createdAt: Date.now() });
      // The transaction itself (through tx or db) sees its own row.
      expect(await teamNamed('in-flight')).toBe(1);
      await pause();
    });
    await new Promise((r) => setTimeout(r, 10));
    seenDuring = await teamNamed('in-flight');
    await tx;
    expect(seenDuring).toBe(0);
    expect(await teamNamed('in-flight')).toBe(1);
  });

  it('a rolled-back transaction was never visible outside it', async () => {
    let seenDuring = -1;
    const tx = db.transaction(async (t) => {
      await t.insert(teams).values({ slug: 'rolled-back', name: 'Rolled back', createdAt: Date.now() });
      await pause();
      throw new Error('conflict');
    });
    await new Promise((r) => setTimeout(r, 10));
    seenDuring = await teamNamed('rolled-back');
    await expect(tx).rejects.toThrow('conflict');
    expect(seenDuring).toBe(0);
    expect(await teamNamed('rolled-back')).toBe(0);
  });

  it('transactions still run one at a time and nest as savepoints', async () => {
    const order: string[] = [];
    await Promise.all([
      db.transaction(async (t) => {
        order.push('a start');
        await pause();
        await t.transaction(async (n) => {
          await n.insert(teams).values({ slug: 'nested-kept', name: 'Nested', createdAt: Date.now() });
        });
        await t.transaction(async (n) => {
          await n.insert(teams).values({ slug: 'nested-undone', name: 'Nested', createdAt: Date.now() });
          throw new Error('undo');
        }).catch(() => undefined);
        order.push('a end');
      }),
      db.transaction(async () => {
        order.push('b');
      }),
    ]);
    expect(order).toEqual(['a start', 'a end', 'b']);
    expect(await teamNamed('nested-kept')).toBe(1);
    expect(await teamNamed('nested-undone')).toBe(0);
  });

  it('a kept prepared statement comes back in its default mode, so one query reads objects after another read raw rows', async () => {
    const conn = sqliteClient(db);
    const first = conn.prepare('SELECT 7 AS seven');
    expect(first.raw(true).get()).toEqual([7]);
    const again = conn.prepare('SELECT 7 AS seven');
    expect(again).toBe(first); // kept, not compiled again
    expect(again.get()).toEqual({ seven: 7 });
    expect(again.pluck(true).get()).toBe(7);
    expect(conn.prepare('SELECT 7 AS seven').get()).toEqual({ seven: 7 });
    // Through drizzle, which reads raw rows for the query builder and objects for raw SQL, on the same text.
    expect(await teamNamed('nested-kept')).toBe(1);
    expect(await rawRows<{ n: number }>(db, sql`SELECT count(*) AS n FROM teams WHERE slug = ${'nested-kept'}`)).toEqual([{ n: 1 }]);
  });
});
