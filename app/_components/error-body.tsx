'use client';

import { ProblemPage } from './problem-page';

/** What an error page says: calm, what to do, a reference for the admin, and a way back. */
export function ErrorBody({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <ProblemPage
      title="Something went wrong on our side"
      actions={
        <button type="button" className="button primary" onClick={() => reset()}>
          Try again
        </button>
      }
    >
      <p>This page could not be shown. Nothing you saved is lost: every save is kept as a revision. Try again in a moment; if it keeps happening, tell your Candor admin.</p>
      {error.digest && (
        <p className="small muted">
          Reference for your admin: <code>{error.digest}</code>
        </p>
      )}
    </ProblemPage>
  );
}
