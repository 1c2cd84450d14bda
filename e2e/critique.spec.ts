import { expect, test, type Browser, type Page } from './csp-guard';
import { demo, expectAccessible, signIn, unique } from './helpers';

async function as(browser: Browser, who: string): Promise<Page> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, demo(who));
  return page;
}

test('a PM circulates a draft; data science objects, the PM answers and revises, the stale approval shows, and the objector resolves and approves', async ({ browser }) => {
  const title = unique('Move search suggestions above the fold');

  // The PM writes a draft and circulates it to data science and an engineer.
  const pm = await as(browser, 'marco');
  await pm.goto('/decisions/new');
  await pm.getByLabel('Team').selectOption({ label: 'Growth' });
  await pm.getByLabel('Title').fill(title);
  await pm.getByRole('button', { name: 'Create draft and start writing' }).click();
  await pm.getByRole('textbox', { name: 'Methodology' }).fill('Compared click-through before and after, all visitors.');
  await pm.getByRole('button', { name: 'Save revision 2' }).click();
  await expect(pm.getByText('Saved as revision 2.')).toBeVisible();
  const url = pm.url().replace(/\/edit$/, '');
  await pm.goto(url);
  await pm.getByRole('button', { name: 'Circulate for review' }).click();
  await pm.getByLabel('People (emails)').fill(demo('eli'));
  await pm.getByRole('checkbox', { name: /Data science/ }).check();
  await pm.getByRole('button', { name: 'Circulate', exact: true }).click();
  await expect(pm.getByText('Review requested. Reviewers were notified.')).toBeVisible();
  await expect(pm.locator('.byline').getByText('In review')).toBeVisible();
  await expectAccessible(pm);

  // An engineer approves the first version.
  const eng = await as(browser, 'eli');
  await eng.goto(url);
  await eng.getByRole('radio', { name: /Approve/ }).check();
  await eng.getByLabel('Review', { exact: true }).fill('Fine by engineering.');
  await eng.getByRole('button', { name: 'Submit review' }).click();
  await expect(eng.getByText('Your review was recorded.')).toBeVisible();

  // A data scientist finds it under "Needs my review" and raises a blocking objection on the methodology.
  const ds = await as(browser, 'hannah');
  await ds.getByRole('link', { name: /^Review\s*,\s*\d+ need your review$|^Review$/ }).click();
  await expect(ds.getByRole('link', { name: 'Needs my review' })).toHaveAttribute('aria-current', 'page');
  await expectAccessible(ds);
  await ds.getByRole('link', { name: title }).click();
  const methodology = ds.locator('#section-methodology');
  await methodology.getByRole('button', { name: 'Comment on Methodology' }).click();
  await methodology.getByLabel('Kind').selectOption('blocking');
  // Posted empty, Candor says what is missing under the field (not the browser's tooltip), and the kind chosen is kept.
  await methodology.getByRole('button', { name: 'Post comment' }).click();
  await expect(methodology.locator('.field-error')).toHaveText(/^Write the comment/);
  await expect(methodology.getByLabel('Your comment')).toHaveAttribute('aria-invalid', 'true');
  await expect(methodology.getByLabel('Kind')).toHaveValue('blocking');
  await methodology.getByLabel('Your comment').fill('A before/after comparison cannot separate the change from seasonality. Please run it as an A/B test or add a control period.');
  await methodology.getByRole('button', { name: 'Post comment' }).click();
  const thread = methodology.getByRole('article', { name: /Blocking by Hannah Okafor/ });
  await expect(thread).toContainText('cannot separate the change from seasonality');
  // Only the objector resolves a blocking objection; the data scientist can.
  await expect(thread.getByRole('button', { name: 'Resolve' })).toBeVisible();

  // The PM sees it in the inbox, replies, and revises the methodology.
  await pm.getByRole('link', { name: /^Inbox/ }).click();
  const note = pm.getByRole('link', { name: `Unread: Hannah Okafor raised a blocking objection on Methodology — ${title}` });
  await expect(note).toBeVisible();
  await expectAccessible(pm);
  await note.click();
  const pmThread = pm.locator('#section-methodology').getByRole('article', { name: /Blocking by Hannah Okafor/ });
  await expect(pmThread).toBeVisible();
  // The author cannot resolve a blocking objection, only override it.
  await expect(pmThread.getByRole('button', { name: 'Resolve' })).toHaveCount(0);
  await expect(pmThread.getByRole('button', { name: 'Override objection' })).toBeVisible();
  await pmThread.getByRole('button', { name: 'Reply' }).click();
  await pmThread.getByRole('textbox', { name: 'Reply' }).fill('Agreed: I added a two-week control period. @hannah does this answer it?');
  await pmThread.getByRole('button', { name: 'Post reply' }).click();
  await expect(pmThread).toContainText('I added a two-week control period');
  await pm.goto(`${url}/edit`);
  await pm.getByRole('textbox', { name: 'Methodology' }).fill('Difference-in-differences against a two-week control period on the same weekdays; all visitors, 1–28 October.');
  await pm.getByRole('button', { name: 'Save revision 3' }).click();
  await expect(pm.getByText('Saved as revision 3.')).toBeVisible();
  await pm.goto(url);
  // The engineer's approval was given before the methodology changed: it is stale now.
  await expect(pm.locator('.reviewers').getByText('Approved · stale')).toBeVisible();
  const stale = pm.locator('.review-stale').filter({ hasText: 'Stale: the methodology changed after revision 2 (now 3). It no longer counts.' });
  await expect(stale).toBeVisible();
  await expect(stale.getByRole('link', { name: 'See what changed' })).toHaveAttribute('href', /\/diff\?from=2&to=3$/);
  await expect(pm.locator('#section-methodology').getByText('Outdated')).toBeVisible();

  // The data scientist resolves the thread and approves.
  await ds.reload();
  const dsThread = ds.locator('#section-methodology').getByRole('article', { name: /Blocking by Hannah Okafor/ });
  await expect(dsThread).toContainText('I added a two-week control period');
  await dsThread.getByRole('button', { name: 'Resolve' }).click();
  await dsThread.getByLabel('Note (optional)').fill('The control period answers it.');
  await dsThread.getByRole('button', { name: 'Resolve thread' }).click();
  await expect(dsThread.getByText('Resolved', { exact: true })).toBeVisible();
  await ds.getByRole('radio', { name: /Approve/ }).check();
  await ds.getByLabel('Review', { exact: true }).fill('The diff-in-diff design is sound.');
  await ds.getByRole('button', { name: 'Submit review' }).click();
  await expect(ds.getByText('Your review was recorded.')).toBeVisible();
  await expect(ds.locator('.reviewers li', { hasText: 'Hannah Okafor' }).getByText('✓ Approved')).toBeVisible();
  await expectAccessible(ds);

  // It no longer needs her review.
  await ds.goto('/review');
  await expect(ds.getByRole('link', { name: title })).toHaveCount(0);
});

test('an author cannot approve their own decision, and a blocking objection can be overridden only with a rationale', async ({ browser }) => {
  const pm = await as(browser, 'marco');
  await pm.goto('/review?tab=all');
  await pm.getByRole('link', { name: 'Retire the referral credit programme' }).click();
  await pm.waitForURL(/\/decisions\/\d+$/);
  // Authors get no review form on their own decision.
  await expect(pm.getByRole('button', { name: 'Submit review' })).toHaveCount(0);
  const res = await pm.request.post(`${pm.url()}`.replace(/\/decisions\//, '/api/v1/decisions/') + '/reviews', { data: { verdict: 'approve', body: '' }, headers: { origin: new URL(pm.url()).origin } });
  expect(res.status(), await res.text()).toBe(403);
  expect((await res.json()).error.message).toBe('You cannot approve your own decision');

  // Tom raises a blocking objection; Marco overrides it with a written rationale.
  const tom = await as(browser, 'tom');
  await tom.goto(pm.url());
  const risks = tom.locator('#section-risks');
  await risks.getByRole('button', { name: 'Comment on Risks and consequences' }).click();
  await risks.getByLabel('Kind').selectOption('blocking');
  await risks.getByLabel('Your comment').fill('Retiring credit without notice breaks a promise in our referral terms.');
  await risks.getByRole('button', { name: 'Post comment' }).click();
  // Marco reloads only once Tom's objection is saved (a reload sent earlier could beat it).
  await expect(risks.getByRole('article', { name: /Blocking by Tom Becker/ })).toBeVisible();
  await pm.reload();
  const thread = pm.locator('#section-risks').getByRole('article', { name: /Blocking by Tom Becker/ });
  await thread.getByRole('button', { name: 'Override objection' }).click();
  await thread.getByLabel('Why proceed despite this objection?').fill('No.');
  await thread.getByRole('button', { name: 'Override with this rationale' }).click();
  await expect(thread.getByText('Write the rationale in at least a sentence')).toBeVisible();
  await thread.getByLabel('Why proceed despite this objection?').fill('The terms allow ending the programme with 30 days notice, which we give on 1 November.');
  await thread.getByRole('button', { name: 'Override with this rationale' }).click();
  await expect(thread.getByText('Overridden', { exact: true })).toBeVisible();
  await expect(thread.getByRole('note')).toContainText('The terms allow ending the programme with 30 days notice');
});
