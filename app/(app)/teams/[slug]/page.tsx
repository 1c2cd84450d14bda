import type { Metadata } from 'next';
import Link from 'next/link';
import { getDb } from '@/db/client';
import { listDecisions } from '@/db/queries/decisions';
import { outcomesDue } from '@/db/queries/publish';
import { canAdministerTeam, getTeamRole, listMembers, requireTeam } from '@/db/queries/teams';
import { DecisionList } from '@/app/_components/decision-list';
import { Pager } from '@/app/_components/pager';
import { orNotFound } from '@/app/_lib/load';
import { requireViewer } from '@/app/_lib/viewer';
import { FUNCTION_LABELS } from '@/lib/validation/common';

type Props = { params: Promise<{ slug: string }>; searchParams: Promise<{ cursor?: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: `${(await params).slug} · Candor` };
}

export default async function TeamPage({ params, searchParams }: Props) {
  const { slug } = await params;
  const { cursor } = await searchParams;
  const viewer = await requireViewer(`/teams/${slug}`);
  const db = getDb();
  const team = await orNotFound(requireTeam(db, slug));
  const [page, members, role, admin, due] = await Promise.all([
    listDecisions(db, viewer, { team: team.slug, cursor, limit: 25 }),
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
          <p>Every decision this team has drafted, circulated or published, most recently updated first.</p>
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
          <Pager basePath={`/teams/${team.slug}`} params={{}} nextCursor={page.nextCursor} isFirst={!cursor} />
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
