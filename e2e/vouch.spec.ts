import { expect, test, type Page } from './csp-guard';
import { completeContent } from './fixtures';
import { demo, expectAccessible, signIn, unique } from './helpers';

/*
 * A cited metric's owner who co-writes a decision gives it no verdict: the decision page asks them to vouch for
 * its evidence instead, and asks again once someone else changes the sources, methodology, metrics or evidence.
 * Dev owns both metrics the fixture cites.
 */

test('a metric owner who co-writes a decision vouches for its evidence, and is asked again when it changes', async ({ browser }) => {
  const priya = await (await browser.newContext()).newPage();
  await signIn(priya, demo('priya'));
  const origin = { origin: new URL(priya.url()).origin };
  const send = async (page: Page, method: 'post' | 'patch', path: string, data: object) => {
    const res = await page.request[method](path, { data, headers: origin });
    expect(res.ok(), await res.text()).toBe(true);
    return res.json();
  };
  const content = completeContent({ title: unique('Vouched evidence') });
  const { id } = await send(priya, 'post', '/api/v1/decisions', { team: 'growth', content });
  await send(priya, 'post', `/api/v1/decisions/${id}/authors`, { email: demo('dev') });
  await send(priya, 'post', `/api/v1/decisions/${id}/circulate`, { functions: ['engineering'] });
  const rewrite = async (methodology: string) => {
    const { revision } = await (await priya.request.get(`/api/v1/decisions/${id}`)).json();
    return (await send(priya, 'patch', `/api/v1/decisions/${id}`, { baseRevision: revision, content: { methodology } })).revision as number;
  };

  const dev = await (await browser.newContext()).newPage();
  await signIn(dev, demo('dev'));
  // Circulating it asked him to vouch.
  await dev.goto('/inbox');
  await expect(dev.getByRole('link', { name: `Priya Raman needs your vouch for its evidence: you own a metric it cites and wrote or co-author it — ${content.title}` })).toBeVisible();
  await dev.goto(`/decisions/${id}`);
  // An author gives no verdict: no review form, the vouch card instead, open while the gate waits for it.
  await expect(dev.getByRole('heading', { name: 'Your review' })).toHaveCount(0);
  const card = dev.locator('details').filter({ has: dev.getByRole('heading', { name: 'Vouch for the evidence' }) });
  await expect(card).toContainText('You own Checkout conversion and Page load time (p75), which this decision cites. You co-author this record');
  await expect(card).toContainText('Publishing waits for you');
  // The publish checklist names him as everyone sees him, and tells him it is him, with the way to the card.
  const waits = dev.locator('.merge-box').getByRole('listitem').filter({ hasText: 'Metric owners have reviewed' });
  await expect(waits).toContainText('Dev Chatterjee owns Checkout conversion and Page load time (p75)');
  await expect(waits).toContainText('It waits for you: Vouch for the evidence');
  await waits.getByRole('link', { name: 'Vouch for the evidence' }).click();
  await expect(dev).toHaveURL(new RegExp(`/decisions/${id}#your-vouch$`));
  await expect(card.getByRole('button', { name: 'Vouch for the evidence in revision 1' })).toBeInViewport();

  // Someone else changes the methodology while Dev reads revision 1: vouching for what he read is refused, and the page shows what is current.
  const second = await rewrite(`${content.methodology} The first week was dropped as novelty.`);
  await card.getByRole('button', { name: 'Vouch for the evidence in revision 1' }).click();
  await expect(card.locator(".form-error").filter({ hasText: `changed in revision ${second}, after the revision 1 you read` })).toBeVisible();
  // The refusal links to what changed; following it and coming back, the card asks for the vouch on the new revision.
  await card.locator('.form-error').getByRole('link', { name: 'See what changed since revision 1' }).click();
  await expect(dev).toHaveURL(new RegExp(`/decisions/${id}/diff\\?from=1&to=${second}$`));
  await expect(dev.getByRole('heading', { name: 'What changed' })).toBeVisible();
  await expect(dev.getByLabel('From', { exact: true })).toHaveValue('1');
  await expect(dev.getByLabel('To', { exact: true })).toHaveValue(String(second));
  await dev.goBack();
  await expect(card.getByRole('button', { name: `Vouch for the evidence in revision ${second}` })).toBeVisible();
  await card.getByRole('button', { name: `Vouch for the evidence in revision ${second}` }).click();
  await expect(card).toContainText(`You vouch for it as it stands (your vouch at revision ${second})`);
  await expect(dev.locator('.merge-box')).not.toContainText('It waits for you');
  await expect(card.getByRole('status').filter({ hasText: 'You vouched for the evidence as it stands.' })).toBeVisible();
  await expectAccessible(dev);

  // The PM's checklist counts it; the activity log records it.
  await priya.goto(`/decisions/${id}`);
  const box = priya.locator('.merge-box');
  await expect(box.getByRole('list', { name: 'Failing checks' })).not.toContainText('Metric owners have reviewed');
  await expect(box).toContainText('Vouched for by Dev Chatterjee, who wrote or co-authors it');
  const devRow = priya.locator('.reviewers').getByRole('listitem').filter({ hasText: 'Dev Chatterjee' });
  await expect(devRow).toContainText('metric owner, co-author');
  await expect(devRow).toContainText('Vouched');
  await expect(priya.locator('.activity')).toContainText(`Dev Chatterjee vouched for the evidence in revision ${second}, as the owner of Checkout conversion and Page load time (p75)`);

  // The PM changes the methodology again: Dev is told, and his page asks him to vouch again, linking to what changed.
  const third = await rewrite(`${content.methodology} The first two weeks were dropped as novelty.`);
  await priya.reload();
  await expect(devRow).toContainText('Vouch went stale');
  await expect(box.getByRole('list', { name: 'Failing checks' })).toContainText(`Dev Chatterjee owns Checkout conversion and Page load time (p75) and last vouched for its evidence at revision ${second}`);
  await dev.goto('/inbox');
  await expect(dev.getByRole('link', { name: `Priya Raman changed the evidence you vouched for: as its metric owner, vouch for it again — ${content.title}` })).toBeVisible();
  await dev.goto(`/decisions/${id}`);
  await expect(card).toContainText(`Your vouch at revision ${second} no longer counts: the evidence changed in revision ${third}.`);
  await expect(card.getByRole('link', { name: 'See what changed' })).toHaveAttribute('href', `/decisions/${id}/diff?from=${second}&to=${third}`);
  await expect(card.getByRole('button', { name: `Vouch for the evidence in revision ${third}` })).toBeVisible();
});
