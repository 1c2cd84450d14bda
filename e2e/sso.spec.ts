import { expect, test, type Page } from './csp-guard';
import { demo, expectAccessible, signIn } from './helpers';

// Round trips through the provider and two browser contexts: more than the default minute on a busy machine.
test.describe.configure({ timeout: 180_000 });

/*
 * Single sign-on against a real OpenID Connect provider on localhost
 * (e2e/support/oidc-idp.mjs, started by playwright.config.ts): authorization code
 * with PKCE, the provider's own sign-in and consent pages, the function claim.
 */

async function ssoSignIn(page: Page, login: string) {
  await page.goto('/sign-in');
  await expectAccessible(page);
  await page.getByRole('button', { name: 'Sign in with Example SSO' }).click();
  const idpHeading = page.getByRole('heading', { name: 'Sign in to Example IdP' });
  const signedIn = page.getByRole('button', { name: 'Sign out' });
  // The provider may still remember the person (its own session): then it sends them straight back.
  await expect(idpHeading.or(signedIn)).toBeVisible();
  if (await idpHeading.isVisible()) {
    expect(new URL(page.url()).port).toBe(process.env.E2E_OIDC_PORT);
    await page.getByLabel('Username').fill(login);
    await page.getByLabel('Password').fill('idp-password');
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    const allow = page.getByRole('button', { name: 'Allow' });
    await expect(allow.or(signedIn)).toBeVisible();
    if (await allow.isVisible()) await allow.click();
  }
  await expect(signedIn).toBeVisible();
}

async function shownFunction(page: Page): Promise<string> {
  await page.goto('/settings');
  const profile = page.getByRole('form', { name: 'Profile' });
  return (await profile.locator('dd strong').textContent()) ?? '';
}

test('signs in with the identity provider; the function claim sets the function once, and an admin’s later change sticks', async ({ page, browser }) => {
  await ssoSignIn(page, 'dana');
  expect(new URL(page.url()).port).toBe(process.env.E2E_PORT);
  expect(await shownFunction(page)).toBe('Data science');
  await expect(page.getByText('Signed in as dana.sso@example.com')).toBeVisible();

  // An org admin changes Dana's function on the People page.
  const adminContext = await browser.newContext();
  const admin = await adminContext.newPage();
  await signIn(admin, demo('priya'));
  await admin.goto('/settings/people?q=dana');
  await expectAccessible(admin);
  await admin.getByLabel('Function of Dana Okoro').selectOption('research');
  await admin.getByRole('button', { name: 'Save Dana Okoro' }).click();
  await expect(admin.getByText('Saved: Dana Okoro is Research.')).toBeVisible();
  await adminContext.close();

  // Signing in with SSO again does not put the claim's function back.
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
  await ssoSignIn(page, 'dana');
  expect(await shownFunction(page)).toBe('Research');
});

test('an unknown function claim gives "Other" until an admin sets it', async ({ page, browser }) => {
  await ssoSignIn(page, 'finn');
  expect(await shownFunction(page)).toBe('Other');

  // Nobody vouched for it: the People page says so, until an org admin saves it.
  const adminContext = await browser.newContext();
  const admin = await adminContext.newPage();
  await signIn(admin, demo('priya'));
  await admin.goto('/settings/people?q=finn');
  const roles = admin.getByRole('form', { name: /^Roles of Finn/ });
  await expect(roles).toContainText('Not confirmed');
  await expect(roles.getByLabel(/^Function of Finn/)).toHaveAccessibleDescription(/their approvals don’t count as cross-functional until you save it/);
  await expectAccessible(admin);
  await roles.getByRole('button', { name: /^Save Finn/ }).click();
  await expect(roles.getByText(/^Saved: Finn .* is Other\.$/)).toBeVisible();
  await expect(roles).not.toContainText('Not confirmed');
  await admin.reload();
  await expect(admin.getByRole('form', { name: /^Roles of Finn/ })).not.toContainText('Not confirmed');
  await adminContext.close();
});
