import { defineConfig, mergeConfig } from 'vitest/config';
import base from './vitest.config';

/*
 * The two-instance test (`npm test` runs it after the production build, on PostgreSQL): two `next start`
 * processes on one database, raced through the HTTP API. The unit suite's settings, with its own files.
 */
const config = mergeConfig(
  base,
  defineConfig({
    test: {
      testTimeout: 120_000,
      hookTimeout: 180_000,
      env: { DATABASE_URL: process.env.CANDOR_TEST_PG_URL || 'postgres://candor:candor@127.0.0.1:5432/postgres' },
    },
  }),
);
// mergeConfig concatenates arrays: the file list is replaced, not added to.
config.test!.include = ['tests/instances/*.itest.ts'];
export default config;
