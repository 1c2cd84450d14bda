'use client';

import { useActionState } from 'react';
import { createDecisionAction, type NewDecisionState } from './actions';

export function NewDecisionForm({ teams, team }: { teams: { slug: string; name: string }[]; team?: string }) {
  const [state, action, pending] = useActionState<NewDecisionState, FormData>(createDecisionAction, {});
  const err = state.fieldErrors ?? {};
  return (
    <form action={action} className="card">
      {state.formError && (
        <p className="form-error" role="status">
          {state.formError}
        </p>
      )}
      <div className="field">
        <label htmlFor="team">Team</label>
        <select id="team" name="team" defaultValue={state.values?.team ?? team ?? teams[0]?.slug} required>
          {teams.map((t) => (
            <option key={t.slug} value={t.slug}>
              {t.name}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="title">Title</label>
        <input
          id="title"
          name="title"
          type="text"
          required
          placeholder="e.g. Replace the three-step checkout with a single page"
          defaultValue={state.values?.title}
          aria-invalid={!!err.title}
          aria-describedby={err.title ? 'title-error' : 'title-hint'}
        />
        {err.title ? (
          <p className="field-error" id="title-error">
            {err.title}
          </p>
        ) : (
          <p className="hint" id="title-hint">
            Say what is being decided. You can change it later; every save is kept as a revision.
          </p>
        )}
      </div>
      <button className="button primary" type="submit" disabled={pending}>
        {pending ? 'Creating…' : 'Create draft and start writing'}
      </button>
    </form>
  );
}
