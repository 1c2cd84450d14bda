/*
 * node-postgres queues a query sent to a client that is still running one; it warns once per
 * process ("deprecated and will be removed in pg@9.0") and pg@9 will throw. A transaction is one
 * client, so `Promise.all` over reads inside one overlaps them. This setup file (every test file,
 * both engines; a no-op on SQLite) fails the test that sends a query to a busy client, with the
 * place it was sent from.
 */
import pg from 'pg';
import { afterEach } from 'vitest';

type Busy = { _activeQuery?: unknown; _queryQueue?: unknown[] };
const overlaps: string[] = [];
const query = pg.Client.prototype.query;
pg.Client.prototype.query = function (this: pg.Client & Busy, ...args: unknown[]) {
  if (this._activeQuery || (this._queryQueue?.length ?? 0) > 0) {
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 60;
    overlaps.push(new Error('A query was sent to a PostgreSQL client still running another one').stack ?? '');
    Error.stackTraceLimit = limit;
  }
  return (query as (...a: unknown[]) => unknown).apply(this, args);
} as typeof query;

afterEach(() => {
  if (overlaps.length === 0) return;
  const found = overlaps.splice(0);
  throw new Error(`${found.length} overlapping queries on one PostgreSQL client (run them one after another):\n${found[0]}`);
});
