'use client';

import { useActionState } from 'react';
import { ActionButton, FieldError, fieldProps, FormMessages, SubmitButton, type FormState } from '@/app/_components/form-bits';
import { createWebhookAction, deleteWebhookAction, setWebhookEnabledAction, testWebhookAction, type WebhookFormState } from './webhook-actions';

export const EVENT_LABELS: Record<string, string> = {
  'decision.published': 'Published',
  'decision.superseded': 'Superseded',
  'decision.reversed': 'Reversed',
  'decision.withdrawn': 'Withdrawn',
};

export function AddWebhookForm({ team, httpsOnly, publicOnly }: { team: string; httpsOnly: boolean; publicOnly: boolean }) {
  const limits = [httpsOnly && 'https only', publicOnly && 'public addresses only, not this server’s network'].filter(Boolean);
  const [state, action] = useActionState<WebhookFormState, FormData>(createWebhookAction, {});
  const chosen = state.values?.events ? state.values.events.split(',') : Object.keys(EVENT_LABELS);
  return (
    <form action={action} aria-labelledby="add-webhook-h">
      <h3 id="add-webhook-h">Add a webhook</h3>
      <FormMessages state={state} />
      {state.secret && (
        <div className="banner warn" role="status">
          <p>
            <strong>Copy the signing secret now.</strong> It is shown only once. Receivers check <code>X-Candor-Signature</code> (HMAC-SHA256 of <code>timestamp.body</code>) with it.
          </p>
          <p className="token-reveal" aria-label="The webhook's signing secret">
            {state.secret}
          </p>
        </div>
      )}
      <input type="hidden" name="team" value={team} />
      <div className="field">
        <label htmlFor="url">Payload URL</label>
        <input type="url" required inputMode="url" placeholder="https://hooks.slack.com/services/…" {...fieldProps('url', state, 'url-hint')} key={state.secret ?? 'form'} />
        <p className="hint" id="url-hint">
          Candor posts Slack-compatible JSON here{limits.length ? ` (${limits.join('; ')})` : ''}. Works with a Slack incoming webhook as is.
        </p>
        <FieldError name="url" state={state} />
      </div>
      <fieldset className="field" aria-describedby={state.fieldErrors?.events ? 'events-error' : undefined}>
        <legend className="field-label">Send when a decision is</legend>
        {Object.entries(EVENT_LABELS).map(([value, label]) => (
          <label key={value} className="checkbox">
            <input type="checkbox" name="events" value={value} defaultChecked={chosen.includes(value)} key={`${value}-${state.values?.events ?? ''}`} /> {label}
          </label>
        ))}
        <FieldError name="events" state={state} />
      </fieldset>
      <SubmitButton pendingText="Adding…">Add webhook</SubmitButton>
    </form>
  );
}

export function TestWebhookButton({ team, id, url }: { team: string; id: number; url: string }) {
  const [state, action] = useActionState<FormState, FormData>(testWebhookAction, {});
  return (
    <form action={action}>
      <input type="hidden" name="team" value={team} />
      <input type="hidden" name="id" value={id} />
      <SubmitButton className="button small" pendingText="Sending…">
        <span>
          Send test<span className="sr-only"> to {url}</span>
        </span>
      </SubmitButton>
      <FormMessages state={state} />
    </form>
  );
}

export function ToggleWebhookButton({ team, id, url, disabled }: { team: string; id: number; url: string; disabled: boolean }) {
  return (
    <ActionButton action={setWebhookEnabledAction} fields={{ team, id, enabled: disabled ? '1' : '0' }} pendingText={disabled ? 'Enabling…' : 'Disabling…'}>
      <span>
        {disabled ? 'Enable' : 'Disable'}
        <span className="sr-only"> {url}</span>
      </span>
    </ActionButton>
  );
}

export function DeleteWebhookButton({ team, id, url }: { team: string; id: number; url: string }) {
  return (
    <ActionButton action={deleteWebhookAction} fields={{ team, id }} pendingText="Deleting…" className="button small danger">
      <span>
        Delete<span className="sr-only"> {url}</span>
      </span>
    </ActionButton>
  );
}
