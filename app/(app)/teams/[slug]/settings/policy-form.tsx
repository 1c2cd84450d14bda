'use client';

import { useActionState, useId } from 'react';
import { FieldError, FormMessages, SubmitButton, type FormState } from '@/app/_components/form-bits';
import { NumberSetting, WORD_FIELDS, type RuleInfo } from '@/app/_components/policy-fields';
import type { Policy, PolicyFloor } from '@/lib/validation/policy';
import { updatePolicyAction } from '../../actions';

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

export function PolicyForm({ team, policy, floor, rules }: { team: string; policy: Policy; floor: PolicyFloor; rules: RuleInfo[] }) {
  const [state, action] = useActionState<FormState, FormData>(updatePolicyAction, {});
  const id = useId();
  const ownerChecked = state.values ? state.values.requireMetricOwnerReview === 'on' : policy.requireMetricOwnerReview;
  const num = (name: string, label: string, value: number, hint: string, min: number, max: number) => (
    <NumberSetting key={name} formId={id} state={state} name={name} label={label} value={value} hint={hint} min={min} max={max} />
  );
  return (
    <form action={action} className="card" aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`}>Publish policy</h2>
      <p className="muted small">
        What the publish gate asks of this team’s decisions. Changes are logged; a stricter setting applies to every decision not yet published, a more lenient one to decisions circulated from now on (one already in review keeps the stricter policy it was circulated under). The organisation’s floor (shown by each setting) is the least a team may ask;
        decisions published below Candor’s default gate say so on their record.
      </p>
      <FormMessages state={state} />
      <input type="hidden" name="team" value={team} />
      <div className="repeat-grid">
        {num('minHoursInReview', 'Minimum hours in review', policy.minHoursInReview, `How long critics get before publishing. Organisation floor: ${plural(floor.minHoursInReview, 'hour')}.`, 0, 1440)}
        {num('crossFunctionalApprovals', 'Cross-functional approvals', policy.crossFunctionalApprovals, `Current approvals needed from other functions. Organisation floor: ${floor.crossFunctionalApprovals}.`, 0, 10)}
        {num('freshnessDays', 'Data freshness limit (days)', policy.freshnessDays, `Older data sources are flagged by lint.source-stale. Organisation limit: at most ${plural(floor.maxFreshnessDays, 'day')}.`, 1, 3650)}
        <div className="field">
          <span className="field-label">Metric owners</span>
          <label className="checkbox">
            <input key={String(ownerChecked)} type="checkbox" name="requireMetricOwnerReview" defaultChecked={ownerChecked} aria-describedby={`${id}-owner-hint`} /> Owners of cited metrics must review
          </label>
          <p className="hint" id={`${id}-owner-hint`}>
            {floor.requireMetricOwnerReview ? 'Organisation floor: required.' : 'Organisation floor: the team decides.'}
          </p>
          <FieldError name="requireMetricOwnerReview" state={state} />
        </div>
      </div>
      <fieldset className="field">
        <legend className="field-label">Minimum words for a field to count as written</legend>
        <div className="repeat-grid">
          {WORD_FIELDS.map(([k, label]) => num(`minWords.${k}`, label, policy.minWords[k], `Placeholders like “TBD” never count. Organisation floor: ${plural(floor.minWords[k], 'word')}.`, 1, 2000))}
        </div>
      </fieldset>
      <fieldset className="field">
        <legend className="field-label">Linter rules</legend>
        <div className="table-wrap" role="region" aria-label="Linter rule levels" tabIndex={0}>
          <table className="table">
            <thead>
              <tr>
                <th scope="col">Rule</th>
                <th scope="col">Default</th>
                <th scope="col">Organisation floor</th>
                <th scope="col">This team</th>
              </tr>
            </thead>
            <tbody>
              {rules.map((r) => (
                <tr key={r.id}>
                  <td>
                    {r.title}
                    <br />
                    <code className="small faint">{r.id}</code>
                  </td>
                  <td>{r.level}</td>
                  <td>{floor.lintLevels[r.id] === 'error' ? 'must stay an error' : floor.lintLevels[r.id] === 'warning' ? 'cannot be switched off' : 'none'}</td>
                  <td>
                    <label className="sr-only" htmlFor={`${id}-${r.id}`}>
                      Level for {r.id}
                    </label>
                    <select
                      id={`${id}-${r.id}`}
                      name={`lint:${r.id}`}
                      defaultValue={state.values?.[`lint:${r.id}`] ?? policy.lintLevels[r.id] ?? 'default'}
                      aria-invalid={!!state.fieldErrors?.[`lintLevels.${r.id}`] || undefined}
                      aria-describedby={state.fieldErrors?.[`lintLevels.${r.id}`] ? `lintLevels.${r.id}-error` : undefined}
                      style={{ width: 'auto' }}
                    >
                      <option value="default">Default ({r.level})</option>
                      <option value="error">Error — blocks publishing</option>
                      <option value="warning">Warning</option>
                      <option value="off">Off</option>
                    </select>
                    <FieldError name={`lintLevels.${r.id}`} state={state} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </fieldset>
      <SubmitButton>Save policy</SubmitButton>
    </form>
  );
}
