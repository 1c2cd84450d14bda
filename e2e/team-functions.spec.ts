import { expect, test, type Page } from './csp-guard';
import { completeContent } from './fixtures';
import { demo, expectAccessible, signIn, unique } from './helpers';

/*
 * A person's function decides whose reviews count as cross-functional on every team, so only
 * organisation admins set it. In team settings a team admin sees each member's function as text;
 * an org admin gets a control for everyone but themselves.
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

/*
 * (This one changes a function, and puts it back.) The gate counts a reviewer's function as it is now, so the
 * decision page does too: a request for "someone from engineering" answered by Eli is pending again once an org
 * admin relabels Eli, and the review says what Eli was when reviewing.
 */
test('the reviewers list counts a reviewer by their function now, as the gate does', async ({ browser }) => {
  const priya = await (await browser.newContext()).newPage();
  await signIn(priya, demo('priya'));
  const origin = { origin: new URL(priya.url()).origin };
  const post = async (page: Page, path: string, data: object) => {
    const res = await page.request.post(path, { data, headers: origin });
    expect(res.ok(), await res.text()).toBe(true);
    return res.json();
  };
  const { id } = await post(priya, '/api/v1/decisions', { team: 'growth', content: completeContent({ title: unique('Relabelled reviewer') }) });
  await post(priya, `/api/v1/decisions/${id}/circulate`, { functions: ['engineering'] });
  const eli = await (await browser.newContext()).newPage();
  await signIn(eli, demo('eli'));
  await post(eli, `/api/v1/decisions/${id}/reviews`, { verdict: 'approve', body: 'The rollout is safe to ship behind the flag.' });
  const eliId = (await (await eli.request.get('/api/v1/me')).json()).id as string;
  const relabel = async (fn: string) => {
    const res = await priya.request.patch(`/api/v1/users/${eliId}`, { data: { function: fn }, headers: origin });
    expect(res.ok(), await res.text()).toBe(true);
  };

  await priya.goto(`/decisions/${id}`);
  const reviewers = priya.locator('.reviewers');
  await expect(reviewers.getByRole('listitem').filter({ hasText: 'Someone from engineering' }).getByText('Answered')).toBeVisible();
  await relabel('research');
  try {
    await priya.reload();
    await expect(reviewers.getByRole('listitem').filter({ hasText: 'Someone from engineering' }).getByText('Pending')).toBeVisible();
    await expect(reviewers.getByRole('listitem').filter({ hasText: 'Eli Novak' })).toContainText('Research');
    const review = priya.getByRole('region', { name: 'Reviews' }).getByRole('listitem').filter({ hasText: 'Eli Novak' });
    await expect(review).toContainText('Research (engineering when they reviewed; the gate counts their function now)');
    await expectAccessible(priya);
  } finally {
    await relabel('engineering');
  }
});
