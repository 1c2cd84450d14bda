'use client';

import { useSearchParams } from 'next/navigation';
import { useActionState } from 'react';
import { FieldError, fieldProps, FormMessages, SubmitButton, type FormState } from '@/app/_components/form-bits';
import { changePasswordAction } from './password-actions';

/**
 * `activeTokens`: how many API and feed tokens the person has; the form offers to revoke them with the
 * change. `recentlyRevokedTokens`: how many were revoked in the last minutes, counted by the page, so the
 * confirmation reports what happened and not what the address claims.
 */
export function ChangePasswordForm({ activeTokens, recentlyRevokedTokens }: { activeTokens: number; recentlyRevokedTokens: number }) {
  const [state, action] = useActionState<FormState, FormData>(changePasswordAction, {});
  const failed = !!state.formError || !!state.fieldErrors;
  const search = useSearchParams();
  const changed = search.get('password') === 'changed' && !failed;
  const tokens = changed ? search.get('tokens') : null;
  const revoked = tokens === 'revoked' ? recentlyRevokedTokens : 0;
  return (
    <form action={action} className="card" aria-labelledby="password-h">
      <h2 id="password-h">Password</h2>
      <FormMessages state={state} />
      {changed && (
        <p className="form-success" role="status">
          Password changed. Every other place you were signed in has been signed out{revoked > 0 ? `, and your ${tokenCount(revoked)} revoked.` : '.'}
        </p>
      )}
      {tokens === 'failed' && (
        <p className="form-error" role="alert">
          Your tokens could not be revoked. Revoke them in Settings → API tokens.
        </p>
      )}
      <div className="field">
        <label htmlFor="currentPassword">Current password</label>
        <input type="password" required autoComplete="current-password" {...fieldProps('currentPassword', state)} defaultValue={undefined} />
        <FieldError name="currentPassword" state={state} />
      </div>
      <div className="field">
        <label htmlFor="newPassword">New password</label>
        <input type="password" required minLength={8} autoComplete="new-password" {...fieldProps('newPassword', state, 'newPassword-hint')} defaultValue={undefined} />
        <FieldError name="newPassword" state={state} />
        <p className="hint" id="newPassword-hint">
          At least 8 characters, and not a common password: three or four unrelated words work well. Changing it signs you out everywhere else.
        </p>
      </div>
      {activeTokens > 0 && (
        <div className="field">
          <label className="checkbox">
            <input type="checkbox" name="revokeTokens" aria-describedby="revokeTokens-hint" defaultChecked={state.values?.revokeTokens === 'on'} key={`revoke-${state.values?.revokeTokens ?? ''}-${failed}`} /> Also revoke
            my {tokenCount(activeTokens)}
          </label>
          <p className="hint" id="revokeTokens-hint">
            Tokens keep working after a password change. Tick this if someone else may have known your password: they could have made one. Scripts and feed readers using them will stop.
          </p>
        </div>
      )}
      <SubmitButton pendingText="Changing…">Change password</SubmitButton>
    </form>
  );
}

/** "token" / "3 tokens" (API and feed). */
function tokenCount(n: number): string {
  return n === 1 ? 'token' : `${n} tokens`;
}
