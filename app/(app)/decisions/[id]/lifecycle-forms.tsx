'use client';

import { useActionState, useId, useState } from 'react';
import { FieldError, FormMessages, SubmitButton, type FormState } from '@/app/_components/form-bits';
import { LIST_MAX, OUTCOME_LABELS, OUTCOME_VERDICTS } from '@/lib/vocabulary';
import { publishAction, recordOutcomeAction, reverseAction, withdrawAction } from './actions';

/** What publishing will record, shown for confirmation (from db/queries/publish.ts getReadiness's publishPreview). */
export type PublishPreview = {
  revision: number;
  reviewers: { name: string; function: string; verdict: string; stale: boolean }[];
  overridden: { author: string; function: string; section: string; rationale: string }[];
  staleChangeRequests: { reviewer: string; function: string }[];
  relaxations: string[];
};

const VERDICT_WORDS: Record<string, string> = { approve: 'approved', 'request-changes': 'requested changes', comment: 'commented' };

export function PublishForm({
  decisionId,
  ready,
  failing,
  supersedable,
  preview,
}: {
  decisionId: number;
  ready: boolean;
  failing: number;
  supersedable: { id: number; title: string }[];
  preview: PublishPreview | null;
}) {
  const [state, action] = useActionState<FormState, FormData>(publishAction, {});
  const [confirming, setConfirming] = useState(false);
  const id = useId();
  return (
    <form action={action} aria-labelledby={`${id}-h`}>
      <h3 id={`${id}-h`} className="sr-only">
        Publish
      </h3>
      <FormMessages state={state} />
      <input type="hidden" name="decisionId" value={decisionId} />
      {supersedable.length > 0 && (
        <div className="field">
          <label htmlFor={`${id}-sup`}>Supersedes</label>
          <select id={`${id}-sup`} name="supersedes" defaultValue={state.values?.supersedes ?? ''} aria-describedby={`${id}-sup-hint`}>
            <option value="">Nothing (a new decision)</option>
            {supersedable.map((d) => (
              <option key={d.id} value={d.id}>
                #{d.id} {d.title}
              </option>
            ))}
          </select>
          <p className="hint" id={`${id}-sup-hint`}>
            The superseded decision links here and is marked superseded.
          </p>
        </div>
      )}
      {!ready ? (
        <>
          <button type="submit" className="button primary" disabled aria-describedby={`${id}-why`}>
            Publish decision
          </button>
          <p className="small muted" id={`${id}-why`} style={{ margin: '0.5rem 0 0' }}>
            {failing === 1 ? 'One check must pass' : `${failing} checks must pass`} before publishing.
          </p>
        </>
      ) : !confirming || !preview ? (
        <button type="button" className="button primary" aria-expanded={false} aria-controls={`${id}-confirm`} onClick={() => setConfirming(true)}>
          Publish decision
        </button>
      ) : (
        <div className="publish-confirm" id={`${id}-confirm`} role="group" aria-labelledby={`${id}-ch`}>
          <p id={`${id}-ch`}>
            <strong>Publishing freezes revision {preview.revision}</strong> and records, for good:
          </p>
          <ul className="small">
            <li>
              {preview.reviewers.length === 0
                ? 'No reviewer verdicts.'
                : `Reviewers: ${preview.reviewers.map((r) => `${r.name} (${r.function}) ${VERDICT_WORDS[r.verdict] ?? r.verdict}${r.stale ? ' on an earlier revision' : ''}`).join('; ')}.`}
            </li>
            <li>
              {preview.overridden.length + preview.staleChangeRequests.length === 0
                ? 'No recorded dissent.'
                : `Recorded dissent: ${[
                    ...preview.overridden.map((o) => `${o.author} (${o.function}) objected on ${o.section}, overridden: “${o.rationale}”`),
                    ...preview.staleChangeRequests.map((r) => `${r.reviewer} (${r.function}) requested changes and did not review the latest evidence`),
                  ].join('; ')}.`}
            </li>
            {preview.relaxations.length > 0 && <li>Published under a relaxed policy: {preview.relaxations.join('; ')}.</li>}
          </ul>
          <div className="row">
            <SubmitButton pendingText="Publishing…" className="button primary">
              Publish revision {preview.revision}
            </SubmitButton>
            <button type="button" className="button ghost" onClick={() => setConfirming(false)}>
              Cancel
            </button>
          </div>
        </div>
      )}
    </form>
  );
}

function ReasonForm({ decisionId, label, field, button, hint, action }: { decisionId: number; label: string; field: 'reason' | 'rationale'; button: string; hint: string; action: (s: FormState, f: FormData) => Promise<FormState> }) {
  const [state, formAction] = useActionState<FormState, FormData>(action, {});
  const [open, setOpen] = useState(false);
  const id = useId();
  if (!open) {
    return (
      <button type="button" className="button small ghost danger" onClick={() => setOpen(true)}>
        {button}…
      </button>
    );
  }
  return (
    <form action={formAction} className="composer" aria-label={button}>
      <FormMessages state={state} />
      <input type="hidden" name="decisionId" value={decisionId} />
      <div className="field">
        <label htmlFor={`${id}-t`}>{label}</label>
        <textarea id={`${id}-t`} name={field} rows={3} required defaultValue={state.values?.[field]} aria-describedby={`${id}-h`} aria-invalid={!!state.fieldErrors?.[field] || undefined} />
        <p className="hint" id={`${id}-h`}>
          {hint}
        </p>
        <FieldError name={field} state={state} />
      </div>
      <div className="row">
        <SubmitButton className="button danger" pendingText="Saving…">
          {button}
        </SubmitButton>
        <button type="button" className="button ghost" onClick={() => setOpen(false)}>
          Cancel
        </button>
      </div>
    </form>
  );
}

export function WithdrawForm({ decisionId }: { decisionId: number }) {
  return <ReasonForm decisionId={decisionId} label="Why withdraw it?" field="reason" button="Withdraw" hint="At least a sentence. It stays on the record." action={withdrawAction} />;
}

export function ReverseForm({ decisionId }: { decisionId: number }) {
  return (
    <ReasonForm decisionId={decisionId} label="Why reverse this decision?" field="rationale" button="Reverse decision" hint="At least a sentence: what changed, and what happens instead. It stays on the record." action={reverseAction} />
  );
}

export function OutcomeForm({ decisionId, later = false }: { decisionId: number; later?: boolean }) {
  const [state, action] = useActionState<FormState, FormData>(recordOutcomeAction, {});
  const [open, setOpen] = useState(!later);
  const [rows, setRows] = useState<number[]>([]);
  const id = useId();
  if (!open) {
    return (
      <button type="button" className="button small ghost" onClick={() => setOpen(true)} style={{ marginTop: '0.6rem' }}>
        Add a later outcome note
      </button>
    );
  }
  return (
    <form action={action} className="composer" aria-labelledby={`${id}-h`}>
      <h3 id={`${id}-h`} style={{ fontSize: '1rem' }}>
        {later ? 'Add a later outcome note' : 'Record the outcome'}
      </h3>
      <FormMessages state={state} />
      <input type="hidden" name="decisionId" value={decisionId} />
      <fieldset className="field" key={state.ok ? 'done' : 'open'}>
        <legend className="field-label">What happened?</legend>
        {OUTCOME_VERDICTS.map((v) => (
          <label key={v} className="radio-row">
            <input type="radio" name="verdict" value={v} required defaultChecked={(state.values?.verdict ?? 'validated') === v} /> {OUTCOME_LABELS[v]}
          </label>
        ))}
      </fieldset>
      <div className="field">
        <label htmlFor={`${id}-b`}>What the data showed</label>
        <textarea id={`${id}-b`} name="body" rows={4} required defaultValue={state.ok ? '' : state.values?.body} aria-invalid={!!state.fieldErrors?.body || undefined} />
        <FieldError name="body" state={state} />
      </div>
      <fieldset className="field">
        <legend className="field-label">Evidence (optional)</legend>
        <p className="hint">Relative change and its 95 % interval, in percent.</p>
        {rows.map((r, i) => (
          <div key={r} className="repeat-grid outcome-row" role="group" aria-label={`Evidence row ${i + 1}`}>
            {(
              [
                ['metric', 'Metric'],
                ['relativeChange', 'Change (%)'],
                ['ciLow', 'CI low (%)'],
                ['ciHigh', 'CI high (%)'],
              ] as const
            ).map(([field, label]) => (
              <div className="field" key={field}>
                <label htmlFor={`${id}-${r}-${field}`}>{label}</label>
                <input
                  id={`${id}-${r}-${field}`}
                  name={`evidence.${i}.${field}`}
                  type="text"
                  inputMode={field === 'metric' ? 'text' : 'decimal'}
                  defaultValue={state.values?.[`evidence.${i}.${field}`]}
                  aria-invalid={!!state.fieldErrors?.[`evidence.${i}.${field}`] || undefined}
                  aria-describedby={state.fieldErrors?.[`evidence.${i}.${field}`] ? `evidence.${i}.${field}-error` : undefined}
                />
                <FieldError name={`evidence.${i}.${field}`} state={state} />
              </div>
            ))}
          </div>
        ))}
        <p>
          <button type="button" className="button small" onClick={() => setRows((rs) => [...rs, Math.max(0, ...rs) + 1])} disabled={rows.length >= LIST_MAX}>
            + Add evidence row
          </button>
          {rows.length > 0 && (
            <button type="button" className="button small ghost" onClick={() => setRows((rs) => rs.slice(0, -1))}>
              Remove last row
            </button>
          )}
        </p>
      </fieldset>
      <SubmitButton pendingText="Recording…">Record outcome</SubmitButton>
    </form>
  );
}
