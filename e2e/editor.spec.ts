import { expect, test, type Page } from './csp-guard';
import { demo, expectAccessible, signIn, unique } from './helpers';

async function newDraft(page: Page, title: string) {
  await page.goto('/decisions/new');
  await page.getByLabel('Team').selectOption({ label: 'Checkout' });
  await page.getByLabel('Title').fill(title);
  await page.getByRole('button', { name: 'Create draft and start writing' }).click();
  await expect(page.getByRole('heading', { name: 'Edit draft' })).toBeVisible();
  return Number(/\/decisions\/(\d+)\/edit/.exec(page.url())![1]);
}

test('unsaved edits autosave to the server and are offered on another device', async ({ browser }) => {
  const laptop = await browser.newContext();
  const phone = await browser.newContext();
  const a = await laptop.newPage();
  const b = await phone.newPage();
  await signIn(a, demo('priya'));
  await signIn(b, demo('priya'));

  const id = await newDraft(a, unique('Autosave across devices'));
  const summary = 'Half-written on the laptop: show delivery dates on product pages.';
  await a.getByLabel('Summary (TL;DR)').fill(summary);
  await expect(a.getByText(/Autosaved at/)).toBeVisible();

  // The other device never had this text in its browser: it comes from the server.
  await b.goto(`/decisions/${id}/edit`);
  await expect(b.getByText(/Your unsaved edits to this draft were autosaved/)).toBeVisible();
  await expect(b.getByLabel('Summary (TL;DR)')).toHaveValue('');
  await expectAccessible(b);
  await b.getByRole('button', { name: 'Restore my unsaved edits' }).click();
  await expect(b.getByLabel('Summary (TL;DR)')).toHaveValue(summary);
  await b.getByRole('button', { name: 'Save revision 2' }).click();
  await expect(b.getByText('Saved as revision 2.')).toBeVisible();

  // Once saved as a revision, nothing is left to offer anywhere.
  await b.goto(`/decisions/${id}/edit`);
  await expect(b.getByLabel('Summary (TL;DR)')).toHaveValue(summary);
  await expect(b.getByText(/were autosaved/)).toHaveCount(0);
  await laptop.close();
  await phone.close();
});

test('the editor is forgiving while a draft is written', async ({ page }) => {
  await signIn(page, demo('priya'));
  const id = await newDraft(page, unique('Forgiving editor'));

  // A new card takes the focus; an empty one never blocks saving.
  await page.getByRole('button', { name: '+ Add option' }).click();
  await expect(page.getByRole('group', { name: 'Option 1' }).getByLabel('Name')).toBeFocused();
  await page.getByLabel('Summary (TL;DR)').fill('Test whether automatic discounts beat the coupon field.');
  await page.getByRole('button', { name: 'Save revision 2' }).click();
  await expect(page.getByText('Saved as revision 2.')).toBeVisible();

  // Errors wait until a field is left.
  await page.getByRole('button', { name: '+ Add data source' }).click();
  const link = page.getByRole('group', { name: 'Data source 1' }).getByLabel('Link');
  await link.fill('not a link');
  await expect(link).not.toHaveAttribute('aria-invalid', 'true');
  await link.press('Tab');
  await expect(link).toHaveAttribute('aria-invalid', 'true');

  // Leaving by an in-app link with unsaved edits asks first; declining stays here with the text.
  let asked = '';
  page.once('dialog', (d) => {
    asked = d.message();
    void d.dismiss();
  });
  await page.getByRole('link', { name: 'View decision' }).click();
  expect(asked).toContain('unsaved edits');
  await expect(page).toHaveURL(new RegExp(`/decisions/${id}/edit$`));
  await expect(link).toHaveValue('not a link');

  // The checklist speaks in words, beside the form on a wide screen.
  await page.setViewportSize({ width: 1440, height: 900 });
  const checklist = page.getByRole('complementary', { name: 'Publish checklist' });
  await expect(checklist.getByText('Publish checklist:')).toBeVisible();
  await expect(checklist).not.toContainText(/fields\.complete|sources\.documented|metrics\.defined|critique\.circulated/);
  // What the record still lacks is one line each in the checklist, and shows under the field it concerns.
  const complete = checklist.getByRole('listitem').filter({ hasText: 'The record is complete' });
  await expect(complete.locator('.check-issues > li').filter({ hasText: 'Write the context: describe the problem and why now' })).toHaveCount(1);
  expect(await complete.locator('.check-issues > li').count()).toBeGreaterThan(2);
  const underContext = page.getByRole('list', { name: 'What this field still needs' }).filter({ hasText: 'Write the context' });
  await expect(underContext).toBeVisible();
  // So does a check of its own: the draft cites no metric yet, and the metrics list says so.
  await expect(page.getByRole('list', { name: 'What this field still needs' }).filter({ hasText: 'Cite at least one primary or north-star metric from the catalogue' })).toBeVisible();
  await page.getByLabel('Context', { exact: true }).fill('Shoppers abandon at the coupon field because they leave to hunt for codes; half of the sessions that open the field end without an order, and support gets asked about codes every day.');
  await expect(underContext).toHaveCount(0);
  await expect(complete.locator('.check-issues > li').filter({ hasText: 'Write the context' })).toHaveCount(0);
  // A pasted title over the limit is kept whole; the count and the message say so once the field is left.
  const title = page.getByLabel('Title', { exact: true });
  const long = `Move checkout to a single page ${'and keep every payment method working '.repeat(6)}`.trim();
  await title.fill(long);
  await expect(title).toHaveValue(long);
  await expect(page.getByText(`${long.length} of 200 characters`)).toBeVisible();
  await title.press('Tab');
  await expect(page.locator('.field-error').filter({ hasText: 'Title is too long: keep it under 200 characters' })).toBeVisible();
  await expect(title).toHaveAttribute('aria-invalid', 'true');
  await expectAccessible(page);
});

test('the editor is headed for what it edits: a draft, or a decision already in review', async ({ page }) => {
  await signIn(page, demo('priya'));
  await page.goto('/');
  await page.getByRole('region', { name: 'My decisions in review' }).getByRole('link', { name: 'Replace the three-step checkout with a single page' }).click();
  await page.getByRole('link', { name: 'Edit decision' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Edit decision in review' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Edit draft' })).toHaveCount(0);
});
