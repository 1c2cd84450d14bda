'use client';

import { useActionState, useSyncExternalStore } from 'react';
import { useFormStatus } from 'react-dom';

/** The one form-feedback vocabulary: a form-level message and per-field errors tied to their controls. */
export type FormState = {
  ok?: boolean;
  message?: string;
  formError?: string;
  /** Where to go about the error, e.g. what changed since the revision the person read. */
  errorLink?: { href: string; text: string };
  fieldErrors?: Record<string, string>;
  values?: Record<string, string>;
};

export function FormMessages({ state }: { state: FormState }) {
  // A message already shown beside its field is not repeated at the top.
  const repeated = !!state.formError && Object.values(state.fieldErrors ?? {}).some((m) => state.formError === m || state.formError?.endsWith(`: ${m}`));
  return (
    <>
      {state.formError && !repeated && (
        <p className="form-error" role="status">
          {state.formError}
          {state.errorLink && (
            <>
              {' '}
              <a href={state.errorLink.href}>{state.errorLink.text}</a>
            </>
          )}
        </p>
      )}
      {state.ok && state.message && (
        <p className="form-success" role="status">
          {state.message}
        </p>
      )}
    </>
  );
}

export function FieldError({ name, state }: { name: string; state: FormState }) {
  const message = state.fieldErrors?.[name];
  return message ? (
    <p className="field-error" id={`${name}-error`}>
      {message}
    </p>
  ) : null;
}

/** aria wiring for a control named `name` in a form whose state is `state`. */
export function fieldProps(name: string, state: FormState, hintId?: string) {
  const invalid = !!state.fieldErrors?.[name];
  const describedBy = [invalid ? `${name}-error` : null, hintId ?? null].filter(Boolean).join(' ');
  return { id: name, name, 'aria-invalid': invalid || undefined, 'aria-describedby': describedBy || undefined, defaultValue: state.values?.[name] };
}

export function SubmitButton({ children, pendingText, className = 'button primary' }: { children: React.ReactNode; pendingText?: string; className?: string }) {
  const { pending } = useFormStatus();
  return (
    <button type="submit" className={className} disabled={pending}>
      {pending ? (pendingText ?? 'Saving…') : children}
    </button>
  );
}

/** A form that is a single button: hidden fields, a pending label, and the reason if the action refuses. */
export function ActionButton({
  action,
  fields,
  children,
  pendingText,
  className = 'button small ghost',
}: {
  action: (state: FormState, form: FormData) => Promise<FormState>;
  fields: Record<string, string | number>;
  children: React.ReactNode;
  pendingText: string;
  className?: string;
}) {
  const [state, formAction] = useActionState<FormState, FormData>(action, {});
  return (
    <form action={formAction}>
      {Object.entries(fields).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      <SubmitButton className={className} pendingText={pendingText}>
        {children}
      </SubmitButton>
      {state.formError && <p className="field-error">{state.formError}</p>}
    </form>
  );
}

const noSubscription = () => () => {};

/**
 * A link the person copies somewhere else (an invite, a private feed URL) must be absolute: this is
 * the address the browser reached Candor at. The server has no window, so a render there (the form
 * posted without JavaScript) gives '' and the link stays a path the person can still use.
 */
export function useOrigin(): string {
  return useSyncExternalStore(noSubscription, () => window.location.origin, () => '');
}
