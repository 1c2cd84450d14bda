import type { FormState } from '@/app/_components/form-bits';
import { toActionError } from '@/lib/errors';

/** Map a thrown error to a form's state, keeping what the person typed. */
export function failed(error: unknown, values: Record<string, string>): FormState {
  const e = toActionError(error);
  return { ok: false, formError: e.formError, fieldErrors: e.fieldErrors, values };
}

export function formValues(form: FormData, names: string[]): Record<string, string> {
  return Object.fromEntries(names.map((n) => [n, String(form.get(n) ?? '')]));
}
