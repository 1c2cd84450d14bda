'use server';

import { revalidatePath } from 'next/cache';
import { getDb } from '@/db/client';
import { markRead } from '@/db/queries/inbox';
import { getViewer } from '@/app/_lib/viewer';

export async function markReadAction(form: FormData) {
  const viewer = await getViewer();
  if (!viewer) return;
  const ids = form.getAll('id').map(Number).filter(Number.isSafeInteger);
  await markRead(getDb(), viewer, ids.length ? { ids } : {});
  revalidatePath('/', 'layout');
}
