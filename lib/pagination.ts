import { AppError } from './errors';
import { STALE_PAGE_LINK } from './validation/common';

/*
 * Keyset cursors: the sort key of the last row of a page, opaque to clients.
 * A cursor is base64url(JSON array); anything that does not decode to the
 * expected shape is a 400, never a 500.
 */

export type Page<T> = { items: T[]; nextCursor: string | null };

export function encodeCursor(values: (string | number)[]): string {
  return Buffer.from(JSON.stringify(values), 'utf8').toString('base64url');
}

export function decodeCursor<T extends readonly ('string' | 'number')[]>(
  cursor: string | undefined | null,
  shape: T,
): { [K in keyof T]: T[K] extends 'string' ? string : number } | null {
  if (!cursor) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    parsed = undefined;
  }
  const ok =
    Array.isArray(parsed) &&
    parsed.length === shape.length &&
    parsed.every((v, i) => (shape[i] === 'number' ? Number.isSafeInteger(v) : typeof v === 'string'));
  if (!ok) throw new AppError('invalid', STALE_PAGE_LINK, { issues: [{ path: 'cursor', message: STALE_PAGE_LINK }] });
  return parsed as { [K in keyof T]: T[K] extends 'string' ? string : number };
}

/** Split a fetched page of limit + 1 rows into items and the cursor of the next page. */
export function toPage<R, T>(rows: R[], limit: number, key: (row: R) => (string | number)[], map: (row: R) => T): Page<T> {
  const more = rows.length > limit;
  const pageRows = more ? rows.slice(0, limit) : rows;
  const last = pageRows[pageRows.length - 1];
  return { items: pageRows.map(map), nextCursor: more && last ? encodeCursor(key(last)) : null };
}
