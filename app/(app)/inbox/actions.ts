'use server';

import { revalidatePath } from 'next/cache';
import { getDb } from '@/db/client';
import { markRead } from '@/db/queries/inbox';
import type { FormState } from '@/app/_components/form-bits';
import { failed } from '@/app/_lib/action-state';
import { getViewer } from '@/app/_lib/viewer';
import { markReadFormSchema } from '@/lib/validation/review';

/**
 * Mark one notification read (a posted `id`) or all of them (no `id`). A
 * malformed id is refused with a reason — it never marks everything read.
 */
export async function markReadAction(_prev: FormState, form: FormData): Promise<FormState> {
  const viewer = await getViewer();
  if (!viewer) return { ok: false, formError: 'Your session has ended: sign in again.' };
  const parsed = markReadFormSchema.safeParse({ ids: form.getAll('id').map((v) => (typeof v === 'string' ? v : '')) });
  if (!parsed.success) return { ok: false, formError: `Nothing was marked read: that is not a notification id (${parsed.error.issues[0]?.message ?? 'malformed'})` };
  const { ids } = parsed.data;
  try {
    const { marked } = await markRead(getDb(), viewer, ids.length ? { ids } : {});
    revalidatePath('/', 'layout');
    return { ok: true, message: marked === 1 ? 'Marked read.' : `${marked} marked read.` };
  } catch (e) {
    return failed(e, {});
  }
}
