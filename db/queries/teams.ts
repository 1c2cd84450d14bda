import { now as currentTime } from '@/lib/clock';
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { AppError, parseOrThrow } from '@/lib/errors';
import { type TeamRole, type UserFunction } from '@/lib/validation/common';
import { addMemberSchema, createTeamSchema, setMemberRoleSchema } from '@/lib/validation/team';
import { first, type Db, type Executor } from '../client';
import { lockTeam } from './locks';
import { decisionAuthors, decisions, teamMembers, teams, user } from '../schema';
import { appendEvent } from './events';
import { getUserByEmail, isSystem, refuseDeactivated, type Viewer } from './users';

export type TeamSummary = { id: number; slug: string; name: string; memberCount: number; viewerRole: TeamRole | null };
/** `active`: false once an organisation admin deactivated the account (they stay listed, and can't be given new parts). */
export type TeamMember = { userId: string; name: string; email: string; function: UserFunction; role: TeamRole; active: boolean };

export async function getTeamBySlug(db: Db, slug: string): Promise<{ id: number; slug: string; name: string; policy: string } | null> {
  return (await first(db.select({ id: teams.id, slug: teams.slug, name: teams.name, policy: teams.policy }).from(teams).where(eq(teams.slug, slug.trim().toLowerCase())))) ?? null;
}

export async function requireTeam(db: Db, slug: string) {
  const team = await getTeamBySlug(db, slug);
  if (!team) throw new AppError('not_found', `There is no team "${slug}"`);
  return team;
}

export async function getTeamRole(db: Executor, teamId: number, userId: string): Promise<TeamRole | null> {
  const row = await first(
    db
      .select({ role: teamMembers.role })
      .from(teamMembers)
      .where(and(eq(teamMembers.teamId, teamId), eq(teamMembers.userId, userId))),
  );
  return row?.role ?? null;
}

/** Team admins manage their team; org admins may manage any team. */
export async function canAdministerTeam(db: Executor, viewer: Viewer, teamId: number): Promise<boolean> {
  return viewer.isOrgAdmin || (await getTeamRole(db, teamId, viewer.id)) === 'admin';
}

export async function listTeams(db: Db, viewer: Viewer): Promise<TeamSummary[]> {
  // Teams are few (tens); one grouped query with the viewer's role.
  const rows = await db
    .select({
      id: teams.id,
      slug: teams.slug,
      name: teams.name,
      memberCount: sql<number>`(SELECT count(*) FROM ${teamMembers} WHERE ${teamMembers.teamId} = ${teams.id})`,
      viewerRole: sql<TeamRole | null>`(SELECT role FROM ${teamMembers} WHERE ${teamMembers.teamId} = ${teams.id} AND ${teamMembers.userId} = ${viewer.id})`,
    })
    .from(teams)
    .orderBy(asc(teams.name));
  return rows;
}

export async function listViewerTeams(db: Db, userId: string): Promise<{ id: number; slug: string; name: string; role: TeamRole }[]> {
  return db
    .select({ id: teams.id, slug: teams.slug, name: teams.name, role: teamMembers.role })
    .from(teamMembers)
    .innerJoin(teams, eq(teams.id, teamMembers.teamId))
    .where(eq(teamMembers.userId, userId))
    .orderBy(asc(teams.name));
}

export async function createTeam(db: Db, viewer: Viewer, input: unknown): Promise<{ id: number; slug: string; name: string }> {
  if (!viewer.isOrgAdmin) throw new AppError('forbidden', 'Only an organisation admin can create teams');
  const data = parseOrThrow(createTeamSchema, input);
  if (await getTeamBySlug(db, data.slug)) {
    throw new AppError('conflict', `The slug "${data.slug}" is taken by another team`, { issues: [{ path: 'slug', message: 'This slug is taken' }] });
  }
  const now = currentTime();
  return db.transaction(async (tx) => {
    const [team] = await tx.insert(teams).values({ slug: data.slug, name: data.name, createdAt: now }).returning({ id: teams.id, slug: teams.slug, name: teams.name });
    // Whoever creates a team starts as its admin (the CLI is not a person and adds admins explicitly).
    if (!isSystem(viewer)) await tx.insert(teamMembers).values({ teamId: team!.id, userId: viewer.id, role: 'admin', createdAt: now });
    return team!;
  });
}

export async function listMembers(db: Db, teamId: number): Promise<TeamMember[]> {
  const rows = await db
    .select({ userId: user.id, name: user.name, email: user.email, function: user.function, role: teamMembers.role, deactivatedAt: user.deactivatedAt })
    .from(teamMembers)
    .innerJoin(user, eq(user.id, teamMembers.userId))
    .where(eq(teamMembers.teamId, teamId))
    .orderBy(asc(user.name));
  return rows.map(({ deactivatedAt, ...m }) => ({ ...m, function: m.function as UserFunction, active: deactivatedAt === null }));
}

export async function addMember(db: Db, viewer: Viewer, teamSlug: string, input: unknown): Promise<TeamMember> {
  const team = await requireTeam(db, teamSlug);
  if (!(await canAdministerTeam(db, viewer, team.id))) throw new AppError('forbidden', `Only an admin of ${team.name} can add members`);
  const data = parseOrThrow(addMemberSchema, input);
  const member = await getUserByEmail(db, data.email);
  if (!member) {
    throw new AppError('not_found', `No one has an account with ${data.email} yet: ask them to sign up first`, { issues: [{ path: 'email', message: 'No account with this email' }] });
  }
  await refuseDeactivated(db, member, 'email');
  const existing = await getTeamRole(db, team.id, member.id);
  if (existing) {
    const role = existing === 'admin' ? 'an admin' : 'a member';
    throw new AppError('conflict', `${member.name} is already ${role} of ${team.name}`, { issues: [{ path: 'email', message: `Already ${role} of this team` }] });
  }
  await db.insert(teamMembers).values({ teamId: team.id, userId: member.id, role: data.role, createdAt: currentTime() });
  return { userId: member.id, name: member.name, email: member.email, function: member.function, role: data.role, active: true };
}

export async function setMemberRole(db: Db, viewer: Viewer, teamSlug: string, input: unknown): Promise<void> {
  const team = await requireTeam(db, teamSlug);
  if (!(await canAdministerTeam(db, viewer, team.id))) throw new AppError('forbidden', `Only an admin of ${team.name} can change roles`);
  const data = parseOrThrow(setMemberRoleSchema, input);
  // The role before, and the rules on it, are read inside the write, after any change to the team that landed first.
  await db.transaction(async (tx) => {
    await lockTeam(tx, team.id);
    if (!(await canAdministerTeam(tx, viewer, team.id))) throw new AppError('forbidden', `Only an admin of ${team.name} can change roles`);
    const before = await getTeamRole(tx, team.id, data.userId);
    if (!before) throw new AppError('not_found', 'That person is not a member of this team');
    if (before === data.role) return;
    if (before === 'admin') assertMayUnseatAdmin(viewer, team.name, data.userId, 'demote');
    await assertNotLastAdmin(tx, team.id, data.userId, data.role === 'admin');
    await tx.update(teamMembers).set({ role: data.role }).where(and(eq(teamMembers.teamId, team.id), eq(teamMembers.userId, data.userId)));
    await appendEvent(tx, { teamId: team.id, actor: viewer, type: 'team.role-changed', data: { userId: data.userId, from: before, to: data.role } });
  });
}

/**
 * Only an organisation admin takes a team admin's role away (or the admin themselves, stepping down),
 * so a co-admin can't be unseated by another. (Functions are set by organisation admins alone:
 * db/queries/users.ts.)
 */
function assertMayUnseatAdmin(viewer: Viewer, teamName: string, userId: string, what: 'demote' | 'remove'): void {
  if (viewer.isOrgAdmin || isSystem(viewer) || viewer.id === userId) return;
  throw new AppError('forbidden', `Only an organisation admin can ${what} another admin of ${teamName}; an admin can step down themselves`);
}

export async function removeMember(db: Db, viewer: Viewer, teamSlug: string, userId: string): Promise<void> {
  const team = await requireTeam(db, teamSlug);
  if (!(await canAdministerTeam(db, viewer, team.id))) throw new AppError('forbidden', `Only an admin of ${team.name} can remove members`);
  await db.transaction(async (tx) => {
    await lockTeam(tx, team.id);
    if (!(await canAdministerTeam(tx, viewer, team.id))) throw new AppError('forbidden', `Only an admin of ${team.name} can remove members`);
    const before = await getTeamRole(tx, team.id, userId);
    if (before === 'admin') assertMayUnseatAdmin(viewer, team.name, userId, 'remove');
    await assertNotLastAdmin(tx, team.id, userId, false);
    if (before) await assertLeavesNoDraftStranded(tx, team, userId);
    const gone = await tx.delete(teamMembers).where(and(eq(teamMembers.teamId, team.id), eq(teamMembers.userId, userId))).returning({ userId: teamMembers.userId });
    if (gone.length) await appendEvent(tx, { teamId: team.id, actor: viewer, type: 'team.member-removed', data: { userId, role: before } });
  });
}

/**
 * The open decisions (drafts, in review) of the team that `userId` is the only author still in the team of:
 * removing them from the team, or from the decision's authors, would leave it with nobody to edit, circulate
 * or publish it (an author's rights last only while they belong to its team: lib/permissions.ts). At most 6,
 * oldest first; `decisionId` asks about that one decision.
 */
export async function strandedWithout(tx: Executor, input: { teamId: number; userId: string; decisionId?: number }): Promise<{ id: number; title: string }[]> {
  const { teamId, userId } = input;
  return tx
    .select({ id: decisions.id, title: decisions.title })
    .from(decisionAuthors)
    .innerJoin(decisions, eq(decisions.id, decisionAuthors.decisionId))
    .innerJoin(teamMembers, and(eq(teamMembers.teamId, teamId), eq(teamMembers.userId, userId)))
    .where(
      and(
        eq(decisionAuthors.userId, userId),
        eq(decisions.teamId, teamId),
        input.decisionId === undefined ? undefined : eq(decisions.id, input.decisionId),
        inArray(decisions.status, ['draft', 'in-review']),
        sql`NOT EXISTS (SELECT 1 FROM ${decisionAuthors} co INNER JOIN ${teamMembers} m ON m.user_id = co.user_id AND m.team_id = ${teamId}
                        WHERE co.decision_id = ${decisions.id} AND co.user_id <> ${userId})`,
      ),
    )
    .orderBy(asc(decisions.id))
    .limit(6);
}

/** Removing a member who is the last author in the team of open decisions is refused, naming them: add a co-author or withdraw. */
async function assertLeavesNoDraftStranded(tx: Executor, team: { id: number; name: string }, userId: string): Promise<void> {
  const stranded = await strandedWithout(tx, { teamId: team.id, userId });
  if (stranded.length === 0) return;
  const name = (await first(tx.select({ name: user.name }).from(user).where(eq(user.id, userId))))?.name ?? 'This person';
  const listed = stranded.slice(0, 5).map((d) => `“${d.title}” (#${d.id})`);
  throw new AppError(
    'conflict',
    stranded.length === 1
      ? `${name} is the only author of ${listed[0]}: add a co-author or withdraw it first`
      : `${name} is the only author of ${listed.join(', ')}${stranded.length > 5 ? ', …' : ''}: add a co-author to each or withdraw them first`,
  );
}

async function assertNotLastAdmin(db: Executor, teamId: number, userId: string, staysAdmin: boolean) {
  if (staysAdmin) return;
  const admins = await db
    .select({ userId: teamMembers.userId })
    .from(teamMembers)
    .where(and(eq(teamMembers.teamId, teamId), eq(teamMembers.role, 'admin')));
  if (admins.length === 1 && admins[0]?.userId === userId) {
    throw new AppError('conflict', 'A team needs at least one admin: make someone else an admin first');
  }
}
