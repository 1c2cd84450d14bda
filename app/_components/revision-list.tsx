import Link from 'next/link';
import type { RevisionSummary } from '@/db/queries/decisions';
import { SECTION_LABELS } from '@/lib/revisions';
import { TimeAgo } from './time-ago';

export function RevisionList({ decisionId, revisions, current }: { decisionId: number; revisions: RevisionSummary[]; current?: number }) {
  return (
    <ol className="rail-list" reversed>
      {revisions.map((r) => (
        <li key={r.number} style={{ flexDirection: 'column', alignItems: 'stretch', gap: 0 }}>
          <span className="row" style={{ justifyContent: 'space-between' }}>
            {r.number === current ? (
              <strong aria-current="page">Revision {r.number}</strong>
            ) : (
              <Link href={`/decisions/${decisionId}/revisions/${r.number}`}>Revision {r.number}</Link>
            )}
            <span className="faint small">
              <TimeAgo iso={r.createdAt} />
            </span>
          </span>
          <span className="small muted">
            {r.author.name}
            {r.number === 1 ? ' · first draft' : r.changed.length ? ` · ${r.changed.map((k) => SECTION_LABELS[k]).join(', ')}` : ''}
          </span>
        </li>
      ))}
    </ol>
  );
}
