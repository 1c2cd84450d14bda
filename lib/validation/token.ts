import { z } from 'zod';
import { cleanText } from './common';

/**
 * What a personal token may be used for. An API token acts as its owner on the JSON API (reads and
 * writes). A feed token only reads the Atom feeds: it is the one to paste into a feed reader, because a
 * feed URL carries it in plain sight (`?token=`) and reaches whatever service fetches the feed.
 */
export const TOKEN_SCOPES = ['api', 'feed'] as const;
export type TokenScope = (typeof TOKEN_SCOPES)[number];

/** A token's kind in a sentence or beside its label: the settings list, the action's confirmation, the CLI. */
export const TOKEN_SCOPE_LABELS: Record<TokenScope, string> = { api: 'API token', feed: 'Feed token' };

export const createTokenSchema = z.object({
  label: z
    .string({ error: 'Give the token a label' }).overwrite(cleanText)
    .trim()
    .min(1, { error: 'Give the token a label, like "CI export"' })
    .max(80, { error: 'Keep the label under 80 characters' })
    .default('API token'),
  scope: z.enum(TOKEN_SCOPES, { error: 'Choose what the token is for: "api" (the JSON API) or "feed" (a feed reader)' }).default('api'),
});
