import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from './csp-guard';
import { expect, test } from './csp-guard';
import { completeContent } from './fixtures';
import { demo, signIn, unique } from './helpers';

/*
 * Another site's page tries to act with a signed-in person's session. The
 * attacker is served from http://localhost:<another port>: same site as Candor
 * (so the SameSite=Lax session cookie is still sent with its form posts), but a
 * different origin.
 */

let attacker: Server;
let attackerOrigin = '';
let nextPage = '<p>nothing yet</p>';

test.beforeAll(async () => {
  attacker = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(nextPage);
  });
  await new Promise<void>((resolve) => attacker.listen(0, 'localhost', resolve));
  attackerOrigin = `http://localhost:${(attacker.address() as AddressInfo).port}`;
});
test.afterAll(() => new Promise<void>((resolve) => attacker.close(() => resolve())));

async function draftViaApi(page: Page): Promise<number> {
  const res = await page.request.post('/api/v1/decisions', {
    data: { team: 'checkout', content: completeContent({ title: unique('CSRF target') }) },
    headers: { origin: new URL(page.url()).origin },
  });
  expect(res.status(), await res.text()).toBe(201);
  return (await res.json()).id;
}

async function statusOf(page: Page, id: number): Promise<string> {
  return (await (await page.request.get(`/api/v1/decisions/${id}`)).json()).status;
}

/** An HTML form on the attacker's page that posts itself as soon as it loads. */
function autoSubmittingForm(action: string): string {
  // enctype text/plain lets a plain form send a body that looks like JSON.
  return `<!doctype html><html><body>
<form method="POST" action="${action}" enctype="text/plain"><input type="hidden" name='{"reviewers":["x@example.com"],"junk":"' value='"}'></form>
<script>document.forms[0].submit()</script></body></html>`;
}

test('a page on another origin cannot circulate or publish a decision with the signed-in person’s session', async ({ page, baseURL }) => {
  await signIn(page, demo('priya'));
  const id = await draftViaApi(page);
  expect(await statusOf(page, id)).toBe('draft');

  for (const step of ['circulate', 'publish']) {
    const target = `${baseURL}/api/v1/decisions/${id}/${step}`;
    nextPage = autoSubmittingForm(target);
    const answered = page.waitForResponse((r) => r.url() === target && r.request().method() === 'POST');
    await page.goto(`${attackerOrigin}/`);
    const res = await answered;
    expect(res.status()).toBe(403);
    expect(await res.json()).toEqual({ error: { code: 'forbidden', message: expect.stringMatching(/cross-site/) } });
    // The person sees the refusal, not a changed decision.
    await expect(page.getByText(/cross-site/)).toBeVisible();
  }

  await page.goto(`/decisions/${id}`);
  expect(await statusOf(page, id)).toBe('draft');
  await expect(page.getByRole('button', { name: 'Circulate for review' })).toBeVisible();
});

test('a Server Action replayed from another origin is refused and changes nothing', async ({ page, cspViolations }) => {
  await signIn(page, demo('priya'));
  const id = await draftViaApi(page);
  await page.goto(`/decisions/${id}`);
  await page.getByRole('button', { name: 'Circulate for review' }).click();
  await page.getByRole('checkbox', { name: /Data science/ }).check();

  // Capture the real action request the form sends, without letting it through.
  let captured: { url: string; headers: Record<string, string>; body: Buffer } | undefined;
  await page.route(`**/decisions/${id}`, async (route) => {
    const req = route.request();
    if (req.method() !== 'POST') return route.continue();
    captured = { url: req.url(), headers: await req.allHeaders(), body: req.postDataBuffer() ?? Buffer.alloc(0) };
    await route.abort();
  });
  await page.getByRole('button', { name: 'Circulate', exact: true }).click();
  await expect.poll(() => captured).toBeTruthy();
  await page.unrouteAll({ behavior: 'ignoreErrors' });
  // The aborted request makes Next show its built-in "This page couldn't load" screen, whose
  // <style> carries no nonce; that is this test's doing, so start the CSP check afresh.
  await page.goto(`/decisions/${id}`);
  await expect(page.getByRole('button', { name: 'Circulate for review' })).toBeVisible();
  cspViolations.length = 0;

  const { host: _host, cookie: _cookie, 'content-length': _length, ...sent } = captured!.headers;
  const replay = (origin: string) =>
    page.request.post(captured!.url, {
      headers: { ...sent, origin, 'sec-fetch-site': origin === new URL(captured!.url).origin ? 'same-origin' : 'same-site' },
      data: captured!.body,
    });
  const forged = await replay(attackerOrigin);
  expect(forged.status()).toBe(403);
  expect(await forged.text()).toMatch(/cross-site/);
  expect(await statusOf(page, id)).toBe('draft');

  // The very same request from Candor's own origin goes through: the origin was the only difference.
  const genuine = await replay(new URL(captured!.url).origin);
  expect(genuine.status()).toBe(200);
  expect(await statusOf(page, id)).toBe('in-review');
});
