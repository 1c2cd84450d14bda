import { expect, test } from './csp-guard';
import { demo, expectAccessible, signIn } from './helpers';

// Several pages and two browser contexts: more than the default minute on a busy machine.
test.describe.configure({ timeout: 180_000 });

test('sign-up is invite-only: an uninvited person is refused; an invited one joins with the function and team the admin chose, once', async ({ page, browser }) => {
  const visitorContext = await browser.newContext();
  const visitor = await visitorContext.newPage();
  await visitor.goto('/sign-in');
  await visitor.getByRole('link', { name: 'Create an account' }).click();
  await expect(visitor.getByText(/Candor is invite-only: ask an organisation admin for an invite link/)).toBeVisible();
  await expect(visitor.getByRole('button', { name: 'Create account' })).toHaveCount(0);
  await expectAccessible(visitor);

  await signIn(page, demo('priya'));
  await page.goto('/settings/invites');
  await expect(page.getByText('noor@demo.candor.dev', { exact: true })).toBeVisible();
  await page.getByLabel('Function').selectOption('design');
  await page.getByLabel('Team (optional)').selectOption({ label: 'Checkout' });
  await page.getByRole('button', { name: 'Create invite link' }).click();
  const link = (await page.getByLabel('Invite link').textContent())!;
  expect(link).toMatch(/\/sign-up\?invite=inv_[\w-]+$/);
  await expectAccessible(page);

  await visitor.goto(link);
  await expect(visitor.getByText('You are invited to join Candor as Design in the team Checkout.')).toBeVisible();
  await expect(visitor.getByLabel('Your function')).toHaveCount(0);
  const email = `nia-${Date.now()}@example.com`;
  await visitor.getByLabel('Name').fill('Nia Newcomer');
  await visitor.getByLabel('Work email').fill(email);
  // A refused attempt keeps what was typed (and the invite).
  await visitor.getByLabel('Password').fill('short');
  await visitor.getByRole('button', { name: 'Create account' }).click();
  await expect(visitor.getByText('Use at least 8 characters for the password')).toBeVisible();
  await expect(visitor.getByLabel('Work email')).toHaveValue(email);
  await expect(visitor.getByLabel('Name')).toHaveValue('Nia Newcomer');
  await visitor.getByLabel('Password').fill('Velvet-orchard-rain-58');
  await visitor.getByRole('button', { name: 'Create account' }).click();
  await expect(visitor.getByRole('button', { name: 'Sign out' })).toBeVisible();
  await visitor.goto('/settings');
  await expect(visitor.getByRole('form', { name: 'Profile' }).locator('dd')).toContainText('Design');
  await expect(visitor.getByRole('combobox', { name: 'Function' })).toHaveCount(0);
  await expectAccessible(visitor);
  await visitor.goto('/teams/checkout');
  await expect(visitor.getByRole('complementary', { name: 'About this team' })).toContainText('Nia Newcomer');
  await visitorContext.close();

  // The link works once.
  const secondContext = await browser.newContext();
  const second = await secondContext.newPage();
  await second.goto(link);
  await expect(second.getByText(/This invite link has already been used/)).toBeVisible();
  await secondContext.close();

  await page.reload();
  await expect(page.getByRole('listitem').filter({ hasText: 'Nia Newcomer' })).toContainText('Accepted');
});

test('an org admin deactivates someone who left: their open session ends at once and sign-in says why; reactivated, they sign in again', async ({ page, browser }) => {
  await signIn(page, demo('priya'));
  const inv = await page.request.post('/api/v1/invites', { data: { function: 'engineering' }, headers: { origin: new URL(page.url()).origin } });
  expect(inv.status(), await inv.text()).toBe(201);
  const email = `lee-${Date.now()}@example.com`;
  const leaverContext = await browser.newContext();
  const leaver = await leaverContext.newPage();
  await leaver.goto((await inv.json()).url);
  await leaver.getByLabel('Name').fill('Lee Leaver');
  await leaver.getByLabel('Work email').fill(email);
  await leaver.getByLabel('Password').fill('Velvet-orchard-rain-58');
  await leaver.getByRole('button', { name: 'Create account' }).click();
  await expect(leaver.getByRole('button', { name: 'Sign out' })).toBeVisible();

  await page.goto(`/settings/people?q=${encodeURIComponent(email)}`);
  const row = page.getByRole('listitem').filter({ hasText: 'Lee Leaver' });
  await row.getByText('Deactivate…').click();
  await expect(row.getByText(/is signed out everywhere, their API and feed tokens are revoked/)).toBeVisible();
  await expectAccessible(page);
  await row.getByRole('button', { name: 'Deactivate Lee Leaver' }).click();
  await expect(page.getByText('Lee Leaver is deactivated: signed out everywhere.')).toBeVisible();
  await expect(row.getByText('Deactivated', { exact: true })).toBeVisible();

  // Their open tab is signed out on its next page, and signing in says why.
  await leaver.goto('/decisions');
  await expect(leaver).toHaveURL(/\/sign-in/);
  await leaver.getByLabel('Email').fill(email);
  await leaver.getByLabel('Password').fill('Velvet-orchard-rain-58');
  await leaver.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(leaver.getByText('This account has been deactivated: ask an organisation admin if you should still have access')).toBeVisible();

  await row.getByRole('button', { name: 'Reactivate Lee Leaver' }).click();
  await expect(page.getByText('Lee Leaver can sign in again.')).toBeVisible();
  await leaver.getByLabel('Password').fill('Velvet-orchard-rain-58');
  await leaver.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(leaver.getByRole('button', { name: 'Sign out' })).toBeVisible();
  await leaverContext.close();
});
