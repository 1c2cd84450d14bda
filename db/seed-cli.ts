// `npm run db:seed`: put the demo workspace into an empty database at DATABASE_PATH.
import { databasePath } from '@/lib/env';
import { getDb } from './client';
import { seedDemo } from './seed';

seedDemo(getDb()).then((seeded) => {
  console.log(seeded ? `Demo workspace created in ${databasePath()}` : `${databasePath()} already has accounts; nothing seeded.`);
});
