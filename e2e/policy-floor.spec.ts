import { expect, test, type Page } from './csp-guard';
import { completeContent } from './fixtures';
import { demo, expectAccessible, signIn, unique } from './helpers';

/*
 * The organisation's policy floor in the browser: an org admin edits it (errors
 * by their fields, input kept), a team admin sees it beside each setting and
 * cannot save below it, and a decision published under a relaxed policy says so.
 */

async function api(page: Page, method: 'post', path: string, data: object) {
  const res = await page.request[method](path, { data, headers: { origin: new URL(page.url()).origin } });
  expect(res.ok(), await res.text()).toBe(true);
  return res.json();
}

test('an org admin sets the floor; a team cannot go below it; a relaxed publish is marked on the record and in lists', async ({ browser }) => {
  const priya = await (await browser.newContext()).newPage();
  await signIn(priya, demo('priya'));

  await priya.goto('/settings/organisation');
  await expect(priya.getByRole('heading', { name: 'Policy floor' })).toBeVisible();
  const approvals = priya.getByLabel('Cross-functional approvals');
  const hours = priya.getByLabel('Minimum hours in review');
  await expect(approvals).toHaveValue('1');
  await approvals.fill('');
  await hours.fill('2');
  await priya.getByRole('button', { name: 'Save policy floor' }).click();
  await expect(priya.getByText('Cross-functional approvals must be a number')).toBeVisible();
  await expect(approvals).toHaveAttribute('aria-invalid', 'true');
  await expect(hours).toHaveValue('2');
  await expectAccessible(priya);
  await approvals.fill('1');
  await hours.fill('0');
  await priya.getByRole('button', { name: 'Save policy floor' }).click();
  await expect(priya.getByText('Policy floor saved.')).toBeVisible();

  // A new team: its policy form shows the floor, and refuses to go below it.
  const slug = `floor-${Date.now().toString(36)}`;
  await priya.goto('/teams');
  await priya.getByLabel('Name').fill('Floor test');
  await priya.getByLabel('Slug').fill(slug);
  await priya.getByRole('button', { name: 'Create team' }).click();
  await priya.getByRole('link', { name: 'Team settings' }).click();
  await expect(priya.getByText('Current approvals needed from other functions. Organisation floor: 1.')).toBeVisible();
  await priya.getByLabel('Cross-functional approvals').fill('0');
  await priya.getByLabel('Minimum hours in review').fill('0');
  await priya.getByRole('button', { name: 'Save policy' }).click();
  await expect(priya.getByText('The organisation’s floor is 1 cross-functional approval')).toBeVisible();
  await expect(priya.getByLabel('Cross-functional approvals')).toHaveValue('0');
  await expectAccessible(priya);
  await priya.getByLabel('Cross-functional approvals').fill('1');
  await priya.getByRole('button', { name: 'Save policy' }).click();
  await expect(priya.getByText(/^Policy saved\./)).toBeVisible();

  // Published with 0 hours in review: weaker than Candor's default gate.
  const title = unique('Show delivery dates in the basket');
  const { id } = await api(priya, 'post', '/api/v1/decisions', { team: slug, content: completeContent({ title }) });
  await api(priya, 'post', `/api/v1/decisions/${id}/circulate`, { reviewers: [demo('dev')] });
  const dev = await (await browser.newContext()).newPage();
  await signIn(dev, demo('dev'));
  await api(dev, 'post', `/api/v1/decisions/${id}/reviews`, { verdict: 'approve', body: 'The test is sound and the guardrail holds.' });
  await api(priya, 'post', `/api/v1/decisions/${id}/publish`, {});

  await priya.goto(`/decisions/${id}`);
  await expect(priya.getByText('Published under a policy weaker than Candor’s default gate:')).toBeVisible();
  await expect(priya.getByText('Critics were given 0 hours in review (Candor’s default is 24)')).toBeVisible();
  await expectAccessible(priya);
  await priya.goto(`/teams/${slug}`);
  await expect(priya.getByRole('listitem').filter({ hasText: title }).getByText('Relaxed policy')).toBeVisible();
});
