import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from './csp-guard';
import { demo, signIn } from './helpers';

/*
 * A phone (390 px): the header folds into a menu that works from the keyboard,
 * nothing is wider than the screen, scrolling tables take focus, the editor's
 * save bar is reachable — and the main pages have no serious accessibility
 * problem on a phone or a desktop, in light or dark mode.
 */

const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1440, height: 900 };

async function noHorizontalOverflow(page: Page) {
  const [scroll, client] = await page.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]);
  expect(scroll, `page is ${scroll}px wide on a ${client}px screen`).toBeLessThanOrEqual(client);
}

async function axe(page: Page, where: string) {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(bad.map((v) => `${where} — ${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')})`)).toEqual([]);
}

test('at 390 px the menu opens with the keyboard, navigates, and closes with Escape', async ({ page }) => {
  await signIn(page, demo('priya'));
  await page.setViewportSize(PHONE);
  await page.goto('/');
  const menu = page.getByRole('button', { name: 'Menu' });
  await expect(menu).toHaveAttribute('aria-expanded', 'false');
  // Folded, the menu still shows what waits inside it: the review and inbox counts.
  await expect(menu).toHaveAccessibleName(/^Menu\s*, \d+ to review, \d+ unread$/);
  await expect(page.getByRole('navigation', { name: 'Main' })).toBeHidden();
  await noHorizontalOverflow(page);

  // Keyboard only: Tab to the button (skip link, brand, menu), open it with Enter.
  await page.keyboard.press('Tab');
  await page.keyboard.press('Tab');
  await page.keyboard.press('Tab');
  await expect(menu).toBeFocused();
  const outline = await menu.evaluate((el) => getComputedStyle(el).outlineStyle);
  expect(outline).not.toBe('none');
  await page.keyboard.press('Enter');
  await expect(menu).toHaveAttribute('aria-expanded', 'true');
  const nav = page.getByRole('navigation', { name: 'Main' });
  await expect(nav).toBeVisible();
  await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible();

  // Escape closes it and gives focus back to the button.
  await page.keyboard.press('Escape');
  await expect(menu).toHaveAttribute('aria-expanded', 'false');
  await expect(menu).toBeFocused();

  // Open again with Space, walk to Decisions and follow it.
  await page.keyboard.press('Space');
  await page.keyboard.press('Tab'); // My work
  await page.keyboard.press('Tab'); // Review
  await page.keyboard.press('Tab'); // Decisions
  await expect(nav.getByRole('link', { name: 'Decisions' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/decisions$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Decisions' })).toBeVisible();
  await expect(menu).toHaveAttribute('aria-expanded', 'false');
  await noHorizontalOverflow(page);
});

test('at 390 px pages fit the screen, tables scroll with the keyboard, and the editor’s save bar is reachable', async ({ page }) => {
  test.setTimeout(180_000);
  await signIn(page, demo('priya'));
  await page.setViewportSize(PHONE);
  for (const path of ['/', '/review', '/decisions', '/decisions?q=checkout', '/inbox', '/metrics', '/teams', '/teams/checkout/settings']) {
    await page.goto(path);
    await noHorizontalOverflow(page);
  }
  await page.goto('/');
  await page.getByRole('region', { name: 'My decisions in review' }).getByRole('link', { name: 'Replace the three-step checkout with a single page' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Replace the three-step checkout with a single page' })).toBeVisible();
  await noHorizontalOverflow(page);
  const evidence = page.getByRole('region', { name: 'Evidence table' });
  await evidence.focus();
  await expect(evidence).toBeFocused();
  // The rail comes after the record on a phone: a link near the title goes straight to its status and actions.
  await page.getByRole('link', { name: 'Status, checks and actions' }).click();
  const rail = page.getByRole('complementary', { name: 'About this decision' });
  await expect(rail.getByRole('heading', { name: 'Status' })).toBeInViewport();
  await expect(rail.getByRole('heading').first()).toHaveText('Status');

  // A draft's editor: the save button is on screen without scrolling to the end.
  await page.goto('/decisions?author=me&status=draft');
  await page.getByRole('link', { name: 'Show delivery-date estimates on product pages' }).click();
  await page.getByRole('link', { name: 'Edit draft' }).click();
  await expect(page.getByRole('heading', { name: 'Edit draft' })).toBeVisible();
  await expect(page.getByRole('button', { name: /^Save/ }).first()).toBeInViewport();
  await noHorizontalOverflow(page);
});

test('the main pages have no serious accessibility problem at 390 and 1440 px, light and dark', async ({ page }) => {
  // 22 pages checked by axe: slow on a shared machine.
  test.setTimeout(600_000);
  await signIn(page, demo('priya'));
  await page.goto('/');
  await page.getByRole('region', { name: 'My decisions in review' }).getByRole('link', { name: 'Replace the three-step checkout with a single page' }).click();
  const decision = new URL(page.url()).pathname;
  const pages = ['/', '/review', '/decisions', '/decisions?q=checkout', '/inbox', decision];
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    for (const size of [PHONE, DESKTOP]) {
      await page.setViewportSize(size);
      for (const path of pages) {
        await page.goto(path);
        await axe(page, `${path} at ${size.width}px, ${colorScheme}`);
      }
      if (size === PHONE) {
        // And with the menu open.
        await page.getByRole('button', { name: 'Menu' }).click();
        await axe(page, `menu open at ${size.width}px, ${colorScheme}`);
      }
    }
  }
});
