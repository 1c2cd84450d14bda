import { redirect } from 'next/navigation';
import { getDb } from '@/db/client';
import { markRead, notificationTarget } from '@/db/queries/inbox';
import { getViewer } from '@/app/_lib/viewer';

/**
 * Opening a notification marks it read and goes to what it is about. A link
 * followed from another site (Sec-Fetch-Site: cross-site or same-site, e.g. a
 * page on another port of this machine) still goes there but changes nothing:
 * a GET that writes must not be triggerable by someone else's page.
 */
export async function GET(request: Request, ctx: { params: Promise<{ id: string }> }) {
  const viewer = await getViewer();
  const { id } = await ctx.params;
  if (!viewer) redirect(`/sign-in?next=${encodeURIComponent('/inbox')}`);
  const n = Number(id);
  if (!Number.isSafeInteger(n) || n <= 0) redirect('/inbox');
  const db = getDb();
  const target = await notificationTarget(db, viewer, n);
  const site = request.headers.get('sec-fetch-site');
  if (site === null || site === 'same-origin' || site === 'none') await markRead(db, viewer, { ids: [n] });
  redirect(target ?? '/inbox');
}
