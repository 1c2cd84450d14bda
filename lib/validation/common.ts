import { z } from 'zod';

import { FUNCTIONS } from '../vocabulary';

export { FUNCTION_LABELS, FUNCTIONS, METRIC_KIND_LABELS, METRIC_KINDS, STATUS_LABELS, STATUSES, TEAM_ROLES } from '../vocabulary';
export type { DecisionStatus, MetricKind, TeamRole, UserFunction } from '../vocabulary';

export const functionSchema = z.enum(FUNCTIONS, {
  error: `Choose one of: ${FUNCTIONS.join(', ')}`,
});

export const emailSchema = z
  .string({ error: 'Enter an email address' })
  .trim()
  .toLowerCase()
  .pipe(z.email({ error: 'Enter a valid email address, like ana@example.com' }));

export const slugSchema = z
  .string({ error: 'Enter a slug' })
  .trim()
  .toLowerCase()
  .min(2, { error: 'A slug needs at least 2 characters' })
  .max(40, { error: 'Keep the slug under 40 characters' })
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, {
    error: 'Use lowercase letters, digits and single dashes, like "growth" or "checkout-web"',
  });

export const personNameSchema = z
  .string({ error: 'Enter a name' })
  .trim()
  .min(1, { error: 'Enter a name' })
  .max(100, { error: 'Keep the name under 100 characters' });

/** A strictly positive integer id from a URL segment or a body. */
export const idSchema = z.coerce
  .number({ error: 'Expected a numeric id' })
  .int({ error: 'Expected a whole-number id' })
  .positive({ error: 'Expected a positive id' })
  .max(Number.MAX_SAFE_INTEGER, { error: 'That id is too large' });

export const limitSchema = z.coerce
  .number({ error: 'limit must be a number' })
  .int({ error: 'limit must be a whole number' })
  .min(1, { error: 'limit must be at least 1' })
  .max(100, { error: 'limit can be at most 100' })
  .default(25);
