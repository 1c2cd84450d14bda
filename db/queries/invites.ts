import type { z } from 'zod';
import { and, desc, eq, inArray, isNull, lt, or, gt, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import { createHash, randomBytes } from 'node:crypto';
import { now as currentTime } from '@/lib/clock';
import { AppError, parseOrThrow } from '@/lib/errors';
import { decodeCursor, toPage, type Page } from '@/lib/pagination';
import type { UserFunction } from '@/lib/validation/common';
import { createInviteSchema, listInvitesQuerySchema } from '@/lib/validation/user';
import { first, type Db, type Executor } from '../client';
import { invites, teamMembers, teams, user } from '../schema';
import { appendEvent } from './events';
import { activeOrgAdmin, countUsers, getUserByEmail, getUserById, isSystem, type Viewer } from './users';

/*
 * Invite links. Sign-up is invite-only unless CANDOR_OPEN_SIGNUP=1: an org admin
 * decides the newcomer's function (and optionally team, org admin, email) when
 * inviting. The token is shown once; only its sha256 is stored. Accepting is one
 * conditional UPDATE, so a link is used at most once even under concurrent sign-ups.
 */

export type InviteStatus = 'pending' | 'accepted' | 'expired' | 'revoked';

export type InviteSummary = {
  id: number;
  email: string | null;
  function: UserFunction;
  orgAdmin: boolean;
  team: { slug: string; name: string } | null;
  createdBy: { name: string } | null;
  createdAt: string;
  expiresAt: string;
  status: InviteStatus;
  acceptedBy: { name: string; email: string } | null;
  acceptedAt: string | null;
  revokedAt: string | null;
};

const DAY_MS = 24 * 3600 * 1000;

export function hashInviteToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** How people join: the first account bootstraps the organisation; otherwise an invite, unless sign-up is open. */
export async function signUpMode(db: Db): Promise<'bootstrap' | 'open' | 'invite'> {
  if ((await countUsers(db)) === 0) return 'bootstrap';
  return process.env.CANDOR_OPEN_SIGNUP === '1' ? 'open' : 'invite';
}

function requireOrgAdmin(viewer: Viewer) {
  if (!viewer.isOrgAdmin && !isSystem(viewer)) throw new AppError('forbidden', 'Only organisation admins can invite people or manage invites');
}

/** An invite grants what its maker could grant: it works only while they are an active org admin. */
const makerCanInvite = (db: Executor) => inArray(invites.createdBy, db.select({ id: user.id }).from(user).where(activeOrgAdmin));

/** An invite whose maker is no longer an active org admin counts as revoked (claimInvite refuses it; see revokePendingInvites). */
function statusOf(r: { acceptedAt: number | null; revokedAt: number | null; expiresAt: number; makerCanInvite: boolean }, at: number): InviteStatus {
  if (r.acceptedAt !== null) return 'accepted';
  if (r.revokedAt !== null || !r.makerCanInvite) return 'revoked';
  if (r.expiresAt <= at) return 'expired';
  return 'pending';
}

const creator = alias(user, 'creator');
const acceptor = alias(user, 'acceptor');

function selectInvites(db: Db) {
  return db
    .select({
      id: invites.id,
      email: invites.email,
      function: invites.function,
      orgAdmin: invites.orgAdmin,
      teamSlug: teams.slug,
      teamName: teams.name,
      creatorName: creator.name,
      makerCanInvite: sql<boolean>`${makerCanInvite(db)}`.mapWith(Boolean),
      createdAt: invites.createdAt,
      expiresAt: invites.expiresAt,
      acceptedAt: invites.acceptedAt,
      acceptedByName: acceptor.name,
      acceptedByEmail: acceptor.email,
      revokedAt: invites.revokedAt,
    })
    .from(invites)
    .leftJoin(teams, eq(teams.id, invites.teamId))
    .leftJoin(creator, eq(creator.id, invites.createdBy))
    .leftJoin(acceptor, eq(acceptor.id, invites.acceptedBy));
}

type Row = Awaited<ReturnType<typeof selectInvites>>[number];

function toSummary(r: Row, at: number): InviteSummary {
  const iso = (n: number | null) => (n === null ? null : new Date(n).toISOString());
  return {
    id: r.id,
    email: r.email,
    function: r.function as UserFunction,
    orgAdmin: r.orgAdmin,
    team: r.teamSlug && r.teamName ? { slug: r.teamSlug, name: r.teamName } : null,
    createdBy: r.creatorName ? { name: r.creatorName } : null,
    createdAt: iso(r.createdAt)!,
    expiresAt: iso(r.expiresAt)!,
    status: statusOf(r, at),
    acceptedBy: r.acceptedByName && r.acceptedByEmail ? { name: r.acceptedByName, email: r.acceptedByEmail } : null,
    acceptedAt: iso(r.acceptedAt),
    revokedAt: iso(r.revokedAt),
  };
}

async function getInvite(db: Db, id: number): Promise<InviteSummary | null> {
  const row = await first(selectInvites(db).where(eq(invites.id, id)));
  return row ? toSummary(row, currentTime()) : null;
}

/** Create an invite; the token is returned once and never stored. */
export async function createInvite(db: Db, viewer: Viewer, input: unknown): Promise<{ token: string; invite: InviteSummary }> {
  requireOrgAdmin(viewer);
  const data = parseOrThrow(createInviteSchema, input);
  let teamId: number | null = null;
  if (data.team) {
    const team = await first(db.select({ id: teams.id }).from(teams).where(eq(teams.slug, data.team)));
    if (!team) throw new AppError('invalid', `There is no team "${data.team}"`, { issues: [{ path: 'team', message: 'No team with this slug' }] });
    teamId = team.id;
  }
  if (data.email && (await getUserByEmail(db, data.email))) {
    throw new AppError('conflict', `${data.email} already has an account`, { issues: [{ path: 'email', message: 'This person already has an account: set their function on the People page' }] });
  }
  const token = `inv_${randomBytes(24).toString('base64url')}`;
  const at = currentTime();
  const id = await db.transaction(async (tx) => {
    const [row] = await tx
      .insert(invites)
      .values({
        tokenHash: hashInviteToken(token),
        email: data.email ?? null,
        function: data.function,
        orgAdmin: data.orgAdmin,
        teamId,
        // The CLI acts as the organisation; its invites are made in the name of the longest-standing active org admin.
        createdBy: isSystem(viewer) ? await firstOrgAdminId(tx) : viewer.id,
        createdAt: at,
        expiresAt: at + data.expiresInDays * DAY_MS,
      })
      .returning({ id: invites.id });
    await appendEvent(tx, { actor: viewer, type: 'invite.created', data: { inviteId: row!.id, function: data.function, email: data.email ?? null, team: data.team ?? null, orgAdmin: data.orgAdmin }, at });
    return row!.id;
  });
  return { token, invite: (await getInvite(db, id))! };
}

async function firstOrgAdminId(db: Executor): Promise<string> {
  const row = await first(db.select({ id: user.id }).from(user).where(activeOrgAdmin).orderBy(user.createdAt).limit(1));
  if (!row) throw new AppError('conflict', 'Create an organisation admin first (the first account to sign up becomes one)');
  return row.id;
}

/** Every invite, newest first, with its status. Org admins only. */
export async function listInvites(db: Db, viewer: Viewer, input: z.input<typeof listInvitesQuerySchema> = {}): Promise<Page<InviteSummary>> {
  requireOrgAdmin(viewer);
  const { limit, ...parsed } = parseOrThrow(listInvitesQuerySchema, input);
  const cursor = decodeCursor(parsed.cursor, ['number', 'number'] as const);
  const rows = await selectInvites(db)
    .where(cursor ? or(lt(invites.createdAt, cursor[0]), and(eq(invites.createdAt, cursor[0]), lt(invites.id, cursor[1]))) : undefined)
    .orderBy(desc(invites.createdAt), desc(invites.id))
    .limit(limit + 1);
  const at = currentTime();
  return toPage(rows, limit, (r) => [r.createdAt, r.id], (r) => toSummary(r, at));
}

/** Revoke a pending invite: its link stops working. An accepted invite cannot be revoked (set the person's function instead). */
export async function revokeInvite(db: Db, viewer: Viewer, id: number): Promise<InviteSummary> {
  requireOrgAdmin(viewer);
  const existing = await getInvite(db, id);
  if (!existing) throw new AppError('not_found', 'There is no such invite');
  if (existing.status === 'accepted') throw new AppError('conflict', `This invite was already accepted by ${existing.acceptedBy?.name ?? 'someone'}; change their function or org admin on the People page instead`);
  if (existing.status === 'revoked') return existing;
  const at = currentTime();
  await db.transaction(async (tx) => {
    await tx.update(invites).set({ revokedAt: at }).where(and(eq(invites.id, id), isNull(invites.acceptedAt), isNull(invites.revokedAt)));
    await appendEvent(tx, { actor: viewer, type: 'invite.revoked', data: { inviteId: id }, at });
  });
  return (await getInvite(db, id))!;
}

export type InvitePreview = { status: InviteStatus; email: string | null; function: UserFunction; orgAdmin: boolean; team: { slug: string; name: string } | null };

/** What the sign-up page shows for an invite link (nothing secret: the holder of the token is the invitee). */
export async function previewInvite(db: Db, token: string | undefined): Promise<InvitePreview | null> {
  if (!token) return null;
  const row = await first(selectInvites(db).where(eq(invites.tokenHash, hashInviteToken(token))));
  if (!row) return null;
  const s = toSummary(row, currentTime());
  return { status: s.status, email: s.email, function: s.function, orgAdmin: s.orgAdmin, team: s.team };
}

export const INVITE_REQUIRED_MESSAGE = 'Candor is invite-only: ask an organisation admin for an invite link, then open it to create your account.';

/** Why a token cannot be used, in words for the person holding it. */
export function inviteRefusal(preview: InvitePreview | null, email?: string): string | null {
  if (!preview) return 'This invite link is not valid: check you copied all of it, or ask an organisation admin for a new one.';
  if (preview.status === 'accepted') return 'This invite link has already been used. Sign in instead, or ask an organisation admin for a new link.';
  if (preview.status === 'revoked') return 'This invite link was revoked. Ask an organisation admin for a new one.';
  if (preview.status === 'expired') return 'This invite link has expired. Ask an organisation admin for a new one.';
  if (preview.email && email !== undefined && preview.email !== email.trim().toLowerCase()) return `This invite is for ${preview.email}: sign up with that address, or ask for an invite for yours.`;
  return null;
}

/**
 * Whether a password sign-up may even be tried, checked before anything looks
 * up the email: an uninvited visitor learns nothing about who has an account.
 * (The user-create hook claims the invite atomically; this is the early answer.)
 */
export async function signUpRefusal(db: Db, input: { invite?: unknown; email?: unknown }): Promise<string | null> {
  const mode = await signUpMode(db);
  if (mode !== 'invite') return null;
  const token = typeof input.invite === 'string' && input.invite.trim() ? input.invite.trim() : undefined;
  if (!token) return INVITE_REQUIRED_MESSAGE;
  return inviteRefusal(await previewInvite(db, token), typeof input.email === 'string' ? input.email : undefined);
}

/**
 * Take an invite for a sign-up, atomically: one UPDATE that succeeds only while
 * the invite is pending and matches the email. Returns what the invite grants.
 */
export async function claimInvite(db: Db, token: string, email: string): Promise<{ id: number; function: UserFunction; orgAdmin: boolean; teamId: number | null }> {
  const at = currentTime();
  const normalized = email.trim().toLowerCase();
  const [row] = await db
    .update(invites)
    .set({ acceptedAt: at })
    .where(
      and(
        eq(invites.tokenHash, hashInviteToken(token)),
        isNull(invites.acceptedAt),
        isNull(invites.revokedAt),
        gt(invites.expiresAt, at),
        or(isNull(invites.email), eq(invites.email, normalized)),
        // Checked again at the moment of use (revokePendingInvites revokes them when the maker loses the right).
        makerCanInvite(db),
      ),
    )
    .returning({ id: invites.id, function: invites.function, orgAdmin: invites.orgAdmin, teamId: invites.teamId });
  if (!row) throw new AppError('forbidden', inviteRefusal(await previewInvite(db, token), normalized) ?? 'This invite link no longer works: ask an organisation admin for a new one.');
  return { ...row, function: row.function as UserFunction };
}

/**
 * A sign-up that claimed the invite and then failed to create its account (it lost a race for its name or email
 * to someone else's at the same moment) gives the invite back, so the person can try again. Only a claim no
 * account completed, and only while no account has that email: the request whose write failed is the one that
 * claimed it (claims come before the write), so nobody else's claim is undone.
 */
export async function releaseUnusedInvite(db: Db, token: string, email: string): Promise<boolean> {
  const normalized = email.trim().toLowerCase();
  const released = await db
    .update(invites)
    .set({ acceptedAt: null })
    .where(
      and(
        eq(invites.tokenHash, hashInviteToken(token)),
        sql`${invites.acceptedAt} IS NOT NULL`,
        isNull(invites.acceptedBy),
        sql`NOT EXISTS (SELECT 1 FROM ${user} WHERE ${user.email} = ${normalized})`,
      ),
    )
    .returning({ id: invites.id });
  return released.length > 0;
}

/** After the account exists: record who accepted, join the invite's team, and log it. */
export async function completeInvite(db: Db, token: string, userId: string): Promise<void> {
  const newcomer = await getUserById(db, userId);
  if (!newcomer) return;
  const at = currentTime();
  await db.transaction(async (tx) => {
    const [invite] = await tx
      .update(invites)
      .set({ acceptedBy: userId })
      .where(and(eq(invites.tokenHash, hashInviteToken(token)), sql`${invites.acceptedAt} IS NOT NULL`, isNull(invites.acceptedBy)))
      .returning({ id: invites.id, teamId: invites.teamId, function: invites.function, orgAdmin: invites.orgAdmin });
    if (!invite) return;
    if (invite.teamId !== null) await tx.insert(teamMembers).values({ teamId: invite.teamId, userId, role: 'member', createdAt: at }).onConflictDoNothing();
    await appendEvent(tx, { actor: newcomer, teamId: invite.teamId, type: 'invite.accepted', data: { inviteId: invite.id, userId, function: invite.function, orgAdmin: invite.orgAdmin }, at });
  });
}
