import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { SQL } from 'drizzle-orm';
import { afterAll } from 'vitest';
import { closeDb, first, migrateDb, openPg, openSqlite, rawRows, type Db, type Executor } from '@/db/client';
import { databaseUrl, engine } from '@/db/engine';
import { createUserWithPassword, type Viewer } from '@/db/queries/users';
import { createTeam, addMember } from '@/db/queries/teams';
import { AppError } from '@/lib/errors';
import type { UserFunction } from '@/lib/validation/common';
import { createPgDatabase, dropPgDatabase, uniquePgName } from '@/scripts/pg-test-db.mjs';

const pgUrls = new WeakMap<Db, string>();

/**
 * A real database with every migration applied — the same code path the app
 * takes. SQLite: a file in a temporary directory. PostgreSQL (when the test
 * run sets DATABASE_URL, as `npm run test:pg` and `npm test` do): a fresh database on that
 * server, one per call (scripts/pg-test-db.mjs). Removed when the test file finishes.
 */
export async function testDb(): Promise<Db> {
  if (engine() === 'pg') {
    const server = databaseUrl()!;
    const name = uniquePgName('candor_test');
    const url = await createPgDatabase(name, server);
    const db = openPg(url, { max: 4 });
    pgUrls.set(db, url);
    afterAll(async () => {
      await closeDb(db);
      await dropPgDatabase(name, server);
    });
    await migrateDb(db);
    return db;
  }
  const dir = mkdtempSync(path.join(tmpdir(), 'candor-test-'));
  const db = openSqlite(path.join(dir, 'candor.db'));
  afterAll(async () => {
    await closeDb(db);
    rmSync(dir, { recursive: true, force: true });
  });
  return db;
}

/** The PostgreSQL URL of a database testDb made, for another process (a server, the CLI) to open. */
export function testDbUrl(db: Db): string {
  const url = pgUrls.get(db);
  if (!url) throw new Error('testDbUrl: not a PostgreSQL database made by testDb (this run is on SQLite unless DATABASE_URL names a server)');
  return url;
}

/** The number a raw query selects `AS n` from its one row (a count, a revision…); a failure when there is no row. */
export async function rawNumber(db: Executor, query: SQL): Promise<number> {
  const row = await first(rawRows<{ n: number }>(db, query));
  if (row === undefined) throw new Error('rawNumber: the query returned no row');
  return row.n;
}

// One precomputed hash keeps user creation fast in tests (scrypt is slow on purpose).
let cachedHash: string | undefined;
async function passwordHash() {
  if (!cachedHash) {
    const { hashPassword } = await import('better-auth/crypto');
    cachedHash = await hashPassword('correct-horse-battery');
  }
  return cachedHash;
}

let seq = 0;
export async function makeUser(db: Db, opts: { name?: string; function?: UserFunction; orgAdmin?: boolean; email?: string } = {}): Promise<Viewer> {
  seq += 1;
  const name = opts.name ?? `User ${seq}`;
  return createUserWithPassword(
    db,
    {
      email: opts.email ?? `user${seq}-${Date.now()}@example.com`,
      name,
      function: opts.function ?? 'product',
      password: 'correct-horse-battery',
      orgAdmin: opts.orgAdmin ?? false,
    },
    { passwordHash: await passwordHash() },
  );
}

/** An org admin, a team, and members of several functions. */
export async function makeWorkspace(db: Db) {
  const admin = await makeUser(db, { name: 'Olga Admin', orgAdmin: true, function: 'product' });
  const team = await createTeam(db, admin, { slug: `team-${++seq}`, name: `Team ${seq}` });
  const pm = await makeUser(db, { name: 'Priya PM', function: 'product' });
  const ds = await makeUser(db, { name: 'Dev Data', function: 'data-science' });
  const eng = await makeUser(db, { name: 'Eli Eng', function: 'engineering' });
  const designer = await makeUser(db, { name: 'Dana Design', function: 'design' });
  const outsider = await makeUser(db, { name: 'Oscar Outsider', function: 'marketing' });
  for (const u of [pm, ds, eng, designer]) await addMember(db, admin, team.slug, { email: u.email });
  return { admin, team, pm, ds, eng, designer, outsider };
}

/** The AppError a data-layer call refuses with (null when it succeeds); any other error is rethrown. */
export async function refusal(p: Promise<unknown>): Promise<AppError | null> {
  try {
    await p;
    return null;
  } catch (e) {
    if (e instanceof AppError) return e;
    throw e;
  }
}
