import Link from 'next/link';

/** Keyset pagination: "first page" and "next page" links that keep the other query parameters. */
export function Pager({ basePath, params, nextCursor, isFirst }: { basePath: string; params: Record<string, string | undefined>; nextCursor: string | null; isFirst: boolean }) {
  if (!nextCursor && isFirst) return null;
  const href = (cursor?: string) => {
    const q = new URLSearchParams();
    for (const [k, v] of Object.entries(params)) if (v && k !== 'cursor') q.set(k, v);
    if (cursor) q.set('cursor', cursor);
    const s = q.toString();
    return s ? `${basePath}?${s}` : basePath;
  };
  return (
    <nav className="pager" aria-label="Pagination">
      {isFirst ? <span /> : <Link href={href()}>← Back to the newest</Link>}
      {nextCursor ? (
        <Link className="button small" href={href(nextCursor)} rel="next">
          Older →
        </Link>
      ) : (
        <span>That’s everything.</span>
      )}
    </nav>
  );
}
