'use client';

import { useActionState } from 'react';
import { ActionButton, FieldError, fieldProps, FormMessages, SubmitButton, type FormState } from '@/app/_components/form-bits';
import { createTokenAction, revokeTokenAction, updateProfileAction, type TokenState } from './actions';

/** Name only: a person's function and org-admin flag are assigned by admins (People page, team settings). */
export function ProfileForm({ name, functionLabel, isOrgAdmin }: { name: string; functionLabel: string; isOrgAdmin: boolean }) {
  const [state, action] = useActionState<FormState, FormData>(updateProfileAction, { values: { name } });
  return (
    <form action={action} className="card" aria-labelledby="profile-h">
      <h2 id="profile-h">Profile</h2>
      <FormMessages state={state} />
      <div className="field">
        <label htmlFor="name">Name</label>
        <input type="text" required autoComplete="name" {...fieldProps('name', state)} />
        <FieldError name="name" state={state} />
      </div>
      <dl className="field small">
        <dt className="muted">Function</dt>
        <dd style={{ margin: 0 }}>
          <strong>{functionLabel}</strong>
          {isOrgAdmin ? ' · organisation admin' : ''}
        </dd>
      </dl>
      <p className="hint small muted" style={{ marginTop: '-0.5rem' }}>
        Your function decides which reviews count as cross-functional and which review requests reach you, so an organisation admin (or an admin of your team) sets it.
      </p>
      <SubmitButton>Save profile</SubmitButton>
    </form>
  );
}

export function CreateTokenForm() {
  const [state, action] = useActionState<TokenState, FormData>(createTokenAction, {});
  return (
    <form action={action} className="card" aria-labelledby="new-token-h">
      <h2 id="new-token-h">Create a token</h2>
      <FormMessages state={state} />
      {state.token && (
        <div className="banner warn" role="status">
          <p>
            <strong>Copy this token now.</strong> Candor stores only a hash of it, so it cannot be shown again.
          </p>
          <p className="token-reveal" aria-label="Your new API token">
            {state.token}
          </p>
        </div>
      )}
      <div className="inline-form">
        <div className="field">
          <label htmlFor="label">Label</label>
          <input type="text" required placeholder="e.g. Nightly export" {...fieldProps('label', state)} key={state.token ?? 'form'} />
          <FieldError name="label" state={state} />
        </div>
        <SubmitButton pendingText="Creating…">Create token</SubmitButton>
      </div>
    </form>
  );
}

export function RevokeTokenButton({ id, label }: { id: number; label: string }) {
  return (
    <ActionButton action={revokeTokenAction} fields={{ id }} pendingText="Revoking…" className="button small danger">
      <span>
        Revoke<span className="sr-only"> {label}</span>
      </span>
    </ActionButton>
  );
}
