// `npm run db:migrate`: apply every pending migration to the database (DATABASE_URL's PostgreSQL, else DATABASE_PATH's SQLite).
import { closeDb, openDb } from '@/db/client';
import { engine } from '@/db/engine';
import { describeDatabase } from '@/db/prepare';

const where = () => {
  try {
    return describeDatabase();
  } catch {
    return engine() === 'pg' ? 'PostgreSQL at DATABASE_URL (not a URL that parses)' : 'the SQLite file at DATABASE_PATH';
  }
};

/** Could not reach or open the database (an OS error, or PostgreSQL refusing the connection, the login or the database name). */
const unreachable = (code: unknown) => typeof code === 'string' && (/^E[A-Z]+$/.test(code) || /^(08|28|3D)/.test(code));

openDb()
  .then(async (db) => {
    await closeDb(db);
    console.log(`Migrations applied to ${describeDatabase()}`);
  })
  .catch((e) => {
    const code = (e as { code?: unknown } | null)?.code;
    const reason = (e instanceof Error && (e.message || (typeof code === 'string' && code))) || String(e);
    console.error(`Could not migrate ${where()}: ${reason}`);
    console.error(
      engine() === 'pg'
        ? 'Check DATABASE_URL (host, port, user, password, database name) and that the PostgreSQL server is running and reachable from here. ' +
            'To use SQLite instead, unset DATABASE_URL; DATABASE_PATH names the file.'
        : 'Check DATABASE_PATH: the file, or a directory where it can be created, must be writable by this user. ' +
            'To use PostgreSQL instead, set DATABASE_URL to a postgres:// URL.',
    );
    if (!unreachable(code)) console.error(e);
    process.exit(1);
  });
