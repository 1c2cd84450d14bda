import Link from 'next/link';
import type { DecisionListItem } from '@/db/queries/decisions';
import { FUNCTION_LABELS } from '@/lib/validation/common';
import { StatusBadge } from './status-badge';
import { TimeAgo } from './time-ago';

export function DecisionList({ items, empty, showTeam = true }: { items: DecisionListItem[]; empty: React.ReactNode; showTeam?: boolean }) {
  if (items.length === 0) return <div className="list list-empty">{empty}</div>;
  return (
    <ul className="list">
      {items.map((d) => (
        <li key={d.id}>
          <div className="list-row">
            <Link className="title" href={`/decisions/${d.id}`}>
              {d.title || <span className="placeholder">Untitled decision #{d.id}</span>}
            </Link>
            <StatusBadge status={d.status} />
            <div className="meta">
              {showTeam && <Link href={`/teams/${d.team}`}>{d.teamName}</Link>}
              <span>
                {d.author.name} <span className="faint">· {FUNCTION_LABELS[d.author.function]}</span>
              </span>
              <span>
                Revision {d.revision} · updated <TimeAgo iso={d.updatedAt} />
              </span>
            </div>
          </div>
        </li>
      ))}
    </ul>
  );
}
