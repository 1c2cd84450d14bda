import { and, eq, or, sql } from 'drizzle-orm';
import { now as currentTime } from '@/lib/clock';
import { AppError, parseOrThrow } from '@/lib/errors';
import { linkTargetRule } from '@/lib/permissions';
import { RELATED_MAX, relateSchema } from '@/lib/validation/decision';
import type { DecisionStatus } from '@/lib/validation/common';
import { first, rawRows, type Db, type Executor } from '../client';
import { decisionLinks } from '../schema';
import { loadFacts } from './facts';
import { appendEvent } from './events';
import { requireDecisionRight } from './permissions';
import { getTeamRole } from './teams';
import type { Viewer } from './users';

/*
 * "Relates to" links between decisions, in any team and any status: they are
 * navigation ("see also"), not content, so even a published record can gain
 * one. Supersede links are set by publishing (db/queries/publish.ts).
 *
 * Who links: someone responsible for one decision (an author or an admin of its
 * team) and part of the other's (an author, or a member of its team), or an org
 * admin (lib/permissions.ts: `link` and linkTargetRule). So no one outside a
 * decision's team can fill its RELATED_MAX links with their own decisions; a
 * decision's own people can always remove a link.
 */

export type RelatedDecision = { id: number; title: string; status: DecisionStatus; team: string; teamName: string };

const pair = (a: number, b: number) => (a < b ? { lowId: a, highId: b } : { lowId: b, highId: a });

/** A decision's related decisions, oldest link first: two index lookups, bounded by RELATED_MAX. */
export async function listRelated(db: Executor, input: { id: number }): Promise<RelatedDecision[]> {
  return (
    await rawRows<{ id: number; title: string; status: DecisionStatus; team: string; team_name: string }>(
      db,
      sql`
      SELECT d.id, d.title, d.status, t.slug AS team, t.name AS team_name
      FROM (SELECT high_id AS other, created_at FROM decision_links WHERE low_id = ${input.id}
            UNION ALL
            SELECT low_id AS other, created_at FROM decision_links WHERE high_id = ${input.id}) l
      JOIN decisions d ON d.id = l.other
      JOIN teams t ON t.id = d.team_id
      ORDER BY l.created_at, d.id`,
    )
  ).map((r) => ({ id: r.id, title: r.title, status: r.status, team: r.team, teamName: r.team_name }));
}

/** How many decisions one relates to. */
export async function relatedCount(tx: Executor, id: number): Promise<number> {
  return (await first(tx.select({ n: sql<number>`count(*)` }).from(decisionLinks).where(or(eq(decisionLinks.lowId, id), eq(decisionLinks.highId, id)))))!.n;
}

/** Insert a link if it is new; true when it was. Used by the importer too. */
export async function insertLink(tx: Executor, a: number, b: number, by: Viewer | null, at: number): Promise<boolean> {
  if (a === b) return false;
  return (await tx.insert(decisionLinks).values({ ...pair(a, b), createdBy: by?.id ?? null, createdAt: at }).onConflictDoNothing().returning({ lowId: decisionLinks.lowId })).length === 1;
}

async function linkable(db: Db, viewer: Viewer, id: number) {
  const facts = await loadFacts(db, id);
  await requireDecisionRight(db, viewer, facts, 'link');
  return facts;
}

async function other(db: Executor, id: number) {
  try {
    return await loadFacts(db, id);
  } catch (e) {
    if (e instanceof AppError && e.code === 'not_found') throw new AppError('not_found', `There is no decision #${id}`, { issues: [{ path: 'relatesTo', message: `There is no decision #${id}` }] });
    throw e;
  }
}

export async function relateDecisions(db: Db, viewer: Viewer, input: { id: number } & Record<string, unknown>): Promise<RelatedDecision[]> {
  const { relatesTo } = parseOrThrow(relateSchema, { relatesTo: input.relatesTo });
  const facts = await linkable(db, viewer, input.id);
  if (relatesTo === facts.id) throw new AppError('invalid', 'A decision cannot relate to itself', { issues: [{ path: 'relatesTo', message: 'Choose another decision' }] });
  const target = await other(db, relatesTo);
  const member = (await getTeamRole(db, target.teamId, viewer.id)) !== null;
  const ruling = linkTargetRule({ id: target.id, teamName: target.teamName, author: target.authorIds.includes(viewer.id), member }, viewer.isOrgAdmin);
  if (!ruling.ok) throw new AppError(ruling.code, ruling.reason, { issues: [{ path: 'relatesTo', message: `Not a decision of a team you belong to` }] });
  const now = currentTime();
  await db.transaction(async (tx) => {
    for (const id of [facts.id, target.id]) {
      if ((await relatedCount(tx, id)) >= RELATED_MAX) throw new AppError('invalid', `Decision #${id} already relates to ${RELATED_MAX} others: remove one first`, { issues: [{ path: 'relatesTo', message: 'Too many related decisions' }] });
    }
    if (!(await insertLink(tx, facts.id, target.id, viewer, now))) {
      throw new AppError('conflict', `This decision already relates to #${target.id}`, { issues: [{ path: 'relatesTo', message: 'Already linked' }] });
    }
    await appendEvent(tx, { decisionId: facts.id, teamId: facts.teamId, actor: viewer, type: 'link.added', data: { other: target.id }, at: now });
    // Logged on the other decision too, without moving it up the feed: someone else's link is not its activity.
    await appendEvent(tx, { decisionId: target.id, teamId: target.teamId, actor: viewer, type: 'link.added', data: { other: facts.id }, at: now, touch: false });
  });
  return listRelated(db, { id: facts.id });
}

export async function unrelateDecisions(db: Db, viewer: Viewer, input: { id: number } & Record<string, unknown>): Promise<RelatedDecision[]> {
  const { relatesTo } = parseOrThrow(relateSchema, { relatesTo: input.relatesTo });
  const facts = await linkable(db, viewer, input.id);
  const target = await other(db, relatesTo);
  const { lowId, highId } = pair(facts.id, target.id);
  await db.transaction(async (tx) => {
    const res = await tx.delete(decisionLinks).where(and(eq(decisionLinks.lowId, lowId), eq(decisionLinks.highId, highId))).returning({ lowId: decisionLinks.lowId });
    if (res.length === 0) throw new AppError('not_found', `This decision does not relate to #${target.id}`);
    await appendEvent(tx, { decisionId: facts.id, teamId: facts.teamId, actor: viewer, type: 'link.removed', data: { other: target.id } });
    await appendEvent(tx, { decisionId: target.id, teamId: target.teamId, actor: viewer, type: 'link.removed', data: { other: facts.id }, touch: false });
  });
  return listRelated(db, { id: facts.id });
}
