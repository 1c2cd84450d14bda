'use client';

import './globals.css';

/** The last resort, when even the root layout failed: a complete page of its own. */
export default function GlobalError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <html lang="en">
      <head>
        <title>Something went wrong · Candor</title>
      </head>
      <body>
        <main id="main" className="page-narrow problem-page">
          <h1>Candor could not load</h1>
          <p>Something went wrong on our side. Nothing you saved is lost: every save is kept as a revision.</p>
          {error.digest && (
            <p className="small muted">
              Reference for your admin: <code>{error.digest}</code>
            </p>
          )}
          <div className="row problem-actions">
            <button type="button" className="button primary" onClick={() => reset()}>
              Try again
            </button>
            {/* A full page load on purpose: the app's router may be what failed. */}
            {/* eslint-disable-next-line @next/next/no-html-link-for-pages -- see above */}
            <a href="/" className="button">
              Go to My work
            </a>
          </div>
        </main>
      </body>
    </html>
  );
}
