'use server';

import { redirect } from 'next/navigation';
import { getDb } from '@/db/client';
import { createDecision } from '@/db/queries/decisions';
import { getViewer } from '@/app/_lib/viewer';
import { toActionError } from '@/lib/errors';

export type NewDecisionState = { formError?: string; fieldErrors?: Record<string, string>; values?: { team: string; title: string } };

export async function createDecisionAction(_prev: NewDecisionState, form: FormData): Promise<NewDecisionState> {
  const values = { team: String(form.get('team') ?? ''), title: String(form.get('title') ?? '') };
  const viewer = await getViewer();
  if (!viewer) return { values, formError: 'Your session has ended: sign in again.' };
  let id: number;
  try {
    id = (await createDecision(getDb(), viewer, { team: values.team, content: { title: values.title } })).id;
  } catch (e) {
    const err = toActionError(e);
    return { values, formError: err.formError, fieldErrors: err.fieldErrors };
  }
  redirect(`/decisions/${id}/edit`);
}
