/*
 * The data layer's clock. Real time unless a caller sets another one: the demo
 * seed replays weeks of history, and tests check time windows, without
 * sleeping or rewriting timestamps afterwards.
 */
let source: () => number = () => Date.now();

export function now(): number {
  return source();
}

export function setClock(fn: () => number): void {
  source = fn;
}

export function resetClock(): void {
  source = () => Date.now();
}
