'use server';

import { isAPIError } from 'better-auth/api';
import { headers } from 'next/headers';
import { redirect } from 'next/navigation';
import type { FormState } from '@/app/_components/form-bits';
import { getViewer } from '@/app/_lib/viewer';
import { getDb } from '@/db/client';
import { hitRateLimits } from '@/db/queries/rate-limits';
import { revokeAllTokens } from '@/db/queries/tokens';
import { getAuth } from '@/server/auth';
import { clientAddress, withClientAddress } from '@/server/client-address';
import { issuesFromZod } from '@/lib/errors';
import { passwordWeakness } from '@/lib/password-strength';
import { PASSWORD_CHECK_ACCOUNT, SIGN_IN_ADDRESS, tooManyAttemptsMessage } from '@/lib/rate-limit';
import { changePasswordSchema } from '@/lib/validation/password';

/*
 * Change password from Settings. Passwords are never sent back to the form
 * (a failed attempt clears both fields; the errors say which to fix). Success
 * signs out every other session of this person, and revokes their API and feed
 * tokens too when they tick the box.
 */
export async function changePasswordAction(_prev: FormState, form: FormData): Promise<FormState> {
  const viewer = await getViewer();
  if (!viewer) return { ok: false, formError: 'Your session has ended: sign in again.' };
  // A failed attempt keeps the "revoke my tokens" box as the person left it (never the passwords).
  const revokeTokens = form.get('revokeTokens') === 'on';
  const fail = (state: Omit<FormState, 'ok' | 'values'>): FormState => ({ ...state, ok: false, values: { revokeTokens: revokeTokens ? 'on' : '' } });
  const parsed = changePasswordSchema.safeParse({ currentPassword: form.get('currentPassword'), newPassword: form.get('newPassword') });
  if (!parsed.success) {
    const fieldErrors: Record<string, string> = {};
    for (const i of issuesFromZod(parsed.error)) fieldErrors[i.path] ??= i.message;
    return fail({ fieldErrors });
  }
  const personal = passwordWeakness(parsed.data.newPassword, [viewer.name, viewer.email]);
  if (personal) return fail({ fieldErrors: { newPassword: personal } });
  const h = await headers();
  const limit = await hitRateLimits(getDb(), [
    { rule: PASSWORD_CHECK_ACCOUNT, subject: viewer.id },
    { rule: SIGN_IN_ADDRESS, subject: clientAddress(h) },
  ]);
  if (!limit.allowed) return fail({ formError: tooManyAttemptsMessage(limit.retryAfterSeconds, 'password attempts') });
  try {
    await getAuth(h).api.changePassword({ body: { ...parsed.data, revokeOtherSessions: true }, headers: withClientAddress(h) });
  } catch (e) {
    if (!isAPIError(e)) throw e;
    const code = (e.body as { code?: string } | undefined)?.code;
    if (code === 'INVALID_PASSWORD') return fail({ fieldErrors: { currentPassword: 'That is not your current password' } });
    if (code === 'PASSWORD_TOO_WEAK') return fail({ fieldErrors: { newPassword: e.message } });
    if (e.statusCode === 401) return fail({ formError: 'Your session has ended: sign in again.' });
    return fail({ formError: e.message });
  }
  await limit.refund();
  // Someone who knew the old password may have made a token: revoke them all when asked. The password has
  // changed by now, so a failure here is reported beside that, not as an error page.
  let tokens = '';
  if (revokeTokens) {
    try {
      await revokeAllTokens(getDb(), viewer);
      tokens = '&tokens=revoked';
    } catch (e) {
      console.error('Revoking tokens after a password change failed', e);
      tokens = '&tokens=failed';
    }
  }
  // The session cookie was replaced, which makes Next refresh the whole page: the outcome travels in the URL.
  // The settings page counts the revoked tokens itself, so a crafted link cannot claim any were.
  redirect(`/settings?password=changed${tokens}`);
}
