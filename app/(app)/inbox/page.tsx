import type { Metadata } from 'next';
import Link from 'next/link';
import { getDb } from '@/db/client';
import { listInbox, type InboxItem } from '@/db/queries/inbox';
import { unreadNotificationCount } from '@/app/_lib/counts';
import { Pager } from '@/app/_components/pager';
import { TimeAgo } from '@/app/_components/time-ago';
import { StatusBadge } from '@/app/_components/status-badge';
import { STATUS_LABELS, type DecisionStatus } from '@/lib/validation/common';
import { ActionButton } from '@/app/_components/form-bits';
import { requireViewer } from '@/app/_lib/viewer';
import { orProblem } from '@/app/_lib/load';
import { sectionLabel } from '../decisions/[id]/critique';
import { markReadAction } from './actions';

export const metadata: Metadata = { title: 'Inbox · Candor' };

/** What happened, in words; the decision is named by the group heading above it. */
function sentence(n: InboxItem): React.ReactNode {
  const who = <strong>{n.actor?.name ?? 'Candor'}</strong>;
  const where = n.comment ? ` on ${sectionLabel(n.comment.section)}` : '';
  const blocking = n.comment?.kind === 'blocking';
  switch (n.kind) {
    case 'review-requested':
      return <>{who} asked you to review</>;
    case 'mention':
      return blocking ? <>{who} mentioned you in a blocking objection{where}</> : <>{who} mentioned you{where}</>;
    case 'objection':
      return <>{who} raised a blocking objection{where}</>;
    case 'comment':
      return blocking ? <>{who} raised a blocking objection{where}</> : <>{who} commented{where}</>;
    case 'reply':
      return <>{who} replied in a thread{where}</>;
    case 'verdict':
      return n.verdict === 'approve' ? (
        <>{who} approved</>
      ) : n.verdict === 'request-changes' ? (
        <>{who} requested changes</>
      ) : n.verdict === 'comment' ? (
        <>{who} reviewed with a comment</>
      ) : (
        <>{who} gave a verdict</>
      );
    case 'override':
      return <>{who} overrode your blocking objection{where}</>;
    case 'resolved':
      return <>{who} resolved a thread{where}</>;
    case 'outcome-due':
      return <>The outcome review is due: record what actually happened</>;
    case 'published':
      return <>{who} published it</>;
    case 'author-added':
      return <>{who} added you as an author</>;
    case 'verdict-stale':
      return <>{who} changed what you reviewed: your verdict no longer counts until you give it again</>;
    case 'vouched':
      return <>{who} vouched for the evidence, as the owner of a cited metric</>;
    case 'vouch-requested':
      return <>{who} needs your vouch for its evidence: you own a metric it cites and wrote or co-author it</>;
    case 'vouch-stale':
      return <>{who} changed the evidence you vouched for: as its metric owner, vouch for it again</>;
    default:
      return <>{who} acted on it</>;
  }
}

type Group = { key: string; decision: InboxItem['decision']; items: InboxItem[] };

/** Notifications that ask the person to act on the decision while it is open. */
const ASKS: ReadonlySet<InboxItem['kind']> = new Set(['review-requested', 'verdict-stale', 'vouch-requested', 'vouch-stale']);
const CLOSED: ReadonlySet<DecisionStatus> = new Set(['published', 'superseded', 'reversed', 'withdrawn']);

/** Said beside an ask the decision has since overtaken: nothing is waiting for them any more. */
function Overtaken({ n }: { n: InboxItem }) {
  if (!ASKS.has(n.kind) || !n.decision || !CLOSED.has(n.decision.status)) return null;
  return <p className="small muted">Nothing to do now: it was {STATUS_LABELS[n.decision.status].toLowerCase()}</p>;
}

/** Notifications of one page grouped by decision, groups in the order of their newest notification. */
function groupByDecision(items: InboxItem[]): Group[] {
  const groups = new Map<string, Group>();
  for (const n of items) {
    const key = n.decision ? `d${n.decision.id}` : `n${n.id}`;
    const g = groups.get(key) ?? { key, decision: n.decision, items: [] };
    g.items.push(n);
    groups.set(key, g);
  }
  return [...groups.values()];
}

export default async function InboxPage({ searchParams }: { searchParams: Promise<{ cursor?: string; unread?: string }> }) {
  const viewer = await requireViewer('/inbox');
  const sp = await searchParams;
  const db = getDb();
  const [page, problem] = await orProblem(listInbox(db, viewer, { cursor: sp.cursor, unread: sp.unread === '1' ? '1' : undefined }), { items: [], nextCursor: null });
  // The header shows the same number: one query per request for both.
  const unread = await unreadNotificationCount(viewer);
  return (
    <div className="page-narrow">
      <div className="page-head">
        <div>
          <h1>Inbox</h1>
          <p>{unread === 0 ? 'You are all caught up.' : `${unread} unread.`}</p>
        </div>
        {unread > 0 && (
          <ActionButton action={markReadAction} fields={{}} pendingText="Marking…" className="button">
            Mark all read
          </ActionButton>
        )}
      </div>
      <nav className="tabs" aria-label="Inbox filter">
        <Link href="/inbox" aria-current={sp.unread !== '1' ? 'page' : undefined}>
          All
        </Link>
        <Link href="/inbox?unread=1" aria-current={sp.unread === '1' ? 'page' : undefined}>
          Unread {unread > 0 && <span className="n">{unread}</span>}
        </Link>
      </nav>
      {problem && (
        <p className="form-error" role="status">
          {problem}
        </p>
      )}
      {page.items.length === 0 ? (
        !problem && (
          <div className="list list-empty">
            <strong>Nothing here</strong>Review requests, mentions, replies and verdicts on your decisions arrive here.
          </div>
        )
      ) : (
        <div className="inbox-groups">
          {groupByDecision(page.items).map((g) => {
            const unreadHere = g.items.filter((n) => !n.read).length;
            const headingId = `inbox-${g.key}`;
            return (
              <section key={g.key} className="card inbox-group" aria-labelledby={headingId}>
                <h2 id={headingId} className="inbox-group-title">
                  {g.decision ? <Link href={`/decisions/${g.decision.id}`}>{g.decision.title || `Decision #${g.decision.id}`}</Link> : 'Candor'}
                  {g.decision && <StatusBadge status={g.decision.status} />}
                  {unreadHere > 0 && <span className="chip">{unreadHere} unread</span>}
                </h2>
                <ul className="list inbox">
                  {g.items.map((n) => (
                    <li key={n.id} className={n.read ? 'read' : 'unread'}>
                      <div className="row" style={{ alignItems: 'flex-start' }}>
                        <div style={{ flex: 1, minWidth: 0 }}>
                          {/* A plain link: opening marks the notification read, so it must never be prefetched. */}
                          <a href={`/inbox/${n.id}`} className="inbox-link">
                            {!n.read && <span className="sr-only">Unread: </span>}
                            {sentence(n)}
                            {/* Links are also read out of context (a screen reader's link list): name the decision. */}
                            {g.decision && <span className="sr-only"> — {g.decision.title || `decision #${g.decision.id}`}</span>}
                          </a>
                          <Overtaken n={n} />
                          {n.comment?.excerpt && <p className="small muted excerpt">“{n.comment.excerpt}”</p>}
                          <p className="small faint" style={{ margin: '0.15rem 0 0' }}>
                            <TimeAgo iso={n.createdAt} />
                          </p>
                        </div>
                        {!n.read && (
                          <ActionButton action={markReadAction} fields={{ id: n.id }} pendingText="Marking…">
                            Mark read
                          </ActionButton>
                        )}
                      </div>
                    </li>
                  ))}
                </ul>
              </section>
            );
          })}
        </div>
      )}
      <Pager basePath="/inbox" params={{ unread: sp.unread === '1' ? '1' : undefined }} nextCursor={page.nextCursor} isFirst={!sp.cursor} problem={problem} />
    </div>
  );
}
