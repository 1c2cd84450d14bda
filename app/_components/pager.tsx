import Link from 'next/link';

/**
 * Keyset pagination: "first page" and "next page" links that keep the other query parameters.
 * With `problem` (the page link was refused, e.g. a damaged cursor) only the way back is offered: the page
 * states the problem itself, and "That's everything" beside it would say the list is empty.
 */
export function Pager({
  basePath,
  params,
  nextCursor,
  isFirst,
  problem = null,
}: {
  basePath: string;
  params: Record<string, string | undefined>;
  nextCursor: string | null;
  isFirst: boolean;
  problem?: string | null;
}) {
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
      {problem ? null : nextCursor ? (
        <Link className="button small" href={href(nextCursor)} rel="next">
          Older →
        </Link>
      ) : (
        <span>That’s everything.</span>
      )}
    </nav>
  );
}
