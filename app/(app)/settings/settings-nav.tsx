import Link from 'next/link';
import { getViewer } from '@/app/_lib/viewer';

export async function SettingsNav({ current }: { current: 'profile' | 'tokens' | 'organisation' | 'people' | 'invites' }) {
  // People and invites are for org admins (the viewer is cached for the request).
  const orgAdmin = !!(await getViewer())?.isOrgAdmin;
  return (
    <nav className="tabs" aria-label="Settings">
      <Link href="/settings" aria-current={current === 'profile' ? 'page' : undefined}>
        Profile
      </Link>
      <Link href="/settings/tokens" aria-current={current === 'tokens' ? 'page' : undefined}>
        API tokens
      </Link>
      <Link href="/settings/organisation" aria-current={current === 'organisation' ? 'page' : undefined}>
        Organisation
      </Link>
      {orgAdmin && (
        <Link href="/settings/people" aria-current={current === 'people' ? 'page' : undefined}>
          People
        </Link>
      )}
      {orgAdmin && (
        <Link href="/settings/invites" aria-current={current === 'invites' ? 'page' : undefined}>
          Invites
        </Link>
      )}
    </nav>
  );
}
