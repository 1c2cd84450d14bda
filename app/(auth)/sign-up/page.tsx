import type { Metadata } from 'next';
import Link from 'next/link';
import { redirect } from 'next/navigation';
import { getDb } from '@/db/client';
import { INVITE_REQUIRED_MESSAGE, inviteRefusal, previewInvite, signUpMode } from '@/db/queries/invites';
import { firstParam } from '@/app/_lib/load';
import { getViewer } from '@/app/_lib/viewer';
import { FUNCTION_LABELS } from '@/lib/vocabulary';
import { SignUpForm } from '../auth-forms';
import { SsoSignIn } from '../sso-button';

export const metadata: Metadata = { title: 'Create an account · Candor' };

export default async function SignUpPage({ searchParams }: { searchParams: Promise<{ invite?: string | string[] }> }) {
  if (await getViewer()) redirect('/');
  const db = getDb();
  const raw = (await searchParams).invite;
  const token = firstParam(raw)?.trim() || undefined;
  const mode = await signUpMode(db);
  const preview = token && mode !== 'bootstrap' ? await previewInvite(db, token) : null;
  const refusal = token && mode !== 'bootstrap' ? inviteRefusal(preview) : mode === 'invite' ? INVITE_REQUIRED_MESSAGE : null;

  if (refusal && !(mode === 'open' && token)) {
    return (
      <>
        <h1>Create your account</h1>
        <div className="card">
          <p className="banner warn" role="status">
            {refusal}
          </p>
          <p className="small muted" style={{ marginTop: '1rem' }}>
            Already have an account? <Link href="/sign-in">Sign in</Link>
          </p>
        </div>
        <SsoSignIn next="/" />
      </>
    );
  }
  const invite =
    token && preview && !refusal
      ? {
          token,
          email: preview.email,
          functionLabel: FUNCTION_LABELS[preview.function],
          teamName: preview.team?.name ?? null,
          orgAdmin: preview.orgAdmin,
        }
      : null;
  return (
    <>
      <h1>Create your account</h1>
      <p className="tagline">Write decisions that say where their evidence came from.</p>
      <SignUpForm mode={mode} invite={invite} />
    </>
  );
}
