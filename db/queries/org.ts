import { eq } from 'drizzle-orm';
import { now as currentTime } from '@/lib/clock';
import { AppError, parseOrThrow } from '@/lib/errors';
import { LINT_RULE_IDS } from '@/lib/gate';
import { effectivePolicy } from '@/lib/gate/policy';
import { parseStoredFloor, parseStoredPolicy, policyFloorSchema, type Policy, type PolicyFloor } from '@/lib/validation/policy';
import { first, type Db, type Executor } from '../client';
import { orgSettings, teams } from '../schema';
import { appendEvent } from './events';
import type { Viewer } from './users';

/*
 * Organisation-wide settings. The policy floor: no team's publish policy may
 * ask less than this, and a team policy stored before the floor was raised is
 * evaluated at max(team, floor) (lib/gate/policy.ts effectivePolicy).
 */

const FLOOR_KEY = 'policyFloor';

/** The floor in force (the default floor until an org admin sets one). Takes an Executor so the publish transaction can read it. */
export async function readPolicyFloor(db: Executor): Promise<PolicyFloor> {
  const row = await first(db.select({ value: orgSettings.value }).from(orgSettings).where(eq(orgSettings.key, FLOOR_KEY)));
  return parseStoredFloor(row?.value);
}

/** A team's policy in force: the team's own, raised to the organisation's floor (what a decision is circulated under). */
export async function teamPolicyInForce(db: Executor, teamId: number): Promise<Policy> {
  const team = (await first(db.select({ policy: teams.policy }).from(teams).where(eq(teams.id, teamId))))!;
  return effectivePolicy(parseStoredPolicy(team.policy), await readPolicyFloor(db));
}

export async function getPolicyFloor(db: Db): Promise<PolicyFloor> {
  return readPolicyFloor(db);
}

/** Org admins raise or lower the floor; a partial update changes only what it names (word minimums merged, lint levels replaced). */
export async function updatePolicyFloor(db: Db, viewer: Viewer, input: unknown): Promise<PolicyFloor> {
  if (!viewer.isOrgAdmin) throw new AppError('forbidden', 'Only an organisation admin can change the policy floor');
  const patch = typeof input === 'object' && input !== null && !Array.isArray(input) ? (input as Record<string, unknown>) : null;
  if (!patch) throw new AppError('invalid', 'Send the floor settings as a JSON object');
  const before = await readPolicyFloor(db);
  const nested = patch.minWords;
  const merged = { ...before, ...patch, minWords: typeof nested === 'object' && nested !== null && !Array.isArray(nested) ? { ...before.minWords, ...nested } : (nested ?? before.minWords) };
  const next = parseOrThrow(policyFloorSchema, merged);
  const unknownRules = Object.keys(next.lintLevels).filter((id) => !LINT_RULE_IDS.includes(id));
  if (unknownRules.length) {
    throw new AppError('invalid', `There is no lint rule ${unknownRules.join(', ')}`, { issues: unknownRules.map((id) => ({ path: `lintLevels.${id}`, message: `Unknown rule; rules are ${LINT_RULE_IDS.join(', ')}` })) });
  }
  const now = currentTime();
  await db.transaction(async (tx) => {
    await tx
      .insert(orgSettings)
      .values({ key: FLOOR_KEY, value: JSON.stringify(next), updatedAt: now, updatedBy: viewer.id })
      .onConflictDoUpdate({ target: orgSettings.key, set: { value: JSON.stringify(next), updatedAt: now, updatedBy: viewer.id } });
    await appendEvent(tx, { actor: viewer, type: 'org.policy-floor-changed', data: { before, after: next }, at: now });
  });
  return next;
}
