/** A quiet placeholder while a list's data loads: the page's title, then a few grey rows. */
export function LoadingList({ title, rows = 4 }: { title: string; rows?: number }) {
  return (
    <div className="page loading-page" aria-busy="true">
      <h1>{title}</h1>
      <p className="sr-only" role="status">
        Loading…
      </p>
      <ul className="list skeleton" aria-hidden="true">
        {Array.from({ length: rows }, (_, i) => (
          <li key={i}>
            <span className="skeleton-line wide" />
            <span className="skeleton-line" />
          </li>
        ))}
      </ul>
    </div>
  );
}
