import { z } from 'zod';

import { FUNCTIONS } from '../vocabulary';

export { FUNCTION_LABELS, FUNCTIONS, METRIC_KIND_LABELS, METRIC_KINDS, STATUS_LABELS, STATUSES, TEAM_ROLES } from '../vocabulary';
export type { DecisionStatus, MetricKind, TeamRole, UserFunction } from '../vocabulary';

export const functionSchema = z.enum(FUNCTIONS, {
  error: `Choose one of: ${FUNCTIONS.join(', ')}`,
});

/*
 * Text people type may carry characters no one can see and that break XML
 * (feeds, exports): NUL and other control characters, Unicode noncharacters
 * (U+FFFE, U+FFFF, U+FDD0–U+FDEF, U+nFFFE/F) and lone surrogates. They are
 * stripped, not refused: the person cannot see them to remove them, and the
 * rest of their text is kept. Tab, newline and carriage return (CRLF from
 * browsers' text areas) are valid XML and stay.
 */
const UNSAFE_CHARS = new RegExp(
  `[\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F-\\u009F\\uFDD0-\\uFDEF\\uFFFE\\uFFFF\\uD800-\\uDFFF${Array.from({ length: 16 }, (_, i) => `\\u{${(i + 1).toString(16)}FFFE}\\u{${(i + 1).toString(16)}FFFF}`).join('')}]`,
  'gu',
);

/** Strip invisible, XML-breaking characters. Used by every free-text schema. */
export function cleanText(text: string): string {
  return text.replace(UNSAFE_CHARS, '');
}

export const emailSchema = z
  .string({ error: 'Enter an email address' })
  .trim()
  .toLowerCase()
  .pipe(z.email({ error: 'Enter a valid email address, like ana@example.com' }));

export const slugSchema = z
  .string({ error: 'Enter a slug' })
  .trim()
  .toLowerCase()
  .min(2, { error: 'A slug needs at least 2 characters' })
  .max(40, { error: 'Keep the slug under 40 characters' })
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, {
    error: 'Use lowercase letters, digits and single dashes, like "growth" or "checkout-web"',
  });

/**
 * One line of text, such as a person's name or a decision's title: cleanText, with line breaks (NEL
 * included, which cleanText would drop without a space), tabs and runs of spaces folded to one space,
 * and the bidirectional embedding, override and isolate controls removed (U+202A–U+202E,
 * U+2066–U+2069), which can make a name read backwards wherever it is shown; trimmed. A title
 * "Ship it\n\nOpen it: http://evil.test" can't add a line of its own to a mail, nor can one stored before
 * titles were one line (mails and webhook messages pass titles and names through this too).
 */
export function cleanLine(text: string): string {
  return cleanText(text.replace(/\u0085/g, ' '))
    .replace(/[\u202A-\u202E\u2066-\u2069]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

export const personNameSchema = z
  .string({ error: 'Enter a name' }).overwrite(cleanLine)
  .trim()
  .min(1, { error: 'Enter a name' })
  .max(100, { error: 'Keep the name under 100 characters' })
  // Latin, Cyrillic and Greek share letters that look alike ("Dеv" with a Cyrillic е): one name, one of them.
  .refine((name) => !(/\p{Script=Latin}/u.test(name) && /[\p{Script=Cyrillic}\p{Script=Greek}]/u.test(name)), {
    error: 'Write the name in one alphabet: it mixes Latin letters with Cyrillic or Greek ones, which can look the same',
  });

/**
 * What a person's name reads as, for telling two people apart: compatibility forms (fullwidth letters),
 * accents, invisible characters (zero-width spaces and joiners, soft hyphens), case and spacing folded,
 * so "Dév  chatterjee" and "Dev\u200B Chatterjee" are "Dev Chatterjee".
 */
export function personNameKey(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\p{M}\p{Default_Ignorable_Code_Point}]/gu, '')
    .toLowerCase()
    .replace(/\s+/gu, ' ')
    .trim();
}

/** The refusal when someone would take a name another person has (db/queries/users.ts nameTakenBy). */
export function nameTakenMessage(name: string): string {
  return `Someone here is already called ${name}: add an initial or another name people know you by, so what you write can’t be taken for theirs`;
}

/** A strictly positive integer id from a URL segment or a body. */
export const idSchema = z.coerce
  .number({ error: 'Expected a numeric id' })
  .positive({ error: 'Expected a positive id' })
  // Before .int(): 1e99 is "too large", not "not a whole number".
  .max(Number.MAX_SAFE_INTEGER, { error: 'That id is too large' })
  .int({ error: 'Expected a whole-number id' });

/** What a refused page link is told: the cursor is damaged, repeated, or from another list. */
export const STALE_PAGE_LINK = 'This page link is out of date: start again from the first page';

/** A page link's cursor: text, decoded by lib/pagination.ts; anything else (a repeated ?cursor=) is a stale link. */
export const cursorSchema = z.string({ error: STALE_PAGE_LINK }).optional();

export const limitSchema = z.coerce
  .number({ error: 'limit must be a number' })
  .int({ error: 'limit must be a whole number' })
  .min(1, { error: 'limit must be at least 1' })
  .max(100, { error: 'limit can be at most 100' })
  .default(25);

/** Dates people type are real calendar days in a sane range (no year 0, no 2023-02-30). */
export const DATE_MIN_YEAR = 1900;
export const DATE_MAX_YEAR = 2200;

export const calendarDateSchema = (label: string) =>
  z.string({ error: `${label} must be a date written as YYYY-MM-DD` }).superRefine((v, ctx) => {
    const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(v);
    if (!m) return void ctx.addIssue({ code: 'custom', message: `${label} must be a date written as YYYY-MM-DD` });
    const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
    if (y < DATE_MIN_YEAR || y > DATE_MAX_YEAR) return void ctx.addIssue({ code: 'custom', message: `${label} must be between ${DATE_MIN_YEAR}-01-01 and ${DATE_MAX_YEAR}-12-31` });
    const t = new Date(Date.UTC(y, mo - 1, d));
    if (t.getUTCMonth() !== mo - 1 || t.getUTCDate() !== d) ctx.addIssue({ code: 'custom', message: `${label}: ${v} is not a day on the calendar` });
  });
