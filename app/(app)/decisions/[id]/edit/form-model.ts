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

export function fromForm(f: FormContent): DecisionContentInput {
  return {
    title: f.title,
    summary: f.summary,
    context: f.context,
    decision: f.decision,
    options: f.options.map(strip),
    dataSources: f.dataSources.map((s) => ({ ...strip(s), sampleSize: parseNumber(s.sampleSize) as number | null })),
    methodology: f.methodology,
    metrics: f.metrics.map((m) => ({ ...strip(m), expectedDirection: m.expectedDirection || null })),
    evidence: f.evidence.map((e) => ({
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
