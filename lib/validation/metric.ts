import { z } from 'zod';
import { emailSchema, METRIC_KINDS, cleanText } from './common';
import { MARKDOWN_MAX } from './decision';

export const metricKeySchema = z
  .string({ error: 'Enter a key' })
  .trim()
  .toLowerCase()
  .min(2, { error: 'A metric key needs at least 2 characters' })
  .max(80, { error: 'Keep the key under 80 characters' })
  .regex(/^[a-z0-9]+(?:[._-][a-z0-9]+)*$/, {
    error: 'Use lowercase letters, digits, and single dots, dashes or underscores, like "checkout_conversion"',
  });

export const metricSchema = z.object({
  key: metricKeySchema,
  name: z
    .string({ error: 'Enter a name' }).overwrite(cleanText)
    .trim()
    .min(2, { error: 'A metric name needs at least 2 characters' })
    .max(120, { error: 'Keep the name under 120 characters' }),
  definition: z
    .string({ error: 'Write a definition' }).overwrite(cleanText)
    .trim()
    .min(10, { error: 'Define the metric in at least a sentence: what is counted, over what, and when' })
    .max(MARKDOWN_MAX, { error: 'The definition is too long: keep it under 50,000 characters' }),
  kind: z.enum(METRIC_KINDS, { error: `Kind must be one of: ${METRIC_KINDS.join(', ')}` }),
  ownerEmail: emailSchema,
});
export type MetricInput = z.infer<typeof metricSchema>;

export const updateMetricSchema = metricSchema.omit({ key: true });
