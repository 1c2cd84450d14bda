import { createHmac } from 'node:crypto';
import { expect, test, type Browser, type Page } from './csp-guard';
import { DEMO_PASSWORD, demo, expectAccessible, unique } from './helpers';

/*
 * Email and webhooks against the catcher (e2e/support/smtp-catcher.mjs), which
 * playwright.config.ts starts beside the app and points the app's SMTP at.
 */

const catcher = `http://127.0.0.1:${process.env.E2E_CATCHER_PORT}`;

type Mail = { to: string[]; subject: string; text: string; html: string };
type Hook = { path: string; headers: Record<string, string>; body: string };

async function as(browser: Browser, who: string): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await page.goto('/sign-in');
  await page.getByLabel('Email').fill(demo(who));
  await page.getByLabel('Password').fill(DEMO_PASSWORD);
  // exact: the page may also offer "Sign in with <SSO provider>".
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible();
  return page;
}

test('a review request made in the page arrives by email with a link to the decision', async ({ browser }) => {
  test.slow(); // two people, a mail round trip and an accessibility scan on a shared machine
  const title = unique('Trim the onboarding survey to three questions');
  const pm = await as(browser, 'marco');
  const res = await pm.request.post('/api/v1/decisions', { data: { team: 'growth', content: { title } }, headers: { origin: new URL(pm.url()).origin } });
  expect(res.status(), await res.text()).toBe(201);
  const id = (await res.json()).id as number;

  await pm.goto(`/decisions/${id}`);
  await pm.getByRole('button', { name: 'Circulate for review' }).click();
  await pm.getByLabel('People (emails)').fill(demo('tom'));
  await pm.getByRole('button', { name: 'Circulate', exact: true }).click();
  await expect(pm.getByText('Review requested. Reviewers were notified.')).toBeVisible();

  let mail: Mail | undefined;
  await expect
    .poll(
      async () => {
        const mails = (await (await pm.request.get(`${catcher}/mails`)).json()) as Mail[];
        mail = mails.find((m) => m.to.includes(demo('tom')) && m.subject.includes(title));
        return !!mail;
      },
      { timeout: 15_000 },
    )
    .toBe(true);
  expect(mail!.subject).toBe(`[Candor] Marco Alvarez asked you to review “${title}”`);
  const base = new URL(pm.url()).origin;
  expect(mail!.text).toContain(`${base}/decisions/${id}`);

  // The reviewer can choose how they hear about it.
  const tom = await as(browser, 'tom');
  await tom.goto('/settings');
  await expect(tom.getByRole('heading', { name: 'Email notifications' })).toBeVisible();
  await expect(tom.getByText('Email is not set up on this server')).toHaveCount(0);
  await tom.getByRole('radio', { name: 'Daily digest' }).check();
  await tom.getByRole('button', { name: 'Save email preference' }).click();
  await expect(tom.getByText('Saved: Candor will email you once a day, as a digest.')).toBeVisible();
  await tom.reload();
  await expect(tom.getByRole('radio', { name: 'Daily digest' })).toBeChecked();
  await expectAccessible(tom);
});

test('a team admin adds a webhook, sends a test, and the receiver gets a signed payload', async ({ browser }) => {
  test.slow();
  const admin = await as(browser, 'marco');
  const hookPath = `/hooks/${Date.now().toString(36)}`;
  const url = `${catcher}${hookPath}`;
  await admin.goto('/teams/growth/settings');
  const section = admin.getByRole('region', { name: 'Webhooks' });
  await section.getByLabel('Payload URL').fill('ftp://example.com/nope');
  await section.getByRole('button', { name: 'Add webhook' }).click();
  await expect(section.getByText('Enter a full http(s) URL')).toBeVisible();
  // What was typed is still there to correct.
  await expect(section.getByLabel('Payload URL')).toHaveValue('ftp://example.com/nope');

  await section.getByLabel('Payload URL').fill(url);
  await section.getByRole('button', { name: 'Add webhook' }).click();
  const secretBox = section.getByLabel("The webhook's signing secret");
  await expect(secretBox).toBeVisible();
  const secret = (await secretBox.textContent())!.trim();
  expect(secret).toMatch(/^whsec_/);
  const row = section.getByRole('list', { name: 'Webhooks' }).getByRole('listitem').filter({ hasText: url });
  await expect(row).toBeVisible();

  await section.getByRole('button', { name: `Send test to ${url}` }).click();
  await expect(section.getByText('Test delivered (HTTP 200).')).toBeVisible();
  await expectAccessible(admin);

  const hooks = (await (await admin.request.get(`${catcher}/hooks`)).json()) as Hook[];
  const got = hooks.find((h) => h.path === hookPath)!;
  expect(got).toBeTruthy();
  const ts = got.headers['x-candor-timestamp']!;
  expect(got.headers['x-candor-signature']).toBe(`sha256=${createHmac('sha256', secret).update(`${ts}.${got.body}`).digest('hex')}`);
  const payload = JSON.parse(got.body);
  expect(payload.event).toBe('webhook.test');
  expect(payload.text).toBe('Test delivery from Candor: this webhook works.');

  // After a reload the list shows the last delivery; the secret is not shown again.
  await admin.reload();
  await expect(row.getByText(/Last delivery: delivered \(HTTP 200\)/)).toBeVisible();
  await expect(admin.getByText(secret)).toHaveCount(0);
  await section.getByRole('button', { name: `Delete ${url}` }).click();
  await expect(row).toHaveCount(0);
});
