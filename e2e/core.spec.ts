import { expect, test, type Page } from './csp-guard';
import { demo, expectAccessible, signIn, unique } from './helpers';

async function newDraft(page: Page, title: string, team = 'Checkout') {
  await page.goto('/decisions/new');
  await expectAccessible(page);
  await page.getByLabel('Team').selectOption({ label: team });
  await page.getByLabel('Title').fill(title);
  await page.getByRole('button', { name: 'Create draft and start writing' }).click();
  await expect(page.getByRole('heading', { name: 'Edit draft' })).toBeVisible();
  return Number(/\/decisions\/(\d+)\/edit/.exec(page.url())![1]);
}

test('a PM writes a complete draft, sees it rendered, revises it and reads the first revision', async ({ page }) => {
  await signIn(page, demo('priya'));
  await expectAccessible(page);
  const title = unique('Replace the coupon field with automatic discounts');
  const id = await newDraft(page, title);
  await expectAccessible(page);

  await page.getByLabel('Summary (TL;DR)').fill('Apply the best discount automatically; drop the coupon field.');
  await page.getByLabel('Context', { exact: true }).fill('The coupon field sends **12 %** of visitors off-site to hunt for codes.');
  await page.getByLabel('Decision', { exact: true }).fill('Remove the coupon field and apply eligible discounts automatically.');

  await page.getByRole('button', { name: '+ Add option' }).click();
  await page.getByRole('group', { name: 'Option 1' }).getByLabel('Name').fill('Automatic discounts');
  await page.getByRole('group', { name: 'Option 1' }).getByLabel('This is the chosen option').check();
  await page.getByRole('button', { name: '+ Add option' }).click();
  await page.getByRole('group', { name: 'Option 2' }).getByLabel('Name').fill('Keep the coupon field');

  await page.getByRole('button', { name: '+ Add data source' }).click();
  const source = page.getByRole('group', { name: 'Data source 1' });
  await source.getByLabel('Name').fill('Coupon exit analysis');
  await source.getByLabel('Kind').selectOption('ab-test');
  await source.getByLabel('Link').fill('https://bi.example.com/coupon-exits');
  await source.getByLabel('Owner').fill('Dev Chatterjee');
  await source.getByLabel('Window start').fill('2026-09-01');
  await source.getByLabel('Window end').fill('2026-09-30');
  await source.getByLabel('Population / segment').fill('All checkout sessions, EU');
  await source.getByLabel('Sample size').fill('31,400');
  await source.getByLabel('Query').fill('SELECT count(*) FROM events.coupon_exits;');

  await page.getByLabel('Methodology', { exact: true }).fill('Share of sessions leaving from the coupon field over September, all EU checkout sessions.');
  await page.getByRole('button', { name: '+ Cite a metric' }).click();
  const metric = page.getByRole('group', { name: 'Metric 1' });
  await metric.getByLabel('Metric', { exact: true }).selectOption('checkout_conversion');
  await metric.getByLabel('Role in this decision').selectOption('primary');
  await metric.getByLabel('Expected direction').selectOption('increase');
  await metric.getByLabel('Expected effect').fill('+1 %');

  await page.getByRole('button', { name: '+ Add evidence row' }).click();
  const row = page.getByRole('group', { name: 'Evidence row 1' });
  await row.getByLabel('Metric').fill('checkout_conversion');
  await row.getByLabel('Relative change (%)').fill('1.2');
  await row.getByLabel('CI low (%)').fill('0.3');
  await row.getByLabel('CI high (%)').fill('2.1');

  await page.getByRole('textbox', { name: 'Open critique' }).fill('We have not measured how many loyal customers stack codes.');
  await page.getByRole('textbox', { name: 'Risks and consequences' }).fill('Affiliates lose coupon traffic.');
  await page.getByLabel('Outcome review date').fill('2027-03-01');
  await page.getByLabel('Tags').fill('checkout, promotions');

  // The Markdown preview is rendered by the same sanitising renderer.
  await page.getByRole('group', { name: 'Context: write or preview' }).getByRole('button', { name: 'Preview' }).click();
  await expect(page.getByRole('region', { name: 'Context' }).locator('strong')).toHaveText('12 %');

  await page.getByRole('button', { name: 'Save revision 2' }).click();
  await expect(page.getByText('Editing revision 2 · Saved as revision 2.')).toBeVisible();

  await page.getByRole('link', { name: 'View decision' }).click();
  await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
  await expect(page.locator('#section-context strong')).toHaveText('12 %');
  await expect(page.locator('#section-options').getByRole('heading', { name: 'Automatic discounts' })).toContainText('Chosen');
  const src = page.locator('#source-0');
  await expect(src).toContainText('Coupon exit analysis');
  await expect(src).toContainText('31,400');
  await expect(src).toContainText('1 Sept 2026 – 30 Sept 2026');
  await expect(page.locator('#section-metrics')).toContainText('Checkout conversion');
  await expect(page.locator('#section-evidence')).toContainText('+0.3 % to +2.1 %');
  await expectAccessible(page);

  await page.getByRole('link', { name: 'Edit draft' }).click();
  await page.getByLabel('Title').fill(`${title} (revised)`);
  await page.getByRole('button', { name: 'Save revision 3' }).click();
  await expect(page.getByText('Saved as revision 3.')).toBeVisible();

  await page.goto(`/decisions/${id}`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`${title} (revised)`);
  await page.getByRole('link', { name: 'Revision 1' }).click();
  await expect(page.getByText(/You are reading revision 1 of 3/)).toBeVisible();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(title);
  await expectAccessible(page);
});

test('a second tab saving an old revision gets a conflict that keeps its text, and can carry it over', async ({ browser }) => {
  const context = await browser.newContext();
  const tabA = await context.newPage();
  await signIn(tabA, demo('priya'));
  const id = await newDraft(tabA, unique('Conflict demo'));
  const tabB = await context.newPage();
  await tabB.goto(`/decisions/${id}/edit`);

  await tabA.getByLabel('Context', { exact: true }).fill('Tab A’s context.');
  await tabA.getByRole('button', { name: 'Save revision 2' }).click();
  await expect(tabA.getByText('Saved as revision 2.')).toBeVisible();

  const mine = 'Tab B’s careful methodology, typed while tab A saved.';
  await tabB.getByLabel('Methodology', { exact: true }).fill(mine);
  await tabB.getByRole('button', { name: 'Save revision 2' }).click();
  const conflict = tabB.getByRole('alert').filter({ hasText: 'this draft changed while you were editing' });
  await expect(conflict).toBeVisible();
  await expect(conflict).toContainText('You (in another tab) saved revision 2 while you were editing revision 1; it changed Context');
  await expect(tabB.getByLabel('Methodology', { exact: true })).toHaveValue(mine);
  await expectAccessible(tabB);

  await conflict.getByRole('button', { name: 'Keep my edits on top of revision 2' }).click();
  await expect(tabB.getByLabel('Context', { exact: true })).toHaveValue('Tab A’s context.');
  await expect(tabB.getByLabel('Methodology', { exact: true })).toHaveValue(mine);
  await tabB.getByRole('button', { name: 'Save revision 3' }).click();
  await expect(tabB.getByText('Saved as revision 3.')).toBeVisible();

  await tabB.goto(`/decisions/${id}`);
  await expect(tabB.locator('#section-context')).toContainText('Tab A’s context.');
  await expect(tabB.locator('#section-methodology')).toContainText(mine);
  await context.close();
});

test('an author adds a co-author from the team, who is told in their inbox and can edit the draft', async ({ browser }) => {
  const pm = await (await browser.newContext()).newPage();
  await signIn(pm, demo('priya'));
  const title = unique('Co-written draft');
  const id = await newDraft(pm, title);
  await pm.goto(`/decisions/${id}`);
  const authors = pm.getByRole('complementary', { name: 'About this decision' }).getByRole('list', { name: 'Authors' });
  await expect(authors.getByRole('listitem')).toHaveCount(1);
  await pm.getByLabel('Add a co-author').selectOption({ label: 'Dev Chatterjee (Data science)' });
  await pm.getByRole('button', { name: 'Add co-author' }).click();
  await expect(pm.getByText('Co-author added. They were notified.')).toBeVisible();
  await expect(authors.getByRole('listitem')).toHaveCount(2);
  await expect(authors).toContainText('Dev Chatterjee');
  await expect(pm.locator('.activity')).toContainText('Priya Raman added Dev Chatterjee as an author');
  await expectAccessible(pm);

  const ds = await (await browser.newContext()).newPage();
  await signIn(ds, demo('dev'));
  await ds.goto('/inbox');
  await expect(ds.getByRole('link', { name: `Priya Raman added you as an author — ${title}` })).toBeVisible();
  await ds.goto(`/decisions/${id}`);
  await ds.getByRole('link', { name: 'Edit draft' }).click();
  await expect(ds.getByRole('heading', { name: 'Edit draft' })).toBeVisible();
  await ds.getByLabel('Methodology', { exact: true }).fill('Difference in proportions, written by the co-author.');
  await ds.getByRole('button', { name: 'Save revision 2' }).click();
  await expect(ds.getByText('Saved as revision 2.')).toBeVisible();
  await ds.context().close();
  await pm.context().close();
});

test('an author links a related decision by pasting its link; both pages show the link', async ({ page, baseURL }) => {
  await signIn(page, demo('priya'));
  const earlier = unique('Earlier pricing decision');
  const earlierId = await newDraft(page, earlier);
  const later = unique('Later pricing decision');
  const laterId = await newDraft(page, later);
  await page.goto(`/decisions/${laterId}`);
  const box = page.locator('.rail-box').filter({ has: page.getByRole('heading', { name: 'Related decisions' }) });
  await expect(box).toContainText('None yet');
  await box.getByLabel('Link a related decision').fill('the earlier one');
  await box.getByRole('button', { name: 'Link decision' }).click();
  await expect(box.getByText('Name the decision by its number, like 42, or paste its link')).toBeVisible();
  await expect(box.getByLabel('Link a related decision')).toHaveValue('the earlier one');
  await box.getByLabel('Link a related decision').fill(`${baseURL}/decisions/${earlierId}`);
  await box.getByRole('button', { name: 'Link decision' }).click();
  await expect(box.getByRole('list', { name: 'Related decisions' }).getByRole('link', { name: `#${earlierId} ${earlier}` })).toBeVisible();
  await expectAccessible(page);

  await box.getByRole('link', { name: `#${earlierId} ${earlier}` }).click();
  await expect(page.getByRole('heading', { level: 1, name: earlier })).toBeVisible();
  await expect(page.getByRole('list', { name: 'Related decisions' }).getByRole('link', { name: `#${laterId} ${later}` })).toBeVisible();
  await expect(page.locator('.activity')).toContainText(`Priya Raman linked it to #${laterId} as related`);
});

test('the editor works from the keyboard alone', async ({ page }) => {
  await signIn(page, demo('priya'));
  await newDraft(page, unique('Keyboard-only draft'));
  await page.getByLabel('Title').focus();
  await page.keyboard.press('Tab');
  await expect(page.getByLabel('Summary (TL;DR)')).toBeFocused();
  await page.keyboard.type('Written without a mouse.');
  // Reach "+ Add data source" by tabbing, then fill the new card.
  for (let i = 0; i < 40 && !(await page.getByRole('button', { name: '+ Add data source' }).evaluate((el) => el === document.activeElement)); i++) await page.keyboard.press('Tab');
  await expect(page.getByRole('button', { name: '+ Add data source' })).toBeFocused();
  await page.keyboard.press('Enter');
  await page.getByRole('group', { name: 'Data source 1' }).getByLabel('Name').focus();
  await page.keyboard.type('Keyboard survey');
  await page.keyboard.press('Tab');
  await page.keyboard.press('ArrowDown'); // change the kind with the keyboard
  await page.keyboard.press('Control+s');
  await expect(page.getByText('Saved as revision 2.')).toBeVisible();
  await expect(page.getByRole('group', { name: 'Data source 1' }).getByLabel('Name')).toHaveValue('Keyboard survey');
});

test('a failed save names the field and keeps every character', async ({ page }) => {
  await signIn(page, demo('priya'));
  await newDraft(page, unique('Validation draft'));
  await page.getByRole('button', { name: '+ Add data source' }).click();
  const source = page.getByRole('group', { name: 'Data source 1' });
  await source.getByLabel('Name').fill('Exit survey');
  await source.getByLabel('Link').fill('javascript:alert(1)');
  await source.getByLabel('Sample size').fill('-5');
  await page.getByLabel('Methodology', { exact: true }).fill('Some careful text.');
  await page.getByRole('button', { name: 'Save revision 2' }).click();
  await expect(page.getByText(/Nothing was saved: 2 fields need attention/)).toBeVisible();
  await expect(source.getByText('Link must be a web address starting with http:// or https://')).toBeVisible();
  await expect(source.getByText('Sample size must be a positive number')).toBeVisible();
  await expect(source.getByLabel('Link')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByLabel('Methodology', { exact: true })).toHaveValue('Some careful text.');
  await source.getByLabel('Link').fill('https://survey.example.com');
  await source.getByLabel('Sample size').fill('412');
  await page.getByRole('button', { name: 'Save revision 2' }).click();
  await expect(page.getByText('Saved as revision 2.')).toBeVisible();
});

test('anonymous visitors are sent to sign in; sign-up without an invite is refused', async ({ page }) => {
  await page.goto('/metrics');
  await expect(page).toHaveURL(/\/sign-in\?next=%2Fmetrics/);
  await expectAccessible(page);
  await page.getByRole('link', { name: 'Create an account' }).click();
  // Sign-up is invite-only (e2e/invites.spec.ts follows an invite through).
  await expect(page.getByText(/Candor is invite-only/)).toBeVisible();
  await expectAccessible(page);
});

test('an admin creates a team and adds a member; the catalogue and tokens pages work', async ({ page }) => {
  await signIn(page, demo('priya'));
  await page.goto('/teams');
  await expectAccessible(page);
  const slug = `t${Date.now().toString(36)}`;
  await page.getByLabel('Name').fill('Search ranking');
  await page.getByLabel('Slug').fill(slug);
  await page.getByRole('button', { name: 'Create team' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Search ranking' })).toBeVisible();
  await page.getByRole('link', { name: 'Team settings' }).click();
  await page.getByLabel('Email').fill(demo('dev'));
  await page.getByRole('button', { name: 'Add member' }).click();
  await expect(page.getByText('Dev Chatterjee is now a member of the team.')).toBeVisible();
  await page.getByLabel('Email').fill('ghost@example.com');
  await page.getByRole('button', { name: 'Add member' }).click();
  await expect(page.getByText(/No one has an account with ghost@example.com yet/)).toBeVisible();
  await expectAccessible(page);

  await page.goto('/metrics');
  await expect(page.getByRole('link', { name: 'Weekly active buyers' })).toBeVisible();
  await expectAccessible(page);

  await page.goto('/settings/tokens');
  await page.getByLabel('Label').fill('E2E export');
  await page.getByRole('button', { name: 'Create token' }).click();
  const token = await page.getByLabel('Your new API token').textContent();
  expect(token).toMatch(/^cnd_/);
  const res = await page.request.get('/api/v1/me', { headers: { authorization: `Bearer ${token}` } });
  expect((await res.json()).email).toBe(demo('priya'));
  await page.getByRole('button', { name: 'Revoke E2E export' }).click();
  await expect(page.getByText('Revoked', { exact: true })).toBeVisible();
  const after = await page.request.get('/api/v1/me', { headers: { authorization: `Bearer ${token}` } });
  expect(after.status()).toBe(401);
  await expectAccessible(page);
});

test('a feed reader gets a private feed URL whose token reads the feeds and nothing else', async ({ page, request }) => {
  await signIn(page, demo('hannah'));
  await page.goto('/decisions');
  await page.getByRole('link', { name: 'Follow in a feed reader' }).click();
  await expect(page.getByRole('radio', { name: 'A feed reader' })).toBeChecked();
  await expectAccessible(page);
  await page.getByLabel('Label').fill('My feed reader');
  await page.getByRole('button', { name: 'Create token' }).click();
  const url = await page.getByLabel('Your private feed URL').textContent();
  expect(url).toMatch(/^http:\/\/[^/]+\/feed\.xml\?token=cnd_/);
  const listed = page.getByRole('listitem').filter({ hasText: 'My feed reader' });
  await expect(listed.getByText('Feed token', { exact: true })).toBeVisible();
  await expectAccessible(page);

  // Fetched as a feed reader would, without the browser's session: the published decisions.
  const feed = await request.get(new URL(url!).pathname + new URL(url!).search);
  expect(feed.status()).toBe(200);
  expect(feed.headers()['content-type']).toMatch(/^application\/atom\+xml/);
  expect(await feed.text()).toContain('<entry>');
  // The same token cannot act as Hannah: not on the API, and it signs no one in to a page.
  const token = new URL(url!).searchParams.get('token')!;
  const api = await request.get('/api/v1/me', { headers: { authorization: `Bearer ${token}` } });
  expect(api.status()).toBe(403);
  expect((await api.json()).error.message).toMatch(/^This is a feed token: it only reads the Atom feeds/);
  const home = await request.get('/settings', { headers: { authorization: `Bearer ${token}` }, maxRedirects: 0 });
  expect(home.status()).toBe(307);
  expect(home.headers().location).toMatch(/^\/sign-in/);

  // An API token does not go in a feed URL.
  await page.getByLabel('Label').fill('Script');
  await page.getByRole('radio', { name: 'The JSON API' }).check();
  await page.getByRole('button', { name: 'Create token' }).click();
  const apiToken = await page.getByLabel('Your new API token').textContent();
  const refused = await request.get(`/feed.xml?token=${apiToken}`);
  expect(refused.status()).toBe(403);
  expect((await refused.json()).error.message).toMatch(/^This is an API token, which can change things as you: it does not belong in a feed URL/);
  // It works on the API, and nowhere else: it opens no page, so it cannot reach Settings to mint a successor.
  expect((await request.get('/api/v1/me', { headers: { authorization: `Bearer ${apiToken}` } })).status()).toBe(200);
  const settings = await request.get('/settings/tokens', { headers: { authorization: `Bearer ${apiToken}` }, maxRedirects: 0 });
  expect(settings.status()).toBe(307);
  expect(settings.headers().location).toMatch(/^\/sign-in/);
  // Its owner sees that it travelled in a URL, beside the token.
  await page.reload();
  const script = page.getByRole('listitem').filter({ hasText: 'Script' });
  await expect(script.getByText(/^Warning: sent in a feed URL .* and refused there\. Whoever has that URL has this token/)).toBeVisible();
  await expectAccessible(page);
});

test('a feed token can be made without JavaScript: the page shows its feed URL', async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await signIn(page, demo('tom'));
  await page.goto('/settings/tokens?for=feed');
  await page.getByLabel('Label').fill('No-script reader');
  await page.getByRole('button', { name: 'Create token' }).click();
  // Rendered on the server, which does not know the address the browser used: the path, which still works.
  await expect(page.getByLabel('Your private feed URL')).toHaveText(/^\/feed\.xml\?token=cnd_[\w-]+$/);
  await expect(page.getByText('Feed token “No-script reader” created.')).toBeVisible();
  await context.close();
});

test('"Revoke all tokens" needs a tick, then revokes every token at once and lists them as revoked', async ({ page }) => {
  await signIn(page, demo('sofia'));
  await page.goto('/settings/tokens');
  const made: string[] = [];
  for (const label of ['Nightly export', 'Dashboard sync']) {
    await page.getByLabel('Label').fill(label);
    await page.getByRole('button', { name: 'Create token' }).click();
    await expect(page.getByText(`API token “${label}” created.`)).toBeVisible();
    made.push((await page.getByLabel('Your new API token').textContent())!);
  }
  for (const token of made) expect((await page.request.get('/api/v1/me', { headers: { authorization: `Bearer ${token}` } })).status()).toBe(200);

  const form = page.getByRole('form', { name: 'Revoke all tokens' });
  await form.getByRole('button', { name: 'Revoke all tokens' }).click();
  await expect(form.getByText('Tick the box to confirm: every script and feed reader using your tokens will stop working')).toBeVisible();
  for (const token of made) expect((await page.request.get('/api/v1/me', { headers: { authorization: `Bearer ${token}` } })).status()).toBe(200);
  await expectAccessible(page);

  await form.getByLabel('Yes, revoke my 2 active tokens').check();
  await form.getByRole('button', { name: 'Revoke all tokens' }).click();
  await expect(form.getByText('Revoked your 2 active tokens. Scripts and feed readers using them have stopped.')).toBeVisible();
  for (const token of made) expect((await page.request.get('/api/v1/me', { headers: { authorization: `Bearer ${token}` } })).status()).toBe(401);
  await expect(page.getByText('No active tokens', { exact: true })).toBeVisible();
  const revoked = page.getByRole('region', { name: 'Recently revoked' });
  await expect(revoked.getByRole('listitem').filter({ hasText: 'Nightly export' }).getByText('Revoked', { exact: true })).toBeVisible();
  await expect(revoked.getByRole('listitem').filter({ hasText: 'Dashboard sync' })).toBeVisible();
  await expectAccessible(page);
});

test('the inbox shows where each decision stands, and says when a request was overtaken', async ({ page }) => {
  await signIn(page, demo('rin'));
  await page.goto('/inbox');
  // Rin was asked to review a decision that has since been published: the request no longer waits for her.
  const group = page.getByRole('region').filter({ hasText: 'asked you to review' }).filter({ hasText: 'Nothing to do now: it was published' });
  await expect(group.first()).toBeVisible();
  await expect(group.first().getByRole('heading')).toContainText('Published');
  // A decision still in review shows so, and its requests carry no such note.
  const open = page.getByRole('region').filter({ has: page.getByRole('heading').filter({ hasText: 'In review' }) });
  await expect(open.first()).toBeVisible();
  await expect(open.first()).not.toContainText('Nothing to do now');
  await expectAccessible(page);
});
