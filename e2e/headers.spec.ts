import { expect, test } from './csp-guard';
import { demo, signIn } from './helpers';

/*
 * What a browser is told about every kind of Candor response, and that the
 * strict policy blocks nothing Candor itself needs (csp-guard fails the test on
 * any violation while pages load and their scripts run).
 */

const directive = (csp: string, name: string) => csp.split(';').map((d) => d.trim()).find((d) => d.startsWith(`${name} `)) ?? '';

/** One request exactly as written (`//decisions` stays a path, a 308 is not followed), through Node's own client. */
async function raw(baseURL: string | undefined, path: string, method = 'GET') {
  const { request } = await import('node:http');
  const url = new URL(baseURL!);
  return new Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }>((resolve, reject) => {
    const req = request({ host: url.hostname, port: url.port, path, method }, (r) => {
      let body = '';
      r.on('data', (c: Buffer) => (body += c.toString('utf8')));
      r.on('end', () => resolve({ status: r.statusCode ?? 0, headers: r.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

test('pages get a nonce CSP that their own scripts satisfy, and cannot be framed', async ({ page }) => {
  const first = await page.goto('/sign-in');
  const csp = first!.headers()['content-security-policy']!;
  const nonce = /'nonce-([^']+)'/.exec(directive(csp, 'script-src'))![1]!;
  expect(directive(csp, 'script-src')).toContain("'strict-dynamic'");
  expect(csp).not.toContain('unsafe-eval');
  for (const d of ["object-src 'none'", "base-uri 'self'", "form-action 'self'", "frame-ancestors 'none'"]) expect(csp).toContain(d);
  // Next put the nonce on its scripts; a second load gets a new one.
  expect(await page.locator(`script[nonce]`).count()).toBeGreaterThan(0);
  const again = await page.goto('/sign-in');
  expect(again!.headers()['content-security-policy']).not.toContain(nonce);
  const h = again!.headers();
  expect(h['x-frame-options']).toBe('DENY');
  expect(h['x-content-type-options']).toBe('nosniff');
  expect(h['referrer-policy']).toBe('strict-origin-when-cross-origin');
  expect(h['permissions-policy']).toContain('camera=()');

  // Scripts run: signing in is a client-side form, and the decision page hydrates (the review form reacts).
  await signIn(page, demo('priya'));
  await page.goto('/decisions');
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
});

test('the JSON API and the Atom feeds get the headers too, and feeds send no Referer', async ({ page }) => {
  await signIn(page, demo('priya'));
  const api = await page.request.get('/api/v1/me');
  expect(api.status()).toBe(200);
  expect(api.headers()['content-security-policy']).toMatch(/^default-src 'none'; frame-ancestors 'none'/);
  expect(api.headers()['x-content-type-options']).toBe('nosniff');
  expect(api.headers()['x-frame-options']).toBe('DENY');
  const notAllowed = await page.request.fetch('/api/v1/me', { method: 'DELETE', headers: { origin: new URL(page.url()).origin } });
  expect(notAllowed.status()).toBe(405);
  expect(notAllowed.headers()['allow']).toBe('GET, HEAD, OPTIONS');
  expect(await notAllowed.json()).toEqual({ error: { code: 'method_not_allowed', message: expect.any(String) } });

  for (const path of ['/feed.xml', '/teams/checkout/feed.xml']) {
    const feed = await page.request.get(path);
    expect(feed.status()).toBe(200);
    expect(feed.headers()['referrer-policy']).toBe('no-referrer');
    expect(feed.headers()['content-security-policy']).toMatch(/^default-src 'none'/);
    expect(feed.headers()['x-content-type-options']).toBe('nosniff');
  }
});

test('a page that is not there gets the headers, /favicon.ico included (Candor has none)', async ({ request }) => {
  for (const path of ['/favicon.ico', '/favicon.icox', '/no-such-page']) {
    const r = await request.get(path);
    expect(r.status(), path).toBe(404);
    expect(r.headers()['x-frame-options'], path).toBe('DENY');
    expect(r.headers()['content-security-policy'], path).toContain("frame-ancestors 'none'");
    expect(r.headers()['x-content-type-options'], path).toBe('nosniff');
  }
});

test('Next’s own redirects and its build output get the headers too, a missing static file included', async ({ baseURL, request }) => {
  // Next answers these before proxy.ts runs (and leaves next.config's headers off its redirects).
  const redirects: [string, string][] = [
    ['/decisions/', '/decisions'],
    ['/decisions/?status=draft', '/decisions?status=draft'],
    ['//decisions', '/decisions'],
    ['/api/v1/me/', '/api/v1/me'],
  ];
  const html = await (await request.get('/sign-in')).text();
  const asset = /\/_next\/static\/[^"]+\.js/.exec(html)![0];
  for (const [path, status, location] of [...redirects.map(([p, l]) => [p, 308, l] as const), ['/_next/static/nope.js', 404, undefined] as const, [asset, 200, undefined] as const]) {
    const r = await raw(baseURL, path);
    expect(r.status, path).toBe(status);
    if (location) expect(r.headers['location'], path).toBe(location);
    expect(r.headers['x-content-type-options'], path).toBe('nosniff');
    expect(r.headers['x-frame-options'], path).toBe('DENY');
    expect(r.headers['referrer-policy'], path).toBe('strict-origin-when-cross-origin');
    expect(r.headers['permissions-policy'], path).toContain('camera=()');
    expect(r.headers['content-security-policy'], path).toMatch(/^default-src 'none'; frame-ancestors 'none'/);
  }
  // A feed's token stays out of the Referer on the way through a redirect too.
  const feed = await raw(baseURL, '/feed.xml/?token=cnd_not_a_real_token');
  expect(feed.status).toBe(308);
  expect(feed.headers['referrer-policy']).toBe('no-referrer');
});

test('TRACE is answered 405 with the headers, never a server error', async ({ baseURL }) => {
  for (const path of ['/', '/api/v1/me']) {
    const res = await raw(baseURL, path, 'TRACE');
    expect(res.status, path).toBe(405);
    expect(res.headers['x-content-type-options'], path).toBe('nosniff');
    expect(res.headers['x-frame-options'], path).toBe('DENY');
    expect(res.headers['content-security-policy'], path).toMatch(/^default-src 'none'; frame-ancestors 'none'/);
    expect(res.body, path).toContain('TRACE is not supported here');
  }
});

test('a page post sent in chunks, without its length, is answered 411 before it is read, never a server error', async ({ baseURL }) => {
  const { request } = await import('node:http');
  const origin = new URL(baseURL!).origin;
  const res = await new Promise<{ status: number; body: string }>((resolve, reject) => {
    // A Server Action post (any id) whose body comes in chunks: Next would cut it short past 10 MB and answer 500.
    const req = request(new URL('/', baseURL), { method: 'POST', headers: { origin, 'next-action': '00'.repeat(21), 'content-type': 'text/plain;charset=UTF-8', 'transfer-encoding': 'chunked' } }, (r) => {
      let body = '';
      r.on('data', (c: Buffer) => (body += c.toString('utf8')));
      r.on('end', () => resolve({ status: r.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.write('["a"');
    req.end(']');
  });
  expect(res.status).toBe(411);
  expect(res.body).toBe('411 Length Required: Send the length of the request (Content-Length); Candor takes at most 10 MB at once\n');
});
