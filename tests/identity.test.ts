import { and, asc, eq, isNull } from 'drizzle-orm';
import { describe, expect, it, vi } from 'vitest';
import * as authRoute from '@/app/api/auth/[...all]/route';
import * as meRoute from '@/app/api/v1/me/route';
import * as metricRoute from '@/app/api/v1/metrics/[key]/route';
import * as userRoute from '@/app/api/v1/users/[id]/route';
import * as activeRoute from '@/app/api/v1/users/[id]/active/route';
import * as invitesRoute from '@/app/api/v1/invites/route';
import * as usersRoute from '@/app/api/v1/users/route';
import { commands } from '@/cli/commands';
import { createMetric, getMetric } from '@/db/queries/metrics';
import { addMember, createTeam, listMembers, removeMember, setMemberRole } from '@/db/queries/teams';
import { createToken } from '@/db/queries/tokens';
import { countOrgAdmins, fillNameKeys, getUserByEmail, getUserById, listPeople, nameTakenBy, searchUsers, setUserActive, setUserRoles, updateProfile } from '@/db/queries/users';
import { createInvite } from '@/db/queries/invites';
import { isUniqueViolation, migrateDb } from '@/db/client';
import { engine } from '@/db/engine';
import { personNameKey } from '@/lib/validation/common';
import { events, notifications, user } from '@/db/schema';
import { notify } from '@/db/queries/events';
import { pendingNotifications } from '@/db/queries/email';
import { functionFromClaim } from '@/server/auth-identity';
import { makeUser, makeWorkspace, testDb } from './helpers/db';
import { call, serveRoutesFrom, tokenFor } from './helpers/api';

const db = await testDb();
serveRoutesFrom(db);
const ws = await makeWorkspace(db);
const origin = { origin: 'http://localhost:3000' };

async function identityEvents(type: string, userId: string) {
  return (
    await db
      .select()
      .from(events)
      .where(and(eq(events.type, type), isNull(events.decisionId)))
      .orderBy(asc(events.id))
  )
    .map((e) => ({ ...e, data: JSON.parse(e.data) }))
    .filter((e) => e.data.userId === userId);
}

/** A real better-auth session for a password account (the test helpers' password). */
async function sessionCookie(email: string): Promise<string> {
  const r = await call(authRoute.POST, { path: '/api/auth/sign-in/email', body: { email, password: 'correct-horse-battery' }, headers: origin });
  expect(r.status).toBe(200);
  return (r.headers.get('set-cookie') ?? '').split(';')[0]!;
}

describe('names say who spoke', () => {
  it('nobody renames themselves to a name someone else has, by the profile form or better-auth, however it is spelt; a rename is an event', async () => {
    const dev = await makeUser(db, { name: 'Devi Chandra', function: 'data-science' });
    const tom = await makeUser(db, { name: 'Tomas Marketing', function: 'marketing' });
    for (const name of ['Devi Chandra', 'devi  chandra', 'Déví Chandra', 'Ｄｅｖｉ Chandra', 'Devi\u200B Chandra', 'Devi Chandra\u00AD\u200D']) {
      await expect(updateProfile(db, tom, { name }), name).rejects.toMatchObject({
        code: 'conflict',
        message: 'Someone here is already called Devi Chandra: add an initial or another name people know you by, so what you write can’t be taken for theirs',
      });
    }
    // A look-alike letter from another alphabet: refused as a name that mixes alphabets.
    await expect(updateProfile(db, tom, { name: 'D\u0435vi Chandra' })).rejects.toMatchObject({ code: 'invalid', message: expect.stringContaining('Write the name in one alphabet') });
    const cookie = await sessionCookie(tom.email);
    const viaAuth = await call(authRoute.POST, { path: '/api/auth/update-user', body: { name: 'DEVI CHANDRA' }, cookie, headers: origin });
    expect(viaAuth.status).toBe(400);
    expect(viaAuth.body).toMatchObject({ code: 'NAME_TAKEN' });
    expect(await getUserById(db, tom.id)).toMatchObject({ name: 'Tomas Marketing' });
    // Someone who left keeps their name too: their old objections still say it.
    await setUserActive(db, ws.admin, dev.id, { active: false });
    await expect(updateProfile(db, tom, { name: 'Devi Chandra' })).rejects.toMatchObject({ code: 'conflict' });

    await updateProfile(db, tom, { name: 'Tomás Becker' });
    expect((await call(authRoute.POST, { path: '/api/auth/update-user', body: { name: 'Tom B.' }, cookie, headers: origin })).status).toBe(200);
    expect((await identityEvents('user.renamed', tom.id)).map((e) => [e.actorId, e.data.from, e.data.to])).toEqual([
      [tom.id, 'Tomas Marketing', 'Tomás Becker'],
      [tom.id, 'Tomás Becker', 'Tom B.'],
    ]);
  });
});

describe('a name is held by one person, even at the same moment', () => {
  const keyOf = async (id: string) => (await db.select({ key: user.nameKey }).from(user).where(eq(user.id, id)))[0]?.key;

  it('two people renaming themselves to names that read the same at once: one gets it, the other is told why', async () => {
    const [ana, ben] = [await makeUser(db, { name: 'Ana Racer' }), await makeUser(db, { name: 'Ben Racer' })];
    const settled = await Promise.allSettled([updateProfile(db, ana, { name: 'Rhea Vance' }), updateProfile(db, ben, { name: 'rhea  VANCE' })]);
    expect(settled.filter((s) => s.status === 'fulfilled')).toHaveLength(1);
    const refused = settled.find((s) => s.status === 'rejected') as PromiseRejectedResult;
    expect(refused.reason).toMatchObject({ code: 'conflict', message: expect.stringMatching(/^Someone here is already called (Rhea Vance|rhea VANCE): add an initial/) });
    const names = [(await getUserById(db, ana.id))!.name, (await getUserById(db, ben.id))!.name];
    expect(names.filter((n) => personNameKey(n) === 'rhea vance')).toHaveLength(1);
    // The database holds the line too: a second row whose name reads the same can't be written, whatever checks it skipped.
    const write = db.update(user).set({ name: 'RHEA VANCE', nameKey: 'rhea vance' }).where(eq(user.id, names[0] === 'Ana Racer' ? ana.id : ben.id));
    const clash = await write.then(() => null, (e: unknown) => e);
    expect(isUniqueViolation(clash, 'name_key')).toBe(true);
  });

  it.skipIf(engine() !== 'pg')('PostgreSQL: a rename racing another person’s uncommitted rename to the same name is refused by the unique key, naming who holds it', async () => {
    const [cal, dot] = [await makeUser(db, { name: 'Cal Holder' }), await makeUser(db, { name: 'Dot Racer' })];
    let late: Promise<unknown> = Promise.resolve();
    await db.transaction(async (tx) => {
      // Cal's rename is written but not committed: Dot's check can't see it, and Dot's write waits on the key.
      await tx.update(user).set({ name: 'Nadia Okafor', nameKey: 'nadia okafor' }).where(eq(user.id, cal.id));
      late = updateProfile(db, dot, { name: 'NADIA OKAFOR' }).then(() => 'renamed', (e: unknown) => e);
      await new Promise((r) => setTimeout(r, 300));
    });
    expect(await late).toMatchObject({ code: 'conflict', message: expect.stringContaining('Someone here is already called Nadia Okafor') });
    expect((await getUserById(db, dot.id))!.name).toBe('Dot Racer');
  });

  it.skipIf(engine() !== 'pg')('PostgreSQL: a sign-up or better-auth rename that loses the race for a name is told so (400 NAME_TAKEN, not 422 or 500), and the sign-up keeps its invite', async () => {
    const [holder, renamer] = [await makeUser(db, { name: 'Rae Holder' }), await makeUser(db, { name: 'Rae Renamer' })];
    const cookie = await sessionCookie(renamer.email);
    const { token } = await createInvite(db, ws.admin, { function: 'design' });
    let late: Promise<{ status: number; body: unknown }[]> = Promise.resolve([]);
    await db.transaction(async (tx) => {
      // The holder's rename is written but not committed: the hooks' checks can't see it, and both writes wait on the key.
      await tx.update(user).set({ name: 'Rae Race', nameKey: 'rae race' }).where(eq(user.id, holder.id));
      late = Promise.all([
        call(authRoute.POST, { path: '/api/auth/sign-up/email', body: { name: 'RAE RACE', email: 'rae-racer@example.com', password: 'correct-horse-battery', invite: token }, headers: origin }),
        call(authRoute.POST, { path: '/api/auth/update-user', body: { name: 'rae race' }, cookie, headers: origin }),
      ]);
      await new Promise((r) => setTimeout(r, 400));
    });
    const answers = await late;
    expect(answers).toHaveLength(2);
    for (const a of answers) {
      expect(a.status).toBe(400);
      expect(a.body).toMatchObject({ code: 'NAME_TAKEN', message: expect.stringContaining('Someone here is already called Rae Race') });
    }
    expect(await getUserByEmail(db, 'rae-racer@example.com')).toBeNull();
    expect((await getUserById(db, renamer.id))!.name).toBe('Rae Renamer');
    // The invite wasn't spent on the account that was never made: the newcomer picks another name.
    const again = await call(authRoute.POST, { path: '/api/auth/sign-up/email', body: { name: 'Rae Racer', email: 'rae-racer@example.com', password: 'correct-horse-battery', invite: token }, headers: origin });
    expect(again.status, JSON.stringify(again.body)).toBe(200);
  });

  it('records how the name reads however the account is made or renamed: the CLI, an invite, better-auth', async () => {
    const made = await makeUser(db, { name: 'Zoë  Keyed' });
    expect(await keyOf(made.id)).toBe('zoe keyed');
    const { token } = await createInvite(db, ws.admin, { function: 'design' });
    const signUp = await call(authRoute.POST, { path: '/api/auth/sign-up/email', body: { name: 'Ines Invited', email: 'ines-keyed@example.com', password: 'correct-horse-battery', invite: token }, headers: origin });
    expect(signUp.status).toBe(200);
    const ines = (await getUserByEmail(db, 'ines-keyed@example.com'))!;
    expect(await keyOf(ines.id)).toBe('ines invited');
    const cookie = (signUp.headers.get('set-cookie') ?? '').split(';')[0]!;
    expect((await call(authRoute.POST, { path: '/api/auth/update-user', body: { name: 'Inès Renamed' }, cookie, headers: origin })).status).toBe(200);
    expect(await keyOf(ines.id)).toBe('ines renamed');
    // Nobody sets it themselves: better-auth takes no name_key from the body.
    expect((await call(authRoute.POST, { path: '/api/auth/update-user', body: { nameKey: 'zoe keyed' }, cookie, headers: origin })).status).toBe(400);
    expect(await keyOf(ines.id)).toBe('ines renamed');
    await updateProfile(db, made, { name: 'Zoe Rekeyed' });
    expect(await keyOf(made.id)).toBe('zoe rekeyed');
  });

  it('accounts made before the key existed get it when migrations run; a stale key is corrected; of two whose names already read the same, the earlier keeps the name', async () => {
    const first = await makeUser(db, { name: 'Legacy Twin' });
    const second = await makeUser(db, { name: 'Legacy Other' });
    const renamed = await makeUser(db, { name: 'Stale Keyed' });
    await db.update(user).set({ nameKey: null }).where(eq(user.id, first.id));
    await db.update(user).set({ nameKey: null, name: 'legacy twin' }).where(eq(user.id, second.id));
    // Renamed by an older version that knew nothing of the key.
    await db.update(user).set({ name: 'Fresh Keyed' }).where(eq(user.id, renamed.id));
    await migrateDb(db);
    expect([await keyOf(first.id), await keyOf(second.id), await keyOf(renamed.id)]).toEqual(['legacy twin', null, 'fresh keyed']);
    expect(await nameTakenBy(db, 'LEGACY TWIN', null)).toBe('Legacy Twin');
    expect(await nameTakenBy(db, 'Stale Keyed', null)).toBeNull();
    expect(await nameTakenBy(db, 'Legacy Twin', first.id)).toBeNull();
    expect(await fillNameKeys(db)).toBe(0);
    // The twin gets the key once the name is free.
    await updateProfile(db, first, { name: 'Legacy First' });
    expect(await fillNameKeys(db)).toBe(1);
    expect(await keyOf(second.id)).toBe('legacy twin');
  });

  it('the CLI and every other caller of createUserWithPassword are refused a name someone has, with the same answer', async () => {
    await makeUser(db, { name: 'Quinn Taken' });
    await expect(makeUser(db, { name: 'quinn  TAKEN' })).rejects.toMatchObject({ code: 'conflict', message: expect.stringContaining('Someone here is already called Quinn Taken') });
  });
});

describe('nobody sets their own function or org-admin flag', () => {
  it('better-auth’s /api/auth/update-user refuses function and isOrgAdmin', async () => {
    const pm = await makeUser(db, { name: 'Paula PM', function: 'product' });
    const cookie = await sessionCookie(pm.email);
    const fn = await call(authRoute.POST, { path: '/api/auth/update-user', body: { function: 'data-science' }, cookie, headers: origin });
    expect(fn.status).toBe(400);
    expect(fn.body.message).toMatch(/function is not allowed/);
    const admin = await call(authRoute.POST, { path: '/api/auth/update-user', body: { name: 'Paula', isOrgAdmin: true }, cookie, headers: origin });
    expect(admin.status).toBe(400);
    expect(await getUserById(db, pm.id)).toMatchObject({ function: 'product', isOrgAdmin: false, name: 'Paula PM' });
    // Her name is still hers to change.
    const name = await call(authRoute.POST, { path: '/api/auth/update-user', body: { name: 'Paula P. M.' }, cookie, headers: origin });
    expect(name.status).toBe(200);
    expect((await call(meRoute.GET, { cookie })).body).toMatchObject({ name: 'Paula P. M.', function: 'product', isOrgAdmin: false });
  });

  it('better-auth’s /api/auth/update-user answers a name or image that is not text with 400, not 500, and saves a name cleaned', async () => {
    const pm = await makeUser(db, { name: 'Nia Name', function: 'product' });
    const cookie = await sessionCookie(pm.email);
    for (const body of [{ name: { a: 1 } }, { name: null }, { name: true }, { name: '' }, { name: 'x'.repeat(20_000) }, { image: { a: 1 } }, { image: true }]) {
      const r = await call(authRoute.POST, { path: '/api/auth/update-user', body, cookie, headers: origin });
      expect(r.status, JSON.stringify(body).slice(0, 40)).toBe(400);
    }
    expect(await getUserById(db, pm.id)).toMatchObject({ name: 'Nia Name' });
    // A name the rules accept is saved as they clean it: no control characters, trimmed.
    expect((await call(authRoute.POST, { path: '/api/auth/update-user', body: { name: '  Nia\u0007 Renamed ' }, cookie, headers: origin })).status).toBe(200);
    expect(await getUserById(db, pm.id)).toMatchObject({ name: 'Nia Renamed' });
    // One line: breaks and tabs fold to a space, and bidi overrides (which make a name read backwards) go.
    expect((await call(authRoute.POST, { path: '/api/auth/update-user', body: { name: 'Nia\n\tRe\u202Enamed' }, cookie, headers: origin })).status).toBe(200);
    expect(await getUserById(db, pm.id)).toMatchObject({ name: 'Nia Renamed' });
    // A picture, if one is given, is an http(s) link.
    for (const image of ['javascript:alert(1)', 'data:image/png;base64,AAAA', '/relative.png']) {
      const r = await call(authRoute.POST, { path: '/api/auth/update-user', body: { image }, cookie, headers: origin });
      expect(r.status, image).toBe(400);
      expect(r.body.message).toBe('image must be an http(s) link of at most 2,000 characters, or null');
    }
    expect((await call(authRoute.POST, { path: '/api/auth/update-user', body: { image: 'https://example.com/nia.png' }, cookie, headers: origin })).status).toBe(200);
  });

  it('the profile form changes the name only, whatever function it is sent', async () => {
    const pm = await makeUser(db, { name: 'Pat PM', function: 'product' });
    await updateProfile(db, pm, { name: 'Pat Product', function: 'data-science' });
    expect(await getUserById(db, pm.id)).toMatchObject({ name: 'Pat Product', function: 'product' });
  });

  it('a PM cannot make themselves (or a friend) a data scientist through Candor’s API', async () => {
    const token = await tokenFor(db, ws.pm);
    const self = await call(userRoute.PATCH, { token, method: 'PATCH', params: { id: ws.pm.id }, body: { function: 'data-science' } });
    expect(self.status).toBe(403);
    expect(self.body.error).toMatchObject({ code: 'forbidden', message: expect.stringMatching(/set by an admin/) });
    const friend = await call(userRoute.PATCH, { token, method: 'PATCH', params: { id: ws.outsider.id }, body: { function: 'data-science' } });
    expect(friend.status).toBe(403);
    const promote = await call(userRoute.PATCH, { token, method: 'PATCH', params: { id: ws.pm.id }, body: { orgAdmin: true } });
    expect(promote.status).toBe(403);
    expect(await getUserById(db, ws.pm.id)).toMatchObject({ function: 'product', isOrgAdmin: false });
    expect(await getUserById(db, ws.outsider.id)).toMatchObject({ function: 'marketing' });
  });
});

/** A new team whose two admins (both product) the org admin made: the co-admin rules' setting. */
async function teamOfTwoAdmins(slug: string, name: string, leadName: string, coLeadName: string) {
  const lead = await makeUser(db, { name: leadName, function: 'product' });
  const coLead = await makeUser(db, { name: coLeadName, function: 'product' });
  const team = await createTeam(db, ws.admin, { slug, name });
  await addMember(db, ws.admin, slug, { email: lead.email, role: 'admin' });
  await addMember(db, ws.admin, slug, { email: coLead.email, role: 'admin' });
  return { lead, coLead, team };
}

describe('admins assign functions and org admin', async () => {
  it('an org admin sets anyone’s function and org-admin flag through the API; each change is an event', async () => {
    const person = await makeUser(db, { name: 'Rita Role', function: 'other' });
    const token = await tokenFor(db, ws.admin);
    const r = await call(userRoute.PATCH, { token, method: 'PATCH', params: { id: person.id }, body: { function: 'data-science', orgAdmin: true } });
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ id: person.id, email: person.email, name: 'Rita Role', function: 'data-science', isOrgAdmin: true });
    expect(await identityEvents('user.function-changed', person.id)).toEqual([
      expect.objectContaining({ actorId: ws.admin.id, decisionId: null, data: { userId: person.id, from: 'other', to: 'data-science' } }),
    ]);
    expect(await identityEvents('user.org-admin-changed', person.id)).toEqual([expect.objectContaining({ actorId: ws.admin.id, data: { userId: person.id, from: false, to: true } })]);
    // Setting the same values again records nothing new.
    await call(userRoute.PATCH, { token, method: 'PATCH', params: { id: person.id }, body: { function: 'data-science' } });
    expect(await identityEvents('user.function-changed', person.id)).toHaveLength(1);
  });

  it('answers bad values with 400 and every issue, unknown people with 404', async () => {
    const token = await tokenFor(db, ws.admin);
    const bad = await call(userRoute.PATCH, { token, method: 'PATCH', params: { id: ws.eng.id }, body: { function: 'wizard', orgAdmin: 'yes' } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.issues.map((i: { path: string }) => i.path).sort()).toEqual(['function', 'orgAdmin']);
    const extra = await call(userRoute.PATCH, { token, method: 'PATCH', params: { id: ws.eng.id }, body: { email: 'x@example.com' } });
    expect(extra.status).toBe(400);
    expect(extra.body.error.message).toMatch(/Only function and orgAdmin/);
    const empty = await call(userRoute.PATCH, { token, method: 'PATCH', params: { id: ws.eng.id }, body: {} });
    expect(empty.status).toBe(400);
    const array = await call(userRoute.PATCH, { token, method: 'PATCH', params: { id: ws.eng.id }, body: [1] });
    expect(array.status).toBe(400);
    const ghost = await call(userRoute.PATCH, { token, method: 'PATCH', params: { id: 'nobody' }, body: { function: 'design' } });
    expect(ghost.status).toBe(404);
    expect(await getUserById(db, ws.eng.id)).toMatchObject({ function: 'engineering' });
  });

  const TEAM_ADMIN_REFUSAL = 'Only organisation admins set a person’s function: it decides whose reviews count as cross-functional on every team';

  it('a team admin sets nobody’s function, not even their own members’, through the API or directly; nothing changes and nothing is logged', async () => {
    const lead = await makeUser(db, { name: 'Tara Lead', function: 'product' });
    const team = await createTeam(db, ws.admin, { slug: 'lead-team', name: 'Lead team' });
    await addMember(db, ws.admin, team.slug, { email: lead.email, role: 'admin' });
    const member = await makeUser(db, { name: 'Mo Member', function: 'other' });
    await addMember(db, ws.admin, team.slug, { email: member.email });
    const stranger = await makeUser(db, { name: 'Sid Stranger', function: 'other' });

    const token = await tokenFor(db, lead);
    for (const target of [member, stranger]) {
      const r = await call(userRoute.PATCH, { token, method: 'PATCH', params: { id: target.id }, body: { function: 'engineering' } });
      expect(r.status, target.name).toBe(403);
      expect(r.body.error).toMatchObject({ code: 'forbidden', message: TEAM_ADMIN_REFUSAL });
      await expect(setUserRoles(db, lead, target.id, { function: 'data-science' })).rejects.toMatchObject({ code: 'forbidden', message: TEAM_ADMIN_REFUSAL });
    }
    await expect(setUserRoles(db, lead, member.id, { orgAdmin: true })).rejects.toMatchObject({ code: 'forbidden' });
    // Not their own function either.
    await expect(setUserRoles(db, lead, lead.id, { function: 'data-science' })).rejects.toMatchObject({ code: 'forbidden', message: /nobody chooses their own/ });
    // Sending the function someone already has changes nothing, so it is not refused (the People form sends it).
    await setUserRoles(db, lead, member.id, { function: 'other' });
    for (const p of [member, stranger, lead]) expect(await identityEvents('user.function-changed', p.id), p.name).toEqual([]);
    expect(await getUserById(db, member.id)).toMatchObject({ function: 'other' });
    expect(await getUserById(db, stranger.id)).toMatchObject({ function: 'other' });
    expect(await getUserById(db, lead.id)).toMatchObject({ function: 'product', isOrgAdmin: false });
    // An org admin sets it, and that is an event.
    await setUserRoles(db, ws.admin, member.id, { function: 'engineering' });
    expect(await identityEvents('user.function-changed', member.id)).toEqual([expect.objectContaining({ actorId: ws.admin.id, data: { userId: member.id, from: 'other', to: 'engineering' } })]);
  });

  it('a team admin cannot relabel someone by adding them to the team and removing them again', async () => {
    const marco = await makeUser(db, { name: 'Marco Growth', function: 'product' });
    const growth = await createTeam(db, ws.admin, { slug: 'growth-relabel', name: 'Growth relabel' });
    await addMember(db, ws.admin, growth.slug, { email: marco.email, role: 'admin' });
    const loner = await makeUser(db, { name: 'Lou Loner', function: 'marketing' });
    const token = await tokenFor(db, marco);
    const patch = () => call(userRoute.PATCH, { token, method: 'PATCH', params: { id: loner.id }, body: { function: 'data-science' } });
    expect((await patch()).status).toBe(403);
    // Adding someone to a team needs no consent: it gives their team admin no say over their label.
    await addMember(db, marco, growth.slug, { email: loner.email });
    const r = await patch();
    expect(r.status).toBe(403);
    expect(r.body.error.message).toBe(TEAM_ADMIN_REFUSAL);
    await removeMember(db, marco, growth.slug, loner.id);
    expect(await getUserById(db, loner.id)).toMatchObject({ function: 'marketing' });
    expect(await identityEvents('user.function-changed', loner.id)).toEqual([]);
  });

  it('an author who administers the team cannot relabel a teammate to make their approval count as cross-functional', async () => {
    const { lead, team } = await teamOfTwoAdmins('relabel-team', 'Relabel team', 'Rhea Lead', 'Rob Co-lead');
    const peer = await makeUser(db, { name: 'Pat Peer', function: 'product' });
    await addMember(db, lead, team.slug, { email: peer.email });
    for (const fn of ['engineering', 'data-science'] as const) {
      await expect(setUserRoles(db, lead, peer.id, { function: fn })).rejects.toMatchObject({ code: 'forbidden', message: TEAM_ADMIN_REFUSAL });
    }
    expect(await getUserById(db, peer.id)).toMatchObject({ function: 'product' });
  });

  it('a team admin cannot relabel co-admins or org admins either', async () => {
    const { lead, coLead } = await teamOfTwoAdmins('bounded-team', 'Bounded team', 'Lena Lead', 'Cole Co-lead');
    await expect(setUserRoles(db, coLead, lead.id, { function: 'data-science' })).rejects.toMatchObject({ code: 'forbidden', message: TEAM_ADMIN_REFUSAL });
    // The team's creator (an org admin) is in it too.
    await expect(setUserRoles(db, lead, ws.admin.id, { function: 'design' })).rejects.toMatchObject({ code: 'forbidden', message: TEAM_ADMIN_REFUSAL });
    expect(await getUserById(db, lead.id)).toMatchObject({ function: 'product' });
  });

  it('a team admin cannot demote or remove a co-admin to relabel them; an org admin can, an admin can step down, and each change is an event', async () => {
    const { lead, coLead, team } = await teamOfTwoAdmins('unseat-team', 'Unseat team', 'Ada Admin', 'Cy Co-admin');
    await expect(setMemberRole(db, lead, team.slug, { userId: coLead.id, role: 'member' })).rejects.toMatchObject({
      code: 'forbidden',
      message: 'Only an organisation admin can demote another admin of Unseat team; an admin can step down themselves',
    });
    await expect(removeMember(db, lead, team.slug, coLead.id)).rejects.toMatchObject({ code: 'forbidden', message: /Only an organisation admin can remove another admin/ });
    // (Nor relabel them: only org admins set functions.)
    await expect(setUserRoles(db, lead, coLead.id, { function: 'data-science' })).rejects.toMatchObject({ code: 'forbidden', message: TEAM_ADMIN_REFUSAL });
    expect(await getUserById(db, coLead.id)).toMatchObject({ function: 'product' });
    // Stepping down is one's own choice; an org admin may demote anyone.
    await setMemberRole(db, coLead, team.slug, { userId: coLead.id, role: 'member' });
    await setMemberRole(db, lead, team.slug, { userId: coLead.id, role: 'admin' });
    await setMemberRole(db, ws.admin, team.slug, { userId: coLead.id, role: 'member' });
    await removeMember(db, lead, team.slug, coLead.id);
    const log = await db.select().from(events).where(eq(events.teamId, team.id)).orderBy(asc(events.id));
    expect(log.map((e) => [e.type, e.actorId, JSON.parse(e.data)])).toEqual([
      ['team.role-changed', coLead.id, { userId: coLead.id, from: 'admin', to: 'member' }],
      ['team.role-changed', lead.id, { userId: coLead.id, from: 'member', to: 'admin' }],
      ['team.role-changed', ws.admin.id, { userId: coLead.id, from: 'admin', to: 'member' }],
      ['team.member-removed', lead.id, { userId: coLead.id, role: 'member' }],
    ]);
  });

  it('an org admin does not set their own function either: another org admin does', async () => {
    const self = await call(userRoute.PATCH, { token: await tokenFor(db, ws.admin), method: 'PATCH', params: { id: ws.admin.id }, body: { function: 'design' } });
    expect(self.status).toBe(403);
    expect(self.body.error.message).toBe('Your function is set by an admin: reviews count as cross-functional by it, so nobody chooses their own (another organisation admin, or the command line, can change it)');
    const other = await makeUser(db, { name: 'Otto Org', function: 'other', orgAdmin: true });
    const before = (await getUserById(db, ws.admin.id))!.function;
    expect((await call(userRoute.PATCH, { token: await tokenFor(db, other), method: 'PATCH', params: { id: ws.admin.id }, body: { function: 'design' } })).status).toBe(200);
    expect(await getUserById(db, ws.admin.id)).toMatchObject({ function: 'design' });
    await setUserRoles(db, other, ws.admin.id, { function: before });
  });

  const solo = await testDb(); // a workspace of its own, with one org admin
  it('the last org admin cannot remove their own org-admin flag, and is told why', async () => {
    const only = await makeUser(solo, { name: 'Only Admin', orgAdmin: true });
    const other = await makeUser(solo, { name: 'Other Person' });
    await expect(setUserRoles(solo, only, only.id, { orgAdmin: false })).rejects.toMatchObject({ code: 'conflict', message: expect.stringMatching(/last organisation admin/) });
    expect(await getUserById(solo, only.id)).toMatchObject({ isOrgAdmin: true });
    // With a second admin, stepping down works.
    await setUserRoles(solo, only, other.id, { orgAdmin: true });
    await setUserRoles(solo, only, only.id, { orgAdmin: false });
    expect(await getUserById(solo, only.id)).toMatchObject({ isOrgAdmin: false });
  });

  it('the People list is for org admins, by name, keyset-paginated', async () => {
    await expect(listPeople(db, ws.pm)).rejects.toMatchObject({ code: 'forbidden' });
    expect((await call(usersRoute.GET, { token: await tokenFor(db, ws.pm) })).status).toBe(403);
    const first = await listPeople(db, ws.admin, { limit: 3 });
    expect(first.items).toHaveLength(3);
    const all = [...first.items];
    let cursor = first.nextCursor;
    while (cursor) {
      const page = await listPeople(db, ws.admin, { limit: 3, cursor });
      all.push(...page.items);
      cursor = page.nextCursor;
    }
    const names = all.map((p) => p.name);
    expect(names).toEqual([...names].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
    expect(new Set(all.map((p) => p.id)).size).toBe(all.length);
    expect(all.find((p) => p.id === ws.pm.id)?.teams).toEqual([{ slug: ws.team.slug, name: ws.team.name, role: 'member' }]);
    const found = await call(usersRoute.GET, { token: await tokenFor(db, ws.admin), path: '/api/v1/users?q=priya' });
    expect(found.body.items.map((p: { id: string }) => p.id)).toEqual([ws.pm.id]);
  });

  it('answers a bad page size or page link on the people and invites lists with a 400 that names it', async () => {
    const token = await tokenFor(db, ws.admin);
    for (const route of [usersRoute.GET, invitesRoute.GET]) {
      for (const [query, message] of [
        ['limit=1.5', 'limit must be a whole number'],
        ['limit=0', 'limit must be at least 1'],
        ['limit=lots', 'limit must be a number'],
        ['limit=101', 'limit can be at most 100'],
        ['cursor=garbage', 'This page link is out of date: start again from the first page'],
      ]) {
        const r = await call(route, { token, path: `/api/v1/x?${query}` });
        expect(r.status, query).toBe(400);
        expect(JSON.stringify(r.body.error), query).toContain(message);
      }
      expect((await call(route, { token, path: '/api/v1/x?limit=2' })).status).toBe(200);
    }
  });

  it('the CLI’s user command acts as the organisation', async () => {
    const person = await makeUser(db, { name: 'Cli Person', function: 'other' });
    const run = (name: string, v: Record<string, string | boolean>) => commands.find((c) => c.name === name)!.run(v);
    await run('user set', { email: person.email, function: 'research', 'org-admin': true });
    expect(await getUserById(db, person.id)).toMatchObject({ function: 'research', isOrgAdmin: true });
    expect(await identityEvents('user.function-changed', person.id)).toEqual([expect.objectContaining({ actorId: null, data: { userId: person.id, from: 'other', to: 'research' } })]);
    await expect(run('user set', { email: person.email, function: 'wizard' })).rejects.toThrow(/function/);
    await expect(run('user set', { email: person.email })).rejects.toThrow('nothing to change');
    await expect(run('user create', { email: 'cli-twin@example.com', name: 'cli person', function: 'design', password: 'Quartz-lantern-meadow-719' })).rejects.toThrow('Someone here is already called Cli Person');
  });

  it('the CLI deactivates someone who left and reactivates them, with the same rules as Settings → People', async () => {
    const person = await makeUser(db, { name: 'Cli Leaver', function: 'engineering' });
    const token = await tokenFor(db, person);
    const run = (name: string, v: Record<string, string | boolean>) => commands.find((c) => c.name === name)!.run(v);
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    try {
      await expect(run('user set', { email: person.email, deactivate: true, reactivate: true })).rejects.toThrow('choose one of --deactivate and --reactivate');
      await run('user set', { email: person.email, deactivate: true });
      expect(log).toHaveBeenLastCalledWith(`${person.email} is deactivated: 0 session(s) ended, 1 token(s) and 0 unused invite(s) revoked`);
      expect((await call(meRoute.GET, { token })).status).toBe(401);
      expect(await identityEvents('user.deactivated', person.id)).toEqual([expect.objectContaining({ actorId: null })]);
      await run('user set', { email: person.email, reactivate: true });
      expect(log).toHaveBeenLastCalledWith(`${person.email} can sign in again`);
      expect(await identityEvents('user.reactivated', person.id)).toEqual([expect.objectContaining({ actorId: null })]);
      // A metric's owner is refused, as on the People page: every decision citing it waits for its owner.
      const owner = await makeUser(db, { name: 'Cli Owner', function: 'data-science' });
      await createMetric(db, owner, { key: 'cli_rate', name: 'Cli rate', definition: 'Something per something.', kind: 'guardrail', ownerEmail: owner.email });
      await expect(run('user set', { email: owner.email, deactivate: true, function: 'design' })).rejects.toThrow('Cli Owner owns the metric (Cli rate)');
      expect(await getUserById(db, owner.id)).toMatchObject({ function: 'data-science' }); // nothing changed
    } finally {
      log.mockRestore();
    }
  });
});

// Its own organisation, so that exactly two people are its org admins.
const own = await testDb();

describe('changes that could leave no admin, at the same moment', () => {
  it('two team admins stepping down at once: one steps down, the other is told the team needs an admin', async () => {
    const { lead, coLead, team } = await teamOfTwoAdmins('both-leave', 'Both leave', 'Lou Lead', 'Cat Co-lead');
    await removeMember(db, ws.admin, team.slug, ws.admin.id); // the org admin who made the team leaves it to them
    const results = await Promise.allSettled([
      setMemberRole(db, lead, team.slug, { userId: lead.id, role: 'member' }),
      setMemberRole(db, coLead, team.slug, { userId: coLead.id, role: 'member' }),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(results.find((r) => r.status === 'rejected')).toMatchObject({ reason: { code: 'conflict', message: 'A team needs at least one admin: make someone else an admin first' } });
    expect((await listMembers(db, team.id)).filter((m) => m.role === 'admin')).toHaveLength(1);
  });

  it('two organisation admins stepping down, or deactivating each other, at once: one organisation admin stays', async () => {
    {
      const [a, b] = [await makeUser(own, { name: 'Ann Org', orgAdmin: true }), await makeUser(own, { name: 'Ben Org', orgAdmin: true })];
      const steps = await Promise.allSettled([setUserRoles(own, a, a.id, { orgAdmin: false }), setUserRoles(own, b, b.id, { orgAdmin: false })]);
      expect(steps.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      expect(await countOrgAdmins(own)).toBe(1);
      const c = await makeUser(own, { name: 'Cleo Org', orgAdmin: true });
      const stayed = (await getUserById(own, a.id))!.isOrgAdmin ? a : b;
      const cuts = await Promise.allSettled([setUserActive(own, stayed, c.id, { active: false }), setUserActive(own, c, stayed.id, { active: false })]);
      expect(cuts.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      expect(await countOrgAdmins(own)).toBe(1);
    }
  });

  it('of two org admins deactivating each other at once (a third staying), the one deactivated first can no longer act', async () => {
    const [x, y] = [await makeUser(own, { name: 'Xena Org', orgAdmin: true }), await makeUser(own, { name: 'Yuri Org', orgAdmin: true })];
    const before = await countOrgAdmins(own);
    const cuts = await Promise.allSettled([setUserActive(own, x, y.id, { active: false }), setUserActive(own, y, x.id, { active: false })]);
    expect(cuts.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(cuts.find((r) => r.status === 'rejected')).toMatchObject({ reason: { code: 'forbidden', message: 'You are no longer an organisation admin' } });
    expect(await countOrgAdmins(own)).toBe(before - 1);
  });
});

describe('metric ownership', () => {
  it('only the current owner or an org admin reassigns a metric’s owner', async () => {
    const owner = ws.ds;
    const otherDs = await makeUser(db, { name: 'Hana Data', function: 'data-science' });
    await createMetric(db, owner, { key: 'refund_rate', name: 'Refund rate', definition: 'Refunded orders over completed orders.', kind: 'guardrail', ownerEmail: owner.email });
    const put = (token: string, ownerEmail: string, name = 'Refund rate') =>
      call(metricRoute.PUT, { token, method: 'PUT', params: { key: 'refund_rate' }, body: { name, definition: 'Refunded orders over completed orders.', kind: 'guardrail', ownerEmail } });

    // A fresh account with no team (open sign-up gives "other").
    const fresh = await makeUser(db, { name: 'Fresh Account', function: 'other' });
    expect((await put(await tokenFor(db, fresh), fresh.email)).status).toBe(403);
    // A data scientist who is not the owner may edit the definition but not take or give away ownership.
    const dsToken = await tokenFor(db, otherDs);
    const grab = await put(dsToken, otherDs.email);
    expect(grab.status).toBe(403);
    expect(grab.body.error.issues).toEqual([{ path: 'ownerEmail', message: 'Only the current owner or an organisation admin can change the owner' }]);
    expect((await put(dsToken, owner.email, 'Refund rate (orders)')).status).toBe(200);
    expect((await getMetric(db, 'refund_rate'))!.owner.id).toBe(owner.id);
    // The owner hands it over; then an org admin hands it back.
    expect((await put(await tokenFor(db, owner), otherDs.email)).status).toBe(200);
    expect((await getMetric(db, 'refund_rate'))!.owner.id).toBe(otherDs.id);
    expect((await put(await tokenFor(db, ws.admin), owner.email)).status).toBe(200);
    expect((await getMetric(db, 'refund_rate'))!.owner.id).toBe(owner.id);
  });
});

describe('SSO function claim', () => {
  it('maps claim values to functions; unknown or missing values give "other"', () => {
    expect(functionFromClaim('data-science')).toBe('data-science');
    expect(functionFromClaim('Data Science')).toBe('data-science');
    expect(functionFromClaim(['engineering', 'design'])).toBe('engineering');
    expect(functionFromClaim('Designer')).toBe('design');
    expect(functionFromClaim('astronaut')).toBe('other');
    expect(functionFromClaim(undefined)).toBe('other');
    expect(functionFromClaim(42)).toBe('other');
  });
});

// An organisation of its own with two org admins (a database made inside a test would not be dropped after it).
const twoAdmins = await testDb();

describe('deactivating someone who left', () => {
  const setActive = (token: string, id: string, body: unknown) => call(activeRoute.PUT, { token, method: 'PUT', params: { id }, body });

  it('signs them out at once, revokes their tokens and refuses their sign-in; reactivating lets them sign in again', async () => {
    const leaver = await makeUser(db, { name: 'Lee Leaver', function: 'engineering' });
    const cookie = await sessionCookie(leaver.email);
    const { token } = await createToken(db, leaver, { label: 'script' });
    await notify(db, { userIds: [leaver.id], kind: 'mention', actor: ws.admin });
    expect((await call(meRoute.GET, { cookie })).status).toBe(200);
    expect((await call(meRoute.GET, { token })).status).toBe(200);

    const r = await setActive(await tokenFor(db, ws.admin), leaver.id, { active: false });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body).toEqual({ id: leaver.id, active: false, invitesRevoked: 0, sessionsEnded: 1, tokensRevoked: 1 });
    expect((await call(meRoute.GET, { cookie })).status).toBe(401);
    expect((await call(meRoute.GET, { token })).status).toBe(401);
    const signIn = await call(authRoute.POST, { path: '/api/auth/sign-in/email', body: { email: leaver.email, password: 'correct-horse-battery' }, headers: origin });
    expect(signIn.status).toBe(403);
    expect(signIn.body.message).toBe('This account has been deactivated: ask an organisation admin if you should still have access');
    // A wrong password says what it always says: nothing about the account.
    const wrong = await call(authRoute.POST, { path: '/api/auth/sign-in/email', body: { email: leaver.email, password: 'not-the-password-1' }, headers: origin });
    expect(wrong.status).toBe(401);
    const people = await listPeople(db, ws.admin, { q: 'Lee Leaver' });
    expect(people.items).toEqual([expect.objectContaining({ id: leaver.id, active: false })]);
    expect(await identityEvents('user.deactivated', leaver.id)).toEqual([expect.objectContaining({ actorId: ws.admin.id, data: { userId: leaver.id, sessionsEnded: 1, tokensRevoked: 1, invitesRevoked: 0 } })]);
    // Nothing is waiting to be mailed to them, and nothing new is queued.
    await notify(db, { userIds: [leaver.id, ws.pm.id], kind: 'mention', actor: ws.admin });
    const mine = await db.select().from(notifications).where(eq(notifications.userId, leaver.id));
    expect(mine.filter((n) => n.emailedAt === null)).toEqual([]);
    expect((await pendingNotifications(db)).some((n) => n.recipient.id === leaver.id)).toBe(false);

    expect((await setActive(await tokenFor(db, ws.admin), leaver.id, { active: true })).body).toEqual({ id: leaver.id, active: true, sessionsEnded: 0, tokensRevoked: 0, invitesRevoked: 0 });
    expect((await call(meRoute.GET, { cookie: await sessionCookie(leaver.email) })).status).toBe(200);
    // Revoked tokens stay revoked.
    expect((await call(meRoute.GET, { token })).status).toBe(401);
    expect(await identityEvents('user.reactivated', leaver.id)).toHaveLength(1);
  });

  it('gives a deactivated person no new part: reviewer, co-author, team member or metric owner', async () => {
    const gone = await makeUser(db, { name: 'Gus Gone', function: 'design' });
    await addMember(db, ws.admin, ws.team.slug, { email: gone.email });
    await setUserActive(db, ws.admin, gone.id, { active: false });
    const team = await createTeam(db, ws.admin, { slug: 'after-gus', name: 'After Gus' });
    await expect(addMember(db, ws.admin, team.slug, { email: gone.email })).rejects.toMatchObject({ code: 'invalid', message: 'Gus Gone’s account is deactivated: choose someone who still works here' });
    await createMetric(db, ws.ds, { key: 'gus_rate', name: 'Gus rate', definition: 'Something per something.', kind: 'guardrail', ownerEmail: ws.ds.email });
    const owner = await call(metricRoute.PUT, { token: await tokenFor(db, ws.admin), method: 'PUT', params: { key: 'gus_rate' }, body: { name: 'Gus rate', definition: 'Something per something.', kind: 'guardrail', ownerEmail: gone.email } });
    expect(owner.status).toBe(400);
    expect(owner.body.error.issues).toEqual([{ path: 'ownerEmail', message: 'This account is deactivated' }]);
    expect((await searchUsers(db, { q: 'Gus Gone' })).map((u) => u.id)).toEqual([]);
    // Still listed in the team he was in, marked.
    expect((await listMembers(db, ws.team.id)).find((m) => m.userId === gone.id)).toMatchObject({ name: 'Gus Gone', active: false });
  });

  it('refuses to deactivate yourself, the last org admin, or someone who still owns metrics; only org admins deactivate', async () => {
    const admin = await tokenFor(db, ws.admin);
    expect((await setActive(admin, ws.admin.id, { active: false })).body.error).toMatchObject({ code: 'conflict', message: 'You can’t deactivate yourself: another organisation admin can' });
    expect((await setActive(admin, ws.ds.id, { active: false })).body.error.message).toMatch(/^Dev Data owns .* hand (it|them) to someone else first/);
    const pmToken = await tokenFor(db, ws.pm);
    expect((await setActive(pmToken, ws.eng.id, { active: false })).status).toBe(403);
    for (const body of [{}, { active: 'no' }, { active: false, function: 'design' }]) {
      expect((await setActive(admin, ws.eng.id, body)).status, JSON.stringify(body)).toBe(400);
    }
    expect((await setActive(admin, 'nobody', { active: false })).status).toBe(404);
    const only = await makeUser(twoAdmins, { name: 'Only Admin', orgAdmin: true });
    const second = await makeUser(twoAdmins, { name: 'Second Admin', orgAdmin: true });
    await setUserActive(twoAdmins, only, second.id, { active: false });
    // Deactivated admins don't count as the organisation's admins.
    await expect(setUserRoles(twoAdmins, only, only.id, { orgAdmin: false })).rejects.toMatchObject({ code: 'conflict', message: expect.stringMatching(/last organisation admin/) });
  });
});
