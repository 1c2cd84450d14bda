import Link from 'next/link';
import type { DecisionListItem } from '@/db/queries/history';
import { FUNCTION_LABELS, OUTCOME_LABELS } from '@/lib/vocabulary';
import { StatusBadge } from './status-badge';
import { formatDate, TimeAgo } from './time-ago';
import { stripInlineMarkdown } from '@/lib/plain-text';

/** The TL;DR as one line of plain text, cut at a word near 220 characters. */
function summaryLine(summary: string): string {
  const flat = stripInlineMarkdown(summary).replace(/\s+/g, ' ').trim();
  if (flat.length <= 220) return flat;
  const cut = flat.slice(0, 220);
  const space = cut.lastIndexOf(' ');
  return `${space > 160 ? cut.slice(0, space) : cut}…`;
}

/** Dense, scannable rows: title, team, author and function, status, age, counts. */
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
            <span className="row small">
              {d.imported && <span className="chip">Imported</span>}
              {d.publishedRelaxed && (
                <span className="chip warn" title="Published under a team policy weaker than Candor’s default gate">
                  Relaxed policy
                </span>
              )}
              {d.outcome && <span className={`chip ${d.outcome === 'validated' ? 'good' : d.outcome === 'invalidated' ? 'bad' : ''}`}>Outcome: {OUTCOME_LABELS[d.outcome].toLowerCase()}</span>}
              <StatusBadge status={d.status} />
            </span>
            {d.summary && <p className="list-summary">{summaryLine(d.summary)}</p>}
            <div className="meta">
              {showTeam && <Link href={`/teams/${d.team}`}>{d.teamName}</Link>}
              <span>
                {d.author.name} <span className="faint">· {FUNCTION_LABELS[d.author.function]}</span>
              </span>
              {d.publishedAt ? <span>Published {formatDate(d.publishedAt)}</span> : <span>Revision {d.revision}</span>}
              <span>
                Active <TimeAgo iso={d.lastActivityAt} />
              </span>
              {d.comments > 0 && <span>{d.comments} comment{d.comments === 1 ? '' : 's'}</span>}
              {d.verdicts > 0 && <span>{d.verdicts} verdict{d.verdicts === 1 ? '' : 's'}</span>}
            </div>
          </div>
        </li>
      ))}
    </ul>
  );
}
