import { z } from 'zod';
import { COMMENT_KINDS } from '../review';
import { VERDICTS } from '../vocabulary';
import { emailSchema, FUNCTIONS, functionSchema, idSchema, cursorSchema, limitSchema, cleanText } from './common';
import { MARKDOWN_MAX } from './decision';

export const COMMENT_SECTIONS = ['record', 'summary', 'context', 'decision', 'options', 'dataSources', 'methodology', 'metrics', 'evidence', 'openCritique', 'risks'] as const;
export type CommentSection = (typeof COMMENT_SECTIONS)[number];

export const circulateSchema = z.object({
  reviewers: z.array(emailSchema, { error: 'reviewers must be a list of emails' }).max(50, { error: 'Request at most 50 reviewers at once' }).default([]),
  functions: z.array(functionSchema, { error: `functions must be a list of: ${FUNCTIONS.join(', ')}` }).max(FUNCTIONS.length).default([]),
});

const body = (what: string) =>
  z
    .string({ error: `Write the ${what}` }).overwrite(cleanText)
    .trim()
    .min(1, { error: `Write the ${what}` })
    .max(MARKDOWN_MAX, { error: `The ${what} is too long: keep it under 50,000 characters` });

export const commentSchema = z.object({
  section: z.enum(COMMENT_SECTIONS, { error: `section must be one of: ${COMMENT_SECTIONS.join(', ')}` }).default('record'),
  kind: z.enum(COMMENT_KINDS, { error: `kind must be one of: ${COMMENT_KINDS.join(', ')}` }).optional(),
  body: body('comment'),
  parentId: z.number({ error: 'parentId must be a comment id' }).int().positive().optional(),
});

export const editCommentSchema = z.object({ body: body('comment') });

export const resolveSchema = z.object({
  note: z.string({ error: 'The note must be text' }).overwrite(cleanText).trim().max(5000, { error: 'Keep the note under 5,000 characters' }).optional().default(''),
});

export const overrideSchema = z.object({
  rationale: z
    .string({ error: 'Write a rationale' }).overwrite(cleanText)
    .trim()
    .min(1, { error: 'Write why you are proceeding despite this objection' })
    .max(10_000, { error: 'Keep the rationale under 10,000 characters' }),
});

export { VERDICT_LABELS, VERDICTS, type Verdict } from '../vocabulary';

/** A metric owner who wrote the record vouches for its evidence as of the revision they read. */
export const vouchSchema = z.object({
  revision: z.number({ error: 'revision must be the number of the revision you read' }).int({ error: 'revision must be the number of the revision you read' }).positive({ error: 'revision must be the number of the revision you read' }),
});

export const reviewSchema = z
  .object({
    verdict: z.enum(VERDICTS, { error: `verdict must be one of: ${VERDICTS.join(', ')}` }),
    /** The revision the reviewer read. Optional for API clients; the page always sends it. */
    revision: z.number({ error: 'revision must be the number of the revision you read' }).int({ error: 'revision must be the number of the revision you read' }).positive({ error: 'revision must be the number of the revision you read' }).optional(),
    body: z.string({ error: 'The review must be text' }).overwrite(cleanText).trim().max(MARKDOWN_MAX, { error: 'The review is too long: keep it under 50,000 characters' }).default(''),
  })
  .superRefine((r, ctx) => {
    if (r.verdict !== 'approve' && !r.body) {
      ctx.addIssue({ code: 'custom', path: ['body'], message: r.verdict === 'request-changes' ? 'Say what needs to change' : 'Write your comment' });
    }
  });

export const FEED_TABS = ['needs-my-review', 'mentions', 'all'] as const;
export type FeedTab = (typeof FEED_TABS)[number];

export const feedQuerySchema = z.object({
  tab: z.enum(FEED_TABS, { error: `tab must be one of: ${FEED_TABS.join(', ')}` }).default('needs-my-review'),
  cursor: cursorSchema,
  limit: limitSchema,
});

export const inboxQuerySchema = z.object({ cursor: cursorSchema, limit: limitSchema, unread: z.enum(['1', 'true']).optional() });

/** The inbox buttons: the notification ids a form posts (none: mark everything read). Ids arrive as text. */
export const markReadFormSchema = z.object({
  ids: z.array(idSchema, { error: 'ids must be a list of notification ids' }).max(500, { error: 'Mark at most 500 notifications at once' }),
});

export const markReadSchema = z.object({
  ids: z.array(z.number({ error: 'ids must be notification ids' }).int().positive(), { error: 'ids must be a list of notification ids' }).max(500).optional(),
});
