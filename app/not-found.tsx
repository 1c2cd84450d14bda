import type { Metadata } from 'next';
import { ProblemPage } from '@/app/_components/problem-page';

export const metadata: Metadata = { title: 'Page not found · Candor' };

/** An address that matches no page. */
export default function NotFound() {
  return (
    <main id="main">
      <ProblemPage title="We can’t find that page">
        <p>The address may be mistyped, or the page may have moved. Decisions are never deleted: if you followed a link to one, search for it by its title.</p>
      </ProblemPage>
    </main>
  );
}
