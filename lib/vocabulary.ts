/*
 * Candor's vocabularies and their labels, with no dependencies: the browser
 * imports these without pulling in validation code. Schemas in lib/validation
 * are built from the same lists.
 */

/** Limits the forms show and the schemas enforce. */
export const MARKDOWN_MAX = 50_000;
export const LIST_MAX = 50;

/** The vocabularies of PRODUCT.md, in the order the UI shows them. */
export const FUNCTIONS = ['product', 'data-science', 'engineering', 'design', 'marketing', 'research', 'other'] as const;
export type UserFunction = (typeof FUNCTIONS)[number];

export const FUNCTION_LABELS: Record<UserFunction, string> = {
  product: 'Product',
  'data-science': 'Data science',
  engineering: 'Engineering',
  design: 'Design',
  marketing: 'Marketing',
  research: 'Research',
  other: 'Other',
};

/** One bit per function: a decision records which functions it asked for review as a bitmask. */
export function functionBit(fn: string): number {
  const i = (FUNCTIONS as readonly string[]).indexOf(fn);
  return i < 0 ? 0 : 1 << i;
}

export const METRIC_KINDS = ['north-star', 'primary', 'guardrail'] as const;
export type MetricKind = (typeof METRIC_KINDS)[number];
export const METRIC_KIND_LABELS: Record<MetricKind, string> = {
  'north-star': 'North star',
  primary: 'Primary',
  guardrail: 'Guardrail',
};

export const STATUSES = ['draft', 'in-review', 'published', 'superseded', 'reversed', 'withdrawn'] as const;
export type DecisionStatus = (typeof STATUSES)[number];
export const STATUS_LABELS: Record<DecisionStatus, string> = {
  draft: 'Draft',
  'in-review': 'In review',
  published: 'Published',
  superseded: 'Superseded',
  reversed: 'Reversed',
  withdrawn: 'Withdrawn',
};

export const TEAM_ROLES = ['member', 'admin'] as const;
export type TeamRole = (typeof TEAM_ROLES)[number];

export const VERDICTS = ['approve', 'request-changes', 'comment'] as const;
export type Verdict = (typeof VERDICTS)[number];
export const VERDICT_LABELS: Record<Verdict, string> = { approve: 'Approved', 'request-changes': 'Changes requested', comment: 'Commented' };

export const OUTCOME_VERDICTS = ['validated', 'invalidated', 'inconclusive'] as const;
export type OutcomeVerdict = (typeof OUTCOME_VERDICTS)[number];
export const OUTCOME_LABELS: Record<OutcomeVerdict, string> = { validated: 'Validated', invalidated: 'Invalidated', inconclusive: 'Inconclusive' };
