import Link from 'next/link';
import { needsMyReviewCount, unreadNotificationCount } from '@/app/_lib/counts';
import { getViewer } from '@/app/_lib/viewer';
import { HeaderMenu } from '@/app/_components/header-menu';
import { NavLink } from '@/app/_components/nav-link';
import { signOutAction } from './actions';

export default async function AppLayout({ children }: { children: React.ReactNode }) {
  const viewer = await getViewer();
  const [needs, unread] = viewer ? await Promise.all([needsMyReviewCount(viewer), unreadNotificationCount(viewer)]) : [0, 0];
  return (
    <>
      {viewer && (
        <header className="site-header">
          <div className="inner">
            <Link href="/" className="brand">
              <span className="brand-mark" aria-hidden="true">
                C
              </span>
              Candor
            </Link>
            <HeaderMenu
              waiting={<CountPill n={needs + unread} spoken={`${needs} to review, ${unread} unread`} />}
            >
              <nav className="main-nav" aria-label="Main">
                <NavLink href="/" exact>
                  My work
                </NavLink>
                <NavLink href="/review">
                  Review
                  <CountPill n={needs} label="need your review" />
                </NavLink>
                <NavLink href="/decisions">Decisions</NavLink>
                <NavLink href="/teams">Teams</NavLink>
                <NavLink href="/metrics">Metrics</NavLink>
              </nav>
              <div className="user-nav">
                <Link href="/decisions/new" className="button primary small">
                  New decision
                </Link>
                <NavLink href="/inbox">
                  Inbox
                  <CountPill n={unread} label="unread" />
                </NavLink>
                <NavLink href="/settings">{viewer.name}</NavLink>
                <form action={signOutAction}>
                  <button type="submit" className="button ghost small">
                    Sign out
                  </button>
                </form>
              </div>
            </HeaderMenu>
          </div>
        </header>
      )}
      <main id="main">{children}</main>
    </>
  );
}

/** A count on a link or button: the number shown, and read out as ", 3 unread" (or as `spoken` says it). */
function CountPill({ n, label, spoken }: { n: number; label?: string; spoken?: string }) {
  if (n <= 0) return null;
  const shown = n > 99 ? '99+' : String(n);
  return (
    <span className="count-pill">
      <span aria-hidden="true">{shown}</span>
      <span className="sr-only">, {spoken ?? `${shown} ${label}`}</span>
    </span>
  );
}
