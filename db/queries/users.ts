import type { z } from 'zod';
import { hashPassword } from 'better-auth/crypto';
import { and, asc, eq, gt, inArray, isNull, like, ne, or, sql } from 'drizzle-orm';
import { randomUUID } from 'node:crypto';
import { now as currentTime } from '@/lib/clock';
import { AppError, parseOrThrow } from '@/lib/errors';
import { decodeCursor, toPage, type Page } from '@/lib/pagination';
import { nameTakenMessage, personNameKey, type TeamRole, type UserFunction } from '@/lib/validation/common';
import { createUserSchema, listPeopleQuerySchema, profileSchema, setUserActiveSchema, setUserRolesSchema } from '@/lib/validation/user';
import { first, isUniqueViolation, likeText, rawRun, type Db, type Executor } from '../client';
import { lockOrgAdmins } from './locks';
import { account, apiTokens, invites, metrics, notifications, reviewRequests, session, teamMembers, teams, user } from '../schema';
import { appendEvent } from './events';

/** Who is asking: every query that reads or writes on someone's behalf takes one. */
export type Viewer = {
  id: string;
  email: string;
  name: string;
  function: UserFunction;
  isOrgAdmin: boolean;
};

/**
 * The command-line tool acts as the organisation itself: whoever can run it
 * can read the database file anyway. It is never a row in the user table.
 */
export const SYSTEM_VIEWER: Viewer = { id: '__system__', email: 'system@candor.local', name: 'Candor CLI', function: 'other', isOrgAdmin: true };

export function isSystem(viewer: Viewer): boolean {
  return viewer.id === SYSTEM_VIEWER.id;
}

const viewerColumns = {
  id: user.id,
  email: user.email,
  name: user.name,
  function: user.function,
  isOrgAdmin: user.isOrgAdmin,
};

function toViewer(row: { id: string; email: string; name: string; function: string; isOrgAdmin: boolean }): Viewer {
  return { ...row, function: row.function as UserFunction };
}

/**
 * The person a session token belongs to and when the session expires, in one indexed read (the
 * request path's session check: server/session.ts). Null when there is no such session.
 */
export async function viewerForSession(db: Db, token: string): Promise<{ viewer: Viewer; expiresAt: number } | null> {
  const row = await first(
    db
      .select({ id: user.id, email: user.email, name: user.name, function: user.function, isOrgAdmin: user.isOrgAdmin, expiresAt: session.expiresAt })
      .from(session)
      .innerJoin(user, eq(user.id, session.userId))
      // A deactivated account's sessions are deleted when it is deactivated; this holds even if one is left.
      .where(and(eq(session.token, token), isNull(user.deactivatedAt)))
      .limit(1),
  );
  if (!row) return null;
  return { viewer: { id: row.id, email: row.email, name: row.name, function: row.function as UserFunction, isOrgAdmin: !!row.isOrgAdmin }, expiresAt: row.expiresAt.getTime() };
}

export async function getUserById(db: Db, id: string): Promise<Viewer | null> {
  const row = await first(db.select(viewerColumns).from(user).where(eq(user.id, id)));
  return row ? toViewer(row) : null;
}

export async function getUserByEmail(db: Db, email: string): Promise<Viewer | null> {
  const row = await first(
    db
      .select(viewerColumns)
      .from(user)
      .where(eq(user.email, email.trim().toLowerCase())),
  );
  return row ? toViewer(row) : null;
}

/** The first account in an organisation becomes its admin (atomic: one statement). */
export async function promoteFirstOrgAdmin(db: Db, userId: string): Promise<void> {
  await rawRun(
    db,
    sql`UPDATE ${user} SET is_org_admin = true
        WHERE id = ${userId} AND NOT EXISTS (SELECT 1 FROM ${user} WHERE is_org_admin = true)`,
  );
}

/** A person changes their own name. Function and org admin are not theirs to set (see setUserRoles). */
export async function updateProfile(db: Db, viewer: Viewer, input: unknown): Promise<Viewer> {
  const data = parseOrThrow(profileSchema, input);
  await db.transaction(async (tx) => {
    const current = await first(tx.select({ name: user.name }).from(user).where(eq(user.id, viewer.id)));
    if (!current || current.name === data.name) return;
    // A name that reads as someone else's is refused by the unique name_key (asNameRefusal), however close the race.
    await tx.update(user).set({ name: data.name, nameKey: personNameKey(data.name), updatedAt: new Date() }).where(eq(user.id, viewer.id));
    await recordRename(tx, viewer, current.name, data.name);
  }).catch((e: unknown) => asNameRefusal(db, e, data.name, viewer.id));
  return { ...viewer, name: data.name };
}

/** The refusal of a name someone else holds, on the form's name field. */
function nameTaken(name: string): AppError {
  return new AppError('conflict', nameTakenMessage(name), { issues: [{ path: 'name', message: nameTakenMessage(name) }] });
}

/**
 * Rethrows a failed write of `name`; when the unique name_key refused it (someone here has a name that reads the
 * same), as "Someone here is already called …", naming them.
 */
async function asNameRefusal(db: Db, e: unknown, name: string, exceptId: string | null): Promise<never> {
  if (!isUniqueViolation(e, 'name_key')) throw e;
  throw nameTaken((await nameTakenBy(db, name, exceptId)) ?? name);
}

/**
 * Someone else whose name reads the same as `name` (personNameKey), or null; people who left count too. Threads,
 * reviews, objections and activity say who spoke by name, so a name someone else already has would let
 * one person's words pass for another's. One indexed read of `user.name_key`, whose unique index also
 * settles two people taking the same name at the same moment.
 */
export async function nameTakenBy(db: Executor, name: string, exceptId: string | null): Promise<string | null> {
  const key = personNameKey(name);
  const row = await first(
    db
      .select({ name: user.name })
      .from(user)
      .where(and(eq(user.nameKey, key), exceptId ? ne(user.id, exceptId) : undefined))
      .limit(1),
  );
  return row?.name ?? null;
}

/**
 * Make every account's name_key how its name reads (run after migrating: db/client.ts migrateDb). Accounts from
 * before the column existed get theirs; a key left stale by a rename elsewhere (an older version during a rolling
 * upgrade) is corrected. Of two accounts whose names already read the same, the earlier holds the name and the
 * other keeps none until its name is free; nameTakenBy still finds the name. Returns how many keys it set.
 */
export async function fillNameKeys(db: Db): Promise<number> {
  const everyone = await db.select({ id: user.id, name: user.name, nameKey: user.nameKey }).from(user).orderBy(asc(user.createdAt), asc(user.id));
  const wrong = everyone.filter((u) => u.nameKey !== personNameKey(u.name));
  // First free the keys that no longer match their names, then give each keyless account its own if nobody holds it.
  for (const u of wrong) if (u.nameKey !== null) await db.update(user).set({ nameKey: null }).where(eq(user.id, u.id));
  let filled = 0;
  for (const u of wrong) {
    const key = personNameKey(u.name);
    try {
      filled += await rawRun(db, sql`UPDATE ${user} SET name_key = ${key} WHERE id = ${u.id} AND NOT EXISTS (SELECT 1 FROM ${user} o WHERE o.name_key = ${key})`);
    } catch (e) {
      // Another instance starting at the same moment gave the name to someone else first.
      if (!isUniqueViolation(e, 'name_key')) throw e;
    }
  }
  return filled;
}

/** A rename is an identity event: who was called what, and when. */
export async function recordRename(tx: Executor, person: Viewer, from: string, to: string): Promise<void> {
  await appendEvent(tx, { actor: person, type: 'user.renamed', data: { userId: person.id, from, to } });
}

/**
 * Who may change someone's function: organisation admins (and the CLI), for anyone but themselves.
 * A function is organisation-wide — it decides whose reviews count as cross-functional on every
 * team — so a team admin has no say: adding someone to a team needs no consent, and an author who
 * administers a team could otherwise relabel a teammate, collect their "cross-functional" approval
 * and relabel them back. Returns why not.
 */
export function whyCannotSetFunction(viewer: Viewer, target: Viewer): string | null {
  if (isSystem(viewer)) return null;
  // Organisation admins too: an author who could relabel themselves could make a same-function peer's approval count.
  if (viewer.id === target.id) return 'Your function is set by an admin: reviews count as cross-functional by it, so nobody chooses their own (another organisation admin, or the command line, can change it)';
  if (!viewer.isOrgAdmin) return 'Only organisation admins set a person’s function: it decides whose reviews count as cross-functional on every team';
  return null;
}

/** The people who act as organisation admins now: the flag, and not deactivated. */
export const activeOrgAdmin = and(eq(user.isOrgAdmin, true), isNull(user.deactivatedAt));

export async function countOrgAdmins(db: Executor): Promise<number> {
  return (await first(db.select({ n: sql<number>`count(*)` }).from(user).where(activeOrgAdmin)))?.n ?? 0;
}

/**
 * Change someone's function and/or org-admin flag. Each change is an event
 * (no decision) so the log shows who made whom a data scientist, and when.
 */
export async function setUserRoles(db: Db, viewer: Viewer, targetId: string, input: unknown): Promise<Viewer> {
  const target = await getUserById(db, targetId);
  if (!target) throw new AppError('not_found', 'There is no such person');
  const data = parseOrThrow(setUserRolesSchema, input);
  if (data.function === undefined && data.orgAdmin === undefined) throw new AppError('invalid', 'Send a function, orgAdmin, or both');
  const orgWide = viewer.isOrgAdmin || isSystem(viewer);
  if (data.orgAdmin !== undefined && !orgWide) {
    throw new AppError('forbidden', 'Only organisation admins can make someone an organisation admin or remove it');
  }
  // Only a change is judged: the People form sends everyone's function, one's own unchanged included.
  const relabel = data.function !== undefined && data.function !== target.function;
  const refusal = relabel ? whyCannotSetFunction(viewer, target) : null;
  if (refusal) throw new AppError('forbidden', refusal);
  // An org admin who saves someone's unconfirmed function as it is confirms it (open sign-up; single sign-on without a claim).
  const unconfirmed = !(await first(db.select({ confirmed: user.functionConfirmed }).from(user).where(eq(user.id, target.id))))?.confirmed;
  const confirm = data.function !== undefined && !relabel && unconfirmed && whyCannotSetFunction(viewer, target) === null;
  const at = currentTime();
  await db.transaction(async (tx) => {
    if (data.orgAdmin === false && target.isOrgAdmin) await lockOrgAdmins(tx);
    if (data.orgAdmin !== undefined || relabel || confirm) await assertStillOrgAdmin(tx, viewer);
    if (relabel) {
      await tx.update(user).set({ function: data.function, functionConfirmed: true, updatedAt: new Date(at) }).where(eq(user.id, target.id));
      await appendEvent(tx, { actor: viewer, type: 'user.function-changed', data: { userId: target.id, from: target.function, to: data.function }, at });
    }
    if (confirm) {
      await tx.update(user).set({ functionConfirmed: true, updatedAt: new Date(at) }).where(eq(user.id, target.id));
      await appendEvent(tx, { actor: viewer, type: 'user.function-confirmed', data: { userId: target.id, function: target.function }, at });
    }
    if (data.orgAdmin !== undefined && data.orgAdmin !== target.isOrgAdmin) {
      if (!data.orgAdmin && target.isOrgAdmin && (await countOrgAdmins(tx)) <= 1) {
        throw new AppError(
          'conflict',
          target.id === viewer.id
            ? 'You are the last organisation admin: make someone else an org admin first, or nobody could create teams, invite people or assign functions'
            : `${target.name} is the last organisation admin: make someone else an org admin first`,
          { issues: [{ path: 'orgAdmin', message: 'The organisation needs at least one admin' }] },
        );
      }
      await tx.update(user).set({ isOrgAdmin: data.orgAdmin, updatedAt: new Date(at) }).where(eq(user.id, target.id));
      const invitesRevoked = data.orgAdmin ? 0 : await revokePendingInvites(tx, target.id, at);
      await appendEvent(tx, { actor: viewer, type: 'user.org-admin-changed', data: { userId: target.id, from: target.isOrgAdmin, to: data.orgAdmin, ...(invitesRevoked ? { invitesRevoked } : {}) }, at });
    }
  });
  return (await getUserById(db, target.id))!;
}

/**
 * An invite grants what its maker could grant, so it works only while they could still make it: when
 * an org admin steps down or is deactivated, the invites they made and nobody has used are revoked.
 * (claimInvite checks the same at the moment of use.)
 */
async function revokePendingInvites(tx: Executor, creatorId: string, at: number): Promise<number> {
  const revoked = await tx
    .update(invites)
    .set({ revokedAt: at })
    .where(and(eq(invites.createdBy, creatorId), isNull(invites.acceptedAt), isNull(invites.revokedAt)))
    .returning({ id: invites.id });
  return revoked.length;
}

/**
 * Inside a write that needs organisation-admin rights: the actor still has them (an org admin deactivated
 * or stepped down by a change that landed first no longer acts as one). The command line always may.
 */
async function assertStillOrgAdmin(tx: Executor, viewer: Viewer): Promise<void> {
  if (isSystem(viewer)) return;
  const still = await first(tx.select({ id: user.id }).from(user).where(and(eq(user.id, viewer.id), activeOrgAdmin)));
  if (!still) throw new AppError('forbidden', 'You are no longer an organisation admin');
}

/** Whether the account is deactivated (false for an unknown id). */
export async function isDeactivated(db: Executor, userId: string): Promise<boolean> {
  const row = await first(db.select({ at: user.deactivatedAt }).from(user).where(eq(user.id, userId)));
  return row?.at !== null && row?.at !== undefined;
}

/** Refuse to give a deactivated person a part (reviewer, co-author, member, metric owner); `path` names the field. */
export async function refuseDeactivated(db: Executor, person: { id: string; name: string }, path: string): Promise<void> {
  if (await isDeactivated(db, person.id)) {
    throw new AppError('invalid', `${person.name}’s account is deactivated: choose someone who still works here`, { issues: [{ path, message: 'This account is deactivated' }] });
  }
}

/**
 * Deactivate someone who left (or bring them back). Org admins only, never themselves, never the
 * last active org admin. Deactivating signs them out everywhere at once (their sessions are
 * deleted), revokes every API and feed token, closes the reviews asked of them by name and mails
 * them nothing more (no new notifications, none pending); they
 * can't sign in, by password or SSO, until reactivated. What they wrote, reviewed and objected to
 * stays on every record. Someone who owns catalogue metrics is refused until the metrics are
 * handed over: citing a metric makes its owner a required reviewer, who would never come.
 */
export async function setUserActive(db: Db, viewer: Viewer, targetId: string, input: unknown): Promise<{ active: boolean; tokensRevoked: number; sessionsEnded: number; invitesRevoked: number }> {
  if (!viewer.isOrgAdmin && !isSystem(viewer)) throw new AppError('forbidden', 'Only organisation admins can deactivate or reactivate people');
  const { active } = parseOrThrow(setUserActiveSchema, input);
  const target = await getUserById(db, targetId);
  if (!target) throw new AppError('not_found', 'There is no such person');
  if (target.id === viewer.id) throw new AppError('conflict', 'You can’t deactivate yourself: another organisation admin can');
  const at = currentTime();
  return db.transaction(async (tx) => {
    if (!active && target.isOrgAdmin) await lockOrgAdmins(tx);
    await assertStillOrgAdmin(tx, viewer);
    const wasActive = !(await isDeactivated(tx, target.id));
    if (active === wasActive) return { active, tokensRevoked: 0, sessionsEnded: 0, invitesRevoked: 0 };
    if (active) {
      await tx.update(user).set({ deactivatedAt: null, updatedAt: new Date(at) }).where(eq(user.id, target.id));
      await appendEvent(tx, { actor: viewer, type: 'user.reactivated', data: { userId: target.id }, at });
      return { active, tokensRevoked: 0, sessionsEnded: 0, invitesRevoked: 0 };
    }
    if (target.isOrgAdmin && (await countOrgAdmins(tx)) <= 1) {
      throw new AppError('conflict', `${target.name} is the last organisation admin: make someone else an org admin first`);
    }
    const owned = await tx.select({ name: metrics.name }).from(metrics).where(eq(metrics.ownerId, target.id)).orderBy(asc(metrics.name));
    if (owned.length) {
      const names = owned.map((m) => m.name);
      throw new AppError(
        'conflict',
        `${target.name} owns ${names.length === 1 ? 'the metric' : `${names.length} metrics`} (${names.slice(0, 5).join(', ')}${names.length > 5 ? ', …' : ''}): hand ${names.length === 1 ? 'it' : 'them'} to someone else first on the Metrics page, since every decision citing a metric waits for its owner’s review`,
      );
    }
    await tx.update(user).set({ deactivatedAt: at, updatedAt: new Date(at) }).where(eq(user.id, target.id));
    const sessionsEnded = (await tx.delete(session).where(eq(session.userId, target.id)).returning({ id: session.id })).length;
    const tokensRevoked = (await tx.update(apiTokens).set({ revokedAt: at }).where(and(eq(apiTokens.userId, target.id), isNull(apiTokens.revokedAt))).returning({ id: apiTokens.id })).length;
    const invitesRevoked = await revokePendingInvites(tx, target.id, at);
    await tx.update(reviewRequests).set({ open: false }).where(and(eq(reviewRequests.userId, target.id), eq(reviewRequests.open, true)));
    // Nothing more is mailed to them: what was waiting is marked handled (so not mailed if they come back either; it stays in their inbox).
    await tx.update(notifications).set({ emailedAt: at }).where(and(eq(notifications.userId, target.id), isNull(notifications.emailedAt)));
    await appendEvent(tx, { actor: viewer, type: 'user.deactivated', data: { userId: target.id, sessionsEnded, tokensRevoked, invitesRevoked }, at });
    return { active, tokensRevoked, sessionsEnded, invitesRevoked };
  });
}

/** `functionConfirmed`: false while nobody trusted decided the function (open sign-up; SSO without a claim). */
export type Person = Viewer & { active: boolean; functionConfirmed: boolean; createdAt: string; teams: { slug: string; name: string; role: TeamRole }[] };

/** The People page and GET /api/v1/users: everyone, by name, keyset-paginated on (name, id). Org admins only. */
export async function listPeople(db: Db, viewer: Viewer, input: z.input<typeof listPeopleQuerySchema> = {}): Promise<Page<Person>> {
  if (!viewer.isOrgAdmin && !isSystem(viewer)) throw new AppError('forbidden', 'Only organisation admins can list and manage people');
  const { limit, ...parsed } = parseOrThrow(listPeopleQuerySchema, input);
  const cursor = decodeCursor(parsed.cursor, ['string', 'string'] as const);
  const q = likeText(parsed.q ?? '');
  const rows = await db
    .select({ ...viewerColumns, functionConfirmed: user.functionConfirmed, createdAt: user.createdAt, deactivatedAt: user.deactivatedAt })
    .from(user)
    .where(
      and(
        q ? or(like(sql`lower(${user.email})`, `%${q}%`), like(sql`lower(${user.name})`, `%${q}%`)) : undefined,
        cursor ? or(gt(user.name, cursor[0]), and(eq(user.name, cursor[0]), gt(user.id, cursor[1]))) : undefined,
      ),
    )
    .orderBy(asc(user.name), asc(user.id))
    .limit(limit + 1);
  const ids = rows.map((r) => r.id);
  const memberships = ids.length
    ? await db
        .select({ userId: teamMembers.userId, slug: teams.slug, name: teams.name, role: teamMembers.role })
        .from(teamMembers)
        .innerJoin(teams, eq(teams.id, teamMembers.teamId))
        .where(inArray(teamMembers.userId, ids))
        .orderBy(asc(teams.name))
    : [];
  return toPage(
    rows,
    limit,
    (r) => [r.name, r.id],
    ({ deactivatedAt, functionConfirmed, ...r }) => ({
      ...toViewer(r),
      active: deactivatedAt === null,
      functionConfirmed,
      createdAt: r.createdAt.toISOString(),
      teams: memberships.filter((m) => m.userId === r.id).map((m) => ({ slug: m.slug, name: m.name, role: m.role })),
    }),
  );
}

/** People to suggest in pickers (metric owner, reviewers), by name or email prefix. */
export async function searchUsers(db: Db, input: { q?: string; limit?: number }): Promise<Viewer[]> {
  const q = likeText(input.q ?? '');
  const limit = Math.min(Math.max(input.limit ?? 50, 1), 200);
  const rows = await db
    .select(viewerColumns)
    .from(user)
    .where(and(isNull(user.deactivatedAt), q ? or(like(sql`lower(${user.email})`, `${q}%`), like(sql`lower(${user.name})`, `%${q}%`)) : undefined))
    .orderBy(asc(user.name), asc(user.id))
    .limit(limit);
  return rows.map(toViewer);
}

export async function countUsers(db: Db): Promise<number> {
  return (await first(db.select({ n: sql<number>`count(*)` }).from(user)))?.n ?? 0;
}

/**
 * Create an account with a password directly (CLI and demo seed). It writes the
 * same rows better-auth's sign-up writes, hashed with better-auth's own hasher.
 * `passwordHash` lets bulk generators hash once and reuse it.
 */
export async function createUserWithPassword(
  db: Db,
  input: unknown,
  opts: { passwordHash?: string } = {},
): Promise<Viewer> {
  const data = parseOrThrow(createUserSchema, input);
  if (await getUserByEmail(db, data.email)) {
    throw new AppError('conflict', `There is already an account for ${data.email}`);
  }
  const hash = opts.passwordHash ?? (await hashPassword(data.password));
  const id = randomUUID();
  const now = new Date();
  await db.transaction(async (tx) => {
    await tx
      .insert(user)
      .values({
        id,
        name: data.name,
        nameKey: personNameKey(data.name),
        email: data.email,
        emailVerified: false,
        function: data.function,
        isOrgAdmin: data.orgAdmin,
        createdAt: now,
        updatedAt: now,
      });
    await tx
      .insert(account)
      .values({ id: randomUUID(), accountId: id, providerId: 'credential', userId: id, password: hash, createdAt: now, updatedAt: now });
  }).catch((e: unknown) => asNameRefusal(db, e, data.name, null));
  if (!data.orgAdmin) await promoteFirstOrgAdmin(db, id);
  return (await getUserById(db, id))!;
}

export async function setOrgAdmin(db: Db, userId: string, isOrgAdmin: boolean): Promise<void> {
  await db.update(user).set({ isOrgAdmin }).where(and(eq(user.id, userId)));
}
