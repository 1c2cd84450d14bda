import { AppError } from '@/lib/errors';

/** A decision id from the URL; anything that is not one is simply not found. */
export function decisionId(raw: string): number {
  const n = Number(raw);
  if (!/^\d{1,15}$/.test(raw) || !Number.isSafeInteger(n) || n <= 0) throw new AppError('not_found', `There is no decision "${raw}"`);
  return n;
}

export function positiveInt(raw: string, what: string): number {
  const n = Number(raw);
  if (!/^\d{1,15}$/.test(raw) || !Number.isSafeInteger(n) || n <= 0) throw new AppError('not_found', `There is no ${what} "${raw}"`);
  return n;
}
