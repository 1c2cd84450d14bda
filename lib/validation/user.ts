import { z } from 'zod';
import { passwordWeakness } from '../password-strength';
import { cursorSchema, emailSchema, functionSchema, limitSchema, personNameSchema, slugSchema } from './common';

export const passwordSchema = z
  .string({ error: 'Enter a password' })
  .min(8, { error: 'Use at least 8 characters for the password' })
  .max(128, { error: 'Keep the password under 128 characters' })
  // Server-only (the strength dictionaries stay out of client bundles): only server code imports this file.
  .superRefine((password, ctx) => {
    if (password.length < 8) return;
    const weakness = passwordWeakness(password);
    if (weakness) ctx.addIssue({ code: 'custom', message: weakness });
  });

/**
 * Sign-up asks for no function: an invite (or, for the very first account, the
 * person themselves) decides it. `function` is read only when bootstrapping an
 * empty organisation; `invite` is the token from the invite link.
 */
export const signUpSchema = z.object({
  name: personNameSchema,
  email: emailSchema,
  password: passwordSchema,
  function: functionSchema.optional(),
  invite: z.string().trim().max(200).optional(),
});

export const signInSchema = z.object({
  email: emailSchema,
  password: z.string({ error: 'Enter your password' }).min(1, { error: 'Enter your password' }).max(128),
});

/** What a person may change about themselves: their name. Function and org admin are assigned by admins. */
export const profileSchema = z.object({
  name: personNameSchema,
});

/** An admin's change to someone's function and/or org-admin flag (PATCH /api/v1/users/:id, the People page). */
export const setUserRolesSchema = z
  .strictObject(
    {
      function: functionSchema.optional(),
      orgAdmin: z.boolean({ error: 'orgAdmin must be true or false' }).optional(),
    },
    { error: (i) => (i.code === 'unrecognized_keys' ? `Only function and orgAdmin can be changed here (not ${i.keys.join(', ')})` : 'Send a JSON object') },
  );

export const setUserActiveSchema = z.strictObject(
  { active: z.boolean({ error: 'active must be true (reactivate) or false (deactivate)' }) },
  { error: (i) => (i.code === 'unrecognized_keys' ? `Only active can be sent here (not ${i.keys.join(', ')})` : 'Send a JSON object like {"active": false}') },
);

export const INVITE_DAYS_DEFAULT = 7;
export const INVITE_DAYS_MAX = 90;

/** An invite link: who the newcomer will be. Empty strings from forms mean "not set". */
export const createInviteSchema = z.object({
  function: functionSchema,
  email: z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), emailSchema.optional()),
  team: z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), slugSchema.optional()),
  orgAdmin: z.boolean({ error: 'orgAdmin must be true or false' }).default(false),
  expiresInDays: z.coerce
    .number({ error: 'Enter a number of days' })
    .int({ error: 'Enter a whole number of days' })
    .min(1, { error: 'An invite lasts at least 1 day' })
    .max(INVITE_DAYS_MAX, { error: `An invite lasts at most ${INVITE_DAYS_MAX} days` })
    .default(INVITE_DAYS_DEFAULT),
});

export const createUserSchema = z.object({
  email: emailSchema,
  name: personNameSchema,
  function: functionSchema,
  password: passwordSchema,
  orgAdmin: z.boolean().default(false),
});

/** The people list (org admins): a name or email fragment, a page. */
export const listPeopleQuerySchema = z.object({
  q: z.string({ error: 'q must be text' }).max(200, { error: 'Keep the search under 200 characters' }).optional(),
  cursor: cursorSchema,
  limit: limitSchema.default(50),
});

/** The invites list (org admins): a page. */
export const listInvitesQuerySchema = z.object({ cursor: cursorSchema, limit: limitSchema });
