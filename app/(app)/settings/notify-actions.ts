'use server';

import { revalidatePath } from 'next/cache';
import { getDb } from '@/db/client';
import { updateEmailPreference } from '@/db/queries/email';
import type { FormState } from '@/app/_components/form-bits';
import { failed, formValues } from '@/app/_lib/action-state';
import { getViewer } from '@/app/_lib/viewer';

const LABELS: Record<string, string> = { immediate: 'as things happen', daily: 'once a day, as a digest', off: 'never' };

export async function updateEmailPreferenceAction(_prev: FormState, form: FormData): Promise<FormState> {
  const values = formValues(form, ['emailNotifications']);
  const viewer = await getViewer();
  if (!viewer) return { ok: false, formError: 'Your session has ended: sign in again.', values };
  try {
    const saved = await updateEmailPreference(getDb(), viewer, values);
    revalidatePath('/settings');
    return { ok: true, message: `Saved: Candor will email you ${LABELS[saved.emailNotifications]}.`, values };
  } catch (e) {
    return failed(e, values);
  }
}
