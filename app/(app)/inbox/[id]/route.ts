import { redirect } from 'next/navigation';
import { getDb } from '@/db/client';
import { markRead, notificationTarget } from '@/db/queries/inbox';
import { getViewer } from '@/app/_lib/viewer';

/** Opening a notification marks it read and goes to what it is about. */
export async function GET(_request: Request, ctx: { params: Promise<{ id: string }> }) {
  const viewer = await getViewer();
  const { id } = await ctx.params;
  if (!viewer) redirect(`/sign-in?next=${encodeURIComponent('/inbox')}`);
  const n = Number(id);
  if (!Number.isSafeInteger(n) || n <= 0) redirect('/inbox');
  const db = getDb();
  const target = await notificationTarget(db, viewer, n);
  await markRead(db, viewer, { ids: [n] });
  redirect(target ?? '/inbox');
}
