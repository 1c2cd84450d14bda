import type { Metadata } from 'next';
import Link from 'next/link';
import { getDb } from '@/db/client';
import { listInbox, unreadCount, type InboxItem } from '@/db/queries/inbox';
import { Pager } from '@/app/_components/pager';
import { TimeAgo } from '@/app/_components/time-ago';
import { requireViewer } from '@/app/_lib/viewer';
import { orProblem } from '@/app/_lib/load';
import { sectionLabel } from '../decisions/[id]/critique';
import { markReadAction } from './actions';

export const metadata: Metadata = { title: 'Inbox · Candor' };

function sentence(n: InboxItem): React.ReactNode {
  const who = <strong>{n.actor?.name ?? 'Candor'}</strong>;
  const what = <em>{n.decision?.title || `decision #${n.decision?.id}`}</em>;
  const where = n.comment ? ` on ${sectionLabel(n.comment.section)}` : '';
  switch (n.kind) {
    case 'review-requested':
      return <>{who} asked you to review {what}</>;
    case 'mention':
      return <>{who} mentioned you{where} in {what}</>;
    case 'comment':
      return <>{who} commented{where} on {what}</>;
    case 'reply':
      return <>{who} replied in a thread{where} on {what}</>;
    case 'verdict':
      return <>{who} gave a verdict on {what}</>;
    case 'override':
      return <>{who} overrode your blocking objection on {what}</>;
    case 'resolved':
      return <>{who} resolved a thread on {what}</>;
    case 'outcome-due':
      return <>The outcome review of {what} is due</>;
    case 'published':
      return <>{who} published {what}</>;
    case 'author-added':
      return <>{who} added you as an author of {what}</>;
    default:
      return <>{who} acted on {what}</>;
  }
}

export default async function InboxPage({ searchParams }: { searchParams: Promise<{ cursor?: string; unread?: string }> }) {
  const viewer = await requireViewer('/inbox');
  const sp = await searchParams;
  const db = getDb();
  const [page, problem] = await orProblem(listInbox(db, viewer, { cursor: sp.cursor, unread: sp.unread === '1' ? '1' : undefined }), { items: [], nextCursor: null });
  const unread = await unreadCount(db, viewer);
  return (
    <div className="page-narrow">
      <div className="page-head">
        <div>
          <h1>Inbox</h1>
          <p>{unread === 0 ? 'You are all caught up.' : `${unread} unread.`}</p>
        </div>
        {unread > 0 && (
          <form action={markReadAction}>
            <button type="submit" className="button">
              Mark all read
            </button>
          </form>
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
        <ul className="list inbox">
          {page.items.map((n) => (
            <li key={n.id} className={n.read ? 'read' : 'unread'}>
              <div className="row" style={{ alignItems: 'flex-start' }}>
                <div style={{ flex: 1 }}>
                  {/* A plain link: opening marks the notification read, so it must never be prefetched. */}
                  <a href={`/inbox/${n.id}`} className="inbox-link">
                    {!n.read && <span className="sr-only">Unread: </span>}
                    {sentence(n)}
                  </a>
                  {n.comment?.excerpt && <p className="small muted excerpt">“{n.comment.excerpt}”</p>}
                  <p className="small faint" style={{ margin: '0.15rem 0 0' }}>
                    <TimeAgo iso={n.createdAt} />
                  </p>
                </div>
                {!n.read && (
                  <form action={markReadAction}>
                    <input type="hidden" name="id" value={n.id} />
                    <button type="submit" className="button small ghost">
                      Mark read
                    </button>
                  </form>
                )}
              </div>
            </li>
          ))}
        </ul>
      )}
      <Pager basePath="/inbox" params={{ unread: sp.unread === '1' ? '1' : undefined }} nextCursor={page.nextCursor} isFirst={!sp.cursor} />
    </div>
  );
}
