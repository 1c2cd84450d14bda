import path from 'node:path';
import { defineConfig } from 'vitest/config';

/*
 * The two-instance test (`npm test` runs it after the production build, on PostgreSQL): two `next start`
 * processes on one database, raced through the HTTP API.
 */
export default defineConfig({
  resolve: {
    alias: {
      '@': path.resolve(import.meta.dirname),
      // server/ modules start with `import 'server-only'`, which throws outside React's
      // react-server condition (Next sets it for server code; vitest does not).
      'server-only': path.resolve(import.meta.dirname, 'node_modules/server-only/empty.js'),
    },
  },
  test: {
    include: ['tests/instances/*.itest.ts'],
    environment: 'node',
    testTimeout: 120_000,
    hookTimeout: 180_000,
    env: {
      CANDOR_DEMO: '0',
      NEXT_TELEMETRY_DISABLED: '1',
      DATABASE_URL: process.env.CANDOR_TEST_PG_URL || 'postgres://candor:candor@127.0.0.1:5432/postgres',
    },
  },
});
