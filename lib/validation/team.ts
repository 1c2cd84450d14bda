import { z } from 'zod';
import { emailSchema, slugSchema, TEAM_ROLES, cleanLine } from './common';

export const createTeamSchema = z.object({
  slug: slugSchema,
  name: z
    .string({ error: 'Enter a team name' }).overwrite(cleanLine)
    .trim()
    .min(2, { error: 'A team name needs at least 2 characters' })
    .max(80, { error: 'Keep the team name under 80 characters' }),
});

export const addMemberSchema = z.object({
  email: emailSchema,
  role: z.enum(TEAM_ROLES, { error: 'Role must be member or admin' }).default('member'),
});

export const setMemberRoleSchema = z.object({
  userId: z.string().min(1),
  role: z.enum(TEAM_ROLES, { error: 'Role must be member or admin' }),
});
