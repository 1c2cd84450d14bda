'use client';

import { useActionState } from 'react';
import { ActionButton, FieldError, fieldProps, FormMessages, SubmitButton, useOrigin, type FormState } from '@/app/_components/form-bits';
import type { TokenScope } from '@/lib/validation/token';
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
        Your function decides which reviews count as cross-functional and which review requests reach you, so an organisation admin sets it (never you, and not a team admin).
      </p>
      <SubmitButton>Save profile</SubmitButton>
    </form>
  );
}

const TOKEN_USES: { value: TokenScope; label: string; hint: string }[] = [
  { value: 'api', label: 'The JSON API', hint: 'Acts as you: reads and changes decisions, comments and reviews. For scripts and integrations; send it in an Authorization header.' },
  { value: 'feed', label: 'A feed reader', hint: 'Only reads the Atom feeds of published decisions. This is the token to put in a feed URL: feed readers keep and share those.' },
];

/** `scope` preselects what the token is for (the Decisions page links here with ?for=feed). */
export function CreateTokenForm({ scope = 'api' }: { scope?: TokenScope }) {
  const [state, action] = useActionState<TokenState, FormData>(createTokenAction, {});
  const origin = useOrigin();
  const feedUrl = state.token && state.scope === 'feed' ? `${origin}/feed.xml?token=${state.token}` : null;
  const chosen = state.token ? scope : (state.values?.scope ?? scope);
  return (
    <form action={action} className="card" aria-labelledby="new-token-h">
      <h2 id="new-token-h">Create a token</h2>
      <FormMessages state={state} />
      {state.token && !feedUrl && (
        <div className="banner warn" role="status">
          <p>
            <strong>Copy this token now.</strong> Candor stores only a hash of it, so it cannot be shown again.
          </p>
          <p className="token-reveal" aria-label="Your new API token">
            {state.token}
          </p>
        </div>
      )}
      {feedUrl && (
        <div className="banner warn" role="status">
          <p>
            <strong>Copy this feed URL now</strong> and add it to your feed reader. Candor stores only a hash of its token, so it cannot be shown again.
          </p>
          <p className="token-reveal" aria-label="Your private feed URL">
            {feedUrl}
          </p>
          <p className="small">
            For one team’s decisions only, use <code>/teams/&lt;team&gt;/feed.xml?token=…</code> with the same token.
          </p>
        </div>
      )}
      <div className="field">
        <label htmlFor="label">Label</label>
        <input type="text" required placeholder="e.g. Nightly export" {...fieldProps('label', state)} key={state.token ?? 'form'} />
        <FieldError name="label" state={state} />
      </div>
      <fieldset className="field" aria-describedby={state.fieldErrors?.scope ? 'scope-error' : undefined}>
        <legend className="field-label">What is it for?</legend>
        {TOKEN_USES.map((o) => (
          <div key={o.value} className="radio-option">
            <label className="checkbox">
              <input
                type="radio"
                name="scope"
                value={o.value}
                defaultChecked={chosen === o.value}
                aria-describedby={`scope-${o.value}-hint`}
                key={`${o.value}-${chosen}-${state.token ?? ''}`}
              />{' '}
              {o.label}
            </label>
            <p className="hint" id={`scope-${o.value}-hint`}>
              {o.hint}
            </p>
          </div>
        ))}
        <FieldError name="scope" state={state} />
      </fieldset>
      <SubmitButton pendingText="Creating…">Create token</SubmitButton>
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
