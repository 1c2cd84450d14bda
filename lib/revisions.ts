import { AppError } from './errors';
import { CONTENT_KEYS, type DecisionContent } from './validation/decision';

/*
 * Revision rules, as plain functions. Every save makes an immutable revision
 * numbered 1..n; a save names the revision it was based on, and a stale base is
 * a conflict, never a silent overwrite. Each revision also records, per section,
 * the revision at which that section last changed — the one fact comment
 * "outdated" marks and verdict staleness are computed from.
 */

export type ContentKey = keyof DecisionContent;
export type SectionChangedAt = Record<ContentKey, number>;

export const SECTION_LABELS: Record<ContentKey, string> = {
  title: 'Title',
  summary: 'Summary',
  context: 'Context',
  decision: 'Decision',
  options: 'Options considered',
  dataSources: 'Data sources',
  methodology: 'Methodology',
  metrics: 'Success metrics',
  evidence: 'Evidence',
  openCritique: 'Open critique',
  risks: 'Risks and consequences',
  outcomeReviewDate: 'Outcome review date',
  tags: 'Tags',
};

function same(a: unknown, b: unknown): boolean {
  // Content is always normalised by the schema, so key order is stable.
  return JSON.stringify(a) === JSON.stringify(b);
}

/** The content keys whose values differ between two revisions, in record order. */
export function changedSections(before: DecisionContent, after: DecisionContent): ContentKey[] {
  return CONTENT_KEYS.filter((k) => !same(before[k], after[k]));
}

/** A value with every run of whitespace in its text read as one space. */
function words(v: unknown): string {
  return JSON.stringify(v, (_k, x) => (typeof x === 'string' ? x.replace(/\s+/gu, ' ').trim() : x));
}

/**
 * Of `changed`, the sections whose words changed: a save that only re-spaces or re-wraps a section makes a
 * revision, but it neither outdates the section's comments nor makes a verdict stale (nor does it restart the
 * review window), so a one-space edit can't silence a reviewer's request for changes.
 */
export function changedInWords(before: DecisionContent, after: DecisionContent, changed: ContentKey[]): ContentKey[] {
  return changed.filter((k) => words(before[k]) !== words(after[k]));
}

/** Apply a partial update: present keys replace (lists replace whole), absent keys stay. */
export function applyPatch(current: DecisionContent, patch: Partial<Record<ContentKey, unknown>>): Record<ContentKey, unknown> {
  const merged: Record<string, unknown> = { ...current };
  for (const key of CONTENT_KEYS) if (key in patch && patch[key] !== undefined) merged[key] = patch[key];
  return merged as Record<ContentKey, unknown>;
}

export function initialSectionChangedAt(): SectionChangedAt {
  return Object.fromEntries(CONTENT_KEYS.map((k) => [k, 1])) as SectionChangedAt;
}

export function nextSectionChangedAt(previous: SectionChangedAt, changed: ContentKey[], number: number): SectionChangedAt {
  const next = { ...initialSectionChangedAt(), ...previous };
  for (const k of changed) next[k] = number;
  return next;
}

/** Refuse a save based on anything but the latest revision. */
export function assertBaseIsCurrent(
  baseRevision: number,
  current: { number: number; authorName: string; changedSinceBase: ContentKey[] },
): void {
  if (baseRevision === current.number) return;
  if (baseRevision > current.number) {
    throw new AppError('invalid', `Revision ${baseRevision} does not exist yet: the latest is ${current.number}`, {
      issues: [{ path: 'baseRevision', message: `The latest revision is ${current.number}` }],
    });
  }
  const sections = current.changedSinceBase.map((k) => SECTION_LABELS[k]);
  throw new AppError(
    'conflict',
    `${current.authorName} saved revision ${current.number} while you were editing revision ${baseRevision}` +
      (sections.length ? `; it changed ${sections.join(', ')}` : ''),
    { details: { currentRevision: current.number, changedSections: current.changedSinceBase } },
  );
}

/**
 * Carry one person's edits over someone else's newer revision: start from
 * theirs and re-apply every section I changed since our common base. Sections
 * both of us changed are reported so the person can check them before saving.
 */
export function rebaseContent<T extends Record<ContentKey, unknown>>(
  base: T,
  mine: T,
  theirs: T,
  /** What a section's value means, for comparison (e.g. dropping client-only ids). */
  normalize: (x: T) => Record<ContentKey, unknown> = (x) => x,
): { merged: T; overlapping: ContentKey[]; mineChanged: ContentKey[] } {
  const [nb, nm, nt] = [normalize(base), normalize(mine), normalize(theirs)];
  const differs = (a: Record<ContentKey, unknown>, b: Record<ContentKey, unknown>, k: ContentKey) => JSON.stringify(a[k]) !== JSON.stringify(b[k]);
  const keys = Object.keys(SECTION_LABELS) as ContentKey[];
  const mineChanged = keys.filter((k) => differs(nb, nm, k));
  const theirsChanged = new Set(keys.filter((k) => differs(nb, nt, k)));
  const merged = { ...theirs };
  for (const k of mineChanged) merged[k] = mine[k];
  return { merged, overlapping: mineChanged.filter((k) => theirsChanged.has(k)), mineChanged };
}

/**
 * The section-changed-at map a save of `draft` over `base` (revision `baseRevision`) would record: what the
 * editor's live checklist evaluates while the author types, so it shows which verdicts the save would make
 * stale before it is made.
 */
export function changedAtIfSaved(base: DecisionContent, draft: DecisionContent, changedAt: SectionChangedAt, baseRevision: number): SectionChangedAt {
  return nextSectionChangedAt(changedAt, changedInWords(base, draft, changedSections(base, draft)), baseRevision + 1);
}
