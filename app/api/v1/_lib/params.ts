import { requireId } from '@/lib/errors';

/** A decision id from the URL; anything that is not one is simply not found. */
export const decisionId = (raw: string): number => requireId(raw, 'decision');

/** Any other id from the URL (a comment, a token, a webhook…), named in the not-found message. */
export const positiveInt = (raw: string, what: string): number => requireId(raw, what);
