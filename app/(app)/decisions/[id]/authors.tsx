'use client';

import { useActionState } from 'react';
import { ActionButton, FieldError, fieldProps, FormMessages, SubmitButton, type FormState } from '@/app/_components/form-bits';
import { FUNCTION_LABELS, type UserFunction } from '@/lib/vocabulary';
import { addAuthorAction, removeAuthorAction } from './actions';

type Person = { name: string; email: string; function: UserFunction };
/** A team member who could be added, and why not if they have critiqued the decision (db/queries/decisions.ts, listCritics). */
type Candidate = Person & { critique: string | null };

/**
 * Who wrote the decision. While it is open, its authors (or a team admin) add
 * team members as co-authors: they edit, circulate and publish it too, and
 * give no verdicts. Members who have critiqued it are listed but can't be chosen.
 */
export function AuthorsBox({ decisionId, authors, candidates, canManage, teamName }: { decisionId: number; authors: Person[]; candidates: Candidate[]; canManage: boolean; teamName: string }) {
  const [state, action] = useActionState<FormState, FormData>(addAuthorAction, {});
  return (
    <>
      <ul className="rail-list" aria-label="Authors">
        {authors.map((a) => (
          <li key={a.email}>
            <span>
              {a.name} <span className="faint small">{FUNCTION_LABELS[a.function]}</span>
            </span>
            {canManage && authors.length > 1 && (
              <ActionButton action={removeAuthorAction} fields={{ decisionId, email: a.email }} pendingText="Removing…">
                <span aria-hidden="true">Remove</span>
                <span className="sr-only">Remove {a.name} as an author</span>
              </ActionButton>
            )}
          </li>
        ))}
      </ul>
      {canManage &&
        (candidates.length === 0 ? (
          <p className="small muted" style={{ margin: '0.5rem 0 0' }}>
            Everyone in {teamName} is already an author. A team admin can add more members to the team.
          </p>
        ) : (
          <form action={action} style={{ marginTop: '0.6rem' }}>
            <FormMessages state={state} />
            <input type="hidden" name="decisionId" value={decisionId} />
            <div className="field">
              <label htmlFor="email">Add a co-author</label>
              <select {...fieldProps('email', state, 'co-author-hint')} defaultValue={state.values?.email ?? ''} required>
                <option value="" disabled>
                  Choose a member of {teamName}
                </option>
                {candidates.map((p) => (
                  <option key={p.email} value={p.email} disabled={!!p.critique}>
                    {p.name} ({FUNCTION_LABELS[p.function]}){p.critique ? ` — has ${p.critique}` : ''}
                  </option>
                ))}
              </select>
              <p className="hint" id="co-author-hint">
                Co-authors edit, circulate and publish, and give no verdicts. Someone who has reviewed or objected stays a critic: their critique must keep counting.
              </p>
              <FieldError name="email" state={state} />
            </div>
            <SubmitButton className="button small" pendingText="Adding…">
              Add co-author
            </SubmitButton>
          </form>
        ))}
    </>
  );
}
