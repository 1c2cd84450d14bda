import { diffWordsWithSpace } from 'diff';
import { changedSections, SECTION_LABELS, type ContentKey } from './revisions';
import { SOURCE_KIND_LABELS, type DecisionContent } from './validation/decision';

/*
 * What changed between two versions of a record, section by section: words
 * inserted and removed in prose, and item-level changes in structured lists
 * ("data source 'Checkout A/B' sample size 12,000 → 24,000"). Pure; used by
 * the conflict panel, revision diffs and the API.
 */

export type Segment = { type: 'same' | 'ins' | 'del'; text: string };
export type ItemChange = { item: string; kind: 'added' | 'removed' | 'changed' | 'moved'; field?: string; from?: string; to?: string };
export type SectionDiff = { section: ContentKey; label: string; segments: Segment[]; changes: ItemChange[] };

/** Beyond this many word and space edits (a removed word and its replacement are two), a section counts as rewritten. */
const MAX_EDITS = 2000;
/** Nor is a changed stretch longer than this (both sides, in characters) diffed word by word. */
const MAX_DIFFED = 100_000;
/** What all the word diffs of one comparison may take together before the rest count as rewritten. */
export const DIFF_BUDGET_MS = 300;

/**
 * Words inserted and removed between two texts. The word diff (jsdiff, Myers) takes time that grows with
 * the length times the number of edits, so two long texts with little in common held the server for
 * minutes: the unchanged start and end are set aside first (cut at whitespace, so words stay whole), and
 * a middle that is too long, needs too many edits, or is not done by `deadline` (a performance.now()
 * time; diffContent gives a whole record DIFF_BUDGET_MS) is shown as rewritten: removed, then added.
 */
export function wordDiff(before: string, after: string, deadline = performance.now() + DIFF_BUDGET_MS): Segment[] {
  const shortest = Math.min(before.length, after.length);
  let head = 0;
  while (head < shortest && before.charCodeAt(head) === after.charCodeAt(head)) head++;
  while (head > 0 && !/\s/.test(before[head - 1]!)) head--;
  let tail = 0;
  while (tail < shortest - head && before.charCodeAt(before.length - 1 - tail) === after.charCodeAt(after.length - 1 - tail)) tail++;
  while (tail > 0 && !/\s/.test(before[before.length - tail]!)) tail--;
  const was = before.slice(head, before.length - tail);
  const is = after.slice(head, after.length - tail);
  const timeout = Math.floor(deadline - performance.now());
  const words = was.length + is.length <= MAX_DIFFED && timeout > 0 ? diffWordsWithSpace(was, is, { maxEditLength: MAX_EDITS, timeout }) : undefined;
  const middle: Segment[] = words
    ? words.map((c) => ({ type: c.added ? 'ins' : c.removed ? 'del' : 'same', text: c.value }))
    : [
        { type: 'del', text: was },
        { type: 'ins', text: is },
      ];
  const all: Segment[] = [{ type: 'same', text: before.slice(0, head) }, ...middle, { type: 'same', text: before.slice(before.length - tail) }];
  // One segment per run: the unchanged start and end join the middle's own unchanged words.
  const merged: Segment[] = [];
  for (const seg of all) {
    if (!seg.text) continue;
    const last = merged.at(-1);
    if (last && last.type === seg.type) last.text += seg.text;
    else merged.push({ ...seg });
  }
  return merged;
}

/**
 * A number with every digit it was entered with (0.0022 stays 0.0022, never a
 * rounded 0.002: a diff must show a change in the fourth decimal) and thousands
 * separators in its whole part. String(n) is the shortest exact form.
 */
export function fullNumber(n: number): string {
  const m = /^(-?)(\d+)(\.\d+)?$/.exec(String(n));
  if (!m) return String(n); // exponent forms (1e-7, 1e+21) read as written
  return `${m[1]}${m[2]!.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}${m[3] ?? ''}`;
}

const show = (v: unknown): string => (v === null || v === undefined || v === '' ? '—' : typeof v === 'number' ? fullNumber(v) : String(v));

type Keyed = Record<string, unknown>;

const LIST_FIELDS: Partial<Record<ContentKey, { key: string; fields: Record<string, string>; label: string }>> = {
  options: { key: 'name', label: 'Option', fields: { description: 'description', chosen: 'chosen' } },
  dataSources: {
    key: 'name',
    label: 'Data source',
    fields: {
      kind: 'kind',
      link: 'link',
      query: 'query',
      owner: 'owner',
      asOf: 'as-of date',
      windowStart: 'window start',
      windowEnd: 'window end',
      population: 'population',
      sampleSize: 'sample size',
      notes: 'notes',
    },
  },
  metrics: { key: 'key', label: 'Metric', fields: { role: 'role', expectedDirection: 'expected direction', expectedEffect: 'expected effect' } },
  evidence: {
    key: 'metric',
    label: 'Evidence row',
    fields: { baseline: 'baseline', observed: 'observed', relativeChange: 'relative change', ciLow: 'CI low', ciHigh: 'CI high' },
  },
};

/** A readable plain-text form of one section, for word diffs of structured fields. */
export function sectionText(content: DecisionContent, key: ContentKey): string {
  switch (key) {
    case 'options':
      return content.options.map((o) => `${o.chosen ? '[chosen] ' : ''}${o.name}\n${o.description}`).join('\n\n');
    case 'dataSources':
      return content.dataSources
        .map((s) =>
          [
            `${s.name} (${SOURCE_KIND_LABELS[s.kind]})`,
            s.link && `link: ${s.link}`,
            s.owner && `owner: ${s.owner}`,
            s.asOf && `as of: ${s.asOf}`,
            (s.windowStart || s.windowEnd) && `window: ${s.windowStart ?? '…'} to ${s.windowEnd ?? '…'}`,
            s.population && `population: ${s.population}`,
            s.sampleSize !== null && `sample size: ${s.sampleSize}`,
            s.query && `query: ${s.query}`,
            s.notes,
          ]
            .filter(Boolean)
            .join('\n'),
        )
        .join('\n\n');
    case 'metrics':
      return content.metrics.map((m) => `${m.key}: ${m.role}, ${m.expectedDirection ?? 'no direction'}${m.expectedEffect ? `, ${m.expectedEffect}` : ''}`).join('\n');
    case 'evidence':
      return content.evidence
        .map((e) => `${e.metric}: baseline ${show(e.baseline)}, observed ${show(e.observed)}, change ${show(e.relativeChange)} % (CI ${show(e.ciLow)} to ${show(e.ciHigh)})`)
        .join('\n');
    case 'tags':
      return content.tags.join(', ');
    case 'outcomeReviewDate':
      return content.outcomeReviewDate ?? '';
    default:
      return content[key];
  }
}

function listChanges(key: ContentKey, before: Keyed[], after: Keyed[]): ItemChange[] {
  const spec = LIST_FIELDS[key];
  if (!spec) return [];
  const label = (x: Keyed) => String(x[spec.key]);
  // Items are matched by name and, when names repeat, by their order among namesakes.
  const keyed = (xs: Keyed[]) => {
    const seen = new Map<string, number>();
    return xs.map((x) => {
      const n = (seen.get(label(x)) ?? 0) + 1;
      seen.set(label(x), n);
      return [n === 1 ? label(x) : `${label(x)}#${n}`, x] as const;
    });
  };
  const beforeKeyed = keyed(before);
  const afterKeyed = keyed(after);
  const beforeBy = new Map(beforeKeyed);
  const afterBy = new Map(afterKeyed);
  const keyOf = new Map<Keyed, string>([...beforeKeyed, ...afterKeyed].map(([k, x]) => [x, k]));
  const name = (x: Keyed) => keyOf.get(x) ?? label(x);
  const changes: ItemChange[] = [];
  for (const x of after) {
    const prev = beforeBy.get(name(x));
    if (!prev) {
      changes.push({ item: `${spec.label} “${label(x)}”`, kind: 'added' });
      continue;
    }
    for (const [field, fieldLabel] of Object.entries(spec.fields)) {
      if (JSON.stringify(prev[field]) !== JSON.stringify(x[field])) {
        changes.push({ item: `${spec.label} “${label(x)}”`, kind: 'changed', field: fieldLabel, from: show(prev[field]), to: show(x[field]) });
      }
    }
  }
  for (const x of before) if (!afterBy.has(name(x))) changes.push({ item: `${spec.label} “${label(x)}”`, kind: 'removed' });
  const order = (xs: Keyed[]) => xs.map(name).filter((n) => beforeBy.has(n) && afterBy.has(n));
  if (changes.length === 0 && JSON.stringify(order(before)) !== JSON.stringify(order(after))) {
    changes.push({ item: `${spec.label}s`, kind: 'moved' });
  }
  return changes;
}

/** Every section that differs between two versions, in record order. */
export function diffContent(before: DecisionContent, after: DecisionContent): SectionDiff[] {
  const deadline = performance.now() + DIFF_BUDGET_MS;
  return changedSections(before, after).map((section) => {
    const changes =
      section === 'tags'
        ? [
            ...after.tags.filter((t) => !before.tags.includes(t)).map((t): ItemChange => ({ item: `Tag “${t}”`, kind: 'added' })),
            ...before.tags.filter((t) => !after.tags.includes(t)).map((t): ItemChange => ({ item: `Tag “${t}”`, kind: 'removed' })),
          ]
        : section in LIST_FIELDS
          ? listChanges(section, before[section] as unknown as Keyed[], after[section] as unknown as Keyed[])
          : [];
    return { section, label: SECTION_LABELS[section], segments: wordDiff(sectionText(before, section), sectionText(after, section), deadline), changes };
  });
}

export function describeChange(c: ItemChange): string {
  switch (c.kind) {
    case 'added':
      return `${c.item} added`;
    case 'removed':
      return `${c.item} removed`;
    case 'moved':
      return `${c.item} reordered`;
    case 'changed':
      return `${c.item}: ${c.field} ${c.from} → ${c.to}`;
  }
}
