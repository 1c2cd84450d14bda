#!/usr/bin/env node
// `npm test`: everything CI runs, in order, stopping at the first failure.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';

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

const steps = [
  ['typecheck', bin('tsc'), ['--noEmit', '-p', '.']],
  ['lint', bin('eslint'), ['--max-warnings=0', '.']],
  ['unit and integration tests', bin('vitest'), ['run']],
  ['production build', bin('next'), ['build']],
  ['browser tests', bin('playwright'), ['test']],
];

for (const [name, cmd, args] of steps) {
  console.log(`\n▶ ${name}`);
  const started = Date.now();
  const r = spawnSync(cmd, args, { cwd: root, env, stdio: 'inherit' });
  if (r.status !== 0) {
    console.error(`\n✖ ${name} failed`);
    process.exit(r.status ?? 1);
  }
  console.log(`✔ ${name} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
}
console.log('\nAll checks passed.');
