'use server';

import { revalidatePath } from 'next/cache';
import { getDb } from '@/db/client';
import { setUserActive, setUserRoles } from '@/db/queries/users';
import type { FormState } from '@/app/_components/form-bits';
import { failed, formValues } from '@/app/_lib/action-state';
import { getViewer } from '@/app/_lib/viewer';
import { FUNCTION_LABELS, type UserFunction } from '@/lib/vocabulary';

const signedOut: FormState = { ok: false, formError: 'Your session has ended: sign in again.' };

/** The People page: an org admin sets someone's function and org-admin flag (one labelled form per person). */
export async function setPersonRolesAction(_prev: FormState, form: FormData): Promise<FormState> {
  const values = formValues(form, ['function', 'orgAdmin']);
  const userId = String(form.get('userId') ?? '');
  const viewer = await getViewer();
  if (!viewer) return { ...signedOut, values };
  try {
    const u = await setUserRoles(getDb(), viewer, userId, { function: values.function, orgAdmin: form.get('orgAdmin') === 'on' });
    revalidatePath('/settings/people');
    return { ok: true, message: `Saved: ${u.name} is ${FUNCTION_LABELS[u.function as UserFunction]}${u.isOrgAdmin ? ', organisation admin' : ''}.`, values };
  } catch (e) {
    return failed(e, values);
  }
}

/** The People page: an org admin deactivates someone who left, or brings them back. */
export async function setPersonActiveAction(_prev: FormState, form: FormData): Promise<FormState> {
  const userId = String(form.get('userId') ?? '');
  const name = String(form.get('name') ?? 'This person');
  const viewer = await getViewer();
  if (!viewer) return signedOut;
  try {
    const r = await setUserActive(getDb(), viewer, userId, { active: form.get('active') === 'true' });
    revalidatePath('/settings/people');
    const count = (n: number, what: string) => (n ? `, ${n} ${what}${n === 1 ? '' : 's'} revoked` : '');
    const revoked = count(r.tokensRevoked, 'token') + count(r.invitesRevoked, 'unused invite');
    return { ok: true, message: r.active ? `${name} can sign in again.` : `${name} is deactivated: signed out everywhere${revoked}.` };
  } catch (e) {
    return failed(e, {});
  }
}
