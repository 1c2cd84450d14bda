'use client';

import { useActionState } from 'react';
import { SubmitButton, type FormState } from '@/app/_components/form-bits';
import { FUNCTION_LABELS, FUNCTIONS } from '@/lib/vocabulary';
import { setPersonRolesAction } from './actions';

type Person = { id: string; name: string; email: string; function: string; isOrgAdmin: boolean };

/** One person's function and org-admin flag, as a form labelled with their name. */
export function PersonRolesForm({ person, isSelf }: { person: Person; isSelf: boolean }) {
  const [state, action] = useActionState<FormState, FormData>(setPersonRolesAction, {});
  const fn = state.values?.function || person.function;
  const admin = state.values ? state.values.orgAdmin === 'on' : person.isOrgAdmin;
  const id = `p-${person.id}`;
  return (
    <form action={action} className="row" aria-label={`Roles of ${person.name}`} style={{ flexWrap: 'wrap', gap: '0.5rem' }}>
      <input type="hidden" name="userId" value={person.id} />
      <label className="sr-only" htmlFor={`${id}-function`}>
        Function of {person.name}
      </label>
      <select id={`${id}-function`} name="function" defaultValue={fn} key={`f-${fn}`} style={{ width: 'auto' }}>
        {FUNCTIONS.map((f) => (
          <option key={f} value={f}>
            {FUNCTION_LABELS[f]}
          </option>
        ))}
      </select>
      <label className="small" htmlFor={`${id}-admin`} style={{ display: 'inline-flex', gap: '0.3rem', alignItems: 'center', margin: 0 }}>
        <input id={`${id}-admin`} type="checkbox" name="orgAdmin" defaultChecked={admin} key={`a-${admin}`} />
        Org admin<span className="sr-only"> ({person.name})</span>
      </label>
      <SubmitButton className="button small" pendingText="Saving…">
        <span>
          Save<span className="sr-only"> {person.name}</span>
        </span>
      </SubmitButton>
      {state.formError && (
        <p className="field-error" role="status" style={{ flexBasis: '100%' }}>
          {state.formError}
        </p>
      )}
      {state.ok && state.message && (
        <p className="form-success small" role="status" style={{ flexBasis: '100%' }}>
          {state.message}
        </p>
      )}
      {isSelf && <span className="hint small faint">(you)</span>}
    </form>
  );
}
