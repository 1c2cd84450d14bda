// `npm run db:migrate`: apply every pending migration to the database (DATABASE_URL's PostgreSQL, else DATABASE_PATH's SQLite).
import { closeDb, openDb } from '@/db/client';
import { describeDatabase } from '@/db/prepare';

openDb()
  .then(async (db) => {
    await closeDb(db);
    console.log(`Migrations applied to ${describeDatabase()}`);
  })
  .catch((e) => {
    console.error(e);
    process.exit(1);
  });
