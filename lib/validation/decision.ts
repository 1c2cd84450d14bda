import { z } from 'zod';
import { calendarDateSchema, emailSchema, cursorSchema, limitSchema, STATUSES, cleanLine, cleanText } from './common';

/*
 * The content of a decision record: one schema for the editor, the server
 * action, the API and the importer. A draft may be incomplete (the publish gate
 * judges completeness); this schema enforces only types and limits.
 */

import { LIST_MAX, MARKDOWN_MAX } from '../vocabulary';

export { LIST_MAX, MARKDOWN_MAX };

export const SOURCE_KINDS = [
  'ab-test',
  'event-stream',
  'warehouse-query',
  'dashboard',
  'survey',
  'user-research',
  'external',
  'other',
] as const;
export type SourceKind = (typeof SOURCE_KINDS)[number];
export const SOURCE_KIND_LABELS: Record<SourceKind, string> = {
  'ab-test': 'A/B test',
  'event-stream': 'Event stream',
  'warehouse-query': 'Warehouse query',
  dashboard: 'Dashboard',
  survey: 'Survey',
  'user-research': 'User research',
  external: 'External',
  other: 'Other',
};

export const METRIC_ROLES = ['north-star', 'primary', 'guardrail'] as const;
export type MetricRole = (typeof METRIC_ROLES)[number];

export const DIRECTIONS = ['increase', 'decrease', 'no-change'] as const;
export type Direction = (typeof DIRECTIONS)[number];
export const DIRECTION_LABELS: Record<Direction, string> = {
  increase: 'Increase',
  decrease: 'Decrease',
  'no-change': 'No change',
};

const emptyToNull = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? null : v);

const markdown = (label: string) =>
  z
    .string({ error: `${label} must be text` }).overwrite(cleanText)
    .max(MARKDOWN_MAX, { error: `${label} is too long: keep it under 50,000 characters` })
    .default('');

const shortText = (label: string, max: number) =>
  z
    .string({ error: `${label} must be text` }).overwrite(cleanText)
    .trim()
    .max(max, { error: `${label} is too long: keep it under ${max.toLocaleString('en')} characters` })
    .default('');

/**
 * A title is one line, like a person's name: line breaks (CR, LF, U+2028, U+2029, NEL), tabs and runs of
 * spaces become one space. It is set into mails, feeds and webhook messages, where a line break would let
 * the title write lines of its own.
 */
const titleText = z
  .string({ error: 'Title must be text' })
  .overwrite(cleanLine)
  .max(200, { error: 'Title is too long: keep it under 200 characters' })
  .default('');

const isoDate = (label: string) =>
  z.preprocess(
    emptyToNull,
    calendarDateSchema(label).nullable().default(null),
  );

const httpLink = z.preprocess(
  emptyToNull,
  z
    .string({ error: 'Link must be text' })
    .trim()
    .max(2000, { error: 'Link is too long: keep it under 2,000 characters' })
    .pipe(z.httpUrl({ error: 'Link must be a web address starting with http:// or https://' }))
    .nullable()
    .default(null),
);

const optionalNumber = (label: string) =>
  z.preprocess(
    emptyToNull,
    z
      .number({ error: `${label} must be a number` })
      .refine(Number.isFinite, { error: `${label} must be a finite number` })
      .nullable()
      .default(null),
  );

const list = <T extends z.ZodType>(item: T, label: string) =>
  z
    .array(item, { error: `${label} must be a list` })
    .max(LIST_MAX, { error: `${label} can hold at most ${LIST_MAX} items` })
    .default([]);

export const optionSchema = z.object({
  name: z
    .string({ error: 'Option name must be text' }).overwrite(cleanText)
    .trim()
    .min(1, { error: 'Give the option a name' })
    .max(200, { error: 'Option name is too long: keep it under 200 characters' }),
  description: markdown('Option description'),
  chosen: z.boolean({ error: 'Chosen must be true or false' }).default(false),
});
export type Option = z.infer<typeof optionSchema>;

export const dataSourceSchema = z
  .object({
    name: z
      .string({ error: 'Source name must be text' }).overwrite(cleanText)
      .trim()
      .min(1, { error: 'Give the data source a name' })
      .max(200, { error: 'Source name is too long: keep it under 200 characters' }),
    kind: z.enum(SOURCE_KINDS, { error: `Kind must be one of: ${SOURCE_KINDS.join(', ')}` }),
    link: httpLink,
    query: shortText('Query', 20_000),
    owner: shortText('Owner', 200),
    asOf: isoDate('As-of date'),
    windowStart: isoDate('Window start'),
    windowEnd: isoDate('Window end'),
    population: shortText('Population', 1000),
    sampleSize: z.preprocess(
      emptyToNull,
      z
        .number({ error: 'Sample size must be a number' })
        .int({ error: 'Sample size must be a whole number' })
        .positive({ error: 'Sample size must be a positive number' })
        .max(1e12, { error: 'Sample size is implausibly large' })
        .nullable()
        .default(null),
    ),
    notes: markdown('Notes'),
  })
  .superRefine((s, ctx) => {
    if (s.windowStart && s.windowEnd && s.windowStart > s.windowEnd) {
      ctx.addIssue({
        code: 'custom',
        path: ['windowEnd'],
        message: 'Window end must be on or after the window start',
      });
    }
  });
export type DataSource = z.infer<typeof dataSourceSchema>;

export const metricRefSchema = z.object({
  key: z
    .string({ error: 'Metric key must be text' }).overwrite(cleanText)
    .trim()
    .min(1, { error: 'Choose a metric from the catalogue' })
    .max(80, { error: 'Metric key is too long' }),
  role: z.enum(METRIC_ROLES, { error: `Role must be one of: ${METRIC_ROLES.join(', ')}` }),
  expectedDirection: z.preprocess(
    emptyToNull,
    z
      .enum(DIRECTIONS, { error: `Expected direction must be one of: ${DIRECTIONS.join(', ')}` })
      .nullable()
      .default(null),
  ),
  expectedEffect: shortText('Expected effect', 200),
});
export type MetricRef = z.infer<typeof metricRefSchema>;

export const evidenceRowSchema = z
  .object({
    metric: z
      .string({ error: 'Metric must be text' }).overwrite(cleanText)
      .trim()
      .min(1, { error: 'Name the metric this row measures' })
      .max(200, { error: 'Metric is too long: keep it under 200 characters' }),
    baseline: optionalNumber('Baseline'),
    observed: optionalNumber('Observed'),
    /** Relative change, in percent (2.5 means +2.5 %). */
    relativeChange: optionalNumber('Relative change'),
    ciLow: optionalNumber('Confidence interval low'),
    ciHigh: optionalNumber('Confidence interval high'),
  })
  .superRefine((r, ctx) => {
    if (r.ciLow !== null && r.ciHigh !== null && r.ciLow > r.ciHigh) {
      ctx.addIssue({ code: 'custom', path: ['ciHigh'], message: 'The interval’s high end must be at least its low end' });
    }
  });
export type EvidenceRow = z.infer<typeof evidenceRowSchema>;

const tagSchema = z
  .string({ error: 'Tags must be text' }).overwrite(cleanText)
  .trim()
  .toLowerCase()
  .min(1, { error: 'Tags cannot be empty' })
  .max(40, { error: 'Keep each tag under 40 characters' })
  .regex(/^[\p{L}\p{N}][\p{L}\p{N}-]*$/u, { error: 'Tags use letters, digits and dashes, like "pricing" or "q3-goals"' });

function unknownKeysMessage(keys: string[]): string {
  return `Unknown content field${keys.length > 1 ? 's' : ''}: ${keys.join(', ')}`;
}

export const decisionContentSchema = z.strictObject(
  {
  title: titleText,
  summary: shortText('Summary', 2000),
  context: markdown('Context'),
  decision: markdown('Decision'),
  options: list(optionSchema, 'Options'),
  dataSources: list(dataSourceSchema, 'Data sources'),
  methodology: markdown('Methodology'),
  metrics: list(metricRefSchema, 'Success metrics').superRefine((ms, ctx) => {
    const seen = new Set<string>();
    ms.forEach((m, i) => {
      if (seen.has(m.key)) ctx.addIssue({ code: 'custom', path: [i, 'key'], message: `Metric "${m.key}" is cited twice` });
      seen.add(m.key);
    });
  }),
  evidence: list(evidenceRowSchema, 'Evidence'),
  openCritique: markdown('Open critique'),
  risks: markdown('Risks and consequences'),
  outcomeReviewDate: isoDate('Outcome review date'),
  tags: list(tagSchema, 'Tags').transform((tags) => [...new Set(tags)]),
  },
  {
    error: (iss) =>
      iss.code === 'unrecognized_keys' ? unknownKeysMessage(iss.keys) : iss.code === 'invalid_type' ? 'content must be an object of the decision’s fields' : undefined,
  },
);
export type DecisionContent = z.infer<typeof decisionContentSchema>;
export type DecisionContentInput = z.input<typeof decisionContentSchema>;

/** A patch: any subset of the content keys (lists replace the whole list); values are checked after merging. */
export const decisionContentPatchSchema = z
  .record(z.string(), z.unknown(), { error: 'content must be an object of fields' })
  .superRefine((patch, ctx) => {
    const unknown = Object.keys(patch).filter((k) => !Object.hasOwn(decisionContentSchema.shape, k));
    if (unknown.length) ctx.addIssue({ code: 'custom', message: unknownKeysMessage(unknown) });
  });

export const CONTENT_KEYS = Object.keys(decisionContentSchema.shape) as (keyof DecisionContent)[];

export function emptyContent(): DecisionContent {
  return decisionContentSchema.parse({});
}

export const createDecisionSchema = z.object({
  team: z.string({ error: 'Name the team by its slug' }).trim().min(1, { error: 'Choose a team' }),
  // Validated with decisionContentSchema on its own, so issue paths read "dataSources.0.sampleSize".
  content: z.unknown().default(emptyContent),
});

export const updateDecisionSchema = z.object({
  baseRevision: z
    .number({ error: 'baseRevision must be the revision number you edited' })
    .int({ error: 'baseRevision must be a whole number' })
    .positive({ error: 'baseRevision must be positive' }),
  content: decisionContentPatchSchema,
});

const dateFilter = (label: string) =>
  z.preprocess(emptyToNull, calendarDateSchema(label).nullable().default(null));

export const HISTORY_SORTS = ['activity', 'published'] as const;
export type HistorySort = (typeof HISTORY_SORTS)[number];

/** The history list's filters; every one of them lives in the URL. */
export const listDecisionsQuerySchema = z
  .object({
    q: z.string({ error: 'q must be text' }).max(500, { error: 'Keep the search under 500 characters' }).optional(),
    team: z.string().trim().optional(),
    status: z.preprocess(emptyToNull, z.enum(STATUSES, { error: `status must be one of: ${STATUSES.join(', ')}` }).nullable().default(null)),
    author: z.string().trim().optional(),
    tag: z.string({ error: 'tag must be text' }).trim().toLowerCase().max(40, { error: 'A tag is under 40 characters' }).optional(),
    metric: z.string({ error: 'metric must be text' }).trim().max(80, { error: 'A metric key is under 80 characters' }).optional(),
    from: dateFilter('from'),
    to: dateFilter('to'),
    sort: z.preprocess(emptyToNull, z.enum(HISTORY_SORTS, { error: `sort must be one of: ${HISTORY_SORTS.join(', ')}` }).nullable().default(null)),
    cursor: cursorSchema,
    limit: limitSchema,
  })
  .superRefine((q, ctx) => {
    if (q.from && q.to && q.from > q.to) ctx.addIssue({ code: 'custom', path: ['to'], message: '“to” must be on or after “from”' });
  });
export type HistoryQuery = z.infer<typeof listDecisionsQuerySchema>;

/** Add or remove a co-author, named by email. */
export const authorSchema = z.object({ email: emailSchema });

const DECISION_REF_ERROR = 'Name the decision by its number, like 42, or paste its link';

/** A decision named by its number ("42", "#42") or its link ("https://…/decisions/42"). */
export const decisionRefSchema = z.preprocess(
  (v) => {
    if (typeof v !== 'string') return v;
    const m = /^\s*(?:#|(?:https?:\/\/[^\s/]+)?\/decisions\/)?(\d{1,15})(?:[/?#]\S*)?\s*$/.exec(v);
    return m ? Number(m[1]) : v;
  },
  z.number({ error: DECISION_REF_ERROR }).int({ error: DECISION_REF_ERROR }).positive({ error: DECISION_REF_ERROR }).max(Number.MAX_SAFE_INTEGER, { error: DECISION_REF_ERROR }),
);

/** Link a related decision. */
export const relateSchema = z.object({ relatesTo: decisionRefSchema });

/** At most this many "relates to" links per decision: the rail lists them whole. */
export const RELATED_MAX = 50;
