'use client';

import { useEffect } from 'react';
import { ErrorBody } from '@/app/_components/error-body';

/** An unexpected failure inside the app: the header stays, so every other page is one click away. */
export default function AppError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  useEffect(() => {
    console.error(error);
  }, [error]);
  return <ErrorBody error={error} reset={reset} />;
}
