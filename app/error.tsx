'use client';

import { useEffect } from 'react';
import { ErrorBody } from '@/app/_components/error-body';

/** An unexpected failure outside the signed-in app (sign-in, sign-up). It is logged on the server. */
export default function RootError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  useEffect(() => {
    console.error(error);
  }, [error]);
  return (
    <main id="main">
      <ErrorBody error={error} reset={reset} />
    </main>
  );
}
