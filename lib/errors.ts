import { z } from 'zod';

/*
 * Expected failures are values: the domain and the data layer throw an AppError;
 * server actions turn it into an ActionResult (toActionError) and the API into
 * one JSON error shape (server/api.ts). Anything else is a bug and goes to error.tsx.
 */

export const ERROR_STATUS = {
  invalid: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  method_not_allowed: 405,
  conflict: 409,
  frozen: 409,
  payload_too_large: 413,
  gate_failed: 422,
} as const;
export type ErrorCode = keyof typeof ERROR_STATUS;

export type Issue = { path: string; message: string };

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly issues?: Issue[];
  /** Extra fields for the API error object, e.g. { currentRevision: 4 }. */
  readonly details?: Record<string, unknown>;

  constructor(code: ErrorCode, message: string, opts: { issues?: Issue[]; details?: Record<string, unknown> } = {}) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.issues = opts.issues;
    this.details = opts.details;
  }

  get status(): number {
    return ERROR_STATUS[this.code];
  }
}

export function issuesFromZod(error: z.ZodError, prefix: (string | number)[] = []): Issue[] {
  return error.issues.map((i) => ({
    path: [...prefix, ...i.path].map(String).join('.'),
    message: i.message,
  }));
}

/** One line for a refusal: a single issue says itself (with its field, when it has one); several say `several`. */
export function issuesSummary(issues: Issue[], several: string): string {
  const first = issues[0];
  if (issues.length !== 1 || !first) return several;
  return first.path ? `${first.path}: ${first.message}` : first.message;
}

/** Parse with a shared schema; a failure becomes a 400 `invalid` with every issue. */
export function parseOrThrow<T extends z.ZodType>(schema: T, input: unknown, message = 'Some fields need attention'): z.output<T> {
  const result = schema.safeParse(input);
  if (!result.success) {
    const issues = issuesFromZod(result.error);
    throw new AppError('invalid', issuesSummary(issues, message), { issues });
  }
  return result.data;
}

export type ActionResult<T = undefined> =
  | ({ ok: true } & (T extends undefined ? { data?: undefined } : { data: T }))
  | {
      ok: false;
      code: ErrorCode;
      formError: string;
      fieldErrors: Record<string, string>;
      details?: Record<string, unknown>;
    };

/** The one mapping from a thrown error to what a form shows. Unexpected errors are rethrown. */
export function toActionError(error: unknown): Extract<ActionResult, { ok: false }> {
  if (error instanceof AppError) {
    const fieldErrors: Record<string, string> = {};
    for (const issue of error.issues ?? []) {
      if (issue.path && !(issue.path in fieldErrors)) fieldErrors[issue.path] = issue.message;
    }
    return { ok: false, code: error.code, formError: error.message, fieldErrors, details: error.details };
  }
  throw error;
}

/**
 * An id as a person or a client sent it (a URL segment, a form field, a JSON
 * number), or null: only a whole number from 1 to 2^53 − 1, written as plain
 * digits when it is text (so "1e3", " 7" and "0x10" are not aliases of ids).
 */
export function parseId(raw: unknown): number | null {
  if (typeof raw === 'number') return Number.isSafeInteger(raw) && raw > 0 ? raw : null;
  if (typeof raw !== 'string' || !/^\d{1,15}$/.test(raw)) return null;
  const n = Number(raw);
  return Number.isSafeInteger(n) && n > 0 ? n : null;
}

/** parseId, or a not-found naming what was asked for ("There is no decision "abc""). */
export function requireId(raw: unknown, what: string): number {
  const id = parseId(raw);
  if (id === null) throw new AppError('not_found', `There is no ${what} "${String(raw ?? '')}"`);
  return id;
}

