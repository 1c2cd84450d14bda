import { eq } from 'drizzle-orm';
import { describe, expect, it, vi } from 'vitest';
import * as decisionsRoute from '@/app/api/v1/decisions/route';
import * as meRoute from '@/app/api/v1/me/route';
import * as orgFeedRoute from '@/app/feed.xml/route';
import * as teamFeedRoute from '@/app/(app)/teams/[slug]/feed.xml/route';
import { commands } from '@/cli/commands';
import { first } from '@/db/client';
import { createToken, DEACTIVATED_OWNER, listTokens, REVOKED_TOKENS_LISTED, revokeAllTokens, revokeAllTokensConfirmed, revokeToken, tokenCounts } from '@/db/queries/tokens';
import { setUserActive } from '@/db/queries/users';
import { apiTokens, decisions } from '@/db/schema';
import { resetClock, setClock } from '@/lib/clock';
import { ACTIVE_TOKEN_LIMIT, TOO_MANY_TOKENS } from '@/lib/validation/token';
import { call, serveRoutesFrom, tokenFor } from './helpers/api';
import { makeUser, testDb } from './helpers/db';
import { publishAt, publishingWorkspace } from './helpers/publishing';

/*
 * A feed URL is pasted into feed readers and other services and kept in their
 * logs, so the token it carries must not be able to act as its owner. Feed
 * tokens only read the Atom feeds; API tokens never go in a feed URL.
 */

const db = await testDb();
serveRoutesFrom(db);
const ws = await publishingWorkspace(db);
const published = await publishAt(db, '2025-03-01T10:00:00Z', { team: ws.team.slug, author: ws.pm, reviewer: ws.ds, content: { title: 'Feed-visible record' } });

const FEED_ONLY = 'This is a feed token: it only reads the Atom feeds. Use an API token for /api/v1 (Settings → API tokens)';
const NOT_IN_URL =
  'This is an API token, which can change things as you: it does not belong in a feed URL. Create a feed token (Settings → API tokens, "A feed reader") and use that in ?token=';

const orgFeed = (opts: { query?: string; token?: string }) => call(orgFeedRoute.GET, { token: opts.token, path: `/feed.xml${opts.query ?? ''}` });
const teamFeed = (opts: { query?: string; token?: string }) =>
  call(teamFeedRoute.GET, { token: opts.token, params: { slug: ws.team.slug }, path: `/teams/${ws.team.slug}/feed.xml${opts.query ?? ''}` });
const lastUsed = async (token: string) => {
  const [record] = (await listTokens(db, ws.eng)).filter((t) => token.startsWith(t.prefix));
  return record!.lastUsedAt;
};

describe('feed tokens', () => {
  it('are created with their scope, and an API token is the default', async () => {
    const feed = await createToken(db, ws.eng, { label: 'Reader', scope: 'feed' });
    const api = await createToken(db, ws.eng, { label: 'Script' });
    expect(feed.record).toMatchObject({ label: 'Reader', scope: 'feed' });
    expect(api.record).toMatchObject({ label: 'Script', scope: 'api' });
    const listed = await listTokens(db, ws.eng);
    expect(listed.find((t) => t.id === feed.record.id)?.scope).toBe('feed');
    expect(listed.find((t) => t.id === api.record.id)?.scope).toBe('api');
  });

  it('refuses a scope that is neither, saying what the choices are', async () => {
    for (const scope of ['admin', '', 42, null]) {
      await expect(createToken(db, ws.eng, { label: 'x', scope })).rejects.toMatchObject({
        code: 'invalid',
        issues: [{ path: 'scope', message: 'Choose what the token is for: "api" (the JSON API) or "feed" (a feed reader)' }],
      });
    }
  });

  it('read the org and team feeds from ?token=, and record their use', async () => {
    const token = await tokenFor(db, ws.eng, 'feed');
    expect(await lastUsed(token)).toBeNull();
    for (const r of [await orgFeed({ query: `?token=${token}` }), await teamFeed({ query: `?token=${token}` })]) {
      expect(r.status).toBe(200);
      expect(r.headers.get('content-type')).toMatch(/^application\/atom\+xml/);
      expect(r.body).toContain(`/decisions/${published}"`);
      expect(r.body).toContain('Feed-visible record');
    }
    expect(await lastUsed(token)).not.toBeNull();
  });

  it('read the feeds as a bearer token too, as API tokens do', async () => {
    for (const scope of ['feed', 'api'] as const) {
      const r = await orgFeed({ token: await tokenFor(db, ws.eng, scope) });
      expect(r.status, scope).toBe(200);
      expect(r.body, scope).toContain('Feed-visible record');
    }
  });

  it('cannot act on the JSON API: reads and writes are 403 and nothing changes', async () => {
    const token = await tokenFor(db, ws.pm, 'feed');
    const me = await call(meRoute.GET, { token });
    expect(me.status).toBe(403);
    expect(me.body).toEqual({ error: { code: 'forbidden', message: FEED_ONLY } });
    const before = (await db.select({ id: decisions.id }).from(decisions)).length;
    const create = await call(decisionsRoute.POST, { token, body: { team: ws.team.slug, content: { title: 'Written with a feed token' } } });
    expect(create.status).toBe(403);
    expect(create.body.error.message).toBe(FEED_ONLY);
    expect((await db.select({ id: decisions.id }).from(decisions)).length).toBe(before);
    // The same person's API token still works.
    expect((await call(meRoute.GET, { token: await tokenFor(db, ws.pm) })).status).toBe(200);
  });

  it('stop working once revoked', async () => {
    const { token, record } = await createToken(db, ws.eng, { label: 'Old reader', scope: 'feed' });
    expect((await orgFeed({ query: `?token=${token}` })).status).toBe(200);
    await revokeToken(db, ws.eng, record.id);
    const r = await orgFeed({ query: `?token=${token}` });
    expect(r.status).toBe(401);
    expect(r.body.error.message).toContain('?token=<feed token>');
  });
});

describe('an empty ?token=', () => {
  it('is no token: the bearer header (or the session) decides, as before feed tokens', async () => {
    const r = await orgFeed({ query: '?token=', token: await tokenFor(db, ws.eng) });
    expect(r.status).toBe(200);
    expect(r.body).toContain('Feed-visible record');
    expect((await orgFeed({ query: '?token=' })).status).toBe(401);
  });
});

describe('API tokens in a feed URL', () => {
  it('are refused with 403, say which token to use, serve nothing and are not marked used', async () => {
    const { token, record } = await createToken(db, ws.eng, { label: 'Script' });
    for (const r of [await orgFeed({ query: `?token=${token}` }), await teamFeed({ query: `?token=${encodeURIComponent(token)}` })]) {
      expect(r.status).toBe(403);
      expect(r.headers.get('content-type')).toMatch(/application\/json/);
      expect(r.body).toEqual({ error: { code: 'forbidden', message: NOT_IN_URL } });
    }
    const row = await first(db.select({ lastUsedAt: apiTokens.lastUsedAt }).from(apiTokens).where(eq(apiTokens.id, record.id)));
    expect(row?.lastUsedAt).toBeNull();
    // Its owner is told it travelled in a URL (Settings → API tokens warns beside it).
    const listed = (await listTokens(db, ws.eng)).find((t) => t.id === record.id)!;
    expect(listed.urlRefusedAt).not.toBeNull();
    expect(Date.now() - Date.parse(listed.urlRefusedAt!)).toBeLessThan(60_000);
  });

  it('are recorded as refused in a URL only when they came in one', async () => {
    const { token, record } = await createToken(db, ws.eng, { label: 'Header only' });
    const feed = await createToken(db, ws.eng, { label: 'Feed on the API', scope: 'feed' });
    // A header is fine for feeds, and a feed token refused by the API did not travel in a URL.
    expect((await orgFeed({ token })).status).toBe(200);
    expect((await call(meRoute.GET, { token: feed.token })).status).toBe(403);
    const listed = await listTokens(db, ws.eng);
    expect(listed.find((t) => t.id === record.id)?.urlRefusedAt).toBeNull();
    expect(listed.find((t) => t.id === feed.record.id)?.urlRefusedAt).toBeNull();
  });
});

describe('the CLI', () => {
  const run = (v: Record<string, string>) => commands.find((c) => c.name === 'token create')!.run(v);

  it('mints a feed token with --scope feed, and refuses an unknown scope', async () => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
    let lines: string[];
    try {
      await run({ email: ws.designer.email, label: 'Feedly', scope: 'feed' });
      lines = log.mock.calls.map((args) => args.join(' '));
    } finally {
      log.mockRestore();
    }
    expect(lines[0]).toBe(`Feed token "Feedly" for ${ws.designer.email} (shown once; stored hashed):`);
    const token = lines.at(-1)!;
    expect((await orgFeed({ query: `?token=${token}` })).status).toBe(200);
    expect((await call(meRoute.GET, { token })).status).toBe(403);
    await expect(run({ email: ws.designer.email, scope: 'everything' })).rejects.toThrow('Choose what the token is for');
  });
});

describe('revoking every token (the password change offers it)', () => {
  it('revokes all of one person’s live tokens of both kinds, and no one else’s', async () => {
    const person = ws.admin;
    const api = await tokenFor(db, person);
    const feed = await tokenFor(db, person, 'feed');
    const gone = await createToken(db, person, { label: 'Already revoked' });
    setClock(() => Date.parse('2026-01-02T03:04:05Z'));
    try {
      await revokeToken(db, person, gone.record.id);
    } finally {
      resetClock();
    }
    const recently = 10 * 60_000; // the password form's window: the January revocation is long before it
    const othersBefore = (await tokenCounts(db, ws.pm, recently)).active;
    expect(await tokenCounts(db, person, recently)).toEqual({ active: 2, recentlyRevoked: 0 });

    expect(await revokeAllTokens(db, person)).toBe(2);
    // What the password form's confirmation counts: the two just revoked, not the one revoked in January.
    expect(await tokenCounts(db, person, recently)).toEqual({ active: 0, recentlyRevoked: 2 });
    expect((await call(meRoute.GET, { token: api })).status).toBe(401);
    expect((await orgFeed({ query: `?token=${feed}` })).status).toBe(401);
    // The earlier revocation keeps its own time; other people's tokens are untouched.
    expect((await listTokens(db, person)).find((t) => t.id === gone.record.id)?.revokedAt).toBe('2026-01-02T03:04:05.000Z');
    expect((await tokenCounts(db, ws.pm, recently)).active).toBe(othersBefore);
    expect(await revokeAllTokens(db, person)).toBe(0);
  });
});

/*
 * Someone with a person's session could mint a token to keep, then enough decoys to push it off the
 * settings page, where revoking everything listed left it live. A person now holds at most 50 live
 * tokens, the page lists every live one, and one control revokes them all.
 */
describe('how many tokens a person holds', () => {
  const mint = (who: Parameters<typeof createToken>[1], label: string) => createToken(db, who, { label });
  const active = async (who: Parameters<typeof createToken>[1]) => (await tokenCounts(db, who, 0)).active;

  it('refuses a 51st live token with a message, and allows one again once a token is revoked', async () => {
    const person = await makeUser(db, { name: 'Tara Tokens' });
    const made = [];
    for (let i = 1; i <= ACTIVE_TOKEN_LIMIT; i++) made.push(await mint(person, `Script ${i}`));
    expect(ACTIVE_TOKEN_LIMIT).toBe(50);
    const refused = await mint(person, 'One too many').catch((e: unknown) => e);
    expect(refused).toMatchObject({ code: 'conflict', message: 'You have 50 active tokens: revoke one you no longer use before making another' });
    expect(await active(person)).toBe(50);
    // The refused token was never stored.
    expect((await listTokens(db, person)).map((t) => t.label)).not.toContain('One too many');

    await revokeToken(db, person, made[0]!.record.id);
    const again = await mint(person, 'Replacement');
    expect((await call(meRoute.GET, { token: again.token })).body.email).toBe(person.email);
    await expect(mint(person, 'Still too many')).rejects.toMatchObject({ code: 'conflict', message: TOO_MANY_TOKENS });
  });

  it('counts tokens minted at the same moment against each other', async () => {
    const person = await makeUser(db, { name: 'Rita Racer' });
    for (let i = 1; i <= ACTIVE_TOKEN_LIMIT - 3; i++) await mint(person, `Script ${i}`);
    const results = await Promise.allSettled(Array.from({ length: 6 }, (_, i) => mint(person, `Racing ${i}`)));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(3);
    for (const r of results.filter((r) => r.status === 'rejected')) expect((r as PromiseRejectedResult).reason).toMatchObject({ code: 'conflict', message: TOO_MANY_TOKENS });
    expect(await active(person)).toBe(50);
  });

  it('lists every live token however many were revoked after it, and revoking all of them leaves none working', async () => {
    const person = await makeUser(db, { name: 'Bea Backdoor' });
    const backdoor = await mint(person, 'backdoor');
    const feed = await createToken(db, person, { label: 'Reader', scope: 'feed' });
    const scripts = [];
    for (let i = 1; i <= 10; i++) scripts.push(await mint(person, `Script ${i}`));
    for (let i = 1; i <= 200; i++) await revokeToken(db, person, (await mint(person, `decoy ${i}`)).record.id);

    const listed = await listTokens(db, person);
    const live = listed.filter((t) => t.revokedAt === null);
    expect(live.map((t) => t.label).sort()).toEqual(['Reader', 'backdoor', ...scripts.map((s) => s.record.label)].sort());
    // Revoked tokens come after the live ones: the most recently revoked, and only so many.
    expect(listed.slice(0, live.length).every((t) => t.revokedAt === null)).toBe(true);
    const revoked = listed.slice(live.length);
    expect(revoked).toHaveLength(REVOKED_TOKENS_LISTED);
    expect(revoked[0]!.label).toBe('decoy 200');

    // "Revoke all tokens" in Settings: refused until confirmed, then every live token stops working.
    await expect(revokeAllTokensConfirmed(db, person, { confirm: '' })).rejects.toMatchObject({
      code: 'invalid',
      issues: [{ path: 'confirm', message: 'Tick the box to confirm: every script and feed reader using your tokens will stop working' }],
    });
    expect((await call(meRoute.GET, { token: backdoor.token })).status).toBe(200);
    expect(await revokeAllTokensConfirmed(db, person, { confirm: 'on' })).toBe(12);
    expect((await call(meRoute.GET, { token: backdoor.token })).status).toBe(401);
    expect((await call(meRoute.GET, { token: scripts[9]!.token })).status).toBe(401);
    expect((await orgFeed({ query: `?token=${feed.token}` })).status).toBe(401);
    expect((await listTokens(db, person)).filter((t) => t.revokedAt === null)).toEqual([]);
    expect(await revokeAllTokensConfirmed(db, person, { confirm: 'on' })).toBe(0);
  });
});

/*
 * Reactivating an account leaves its tokens revoked, so a token must not be made for it while it is
 * deactivated (by the web form of a session not yet signed out, or by the command line).
 */
describe('tokens of a deactivated account', () => {
  const cli = (v: Record<string, string>) => commands.find((c) => c.name === 'token create')!.run(v);

  it('are refused while it is deactivated, by the data layer and the CLI, and none from that time works after reactivation', async () => {
    const leaver = await makeUser(db, { name: 'Lou Leaver' });
    const before = await createToken(db, leaver, { label: 'Before leaving' });
    await setUserActive(db, ws.admin, leaver.id, { active: false });

    await expect(createToken(db, leaver, { label: 'While away' })).rejects.toMatchObject({ code: 'forbidden', message: DEACTIVATED_OWNER });
    await expect(cli({ email: leaver.email, label: 'From the CLI' })).rejects.toThrow(DEACTIVATED_OWNER);
    expect(await tokenCounts(db, leaver, 0)).toMatchObject({ active: 0 });

    await setUserActive(db, ws.admin, leaver.id, { active: true });
    const labels = (await listTokens(db, leaver)).map((t) => t.label);
    expect(labels).toEqual(['Before leaving']);
    expect((await call(meRoute.GET, { token: before.token })).status).toBe(401);
    // Back at work, they make new tokens as anyone does.
    const fresh = await createToken(db, leaver, { label: 'Back again' });
    expect((await call(meRoute.GET, { token: fresh.token })).status).toBe(200);
  });

  it('a token minted while the account is being deactivated does not outlive it', async () => {
    const leaver = await makeUser(db, { name: 'Rex Racing' });
    const [, minted] = await Promise.allSettled([setUserActive(db, ws.admin, leaver.id, { active: false }), createToken(db, leaver, { label: 'At the last moment' })]);
    if (minted.status === 'rejected') expect(minted.reason).toMatchObject({ code: 'forbidden', message: DEACTIVATED_OWNER });
    await setUserActive(db, ws.admin, leaver.id, { active: true });
    expect((await tokenCounts(db, leaver, 0)).active).toBe(0);
    if (minted.status === 'fulfilled') expect((await call(meRoute.GET, { token: minted.value.token })).status).toBe(401);
  });
});
