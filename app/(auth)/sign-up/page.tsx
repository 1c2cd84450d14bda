import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { getDb } from '@/db/client';
import { countUsers } from '@/db/queries/users';
import { getViewer } from '@/app/_lib/viewer';
import { SignUpForm } from '../auth-forms';

export const metadata: Metadata = { title: 'Create an account · Candor' };

export default async function SignUpPage() {
  if (await getViewer()) redirect('/');
  const first = (await countUsers(getDb())) === 0;
  return (
    <>
      <h1>Create your account</h1>
      <p className="tagline">Write decisions that say where their evidence came from.</p>
      <SignUpForm firstAccount={first} />
    </>
  );
}
