import Link from 'next/link';

/**
 * The calm page shown when something cannot be displayed (not found, an error):
 * what happened in one sentence, what to do next, and always a way back.
 */
export function ProblemPage({ title, children, actions }: { title: string; children: React.ReactNode; actions?: React.ReactNode }) {
  return (
    <div className="page-narrow problem-page">
      <h1>{title}</h1>
      <div className="problem-body">{children}</div>
      <div className="row problem-actions">
        {actions}
        <Link href="/" className="button">
          Go to My work
        </Link>
        <Link href="/decisions" className="button ghost">
          Browse decisions
        </Link>
      </div>
    </div>
  );
}
