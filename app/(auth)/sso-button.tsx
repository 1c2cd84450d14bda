import { ssoConfig } from '@/server/auth-identity';
import { ssoSignInAction } from './sso-actions';

const ERRORS: Record<string, string> = {
  unavailable: 'The sign-in provider could not be reached. Try again in a moment, or sign in with your password.',
  not_configured: 'Single sign-on is not set up on this Candor.',
  account_not_linked: 'An account with this email already signs in with a password: sign in with it below.',
};

/** "Sign in with <provider>", shown when CANDOR_OIDC_* is configured. */
export function SsoSignIn({ next, error, providerError }: { next: string; error?: string; providerError?: string }) {
  const config = ssoConfig();
  if (!config && !error) return null;
  const message = error ? (providerError && ERRORS[providerError]) || ERRORS[error] || `Single sign-on did not complete${providerError ? ` (${providerError.replace(/_/g, ' ')})` : ''}. Try again, or ask your organisation admin.` : null;
  return (
    <div className="card" style={{ marginBottom: '1rem' }}>
      {message && (
        <p className="form-error" role="status">
          {message}
        </p>
      )}
      {config && (
        <form action={ssoSignInAction}>
          <input type="hidden" name="next" value={next} />
          <button className="button" type="submit" style={{ width: '100%' }}>
            Sign in with {config.name}
          </button>
        </form>
      )}
    </div>
  );
}
