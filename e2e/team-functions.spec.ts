import { expect, test } from './csp-guard';
import { demo, expectAccessible, signIn } from './helpers';

/*
 * A person's function decides whose reviews count as cross-functional on every team, so only
 * organisation admins set it. In team settings a team admin sees each member's function as text;
 * an org admin gets a control for everyone but themselves. (Reads only: nothing is changed.)
 */

test('a team admin sees members’ functions in team settings but has no control to change them', async ({ page }) => {
  await signIn(page, demo('marco'));
  await page.goto('/teams/growth/settings');
  const members = page.getByRole('region', { name: 'Members' });
  const tom = members.getByRole('listitem').filter({ hasText: 'Tom Becker' });
  await expect(tom).toBeVisible();
  await expect(tom.getByRole('button', { name: 'Change role' })).toBeVisible();
  await expect(members.getByRole('combobox', { name: /^Function of / })).toHaveCount(0);
  await expect(members.getByRole('button', { name: /^Set function/ })).toHaveCount(0);
  await expectAccessible(page);
});

test('an org admin sets members’ functions from team settings, but not their own', async ({ page }) => {
  await signIn(page, demo('priya'));
  await page.goto('/teams/growth/settings');
  const members = page.getByRole('region', { name: 'Members' });
  await expect(members.getByRole('combobox', { name: 'Function of Marco Alvarez' })).toBeVisible();
  await expect(members.getByRole('button', { name: 'Set function of Marco Alvarez' })).toBeVisible();
  await expect(members.getByRole('combobox', { name: 'Function of Priya Raman' })).toHaveCount(0);
  await expectAccessible(page);
});
