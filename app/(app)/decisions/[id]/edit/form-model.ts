import type { DecisionContent, DecisionContentInput, Direction, SourceKind } from '@/lib/validation/decision';
import type { MetricRole } from '@/lib/validation/decision';

/*
 * The editor's state: the record as a person types it. Numbers and dates stay
 * strings until save so a half-typed value is never lost or coerced; fromForm
 * hands the shared schema what it validates.
 */

let seq = 0;
export const newKey = () => `k${Date.now().toString(36)}${(seq++).toString(36)}`;

export type FormOption = { _key: string; name: string; description: string; chosen: boolean };
export type FormSource = {
  _key: string;
  name: string;
  kind: SourceKind;
  link: string;
  query: string;
  owner: string;
  asOf: string;
  windowStart: string;
  windowEnd: string;
  population: string;
  sampleSize: string;
  notes: string;
};
export type FormMetric = { _key: string; key: string; role: MetricRole; expectedDirection: Direction | ''; expectedEffect: string };
export type FormEvidence = { _key: string; metric: string; baseline: string; observed: string; relativeChange: string; ciLow: string; ciHigh: string };

export type FormContent = {
  title: string;
  summary: string;
  context: string;
  decision: string;
  options: FormOption[];
  dataSources: FormSource[];
  methodology: string;
  metrics: FormMetric[];
  evidence: FormEvidence[];
  openCritique: string;
  risks: string;
  outcomeReviewDate: string;
  tags: string;
};

const str = (n: number | null) => (n === null ? '' : String(n));

export function toForm(c: DecisionContent): FormContent {
  return {
    title: c.title,
    summary: c.summary,
    context: c.context,
    decision: c.decision,
    options: c.options.map((o) => ({ _key: newKey(), ...o })),
    dataSources: c.dataSources.map((s) => ({
      _key: newKey(),
      name: s.name,
      kind: s.kind,
      link: s.link ?? '',
      query: s.query,
      owner: s.owner,
      asOf: s.asOf ?? '',
      windowStart: s.windowStart ?? '',
      windowEnd: s.windowEnd ?? '',
      population: s.population,
      sampleSize: str(s.sampleSize),
      notes: s.notes,
    })),
    methodology: c.methodology,
    metrics: c.metrics.map((m) => ({ _key: newKey(), key: m.key, role: m.role, expectedDirection: m.expectedDirection ?? '', expectedEffect: m.expectedEffect })),
    evidence: c.evidence.map((e) => ({
      _key: newKey(),
      metric: e.metric,
      baseline: str(e.baseline),
      observed: str(e.observed),
      relativeChange: str(e.relativeChange),
      ciLow: str(e.ciLow),
      ciHigh: str(e.ciHigh),
    })),
    openCritique: c.openCritique,
    risks: c.risks,
    outcomeReviewDate: c.outcomeReviewDate ?? '',
    tags: c.tags.join(', '),
  };
}

/** "12,000" → 12000, "2.5" → 2.5, "" → null; anything else is passed through for the schema to name. */
export function parseNumber(raw: string): number | null | string {
  const t = raw.trim().replace(/\s/g, '');
  if (t === '') return null;
  const grouped = /^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$/.test(t) ? t.replace(/,/g, '') : t;
  const n = Number(grouped.replace(/%$/, ''));
  return Number.isFinite(n) ? n : raw;
}

const strip = <T extends { _key: string }>({ _key, ...rest }: T) => rest;

const blank = (...values: string[]) => values.every((v) => v.trim() === '');

/*
 * A card someone added and left empty is not content: it never blocks saving a
 * draft. These say which cards count.
 */
const keepOption = (o: FormOption) => !(blank(o.name, o.description) && !o.chosen);
const keepSource = (s: FormSource) => !blank(s.name, s.link, s.query, s.owner, s.asOf, s.windowStart, s.windowEnd, s.population, s.sampleSize, s.notes);
const keepMetric = (m: FormMetric) => !blank(m.key, m.expectedDirection, m.expectedEffect);
const keepEvidence = (e: FormEvidence) => !blank(e.metric, e.baseline, e.observed, e.relativeChange, e.ciLow, e.ciHigh);

type ListKey = 'options' | 'dataSources' | 'metrics' | 'evidence';
/** For each list, the form index of every item that was kept (content index → form index). */
export type FormIndex = Record<ListKey, number[]>;

function kept<T>(list: T[], keep: (x: T) => boolean): { items: T[]; index: number[] } {
  const index: number[] = [];
  list.forEach((x, i) => keep(x) && index.push(i));
  return { items: index.map((i) => list[i]!), index };
}

/** The content a save would send, and where each list item sits in the form (empty cards are left out). */
export function fromFormIndexed(f: FormContent): { content: DecisionContentInput; index: FormIndex } {
  const options = kept(f.options, keepOption);
  const sources = kept(f.dataSources, keepSource);
  const metrics = kept(f.metrics, keepMetric);
  const evidence = kept(f.evidence, keepEvidence);
  return {
    index: { options: options.index, dataSources: sources.index, metrics: metrics.index, evidence: evidence.index },
    content: {
      title: f.title,
      summary: f.summary,
      context: f.context,
      decision: f.decision,
      options: options.items.map(strip),
      dataSources: sources.items.map((s) => ({ ...strip(s), sampleSize: parseNumber(s.sampleSize) as number | null })),
      methodology: f.methodology,
      metrics: metrics.items.map((m) => ({ ...strip(m), expectedDirection: m.expectedDirection || null })),
      evidence: evidence.items.map((e) => ({
        metric: e.metric,
        baseline: parseNumber(e.baseline) as number | null,
        observed: parseNumber(e.observed) as number | null,
        relativeChange: parseNumber(e.relativeChange) as number | null,
        ciLow: parseNumber(e.ciLow) as number | null,
        ciHigh: parseNumber(e.ciHigh) as number | null,
      })),
      openCritique: f.openCritique,
      risks: f.risks,
      outcomeReviewDate: f.outcomeReviewDate || null,
      tags: f.tags
        .split(/[,\s]+/)
        .map((t) => t.trim())
        .filter(Boolean),
    },
  };
}

export function fromForm(f: FormContent): DecisionContentInput {
  return fromFormIndexed(f).content;
}

/** An error path about the saved content ("evidence.1.ciLow") as a path in the form (empty cards counted). */
export function toFormPath(path: string, index: FormIndex): string {
  const [head, i, ...rest] = path.split('.');
  if (head && head in index && i !== undefined && /^\d+$/.test(i)) {
    const at = index[head as ListKey][Number(i)];
    if (at !== undefined) return [head, String(at), ...rest].join('.');
  }
  return path;
}

/**
 * Edits kept by autosave or in this browser, read back defensively: they were
 * typed by a person and stored as they were, so anything unexpected falls back
 * to the saved revision's value.
 */
export function formFromSaved(raw: unknown, fallback: FormContent): FormContent {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return fallback;
  const r = raw as Record<string, unknown>;
  const text = (k: keyof FormContent) => (typeof r[k] === 'string' ? (r[k] as string) : (fallback[k] as string));
  const list = <T extends { _key: string }>(k: ListKey, make: () => T): T[] => {
    const v = r[k];
    if (!Array.isArray(v)) return fallback[k] as unknown as T[];
    return v
      .filter((x): x is Record<string, unknown> => !!x && typeof x === 'object' && !Array.isArray(x))
      .map((x) => {
        const item = make() as Record<string, unknown>;
        for (const key of Object.keys(item)) if (key !== '_key' && typeof x[key] === typeof item[key]) item[key] = x[key];
        return item as T;
      });
  };
  return {
    title: text('title'),
    summary: text('summary'),
    context: text('context'),
    decision: text('decision'),
    options: list('options', blankOption),
    dataSources: list('dataSources', blankSource),
    methodology: text('methodology'),
    metrics: list('metrics', blankMetric),
    evidence: list('evidence', blankEvidence),
    openCritique: text('openCritique'),
    risks: text('risks'),
    outcomeReviewDate: text('outcomeReviewDate'),
    tags: text('tags'),
  };
}

/** A stable fingerprint of what would be saved (ignores client-only keys). */
export function fingerprint(f: FormContent): string {
  return JSON.stringify(fromForm(f));
}

export const blankOption = (): FormOption => ({ _key: newKey(), name: '', description: '', chosen: false });
export const blankSource = (): FormSource => ({
  _key: newKey(),
  name: '',
  kind: 'ab-test',
  link: '',
  query: '',
  owner: '',
  asOf: '',
  windowStart: '',
  windowEnd: '',
  population: '',
  sampleSize: '',
  notes: '',
});
export const blankMetric = (key = ''): FormMetric => ({ _key: newKey(), key, role: 'primary', expectedDirection: '', expectedEffect: '' });
export const blankEvidence = (): FormEvidence => ({ _key: newKey(), metric: '', baseline: '', observed: '', relativeChange: '', ciLow: '', ciHigh: '' });
