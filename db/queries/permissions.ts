import {
  DECISION_ACTIONS,
  decisionRights,
  requireRight,
  requireRightStill,
  teamRoleMatters,
  type DecisionAction,
  type DecisionRights,
  type RuleContext,
  type Standing,
} from '@/lib/permissions';
import { AppError } from '@/lib/errors';
import type { DecisionStatus } from '@/lib/validation/common';
import { and, eq } from 'drizzle-orm';
import { first, readAll, type Executor } from '../client';
import { decisionAuthors, decisionMetrics, decisions, metrics, revisions, teamMembers } from '../schema';
import type { DecisionFacts } from './facts';
import { lockedStatus } from './locks';
import { getTeamRole } from './teams';
import type { Viewer } from './users';

/*
 * The rules of lib/permissions.ts, given a decision's facts and the viewer:
 * the one read they may need beyond loadFacts is the viewer's role in the
 * decision's team (a member, its admin, or neither), and it is made only when
 * the answer can change a ruling (for an author, whose rights last while they
 * are in the team; for others, only on the actions a team admin may take, and
 * never for an org admin who is not an author). Every query function that
 * changes a decision refuses through requireDecisionRight, and again inside
 * its write transaction through recheckDecisionRight; getDecision reports
 * decisionRightsOf as `can`.
 */

type Subject = Pick<DecisionFacts, 'status' | 'teamId' | 'teamName' | 'authorIds'> & Partial<Pick<DecisionFacts, 'id' | 'writerIds'>>;

/** Whether the viewer owns a catalogue metric the decision cites: one indexed read. */
async function ownsCitedMetric(db: Executor, decisionId: number, userId: string): Promise<boolean> {
  return !!(await first(
    db
      .select({ id: metrics.id })
      .from(decisionMetrics)
      .innerJoin(metrics, eq(metrics.id, decisionMetrics.metricId))
      .where(and(eq(decisionMetrics.decisionId, decisionId), eq(metrics.ownerId, userId)))
      .limit(1),
  ));
}

/**
 * The viewer's standing on the decision. Given `actions`, it judges exactly
 * those (at any status): the team role is read only if it can change one of
 * their rulings, and is otherwise left at what is known for free (`teamAdmin`
 * true for an org admin, else false; `member` false). Without `actions` it is
 * complete, for callers that change `author` before judging.
 */
export async function standingOn(db: Executor, viewer: Viewer, d: Subject, actions?: readonly DecisionAction[], ctx?: RuleContext): Promise<Standing> {
  const author = d.authorIds.includes(viewer.id);
  const ask = actions === undefined || teamRoleMatters(actions, { author, teamName: d.teamName }, ctx, viewer.isOrgAdmin);
  const role = ask ? await getTeamRole(db, d.teamId, viewer.id) : null;
  const wrote = d.writerIds?.includes(viewer.id) ?? false;
  // Only the vouch rule reads what the viewer owns, and only for someone who wrote the decision.
  const owns = (actions === undefined || actions.includes('vouch')) && (author || wrote) && d.id !== undefined && (await ownsCitedMetric(db, d.id, viewer.id));
  return {
    status: d.status,
    teamName: d.teamName,
    author,
    member: role !== null,
    wrote,
    owns,
    who: viewer.id,
    teamAdmin: viewer.isOrgAdmin || role === 'admin',
  };
}

/** What the viewer may do to the decision (the page's controls, the API's `viewerCan`). */
export async function decisionRightsOf(db: Executor, viewer: Viewer, d: Subject): Promise<DecisionRights> {
  return decisionRights(await standingOn(db, viewer, d, DECISION_ACTIONS));
}

/**
 * Throw the rule's 403 / 409 unless the viewer may do `action` to the decision.
 * Returns the standing it judged by: good for judging `action` again
 * (recheckDecisionRight), not for other actions.
 */
export async function requireDecisionRight(db: Executor, viewer: Viewer, d: Subject, action: DecisionAction, ctx?: RuleContext): Promise<Standing> {
  const standing = await standingOn(db, viewer, d, [action], ctx);
  requireRight(action, standing, ctx);
  return standing;
}

/**
 * First thing inside the write transaction: lock the decision's row
 * (./locks.ts), read its status, and whether the viewer is an author, is in
 * its team or wrote a revision, as they are now, and judge `action` again with the
 * standing requireDecisionRight returned. (A verdict racing the reviewer's
 * being made a co-author must not land.) A refusal here means the decision
 * changed while the request waited, and says so. Returns the status.
 */
export async function recheckDecisionRight(
  tx: Executor,
  decisionId: number,
  standing: Standing,
  action: DecisionAction,
  lock: 'update' | 'share',
  ctx?: RuleContext,
): Promise<DecisionStatus> {
  const status = await lockedStatus(tx, decisionId, lock);
  if (status === undefined) throw new AppError('not_found', `There is no decision #${decisionId}`);
  let live = standing;
  if (standing.who) {
    const who = standing.who;
    const [author, wrote, member] = await readAll(tx, [
      () => first(tx.select({ id: decisionAuthors.userId }).from(decisionAuthors).where(and(eq(decisionAuthors.decisionId, decisionId), eq(decisionAuthors.userId, who)))),
      () => first(tx.select({ id: revisions.id }).from(revisions).where(and(eq(revisions.decisionId, decisionId), eq(revisions.authorId, who))).limit(1)),
      // Removed from the team while the request waited: an author's rights went with the membership.
      () =>
        first(
          tx
            .select({ id: teamMembers.userId })
            .from(decisions)
            .innerJoin(teamMembers, and(eq(teamMembers.teamId, decisions.teamId), eq(teamMembers.userId, who)))
            .where(eq(decisions.id, decisionId)),
        ),
    ]);
    live = { ...standing, author: !!author, wrote: !!wrote, member: !!member };
  }
  requireRightStill(action, { ...live, status }, ctx);
  return status;
}
