import { defineConfig, devices } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/*
 * Browser tests run in Debian's Chromium against the production build, on a
 * free port, with a throw-away database that starts with the demo workspace.
 * The values are fixed once in the runner process; workers inherit them.
 */
if (!process.env.E2E_PORT) {
  process.env.E2E_PORT = execFileSync(process.execPath, ['-e', "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})"]).toString().trim();
}
if (!process.env.E2E_DATABASE_PATH) {
  process.env.E2E_DATABASE_PATH = path.join(mkdtempSync(path.join(tmpdir(), 'candor-e2e-')), 'candor.db');
}
const port = Number(process.env.E2E_PORT);
const baseURL = `http://localhost:${port}`;

// A real OpenID Connect provider for e2e/sso.spec.ts (e2e/support/oidc-idp.mjs) on its own free port.
if (!process.env.E2E_OIDC_PORT) {
  process.env.E2E_OIDC_PORT = execFileSync(process.execPath, ['-e', "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})"]).toString().trim();
}
const oidcIssuer = `http://localhost:${process.env.E2E_OIDC_PORT}`;

// The mail and webhook catcher (e2e/support/smtp-catcher.mjs): an SMTP port and an HTTP port on loopback.
const freePort = () => execFileSync(process.execPath, ['-e', "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})"]).toString().trim();
process.env.E2E_SMTP_PORT ??= freePort();
process.env.E2E_CATCHER_PORT ??= freePort();

export default defineConfig({
  testDir: './e2e',
  outputDir: './test-results',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  // Long journeys through the app; PostgreSQL's pass runs the same journeys over a network protocol.
  timeout: 120_000,
  expect: { timeout: 10_000 },
  reporter: [['list']],
  use: {
    baseURL,
    // An action waiting on something that never comes fails in 30 s, with its call log, not at the test's timeout.
    actionTimeout: 30_000,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
    },
  },
  projects: [{ name: 'chromium', use: { ...devices['Desktop Chrome'], channel: undefined } }],
  webServer: [
    {
      command: 'node e2e/support/oidc-idp.mjs',
      url: `${oidcIssuer}/.well-known/openid-configuration`,
      timeout: 30_000,
      reuseExistingServer: false,
      env: { OIDC_PORT: process.env.E2E_OIDC_PORT!, OIDC_REDIRECT_URI: `${baseURL}/api/auth/callback/oidc` },
    },
    {
      command: 'node e2e/support/smtp-catcher.mjs',
      url: `http://127.0.0.1:${process.env.E2E_CATCHER_PORT}/health`,
      timeout: 30_000,
      reuseExistingServer: false,
      env: { E2E_SMTP_PORT: process.env.E2E_SMTP_PORT!, E2E_CATCHER_PORT: process.env.E2E_CATCHER_PORT! },
    },
    {
    command: `node node_modules/next/dist/bin/next start -p ${port}`,
    url: `${baseURL}/api/health`,
    timeout: 120_000,
    reuseExistingServer: false,
    stdout: 'pipe',
    stderr: 'pipe',
    env: {
      DATABASE_PATH: process.env.E2E_DATABASE_PATH,
      // `npm test`'s PostgreSQL pass points the server at a fresh database on the test server instead.
      ...(process.env.E2E_DATABASE_URL ? { DATABASE_URL: process.env.E2E_DATABASE_URL } : {}),
      CANDOR_DEMO: '1',
      NEXT_TELEMETRY_DISABLED: '1',
      PORT: String(port),
      // Email and webhooks on, pointed at the catcher; the dispatcher runs twice a second.
      CANDOR_SMTP_URL: `smtp://127.0.0.1:${process.env.E2E_SMTP_PORT}`,
      CANDOR_MAIL_FROM: 'Candor <candor@e2e.test>',
      CANDOR_PUBLIC_URL: baseURL,
      CANDOR_NOTIFY_INTERVAL_MS: '500',
      CANDOR_WEBHOOKS_ALLOW_HTTP: '1',
      CANDOR_WEBHOOKS_ALLOW_PRIVATE: '1',
      // Single sign-on against the local provider (the client and claim are e2e/support/oidc-idp.mjs's).
      CANDOR_OIDC_ISSUER: oidcIssuer,
      CANDOR_OIDC_CLIENT_ID: 'candor-e2e',
      CANDOR_OIDC_CLIENT_SECRET: 'candor-e2e-secret-with-enough-length',
      CANDOR_OIDC_NAME: 'Example SSO',
      CANDOR_OIDC_FUNCTION_CLAIM: 'candor_function',
    },
  },
  ],
});
