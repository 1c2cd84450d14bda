#!/usr/bin/env node
// `npm run test:pg [-- vitest args]`: the unit and integration suite on PostgreSQL (CANDOR_TEST_PG_URL, else the
// default in pg-test-db.mjs); each test file gets its own database. Stops first if the server does not answer.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { PG_START_HINT, pgUnavailable, pgUnreachableMessage, testPgUrl } from './pg-test-db.mjs';

const root = path.resolve(import.meta.dirname, '..');
const pgUrl = testPgUrl();
const pgMissing = await pgUnavailable(pgUrl);
if (pgMissing) {
  console.error(`${pgUnreachableMessage(pgUrl, pgMissing)}\n${PG_START_HINT}`);
  process.exit(1);
}
const r = spawnSync(path.join(root, 'node_modules', '.bin', 'vitest'), ['run', ...process.argv.slice(2)], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, DATABASE_URL: pgUrl, NEXT_TELEMETRY_DISABLED: '1' },
});
process.exit(r.status ?? 1);
