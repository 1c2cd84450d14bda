'use client';

import { useActionState, useId } from 'react';
import { FieldError, FormMessages, SubmitButton, type FormState } from '@/app/_components/form-bits';
import { relateAction, unrelateAction } from './actions';

export function UnlinkButton({ decisionId, other, title }: { decisionId: number; other: number; title: string }) {
  const [state, action] = useActionState<FormState, FormData>(unrelateAction, {});
  return (
    <form action={action}>
      <input type="hidden" name="decisionId" value={decisionId} />
      <input type="hidden" name="relatesTo" value={other} />
      <SubmitButton className="button small ghost" pendingText="Removing…">
        <span aria-hidden="true">Unlink</span>
        <span className="sr-only">
          Unlink #{other} {title}
        </span>
      </SubmitButton>
      {state.formError && <p className="field-error">{state.formError}</p>}
    </form>
  );
}

/** Link a related decision by its number or its link; the link shows on both pages. */
export function RelateForm({ decisionId }: { decisionId: number }) {
  const [state, action] = useActionState<FormState, FormData>(relateAction, {});
  const id = useId();
  return (
    <form action={action} style={{ marginTop: '0.6rem' }}>
      <FormMessages state={state} />
      <input type="hidden" name="decisionId" value={decisionId} />
      <div className="field">
        <label htmlFor={`${id}-ref`}>Link a related decision</label>
        <input
          id={`${id}-ref`}
          name="relatesTo"
          inputMode="text"
          autoComplete="off"
          required
          key={state.ok ? 'done' : 'open'}
          defaultValue={state.ok ? '' : state.values?.relatesTo}
          aria-describedby={`${id}-hint${state.fieldErrors?.relatesTo ? ' relatesTo-error' : ''}`}
          aria-invalid={!!state.fieldErrors?.relatesTo || undefined}
        />
        <p className="hint" id={`${id}-hint`}>
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
