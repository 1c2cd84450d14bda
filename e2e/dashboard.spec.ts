import { expect, test } from './csp-guard';
import { demo, expectAccessible, signIn } from './helpers';

/*
 * "My work" as the demo's PM and reviewers see it: each section shows what
 * needs that person, why, and since when, with a way to the full list.
 */

test('a PM sees their decision in review with what the gate still needs, what they were asked to review and why, and their drafts', async ({ page }) => {
  await signIn(page, demo('priya'));
  await expect(page.getByRole('heading', { level: 1, name: 'My work' })).toBeVisible();

  const inReview = page.getByRole('region', { name: 'My decisions in review' });
  const checkout = inReview.getByRole('listitem').filter({ hasText: 'Replace the three-step checkout with a single page' });
  await expect(checkout).toBeVisible();
  // The gate status in words: how many checks pass and what is still missing.
  await expect(checkout).toContainText(/\d of 9 checks pass\./);
  await expect(checkout).toContainText('Still missing:');
  await expect(checkout).toContainText('metric owners have reviewed');

  const asked = page.getByRole('region', { name: /Asked to review/ });
  const referral = asked.getByRole('listitem').filter({ hasText: 'Retire the referral credit programme' });
  await expect(referral).toContainText('Why you: You were asked by name');
  // The demo replays its history at fixed dates, so how long ago grows with the calendar (it read
  // "4 weeks ago" until 2026-12-01 and "last month" after): any past age, as the page words it, with its date.
  await expect(referral).toContainText(/asked (yesterday|last (week|month|year)|\d+ (days|weeks|months|years) ago)/);
  await expect(referral.locator('time')).toHaveAttribute('datetime', /^\d{4}-\d{2}-\d{2}T/);

  const mentions = page.getByRole('region', { name: 'Mentions' });
  await expect(mentions.getByRole('link', { name: /Tom Becker mentioned you in Retire the referral credit programme/ })).toBeVisible();

  // Other specs add drafts too: the newest comes first.
  const res = await page.request.post('/api/v1/decisions', { data: { team: 'checkout', content: { title: `Dashboard draft ${Date.now().toString(36)}` } }, headers: { origin: new URL(page.url()).origin } });
  expect(res.status()).toBe(201);
  const { content } = await res.json();
  await page.reload();
  const drafts = page.getByRole('region', { name: 'My drafts' });
  await expect(drafts.getByRole('link', { name: content.title })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Recent in my teams' }).getByRole('listitem').first()).toBeVisible();
  await expectAccessible(page);

  // The section's link leads to the full list, which says the same why.
  await asked.getByRole('link', { name: /See all|Review feed/ }).click();
  await expect(page).toHaveURL(/\/review$/);
  const item = page.getByRole('listitem').filter({ hasText: 'Retire the referral credit programme' });
  await expect(item).toContainText('Why you: You were asked by name');
});

test('a data scientist sees review requests for their function and for the metrics they own, and the vouch a decision they co-write waits for', async ({ page }) => {
  await signIn(page, demo('dev'));
  const asked = page.getByRole('region', { name: /Asked to review/ });
  await expect(asked.getByRole('listitem').first()).toContainText('Why you:');
  // He co-writes one that cites his metric: he gives it no verdict, and it waits for his vouch for the evidence.
  const guest = 'Drop mandatory account creation before purchase';
  await expect(page.getByRole('region', { name: 'My decisions in review' }).getByRole('listitem').filter({ hasText: guest })).toContainText('metric owners have reviewed');
  // Someone else's draft never shows among "my drafts".
  await expect(page.getByRole('region', { name: 'My drafts' }).getByRole('link', { name: 'Show delivery-date estimates on product pages' })).toHaveCount(0);
  // The header's count and the section's agree.
  const count = (await asked.locator('.dash-count').textContent())!.trim();
  await expect(page.getByRole('link', { name: new RegExp(`^Review\\s*,\\s*${count} need your review$`) })).toBeVisible();
  await expectAccessible(page);
  // The dashboard shows the newest few; the review feed has them all, the vouch among them (last month's: page on if needed).
  await page.getByRole('link', { name: /^Review\s*,/ }).click();
  await expect(page.getByRole('link', { name: 'Needs my review' })).toHaveAttribute('aria-current', 'page');
  // Why he is asked: for his function, and for the metrics he owns, named (on the first page: earlier tests add newer requests).
  await expect(page.getByRole('listitem').filter({ hasText: 'Shorten the Plus free trial from 30 to 14 days' })).toContainText('Why you: Your function was asked');
  await expect(page.getByRole('listitem').filter({ hasText: 'Retire the referral credit programme' })).toContainText(/Why you: You own a cited metric \(\w[^)]*\)/);
  const row = page.getByRole('listitem').filter({ has: page.getByRole('link', { name: guest, exact: true }) });
  for (let pages = 0; pages < 5 && (await row.count()) === 0; pages++) {
    const here = page.url();
    await page.getByRole('link', { name: 'Older →' }).click();
    await expect(page).not.toHaveURL(here);
  }
  await expect(row).toContainText('Why you: Publishing waits for your vouch for the evidence');
});

test('an engineer asked by name sees it, and the mention that came with it', async ({ page }) => {
  await signIn(page, demo('eli'));
  const asked = page.getByRole('region', { name: /Asked to review/ });
  const checkout = asked.getByRole('listitem').filter({ hasText: 'Replace the three-step checkout with a single page' });
  await expect(checkout).toContainText('Why you: You were asked by name · you were mentioned');
  const mention = page.getByRole('region', { name: 'Mentions' }).getByRole('link', { name: /Priya Raman mentioned you in Replace the three-step checkout/ });
  await expect(mention).toBeVisible();
  // Opening a mention lands on the comment, in view below the sticky header.
  await mention.click();
  await expect(page).toHaveURL(/#comment-\d+$/);
  const id = new URL(page.url()).hash.slice(1);
  const comment = page.locator(`[id="${id}"]`);
  await expect(comment).toBeInViewport();
  const top = await comment.evaluate((el) => el.getBoundingClientRect().top);
  const header = await page.locator('.site-header').evaluate((el) => el.getBoundingClientRect().bottom);
  expect(top).toBeGreaterThanOrEqual(header - 1);
});
