#!/usr/bin/env node
// `npm test`: everything CI runs, in order, stopping at the first failure — on SQLite and on PostgreSQL.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { createPgDatabase, dropPgDatabase, PG_START_HINT, pgUnavailable, pgUnreachableMessage, testPgUrl, uniquePgName } from './pg-test-db.mjs';

const root = path.resolve(import.meta.dirname, '..');
const env = { ...process.env, NEXT_TELEMETRY_DISABLED: '1' };
const bin = (name) => path.join(root, 'node_modules', '.bin', name);

const chromium = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
if (!existsSync(chromium)) {
  console.error(
    `npm test needs Chromium for the browser tests, and there is none at ${chromium}.\n` +
      'Install Debian’s build with:  sudo apt-get install -y chromium\n' +
      'or point CHROMIUM_PATH at another Chromium binary. (Playwright cannot download browsers here.)',
  );
  process.exit(1);
}

// The PostgreSQL passes need a server (`.ci/run` installs and starts one). Without one they are skipped,
// loudly, unless CANDOR_REQUIRE_PG=1 (CI) makes that a failure.
const pgUrl = testPgUrl();
const pgMissing = await pgUnavailable(pgUrl);
if (pgMissing) {
  const msg = pgUnreachableMessage(pgUrl, pgMissing);
  if (process.env.CANDOR_REQUIRE_PG === '1') {
    console.error(`${msg}\n${PG_START_HINT}`);
    process.exit(1);
  }
  console.warn(`\n⚠ ${msg} The PostgreSQL passes are skipped; set CANDOR_TEST_PG_URL to run them.\n`);
}

const steps = [
  ['typecheck', bin('tsc'), ['--noEmit', '-p', '.']],
  ['lint', bin('eslint'), ['--max-warnings=0', '.']],
  ['unit and integration tests (SQLite)', bin('vitest'), ['run']],
  ['unit and integration tests (PostgreSQL)', bin('vitest'), ['run'], { pg: true, extraEnv: { DATABASE_URL: pgUrl } }],
  ['production build', bin('next'), ['build']],
  ['browser tests (SQLite)', bin('playwright'), ['test']],
  ['browser tests (PostgreSQL)', bin('playwright'), ['test'], { pg: true, database: 'candor_e2e' }],
  ['two app instances on one PostgreSQL database', bin('vitest'), ['run', '--config', 'vitest.instances.config.ts'], { pg: true, extraEnv: { CANDOR_TEST_PG_URL: pgUrl } }],
];

for (const [name, cmd, args, opts = {}] of steps) {
  if (opts.pg && pgMissing) {
    console.log(`\n↷ ${name}: skipped (no PostgreSQL)`);
    continue;
  }
  console.log(`\n▶ ${name}`);
  const started = Date.now();
  const stepEnv = { ...env, ...opts.extraEnv };
  const db = opts.database ? uniquePgName(opts.database) : undefined;
  if (db) stepEnv.E2E_DATABASE_URL = await createPgDatabase(db, pgUrl);
  const r = spawnSync(cmd, args, { cwd: root, env: stepEnv, stdio: 'inherit' });
  if (db) await dropPgDatabase(db, pgUrl).catch(() => {});
  if (r.status !== 0) {
    console.error(`\n✖ ${name} failed`);
    process.exit(r.status ?? 1);
  }
  console.log(`✔ ${name} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
}
console.log('\nAll checks passed.');
