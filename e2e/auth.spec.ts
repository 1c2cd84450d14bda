import { execFileSync } from 'node:child_process';
import { expect, test, type Page } from './csp-guard';
import { demo, DEMO_PASSWORD } from './helpers';

/*
 * Sign-in hardening, as a person meets it in the browser. The "LAN" name
 * candor.lan is mapped to 127.0.0.1 inside Chromium, so no traffic leaves
 * the machine, yet the browser treats it as a plain-http, non-localhost site
 * (where Secure cookies are dropped).
 */
const LAN_HOST = 'candor.lan';
test.use({
  launchOptions: {
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic', `--host-resolver-rules=MAP ${LAN_HOST} 127.0.0.1`],
  },
});

const port = () => Number(process.env.E2E_PORT);

async function fillSignIn(page: Page, email: string, password: string) {
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
}

test('a wrong password shows one message and keeps the email typed', async ({ page }) => {
  await page.goto('/sign-in');
  await fillSignIn(page, demo('marco'), 'not-the-password');
  await expect(page.getByText('That email and password don’t match an account. Check both and try again.')).toBeVisible();
  await expect(page.getByLabel('Email')).toHaveValue(demo('marco'));
  // An unknown email reads exactly the same: nothing says whether the account exists.
  await fillSignIn(page, 'nobody-here@example.com', 'not-the-password');
  await expect(page.getByText('That email and password don’t match an account. Check both and try again.')).toBeVisible();
  await expect(page.getByLabel('Email')).toHaveValue('nobody-here@example.com');
});

test('a return path with a tab in it cannot send you to another site', async ({ page, baseURL }) => {
  await page.goto('/sign-in?next=/%09/evil.test');
  await fillSignIn(page, demo('marco'), DEMO_PASSWORD);
  await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible();
  expect(new URL(page.url()).origin).toBe(new URL(baseURL!).origin);
  expect(new URL(page.url()).pathname).toBe('/');
});

test('a newline in the return path is not a server error', async ({ page }) => {
  const response = await page.goto('/sign-in?next=%0a');
  expect(response?.status()).toBe(200);
  await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
});

test('signing in over plain http on a LAN name sticks', async ({ page }) => {
  await page.goto(`http://${LAN_HOST}:${port()}/sign-in`);
  await fillSignIn(page, demo('marco'), DEMO_PASSWORD);
  await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible();
  await page.goto(`http://${LAN_HOST}:${port()}/settings`);
  await expect(page.getByRole('heading', { name: 'Settings' })).toBeVisible();
  const cookies = await page.context().cookies(`http://${LAN_HOST}:${port()}`);
  expect(cookies.find((c) => c.name.includes('session_token'))?.secure).toBe(false);
});

test('changing your password in settings signs out your other sessions, and revokes your tokens when asked', async ({ page, browser, request }) => {
  const email = `pw-${Date.now().toString(36)}@example.com`;
  const candor = (...args: string[]) =>
    execFileSync(process.execPath, ['node_modules/tsx/dist/cli.mjs', '--conditions=react-server', 'cli/candor.ts', ...args], {
      // The server's database: the SQLite file, or on the PostgreSQL pass its database URL.
      env: { ...process.env, DATABASE_PATH: process.env.E2E_DATABASE_PATH, ...(process.env.E2E_DATABASE_URL ? { DATABASE_URL: process.env.E2E_DATABASE_URL } : {}) },
      stdio: 'pipe',
      encoding: 'utf8',
    });
  candor('user', 'create', '--email', email, '--name', 'Pat Password', '--function', 'design', '--password', 'correct-horse-battery');
  const apiToken = candor('token', 'create', '--email', email).trim().split('\n').at(-1)!;
  const feedToken = candor('token', 'create', '--email', email, '--scope', 'feed').trim().split('\n').at(-1)!;
  expect((await request.get('/api/v1/me', { headers: { authorization: `Bearer ${apiToken}` } })).status()).toBe(200);
  const other = await (await browser.newContext()).newPage();
  for (const p of [page, other]) {
    await p.goto('/sign-in');
    await fillSignIn(p, email, 'correct-horse-battery');
    await expect(p.getByRole('button', { name: 'Sign out' })).toBeVisible();
  }

  // An address cannot claim that tokens were revoked: the page counts them itself.
  await page.goto('/settings?password=changed&tokens=revoked');
  await expect(page.getByRole('form', { name: 'Password' }).getByRole('status')).toHaveText('Password changed. Every other place you were signed in has been signed out.');

  await page.goto('/settings');
  const form = page.getByRole('form', { name: 'Password' });
  await form.getByLabel('Current password').fill('wrong-current-password');
  await form.getByLabel('New password').fill('12345678');
  await form.getByLabel('Also revoke my 2 tokens').check();
  await form.getByRole('button', { name: 'Change password' }).click();
  await expect(form.getByText('This password is among the most common passwords')).toBeVisible();
  await expect(form.getByLabel('New password')).toHaveAttribute('aria-invalid', 'true');
  // The box stays as it was left; the passwords do not.
  await expect(form.getByLabel('Also revoke my 2 tokens')).toBeChecked();
  await expect(form.getByLabel('Current password')).toHaveValue('');

  await form.getByLabel('Current password').fill('wrong-current-password');
  await form.getByLabel('New password').fill('lantern-orbit-violet-42');
  await form.getByRole('button', { name: 'Change password' }).click();
  await expect(form.getByText('That is not your current password')).toBeVisible();

  await form.getByLabel('Current password').fill('correct-horse-battery');
  await form.getByLabel('New password').fill('lantern-orbit-violet-42');
  await expect(form.getByLabel('Also revoke my 2 tokens')).toBeChecked();
  await form.getByRole('button', { name: 'Change password' }).click();
  await expect(page.getByRole('form', { name: 'Password' }).getByText('Password changed. Every other place you were signed in has been signed out, and your 2 tokens revoked.')).toBeVisible();
  // Neither token works any more, and the form no longer offers to revoke them.
  expect((await request.get('/api/v1/me', { headers: { authorization: `Bearer ${apiToken}` } })).status()).toBe(401);
  expect((await request.get(`/feed.xml?token=${feedToken}`)).status()).toBe(401);
  await expect(page.getByRole('form', { name: 'Password' }).getByLabel(/Also revoke/)).toHaveCount(0);

  // This session carries on; the other one is signed out.
  await page.goto('/settings');
  await expect(page.getByRole('heading', { name: 'Settings' })).toBeVisible();
  await other.goto('/settings');
  await expect(other.getByRole('heading', { name: 'Sign in' })).toBeVisible();
  await fillSignIn(other, email, 'lantern-orbit-violet-42');
  await expect(other.getByRole('button', { name: 'Sign out' })).toBeVisible();
});
