import { defaultPolicy, parseStoredPolicy, type LintLevelSetting, type Policy, type PolicyFloor, type SubstantiveField } from '../validation/policy';
import { LINT_RULES } from './lint';

/*
 * The policy in force: a team's policy raised to the organisation's floor,
 * setting by setting, and the ways a policy is weaker than Candor's default
 * gate (recorded on every decision published under it). Pure functions.
 */

const RANK: Record<LintLevelSetting, number> = { off: 0, warning: 1, error: 2 };
const ruleDefault = new Map(LINT_RULES.map((r) => [r.id, r.level as LintLevelSetting]));
const levelOf = (policy: Policy, id: string): LintLevelSetting => policy.lintLevels[id] ?? ruleDefault.get(id) ?? 'warning';

const WORD_LABELS: Record<SubstantiveField, string> = {
  title: 'title',
  summary: 'summary',
  context: 'context',
  decision: 'decision',
  methodology: 'methodology',
  openCritique: 'open critique',
};
const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** max(team, floor) for every setting; the freshness limit is a ceiling, so min. */
export function effectivePolicy(team: Policy, floor: PolicyFloor): Policy {
  const lintLevels = { ...team.lintLevels };
  for (const [id, min] of Object.entries(floor.lintLevels)) {
    if (RANK[levelOf(team, id)] < RANK[min]) lintLevels[id] = min;
  }
  const minWords = { ...team.minWords };
  for (const k of Object.keys(minWords) as SubstantiveField[]) minWords[k] = Math.max(team.minWords[k], floor.minWords[k]);
  return {
    minHoursInReview: Math.max(team.minHoursInReview, floor.minHoursInReview),
    crossFunctionalApprovals: Math.max(team.crossFunctionalApprovals, floor.crossFunctionalApprovals),
    requireMetricOwnerReview: team.requireMetricOwnerReview || floor.requireMetricOwnerReview,
    freshnessDays: Math.min(team.freshnessDays, floor.maxFreshnessDays),
    lintLevels,
    minWords,
  };
}

/**
 * The stricter of two policies, setting by setting. A decision in review is judged by the stricter of the
 * policy it was circulated under and the policy in force now: a team admin can tighten the gate for the
 * decisions in review, not relax it for them (that takes sending the decision back to draft and circulating
 * it again, which restarts its review).
 */
export function stricterPolicy(now: Policy, circulatedUnder: Policy): Policy {
  const lintLevels: PolicyFloor['lintLevels'] = {};
  for (const r of LINT_RULES) {
    const level = levelOf(circulatedUnder, r.id);
    if (level !== 'off') lintLevels[r.id] = level;
  }
  return effectivePolicy(now, { ...circulatedUnder, maxFreshnessDays: circulatedUnder.freshnessDays, lintLevels });
}

/**
 * The policy the gate applies to a decision: the policy in force for its team (the team's, raised to the
 * organisation's floor), and while it is in review no less than the policy it was circulated under
 * (`reviewPolicy`, stored at circulation). Every evaluation of the gate (publishing, the checklist, the
 * dashboard) goes through this.
 */
export function gatePolicy(inForce: Policy, decision: { status: string; reviewPolicy: string | null }): Policy {
  return decision.status === 'in-review' && decision.reviewPolicy ? stricterPolicy(inForce, parseStoredPolicy(decision.reviewPolicy)) : inForce;
}

export type FloorIssue = { path: string; message: string };

/** Every setting of a team policy below the floor, with the form/API path and the floor it must meet. */
export function floorViolations(team: Policy, floor: PolicyFloor): FloorIssue[] {
  const out: FloorIssue[] = [];
  if (team.minHoursInReview < floor.minHoursInReview) out.push({ path: 'minHoursInReview', message: `The organisation’s floor is ${plural(floor.minHoursInReview, 'hour')} in review` });
  if (team.crossFunctionalApprovals < floor.crossFunctionalApprovals) {
    out.push({ path: 'crossFunctionalApprovals', message: `The organisation’s floor is ${plural(floor.crossFunctionalApprovals, 'cross-functional approval')}` });
  }
  if (floor.requireMetricOwnerReview && !team.requireMetricOwnerReview) out.push({ path: 'requireMetricOwnerReview', message: 'The organisation’s floor requires metric owners to review' });
  if (team.freshnessDays > floor.maxFreshnessDays) out.push({ path: 'freshnessDays', message: `The organisation’s floor allows data at most ${plural(floor.maxFreshnessDays, 'day')} old` });
  for (const [id, min] of Object.entries(floor.lintLevels)) {
    if (RANK[levelOf(team, id)] < RANK[min]) {
      out.push({ path: `lintLevels.${id}`, message: min === 'error' ? `The organisation’s floor keeps ${id} an error` : `The organisation’s floor keeps ${id} on (at least a warning)` });
    }
  }
  for (const k of Object.keys(team.minWords) as SubstantiveField[]) {
    if (team.minWords[k] < floor.minWords[k]) out.push({ path: `minWords.${k}`, message: `The organisation’s floor is ${plural(floor.minWords[k], 'word')} for the ${WORD_LABELS[k]}` });
  }
  return out;
}

/** The policy a decision was published under (decisions.publish_policy): the effective policy and where it was weaker than Candor's default gate. */
export type PublishedUnderPolicy = { relaxed: boolean; relaxations: Relaxation[]; policy: Policy };

/** decisions.publish_policy as stored at publish; unreadable or absent means "not recorded" (decisions published before it was). */
export function parsePublishPolicy(json: string | null): PublishedUnderPolicy | null {
  if (!json) return null;
  try {
    const v = JSON.parse(json) as PublishedUnderPolicy;
    return v && typeof v === 'object' && Array.isArray(v.relaxations) ? { relaxed: !!v.relaxed, relaxations: v.relaxations, policy: v.policy } : null;
  } catch {
    return null;
  }
}

export type Relaxation = { setting: string; value: number | boolean | string; default: number | boolean | string; message: string };

/** Where a policy asks less than Candor's default gate, each in a sentence a reader understands. */
export function relaxations(policy: Policy): Relaxation[] {
  const d = defaultPolicy();
  const out: Relaxation[] = [];
  if (policy.crossFunctionalApprovals < d.crossFunctionalApprovals) {
    out.push({
      setting: 'crossFunctionalApprovals',
      value: policy.crossFunctionalApprovals,
      default: d.crossFunctionalApprovals,
      message: `Published with ${policy.crossFunctionalApprovals} cross-functional approval${policy.crossFunctionalApprovals === 1 ? '' : 's'} required (Candor’s default is ${d.crossFunctionalApprovals})`,
    });
  }
  if (policy.minHoursInReview < d.minHoursInReview) {
    out.push({ setting: 'minHoursInReview', value: policy.minHoursInReview, default: d.minHoursInReview, message: `Critics were given ${plural(policy.minHoursInReview, 'hour')} in review (Candor’s default is ${d.minHoursInReview})` });
  }
  if (!policy.requireMetricOwnerReview && d.requireMetricOwnerReview) {
    out.push({ setting: 'requireMetricOwnerReview', value: false, default: true, message: 'Metric owners’ review was not required (Candor requires it by default)' });
  }
  if (policy.freshnessDays > d.freshnessDays) {
    out.push({ setting: 'freshnessDays', value: policy.freshnessDays, default: d.freshnessDays, message: `Data up to ${plural(policy.freshnessDays, 'day')} old was accepted (Candor’s default is ${d.freshnessDays})` });
  }
  for (const r of LINT_RULES) {
    const level = levelOf(policy, r.id);
    if (RANK[level] < RANK[r.level]) {
      out.push({ setting: `lintLevels.${r.id}`, value: level, default: r.level, message: `Lint rule ${r.id} was ${level === 'off' ? 'switched off' : `a ${level}`} (Candor’s default is ${r.level === 'error' ? 'an error' : 'a warning'})` });
    }
  }
  for (const k of Object.keys(d.minWords) as SubstantiveField[]) {
    if (policy.minWords[k] < d.minWords[k]) {
      out.push({ setting: `minWords.${k}`, value: policy.minWords[k], default: d.minWords[k], message: `The ${WORD_LABELS[k]} counted as written from ${plural(policy.minWords[k], 'word')} (Candor’s default is ${d.minWords[k]})` });
    }
  }
  return out;
}
