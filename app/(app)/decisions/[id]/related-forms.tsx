'use client';

import { useActionState } from 'react';
import { ActionButton, FieldError, fieldProps, FormMessages, SubmitButton, type FormState } from '@/app/_components/form-bits';
import { relateAction, unrelateAction } from './actions';

export function UnlinkButton({ decisionId, other, title }: { decisionId: number; other: number; title: string }) {
  return (
    <ActionButton action={unrelateAction} fields={{ decisionId, relatesTo: other }} pendingText="Removing…">
      <span aria-hidden="true">Unlink</span>
      <span className="sr-only">
        Unlink #{other} {title}
      </span>
    </ActionButton>
  );
}

/** Link a related decision by its number or its link; the link shows on both pages. */
export function RelateForm({ decisionId }: { decisionId: number }) {
  const [state, action] = useActionState<FormState, FormData>(relateAction, {});
  return (
    <form action={action} style={{ marginTop: '0.6rem' }}>
      <FormMessages state={state} />
      <input type="hidden" name="decisionId" value={decisionId} />
      <div className="field">
        <label htmlFor="relatesTo">Link a related decision</label>
        <input {...fieldProps('relatesTo', state, 'relates-to-hint')} autoComplete="off" required />
        <p className="hint" id="relates-to-hint">
          Its number (like 42) or its link, from any team.
        </p>
        <FieldError name="relatesTo" state={state} />
      </div>
      <SubmitButton className="button small" pendingText="Linking…">
        Link decision
      </SubmitButton>
    </form>
  );
}
