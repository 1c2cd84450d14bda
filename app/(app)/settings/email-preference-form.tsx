'use client';

import { useActionState } from 'react';
import { FieldError, FormMessages, SubmitButton, type FormState } from '@/app/_components/form-bits';
import { updateEmailPreferenceAction } from './notify-actions';

const OPTIONS = [
  { value: 'immediate', label: 'Immediately', hint: 'A mail soon after someone asks for your review or your vouch, changes what you reviewed or vouched for, mentions you, raises a blocking objection on your decision, or an outcome review comes due.' },
  { value: 'daily', label: 'Daily digest', hint: 'One mail a day listing all of that.' },
  { value: 'off', label: 'Off', hint: 'No mail; your inbox in Candor still shows everything.' },
] as const;

export function EmailPreferenceForm({ preference, configured }: { preference: string; configured: boolean }) {
  const [state, action] = useActionState<FormState, FormData>(updateEmailPreferenceAction, { values: { emailNotifications: preference } });
  const current = state.values?.emailNotifications ?? preference;
  const invalid = !!state.fieldErrors?.emailNotifications;
  return (
    <form action={action} className="card" aria-labelledby="email-pref-h" style={{ marginTop: '1.5rem' }}>
      <h2 id="email-pref-h">Email notifications</h2>
      {!configured && (
        <p className="banner warn" role="note">
          Email is not set up on this server, so Candor sends no mail. An administrator turns it on by configuring SMTP (<code>CANDOR_SMTP_URL</code>); your choice here applies from then on.
        </p>
      )}
      <FormMessages state={state} />
      <fieldset className="field" aria-describedby={invalid ? 'emailNotifications-error' : undefined}>
        <legend className="field-label">Email me</legend>
        {OPTIONS.map((o) => (
          <div key={o.value} className="radio-option">
            <label className="checkbox">
              <input type="radio" name="emailNotifications" value={o.value} defaultChecked={current === o.value} aria-describedby={`email-pref-${o.value}-hint`} key={`${o.value}-${current}`} /> {o.label}
            </label>
            <p className="hint" id={`email-pref-${o.value}-hint`}>
              {o.hint}
            </p>
          </div>
        ))}
        <FieldError name="emailNotifications" state={state} />
      </fieldset>
      <SubmitButton>Save email preference</SubmitButton>
    </form>
  );
}
