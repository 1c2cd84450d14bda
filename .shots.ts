import { chromium, type Page } from '@playwright/test';

const BASE = process.env.BASE ?? 'http://localhost:3486';
const OUT = '/tmp/x/look';
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
async function as(who: string): Promise<Page> {
  const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
  await page.goto(`${BASE}/sign-in`);
  await page.getByLabel('Email').fill(`${who}@demo.candor.dev`);
  await page.getByLabel('Password').fill('candor-demo');
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.getByRole('button', { name: 'Sign out' }).waitFor();
  return page;
}
const shot = (p: Page, name: string, full = true) => p.screenshot({ path: `${OUT}/${name}.png`, fullPage: full });

// Tokens: make two, try revoke-all without the tick, then with it.
const sofia = await as('sofia');
await sofia.goto(`${BASE}/settings/tokens`);
for (const label of ['Nightly export', 'Slack digest']) {
  await sofia.getByLabel('Label').fill(label);
  await sofia.getByRole('button', { name: 'Create token' }).click();
  await sofia.getByText(label).first().waitFor();
  await sofia.goto(`${BASE}/settings/tokens`);
}
await sofia.getByRole('button', { name: 'Revoke all tokens' }).click();
await sofia.waitForTimeout(800);
await shot(sofia, 'tokens-untick');
await sofia.getByLabel(/Yes, revoke my/).check();
await sofia.getByRole('button', { name: 'Revoke all tokens' }).click();
await sofia.waitForTimeout(800);
await shot(sofia, 'tokens-revoked');

// Team settings as an org admin (function controls) and a removal refused / a removed author's edit page.
const priya = await as('priya');
await priya.goto(`${BASE}/teams/checkout/settings`);
await shot(priya, 'team-org-admin', false);
const members = priya.getByRole('region', { name: 'Members' });
await members.getByRole('listitem').filter({ hasText: 'Priya Raman' }).getByRole('button', { name: /^Remove/ }).click();
await priya.waitForTimeout(1000);
await shot(priya, 'team-remove-refused', false);
await members.getByRole('listitem').filter({ hasText: 'Rin Takeda' }).getByRole('button', { name: /^Remove/ }).click();
await priya.waitForTimeout(1000);
await priya.goto(`${BASE}/decisions/5/edit`);
await priya.getByLabel('Methodology', { exact: true }).first().fill('Two-sided test on checkout conversion per visitor, four full weeks; the population is every web session reaching checkout in the EU and UK. Pre-registered; no interim looks; 95 % confidence interval. We also re-ran it without the first week.');
await priya.waitForTimeout(800);
await shot(priya, 'editor-typed', false);

const rin = await as('rin');
await rin.goto(`${BASE}/inbox`);
await shot(rin, 'inbox', false);
await rin.goto(`${BASE}/decisions/7/edit`);
await shot(rin, 'removed-author-edit', false);

// An override with a rationale too thin.
const marco = await as('marco');
await marco.goto(`${BASE}/teams/growth/settings`);
await shot(marco, 'team-admin', false);
await browser.close();
