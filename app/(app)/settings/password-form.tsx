'use client';

import { useSearchParams } from 'next/navigation';
import { useActionState } from 'react';
import { FieldError, fieldProps, FormMessages, SubmitButton, type FormState } from '@/app/_components/form-bits';
import { changePasswordAction } from './password-actions';

export function ChangePasswordForm() {
  const [state, action] = useActionState<FormState, FormData>(changePasswordAction, {});
  const failed = !!state.formError || !!state.fieldErrors;
  const changed = useSearchParams().get('password') === 'changed' && !failed;
  return (
    <form action={action} className="card" aria-labelledby="password-h">
      <h2 id="password-h">Password</h2>
      <FormMessages state={state} />
      {changed && (
        <p className="form-success" role="status">
          Password changed. Every other place you were signed in has been signed out.
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
      <SubmitButton pendingText="Changing…">Change password</SubmitButton>
    </form>
  );
}
