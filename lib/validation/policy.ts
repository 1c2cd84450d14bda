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
