import { expect, test } from './csp-guard';
import { demo, expectAccessible, signIn } from './helpers';

test('search, filter, open a result, compare two revisions, export Markdown, and follow the feed', async ({ page }) => {
  await signIn(page, demo('hannah'));
  await page.getByRole('link', { name: 'Decisions', exact: true }).click();
  await expectAccessible(page);

  // Search: ranked results with the matching words highlighted.
  await page.getByRole('searchbox', { name: 'Search' }).fill('novelty holdout');
  await page.getByRole('button', { name: 'Search' }).click();
  await expect(page).toHaveURL(/q=novelty\+holdout/);
  const results = page.getByRole('list', { name: 'Search results' });
  await expect(results.getByRole('link', { name: 'Replace the three-step checkout with a single page' })).toBeVisible();
  await expect(results.locator('mark').first()).toBeVisible();
  // Each hit names its author and their function, as the lists do.
  await expect(results.getByRole('listitem').filter({ hasText: 'Replace the three-step checkout with a single page' })).toContainText('Priya Raman · Product');
  await expectAccessible(page);
  // An excerpt says where it was found: a word only a comment holds shows that comment, marked as one.
  await page.goto('/decisions?q=perk');
  await expect(results.getByRole('listitem').filter({ hasText: 'Retire the referral credit programme' }).locator('.snippet')).toContainText(/^In the comments: .*smaller perk for them/);

  // Anything a person can type is answered, never an error page.
  for (const hostile of ['"unbalanced', '(checkout', 'OR', '-', '*', 'NEAR(', '🎉', 'a:b ^c']) {
    await page.goto(`/decisions?q=${encodeURIComponent(hostile)}`);
    await expect(page.getByRole('heading', { level: 1, name: 'Decisions' })).toBeVisible();
  }

  // Filters live in the URL: published decisions citing a metric, by publish date.
  await page.goto('/decisions');
  // Each choice applies as it is made (the Search button stays for typed text and for no-JS).
  await page.getByLabel('Status').selectOption('superseded');
  await expect(page).toHaveURL(/status=superseded/);
  await page.getByLabel('Cites metric').selectOption({ label: 'Weekly active buyers' });
  await expect(page).toHaveURL(/metric=weekly_active_buyers/);
  await page.getByLabel('Sort by').selectOption('published');
  await expect(page).toHaveURL(/sort=published/);
  await expect(page).toHaveURL(/status=superseded/);
  await expect(page).toHaveURL(/metric=weekly_active_buyers/);
  await expect(page.getByRole('link', { name: 'Send the weekly digest email on Mondays' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Move the weekly digest to Thursday evenings' })).toHaveCount(0);
  const shared = page.url();
  await page.goto(shared);
  await expect(page.getByLabel('Status')).toHaveValue('superseded');

  // Open it: the supersede chain is drawn on the page.
  await page.getByRole('link', { name: 'Send the weekly digest email on Mondays' }).click();
  const chain = page.getByRole('list', { name: 'Supersede chain, oldest first' });
  await expect(chain).toContainText('Send the weekly digest email on Mondays');
  await expect(chain).toContainText('superseded by');
  await expect(chain).toContainText('Move the weekly digest to Thursday evenings');

  // The superseding decision: what changed during review.
  await chain.getByRole('link', { name: /Move the weekly digest to Thursday evenings/ }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Move the weekly digest to Thursday evenings' })).toBeVisible();
  const thursday = page.url();
  await page.getByRole('link', { name: 'What changed during review' }).click();
  await expect(page.getByRole('heading', { name: 'What changed' })).toBeVisible();
  const methodology = page.getByRole('region', { name: 'Methodology' });
  await expect(methodology.locator('ins')).toContainText('holdout');
  await expectAccessible(page);
  // Any two revisions can be picked.
  await page.getByLabel('From', { exact: true }).selectOption('2');
  await page.getByLabel('To', { exact: true }).selectOption('2');
  await page.getByRole('button', { name: 'Compare' }).click();
  await expect(page.getByText('No differences between revision 2 and revision 2')).toBeVisible();

  // Export as Markdown (MADR headings plus Candor's sections).
  // Back on the decision (by its address: two history steps back raced the second soft navigation on a loaded machine).
  await page.goto(thursday);
  const download = page.waitForEvent('download');
  await page.getByRole('link', { name: 'Export as Markdown' }).click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/^\d{4}-move-the-weekly-digest-to-thursday-evenings\.md$/);
  const markdown = await (await import('node:fs/promises')).readFile((await file.path())!, 'utf8');
  expect(markdown).toContain('## Context and Problem Statement');
  expect(markdown).toContain('## Decision Outcome');
  expect(markdown).toContain('## Data Sources');
  expect(markdown).toContain('## Recorded Dissent');
  expect(markdown).toMatch(/^---\n[\s\S]*status: accepted/);

  // The team timeline and the Atom feed.
  await page.goto('/teams/growth?view=timeline');
  await expect(page.getByRole('heading', { level: 2, name: 'September 2026' })).toBeVisible();
  await expectAccessible(page);
  const feed = await page.request.get('/feed.xml');
  expect(feed.headers()['content-type']).toContain('application/atom+xml');
  expect(await feed.text()).toContain('<title>Move the weekly digest to Thursday evenings</title>');
});

test('a team admin imports an ADR folder; importing it again creates nothing new', async ({ page }) => {
  await signIn(page, demo('eli'));
  await page.goto('/teams/platform/settings');
  const fixtures = 'tests/fixtures/adr/adr-tools';
  const fs = await import('node:fs');
  const path = await import('node:path');
  const files = fs.readdirSync(fixtures).map((f) => path.join(fixtures, f));
  await page.getByLabel('Or .md files').setInputFiles(files);
  await page.getByRole('button', { name: 'Import' }).click();
  await expect(page.getByText(`${files.length} imported, 0 skipped, of ${files.length} files.`)).toBeVisible();
  await expect(page.getByRole('link', { name: 'Record architecture decisions' })).toBeVisible();
  await expectAccessible(page);

  await page.getByLabel('Or .md files').setInputFiles(files);
  await page.getByRole('button', { name: 'Import' }).click();
  await expect(page.getByText(`0 imported, ${files.length} skipped, of ${files.length} files.`)).toBeVisible();
  await expect(page.getByText(/Already imported as decision #\d+/).first()).toBeVisible();

  await page.getByRole('link', { name: 'Record architecture decisions' }).first().click();
  await expect(page.getByText(/Imported.*from 0001-record-architecture-decisions\.md/)).toBeVisible();
  await expect(page.getByText('It did not pass Candor’s publish gate.')).toBeVisible();
});

test('an import larger than one request may carry is refused in the page with what to do, and nothing is imported', async ({ page }) => {
  await signIn(page, demo('eli'));
  await page.goto('/teams/platform/settings');
  const body = Buffer.from(`# A long record\n\n${'Words of a long decision record. '.repeat(7_000)}\n`);
  const files = Array.from({ length: 40 }, (_, i) => ({ name: `${String(i + 1).padStart(4, '0')}-long-record.md`, mimeType: 'text/markdown', buffer: body }));
  await page.getByLabel('Or .md files').setInputFiles(files);
  await page.getByRole('button', { name: 'Import' }).click();
  await expect(page.getByText(/These files come to 8\.\d MB; one import takes at most 8 MB\. Import the folder in parts, or use the command line/)).toBeVisible();
  await expect(page.getByRole('region', { name: 'Import results' })).toHaveCount(0);
});

test('a folder’s sub-folders (diagrams, images) are listed as skipped without being uploaded, so they don’t count against the limit', async ({ page }) => {
  const fs = await import('node:fs');
  const os = await import('node:os');
  const path = await import('node:path');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'candor-e2e-folder-'));
  const folder = path.join(dir, 'adr');
  fs.mkdirSync(path.join(folder, 'images'), { recursive: true });
  fs.writeFileSync(path.join(folder, '0001-use-postgres-for-reporting.md'), '# Use Postgres for reporting\n\n## Status\n\nAccepted\n\n## Context\n\nReports time out.\n\n## Decision\n\nMove reporting to Postgres.\n');
  fs.writeFileSync(path.join(folder, 'images', 'architecture.png'), Buffer.alloc(9 * 1024 * 1024, 1));
  try {
    await signIn(page, demo('eli'));
    await page.goto('/teams/platform/settings');
    await page.getByLabel('A folder').setInputFiles(folder);
    await page.getByRole('button', { name: 'Import' }).click();
    await expect(page.getByText('1 imported, 1 skipped, of 2 files.')).toBeVisible();
    await expect(page.getByRole('region', { name: 'Import results' })).toContainText('images/architecture.png');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('a filter chosen while the page is still loading is kept once the page is ready', async ({ page }) => {
  await signIn(page, demo('hannah'));
  // Hold the page's scripts back, as a slow connection would, while the person chooses a status.
  let release = () => {};
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route('**/_next/static/chunks/**', async (route) => {
    await held;
    await route.continue();
  });
  await page.goto('/decisions', { waitUntil: 'commit' });
  await expect(page.getByLabel('Status')).toBeVisible();
  await page.getByLabel('Status').selectOption('superseded');
  release();
  await page.waitForLoadState('networkidle');
  // Once the page runs, the choice is still there and applies, and the next choice applies both.
  await expect(page.getByLabel('Status')).toHaveValue('superseded');
  await expect(page).toHaveURL(/status=superseded/);
  await page.getByLabel('Sort by').selectOption('published');
  await expect(page).toHaveURL(/sort=published/);
  await expect(page).toHaveURL(/status=superseded/);
  await expect(page.getByRole('link', { name: 'Send the weekly digest email on Mondays' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Move the weekly digest to Thursday evenings' })).toHaveCount(0);
});

test('a damaged or repeated page link is explained on the page, never an error page', async ({ page }) => {
  await signIn(page, demo('priya'));
  const stale = 'This page link is out of date: start again from the first page';
  for (const [url, heading] of [
    ['/decisions?cursor=garbage', 'Decisions'],
    ['/review?cursor=garbage', 'Review'],
    ['/inbox?cursor=garbage', 'Inbox'],
    ['/teams/growth?cursor=garbage', 'Growth'],
    ['/teams/growth?view=timeline&cursor=a&cursor=b', 'Growth'],
  ] as const) {
    const response = await page.goto(url);
    expect(response?.status(), url).toBe(200);
    await expect(page.getByRole('heading', { level: 1, name: heading })).toBeVisible();
    await expect(page.getByText(stale)).toBeVisible();
    // The way back is offered; the list is not declared empty beside the problem.
    const pager = page.getByRole('navigation', { name: 'Pagination' });
    await expect(pager.getByRole('link', { name: '← Back to the newest' })).toBeVisible();
    await expect(pager).not.toContainText('That’s everything');
  }
  await page.getByRole('link', { name: '← Back to the newest' }).click();
  await expect(page.getByText(stale)).toHaveCount(0);
  await expect(page.getByRole('heading', { level: 1, name: 'Growth' })).toBeVisible();

  // A decision's older-activity link, damaged: the record still shows, the activity says why and how back.
  await page.goto('/decisions?q=weekly+digest');
  await page.getByRole('list', { name: 'Search results' }).getByRole('link').first().click();
  await expect(page).toHaveURL(/\/decisions\/\d+$/);
  const record = page.url();
  const response = await page.goto(`${record}?activity=garbage`);
  expect(response?.status()).toBe(200);
  await expect(page.getByRole('heading', { name: 'Activity' })).toBeVisible();
  await expect(page.getByText(stale)).toBeVisible();
  await page.getByRole('link', { name: 'Newest activity' }).click();
  await expect(page.getByText(stale)).toHaveCount(0);
  await expectAccessible(page);

  // A repeated parameter counts once (the first), on the people search too.
  expect((await page.goto('/settings/people?q=marco&q=nobody'))?.status()).toBe(200);
  await expect(page.getByLabel('Find people')).toHaveValue('marco');
  await expect(page.getByRole('list', { name: 'People' })).toContainText(demo('marco'));
});

test('a published decision names its metrics as they were defined when it was published, whatever the catalogue says later', async ({ page }) => {
  await signIn(page, demo('hannah')); // the owner of the email unsubscribe rate
  const rename = async (name: string) => {
    await page.goto('/metrics/unsubscribe_rate');
    await page.getByLabel('Name').fill(name);
    await page.getByRole('button', { name: 'Save metric' }).click();
    await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
  };
  await rename('Email opt-out rate');
  try {
    await page.goto('/decisions?q=%22weekly+digest+to+Thursday%22');
    await page.getByRole('list', { name: 'Search results' }).getByRole('link', { name: 'Move the weekly digest to Thursday evenings' }).click();
    const table = page.getByRole('region', { name: 'Success metrics table' });
    await expect(table).toContainText('Email unsubscribe rate');
    await expect(table).toContainText('now called “Email opt-out rate”');
    // The evidence it was published on is labelled the same way.
    await expect(page.getByRole('table', { name: /Evidence/ })).toContainText('Email unsubscribe rate');
  } finally {
    await rename('Email unsubscribe rate');
  }
});
