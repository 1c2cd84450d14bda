import { test as base, expect, type BrowserContext } from '@playwright/test';

export * from '@playwright/test';

/*
 * `test` that fails when the browser reports a Content-Security-Policy
 * violation on any page of the test: the default page, and pages of contexts
 * the test opens itself with browser.newContext(). Specs that import `test`
 * from here get it automatically.
 */

function watch(context: BrowserContext, violations: string[]) {
  context.on('console', (msg) => {
    const text = msg.text();
    if (/Content Security Policy|Refused to (load|execute|apply|evaluate|frame|connect)/i.test(text)) violations.push(`${msg.location().url}: ${text}`);
  });
  context.on('weberror', (e) => {
    if (/Content Security Policy/i.test(e.error().message)) violations.push(e.error().message);
  });
}

export const test = base.extend<{ cspViolations: string[] }>({
  cspViolations: [
    async ({ context, browser }, use) => {
      const violations: string[] = [];
      watch(context, violations);
      const newContext = browser.newContext.bind(browser);
      browser.newContext = async (...args: Parameters<typeof newContext>) => {
        const c = await newContext(...args);
        watch(c, violations);
        return c;
      };
      await use(violations);
      browser.newContext = newContext;
      expect(violations, 'Content-Security-Policy violations').toEqual([]);
    },
    { auto: true },
  ],
});

