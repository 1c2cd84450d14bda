'use client';

import Link from 'next/link';
import { useActionState } from 'react';
import { FUNCTION_LABELS, FUNCTIONS } from '@/lib/vocabulary';
import { signInAction, signUpAction, type AuthFormState } from './actions';

function FieldError({ id, message }: { id: string; message?: string }) {
  return message ? (
    <p className="field-error" id={id}>
      {message}
    </p>
  ) : null;
}

export function SignInForm({ next }: { next: string }) {
  const [state, action, pending] = useActionState<AuthFormState, FormData>(signInAction, {});
  const err = state.fieldErrors ?? {};
  return (
    <form action={action} className="card" noValidate>
      {state.formError && (
        <p className="form-error" role="status">
          {state.formError}
        </p>
      )}
      <input type="hidden" name="next" value={next} />
      <div className="field">
        <label htmlFor="email">Email</label>
        <input id="email" name="email" type="email" autoComplete="email" required defaultValue={state.values?.email} aria-invalid={!!err.email} aria-describedby={err.email ? 'email-error' : undefined} />
        <FieldError id="email-error" message={err.email} />
      </div>
      <div className="field">
        <label htmlFor="password">Password</label>
        <input id="password" name="password" type="password" autoComplete="current-password" required aria-invalid={!!err.password} aria-describedby={err.password ? 'password-error' : undefined} />
        <FieldError id="password-error" message={err.password} />
      </div>
      <button className="button primary" type="submit" disabled={pending} style={{ width: '100%' }}>
        {pending ? 'Signing in…' : 'Sign in'}
      </button>
      <p className="small muted" style={{ marginTop: '1rem', textAlign: 'center' }}>
        New here? <Link href="/sign-up">Create an account</Link>
      </p>
    </form>
  );
}

export type SignUpInvite = { token: string; email: string | null; functionLabel: string; teamName: string | null; orgAdmin: boolean };

/**
 * Sign-up never asks people for their function: the invite says it (or, with
 * open sign-up, it starts as "Other" until an admin sets it). Only the very
 * first account, which bootstraps the organisation, chooses its own.
 */
export function SignUpForm({ mode, invite }: { mode: 'bootstrap' | 'open' | 'invite'; invite: SignUpInvite | null }) {
  const [state, action, pending] = useActionState<AuthFormState, FormData>(signUpAction, {});
  const err = state.fieldErrors ?? {};
  return (
    <form action={action} className="card" noValidate>
      {mode === 'bootstrap' && <p className="banner info small">This is the first account: it becomes the organisation admin, who invites people, assigns their functions and creates teams.</p>}
      {invite && (
        <p className="banner info small">
          You are invited to join Candor as <strong>{invite.functionLabel}</strong>
          {invite.teamName ? <> in the team <strong>{invite.teamName}</strong></> : null}
          {invite.orgAdmin ? ', as an organisation admin' : ''}.
        </p>
      )}
      {mode === 'open' && !invite && <p className="banner info small">Your function starts as “Other”; an organisation admin sets it so your reviews count for the right function.</p>}
      {state.formError && (
        <p className="form-error" role="status">
          {state.formError}
        </p>
      )}
      {invite && <input type="hidden" name="invite" value={invite.token} />}
      <div className="field">
        <label htmlFor="name">Name</label>
        <input id="name" name="name" type="text" autoComplete="name" required defaultValue={state.values?.name} aria-invalid={!!err.name} aria-describedby={err.name ? 'name-error' : undefined} />
        <FieldError id="name-error" message={err.name} />
      </div>
      <div className="field">
        <label htmlFor="email">Work email</label>
        <input
          id="email"
          name="email"
          type="email"
          autoComplete="email"
          required
          readOnly={!!invite?.email}
          defaultValue={invite?.email ?? state.values?.email}
          aria-invalid={!!err.email}
          aria-describedby={err.email ? 'email-error' : invite?.email ? 'email-hint' : undefined}
        />
        {invite?.email && !err.email && (
          <p className="hint" id="email-hint">
            This invite is for this address.
          </p>
        )}
        <FieldError id="email-error" message={err.email} />
      </div>
      {mode === 'bootstrap' && (
        <div className="field">
          <label htmlFor="function">Your function</label>
          <select id="function" name="function" key={state.values?.function} defaultValue={state.values?.function || 'product'} aria-describedby="function-hint">
            {FUNCTIONS.map((f) => (
              <option key={f} value={f}>
                {FUNCTION_LABELS[f]}
              </option>
            ))}
          </select>
          <p className="hint" id="function-hint">
            Reviews count as cross-functional when the reviewer’s function differs from the author’s. After you, admins assign everyone’s function.
          </p>
        </div>
      )}
      <div className="field">
        <label htmlFor="password">Password</label>
        <input id="password" name="password" type="password" autoComplete="new-password" required minLength={8} aria-invalid={!!err.password} aria-describedby={err.password ? 'password-error' : 'password-hint'} />
        {err.password ? <FieldError id="password-error" message={err.password} /> : <p className="hint" id="password-hint">At least 8 characters.</p>}
      </div>
      <button className="button primary" type="submit" disabled={pending} style={{ width: '100%' }}>
        {pending ? 'Creating your account…' : 'Create account'}
      </button>
      <p className="small muted" style={{ marginTop: '1rem', textAlign: 'center' }}>
        Already have an account? <Link href="/sign-in">Sign in</Link>
      </p>
    </form>
  );
}
