import Link from 'next/link';

export function SettingsNav({ current }: { current: 'profile' | 'tokens' }) {
  return (
    <nav className="tabs" aria-label="Settings">
      <Link href="/settings" aria-current={current === 'profile' ? 'page' : undefined}>
        Profile
      </Link>
      <Link href="/settings/tokens" aria-current={current === 'tokens' ? 'page' : undefined}>
        API tokens
      </Link>
    </nav>
  );
}
