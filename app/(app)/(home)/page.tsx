import type { Metadata } from 'next';
import Link from 'next/link';
import { getDb } from '@/db/client';
import { getDashboard, type GateSummary } from '@/db/queries/dashboard';
import { listViewerTeams } from '@/db/queries/teams';
import { DecisionList } from '@/app/_components/decision-list';
import { ReviewReasons } from '@/app/_components/review-reasons';
import { duration, formatDate, TimeAgo } from '@/app/_components/time-ago';
import { needsMyReviewCount } from '@/app/_lib/counts';
import { requireViewer } from '@/app/_lib/viewer';
import { FUNCTION_LABELS } from '@/lib/validation/common';

export const metadata: Metadata = { title: 'My work · Candor' };

/** A dashboard section: a heading, at most a handful of rows, and a way to the full list. */
function Section({ id, title, count, seeAll, children }: { id: string; title: string; count?: number; seeAll?: { href: string; label: string } | null; children: React.ReactNode }) {
  return (
    <section className="dash-section" aria-labelledby={id}>
      <div className="dash-head">
        <h2 id={id}>
          {title}
          {count !== undefined && count > 0 && <span className="dash-count">{count > 99 ? '99+' : count}</span>}
        </h2>
        {seeAll && (
          <Link href={seeAll.href} className="small">
            {seeAll.label} <span aria-hidden="true">→</span>
          </Link>
        )}
      </div>
      {children}
    </section>
  );
}

function GateStatus({ gate }: { gate: GateSummary }) {
  if (gate.ready) return <p className="gate-line ok small">Ready to publish: every check passes.</p>;
  const [first, ...rest] = gate.missing;
  return (
    <div className="gate-line small">
      <p>
        <strong>
          {gate.passing} of {gate.total} checks pass.
        </strong>{' '}
        Still missing: {gate.missing.map((m) => m.title.toLowerCase()).join('; ')}.
      </p>
      {first && (
        <p className="muted">
          Next: {first.message}
          {rest.length > 0 && ` (and ${rest.length} more on the decision page)`}
        </p>
      )}
    </div>
  );
}

export default async function HomePage() {
  const viewer = await requireViewer('/');
  const db = getDb();
  const [d, teams, needs] = await Promise.all([getDashboard(db, viewer), listViewerTeams(db, viewer.id), needsMyReviewCount(viewer)]);
  const teamLink = teams.length === 1 ? `/decisions?team=${teams[0]!.slug}` : '/decisions';
  return (
    <div className="page dashboard">
      <div className="page-head">
        <div>
          <h1>My work</h1>
          <p>What needs you today: your decisions in review, what others asked you to critique, and what your teams decided.</p>
        </div>
        <Link className="button primary" href="/decisions/new">
          New decision
        </Link>
      </div>

      <div className="dash-grid">
        <Section id="dash-in-review" title="My decisions in review" seeAll={d.inReview.more ? { href: '/decisions?author=me&status=in-review', label: 'See all' } : null}>
          {d.inReview.items.length === 0 ? (
            <p className="dash-empty">None of your decisions is in review. Circulate a draft when its evidence is written up.</p>
          ) : (
            <ul className="list">
              {d.inReview.items.map((x) => (
                <li key={x.id}>
                  <Link className="title" href={`/decisions/${x.id}`}>
                    {x.title || `Untitled decision #${x.id}`}
                  </Link>
                  <GateStatus gate={x.gate} />
                  <div className="meta small">
                    <span>{x.teamName}</span>
                    <span>In review for {x.inReviewSince ? duration(x.inReviewSince) : '—'}</span>
                    <span>
                      Active <TimeAgo iso={x.lastActivityAt} />
                    </span>
                  </div>
                </li>
              ))}
            </ul>
          )}
        </Section>

        <Section id="dash-to-review" title="Asked to review" count={needs} seeAll={d.toReview.more || needs > d.toReview.items.length ? { href: '/review', label: `See all ${needs > 99 ? '99+' : needs}` } : { href: '/review', label: 'Review feed' }}>
          {d.toReview.items.length === 0 ? (
            <p className="dash-empty">Nobody is waiting on your review. Requests by name, for your function or for metrics you own land here.</p>
          ) : (
            <ul className="list">
              {d.toReview.items.map((x) => (
                <li key={x.id}>
                  <Link className="title" href={`/decisions/${x.id}`}>
                    {x.title || `Untitled decision #${x.id}`}
                  </Link>
                  <ReviewReasons reasons={x.reasons} askedAt={x.askedAt} ownMetrics={x.ownMetrics} />
                  <div className="meta small">
                    <span>{x.teamName}</span>
                    <span>
                      {x.author.name} <span className="faint">· {FUNCTION_LABELS[x.author.function]}</span>
                    </span>
                    {x.blockingOpen > 0 && <span>{x.blockingOpen} blocking</span>}
                  </div>
                </li>
              ))}
            </ul>
          )}
        </Section>

        <Section id="dash-mentions" title="Mentions" seeAll={d.mentions.items.length ? { href: '/inbox', label: 'Inbox' } : null}>
          {d.mentions.items.length === 0 ? (
            <p className="dash-empty">No one has @mentioned you yet.</p>
          ) : (
            <ul className="list">
              {d.mentions.items.map((m) => (
                <li key={m.notificationId} className={m.read ? 'read' : 'unread'}>
                  {/* A plain link: opening marks the notification read, so it must never be prefetched. */}
                  <a className="title" href={`/inbox/${m.notificationId}`}>
                    {!m.read && <span className="sr-only">Unread: </span>}
                    {m.actor ?? 'Someone'} mentioned you in {m.decision.title || `decision #${m.decision.id}`}
                  </a>
                  {m.excerpt && <p className="small muted excerpt">“{m.excerpt}”</p>}
                  <div className="meta small">
                    <TimeAgo iso={m.createdAt} />
                  </div>
                </li>
              ))}
            </ul>
          )}
        </Section>

        <Section id="dash-outcomes" title="Outcome reviews due" seeAll={d.outcomesDue.more ? { href: '/decisions?author=me&status=published&sort=published', label: 'See all' } : null}>
          {d.outcomesDue.items.length === 0 ? (
            <p className="dash-empty">No outcome reviews are due on your published decisions.</p>
          ) : (
            <ul className="list">
              {d.outcomesDue.items.map((x) => (
                <li key={x.id}>
                  <Link className="title" href={`/decisions/${x.id}#outcome`}>
                    {x.title || `Decision #${x.id}`}
                  </Link>
                  <div className="meta small">
                    <span>{x.teamName}</span>
                    <span>Review was due {formatDate(x.outcomeReviewDate)}: record what actually happened</span>
                  </div>
                </li>
              ))}
            </ul>
          )}
        </Section>
      </div>

      <Section id="my-drafts" title="My drafts" seeAll={d.drafts.more ? { href: '/decisions?author=me&status=draft', label: 'See all drafts' } : null}>
        <DecisionList
          items={d.drafts.items}
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
      </Section>

      {teams.length > 0 && (
        <Section id="dash-recent" title="Recent in my teams" seeAll={{ href: teamLink, label: 'All decisions' }}>
          {d.recent.items.length === 0 ? (
            <p className="dash-empty">Nothing circulated or published in your teams yet.</p>
          ) : (
            <DecisionList items={d.recent.items} empty={null} />
          )}
        </Section>
      )}

      {teams.length > 0 && (
        <section className="dash-section" aria-labelledby="my-teams">
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
