'use server';

import { isAPIError } from 'better-auth/api';
import { headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { safeReturnTo } from '@/lib/return-to';
import { getDb } from '@/db/client';
import { signUpRefusal } from '@/db/queries/invites';
import { hitRateLimits } from '@/db/queries/rate-limits';
import { getAuth } from '@/server/auth';
import { failedToWrite, lostNameRace } from '@/server/auth-identity';
import { clientAddress, withClientAddress } from '@/server/client-address';
import { issuesFromZod } from '@/lib/errors';
import { SIGN_IN_ACCOUNT, SIGN_IN_ADDRESS, SIGN_UP_ADDRESS, tooManyAttemptsMessage } from '@/lib/rate-limit';
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

/** One message for a wrong password and an unknown email alike: it never reveals whether an account exists. */
const SIGN_IN_FAILED = 'That email and password don’t match an account. Check both and try again.';

export async function signInAction(_prev: AuthFormState, form: FormData): Promise<AuthFormState> {
  const values = { email: String(form.get('email') ?? '') };
  const parsed = signInSchema.safeParse({ email: form.get('email'), password: form.get('password') });
  if (!parsed.success) return { values, fieldErrors: fieldErrorsOf(parsed.error) };
  const h = await headers();
  // better-auth's own limiter does not see direct api calls: count the attempt here (failures only).
  const limit = await hitRateLimits(getDb(), [
    { rule: SIGN_IN_ACCOUNT, subject: parsed.data.email },
    { rule: SIGN_IN_ADDRESS, subject: clientAddress(h) },
  ]);
  if (!limit.allowed) return { values, formError: tooManyAttemptsMessage(limit.retryAfterSeconds) };
  try {
    await getAuth(h).api.signInEmail({ body: parsed.data, headers: withClientAddress(h) });
  } catch (e) {
    // better-auth throws better-call's APIError, not the class 'better-auth' exports: use its own check.
    if (isAPIError(e)) {
      if (e.statusCode === 401 || e.statusCode === 400 || e.statusCode === 404) return { values, formError: SIGN_IN_FAILED };
      return { values, formError: e.message || SIGN_IN_FAILED };
    }
    throw e;
  }
  await limit.refund();
  redirect(safeReturnTo(form.get('next')));
}

export async function signUpAction(_prev: AuthFormState, form: FormData): Promise<AuthFormState> {
  const values = { name: String(form.get('name') ?? ''), email: String(form.get('email') ?? ''), function: String(form.get('function') ?? ''), invite: String(form.get('invite') ?? '') };
  // `invite` is the token from the invite link; better-auth's user-create hook (server/auth-identity.ts) claims it.
  // `function` only counts for the very first account (bootstrap); otherwise the invite decides it.
  const parsed = signUpSchema.safeParse({ name: form.get('name'), email: form.get('email'), password: form.get('password'), function: form.get('function') || undefined, invite: form.get('invite') || undefined });
  if (!parsed.success) return { values, fieldErrors: fieldErrorsOf(parsed.error) };
  const h = await headers();
  // The same limit as /api/auth/sign-up/email (this calls better-auth directly, past its route).
  const limit = await hitRateLimits(getDb(), [{ rule: SIGN_UP_ADDRESS, subject: clientAddress(h) }]);
  if (!limit.allowed) return { values, formError: tooManyAttemptsMessage(limit.retryAfterSeconds, 'accounts created from your address') };
  // Invite first: without one, nobody learns whether an email already has an account.
  const refusal = await signUpRefusal(getDb(), { invite: parsed.data.invite, email: parsed.data.email });
  if (refusal) return { values, formError: refusal };
  try {
    await getAuth(h).api.signUpEmail({ body: parsed.data, headers: withClientAddress(h) });
  } catch (e) {
    if (isAPIError(e)) {
      if (/exist/i.test(e.message)) return { values, fieldErrors: { email: 'There is already an account with this email: sign in instead' } };
      if (e.body?.code === 'NAME_TAKEN') return { values, fieldErrors: { name: e.message } };
      // Someone took a name that reads the same at this very moment (server/auth-identity.ts lostNameRace).
      const lost = failedToWrite(e.statusCode, e.body?.code) ? await lostNameRace(getDb(), '/sign-up/email', parsed.data) : null;
      return lost ? { values, fieldErrors: { name: lost.message } } : { values, formError: e.message };
    }
    throw e;
  }
  redirect('/');
}
