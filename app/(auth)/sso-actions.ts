'use server';

import { isAPIError } from 'better-auth/api';
import { headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { safeReturnTo } from '@/lib/return-to';
import { getAuth } from '@/server/auth';
import { SSO_PROVIDER_ID, ssoConfig } from '@/server/auth-identity';

/** "Sign in with …": start the OIDC authorization-code flow (PKCE, state and nonce by better-auth) and go to the provider. */
export async function ssoSignInAction(form: FormData): Promise<void> {
  const next = safeReturnTo(form.get('next'));
  if (!ssoConfig()) redirect('/sign-in?sso_error=not_configured');
  let url: string | undefined;
  try {
    const requestHeaders = await headers();
    // The https or http instance, as the callback will use: their state cookies are named differently.
    const res = await getAuth(requestHeaders).api.signInSocial({
      body: { provider: SSO_PROVIDER_ID, callbackURL: next, errorCallbackURL: `/sign-in?next=${encodeURIComponent(next)}&sso_error=1` },
      headers: requestHeaders,
    });
    url = res.url;
  } catch (e) {
    if (!isAPIError(e)) throw e;
  }
  // The provider could not be reached (discovery failed) or refused the request.
  redirect(url ?? '/sign-in?sso_error=unavailable');
}
