import { decisionRights, requireRight, type DecisionAction, type DecisionRights, type RuleContext, type Standing } from '@/lib/permissions';
import type { Executor } from '../client';
import type { DecisionFacts } from './facts';
import { canAdministerTeam } from './teams';
import type { Viewer } from './users';

/*
 * The rules of lib/permissions.ts, given a decision's facts and the viewer:
 * the one read they need beyond loadFacts is whether the viewer administers
 * the decision's team. Every query function that changes a decision refuses
 * through requireDecisionRight; getDecision reports decisionRightsOf as `can`.
 */

type Subject = Pick<DecisionFacts, 'status' | 'teamId' | 'teamName' | 'authorIds'>;

export async function standingOn(db: Executor, viewer: Viewer, d: Subject): Promise<Standing> {
  return { status: d.status, teamName: d.teamName, author: d.authorIds.includes(viewer.id), teamAdmin: await canAdministerTeam(db, viewer, d.teamId) };
}

/** What the viewer may do to the decision (the page's controls, the API's `viewerCan`). */
export async function decisionRightsOf(db: Executor, viewer: Viewer, d: Subject): Promise<DecisionRights> {
  return decisionRights(await standingOn(db, viewer, d));
}

/** Throw the rule's 403 / 409 unless the viewer may do `action` to the decision. */
export async function requireDecisionRight(db: Executor, viewer: Viewer, d: Subject, action: DecisionAction, ctx?: RuleContext): Promise<Standing> {
  const standing = await standingOn(db, viewer, d);
  requireRight(action, standing, ctx);
  return standing;
}
