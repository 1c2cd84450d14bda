#!/usr/bin/env node
// `npm start`: build the production app if it is missing or older than the source, then serve it.
import { spawnSync, spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const env = { ...process.env, NEXT_TELEMETRY_DISABLED: '1' };
const next = path.join(root, 'node_modules', '.bin', 'next');

function newest(p) {
  if (!existsSync(p)) return 0;
  const s = statSync(p);
  if (!s.isDirectory()) return s.mtimeMs;
  let m = 0;
  for (const e of readdirSync(p)) if (e !== 'node_modules' && !e.startsWith('.')) m = Math.max(m, newest(path.join(p, e)));
  return m;
}

const buildId = path.join(root, '.next', 'BUILD_ID');
const sources = ['app', 'lib', 'server', 'db', 'public', 'instrumentation.ts', 'next.config.ts', 'package-lock.json'].map((p) => newest(path.join(root, p)));
if (!existsSync(buildId) || Math.max(...sources) > statSync(buildId).mtimeMs) {
  console.log('Building the production app (first start or the source changed)…');
  const r = spawnSync(next, ['build'], { cwd: root, env, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

const port = process.env.PORT || '3000';
const child = spawn(next, ['start', '-p', port, ...process.argv.slice(2)], { cwd: root, env, stdio: 'inherit' });
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
child.on('exit', (code) => process.exit(code ?? 0));
