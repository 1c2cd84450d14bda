'use server';

import { headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { getAuth } from '@/server/auth';

export async function signOutAction() {
  const h = await headers();
  await getAuth(h).api.signOut({ headers: h });
  redirect('/sign-in');
}
