import { FieldError, type FormState } from '@/app/_components/form-bits';
import type { SubstantiveField } from '@/lib/validation/policy';

/*
 * The pieces a team's publish policy form and the organisation's floor form
 * share: the same settings, asked the same way.
 */

export type RuleInfo = { id: string; title: string; level: 'error' | 'warning' };

export const WORD_FIELDS: [SubstantiveField, string][] = [
  ['title', 'Title'],
  ['summary', 'Summary'],
  ['context', 'Context'],
  ['decision', 'Decision'],
  ['methodology', 'Methodology'],
  ['openCritique', 'Open critique'],
];

/** A whole-number setting with its hint and its error; a refused save keeps what was typed. */
export function NumberSetting({ formId, state, name, label, value, hint, min, max }: { formId: string; state: FormState; name: string; label: string; value: number; hint: string; min: number; max: number }) {
  const error = state.fieldErrors?.[name];
  return (
    <div className="field">
      <label htmlFor={`${formId}-${name}`}>{label}</label>
      <input
        id={`${formId}-${name}`}
        name={name}
        type="number"
        min={min}
        max={max}
        step={1}
        defaultValue={state.values?.[name] ?? value}
        aria-describedby={[error ? `${name}-error` : null, `${formId}-${name}-hint`].filter(Boolean).join(' ')}
        aria-invalid={!!error || undefined}
      />
      <p className="hint" id={`${formId}-${name}-hint`}>
        {hint}
      </p>
      <FieldError name={name} state={state} />
    </div>
  );
}
