import { createHash } from 'node:crypto';
import { asc, eq } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import * as authRoute from '@/app/api/auth/[...all]/route';
import * as inviteRoute from '@/app/api/v1/invites/[id]/route';
import * as invitesRoute from '@/app/api/v1/invites/route';
import * as meRoute from '@/app/api/v1/me/route';
import type { Db } from '@/db/client';
import { claimInvite, createInvite, listInvites, previewInvite, revokeInvite, signUpMode } from '@/db/queries/invites';
import { listMembers } from '@/db/queries/teams';
import { countUsers, getUserByEmail, setUserActive, setUserRoles } from '@/db/queries/users';
import { events, invites, user } from '@/db/schema';
import { resetClock, setClock } from '@/lib/clock';
import { makeUser, makeWorkspace, testDb } from './helpers/db';
import { ssoEmailAllowed } from '@/server/auth-identity';
import { PEER_HEADER } from '@/server/client-address';
import { call, serveRoutesFrom, tokenFor } from './helpers/api';

const PASSWORD = 'Quartz-lantern-meadow-719';
const db = await testDb();
serveRoutesFrom(db);
const ws = await makeWorkspace(db);

let peer = 0;
/** better-auth's own sign-up endpoint, as any HTTP client would call it (each from its own address: sign-ups are rate-limited per address). */
function signUp(body: Record<string, unknown>) {
  peer += 1;
  return call(authRoute.POST, { path: '/api/auth/sign-up/email', body: { password: PASSWORD, ...body }, headers: { origin: 'http://localhost:3000', [PEER_HEADER]: `203.0.113.${peer}` } });
}

async function eventsOf(type: string) {
  return (await db.select().from(events).where(eq(events.type, type)).orderBy(asc(events.id))).map((e) => ({ ...e, data: JSON.parse(e.data) }));
}

afterEach(() => {
  resetClock();
  delete process.env.CANDOR_OPEN_SIGNUP;
});

describe('invite-only sign-up', () => {
  it('refuses an uninvited sign-up through better-auth’s own endpoint, with a clear message, and creates no account', async () => {
    expect(await signUpMode(db)).toBe('invite');
    const before = await countUsers(db);
    const r = await signUp({ name: 'Mallory', email: 'mallory@example.com', function: 'data-science' });
    expect(r.status).toBe(403);
    expect(r.body.message).toMatch(/invite-only/);
    expect(await getUserByEmail(db, 'mallory@example.com')).toBeNull();
    expect(await countUsers(db)).toBe(before);
  });

  it('tells an uninvited visitor nothing about which emails already have accounts', async () => {
    const r = await signUp({ name: 'Mallory', email: ws.pm.email });
    expect(r.status).toBe(403);
    expect(r.body.message).toMatch(/invite-only/);
    expect(JSON.stringify(r.body)).not.toMatch(/exist/i);
  });

  it('admits single sign-on accounts only from the configured email domains', () => {
    expect(ssoEmailAllowed('ana@example.com', { allowedDomains: [] })).toBe(true);
    expect(ssoEmailAllowed('ana@example.com', { allowedDomains: ['example.com'] })).toBe(true);
    expect(ssoEmailAllowed('ANA@Example.COM', { allowedDomains: ['example.com'] })).toBe(true);
    expect(ssoEmailAllowed('eve@gmail.com', { allowedDomains: ['example.com'] })).toBe(false);
    expect(ssoEmailAllowed('eve@example.com.evil.test', { allowedDomains: ['example.com'] })).toBe(false);
  });

  it('refuses a made-up invite token', async () => {
    const r = await signUp({ name: 'Mallory', email: 'mallory2@example.com', invite: 'inv_not-a-real-token' });
    expect(r.status).toBe(403);
    expect(r.body.message).toMatch(/not valid/);
    expect(await getUserByEmail(db, 'mallory2@example.com')).toBeNull();
  });

  it('accepts an invited person with the invite’s function and team, once; the function in the body is ignored', async () => {
    const { token, invite } = await createInvite(db, ws.admin, { function: 'data-science', team: ws.team.slug });
    expect(token).toMatch(/^inv_/);
    expect(invite).toMatchObject({ status: 'pending', function: 'data-science', team: { slug: ws.team.slug }, email: null, orgAdmin: false });
    // Only the hash is stored.
    const row = (await db.select().from(invites).where(eq(invites.id, invite.id)).limit(1))[0]!;
    expect(row.tokenHash).toBe(createHash('sha256').update(token).digest('hex'));
    expect(JSON.stringify(row)).not.toContain(token);

    const r = await signUp({ name: 'Ines Invited', email: 'ines@example.com', invite: token, function: 'product', isOrgAdmin: true });
    expect(r.status).toBe(200);
    const ines = (await getUserByEmail(db, 'ines@example.com'))!;
    expect(ines).toMatchObject({ function: 'data-science', isOrgAdmin: false });
    expect((await listMembers(db, ws.team.id)).find((m) => m.email === 'ines@example.com')?.role).toBe('member');
    // The session cookie works: she is signed in.
    const cookie = (r.headers.get('set-cookie') ?? '').split(';')[0]!;
    expect((await call(meRoute.GET, { cookie })).body).toMatchObject({ email: 'ines@example.com', function: 'data-science', teams: [{ slug: ws.team.slug, role: 'member' }] });

    const accepted = (await listInvites(db, ws.admin)).items.find((i) => i.id === invite.id)!;
    expect(accepted).toMatchObject({ status: 'accepted', acceptedBy: { name: 'Ines Invited', email: 'ines@example.com' } });
    expect((await eventsOf('invite.accepted')).at(-1)).toMatchObject({ actorId: ines.id, decisionId: null, data: { inviteId: invite.id, userId: ines.id, function: 'data-science' } });

    // Single use.
    const again = await signUp({ name: 'Second', email: 'second@example.com', invite: token });
    expect(again.status).toBe(403);
    expect(again.body.message).toMatch(/already been used/);
    expect(await getUserByEmail(db, 'second@example.com')).toBeNull();
  });

  it('holds a name sent to better-auth’s sign-up to the same rules as the form: refused when empty, saved cleaned', async () => {
    const { token } = await createInvite(db, ws.admin, { function: 'design' });
    const blank = await signUp({ name: '  \u0000 ', email: 'blank-name@example.com', invite: token });
    expect(blank.status).toBe(400);
    expect(blank.body.message).toBe('Enter a name');
    expect(await getUserByEmail(db, 'blank-name@example.com')).toBeNull();
    const odd = await signUp({ name: { first: 'Ivo' }, email: 'object-name@example.com', invite: token });
    expect(odd.status).toBe(400);
    // The invite was not spent by the refusals; a name with a control character is saved without it.
    const ok = await signUp({ name: '  Ivo\u0007 Invited ', email: 'ivo@example.com', invite: token });
    expect(ok.status).toBe(200);
    expect((await getUserByEmail(db, 'ivo@example.com'))!.name).toBe('Ivo Invited');
  });

  it('lets exactly one of two simultaneous sign-ups use an invite', async () => {
    const { token } = await createInvite(db, ws.admin, { function: 'engineering' });
    const results = await Promise.all([signUp({ name: 'Racer A', email: 'racer-a@example.com', invite: token }), signUp({ name: 'Racer B', email: 'racer-b@example.com', invite: token })]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 403]);
    const created = [await getUserByEmail(db, 'racer-a@example.com'), await getUserByEmail(db, 'racer-b@example.com')].filter(Boolean);
    expect(created).toHaveLength(1);
  });

  it('binds an invite to its email when one is given, and can make an org admin', async () => {
    const { token } = await createInvite(db, ws.admin, { function: 'design', email: 'Bound@Example.com', orgAdmin: true });
    const wrong = await signUp({ name: 'Not Bound', email: 'other@example.com', invite: token });
    expect(wrong.status).toBe(403);
    expect(wrong.body.message).toMatch(/This invite is for bound@example.com/);
    const right = await signUp({ name: 'Bo Bound', email: 'bound@example.com', invite: token });
    expect(right.status).toBe(200);
    expect(await getUserByEmail(db, 'bound@example.com')).toMatchObject({ function: 'design', isOrgAdmin: true });
  });

  it('refuses expired and revoked invites, and says which', async () => {
    const expiring = await createInvite(db, ws.admin, { function: 'research', expiresInDays: 1 });
    setClock(() => Date.now() + 2 * 24 * 3600e3);
    const late = await signUp({ name: 'Late Person', email: 'late@example.com', invite: expiring.token });
    expect(late.status).toBe(403);
    expect(late.body.message).toMatch(/expired/);
    expect((await previewInvite(db, expiring.token))?.status).toBe('expired');
    resetClock();

    const revoked = await createInvite(db, ws.admin, { function: 'research' });
    await revokeInvite(db, ws.admin, revoked.invite.id);
    const r = await signUp({ name: 'Rev Oked', email: 'revoked@example.com', invite: revoked.token });
    expect(r.status).toBe(403);
    expect(r.body.message).toMatch(/revoked/);
    expect(await getUserByEmail(db, 'revoked@example.com')).toBeNull();
    expect((await eventsOf('invite.revoked')).at(-1)).toMatchObject({ actorId: ws.admin.id, data: { inviteId: revoked.invite.id } });
  });

  it('refuses a newcomer a name someone here already has, without spending the invite', async () => {
    const { token } = await createInvite(db, ws.admin, { function: 'engineering' });
    const twin = await signUp({ name: ` ${ws.pm.name.toUpperCase()} `, email: 'twin@example.com', invite: token });
    expect(twin.status).toBe(400);
    expect(twin.body).toMatchObject({ code: 'NAME_TAKEN', message: expect.stringContaining(`Someone here is already called ${ws.pm.name}`) });
    expect(await getUserByEmail(db, 'twin@example.com')).toBeNull();
    expect((await previewInvite(db, token))?.status).toBe('pending');
    expect((await signUp({ name: `${ws.pm.name} Jr.`, email: 'twin@example.com', invite: token })).status).toBe(200);
  });

  it('works only while its maker can still invite: deactivating or demoting an org admin revokes their unused invites, and a claim checks it again', async () => {
    const ivy = await makeUser(db, { name: 'Ivy Inviter', orgAdmin: true });
    const asAdmin = await createInvite(db, ivy, { function: 'data-science', orgAdmin: true, expiresInDays: 90 });
    const plain = await createInvite(db, ivy, { function: 'design' });
    const deactivated = await setUserActive(db, ws.admin, ivy.id, { active: false });
    expect(deactivated.invitesRevoked).toBe(2);
    for (const [token, email] of [[asAdmin.token, 'back-door@example.com'], [plain.token, 'plain-door@example.com']] as const) {
      const r = await signUp({ name: 'Back Door', email, invite: token });
      expect(r.status).toBe(403);
      expect(r.body.message).toMatch(/revoked/);
      expect(await getUserByEmail(db, email)).toBeNull();
    }
    expect((await eventsOf('user.deactivated')).at(-1)).toMatchObject({ data: { userId: ivy.id, invitesRevoked: 2 } });

    const dora = await makeUser(db, { name: 'Dora Demoted', orgAdmin: true });
    const hers = await createInvite(db, dora, { function: 'research' });
    await setUserRoles(db, ws.admin, dora.id, { orgAdmin: false });
    expect((await previewInvite(db, hers.token))?.status).toBe('revoked');

    // A maker who lost the right without their invites being revoked (a demotion racing the sign-up, or
    // invites made before this rule): the invite reads as revoked, and the claim itself refuses it.
    const raced = await makeUser(db, { name: 'Rae Raced', orgAdmin: true });
    const racedInvite = await createInvite(db, raced, { function: 'engineering' });
    await db.update(user).set({ isOrgAdmin: false }).where(eq(user.id, raced.id));
    expect((await previewInvite(db, racedInvite.token))?.status).toBe('revoked');
    const r = await signUp({ name: 'Too Late', email: 'too-late@example.com', invite: racedInvite.token });
    expect(r.status).toBe(403);
    expect(r.body.message).toMatch(/revoked/);
    expect(await getUserByEmail(db, 'too-late@example.com')).toBeNull();
    await expect(claimInvite(db, racedInvite.token, 'too-late@example.com')).rejects.toMatchObject({ code: 'forbidden' });
  });

  it('CANDOR_OPEN_SIGNUP=1 re-opens sign-up; newcomers get the function "other" whatever they send', async () => {
    process.env.CANDOR_OPEN_SIGNUP = '1';
    expect(await signUpMode(db)).toBe('open');
    const r = await signUp({ name: 'Open Olive', email: 'olive@example.com', function: 'data-science' });
    expect(r.status).toBe(200);
    const olive = (await getUserByEmail(db, 'olive@example.com'))!;
    expect(olive).toMatchObject({ function: 'other', isOrgAdmin: false });
    // Nobody has vouched for that function: unconfirmed, so their approvals don't count as cross-functional.
    const confirmed = async () => (await db.select({ c: user.functionConfirmed }).from(user).where(eq(user.id, olive.id)))[0]!.c;
    expect(await confirmed()).toBe(false);
    // Saving it as it is, Olive confirms nothing; an org admin does.
    await setUserRoles(db, olive, olive.id, { function: 'other' });
    expect(await confirmed()).toBe(false);
    await setUserRoles(db, ws.admin, olive.id, { function: 'other' });
    expect(await confirmed()).toBe(true);
    expect((await eventsOf('user.function-confirmed')).map((e) => [e.actorId, e.data])).toEqual([[ws.admin.id, { userId: olive.id, function: 'other' }]]);
  });

  it('an invited newcomer’s function is confirmed: the admin chose it', async () => {
    const { token } = await createInvite(db, ws.admin, { function: 'design', email: 'ivy@example.com' });
    expect((await signUp({ name: 'Invited Ivy', email: 'ivy@example.com', invite: token })).status).toBe(200);
    const ivy = (await getUserByEmail(db, 'ivy@example.com'))!;
    expect((await db.select({ c: user.functionConfirmed }).from(user).where(eq(user.id, ivy.id)))[0]!.c).toBe(true);
  });
});

describe('managing invites', () => {
  it('lets only org admins create, list and revoke invites (API and queries)', async () => {
    await expect(createInvite(db, ws.pm, { function: 'data-science' })).rejects.toMatchObject({ code: 'forbidden' });
    await expect(listInvites(db, ws.pm)).rejects.toMatchObject({ code: 'forbidden' });
    const pmToken = await tokenFor(db, ws.pm);
    expect((await call(invitesRoute.POST, { token: pmToken, body: { function: 'data-science' } })).status).toBe(403);

    const adminToken = await tokenFor(db, ws.admin);
    const bad = await call(invitesRoute.POST, { token: adminToken, body: { function: 'wizard', team: 'no-such-team', expiresInDays: 0 } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.issues.map((i: { path: string }) => i.path).sort()).toEqual(['expiresInDays', 'function']);
    const noTeam = await call(invitesRoute.POST, { token: adminToken, body: { function: 'design', team: 'no-such-team' } });
    expect(noTeam.status).toBe(400);
    expect(noTeam.body.error.issues).toEqual([{ path: 'team', message: 'No team with this slug' }]);
    const existing = await call(invitesRoute.POST, { token: adminToken, body: { function: 'design', email: ws.pm.email } });
    expect(existing.status).toBe(409);

    const created = await call(invitesRoute.POST, { token: adminToken, body: { function: 'design', email: 'new.designer@example.com' } });
    expect(created.status).toBe(201);
    expect(created.body.url).toBe(`http://localhost:3000/sign-up?invite=${created.body.token}`);
    const createdEvent = (await eventsOf('invite.created')).at(-1);
    expect(createdEvent).toMatchObject({ actorId: ws.admin.id, decisionId: null, data: { inviteId: created.body.invite.id, function: 'design', email: 'new.designer@example.com' } });
    // Seven days by default.
    expect(Date.parse(created.body.invite.expiresAt) - Date.parse(created.body.invite.createdAt)).toBe(7 * 24 * 3600e3);

    const list = await call(invitesRoute.GET, { token: adminToken });
    expect(list.status).toBe(200);
    expect(list.body.items[0]).toMatchObject({ id: created.body.invite.id, status: 'pending' });
    expect(JSON.stringify(list.body)).not.toContain(created.body.token);

    expect((await call(inviteRoute.DELETE, { token: pmToken, method: 'DELETE', params: { id: String(created.body.invite.id) } })).status).toBe(403);
    const revoked = await call(inviteRoute.DELETE, { token: adminToken, method: 'DELETE', params: { id: String(created.body.invite.id) } });
    expect(revoked.status).toBe(200);
    expect(revoked.body.status).toBe('revoked');
    expect((await call(inviteRoute.DELETE, { token: adminToken, method: 'DELETE', params: { id: 'abc' } })).status).toBe(404);
    // Ids past PostgreSQL's int4 (the column is bigint) are simply no invite.
    for (const id of ['2147483648', '999999999999999']) {
      const r = await call(inviteRoute.DELETE, { token: adminToken, method: 'DELETE', params: { id } });
      expect(r.status, id).toBe(404);
      expect(r.body.error).toEqual({ code: 'not_found', message: 'There is no such invite' });
    }
  });

  it('cannot revoke an accepted invite', async () => {
    const { token, invite } = await createInvite(db, ws.admin, { function: 'marketing' });
    expect((await signUp({ name: 'Mia Marketing', email: 'mia@example.com', invite: token })).status).toBe(200);
    await expect(revokeInvite(db, ws.admin, invite.id)).rejects.toMatchObject({ code: 'conflict' });
  });

  it('pages through invites newest first with a keyset cursor', async () => {
    for (let i = 0; i < 3; i++) await createInvite(db, ws.admin, { function: 'other' });
    const first = await listInvites(db, ws.admin, { limit: 2 });
    expect(first.items).toHaveLength(2);
    expect(first.nextCursor).toBeTruthy();
    const second = await listInvites(db, ws.admin, { limit: 2, cursor: first.nextCursor! });
    expect(second.items[0]!.id).toBeLessThan(first.items[1]!.id);
    await expect(listInvites(db, ws.admin, { cursor: 'garbage' })).rejects.toMatchObject({ code: 'invalid' });
  });
});

describe('bootstrap', async () => {
  const empty: Db = await testDb();
  it('lets the first person of an empty organisation sign up without an invite and makes them org admin; the second needs one', async () => {
    const g = globalThis as unknown as { candorDb?: Db; candorAuth?: unknown };
    const [prevDb, prevAuth] = [g.candorDb, g.candorAuth];
    g.candorDb = empty;
    g.candorAuth = undefined;
    try {
      expect(await signUpMode(empty)).toBe('bootstrap');
      const first = await signUp({ name: 'Frida First', email: 'frida@example.com', function: 'engineering' });
      expect(first.status).toBe(200);
      expect(await getUserByEmail(empty, 'frida@example.com')).toMatchObject({ isOrgAdmin: true, function: 'engineering' });
      const second = await signUp({ name: 'Sam Second', email: 'sam@example.com' });
      expect(second.status).toBe(403);
      expect(await getUserByEmail(empty, 'sam@example.com')).toBeNull();
    } finally {
      g.candorDb = prevDb;
      g.candorAuth = prevAuth;
    }
  });
});
