'use server';

import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { getDb } from '@/db/client';
import { createMetric, updateMetric } from '@/db/queries/metrics';
import type { FormState } from '@/app/_components/form-bits';
import { failed, formValues } from '@/app/_lib/action-state';
import { getViewer } from '@/app/_lib/viewer';

const FIELDS = ['key', 'name', 'kind', 'ownerEmail', 'definition'];

export async function createMetricAction(_prev: FormState, form: FormData): Promise<FormState> {
  const values = formValues(form, FIELDS);
  const viewer = await getViewer();
  if (!viewer) return { formError: 'Your session has ended: sign in again.', values };
  let key: string;
  try {
    key = (await createMetric(getDb(), viewer, values)).key;
  } catch (e) {
    return failed(e, values);
  }
  revalidatePath('/metrics');
  redirect(`/metrics/${encodeURIComponent(key)}`);
}

export async function updateMetricAction(_prev: FormState, form: FormData): Promise<FormState> {
  const values = formValues(form, FIELDS);
  const viewer = await getViewer();
  if (!viewer) return { formError: 'Your session has ended: sign in again.', values };
  try {
    await updateMetric(getDb(), viewer, values.key!, values);
  } catch (e) {
    return failed(e, values);
  }
  revalidatePath(`/metrics/${encodeURIComponent(values.key!)}`);
  return { ok: true, message: 'Saved.', values };
}
