'use client';

import { useActionState } from 'react';
import { FieldError, FormMessages, SubmitButton, type FormState } from '@/app/_components/form-bits';
import { revokeAllTokensAction } from '../actions';

/**
 * Revoke every live token at once: for when someone else may have made one (they had the session or the
 * password). Scripts and feed readers using them stop, so a box must be ticked first. The form stays after
 * it worked, to say how many were revoked.
 */
export function RevokeAllTokensForm({ active }: { active: number }) {
  const [state, action] = useActionState<FormState, FormData>(revokeAllTokensAction, {});
  if (active === 0 && !state.ok) return null;
  return (
    <form action={action} className="card" aria-labelledby="revoke-all-h" style={{ marginTop: '1.5rem' }}>
      <h2 id="revoke-all-h">Revoke all tokens</h2>
      <FormMessages state={state} />
      {active > 0 && (
        <>
          <p className="small muted">
            If someone else may have used your account, revoke every token you have: one they made would otherwise keep working. Every script and feed reader using your tokens stops; make new tokens for the
            ones you still need.
          </p>
          <div className="field">
            <label className="checkbox">
              <input
                type="checkbox"
                name="confirm"
                aria-invalid={!!state.fieldErrors?.confirm || undefined}
                aria-describedby={state.fieldErrors?.confirm ? 'confirm-error' : undefined}
                key={`confirm-${active}`}
              />{' '}
              {active === 1 ? 'Yes, revoke my active token' : `Yes, revoke my ${active} active tokens`}
            </label>
            <FieldError name="confirm" state={state} />
          </div>
          <SubmitButton pendingText="Revoking…" className="button danger">
            Revoke all tokens
          </SubmitButton>
        </>
      )}
    </form>
  );
}
