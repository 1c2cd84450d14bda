'use server';

import { revalidatePath } from 'next/cache';
import { getDb } from '@/db/client';
import { createInvite, revokeInvite } from '@/db/queries/invites';
import type { FormState } from '@/app/_components/form-bits';
import { failed, formValues } from '@/app/_lib/action-state';
import { getViewer } from '@/app/_lib/viewer';
import { positiveInt } from '@/app/api/v1/_lib/params';

const signedOut: FormState = { ok: false, formError: 'Your session has ended: sign in again.' };

export type InviteState = FormState & { token?: string };

export async function createInviteAction(_prev: InviteState, form: FormData): Promise<InviteState> {
  const values = formValues(form, ['function', 'email', 'team', 'expiresInDays', 'orgAdmin']);
  const viewer = await getViewer();
  if (!viewer) return { ...signedOut, values };
  try {
    const { token, invite } = await createInvite(getDb(), viewer, { ...values, orgAdmin: form.get('orgAdmin') === 'on' });
    revalidatePath('/settings/invites');
    return { ok: true, message: `Invite created${invite.email ? ` for ${invite.email}` : ''}. It expires ${invite.expiresAt.slice(0, 10)}.`, token };
  } catch (e) {
    return failed(e, values);
  }
}

export async function revokeInviteAction(_prev: FormState, form: FormData): Promise<FormState> {
  const viewer = await getViewer();
  if (!viewer) return signedOut;
  try {
    await revokeInvite(getDb(), viewer, positiveInt(String(form.get('id') ?? ''), 'invite'));
  } catch (e) {
    return failed(e, {});
  }
  revalidatePath('/settings/invites');
  return { ok: true, message: 'Invite revoked.' };
}
