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
