import { headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { cache } from 'react';
import { getDb } from '@/db/client';
import type { Viewer } from '@/db/queries/users';
import { viewerFromHeaders } from '@/lib/api';

/** The signed-in person for this request (deduplicated across layout and page). */
export const getViewer = cache(async (): Promise<Viewer | null> => viewerFromHeaders(getDb(), await headers()));

/** Pages call this first: anonymous visitors go to sign-in and come back to `returnTo`. */
export async function requireViewer(returnTo: string): Promise<Viewer> {
  const viewer = await getViewer();
  if (!viewer) redirect(`/sign-in?next=${encodeURIComponent(returnTo)}`);
  return viewer;
}

/** Only same-site paths are valid return targets (no open redirects). */
export function safeReturnTo(next: unknown, fallback = '/'): string {
  return typeof next === 'string' && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/\\') ? next : fallback;
}
