import type { Metadata } from 'next';
import { getDb } from '@/db/client';
import { listDecisions } from '@/db/queries/decisions';
import { listTeams } from '@/db/queries/teams';
import { DecisionList } from '@/app/_components/decision-list';
import { Pager } from '@/app/_components/pager';
import { requireViewer } from '@/app/_lib/viewer';
import { AppError } from '@/lib/errors';
import { STATUS_LABELS, STATUSES } from '@/lib/validation/common';

export const metadata: Metadata = { title: 'Decisions · Candor' };

type Search = { team?: string; status?: string; author?: string; cursor?: string };

export default async function DecisionsPage({ searchParams }: { searchParams: Promise<Search> }) {
  const viewer = await requireViewer('/decisions');
  const sp = await searchParams;
  const db = getDb();
  const teams = await listTeams(db, viewer);
  const filters = { team: sp.team || undefined, status: sp.status || undefined, author: sp.author || undefined };
  let page: Awaited<ReturnType<typeof listDecisions>> = { items: [], nextCursor: null };
  let problem: string | null = null;
  try {
    page = await listDecisions(db, viewer, { ...filters, cursor: sp.cursor, limit: 25 });
  } catch (e) {
    if (!(e instanceof AppError)) throw e;
    problem = e.message;
  }
  return (
    <div className="page">
      <div className="page-head">
        <div>
          <h1>Decisions</h1>
          <p>Every decision in the organisation, most recently updated first.</p>
        </div>
      </div>
      <form method="get" className="card" style={{ marginBottom: '1rem', padding: '0.9rem 1.1rem' }} aria-label="Filter decisions">
        <div className="inline-form">
          <div className="field">
            <label htmlFor="team">Team</label>
            <select id="team" name="team" defaultValue={filters.team ?? ''}>
              <option value="">All teams</option>
              {teams.map((t) => (
                <option key={t.slug} value={t.slug}>
                  {t.name}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="status">Status</label>
            <select id="status" name="status" defaultValue={filters.status ?? ''}>
              <option value="">Any status</option>
              {STATUSES.map((s) => (
                <option key={s} value={s}>
                  {STATUS_LABELS[s]}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="author">Author</label>
            <input id="author" name="author" type="text" placeholder="email, or “me”" defaultValue={filters.author ?? ''} />
          </div>
          <button className="button" type="submit">
            Apply filters
          </button>
        </div>
      </form>
      {problem && (
        <p className="form-error" role="status">
          {problem}
        </p>
      )}
      <DecisionList
        items={page.items}
        empty={
          <>
            <strong>No decisions match</strong>Try fewer filters.
          </>
        }
      />
      <Pager basePath="/decisions" params={filters} nextCursor={page.nextCursor} isFirst={!sp.cursor} />
    </div>
  );
}
