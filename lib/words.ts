/** "A", "A and B", "A, B and C": a list as a sentence says it. */
export const listInWords = (xs: readonly string[]): string => (xs.length <= 1 ? xs.join('') : `${xs.slice(0, -1).join(', ')} and ${xs[xs.length - 1]}`);
