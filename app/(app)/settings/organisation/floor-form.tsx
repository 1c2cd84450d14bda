'use client';

import { useActionState, useId } from 'react';
import { FieldError, FormMessages, SubmitButton, type FormState } from '@/app/_components/form-bits';
import { NumberSetting, WORD_FIELDS, type RuleInfo } from '@/app/_components/policy-fields';
import type { PolicyFloor } from '@/lib/validation/policy';
import { updatePolicyFloorAction } from './actions';

/** The organisation's policy floor: no team policy may ask less. Errors sit by their fields; input survives a refusal. */
export function PolicyFloorForm({ floor, rules }: { floor: PolicyFloor; rules: RuleInfo[] }) {
  const [state, action] = useActionState<FormState, FormData>(updatePolicyFloorAction, {});
  const id = useId();
  const num = (name: string, label: string, value: number, hint: string, min: number, max: number) => (
    <NumberSetting key={name} formId={id} state={state} name={name} label={label} value={value} hint={hint} min={min} max={max} />
  );
  const ownerChecked = state.values ? state.values.requireMetricOwnerReview === 'on' : floor.requireMetricOwnerReview;
  return (
    <form action={action} className="card" aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`}>Policy floor</h2>
      <p className="muted small">
        The least any team’s publish policy may ask. Team admins cannot save a policy below it, and a team policy saved before the floor was raised is applied at the floor. Changes are logged.
      </p>
      <FormMessages state={state} />
      <div className="repeat-grid">
        {num('minHoursInReview', 'Minimum hours in review', floor.minHoursInReview, 'Teams give critics at least this long (0: teams decide).', 0, 1440)}
        {num('crossFunctionalApprovals', 'Cross-functional approvals', floor.crossFunctionalApprovals, 'Teams require at least this many approvals from other functions.', 0, 10)}
        {num('maxFreshnessDays', 'Longest data freshness limit (days)', floor.maxFreshnessDays, 'No team may accept data older than this.', 1, 3650)}
        <div className="field">
          <span className="field-label">Metric owners</span>
          <label className="checkbox">
            <input key={String(ownerChecked)} type="checkbox" name="requireMetricOwnerReview" defaultChecked={ownerChecked} aria-describedby={`${id}-owner-hint`} /> Every team must require owners of
            cited metrics to review
          </label>
          <p className="hint" id={`${id}-owner-hint`}>
            Unchecked: teams may drop it (their published decisions then say so).
          </p>
          <FieldError name="requireMetricOwnerReview" state={state} />
        </div>
      </div>
      <fieldset className="field">
        <legend className="field-label">Minimum words for a field to count as written (teams may ask more)</legend>
        <div className="repeat-grid">{WORD_FIELDS.map(([k, label]) => num(`minWords.${k}`, label, floor.minWords[k], 'The least a team may set.', 1, 2000))}</div>
      </fieldset>
      <fieldset className="field">
        <legend className="field-label">Linter rules teams may not weaken</legend>
        <div className="table-wrap" role="region" aria-label="Linter rule floors" tabIndex={0}>
          <table className="table">
            <thead>
              <tr>
                <th scope="col">Rule</th>
                <th scope="col">Default</th>
                <th scope="col">Floor</th>
              </tr>
            </thead>
            <tbody>
              {rules.map((r) => {
                const name = `lintLevels.${r.id}`;
                return (
                  <tr key={r.id}>
                    <td>
                      {r.title}
                      <br />
                      <code className="small faint">{r.id}</code>
                    </td>
                    <td>{r.level}</td>
                    <td>
                      <label className="sr-only" htmlFor={`${id}-${r.id}`}>
                        Floor for {r.id}
                      </label>
                      <select
                        id={`${id}-${r.id}`}
                        name={`lint:${r.id}`}
                        defaultValue={state.values?.[`lint:${r.id}`] ?? floor.lintLevels[r.id] ?? 'none'}
                        aria-invalid={!!state.fieldErrors?.[name] || undefined}
                        aria-describedby={state.fieldErrors?.[name] ? `${name}-error` : undefined}
                        style={{ width: 'auto' }}
                      >
                        <option value="none">No floor — teams may switch it off</option>
                        <option value="warning">At least a warning — may not be switched off</option>
                        <option value="error">Must stay an error</option>
                      </select>
                      <FieldError name={name} state={state} />
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      </fieldset>
      <SubmitButton>Save policy floor</SubmitButton>
    </form>
  );
}
