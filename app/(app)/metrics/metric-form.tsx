'use client';

import { useActionState } from 'react';
import { FieldError, fieldProps, FormMessages, SubmitButton, type FormState } from '@/app/_components/form-bits';
import { METRIC_KIND_LABELS, METRIC_KINDS } from '@/lib/vocabulary';
import { createMetricAction, updateMetricAction } from './actions';

type Initial = { key: string; name: string; kind: string; ownerEmail: string; definition: string };

export function MetricForm({ initial, people }: { initial?: Initial; people: { email: string; name: string }[] }) {
  const editing = !!initial;
  const [state, action] = useActionState<FormState, FormData>(editing ? updateMetricAction : createMetricAction, { values: initial });
  return (
    <form action={action} className="card" aria-labelledby="metric-form-h">
      <h2 id="metric-form-h">{editing ? 'Edit this metric' : 'Add a metric'}</h2>
      <FormMessages state={state} />
      <div className="repeat-grid">
        <div className="field">
          <label htmlFor="name">Name</label>
          <input type="text" required placeholder="Checkout conversion" {...fieldProps('name', state)} />
          <FieldError name="name" state={state} />
        </div>
        <div className="field">
          <label htmlFor="key">Key</label>
          {editing ? (
            <input type="text" {...fieldProps('key', state)} readOnly aria-readonly="true" />
          ) : (
            <input type="text" required placeholder="checkout_conversion" {...fieldProps('key', state, 'key-hint')} />
          )}
          <p className="hint" id="key-hint">
            How decisions and the API cite it. {editing ? 'Keys never change.' : 'Lowercase, no spaces.'}
          </p>
          <FieldError name="key" state={state} />
        </div>
        <div className="field">
          <label htmlFor="kind">Kind</label>
          <select {...fieldProps('kind', state)} key={state.values?.kind} defaultValue={state.values?.kind || 'primary'}>
            {METRIC_KINDS.map((k) => (
              <option key={k} value={k}>
                {METRIC_KIND_LABELS[k]}
              </option>
            ))}
          </select>
          <FieldError name="kind" state={state} />
        </div>
        <div className="field">
          <label htmlFor="ownerEmail">Owner’s email</label>
          <input type="email" required list="people" {...fieldProps('ownerEmail', state, 'owner-hint')} />
          <datalist id="people">
            {people.map((p) => (
              <option key={p.email} value={p.email}>
                {p.name}
              </option>
            ))}
          </datalist>
          <p className="hint" id="owner-hint">
            Usually a data scientist. The owner must review every decision that cites this metric.
          </p>
          <FieldError name="ownerEmail" state={state} />
        </div>
      </div>
      <div className="field">
        <label htmlFor="definition">Definition (Markdown)</label>
        <textarea rows={6} required {...fieldProps('definition', state, 'def-hint')} />
        <p className="hint" id="def-hint">
          What is counted, over which population, in which window, and from which table.
        </p>
        <FieldError name="definition" state={state} />
      </div>
      <SubmitButton>{editing ? 'Save metric' : 'Add metric'}</SubmitButton>
    </form>
  );
}
