'use client';

import { useActionState } from 'react';
import { ActionButton, FieldError, fieldProps, FormMessages, SubmitButton, useOrigin } from '@/app/_components/form-bits';
import { FUNCTION_LABELS, FUNCTIONS } from '@/lib/vocabulary';
import { createInviteAction, revokeInviteAction, type InviteState } from './actions';

export function CreateInviteForm({ teams }: { teams: { slug: string; name: string }[] }) {
  const [state, action] = useActionState<InviteState, FormData>(createInviteAction, {});
  const origin = useOrigin();
  const link = state.token ? `${origin}/sign-up?invite=${state.token}` : null;
  const v = state.token ? {} : (state.values ?? {});
  return (
    <form action={action} className="card" aria-labelledby="new-invite-h">
      <h2 id="new-invite-h">Invite someone</h2>
      <FormMessages state={state} />
      {link && (
        <div className="banner warn" role="status">
          <p>
            <strong>Copy this link now and send it to them.</strong> Candor stores only a hash of it, so it cannot be shown again.
          </p>
          <p className="token-reveal" aria-label="Invite link">
            {link}
          </p>
        </div>
      )}
      <div className="field">
        <label htmlFor="function">Function</label>
        <select {...fieldProps('function', { ...state, values: v }, 'function-hint')} key={`f-${v.function ?? ''}-${state.token ?? ''}`} defaultValue={v.function || 'product'}>
          {FUNCTIONS.map((f) => (
            <option key={f} value={f}>
              {FUNCTION_LABELS[f]}
            </option>
          ))}
        </select>
        <p className="hint" id="function-hint">
          Their reviews count as this function. Only admins can change it later.
        </p>
        <FieldError name="function" state={state} />
      </div>
      <div className="field">
        <label htmlFor="email">Email (optional)</label>
        <input type="email" placeholder="Only this address may use the link" {...fieldProps('email', { ...state, values: v })} key={`e-${state.token ?? ''}`} />
        <FieldError name="email" state={state} />
      </div>
      <div className="field">
        <label htmlFor="team">Team (optional)</label>
        <select {...fieldProps('team', { ...state, values: v })} key={`t-${v.team ?? ''}-${state.token ?? ''}`} defaultValue={v.team ?? ''}>
          <option value="">No team</option>
          {teams.map((t) => (
            <option key={t.slug} value={t.slug}>
              {t.name}
            </option>
          ))}
        </select>
        <FieldError name="team" state={state} />
      </div>
      <div className="field">
        <label htmlFor="expiresInDays">Expires after (days)</label>
        <input type="number" min={1} max={90} inputMode="numeric" {...fieldProps('expiresInDays', { ...state, values: v })} defaultValue={v.expiresInDays || '7'} key={`d-${state.token ?? ''}`} />
        <FieldError name="expiresInDays" state={state} />
      </div>
      <div className="field">
        <label htmlFor="orgAdmin" style={{ display: 'inline-flex', gap: '0.4rem', alignItems: 'center' }}>
          <input id="orgAdmin" name="orgAdmin" type="checkbox" defaultChecked={v.orgAdmin === 'on'} key={`a-${state.token ?? ''}`} />
          Make them an organisation admin
        </label>
      </div>
      <SubmitButton pendingText="Creating…">Create invite link</SubmitButton>
    </form>
  );
}

export function RevokeInviteButton({ id, label }: { id: number; label: string }) {
  return (
    <ActionButton action={revokeInviteAction} fields={{ id }} pendingText="Revoking…" className="button small danger">
      <span>
        Revoke<span className="sr-only"> {label}</span>
      </span>
    </ActionButton>
  );
}
