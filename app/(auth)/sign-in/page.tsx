import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { getDb } from '@/db/client';
import { demoAccounts, DEMO_PASSWORD } from '@/db/seed';
import { getViewer } from '@/app/_lib/viewer';
import { safeReturnTo } from '@/lib/return-to';
import { FUNCTION_LABELS } from '@/lib/validation/common';
import { SignInForm } from '../auth-forms';
import { SsoSignIn } from '../sso-button';

export const metadata: Metadata = { title: 'Sign in · Candor' };

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ next?: string; sso_error?: string; error?: string }> }) {
  const sp = await searchParams;
  const next = safeReturnTo(sp.next);
  if (await getViewer()) redirect(next);
  const demo = await demoAccounts(getDb());
  return (
    <>
      <h1>Sign in</h1>
      <p className="tagline">The decision log that shows its work.</p>
      <SsoSignIn next={next} error={typeof sp.sso_error === 'string' ? sp.sso_error : undefined} providerError={typeof sp.error === 'string' ? sp.error : undefined} />
      <SignInForm next={next} />
      {demo.length > 0 && (
        <aside className="demo-box" aria-labelledby="demo-title">
          <h2 id="demo-title" style={{ fontSize: '0.95rem', marginBottom: '0.4rem' }}>
            Demo workspace
          </h2>
          <p className="small" style={{ marginBottom: '0.4rem' }}>
            Every demo account uses the password <code>{DEMO_PASSWORD}</code>:
          </p>
          <ul className="small" style={{ margin: 0, paddingLeft: '1.1rem' }}>
            {demo.map((u) => (
              <li key={u.email}>
                <code>{u.email}</code> — {u.name}, {FUNCTION_LABELS[u.function]}
                {u.isOrgAdmin ? ', org admin' : ''}
              </li>
            ))}
          </ul>
        </aside>
      )}
    </>
  );
}
