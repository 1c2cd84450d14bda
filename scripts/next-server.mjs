// Start the production app (`next start`, from the existing build in .next) on a free port and wait until
// /api/health answers. Used by the benchmark and the two-instance test (TypeScript, through next-server.d.mts).
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const nextBin = path.join(root, 'node_modules', 'next', 'dist', 'bin', 'next');

/** A TCP port on 127.0.0.1 that nothing listens on right now. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

/**
 * Start `next start` with `env` over this process's environment (demo off, telemetry off, production),
 * resolve once GET /api/health is ok. Its output is kept (the last 64 KiB) for the error when it exits
 * or does not answer within `timeoutMs`; `echoErrors` also passes its stderr through. `cwd`: the app to serve
 * (default Candor; the benchmark's empty reference app, bench/next-floor.ts).
 */
export async function startNextServer({ env = {}, timeoutMs = 60_000, echoErrors = false, cwd = root } = {}) {
  const port = await freePort();
  const child = spawn(process.execPath, [nextBin, 'start', '-p', String(port)], {
    cwd,
    env: { ...process.env, CANDOR_DEMO: '0', NEXT_TELEMETRY_DISABLED: '1', NODE_ENV: 'production', ...env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  const keep = (b) => {
    log = (log + b).slice(-65536);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', (b) => {
    keep(b);
    if (echoErrors) process.stderr.write(b);
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));

  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const killed = setTimeout(() => child.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(killed);
  };

  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`next start exited (${child.exitCode ?? child.signalCode}):\n${log}`);
    const ok = await fetch(`${url}/api/health`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return { url, port, child, stop };
    await new Promise((r) => setTimeout(r, 100));
  }
  await stop();
  throw new Error(`next start did not answer ${url}/api/health within ${timeoutMs / 1000} s:\n${log}`);
}
