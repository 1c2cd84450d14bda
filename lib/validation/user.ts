import { z } from 'zod';
import { passwordWeakness } from '../password-strength';
import { emailSchema, functionSchema, personNameSchema } from './common';

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

export const signUpSchema = z.object({
  name: personNameSchema,
  email: emailSchema,
  password: passwordSchema,
  function: functionSchema.default('product'),
});

export const signInSchema = z.object({
  email: emailSchema,
  password: z.string({ error: 'Enter your password' }).min(1, { error: 'Enter your password' }).max(128),
});

export const profileSchema = z.object({
  name: personNameSchema,
  function: functionSchema,
});

export const createUserSchema = z.object({
  email: emailSchema,
  name: personNameSchema,
  function: functionSchema,
  password: passwordSchema,
  orgAdmin: z.boolean().default(false),
});
