import { defineConfig, mergeConfig } from 'vitest/config';
import base from './vitest.config';
import { testPgUrl } from './scripts/pg-test-db.mjs';

/*
 * The two-instance test (`npm test` runs it after the production build, on PostgreSQL): two `next start`
 * processes on one database, raced through the HTTP API. The unit suite's settings, with its own files;
 * the server is CANDOR_TEST_PG_URL's, else the local test server (scripts/pg-test-db.mjs).
 */
const config = mergeConfig(
  base,
  defineConfig({
    test: {
      testTimeout: 120_000,
      hookTimeout: 180_000,
      env: { DATABASE_URL: testPgUrl() },
    },
  }),
);
// mergeConfig concatenates arrays: the file list is replaced, not added to.
config.test!.include = ['tests/instances/*.itest.ts'];
export default config;
