import type { Metadata } from 'next';
import Link from 'next/link';
import { getDb } from '@/db/client';
import { listDecisions } from '@/db/queries/history';
import { outcomesDue } from '@/db/queries/publish';
import { canAdministerTeam, getTeamRole, listMembers, requireTeam } from '@/db/queries/teams';
import { DecisionList } from '@/app/_components/decision-list';
import { Pager } from '@/app/_components/pager';
import { orNotFound, orProblem } from '@/app/_lib/load';
import { requireViewer } from '@/app/_lib/viewer';
import { FUNCTION_LABELS } from '@/lib/validation/common';

type Props = { params: Promise<{ slug: string }>; searchParams: Promise<{ cursor?: string; view?: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: `${(await params).slug} · Candor` };
}

export default async function TeamPage({ params, searchParams }: Props) {
  const { slug } = await params;
  const { cursor, view: rawView } = await searchParams;
  const view = rawView === 'timeline' ? 'timeline' : 'all';
  const viewer = await requireViewer(`/teams/${slug}`);
  const db = getDb();
  const team = await orNotFound(requireTeam(db, slug));
  const [[page, problem], members, role, admin, due] = await Promise.all([
    // A damaged or stale page link is answered on the page, not with an error.
    orProblem(listDecisions(db, viewer, { team: team.slug, cursor, limit: 25, sort: view === 'timeline' ? 'published' : 'activity' }), { items: [], nextCursor: null }),
    listMembers(db, team.id),
    getTeamRole(db, team.id, viewer.id),
    canAdministerTeam(db, viewer, team.id),
    outcomesDue(db, { teamId: team.id }),
  ]);
  return (
    <div className="page">
      <div className="page-head">
        <div>
          <nav className="breadcrumbs" aria-label="Breadcrumb">
            <Link href="/teams">Teams</Link> / {team.name}
          </nav>
          <h1>{team.name}</h1>
          <p>{view === 'timeline' ? 'What this team decided, month by month, by the date each decision was published.' : 'Every decision this team has drafted, circulated or published, most recently active first.'}</p>
        </div>
        <div className="row">
          {admin && (
            <Link className="button" href={`/teams/${team.slug}/settings`}>
              Team settings
            </Link>
          )}
          {role && (
            <Link className="button primary" href={`/decisions/new?team=${team.slug}`}>
              New decision
            </Link>
          )}
        </div>
      </div>
      <div className="decision-layout">
        <div>
          <nav className="tabs" aria-label="Team views">
            <Link href={`/teams/${team.slug}`} aria-current={view === 'all' ? 'page' : undefined}>
              All decisions
            </Link>
            <Link href={`/teams/${team.slug}?view=timeline`} aria-current={view === 'timeline' ? 'page' : undefined}>
              Timeline
            </Link>
            <a href={`/teams/${team.slug}/feed.xml`}>Atom feed</a>
          </nav>
          {problem && (
            <p className="form-error" role="status">
              {problem}
            </p>
          )}
          {problem ? null : view === 'timeline' ? (
            page.items.length === 0 ? (
              <div className="list list-empty">
                <strong>Nothing published yet</strong>The timeline shows decisions by the month they were published.
              </div>
            ) : (
              byMonth(page.items).map(([month, items]) => (
                <section key={month} aria-label={month}>
                  <h2 className="timeline-month">{month}</h2>
                  <DecisionList items={items} showTeam={false} empty={null} />
                </section>
              ))
            )
          ) : (
            <DecisionList
              items={page.items}
              showTeam={false}
              empty={
                <>
                  <strong>No decisions yet</strong>
                  {role ? 'Start the first one with “New decision”.' : 'Members of this team write its decisions.'}
                </>
              }
            />
          )}
          <Pager basePath={`/teams/${team.slug}`} params={{ view: view === 'timeline' ? 'timeline' : undefined }} nextCursor={page.nextCursor} isFirst={!cursor} problem={problem} />
        </div>
        <aside className="rail" aria-label="About this team">
          {due.length > 0 && (
            <div className="rail-box merge-box blocked">
              <h2>Outcome due</h2>
              <ul className="rail-list">
                {due.map((d) => (
                  <li key={d.id}>
                    <Link href={`/decisions/${d.id}#outcome`}>{d.title}</Link>
                    <span className="faint small nowrap">{d.outcomeReviewDate}</span>
                  </li>
                ))}
              </ul>
            </div>
          )}
          <div className="rail-box">
            <h2>Members ({members.length})</h2>
            <ul className="rail-list">
              {members.map((m) => (
                <li key={m.userId}>
                  <span>
                    {m.name}
                    {m.role === 'admin' && <span className="chip" style={{ marginLeft: '0.35rem' }}>admin</span>}
                    {!m.active && <span className="chip bad" style={{ marginLeft: '0.35rem' }}>deactivated</span>}
                  </span>
                  <span className="faint small">{FUNCTION_LABELS[m.function]}</span>
                </li>
              ))}
            </ul>
          </div>
        </aside>
      </div>
    </div>
  );
}

const monthFormat = new Intl.DateTimeFormat('en-GB', { month: 'long', year: 'numeric', timeZone: 'UTC' });

/** Group a page of published decisions by the month they were published, newest first. */
function byMonth<T extends { publishedAt: string | null }>(items: T[]): [string, T[]][] {
  const groups = new Map<string, T[]>();
  for (const d of items) {
    const key = d.publishedAt ? monthFormat.format(new Date(d.publishedAt)) : 'Not published';
    groups.set(key, [...(groups.get(key) ?? []), d]);
  }
  return [...groups.entries()];
}
