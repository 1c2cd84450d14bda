import type { Metadata } from 'next';
import Link from 'next/link';
import { getDb } from '@/db/client';
import { listFeed } from '@/db/queries/feed';
import { Pager } from '@/app/_components/pager';
import { ReviewReasons } from '@/app/_components/review-reasons';
import { needsMyReviewCount } from '@/app/_lib/counts';
import { duration, TimeAgo } from '@/app/_components/time-ago';
import { requireViewer } from '@/app/_lib/viewer';
import { orProblem } from '@/app/_lib/load';
import { FUNCTION_LABELS } from '@/lib/validation/common';
import { FEED_TABS, type FeedTab } from '@/lib/validation/review';

export const metadata: Metadata = { title: 'Review · Candor' };

const TAB_LABELS: Record<FeedTab, string> = { 'needs-my-review': 'Needs my review', mentions: 'Mentions', all: 'All in review' };
const EMPTY: Record<FeedTab, React.ReactNode> = {
  'needs-my-review': (
    <>
      <strong>Nothing needs your review</strong>Decisions appear here when someone asks you, your function, or cites a metric you own.
    </>
  ),
  mentions: (
    <>
      <strong>No mentions</strong>When someone @mentions you on a decision in review, it shows up here.
    </>
  ),
  all: (
    <>
      <strong>Nothing is in review</strong>Drafts appear here once their authors circulate them.
    </>
  ),
};

export default async function ReviewPage({ searchParams }: { searchParams: Promise<{ tab?: string; cursor?: string }> }) {
  const viewer = await requireViewer('/review');
  const sp = await searchParams;
  const tab: FeedTab = (FEED_TABS as readonly string[]).includes(sp.tab ?? '') ? (sp.tab as FeedTab) : 'needs-my-review';
  const db = getDb();
  const [page, problem] = await orProblem(listFeed(db, viewer, { tab, cursor: sp.cursor }), { items: [], nextCursor: null });
  // The header shows the same number: one query per request for both.
  const needs = await needsMyReviewCount(viewer);
  return (
    <div className="page">
      <div className="page-head">
        <div>
          <h1>Review</h1>
          <p>Drafts circulated for critique, most recent activity first. Question the evidence before it becomes a decision.</p>
        </div>
      </div>
      <nav className="tabs" aria-label="Review feed">
        {FEED_TABS.map((t) => (
          <Link key={t} href={t === 'needs-my-review' ? '/review' : `/review?tab=${t}`} aria-current={t === tab ? 'page' : undefined}>
            {TAB_LABELS[t]}
            {t === 'needs-my-review' && needs > 0 && <span className="n">{needs > 99 ? '99+' : needs}</span>}
          </Link>
        ))}
      </nav>
      {problem && (
        <p className="form-error" role="status">
          {problem}
        </p>
      )}
      {page.items.length === 0 ? (
        !problem && <div className="list list-empty">{EMPTY[tab]}</div>
      ) : (
        <ul className="list">
          {page.items.map((d) => (
            <li key={d.id}>
              <div className="list-row">
                <Link className="title" href={`/decisions/${d.id}`}>
                  {d.title || `Untitled decision #${d.id}`}
                </Link>
                <span className="row small">
                  {d.blockingOpen > 0 && <span className="chip bad">{d.blockingOpen} blocking</span>}
                  {d.verdicts.requestChanges > 0 && <span className="chip bad">✗ {d.verdicts.requestChanges} changes requested</span>}
                  {d.verdicts.approve > 0 && <span className="chip good">✓ {d.verdicts.approve} approved</span>}
                  {d.verdicts.stale > 0 && <span className="chip">{d.verdicts.stale} stale</span>}
                </span>
                <ReviewReasons reasons={d.reasons} askedAt={d.askedAt} ownMetrics={d.ownMetrics} />
                <div className="meta">
                  <Link href={`/teams/${d.team}`}>{d.teamName}</Link>
                  <span>
                    {d.author.name} <span className="faint">· {FUNCTION_LABELS[d.author.function]}</span>
                  </span>
                  <span>In review for {d.inReviewSince ? duration(d.inReviewSince) : '—'}</span>
                  <span>
                    {d.openThreads} open thread{d.openThreads === 1 ? '' : 's'}
                  </span>
                  <span>
                    Active <TimeAgo iso={d.lastActivityAt} />
                  </span>
                </div>
              </div>
            </li>
          ))}
        </ul>
      )}
      <Pager basePath="/review" params={{ tab: tab === 'needs-my-review' ? undefined : tab }} nextCursor={page.nextCursor} isFirst={!sp.cursor} problem={problem} />
    </div>
  );
}
