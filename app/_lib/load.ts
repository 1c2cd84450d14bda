import { notFound } from 'next/navigation';
import { AppError, parseId } from '@/lib/errors';

/** A page's main record: a not_found from the data layer becomes the 404 page. */
export async function orNotFound<T>(p: Promise<T>): Promise<T> {
  try {
    return await p;
  } catch (e) {
    if (e instanceof AppError && e.code === 'not_found') notFound();
    throw e;
  }
}

/** A search parameter as one value: a repeated one (?q=a&q=b) arrives as an array, and the first counts. */
export function firstParam(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v;
}

/** A positive integer URL segment, or the 404 page. */
export function intParam(raw: string): number {
  return parseId(raw) ?? notFound();
}

/**
 * A list the address bar can make unreadable (a stale cursor, a bad filter or
 * revision): the page says why and shows the fallback instead of failing.
 * Anything else is a real error and still throws.
 */
export async function orProblem<T>(p: Promise<T>, fallback: T): Promise<[T, string | null]> {
  try {
    return [await p, null];
  } catch (e) {
    if (!(e instanceof AppError)) throw e;
    return [fallback, e.issues?.map((i) => i.message).join('; ') || e.message];
  }
}
