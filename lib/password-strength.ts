import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import { adjacencyGraphs, dictionary } from '@zxcvbn-ts/language-common';

/*
 * Password strength, zxcvbn-style: the estimator knows the most common
 * passwords, keyboard rows, dates, repeats and sequences, and estimates how
 * many guesses an attacker needs. Server-only: the dictionaries are large, so
 * nothing a client component imports may import this file (it reaches the
 * server through lib/validation/user.ts, which only server code imports).
 */

let estimator: ZxcvbnFactory | undefined;
function getEstimator(): ZxcvbnFactory {
  estimator ??= new ZxcvbnFactory({ dictionary: { ...dictionary }, graphs: adjacencyGraphs });
  return estimator;
}

/** zxcvbn's score 3: about 10^8 guesses, "safely unguessable" for an online attack. */
export const MIN_PASSWORD_SCORE = 3;

export const COMMON_PASSWORD_MESSAGE =
  'This password is among the most common passwords, so it is one of the first an attacker tries. Choose another: three or four unrelated words work well';
export const WEAK_PASSWORD_MESSAGE =
  'This password is too easy to guess: it is built from a common word, name, date, keyboard row or repeated pattern. Make it longer or add unrelated words';
export const PERSONAL_PASSWORD_MESSAGE = 'This password contains your name or email address: choose one that does not';

/**
 * Why `password` is too weak, or null when it is strong enough. `userInputs`
 * (name, email) count as guessable words.
 */
export function passwordWeakness(password: string, userInputs: string[] = []): string | null {
  // Long inputs are not the weak ones, and the matcher is slower on them.
  const sample = password.slice(0, 100);
  const inputs = userInputs.flatMap((u) => [u, ...u.toLowerCase().split(/[^a-z0-9]+/)]).filter((u) => u.length >= 3);
  const result = getEstimator().check(sample, inputs);
  if (result.score >= MIN_PASSWORD_SCORE) return null;
  const words = result.sequence.filter((m) => m.pattern === 'dictionary');
  if (words.some((m) => m.dictionaryName === 'userInputs')) return PERSONAL_PASSWORD_MESSAGE;
  // The whole password (give or take a repeat or a trailing digit) is on the common list.
  const common = words.find((m) => m.dictionaryName === 'passwords-common');
  if (common && common.token.length >= sample.length - 2) return COMMON_PASSWORD_MESSAGE;
  return WEAK_PASSWORD_MESSAGE;
}
