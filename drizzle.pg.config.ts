import { defineConfig } from 'drizzle-kit';

/** PostgreSQL migrations (`npm run db:generate`): the same tables as drizzle.config.ts, in db/migrations-pg. */
export default defineConfig({
  dialect: 'postgresql',
  schema: './db/schema-pg.ts',
  out: './db/migrations-pg',
  dbCredentials: { url: process.env.DATABASE_URL ?? 'postgres://localhost/candor' },
});
