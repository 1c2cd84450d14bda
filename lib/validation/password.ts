import { z } from 'zod';
import { passwordSchema } from './user';

/** The settings form "Change password" (server-only, like passwordSchema: it carries the strength check). */
export const changePasswordSchema = z
  .object({
    currentPassword: z.string({ error: 'Enter your current password' }).min(1, { error: 'Enter your current password' }).max(128),
    newPassword: passwordSchema,
  })
  .refine((v) => v.currentPassword !== v.newPassword, { path: ['newPassword'], error: 'Choose a new password that differs from the current one' });

export type ChangePasswordInput = z.infer<typeof changePasswordSchema>;
