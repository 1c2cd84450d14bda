import { z } from 'zod';

/*
 * A team's publish policy. Stored as JSON on the team; parsing fills defaults,
 * so a team that never touched its policy gets exactly the default gate.
 */

export const LINT_LEVELS = ['error', 'warning', 'off'] as const;
export type LintLevelSetting = (typeof LINT_LEVELS)[number];

/** Minimum words for a field to count as substantive (see README, "The publish gate"). */
export const DEFAULT_MIN_WORDS = {
  title: 3,
  summary: 12,
  context: 25,
  decision: 8,
  methodology: 25,
  openCritique: 15,
} as const;
export type SubstantiveField = keyof typeof DEFAULT_MIN_WORDS;

const int = (label: string, min: number, max: number) =>
  z
    .number({ error: `${label} must be a number` })
    .int({ error: `${label} must be a whole number` })
    .min(min, { error: `${label} must be at least ${min}` })
    .max(max, { error: `${label} can be at most ${max}` });

export const policySchema = z.strictObject(
  {
  /** Hours a decision must have been in review before it can be published (0 allowed). */
  minHoursInReview: int('Minimum hours in review', 0, 24 * 60).default(24),
  /** Current approvals needed from reviewers whose function differs from the authors'. */
  crossFunctionalApprovals: int('Cross-functional approvals', 0, 10).default(1),
  /** Every cited metric's owner must have reviewed the current evidence. */
  requireMetricOwnerReview: z.boolean({ error: 'Metric owner review must be true or false' }).default(true),
  /** Data sources older than this many days are flagged by lint.source-stale. */
  freshnessDays: int('Freshness limit', 1, 3650).default(90),
  /** Per-rule level overrides: { "lint.source-owner": "error", "lint.srm-check": "off" }. */
  lintLevels: z
    .record(
      z.string().regex(/^lint\.[a-z0-9-]+$/, { error: 'Lint rule ids look like "lint.sample-size"' }),
      z.enum(LINT_LEVELS, { error: `Lint levels are ${LINT_LEVELS.join(', ')}` }),
    )
    .default({}),
  minWords: z
    .object({
      title: int('Title words', 1, 50).default(DEFAULT_MIN_WORDS.title),
      summary: int('Summary words', 1, 200).default(DEFAULT_MIN_WORDS.summary),
      context: int('Context words', 1, 2000).default(DEFAULT_MIN_WORDS.context),
      decision: int('Decision words', 1, 2000).default(DEFAULT_MIN_WORDS.decision),
      methodology: int('Methodology words', 1, 2000).default(DEFAULT_MIN_WORDS.methodology),
      openCritique: int('Open critique words', 1, 2000).default(DEFAULT_MIN_WORDS.openCritique),
    })
    .default(DEFAULT_MIN_WORDS),
  },
  { error: (iss) => (iss.code === 'unrecognized_keys' ? `Unknown policy setting${iss.keys.length > 1 ? 's' : ''}: ${iss.keys.join(', ')}` : undefined) },
);
export type Policy = z.infer<typeof policySchema>;

export function defaultPolicy(): Policy {
  return policySchema.parse({});
}

/**
 * Stored policies are parsed leniently, key by key: a setting that is unreadable
 * (or left over from an older version) falls back to its default and the team's
 * other settings stand. Input from people goes through the strict schema.
 */
export function parseStoredPolicy(json: string): Policy {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch {
    raw = {};
  }
  const stored = raw !== null && typeof raw === 'object' && !Array.isArray(raw) ? (raw as Record<string, unknown>) : {};
  const readable = Object.fromEntries(Object.entries(policySchema.shape).flatMap(([key, field]) => (key in stored && field.safeParse(stored[key]).success ? [[key, stored[key]]] : [])));
  return policySchema.parse(readable);
}

// ---------------------------------------------------------------- the organisation's floor

/** Floor levels order the lint settings: a team may make a rule stricter than the floor, never weaker. */
export const FLOOR_LINT_LEVELS = ['error', 'warning'] as const;

/**
 * Candor's default floor: a team can drop the review window and metric-owner
 * review (the published record then says so), but it cannot publish without a
 * cross-functional approval, switch off a check that is an error by default, or
 * count one-word sections as written. The core data checks stay errors.
 */
export const DEFAULT_FLOOR_LINT_LEVELS: Record<string, (typeof FLOOR_LINT_LEVELS)[number]> = {
  'lint.sample-size': 'error',
  'lint.source-date': 'error',
  'lint.evidence-ci': 'error',
  'lint.source-stale': 'warning',
  'lint.guardrail-direction': 'warning',
  'lint.methodology-population': 'warning',
  'lint.methodology-window': 'warning',
};
export const DEFAULT_FLOOR_MIN_WORDS = { title: 2, summary: 6, context: 12, decision: 4, methodology: 12, openCritique: 8 } as const;

export const policyFloorSchema = z.strictObject(
  {
    /** Teams must give critics at least this many hours. */
    minHoursInReview: int('Minimum hours in review', 0, 24 * 60).default(0),
    /** Teams must ask for at least this many cross-functional approvals. */
    crossFunctionalApprovals: int('Cross-functional approvals', 0, 10).default(1),
    /** When true, no team may drop the metric owners' review. */
    requireMetricOwnerReview: z.boolean({ error: 'Metric owner review must be true or false' }).default(false),
    /** Teams may not accept data older than this (their freshness limit is at most this). */
    maxFreshnessDays: int('Longest freshness limit', 1, 3650).default(3650),
    /** The lowest level each named rule may be set to: "error" (must block) or "warning" (may not be switched off). */
    lintLevels: z
      .record(
        z.string().regex(/^lint\.[a-z0-9-]+$/, { error: 'Lint rule ids look like "lint.sample-size"' }),
        z.enum(FLOOR_LINT_LEVELS, { error: `A floor level is ${FLOOR_LINT_LEVELS.join(' or ')} (leave a rule out to let teams switch it off)` }),
      )
      .default(DEFAULT_FLOOR_LINT_LEVELS),
    minWords: z
      .strictObject({
        title: int('Title words', 1, 50).default(DEFAULT_FLOOR_MIN_WORDS.title),
        summary: int('Summary words', 1, 200).default(DEFAULT_FLOOR_MIN_WORDS.summary),
        context: int('Context words', 1, 2000).default(DEFAULT_FLOOR_MIN_WORDS.context),
        decision: int('Decision words', 1, 2000).default(DEFAULT_FLOOR_MIN_WORDS.decision),
        methodology: int('Methodology words', 1, 2000).default(DEFAULT_FLOOR_MIN_WORDS.methodology),
        openCritique: int('Open critique words', 1, 2000).default(DEFAULT_FLOOR_MIN_WORDS.openCritique),
      })
      .default(DEFAULT_FLOOR_MIN_WORDS),
  },
  { error: (iss) => (iss.code === 'unrecognized_keys' ? `Unknown floor setting${iss.keys.length > 1 ? 's' : ''}: ${iss.keys.join(', ')}` : undefined) },
);
export type PolicyFloor = z.infer<typeof policyFloorSchema>;

export function defaultPolicyFloor(): PolicyFloor {
  return policyFloorSchema.parse({});
}

/** A stored floor that cannot be read falls back to the default floor, setting by setting (never to no floor). */
export function parseStoredFloor(json: string | null | undefined): PolicyFloor {
  let raw: unknown;
  try {
    raw = json ? JSON.parse(json) : {};
  } catch {
    raw = {};
  }
  const stored = raw !== null && typeof raw === 'object' && !Array.isArray(raw) ? (raw as Record<string, unknown>) : {};
  const readable = Object.fromEntries(Object.entries(policyFloorSchema.shape).flatMap(([key, field]) => (key in stored && field.safeParse(stored[key]).success ? [[key, stored[key]]] : [])));
  return policyFloorSchema.parse(readable);
}
