/**
 * Only same-origin paths are valid return targets (no open redirects). The
 * check runs on what the browser will actually follow: browsers drop tabs and
 * newlines from URLs and treat a backslash like `/`, so `/\t/evil.test` becomes
 * `//evil.test`. Anything with a control character, whitespace or backslash,
 * anything starting `//` (before or after dot segments are resolved), and
 * anything that resolves to another origin falls back to `fallback`. Never throws.
 *
 * Used for ?next= after sign-in and for every redirect field sent to better-auth (server/auth-input-policy.ts).
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
