import type { Metadata } from 'next';
import Link from 'next/link';
import { getDb } from '@/db/client';
import { listViewerTeams } from '@/db/queries/teams';
import { requireViewer } from '@/app/_lib/viewer';
import { NewDecisionForm } from './new-decision-form';

export const metadata: Metadata = { title: 'New decision · Candor' };

export default async function NewDecisionPage({ searchParams }: { searchParams: Promise<{ team?: string }> }) {
  const viewer = await requireViewer('/decisions/new');
  const { team } = await searchParams;
  const teams = await listViewerTeams(getDb(), viewer.id);
  return (
    <div className="page-narrow">
      <h1>New decision</h1>
      <p className="muted">Start a draft in one of your teams. Nothing is circulated until you say so.</p>
      {teams.length === 0 ? (
        <div className="card empty">
          <h2>You are not in a team yet</h2>
          <p>Decisions belong to a team. Ask a team admin to add you{viewer.isOrgAdmin ? ', or ' : '.'}
            {viewer.isOrgAdmin && <Link href="/teams">create a team</Link>}
            {viewer.isOrgAdmin && '.'}
          </p>
        </div>
      ) : (
        <NewDecisionForm teams={teams} team={team} />
      )}
    </div>
  );
}
