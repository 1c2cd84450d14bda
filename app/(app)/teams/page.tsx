import type { Metadata } from 'next';
import Link from 'next/link';
import { getDb } from '@/db/client';
import { listTeams } from '@/db/queries/teams';
import { requireViewer } from '@/app/_lib/viewer';
import { CreateTeamForm } from './team-forms';

export const metadata: Metadata = { title: 'Teams · Candor' };

export default async function TeamsPage() {
  const viewer = await requireViewer('/teams');
  const teams = await listTeams(getDb(), viewer);
  return (
    <div className="page-narrow">
      <div className="page-head">
        <div>
          <h1>Teams</h1>
          <p>Every decision belongs to a team. Anyone can read any team’s decisions; members write them.</p>
        </div>
      </div>
      {teams.length === 0 ? (
        <div className="list list-empty">
          <strong>No teams yet</strong>
          {viewer.isOrgAdmin ? 'Create the first one below.' : 'An organisation admin creates teams; ask yours to set one up.'}
        </div>
      ) : (
        <ul className="list">
          {teams.map((t) => (
            <li key={t.slug}>
              <div className="list-row">
                <Link className="title" href={`/teams/${t.slug}`}>
                  {t.name}
                </Link>
                <span className="small muted">{t.viewerRole ? (t.viewerRole === 'admin' ? 'You are an admin' : 'You are a member') : ''}</span>
                <div className="meta">
                  <code>{t.slug}</code>
                  <span>
                    {t.memberCount} member{t.memberCount === 1 ? '' : 's'}
                  </span>
                </div>
              </div>
            </li>
          ))}
        </ul>
      )}
      {viewer.isOrgAdmin && (
        <div style={{ marginTop: '2rem' }}>
          <CreateTeamForm />
        </div>
      )}
    </div>
  );
}
