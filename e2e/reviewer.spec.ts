import { expect, test, type Browser, type Page } from './csp-guard';
import { completeContent } from './fixtures';
import { demo, expectAccessible, signIn, unique } from './helpers';

async function as(browser: Browser, who: string): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await signIn(page, demo(who));
  return page;
}

test('a requested reviewer finds the verdict form where they read, with why they were asked and nothing pre-selected', async ({ browser }) => {
  const pm = await as(browser, 'priya');
  const res = await pm.request.post('/api/v1/decisions', { data: { team: 'checkout', content: completeContent({ title: unique('Reviewer first') }) }, headers: { origin: new URL(pm.url()).origin } });
  expect(res.status(), await res.text()).toBe(201);
  const id = (await res.json()).id as number;
  await pm.goto(`/decisions/${id}`);
  await pm.getByRole('button', { name: 'Circulate for review' }).click();
  await pm.getByRole('checkbox', { name: /Design/ }).check();
  await pm.getByRole('button', { name: 'Circulate', exact: true }).click();
  await expect(pm.getByText('Review requested. Reviewers were notified.')).toBeVisible();
  // Authors give no verdicts.
  await expect(pm.getByRole('button', { name: 'Submit review' })).toHaveCount(0);

  const designer = await as(browser, 'sofia');
  await designer.setViewportSize({ width: 1440, height: 900 });
  await designer.goto(`/decisions/${id}`);
  const review = designer.locator('details.review-first');
  await expect(review).toHaveAttribute('open', '');
  await expect(review).toContainText('the authors want a reviewer from design');
  // It sits above the record, within the first screen: no scrolling down a side panel.
  const box = await review.getByRole('button', { name: 'Submit review' }).boundingBox();
  const record = await designer.locator('#section-context').boundingBox();
  expect(box && record && box.y < record.y).toBe(true);
  for (const name of [/Approve/, /Request changes/, /Comment/]) await expect(designer.getByRole('radio', { name })).not.toBeChecked();
  await expectAccessible(designer);

  // Forgetting the verdict is answered plainly, and the words are kept.
  await designer.getByLabel('Review', { exact: true }).fill('The empty state needs a design pass.');
  await designer.getByRole('button', { name: 'Submit review' }).click();
  await expect(designer.getByText('Choose a verdict: approve, request changes or comment.')).toBeVisible();
  await expect(designer.getByLabel('Review', { exact: true })).toHaveValue('The empty state needs a design pass.');
  await designer.getByRole('radio', { name: /Request changes/ }).check();
  await designer.getByRole('button', { name: 'Submit review' }).click();
  await expect(designer.getByText('Your review was recorded.')).toBeVisible();
});

test('a verdict on evidence that changed while the reviewer read is refused with what happened, the words kept; the new revision takes it', async ({ browser }) => {
  const pm = await as(browser, 'priya');
  const origin = { origin: new URL(pm.url()).origin };
  const res = await pm.request.post('/api/v1/decisions', { data: { team: 'checkout', content: completeContent({ title: unique('Moving evidence') }) }, headers: origin });
  expect(res.status(), await res.text()).toBe(201);
  const id = (await res.json()).id as number;
  expect((await pm.request.post(`/api/v1/decisions/${id}/circulate`, { data: { functions: ['design'] }, headers: origin })).status()).toBe(200);

  const designer = await as(browser, 'sofia');
  await designer.goto(`/decisions/${id}`);
  await expect(designer.getByText('Verdict on revision 1')).toBeVisible();
  await designer.getByRole('radio', { name: /Approve/ }).check();
  await designer.getByLabel('Review', { exact: true }).fill('The flow reads well on mobile.');
  // Meanwhile the author changes the methodology.
  const saved = await pm.request.patch(`/api/v1/decisions/${id}`, { data: { baseRevision: 1, content: { methodology: 'Visitors were randomised by visitor id for six full weeks; the population is every web visitor who viewed a product page, compared with a two-sided test and a 95 % interval.' } }, headers: origin });
  expect(saved.status(), await saved.text()).toBe(200);
  await designer.getByRole('button', { name: 'Submit review' }).click();
  await expect(designer.getByText('The record changed in revision 2, after the revision 1 you read: read what changed, then give your verdict again')).toBeVisible();
  await expect(designer.locator('.form-error').getByRole('link', { name: 'See what changed since revision 1' })).toHaveAttribute('href', `/decisions/${id}/diff?from=1&to=2`);
  await expect(designer.getByLabel('Review', { exact: true })).toHaveValue('The flow reads well on mobile.');
  expect(await (await designer.request.get(`/api/v1/decisions/${id}/reviews`)).json()).toEqual([]);
  // The page now shows the new revision, the verdict and words still in the form.
  await expect(designer.getByText('Verdict on revision 2')).toBeVisible();
  await expect(designer.getByText('Visitors were randomised', { exact: false }).first()).toContainText('six full weeks');
  await expect(designer.getByRole('radio', { name: /Approve/ })).toBeChecked();
  await designer.getByRole('button', { name: 'Submit review' }).click();
  await expect(designer.getByText('Your review was recorded.')).toBeVisible();
  expect(await (await designer.request.get(`/api/v1/decisions/${id}/reviews`)).json()).toMatchObject([{ verdict: 'approve', revision: 2, stale: false }]);

  // Now a critic, Sofia can't be made a co-author: the author sees why, and the server refuses it anyway.
  await pm.goto(`/decisions/${id}`);
  await expect(pm.getByRole('option', { name: 'Sofia Lindqvist (Design) — has given a verdict' })).toBeDisabled();
  await expect(pm.getByRole('option', { name: 'Eli Novak (Engineering)' })).toBeEnabled();
  const forced = await pm.request.post(`/api/v1/decisions/${id}/authors`, { data: { email: demo('sofia') }, headers: origin });
  expect(forced.status()).toBe(409);
  expect((await forced.json()).error.message).toMatch(/^Sofia Lindqvist has given a verdict on this decision: a critic can’t become one of its authors/);
});

test('a metric owner whose review publishing waits for is told so in the checklist, with the way to the form', async ({ browser }) => {
  const pm = await as(browser, 'priya');
  const origin = { origin: new URL(pm.url()).origin };
  const base = completeContent({ title: unique('Waits for the refund owner') });
  const content = { ...base, metrics: [...base.metrics, { key: 'refund_rate', role: 'guardrail', expectedDirection: 'no-change' }] };
  const res = await pm.request.post('/api/v1/decisions', { data: { team: 'checkout', content }, headers: origin });
  expect(res.status(), await res.text()).toBe(201);
  const id = (await res.json()).id as number;
  expect((await pm.request.post(`/api/v1/decisions/${id}/circulate`, { data: { functions: ['design'] }, headers: origin })).status()).toBe(200);

  // The author sees whom it waits for, and nothing addressed to her.
  await pm.goto(`/decisions/${id}`);
  const authorsView = pm.locator('.merge-box').getByRole('listitem').filter({ hasText: 'Metric owners have reviewed' });
  await expect(authorsView).toContainText('Hannah Okafor (owner of Refunds per completed order)');
  await expect(authorsView).not.toContainText('It waits for you');

  // Hannah, the refund rate's owner, is told it waits for her; the link takes her to her review form.
  const hannah = await as(browser, 'hannah');
  await hannah.goto(`/decisions/${id}`);
  const check = hannah.locator('.merge-box').getByRole('listitem').filter({ hasText: 'Metric owners have reviewed' });
  await expect(check).toContainText('It waits for you: Give your review');
  await check.getByRole('link', { name: 'Give your review' }).click();
  await expect(hannah).toHaveURL(new RegExp(`/decisions/${id}#your-review$`));
  await expect(hannah.getByRole('button', { name: 'Submit review' })).toBeInViewport();
  await hannah.getByRole('radio', { name: /Approve/ }).check();
  await hannah.getByRole('button', { name: 'Submit review' }).click();
  await expect(hannah.getByText('Your review was recorded.')).toBeVisible();
  // Her review stands: the check waits only for Dev now, and no longer for her.
  await expect(check).not.toContainText('It waits for you');
  await expect(check).not.toContainText('Hannah Okafor');
  await expectAccessible(hannah);
});
