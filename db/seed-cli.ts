// `npm run db:seed`: put the demo workspace into an empty database (DATABASE_URL's PostgreSQL, else DATABASE_PATH's SQLite).
import { closeDb, openDb } from './client';
import { describeDatabase } from './prepare';
import { seedDemo } from './seed';

openDb()
  .then(async (db) => {
    try {
      const seeded = await seedDemo(db);
      console.log(seeded ? `Demo workspace created in ${describeDatabase()}` : `${describeDatabase()} already has accounts; nothing seeded.`);
    } finally {
      await closeDb(db);
    }
  })
  .catch((e) => {
    console.error(e);
    process.exit(1);
  });
