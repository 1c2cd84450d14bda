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

/**
 * How many live tokens one person may hold. Settings → API tokens lists every live token, so none can hide
 * behind a page of decoys; the limit keeps that list short.
 */
export const ACTIVE_TOKEN_LIMIT = 50;
export const TOO_MANY_TOKENS = `You have ${ACTIVE_TOKEN_LIMIT} active tokens: revoke one you no longer use before making another`;

/** "Revoke all tokens" in Settings → API tokens: scripts and feed readers using them stop, so the person confirms it. */
export const revokeAllTokensSchema = z.object({
  confirm: z.literal('on', { error: 'Tick the box to confirm: every script and feed reader using your tokens will stop working' }),
});
