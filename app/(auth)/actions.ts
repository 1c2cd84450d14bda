'use server';

import { APIError } from 'better-auth';
import { headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { safeReturnTo } from '@/app/_lib/viewer';
import { getAuth } from '@/lib/auth';
import { issuesFromZod } from '@/lib/errors';
import { signInSchema, signUpSchema } from '@/lib/validation/user';

export type AuthFormState = {
  formError?: string;
  fieldErrors?: Record<string, string>;
  /** What the person typed (never the password), so a failed attempt keeps it. */
  values?: Record<string, string>;
};

function fieldErrorsOf(error: import('zod').ZodError) {
  const out: Record<string, string> = {};
  for (const i of issuesFromZod(error)) if (!(i.path in out)) out[i.path] = i.message;
  return out;
}

export async function signInAction(_prev: AuthFormState, form: FormData): Promise<AuthFormState> {
  const values = { email: String(form.get('email') ?? '') };
  const parsed = signInSchema.safeParse({ email: form.get('email'), password: form.get('password') });
  if (!parsed.success) return { values, fieldErrors: fieldErrorsOf(parsed.error) };
  try {
    await getAuth().api.signInEmail({ body: parsed.data, headers: await headers() });
  } catch (e) {
    if (e instanceof APIError) {
      return { values, formError: e.statusCode === 401 ? 'That email and password don’t match an account. Check both and try again.' : e.message };
    }
    throw e;
  }
  redirect(safeReturnTo(form.get('next')));
}

export async function signUpAction(_prev: AuthFormState, form: FormData): Promise<AuthFormState> {
  const values = { name: String(form.get('name') ?? ''), email: String(form.get('email') ?? ''), function: String(form.get('function') ?? '') };
  const parsed = signUpSchema.safeParse({ name: form.get('name'), email: form.get('email'), password: form.get('password'), function: form.get('function') || undefined });
  if (!parsed.success) return { values, fieldErrors: fieldErrorsOf(parsed.error) };
  try {
    await getAuth().api.signUpEmail({ body: parsed.data, headers: await headers() });
  } catch (e) {
    if (e instanceof APIError) {
      const exists = /exist/i.test(e.message);
      return exists
        ? { values, fieldErrors: { email: 'There is already an account with this email: sign in instead' } }
        : { values, formError: e.message };
    }
    throw e;
  }
  redirect('/');
}
