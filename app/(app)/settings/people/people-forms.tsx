'use client';

import { useActionState } from 'react';
import { SubmitButton, type FormState } from '@/app/_components/form-bits';
import { FUNCTION_LABELS, FUNCTIONS } from '@/lib/vocabulary';
import { setPersonActiveAction, setPersonRolesAction } from './actions';

type Person = { id: string; name: string; email: string; function: string; functionConfirmed: boolean; isOrgAdmin: boolean; active: boolean };

/** One person's function and org-admin flag, as a form labelled with their name. */
export function PersonRolesForm({ person, isSelf }: { person: Person; isSelf: boolean }) {
  const [state, action] = useActionState<FormState, FormData>(setPersonRolesAction, {});
  const fn = state.values?.function || person.function;
  const admin = state.values ? state.values.orgAdmin === 'on' : person.isOrgAdmin;
  const id = `p-${person.id}`;
  // Saved once by an org admin (even unchanged), the function is confirmed (db/queries/users.ts setUserRoles).
  const unconfirmed = !person.functionConfirmed && !state.ok;
  return (
    <form action={action} className="row" aria-label={`Roles of ${person.name}`} style={{ flexWrap: 'wrap', gap: '0.5rem' }}>
      <input type="hidden" name="userId" value={person.id} />
      <label className="sr-only" htmlFor={`${id}-function`}>
        Function of {person.name}
      </label>
      {/* Nobody sets their own function: the select is shown, not sent (db/queries/users.ts). */}
      <select
        id={`${id}-function`}
        name="function"
        defaultValue={fn}
        key={`f-${fn}`}
        style={{ width: 'auto' }}
        disabled={isSelf}
        aria-describedby={isSelf ? `${id}-self` : unconfirmed ? `${id}-unconfirmed` : undefined}
      >
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
      <Outcome state={state} />
      {isSelf && (
        <span className="hint small faint" id={`${id}-self`}>
          (you: another organisation admin sets your function)
        </span>
      )}
      {unconfirmed && (
        <span className="hint small" id={`${id}-unconfirmed`} style={{ flexBasis: '100%', margin: 0 }}>
          <span className="chip warn">Not confirmed</span> No one has set this function yet (open sign-up, or a single sign-on that named none): their approvals don’t count as cross-functional until you save it.
        </span>
      )}
    </form>
  );
}

/** A People form's answer: its error, or what it saved, on a line of its own. */
function Outcome({ state }: { state: FormState }) {
  if (state.formError) {
    return (
      <p className="field-error" role="status" style={{ flexBasis: '100%' }}>
        {state.formError}
      </p>
    );
  }
  if (state.ok && state.message) {
    return (
      <p className="form-success small" role="status" style={{ flexBasis: '100%' }}>
        {state.message}
      </p>
    );
  }
  return null;
}

/**
 * Deactivate someone who left (signed out everywhere, tokens revoked, no sign-in; their record
 * stays), or reactivate them. Deactivating asks first, saying what it does.
 */
export function PersonActiveForm({ person, isSelf }: { person: Person; isSelf: boolean }) {
  const [state, action] = useActionState<FormState, FormData>(setPersonActiveAction, {});
  if (isSelf) return null;
  const fields = (
    <>
      <input type="hidden" name="userId" value={person.id} />
      <input type="hidden" name="name" value={person.name} />
      <input type="hidden" name="active" value={person.active ? 'false' : 'true'} />
    </>
  );
  if (!person.active) {
    return (
      <form action={action} className="row" aria-label={`Account of ${person.name}`} style={{ flexWrap: 'wrap', gap: '0.5rem', flexBasis: '100%' }}>
        {fields}
        <span className="chip bad">Deactivated</span>
        <SubmitButton className="button small" pendingText="Reactivating…">
          <span>
            Reactivate<span className="sr-only"> {person.name}</span>
          </span>
        </SubmitButton>
        <Outcome state={state} />
      </form>
    );
  }
  return (
    <div style={{ flexBasis: '100%' }}>
      <details className="small">
        <summary>
          Deactivate…<span className="sr-only"> {person.name}</span>
        </summary>
        <form action={action} aria-label={`Deactivate ${person.name}`}>
          {fields}
          <p className="small muted" style={{ margin: '0.4rem 0' }}>
            For someone who left: {person.name} is signed out everywhere, their API and feed tokens are revoked, the reviews asked of them by name are closed, and
            they can’t sign in. What they wrote, reviewed and objected to stays on every record. You can reactivate them later.
          </p>
          <SubmitButton className="button small danger" pendingText="Deactivating…">
            Deactivate {person.name}
          </SubmitButton>
        </form>
      </details>
      <Outcome state={state} />
    </div>
  );
}
