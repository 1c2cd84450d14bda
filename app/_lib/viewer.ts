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

/**
 * Only same-origin paths are valid return targets (no open redirects). The
 * check runs on what the browser will actually follow: browsers drop tabs and
 * newlines from URLs and treat a backslash like `/`, so `/\t/evil.test` becomes
 * `//evil.test`. Anything with a control character, whitespace or backslash,
 * anything starting `//` (before or after dot segments are resolved), and
 * anything that resolves to another origin falls back to `fallback`. Never throws.
 */
export function safeReturnTo(next: unknown, fallback = '/'): string {
  if (typeof next !== 'string' || next.length === 0 || next.length > 2000) return fallback;
  if (!next.startsWith('/') || next.startsWith('//')) return fallback;
  // Control characters (C0, DEL, C1), any Unicode whitespace or line separator, and backslashes.
  if (/[\u0000-\u0020\u007f-\u009f\\\s\u2028\u2029\ufeff]/u.test(next)) return fallback;
  let resolved: URL;
  try {
    resolved = new URL(next, 'http://candor.invalid');
  } catch {
    return fallback;
  }
  if (resolved.origin !== 'http://candor.invalid') return fallback;
  // Resolving dot segments can make a path protocol-relative again: `/.//evil.test` becomes `//evil.test`.
  const path = resolved.pathname + resolved.search + resolved.hash;
  return path.startsWith('//') ? fallback : path;
}
