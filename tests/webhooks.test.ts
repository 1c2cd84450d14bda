import { eq } from 'drizzle-orm';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';
import * as testRoute from '@/app/api/v1/teams/[slug]/webhooks/[id]/test/route';
import * as hookRoute from '@/app/api/v1/teams/[slug]/webhooks/[id]/route';
import * as hooksRoute from '@/app/api/v1/teams/[slug]/webhooks/route';
import { createDecision } from '@/db/queries/decisions';
import { publish } from '@/db/queries/publish';
import { circulate } from '@/db/queries/review';
import { createWebhook, deleteWebhook, listWebhooks } from '@/db/queries/webhooks';
import { webhookDeliveries } from '@/db/schema';
import { AppError } from '@/lib/errors';
import { dispatchWebhooks } from '@/server/notify/dispatcher';
import { webhooksAllowHttp, webhooksAllowPrivate } from '@/server/notify/config';
import { buildWebhookPayload, privateRange, RETRY_DELAYS_MS, verifyWebhook } from '@/lib/notify/webhook';
import { call, serveRoutesFrom, tokenFor } from './helpers/api';
import { testDb } from './helpers/db';
import { demoContent, publishAt, publishingWorkspace } from './helpers/publishing';

// One name only this file's DNS knows, for the local receiver: a webhook to a *name* that resolves to a
// private address is refused when the delivery connects, which a literal address never reaches.
vi.mock('node:dns', async (importOriginal) => {
  const dns = await importOriginal<typeof import('node:dns')>();
  const lookup = ((hostname: string, options: object, callback: (...args: unknown[]) => void) =>
    hostname === 'receiver.test'
      ? (options as { all?: boolean }).all
        ? callback(null, [{ address: '127.0.0.1', family: 4 }])
        : callback(null, '127.0.0.1', 4)
      : dns.lookup(hostname, options, callback as never)) as typeof dns.lookup;
  return { ...dns, default: { ...dns, lookup }, lookup };
});

/*
 * Outgoing webhooks end to end: a real HTTP receiver on 127.0.0.1, deliveries
 * queued in the publish transaction, signed posts, retries with backoff and
 * giving up, and the team admin's API.
 */

type Received = { headers: IncomingHttpHeaders; body: string; path: string };
const received: Received[] = [];
let answers: number[] = [];
const receiver = createServer((req, res) => {
  let body = '';
  req.on('data', (c: Buffer) => (body += c.toString('utf8')));
  req.on('end', () => {
    received.push({ headers: req.headers, body, path: req.url ?? '' });
    res.statusCode = answers.shift() ?? 200;
    res.end('ok');
  });
});
await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
const port = (receiver.address() as AddressInfo).port;
afterAll(() => new Promise<void>((resolve) => receiver.close(() => resolve())));

const db = await testDb();
serveRoutesFrom(db);
const ws = await publishingWorkspace(db);
const { secret } = await createWebhook(db, ws.admin, ws.team.slug, { url: `http://127.0.0.1:${port}/candor` });
const adminToken = await tokenFor(db, ws.admin);
const pmToken = await tokenFor(db, ws.pm);

beforeEach(async () => {
  answers = [];
  // Nothing left over from an earlier test.
  await dispatchWebhooks(db, { now: Date.now() + 24 * 3600e3 });
  received.length = 0;
});

let n = 0;
const title = (t: string) => `${t} ${++n}`;
const payloadOf = (r: Received) => JSON.parse(r.body) as { text: string; event: string; decision: { id: number; title: string; url: string; team: { slug: string } } };

describe('outgoing webhooks', () => {
  it('posts a signed, Slack-compatible payload when a decision is published', async () => {
    const t = title('Move checkout to one page');
    const id = await publishAt(db, Date.now(), { team: ws.team.slug, author: ws.pm, reviewer: ws.ds, content: { title: t } });
    // Queued with the publish itself, before any dispatch.
    expect((await db.select().from(webhookDeliveries).where(eq(webhookDeliveries.eventType, 'decision.published'))).length).toBeGreaterThan(0);
    const report = await dispatchWebhooks(db);
    expect(report.delivered).toBe(1);
    expect(received).toHaveLength(1);
    const r = received[0]!;
    expect(r.path).toBe('/candor');
    expect(r.headers['content-type']).toBe('application/json');
    expect(r.headers['x-candor-event']).toBe('decision.published');
    expect(r.headers['x-candor-signature']).toMatch(/^sha256=[0-9a-f]{64}$/);
    expect(verifyWebhook(secret, String(r.headers['x-candor-timestamp']), r.body, String(r.headers['x-candor-signature']))).toBe(true);
    expect(verifyWebhook('whsec_wrong', String(r.headers['x-candor-timestamp']), r.body, String(r.headers['x-candor-signature']))).toBe(false);
    const p = payloadOf(r);
    expect(p.event).toBe('decision.published');
    expect(p.decision).toMatchObject({ id, title: t, team: { slug: ws.team.slug } });
    expect(p.decision.url).toMatch(new RegExp(`/decisions/${id}$`));
    expect(p.text).toBe(`Priya PM published <${p.decision.url}|${t}> (${ws.team.name})`);
    expect((await listWebhooks(db, ws.admin, ws.team.slug))[0]!.lastDelivery).toMatchObject({ event: 'decision.published', status: 'delivered', httpStatus: 200 });
  });

  it('announces the superseded decision too, naming its successor', async () => {
    const old = await publishAt(db, Date.now(), { team: ws.team.slug, author: ws.pm, reviewer: ws.ds, content: { title: title('Old pricing page') } });
    await dispatchWebhooks(db);
    received.length = 0;
    const t = title('New pricing page');
    const next = await publishAt(db, Date.now(), { team: ws.team.slug, author: ws.pm, reviewer: ws.ds, content: { title: t }, supersedes: old });
    await dispatchWebhooks(db);
    const byEvent = Object.fromEntries(received.map((r) => [payloadOf(r).event, payloadOf(r)]));
    expect(Object.keys(byEvent).sort()).toEqual(['decision.published', 'decision.superseded']);
    expect(byEvent['decision.superseded']!.decision.id).toBe(old);
    expect(byEvent['decision.superseded']!.text).toContain(`|${t}>`);
    expect(byEvent['decision.published']!.decision.id).toBe(next);
  });

  it('queues nothing when the publish is refused', async () => {
    const before = (await db.select().from(webhookDeliveries)).length;
    const d = await createDecision(db, ws.pm, { team: ws.team.slug, content: demoContent(Date.now(), { title: title('Not reviewed yet') }) });
    await circulate(db, ws.pm, { id: d.id, reviewers: [ws.eng.email] });
    await expect(publish(db, ws.pm, { id: d.id })).rejects.toMatchObject({ code: 'gate_failed' });
    expect((await db.select().from(webhookDeliveries)).length).toBe(before);
  });

  it('retries after a failure and delivers when the receiver recovers', async () => {
    answers = [500, 200];
    await publishAt(db, Date.now(), { team: ws.team.slug, author: ws.pm, reviewer: ws.ds, content: { title: title('Flaky receiver') } });
    const t0 = Date.now();
    expect(await dispatchWebhooks(db, { now: t0 })).toEqual({ delivered: 0, retried: 1, failed: 0 });
    expect((await listWebhooks(db, ws.admin, ws.team.slug))[0]!.lastDelivery).toMatchObject({ status: 'pending', httpStatus: 500, error: 'HTTP 500', attempts: 1 });
    // Not before the first backoff step (one minute).
    expect(await dispatchWebhooks(db, { now: t0 + 30e3 })).toEqual({ delivered: 0, retried: 0, failed: 0 });
    expect(await dispatchWebhooks(db, { now: t0 + 61e3 })).toEqual({ delivered: 1, retried: 0, failed: 0 });
    expect(received).toHaveLength(2);
    expect(received[1]!.body).toBe(received[0]!.body);
    expect((await listWebhooks(db, ws.admin, ws.team.slug))[0]!.lastDelivery).toMatchObject({ status: 'delivered', httpStatus: 200, attempts: 2 });
  });

  it('gives up after the last retry and marks the delivery failed', async () => {
    answers = Array(10).fill(503);
    await publishAt(db, Date.now(), { team: ws.team.slug, author: ws.pm, reviewer: ws.ds, content: { title: title('Receiver down') } });
    let t = Date.now();
    for (const delay of RETRY_DELAYS_MS) {
      expect((await dispatchWebhooks(db, { now: t })).retried).toBe(1);
      t += delay + 1000;
    }
    expect(await dispatchWebhooks(db, { now: t })).toEqual({ delivered: 0, retried: 0, failed: 1 });
    expect(received).toHaveLength(RETRY_DELAYS_MS.length + 1);
    expect(await dispatchWebhooks(db, { now: t + 24 * 3600e3 })).toEqual({ delivered: 0, retried: 0, failed: 0 });
    expect((await listWebhooks(db, ws.admin, ws.team.slug))[0]!.lastDelivery).toMatchObject({ status: 'failed', httpStatus: 503, attempts: 6 });
  });
});

describe('managing webhooks', () => {
  it('lets team admins add, test, list, disable and delete webhooks over the API, showing the secret once', async () => {
    const created = await call(hooksRoute.POST, { token: adminToken, params: { slug: ws.team.slug }, body: { url: `http://127.0.0.1:${port}/api-hook`, events: ['decision.published'] } });
    expect(created.status).toBe(201);
    expect(created.body.secret).toMatch(/^whsec_/);
    expect(created.body.events).toEqual(['decision.published']);
    const id = String(created.body.id);
    const list = await call(hooksRoute.GET, { token: adminToken, params: { slug: ws.team.slug } });
    expect(list.status).toBe(200);
    expect(list.body.map((w: { id: number }) => w.id)).toContain(Number(id));
    expect(JSON.stringify(list.body)).not.toContain(created.body.secret);

    const tested = await call(testRoute.POST, { token: adminToken, params: { slug: ws.team.slug, id } });
    expect(tested.status).toBe(200);
    expect(tested.body).toMatchObject({ event: 'webhook.test', status: 'delivered', httpStatus: 200 });
    const ping = received.find((r) => r.path === '/api-hook')!;
    expect(verifyWebhook(created.body.secret, String(ping.headers['x-candor-timestamp']), ping.body, String(ping.headers['x-candor-signature']))).toBe(true);

    const disabled = await call(hookRoute.PATCH, { token: adminToken, params: { slug: ws.team.slug, id }, body: { enabled: false } });
    expect(disabled.body.disabled).toBe(true);
    expect((await call(testRoute.POST, { token: adminToken, params: { slug: ws.team.slug, id } })).status).toBe(409);
    expect((await call(hookRoute.DELETE, { method: 'DELETE', token: adminToken, params: { slug: ws.team.slug, id } })).status).toBe(204);
    expect((await call(hookRoute.GET, { token: adminToken, params: { slug: ws.team.slug, id } })).status).toBe(404);
  });

  it('answers 404 naming what is missing for a webhook id that is not one, or is no webhook of the team, on every route (never 500)', async () => {
    type Handler = Parameters<typeof call<{ slug: string; id: string }>>[0];
    const routes: [string, Handler, { method?: string; body?: unknown }][] = [
      ['GET', hookRoute.GET, {}],
      ['PATCH', hookRoute.PATCH, { method: 'PATCH', body: { enabled: false } }],
      ['DELETE', hookRoute.DELETE, { method: 'DELETE' }],
      ['POST test', testRoute.POST, { method: 'POST' }],
    ];
    const expectations: [string, string][] = [
      ...['abc', '-1', '0', '1e3', '1.5', '99999999999999999999'].map((id): [string, string] => [id, `There is no webhook "${id}"`]),
      // Well-formed ids past PostgreSQL's int4, up to the largest the URL takes: the team has no such webhook.
      ...['2147483648', '999999999999999'].map((id): [string, string] => [id, `${ws.team.name} has no webhook #${id}`]),
    ];
    const before = await listWebhooks(db, ws.admin, ws.team.slug);
    for (const [id, message] of expectations) {
      for (const [name, handler, opts] of routes) {
        const r = await call(handler, { token: adminToken, params: { slug: ws.team.slug, id }, ...opts });
        expect(r.status, `${name} ${id}`).toBe(404);
        expect(r.body.error, `${name} ${id}`).toEqual({ code: 'not_found', message });
      }
    }
    expect(await listWebhooks(db, ws.admin, ws.team.slug)).toEqual(before);
  });

  it('refuses members who are not team admins, and URLs that are not http(s)', async () => {
    const r = await call(hooksRoute.POST, { token: pmToken, params: { slug: ws.team.slug }, body: { url: 'https://hooks.example.com/x' } });
    expect(r.status).toBe(403);
    expect((await call(hooksRoute.GET, { token: pmToken, params: { slug: ws.team.slug } })).status).toBe(403);
    for (const url of ['ftp://example.com/x', 'javascript:alert(1)', 'not a url', 'https://user:pass@example.com/x']) {
      const bad = await call(hooksRoute.POST, { token: adminToken, params: { slug: ws.team.slug }, body: { url } });
      expect(bad.status, url).toBe(400);
      expect(bad.body.error.issues[0].path).toBe('url');
    }
    const badEvent = await call(hooksRoute.POST, { token: adminToken, params: { slug: ws.team.slug }, body: { url: 'https://hooks.example.com/x', events: ['decision.saved'] } });
    expect(badEvent.status).toBe(400);
  });

  it('refuses plain http in production unless CANDOR_WEBHOOKS_ALLOW_HTTP=1', async () => {
    vi.stubEnv('NODE_ENV', 'production');
    try {
      const err = await createWebhook(db, ws.admin, ws.team.slug, { url: 'http://hooks.example.com/x' }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(AppError);
      expect((err as AppError).issues?.[0]?.path).toBe('url');
      vi.stubEnv('CANDOR_WEBHOOKS_ALLOW_HTTP', '1');
      vi.stubEnv('CANDOR_WEBHOOKS_ALLOW_PRIVATE', '1');
      const allowed = await createWebhook(db, ws.admin, ws.team.slug, { url: `http://127.0.0.1:${port}/allowed` });
      expect(allowed.webhook.url).toBe(`http://127.0.0.1:${port}/allowed`);
      await deleteWebhook(db, ws.admin, ws.team.slug, allowed.webhook.id);
    } finally {
      vi.unstubAllEnvs();
    }
  });
});

describe('webhooks to private addresses', () => {
  it('tells public addresses from this machine, private networks, link-local and reserved ranges', () => {
    for (const ip of ['8.8.8.8', '93.184.216.34', '2606:4700::1111', '::ffff:8.8.8.8']) expect(privateRange(ip), ip).toBeNull();
    const refused: [string, string][] = [
      ['127.0.0.1', 'this machine'],
      ['::1', 'this machine'],
      ['10.1.2.3', 'a private network'],
      ['172.20.0.1', 'a private network'],
      ['192.168.1.1', 'a private network'],
      ['::ffff:192.168.1.1', 'a private network'],
      ['fd00::1', 'a private network'],
      ['169.254.169.254', 'the link-local range, where clouds serve instance credentials'],
      ['fe80::1', 'the link-local range, where clouds serve instance credentials'],
      ['100.64.0.1', 'a carrier-grade NAT range'],
      ['0.0.0.0', 'no host'],
      ['224.0.0.1', 'a reserved range (multicast)'],
      ['64:ff9b::a00:1', 'a reserved range (rfc6052)'],
      ['2002:a00:1::', 'a reserved range (6to4)'],
      ['::7f00:1', 'a reserved range (IPv4-compatible)'], // ::127.0.0.1, as URLs write it
    ];
    for (const [ip, what] of refused) expect(privateRange(ip), ip).toBe(what);
  });

  it('holds everywhere but a developer’s machine and the tests: the CLI too, whose NODE_ENV is usually unset', () => {
    expect(webhooksAllowPrivate({})).toBe(false);
    expect(webhooksAllowPrivate({ NODE_ENV: 'production' })).toBe(false);
    expect(webhooksAllowPrivate({ NODE_ENV: 'production', CANDOR_WEBHOOKS_ALLOW_PRIVATE: '1' })).toBe(true);
    expect(webhooksAllowPrivate({ NODE_ENV: 'development' })).toBe(true);
    expect(webhooksAllowHttp({})).toBe(false);
  });

  it('in production, refuses a webhook whose URL names this machine, a private network or cloud metadata, and names why', async () => {
    vi.stubEnv('NODE_ENV', 'production');
    vi.stubEnv('CANDOR_WEBHOOKS_ALLOW_HTTP', '1');
    try {
      const urls: [string, string][] = [
        [`http://127.0.0.1:${port}/x`, '127.0.0.1 is this machine'],
        ['http://2130706433/x', '127.0.0.1 is this machine'], // the same address, written as one number
        ['http://[::1]/x', '::1 is this machine'],
        ['http://[::127.0.0.1]/x', '::7f00:1 is a reserved range (IPv4-compatible)'],
        ['http://[::ffff:10.0.0.5]/x', 'is a private network'],
        ['https://10.0.0.5/hook', '10.0.0.5 is a private network'],
        ['http://169.254.169.254/latest/meta-data/', '169.254.169.254 is the link-local range'],
        ['https://localhost:8443/x', 'localhost is this machine'],
        ['https://api.localhost/x', 'api.localhost is this machine'],
      ];
      for (const [url, why] of urls) {
        const res = await call(hooksRoute.POST, { token: adminToken, params: { slug: ws.team.slug }, body: { url } });
        expect(res.status, url).toBe(400);
        expect(res.body.error.message).toBe('Webhook URLs must point to a public address on this server');
        expect(res.body.error.issues[0]).toMatchObject({ path: 'url' });
        expect(res.body.error.issues[0].message, url).toContain(why);
        expect(res.body.error.issues[0].message).toContain('CANDOR_WEBHOOKS_ALLOW_PRIVATE=1');
      }
      // A public name is accepted: what it resolves to is checked when a delivery connects.
      const ok = await createWebhook(db, ws.admin, ws.team.slug, { url: 'https://hooks.example.com/x' });
      await deleteWebhook(db, ws.admin, ws.team.slug, ok.webhook.id);
      vi.stubEnv('CANDOR_WEBHOOKS_ALLOW_PRIVATE', '1');
      const inside = await createWebhook(db, ws.admin, ws.team.slug, { url: 'https://10.0.0.5/hook' });
      await deleteWebhook(db, ws.admin, ws.team.slug, inside.webhook.id);
    } finally {
      vi.unstubAllEnvs();
    }
  });

  it('in production, does not post to a name that resolves to a private address, or to one added while allowed, and says why', async () => {
    // Added while private receivers were allowed (here: outside production), then the server runs in production.
    const byName = await createWebhook(db, ws.admin, ws.team.slug, { url: `http://receiver.test:${port}/by-name` });
    const byAddress = await createWebhook(db, ws.admin, ws.team.slug, { url: `http://127.0.0.1:${port}/by-address` });
    try {
      // The name goes through the webhook's own lookup: allowed, the post arrives.
      const sent = await call(testRoute.POST, { token: adminToken, params: { slug: ws.team.slug, id: String(byName.webhook.id) } });
      expect(sent.body).toMatchObject({ status: 'delivered', httpStatus: 200 });
      expect(received.map((r) => r.path)).toContain('/by-name');
      received.length = 0;

      vi.stubEnv('NODE_ENV', 'production');
      vi.stubEnv('CANDOR_WEBHOOKS_ALLOW_HTTP', '1');
      const named = await call(testRoute.POST, { token: adminToken, params: { slug: ws.team.slug, id: String(byName.webhook.id) } });
      expect(named.body).toMatchObject({ status: 'pending', httpStatus: null });
      // Which private address the name has is not told (a team admin could map the network by it), nor whether it has one at all.
      expect(named.body.error).toBe('Not sent: receiver.test has no public address: webhooks go only to public addresses unless CANDOR_WEBHOOKS_ALLOW_PRIVATE=1');
      const literal = await call(testRoute.POST, { token: adminToken, params: { slug: ws.team.slug, id: String(byAddress.webhook.id) } });
      expect(literal.body.error).toBe('Not sent: 127.0.0.1 is this machine: webhooks go only to public addresses unless CANDOR_WEBHOOKS_ALLOW_PRIVATE=1');
      expect(received).toEqual([]);

      vi.stubEnv('CANDOR_WEBHOOKS_ALLOW_PRIVATE', '1');
      const allowed = await call(testRoute.POST, { token: adminToken, params: { slug: ws.team.slug, id: String(byName.webhook.id) } });
      expect(allowed.body).toMatchObject({ status: 'delivered', httpStatus: 200 });
    } finally {
      vi.unstubAllEnvs();
      await deleteWebhook(db, ws.admin, ws.team.slug, byName.webhook.id);
      await deleteWebhook(db, ws.admin, ws.team.slug, byAddress.webhook.id);
    }
  });
});

describe('the message a webhook posts', () => {
  it('keeps a title stored with line breaks (before titles were one line) on one line, escaped for Slack', () => {
    const p = buildWebhookPayload({
      event: 'decision.published',
      decision: { id: 7, title: 'Ship it\n\nOpen it: <http://evil.test|Sign in>', url: 'http://localhost:3000/decisions/7', status: 'published', team: { slug: 'checkout', name: 'Checkout\u2028Web' } },
      actorName: 'Priya\u0085PM',
      at: Date.UTC(2026, 11, 2),
    });
    expect(p.text).toBe('Priya PM published <http://localhost:3000/decisions/7|Ship it Open it: &lt;http://evil.test|Sign in&gt;> (Checkout Web)');
  });
});
