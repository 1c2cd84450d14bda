'use server';

import { revalidatePath } from 'next/cache';
import { getDb } from '@/db/client';
import { updatePolicyFloor } from '@/db/queries/org';
import type { FormState } from '@/app/_components/form-bits';
import { failed } from '@/app/_lib/action-state';
import { getViewer } from '@/app/_lib/viewer';

/**
 * Numbers arrive as text; an empty box is sent as it is so the schema names it.
 * Field names match the schema's paths (minWords.title, lint:<rule> → lintLevels.<rule>).
 */
export async function updatePolicyFloorAction(_prev: FormState, form: FormData): Promise<FormState> {
  const values: Record<string, string> = {};
  const minWords: Record<string, unknown> = {};
  const lintLevels: Record<string, string> = {};
  const input: Record<string, unknown> = { minWords, lintLevels };
  for (const [key, raw] of form.entries()) {
    if (key.startsWith('$') || typeof raw !== 'string') continue;
    values[key] = raw;
    const n = raw.trim() === '' ? raw : Number(raw);
    if (key.startsWith('lint:')) {
      if (raw !== 'none') lintLevels[key.slice(5)] = raw;
    } else if (key.startsWith('minWords.')) {
      minWords[key.slice(9)] = n;
    } else if (key === 'minHoursInReview' || key === 'crossFunctionalApprovals' || key === 'maxFreshnessDays') {
      input[key] = n;
    }
  }
  input.requireMetricOwnerReview = form.get('requireMetricOwnerReview') === 'on';
  values.requireMetricOwnerReview = form.get('requireMetricOwnerReview') === 'on' ? 'on' : 'off';
  const viewer = await getViewer();
  if (!viewer) return { ok: false, formError: 'Your session has ended: sign in again.', values };
  try {
    await updatePolicyFloor(getDb(), viewer, input);
  } catch (e) {
    return failed(e, values);
  }
  revalidatePath('/settings/organisation');
  return { ok: true, message: 'Policy floor saved. Every team’s gate is now at least this strict.', values };
}
