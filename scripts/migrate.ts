// `npm run db:migrate`: apply every pending migration to DATABASE_PATH.
import { getDb } from '@/db/client';
import { databasePath } from '@/lib/env';

getDb();
console.log(`Migrations applied to ${databasePath()}`);
