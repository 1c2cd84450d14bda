import type { Metadata } from 'next';
import Link from 'next/link';
import { getDb } from '@/db/client';
import { listDecisions, searchDecisions } from '@/db/queries/history';
import { listMetrics } from '@/db/queries/metrics';
import { listTeams } from '@/db/queries/teams';
import { DecisionList } from '@/app/_components/decision-list';
import { Pager } from '@/app/_components/pager';
import { StatusBadge } from '@/app/_components/status-badge';
import { TimeAgo } from '@/app/_components/time-ago';
import { requireViewer } from '@/app/_lib/viewer';
import { orProblem } from '@/app/_lib/load';
import { FilterForm } from './filter-form';
import { FUNCTION_LABELS, STATUS_LABELS, STATUSES } from '@/lib/validation/common';
import { snippetSourceLabel } from '@/lib/search';

export const metadata: Metadata = { title: 'Decisions · Candor' };

const FILTER_KEYS = ['q', 'team', 'status', 'author', 'tag', 'metric', 'from', 'to', 'sort'] as const;
type Search = Partial<Record<(typeof FILTER_KEYS)[number] | 'cursor', string>>;

export default async function DecisionsPage({ searchParams }: { searchParams: Promise<Search> }) {
  const viewer = await requireViewer('/decisions');
  const sp = await searchParams;
  const db = getDb();
  const [teams, metrics] = await Promise.all([listTeams(db, viewer), listMetrics(db)]);
  const filters = Object.fromEntries(FILTER_KEYS.map((k) => [k, typeof sp[k] === 'string' && sp[k] ? sp[k] : undefined])) as Partial<Record<(typeof FILTER_KEYS)[number], string>>;
  const searching = !!filters.q?.trim();
  const empty = { items: [], nextCursor: null };
  const [hits, searchProblem] = searching ? await orProblem(searchDecisions(db, viewer, { ...filters, cursor: sp.cursor }), empty) : [empty, null];
  const [list, listProblem] = searching ? [empty, null] : await orProblem(listDecisions(db, viewer, { ...filters, cursor: sp.cursor }), empty);
  const problem = searchProblem ?? listProblem;
  const active = FILTER_KEYS.some((k) => k !== 'sort' && filters[k]);
  return (
    <div className="page">
      <div className="page-head">
        <div>
          <h1>Decisions</h1>
          <p>What every team decided, on what evidence, and who disagreed. Filters live in the address bar, so a view can be shared.</p>
        </div>
        <div className="row">
          <a className="button small" href={`/feed.xml`}>
            Atom feed
          </a>
          <Link className="small" href="/settings/tokens?for=feed">
            Follow in a feed reader
          </Link>
        </div>
      </div>
      <FilterForm className="card filters" label="Search and filter decisions">
        <div className="field search-field">
          <label htmlFor="q">Search</label>
          <input id="q" name="q" type="search" placeholder="Words, “exact phrases”, prefix*, OR, -exclude" defaultValue={filters.q ?? ''} />
        </div>
        <div className="filter-grid">
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
            <input id="author" name="author" type="text" placeholder="name or email" title="A name or part of one, an email, or “me”" defaultValue={filters.author ?? ''} />
          </div>
          <div className="field">
            <label htmlFor="tag">Tag</label>
            <input id="tag" name="tag" type="text" placeholder="e.g. checkout" defaultValue={filters.tag ?? ''} />
          </div>
          <div className="field">
            <label htmlFor="metric">Cites metric</label>
            <select id="metric" name="metric" defaultValue={filters.metric ?? ''}>
              <option value="">Any metric</option>
              {metrics.map((m) => (
                <option key={m.key} value={m.key}>
                  {m.name}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="from">From</label>
            <input id="from" name="from" type="date" defaultValue={filters.from ?? ''} />
          </div>
          <div className="field">
            <label htmlFor="to">To</label>
            <input id="to" name="to" type="date" defaultValue={filters.to ?? ''} />
          </div>
          <div className="field">
            <label htmlFor="sort">Sort by</label>
            <select id="sort" name="sort" defaultValue={filters.sort ?? 'activity'}>
              <option value="activity">Last activity</option>
              <option value="published">Publish date</option>
            </select>
          </div>
        </div>
        <div className="row">
          <button className="button primary" type="submit">
            Search
          </button>
          {active && (
            <Link href="/decisions" className="button ghost">
              Clear
            </Link>
          )}
          {searching && <span className="small muted">Ranked by relevance; dates filter on last activity.</span>}
        </div>
      </FilterForm>
      {problem && (
        <p className="form-error" role="status">
          {problem}
        </p>
      )}
      {problem ? null : searching ? (
        hits.items.length === 0 ? (
          <div className="list list-empty">
            <strong>No decisions match “{filters.q}”</strong>Try fewer words, a prefix like <code>price*</code>, or fewer filters.
          </div>
        ) : (
          <ul className="list" aria-label="Search results">
            {hits.items.map((h) => (
              <li key={h.id}>
                <div className="list-row">
                  <Link className="title" href={`/decisions/${h.id}`}>
                    {h.title || `Untitled decision #${h.id}`}
                  </Link>
                  <StatusBadge status={h.status} />
                  <p className="snippet">
                    {h.snippetFrom ? <span className="snippet-from">{snippetSourceLabel(h.snippetFrom)}: </span> : null}
                    {h.snippet.map((p, i) => (p.hit ? <mark key={i}>{p.text}</mark> : <span key={i}>{p.text}</span>))}
                  </p>
                  <div className="meta">
                    <Link href={`/teams/${h.team}`}>{h.teamName}</Link>
                    <span>
                      {h.author.name} <span className="faint">· {FUNCTION_LABELS[h.author.function]}</span>
                    </span>
                    <span>
                      Updated <TimeAgo iso={h.updatedAt} />
                    </span>
                  </div>
                </div>
              </li>
            ))}
          </ul>
        )
      ) : (
        <DecisionList
          items={list.items}
          empty={
            <>
              <strong>No decisions match</strong>
              {active ? 'Try fewer filters.' : 'Start one with “New decision”.'}
            </>
          }
        />
      )}
      <Pager basePath="/decisions" params={filters} nextCursor={searching ? hits.nextCursor : list.nextCursor} isFirst={!sp.cursor} problem={problem} />
    </div>
  );
}
