'use server';

import { revalidatePath } from 'next/cache';
import { getDb } from '@/db/client';
import { createToken, revokeAllTokensConfirmed, revokeToken } from '@/db/queries/tokens';
import { updateProfile } from '@/db/queries/users';
import { TOKEN_SCOPE_LABELS, type TokenScope } from '@/lib/validation/token';
import type { FormState } from '@/app/_components/form-bits';
import { failed, formValues } from '@/app/_lib/action-state';
import { getViewer } from '@/app/_lib/viewer';
import { positiveInt } from '@/app/api/v1/_lib/params';

const signedOut: FormState = { ok: false, formError: 'Your session has ended: sign in again.' };

export async function updateProfileAction(_prev: FormState, form: FormData): Promise<FormState> {
  const values = formValues(form, ['name']);
  const viewer = await getViewer();
  if (!viewer) return { ...signedOut, values };
  try {
    await updateProfile(getDb(), viewer, values);
  } catch (e) {
    return failed(e, values);
  }
  revalidatePath('/', 'layout');
  return { ok: true, message: 'Profile saved.', values };
}

export type TokenState = FormState & { token?: string; scope?: TokenScope };

export async function createTokenAction(_prev: TokenState, form: FormData): Promise<TokenState> {
  const values = formValues(form, ['label', 'scope']);
  const viewer = await getViewer();
  if (!viewer) return { ...signedOut, values };
  try {
    const { token, record } = await createToken(getDb(), viewer, values);
    revalidatePath('/settings/tokens');
    return { ok: true, message: `${TOKEN_SCOPE_LABELS[record.scope]} “${record.label}” created.`, token, scope: record.scope };
  } catch (e) {
    return failed(e, values);
  }
}

export async function revokeTokenAction(_prev: FormState, form: FormData): Promise<FormState> {
  const viewer = await getViewer();
  if (!viewer) return signedOut;
  try {
    await revokeToken(getDb(), viewer, positiveInt(String(form.get('id') ?? ''), 'token'));
  } catch (e) {
    return failed(e, {});
  }
  revalidatePath('/settings/tokens');
  return { ok: true, message: 'Token revoked.' };
}

/** Settings → API tokens, "Revoke all tokens": every live token of the viewer's, once they ticked the confirmation. */
export async function revokeAllTokensAction(_prev: FormState, form: FormData): Promise<FormState> {
  const values = formValues(form, ['confirm']);
  const viewer = await getViewer();
  if (!viewer) return signedOut;
  let revoked: number;
  try {
    revoked = await revokeAllTokensConfirmed(getDb(), viewer, values);
  } catch (e) {
    return failed(e, values);
  }
  revalidatePath('/settings/tokens');
  return { ok: true, message: revoked === 0 ? 'You had no active tokens: nothing was revoked.' : `Revoked ${revoked === 1 ? 'your 1 active token' : `your ${revoked} active tokens`}. Scripts and feed readers using them have stopped.` };
}
