import Link from 'next/link';
import { getDb } from '@/db/client';
import { listDecisions } from '@/db/queries/history';
import { listViewerTeams } from '@/db/queries/teams';
import { DecisionList } from '@/app/_components/decision-list';
import { Pager } from '@/app/_components/pager';
import { requireViewer } from '@/app/_lib/viewer';

export default async function HomePage({ searchParams }: { searchParams: Promise<{ cursor?: string }> }) {
  const viewer = await requireViewer('/');
  const { cursor } = await searchParams;
  const db = getDb();
  const [drafts, teams] = await Promise.all([listDecisions(db, viewer, { author: 'me', status: 'draft', cursor, limit: 20 }), listViewerTeams(db, viewer.id)]);
  return (
    <div className="page">
      <div className="page-head">
        <div>
          <h1>My drafts</h1>
          <p>Decisions you are writing. Drafts are visible to everyone, but only authors edit them.</p>
        </div>
        <Link className="button primary" href="/decisions/new">
          New decision
        </Link>
      </div>
      <DecisionList
        items={drafts.items}
        empty={
          <>
            <strong>No drafts yet</strong>
            {teams.length ? (
              <>
                Start one with <Link href="/decisions/new">New decision</Link>: state the problem, your data sources and how you analysed them.
              </>
            ) : (
              <>You are not in a team yet. Ask a team admin to add you; then you can start decisions in it.</>
            )}
          </>
        }
      />
      <Pager basePath="/" params={{}} nextCursor={drafts.nextCursor} isFirst={!cursor} />
      {teams.length > 0 && (
        <section style={{ marginTop: '2.5rem' }} aria-labelledby="my-teams">
          <h2 id="my-teams">My teams</h2>
          <div className="row">
            {teams.map((t) => (
              <Link key={t.slug} className="button" href={`/teams/${t.slug}`}>
                {t.name}
                {t.role === 'admin' && <span className="chip">admin</span>}
              </Link>
            ))}
          </div>
        </section>
      )}
    </div>
  );
}
