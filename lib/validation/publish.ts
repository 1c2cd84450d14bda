import { z } from 'zod';
import { cleanText } from './common';
import { isSubstantialRationale } from '../review';
import { OUTCOME_VERDICTS } from '../vocabulary';
import { evidenceRowSchema, LIST_MAX, MARKDOWN_MAX } from './decision';

export const publishSchema = z.object({
  supersedes: z.number({ error: 'supersedes must be the id of a published decision' }).int().positive().optional(),
});

const writtenReason = (label: 'reason' | 'rationale') =>
  z
    .string({ error: `Write a ${label}` }).overwrite(cleanText)
    .trim()
    .max(10_000, { error: `Keep the ${label} under 10,000 characters` })
    .superRefine((text, ctx) => {
      if (!text) ctx.addIssue({ code: 'custom', message: `Write a ${label}` });
      else if (!isSubstantialRationale(text)) ctx.addIssue({ code: 'custom', message: `Write the ${label} in at least a sentence: it stays on the record` });
    });

/** Withdrawing needs a reason, reversing a rationale: at least a sentence, kept on the record. */
export const withdrawSchema = z.object({ reason: writtenReason('reason') });
export const reverseSchema = z.object({ rationale: writtenReason('rationale') });

export { OUTCOME_LABELS, OUTCOME_VERDICTS, type OutcomeVerdict } from '../vocabulary';

export const outcomeSchema = z.object({
  verdict: z.enum(OUTCOME_VERDICTS, { error: `verdict must be one of: ${OUTCOME_VERDICTS.join(', ')}` }),
  body: z
    .string({ error: 'Say what happened' }).overwrite(cleanText)
    .trim()
    .min(1, { error: 'Say what happened' })
    .max(MARKDOWN_MAX, { error: 'Keep it under 50,000 characters' }),
  evidence: z.array(evidenceRowSchema, { error: 'evidence must be a list of result rows' }).max(LIST_MAX, { error: `At most ${LIST_MAX} evidence rows` }).default([]),
});
