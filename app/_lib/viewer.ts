import { headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { cache } from 'react';
import { getDb } from '@/db/client';
import type { Viewer } from '@/db/queries/users';
import { viewerFromSession } from '@/server/api';

/**
 * The signed-in person for this request (deduplicated across layout and page): the session cookie
 * only. Tokens sign no one in to pages or Server Actions (server/api.ts, viewerFromSession), and an
 * Authorization header, such as a proxy's Basic credentials, is not read here.
 */
export const getViewer = cache(async (): Promise<Viewer | null> => viewerFromSession(getDb(), await headers()));

/** Pages call this first: anonymous visitors go to sign-in and come back to `returnTo`. */
export async function requireViewer(returnTo: string): Promise<Viewer> {
  const viewer = await getViewer();
  if (!viewer) redirect(`/sign-in?next=${encodeURIComponent(returnTo)}`);
  return viewer;
}
