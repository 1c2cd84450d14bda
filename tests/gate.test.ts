import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEMO_LIFECYCLE, DEMO_METRICS, DEMO_USERS } from '@/db/seed-data';
import {
  CHECK_IDS,
  evaluateGate,
  latestVerdicts,
  LINT_RULE_IDS,
  LINT_RULES,
  lintRecord,
  substance,
  words,
  type CatalogueEntry,
  type CheckId,
  type GateComment,
  type GateRecord,
  type GateResult,
  type GateReview,
} from '@/lib/gate';
import type { ThreadState } from '@/lib/review';
import { initialSectionChangedAt, nextSectionChangedAt, type ContentKey, type SectionChangedAt } from '@/lib/revisions';
import type { DecisionStatus, UserFunction } from '@/lib/validation/common';
import { decisionContentSchema, SOURCE_KINDS, type DataSource, type DecisionContent, type DecisionContentInput, type EvidenceRow, type MetricRef } from '@/lib/validation/decision';
import { DEFAULT_MIN_WORDS, defaultPolicy, parseStoredPolicy, policySchema, type Policy, type SubstantiveField } from '@/lib/validation/policy';

/*
 * The publish gate as a pure function of plain data: a passing and a failing
 * case for every check and every lint rule, the team policy's knobs, and
 * property-based tests for the invariants the issue names.
 *
 * The base fixture is the demo's "Send the weekly digest email on Mondays": a
 * complete record that passes every check when its metric owners (both data
 * scientists) have approved it and it has been in review for two days.
 */

const HOUR = 3600e3;
const DAY = 24 * HOUR;
/** Two weeks after the digest test's window closed (3 May 2026). */
const NOW = Date.parse('2026-05-17T12:00:00Z');

// ——— people (the demo's) ———

type Person = { id: string; name: string; function: UserFunction };
const PEOPLE: Record<string, Person> = Object.fromEntries(DEMO_USERS.map((u) => [u.key, { id: u.key, name: u.name, function: u.function as UserFunction }]));
const P = (key: string): Person => PEOPLE[key]!;
const marco = P('marco'); // product — the author
const dev = P('dev'); // data science — owns weekly_active_buyers
const hannah = P('hannah'); // data science — owns unsubscribe_rate
const priya = P('priya'); // product
const eli = P('eli'); // engineering
const tom = P('tom'); // marketing
const rin = P('rin'); // research

// ——— the metric catalogue (the demo's) ———

const CATALOGUE = new Map<string, CatalogueEntry>(DEMO_METRICS.map((m) => [m.key, { name: m.name, kind: m.kind }]));
const OWNERS: Record<string, Person> = Object.fromEntries(DEMO_METRICS.map((m) => [m.key, P(m.owner)]));

// ——— the base record ———

const BASE_INPUT = DEMO_LIFECYCLE[0]!.revisions[0]!.content;
const BASE: DecisionContent = decisionContentSchema.parse(BASE_INPUT);

/** The base content with some fields replaced; runs through the real content schema, so defaults and normalisation apply. */
function content(patch: Partial<DecisionContentInput> = {}): DecisionContent {
  return decisionContentSchema.parse({ ...BASE_INPUT, ...patch });
}
const source0 = BASE.dataSources[0]!;
/** The base's A/B test source with some fields replaced. */
const abTest = (patch: Partial<DataSource> = {}): DataSource => ({ ...source0, ...patch });

type RecordOpts = {
  status?: DecisionStatus;
  content?: DecisionContent;
  authors?: Person[];
  inReviewSince?: number | null;
  materialChangedAt?: number | null;
  changedAt?: SectionChangedAt;
  /** Who saved a revision, each at the latest revision there is; by default every author. */
  writerIds?: string[];
  /** Who saved a revision and the latest each saved, instead of `writerIds`. */
  lastWrote?: Record<string, number>;
  /** The revision each owner among the writers and authors last vouched for. */
  lastVouched?: Record<string, number>;
  /** Who was handed a cited metric, at which revision. */
  vouchFloor?: Record<string, number>;
};

function record(o: RecordOpts = {}): GateRecord {
  const c = o.content ?? BASE;
  const lastWrote = o.lastWrote ?? Object.fromEntries((o.writerIds ?? (o.authors ?? [marco]).map((a) => a.id)).map((id) => [id, Math.max(...Object.values(o.changedAt ?? initialSectionChangedAt()))]));
  return {
    status: o.status ?? 'in-review',
    content: c,
    authors: (o.authors ?? [marco]).map((a) => ({ id: a.id, function: a.function })),
    lastWrote,
    writerFunctions: Object.keys(lastWrote).map((id) => (PEOPLE[id] ?? marco).function),
    lastVouched: o.lastVouched ?? {},
    vouchFloor: o.vouchFloor ?? {},
    inReviewSince: o.inReviewSince === undefined ? NOW - 48 * HOUR : o.inReviewSince,
    materialChangedAt: o.materialChangedAt ?? null,
    changedAt: o.changedAt ?? initialSectionChangedAt(),
    metricOwners: Object.fromEntries(c.metrics.filter((m) => OWNERS[m.key]).map((m) => [m.key, { id: OWNERS[m.key]!.id, name: OWNERS[m.key]!.name }])),
    catalogue: CATALOGUE,
  };
}

const verdict = (who: Person, v: GateReview['verdict'], revision = 1): GateReview => ({ reviewerId: who.id, reviewerName: who.name, function: who.function, verdict: v, revision });
const approve = (who: Person, revision = 1) => verdict(who, 'approve', revision);
const requestChanges = (who: Person, revision = 1) => verdict(who, 'request-changes', revision);
/** Both metric owners approved revision 1. */
const OWNER_APPROVALS = [approve(dev), approve(hannah)];

const thread = (who: Person, kind: string, state: ThreadState = 'open', extra: Partial<GateComment> = {}): GateComment => ({
  kind,
  parentId: null,
  deleted: false,
  state,
  authorName: who.name,
  section: 'methodology',
  ...extra,
});

/** The section-changed-at map after saves numbered 2, 3, …, each listing the sections it changed. */
function afterSaves(...saves: ContentKey[][]): SectionChangedAt {
  return saves.reduce((acc, changed, i) => nextSectionChangedAt(acc, changed, i + 2), initialSectionChangedAt());
}

type GateOpts = RecordOpts & { reviews?: GateReview[]; comments?: GateComment[]; policy?: Partial<Policy>; now?: number };

function gate(o: GateOpts = {}): GateResult {
  const policy = policySchema.parse({ ...o.policy });
  return evaluateGate(record(o), o.reviews ?? OWNER_APPROVALS, o.comments ?? [], policy, o.now ?? NOW);
}
function check(r: GateResult, id: CheckId) {
  const c = r.checks.find((x) => x.id === id);
  if (!c) throw new Error(`no check ${id}`);
  return c;
}
const checkOf = (id: CheckId, o: GateOpts = {}) => check(gate(o), id);
const failing = (r: GateResult) => r.checks.filter((c) => !c.ok).map((c) => c.id);

// ————————————————————————————————————————————————————————————— the whole gate

describe('the gate as a whole', () => {
  it('passes a complete record that owners approved after two days in review, with no lint findings', () => {
    const r = gate();
    expect(failing(r)).toEqual([]);
    expect(r.ready).toBe(true);
    expect(r.lint).toEqual([]);
  });

  it('reports the nine checks in the documented order, each with a sentence', () => {
    const r = gate();
    expect(r.checks.map((c) => c.id)).toEqual([
      'fields.complete',
      'sources.documented',
      'metrics.defined',
      'critique.circulated',
      'critique.cross-functional',
      'critique.metric-owners',
      'objections.answered',
      'reviews.no-changes-requested',
      'methodology.lint',
    ]);
    expect(r.checks.map((c) => c.id)).toEqual([...CHECK_IDS]);
    for (const c of r.checks) expect(c.message.length).toBeGreaterThan(10);
  });

  it.each(['draft', 'published', 'superseded', 'reversed', 'withdrawn'] as const)('is never ready for a %s decision, even when every content check passes', (status) => {
    const r = gate({ status });
    expect(r.ready).toBe(false);
  });

  it('fills a default policy of 24 h, one cross-functional approval, owner review on and a 90-day freshness limit', () => {
    expect(defaultPolicy()).toEqual({
      minHoursInReview: 24,
      crossFunctionalApprovals: 1,
      requireMetricOwnerReview: true,
      freshnessDays: 90,
      lintLevels: {},
      minWords: { ...DEFAULT_MIN_WORDS },
    });
    expect(parseStoredPolicy('{}')).toEqual(defaultPolicy());
    expect(parseStoredPolicy('not json')).toEqual(defaultPolicy());
    expect(parseStoredPolicy(JSON.stringify({ minHoursInReview: 0 })).minHoursInReview).toBe(0);
    // A leftover or unreadable setting falls back alone; the team's other settings stand.
    const stored = parseStoredPolicy(JSON.stringify({ minHoursInReview: 0, freshnessDays: 'soon', retiredSetting: true, minWords: { title: 5 } }));
    expect(stored).toEqual({ ...defaultPolicy(), minHoursInReview: 0, minWords: { ...DEFAULT_MIN_WORDS, title: 5 } });
    expect(parseStoredPolicy('[1, 2]')).toEqual(defaultPolicy());
  });

  it('rejects policies outside their limits', () => {
    for (const bad of [{ minHoursInReview: -1 }, { minHoursInReview: 1.5 }, { crossFunctionalApprovals: 11 }, { freshnessDays: 0 }, { lintLevels: { 'lint.sample-size': 'fatal' } }, { lintLevels: { sampleSize: 'off' } }, { requireMetricOwnerReview: 'yes' }]) {
      expect(policySchema.safeParse(bad).success, JSON.stringify(bad)).toBe(false);
    }
  });
});

// ————————————————————————————————————————————————————————————— fields.complete

const FIELDS = Object.keys(DEFAULT_MIN_WORDS) as SubstantiveField[];
const PLACEHOLDERS = ['TBD', 'tbd.', 'n/a', 'N/A', 'TODO', 'lorem ipsum', 'Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor incididunt ut labore et dolore magna aliqua.', '{describe the context}', '<insert link to the dashboard>', 'Describe the problem here.'];

describe('fields.complete', () => {
  it('passes when every section is substantive and an unchosen option was considered', () => {
    const c = checkOf('fields.complete');
    expect(c.ok).toBe(true);
    expect(c.message).toContain('3 options');
  });

  it.each(FIELDS)('blocks publishing while the %s is empty, naming the field', (field) => {
    const c = checkOf('fields.complete', { content: content({ [field]: '' }) });
    expect(c.ok).toBe(false);
    expect(c.field).toBe(field);
    expect(c.message).toMatch(/^Write the /);
  });

  it.each(FIELDS.flatMap((f) => PLACEHOLDERS.map((p) => [f, p] as const)))('treats the %s “%s” as a placeholder', (field, text) => {
    const c = checkOf('fields.complete', { content: content({ [field]: text }) });
    expect(c.ok).toBe(false);
    expect(c.field).toBe(field);
    expect(c.message).toContain('placeholder');
  });

  it('treats template text inside otherwise long text as a placeholder', () => {
    const c = checkOf('fields.complete', { content: content({ context: `${BASE.context}\n\n{describe the context}` }) });
    expect(c.ok).toBe(false);
    expect(c.message).toContain('Context is a placeholder');
  });

  it('blocks publishing while a field is too short to say much, with the count and the threshold', () => {
    const c = checkOf('fields.complete', { content: content({ context: 'Friday open rates are low.' }) });
    expect(c.ok).toBe(false);
    expect(c.field).toBe('context');
    expect(c.message).toContain('too short');
    expect(c.message).toContain('5 words; at least 25');
  });

  it.each(FIELDS)('counts exactly the policy’s minimum words for %s as enough, and one fewer as too short', (field) => {
    const min = DEFAULT_MIN_WORDS[field];
    const text = (n: number) => Array.from({ length: n }, (_, i) => `word${i}`).join(' ');
    expect(checkOf('fields.complete', { content: content({ [field]: text(min) }) }).ok).toBe(true);
    if (min > 1) expect(checkOf('fields.complete', { content: content({ [field]: text(min - 1) }) }).ok).toBe(false);
  });

  it('uses the team’s minimum word counts', () => {
    const shortContext = content({ context: 'Friday open rates are the lowest of the week for the digest.' });
    expect(checkOf('fields.complete', { content: shortContext }).ok).toBe(false);
    expect(checkOf('fields.complete', { content: shortContext, policy: { minWords: { ...DEFAULT_MIN_WORDS, context: 5 } } }).ok).toBe(true);
  });

  it('ignores Markdown punctuation when counting words', () => {
    expect(words('**Bold** _text_ — and `code` # heading')).toEqual(['Bold', 'text', 'and', 'code', 'heading']);
    expect(substance('  ', 1)).toEqual({ ok: false, problem: 'empty', words: 0 });
  });

  it('accepts a substantive methodology that quotes code containing braces', () => {
    // Methodology is Markdown; quoting a query parameter or a JSON config in code is not template text.
    const methodology = `${BASE.methodology}\n\nAssignment used the config \`{"unit": "account_id", "split": 0.5}\` from the experiment service.`;
    expect(substance(methodology, DEFAULT_MIN_WORDS.methodology)).toEqual({ ok: true });
    expect(checkOf('fields.complete', { content: content({ methodology }) }).ok).toBe(true);
  });

  it('blocks publishing when only the chosen option is listed', () => {
    const c = checkOf('fields.complete', { content: content({ options: [{ name: 'Monday 07:00', description: '', chosen: true }] }) });
    expect(c.ok).toBe(false);
    expect(c.field).toBe('options');
    expect(c.message).toContain('at least one option you did not choose');
  });

  it('blocks publishing when no option is marked as chosen', () => {
    const c = checkOf('fields.complete', { content: content({ options: BASE.options.map((o) => ({ ...o, chosen: false })) }) });
    expect(c.ok).toBe(false);
    expect(c.message).toContain('Mark which option you chose');
  });

  it('blocks publishing when no options are listed', () => {
    const c = checkOf('fields.complete', { content: content({ options: [] }) });
    expect(c.ok).toBe(false);
    expect(c.message).toContain('List the options you considered');
  });

  it('blocks publishing when every option is marked chosen', () => {
    const c = checkOf('fields.complete', { content: content({ options: BASE.options.map((o) => ({ ...o, chosen: true })) }) });
    expect(c.ok).toBe(false);
  });

  it('passes with exactly one chosen and one rejected option', () => {
    expect(checkOf('fields.complete', { content: content({ options: BASE.options.slice(0, 2) }) }).ok).toBe(true);
  });

  it('lists every problem in one message and points at the first field', () => {
    const c = checkOf('fields.complete', { content: content({ summary: 'TBD', openCritique: '', options: [] }) });
    expect(c.field).toBe('summary');
    expect(c.message.split('; ')).toHaveLength(4);
  });
});

// ————————————————————————————————————————————————————————————— sources.documented

describe('sources.documented', () => {
  it('passes when each source has a link, a window and, for an A/B test, a sample size', () => {
    expect(checkOf('sources.documented').ok).toBe(true);
  });

  it('blocks publishing without any data source', () => {
    const c = checkOf('sources.documented', { content: content({ dataSources: [] }) });
    expect(c.ok).toBe(false);
    expect(c.field).toBe('dataSources');
  });

  it('blocks publishing when a source has neither a link nor a query', () => {
    const c = checkOf('sources.documented', { content: content({ dataSources: [abTest({ link: null, query: '' })] }) });
    expect(c.ok).toBe(false);
    expect(c.field).toBe('dataSources.0.link');
    expect(c.message).toContain('link or the query');
  });

  it('accepts the query text in place of a link', () => {
    expect(checkOf('sources.documented', { content: content({ dataSources: [abTest({ link: null, query: 'SELECT count(*) FROM digest_sends' })] }) }).ok).toBe(true);
  });

  it('does not accept a query of only whitespace', () => {
    expect(checkOf('sources.documented', { content: content({ dataSources: [abTest({ link: null, query: '   ' })] }) }).ok).toBe(false);
  });

  it('blocks publishing when a source has neither an as-of date nor a window', () => {
    const c = checkOf('sources.documented', { content: content({ dataSources: [abTest({ windowStart: null, windowEnd: null, asOf: null })] }) });
    expect(c.ok).toBe(false);
    expect(c.field).toBe('dataSources.0.asOf');
  });

  it('accepts an as-of date in place of a window', () => {
    expect(checkOf('sources.documented', { content: content({ dataSources: [abTest({ windowStart: null, windowEnd: null, asOf: '2026-05-03' })] }) }).ok).toBe(true);
  });

  it('does not accept half a window', () => {
    expect(checkOf('sources.documented', { content: content({ dataSources: [abTest({ windowStart: null })] }) }).ok).toBe(false);
    expect(checkOf('sources.documented', { content: content({ dataSources: [abTest({ windowEnd: null })] }) }).ok).toBe(false);
  });

  it('blocks publishing when an A/B test has no sample size, asking for n per arm', () => {
    const c = checkOf('sources.documented', { content: content({ dataSources: [abTest({ sampleSize: null })] }) });
    expect(c.ok).toBe(false);
    expect(c.field).toBe('dataSources.0.sampleSize');
    expect(c.message).toContain('is an A/B test without a sample size — add n per arm');
  });

  it('blocks publishing when a survey has no sample size, and passes once it has one', () => {
    const survey = abTest({ name: 'Send-day survey', kind: 'survey', sampleSize: null });
    const c = checkOf('sources.documented', { content: content({ dataSources: [source0, survey] }) });
    expect(c.ok).toBe(false);
    expect(c.field).toBe('dataSources.1.sampleSize');
    expect(c.message).toContain('survey without a sample size');
    expect(checkOf('sources.documented', { content: content({ dataSources: [source0, { ...survey, sampleSize: 412 }] }) }).ok).toBe(true);
  });

  it.each(SOURCE_KINDS.filter((k) => k !== 'ab-test' && k !== 'survey'))('does not ask a %s source for a sample size', (kind) => {
    expect(checkOf('sources.documented', { content: content({ dataSources: [abTest({ kind, sampleSize: null })] }) }).ok).toBe(true);
  });
});

// ————————————————————————————————————————————————————————————— metrics.defined

const wab = BASE.metrics[0]!; // north-star
const unsub = BASE.metrics[1]!; // guardrail

describe('metrics.defined', () => {
  it('passes with a north-star metric and its expected direction', () => {
    const c = checkOf('metrics.defined');
    expect(c.ok).toBe(true);
    expect(c.message).toContain('Weekly active buyers');
  });

  it('passes with a primary metric', () => {
    expect(checkOf('metrics.defined', { content: content({ metrics: [{ ...wab, role: 'primary' }, unsub] }) }).ok).toBe(true);
  });

  it('accepts “no change” as an expected direction', () => {
    expect(checkOf('metrics.defined', { content: content({ metrics: [{ ...wab, expectedDirection: 'no-change' }, unsub] }) }).ok).toBe(true);
  });

  it('blocks publishing without any metric', () => {
    const c = checkOf('metrics.defined', { content: content({ metrics: [], evidence: [] }) });
    expect(c.ok).toBe(false);
    expect(c.field).toBe('metrics');
  });

  it('blocks publishing when only guardrails are cited', () => {
    expect(checkOf('metrics.defined', { content: content({ metrics: [unsub] }) }).ok).toBe(false);
  });

  it('blocks publishing when a primary or north-star metric has no expected direction, pointing at it', () => {
    const c = checkOf('metrics.defined', { content: content({ metrics: [unsub, { ...wab, expectedDirection: null }] }) });
    expect(c.ok).toBe(false);
    expect(c.field).toBe('metrics.1.expectedDirection');
    expect(c.message).toContain('Weekly active buyers');
  });
});

// ————————————————————————————————————————————————————————————— critique.circulated

describe('critique.circulated', () => {
  it('counts the window from the last material change when it came after circulation', () => {
    const c = checkOf('critique.circulated', { inReviewSince: NOW - 72 * HOUR, materialChangedAt: NOW - 5 * HOUR });
    expect(c.ok).toBe(false);
    expect(c.message).toMatch(/^Changed 5 hours ago in what reviewers judge \(decision, evidence, methodology or critique\); critics get at least 24 hours with what will be published — publishable from \d{4}-\d\d-\d\d \d\d:\d\d UTC$/);
    const later = checkOf('critique.circulated', { inReviewSince: NOW - 72 * HOUR, materialChangedAt: NOW - 30 * HOUR });
    expect(later).toMatchObject({ ok: true, message: 'In review for 3 days, 30 hours since the last material change (team minimum: 24 hours)' });
    // A change made before circulating is what was circulated.
    expect(checkOf('critique.circulated', { inReviewSince: NOW - 30 * HOUR, materialChangedAt: NOW - 90 * HOUR })).toMatchObject({ ok: true, message: 'In review for 1 day (team minimum: 24 hours)' });
  });

  it('passes after the team’s minimum time in review', () => {
    const c = checkOf('critique.circulated');
    expect(c.ok).toBe(true);
    expect(c.message).toContain('2 days');
  });

  it('blocks publishing a draft that was never circulated, saying how long it must then stay in review', () => {
    const c = checkOf('critique.circulated', { status: 'draft', inReviewSince: null });
    expect(c.ok).toBe(false);
    expect(c.message).toContain('Circulate the draft');
    expect(c.message).toContain('24 hours');
  });

  it('blocks publishing a draft even when the team allows 0 hours in review', () => {
    const c = checkOf('critique.circulated', { status: 'draft', inReviewSince: null, policy: { minHoursInReview: 0 } });
    expect(c.ok).toBe(false);
    expect(c.message).not.toContain('hour');
  });

  it('blocks publishing before 24 hours in review, saying from when it can be published', () => {
    const c = checkOf('critique.circulated', { inReviewSince: NOW - 23.99 * HOUR });
    expect(c.ok).toBe(false);
    expect(c.message).toContain('In review for 23 hours');
    expect(c.message).toContain(`publishable from ${new Date(NOW + 0.01 * HOUR).toISOString().slice(0, 16).replace('T', ' ')} UTC`);
  });

  it('passes at exactly the minimum', () => {
    expect(checkOf('critique.circulated', { inReviewSince: NOW - 24 * HOUR }).ok).toBe(true);
  });

  it('uses the team’s minHoursInReview', () => {
    expect(checkOf('critique.circulated', { policy: { minHoursInReview: 72 } }).ok).toBe(false);
    expect(checkOf('critique.circulated', { policy: { minHoursInReview: 48 } }).ok).toBe(true);
  });

  it('passes the moment it is circulated when the team allows 0 hours', () => {
    const c = checkOf('critique.circulated', { inReviewSince: NOW, policy: { minHoursInReview: 0 } });
    expect(c.ok).toBe(true);
  });

  it('blocks publishing when the record is in review but the circulation time is unknown', () => {
    expect(checkOf('critique.circulated', { inReviewSince: null }).ok).toBe(false);
  });
});

// ————————————————————————————————————————————————————————————— critique.cross-functional

describe('critique.cross-functional', () => {
  it('passes with a current approval from a data scientist on a product manager’s decision', () => {
    const c = checkOf('critique.cross-functional', { reviews: [approve(dev)] });
    expect(c.ok).toBe(true);
    expect(c.message).toContain('Dev Chatterjee (Data science)');
  });

  it('blocks publishing without any review', () => {
    const c = checkOf('critique.cross-functional', { reviews: [] });
    expect(c.ok).toBe(false);
    expect(c.message).toContain('Needs 1 current approval from someone outside product (has 0)');
  });

  it('does not count an approval that went stale when the evidence changed, and says so', () => {
    const changedAt = afterSaves(['evidence']);
    const c = checkOf('critique.cross-functional', { reviews: [approve(dev, 1)], changedAt });
    expect(c.ok).toBe(false);
    expect(c.message).toContain('stale');
    expect(checkOf('critique.cross-functional', { reviews: [approve(dev, 2)], changedAt }).ok).toBe(true);
  });

  it('keeps counting an approval through edits that do not touch the evidence', () => {
    expect(checkOf('critique.cross-functional', { reviews: [approve(dev, 1)], changedAt: afterSaves(['context'], ['risks']) }).ok).toBe(true);
  });

  it('does not count an approval from the function of someone who wrote the record and is no longer its author', () => {
    // Marco (product) wrote it, added Eli (engineering) and stepped off: a product approval is still from inside.
    const c = checkOf('critique.cross-functional', { authors: [eli], writerIds: [marco.id], reviews: [approve(priya)] });
    expect(c.ok).toBe(false);
    expect(c.message).toContain('outside engineering and product');
  });

  it('does not count an approval from someone whose function nobody has confirmed, and says why', () => {
    const c = checkOf('critique.cross-functional', { reviews: [{ ...approve(tom), function: 'other', functionConfirmed: false }] });
    expect(c.ok).toBe(false);
    expect(c.message).toBe('Needs 1 current approval from someone outside product (has 0); Tom Becker’s approval counts once an organisation admin sets their function (now unconfirmed)');
    expect(checkOf('critique.cross-functional', { reviews: [{ ...approve(tom), function: 'other', functionConfirmed: true }] }).ok).toBe(true);
  });

  it('does not count an approval from someone of the author’s own function', () => {
    expect(checkOf('critique.cross-functional', { reviews: [approve(priya)] }).ok).toBe(false);
  });

  it('does not count an approval from any author’s function when there are several authors', () => {
    const authors = [marco, eli];
    expect(checkOf('critique.cross-functional', { authors, reviews: [approve(P('eli'))] }).ok).toBe(false);
    expect(checkOf('critique.cross-functional', { authors, reviews: [approve(tom)] }).ok).toBe(true);
  });

  it('does not count a verdict from someone who wrote a revision, an author now or not', () => {
    expect(checkOf('critique.cross-functional', { authors: [marco], writerIds: [marco.id, dev.id], reviews: [approve(dev)] }).ok).toBe(false);
    const standing = gate({ authors: [marco], writerIds: [marco.id, eli.id], reviews: [...OWNER_APPROVALS, requestChanges(eli)] });
    expect(check(standing, 'reviews.no-changes-requested')).toMatchObject({ ok: true, message: 'No one requested changes' });
  });

  it('does not count a request for changes or a comment as an approval', () => {
    expect(checkOf('critique.cross-functional', { reviews: [requestChanges(dev)] }).ok).toBe(false);
    expect(checkOf('critique.cross-functional', { reviews: [verdict(dev, 'comment')] }).ok).toBe(false);
  });

  it('counts only a reviewer’s latest verdict: an approval withdrawn by a later request for changes does not count', () => {
    expect(checkOf('critique.cross-functional', { reviews: [approve(dev), requestChanges(dev)] }).ok).toBe(false);
    expect(checkOf('critique.cross-functional', { reviews: [requestChanges(dev), approve(dev)] }).ok).toBe(true);
  });

  it('passes without any review when the team requires 0 approvals', () => {
    const c = checkOf('critique.cross-functional', { reviews: [], policy: { crossFunctionalApprovals: 0 } });
    expect(c.ok).toBe(true);
    expect(c.message).toContain('requires no');
  });

  it('needs two different people when the team requires 2 approvals', () => {
    const policy = { crossFunctionalApprovals: 2 };
    expect(checkOf('critique.cross-functional', { reviews: [approve(dev)], policy }).message).toContain('has 1');
    expect(checkOf('critique.cross-functional', { reviews: [approve(dev)], policy }).ok).toBe(false);
    expect(checkOf('critique.cross-functional', { reviews: [approve(dev), approve(dev)], policy }).ok).toBe(false);
    expect(checkOf('critique.cross-functional', { reviews: [approve(dev), approve(eli)], policy }).ok).toBe(true);
  });
});

// ————————————————————————————————————————————————————————————— critique.metric-owners

describe('critique.metric-owners', () => {
  it('passes when the owner of every cited metric has reviewed the current evidence', () => {
    const c = checkOf('critique.metric-owners');
    expect(c.ok).toBe(true);
    expect(c.message).toContain('Dev Chatterjee');
    expect(c.message).toContain('Hannah Okafor');
  });

  it('blocks publishing while a metric owner has not reviewed, naming them and their metric', () => {
    const c = checkOf('critique.metric-owners', { reviews: [approve(dev), approve(eli)] });
    expect(c.ok).toBe(false);
    expect(c.message).toContain('Hannah Okafor (owner of Email unsubscribe rate)');
    // Whom it waits for, by id: the decision page tells Hannah it waits for her.
    expect(c.waitingFor).toEqual([hannah.id]);
    expect(checkOf('critique.metric-owners').waitingFor).toBeUndefined();
  });

  it('does not count an owner’s review that went stale', () => {
    const changedAt = afterSaves(['metrics']);
    expect(checkOf('critique.metric-owners', { reviews: [approve(dev, 2), approve(hannah, 1)], changedAt }).ok).toBe(false);
    expect(checkOf('critique.metric-owners', { reviews: [approve(dev, 2), approve(hannah, 2)], changedAt }).ok).toBe(true);
  });

  it('counts any current verdict from an owner as a review, including a request for changes', () => {
    expect(checkOf('critique.metric-owners', { reviews: [approve(dev), requestChanges(hannah)] }).ok).toBe(true);
  });

  it('lets an owner who is an author vouch by writing instead of reviewing', () => {
    const c = checkOf('critique.metric-owners', { authors: [marco, hannah], reviews: [approve(dev)] });
    expect(c.ok).toBe(true);
    expect(c.message).toBe('Reviewed by Dev Chatterjee; vouched for by Hannah Okafor, who wrote or co-authors it');
    expect(checkOf('critique.metric-owners', { authors: [dev, hannah], reviews: [approve(eli)] }).message).toBe('Vouched for by Dev Chatterjee and Hannah Okafor, who wrote or co-author it');
  });

  it('waits for a co-author who wrote none of it until they vouch, and tells them how', () => {
    const c = checkOf('critique.metric-owners', { authors: [marco, hannah], writerIds: [marco.id], reviews: [approve(dev)] });
    expect(c.waitingFor).toEqual([hannah.id]);
    expect(c.ok).toBe(false);
    expect(c.message).toBe(
      'Hannah Okafor owns Email unsubscribe rate and co-authors this record, so gives it no verdict: they vouch for it as it stands with “Vouch for the evidence” on the decision page',
    );
    expect(checkOf('critique.metric-owners', { authors: [marco, hannah], writerIds: [marco.id], lastVouched: { [hannah.id]: 1 }, reviews: [approve(dev)] }).ok).toBe(true);
  });

  it('an owner among the writers vouches only for the evidence as they last saw it: once someone else changes it, they are waited for again, authors or not', () => {
    const evidenceChanged = afterSaves(['evidence']);
    const c = checkOf('critique.metric-owners', { authors: [marco, hannah], changedAt: evidenceChanged, lastWrote: { [marco.id]: 2, [hannah.id]: 1 }, reviews: [approve(dev, 2)] });
    expect(c.ok).toBe(false);
    expect(c.message).toBe(
      'Hannah Okafor owns Email unsubscribe rate and last vouched for its evidence at revision 1, before its sources, methodology, metrics or evidence changed: they vouch for it as it stands with “Vouch for the evidence” on the decision page',
    );
    // Saving it again vouches for it as it stands…
    expect(checkOf('critique.metric-owners', { authors: [marco, hannah], changedAt: afterSaves(['evidence'], ['context']), lastWrote: { [marco.id]: 2, [hannah.id]: 3 }, reviews: [approve(dev, 3)] }).ok).toBe(true);
    // …and so does vouching for it, without a save.
    expect(checkOf('critique.metric-owners', { authors: [marco, hannah], changedAt: evidenceChanged, lastWrote: { [marco.id]: 2, [hannah.id]: 1 }, lastVouched: { [hannah.id]: 2 }, reviews: [approve(dev, 2)] }).ok).toBe(true);
    // A vouch older than the change is stale like the writing.
    expect(checkOf('critique.metric-owners', { authors: [marco, hannah], changedAt: afterSaves(['context'], ['evidence']), lastWrote: { [marco.id]: 3, [hannah.id]: 1 }, lastVouched: { [hannah.id]: 2 }, reviews: [approve(dev, 3)] }).ok).toBe(false);
    // A change elsewhere (the decision, the context) leaves what they vouched for as it was.
    for (const section of ['decision', 'context', 'openCritique'] as const) {
      expect(checkOf('critique.metric-owners', { authors: [marco, hannah], changedAt: afterSaves([section]), lastWrote: { [marco.id]: 2, [hannah.id]: 1 }, reviews: [approve(dev, 2)] }).ok, section).toBe(true);
    }
    // Each of the sections the numbers live in counts.
    for (const section of ['dataSources', 'methodology', 'metrics', 'evidence'] as const) {
      expect(checkOf('critique.metric-owners', { authors: [marco, hannah], changedAt: afterSaves([section]), lastWrote: { [marco.id]: 2, [hannah.id]: 1 }, reviews: [approve(dev, 2)] }).ok, section).toBe(false);
    }
    // Removing the owner as an author doesn't make their old writing count: a former author vouches the same way.
    const removed = checkOf('critique.metric-owners', { authors: [marco], changedAt: evidenceChanged, lastWrote: { [marco.id]: 2, [hannah.id]: 1 }, reviews: [approve(dev, 2)] });
    expect(removed.ok).toBe(false);
    expect(removed.message).toContain('Hannah Okafor owns Email unsubscribe rate and last vouched for its evidence at revision 1');
    expect(checkOf('critique.metric-owners', { authors: [marco], changedAt: evidenceChanged, lastWrote: { [marco.id]: 2, [hannah.id]: 1 }, lastVouched: { [hannah.id]: 2 }, reviews: [approve(dev, 2)] }).ok).toBe(true);
    // Nor does a verdict from them: writers give none.
    expect(checkOf('critique.metric-owners', { authors: [marco], changedAt: evidenceChanged, lastWrote: { [marco.id]: 2, [hannah.id]: 1 }, reviews: [approve(dev, 2), approve(hannah, 2)] }).ok).toBe(false);
  });

  it('counts no save made before the owner was handed the metric: they vouch after the hand-over, by saving or vouching', () => {
    const handed = { authors: [marco, hannah], lastWrote: { [marco.id]: 1, [hannah.id]: 1 }, vouchFloor: { [hannah.id]: 1 }, reviews: [approve(dev)] };
    const c = checkOf('critique.metric-owners', handed);
    expect(c.ok).toBe(false);
    expect(c.message).toBe(
      'Hannah Okafor owns Email unsubscribe rate and was handed it while this record was open, so what they saved before doesn\u2019t vouch: they vouch for it as it stands with “Vouch for the evidence” on the decision page',
    );
    expect(checkOf('critique.metric-owners', { ...handed, lastWrote: { [marco.id]: 1, [hannah.id]: 2 }, changedAt: afterSaves(['context']) }).ok).toBe(true);
    expect(checkOf('critique.metric-owners', { ...handed, lastVouched: { [hannah.id]: 1 } }).ok).toBe(true);
  });

  it('passes without owner reviews when the team does not require them', () => {
    const c = checkOf('critique.metric-owners', { reviews: [approve(eli)], policy: { requireMetricOwnerReview: false } });
    expect(c.ok).toBe(true);
    expect(c.message).toContain('does not require');
  });

  it('has nothing to wait for when no catalogue metric is cited', () => {
    expect(checkOf('critique.metric-owners', { content: content({ metrics: [], evidence: [] }), reviews: [] }).ok).toBe(true);
  });
});

// ————————————————————————————————————————————————————————————— objections.answered

describe('objections.answered', () => {
  it('passes when no blocking objection was raised', () => {
    expect(checkOf('objections.answered', { comments: [thread(tom, 'concern'), thread(rin, 'question')] }).ok).toBe(true);
  });

  it('blocks publishing while a blocking comment is unanswered, naming who raised it and where', () => {
    const c = checkOf('objections.answered', { comments: [thread(tom, 'blocking', 'open', { section: 'decision' })] });
    expect(c.ok).toBe(false);
    expect(c.message).toContain('1 blocking objection open: Tom Becker on Decision');
  });

  it('names the whole decision for an objection on the record', () => {
    expect(checkOf('objections.answered', { comments: [thread(tom, 'blocking', 'open', { section: 'record' })] }).message).toContain('the whole decision');
  });

  it('counts every open objection', () => {
    const c = checkOf('objections.answered', { comments: [thread(tom, 'blocking'), thread(rin, 'blocking'), thread(dev, 'blocking', 'resolved')] });
    expect(c.message).toContain('2 blocking objections open');
  });

  it('passes once the objection is resolved', () => {
    expect(checkOf('objections.answered', { comments: [thread(tom, 'blocking', 'resolved')] }).ok).toBe(true);
  });

  it('passes once the objection is overridden, recording it as dissent', () => {
    const c = checkOf('objections.answered', { comments: [thread(tom, 'blocking', 'overridden')] });
    expect(c.ok).toBe(true);
    expect(c.message).toContain('1 overridden, recorded as dissent');
  });

  it('ignores a blocking comment its author deleted', () => {
    expect(checkOf('objections.answered', { comments: [thread(tom, 'blocking', 'open', { deleted: true })] }).ok).toBe(true);
  });

  it('ignores replies: only a thread’s first comment can block', () => {
    expect(checkOf('objections.answered', { comments: [thread(tom, 'blocking', 'open', { parentId: 7 })] }).ok).toBe(true);
  });
});

// ————————————————————————————————————————————————————————————— reviews.no-changes-requested

describe('reviews.no-changes-requested', () => {
  it('passes when no one requested changes', () => {
    expect(checkOf('reviews.no-changes-requested').ok).toBe(true);
  });

  it('blocks publishing while a current request for changes stands, naming the reviewer and revision', () => {
    const c = checkOf('reviews.no-changes-requested', { reviews: [...OWNER_APPROVALS, requestChanges(rin)] });
    expect(c.ok).toBe(false);
    expect(c.message).toContain('Rin Takeda requested changes on revision 1');
  });

  it('keeps a request for changes current through edits that do not touch what reviewers judge', () => {
    expect(checkOf('reviews.no-changes-requested', { reviews: [requestChanges(rin, 1)], changedAt: afterSaves(['context']) }).ok).toBe(false);
  });

  it('does not count a request for changes that went stale, and mentions it', () => {
    const c = checkOf('reviews.no-changes-requested', { reviews: [requestChanges(rin, 1)], changedAt: afterSaves(['methodology']) });
    expect(c.ok).toBe(true);
    expect(c.message).toContain('1 earlier request went stale');
  });

  it('stops counting a request for changes once its reviewer became a co-author', () => {
    expect(checkOf('reviews.no-changes-requested', { authors: [marco, rin], reviews: [...OWNER_APPROVALS, requestChanges(rin)] }).ok).toBe(true);
  });

  it('lets a later approval from the same reviewer replace their request for changes', () => {
    expect(checkOf('reviews.no-changes-requested', { reviews: [requestChanges(rin), approve(rin)] }).ok).toBe(true);
  });

  it('lets a later request for changes replace the same reviewer’s approval', () => {
    expect(checkOf('reviews.no-changes-requested', { reviews: [approve(rin), requestChanges(rin)] }).ok).toBe(false);
  });

  it('keeps a request for changes standing when the same reviewer later leaves a comment-only review', () => {
    // GitHub's review model, which the critique issue follows: a "comment" review neither approves
    // nor withdraws a request for changes. Only an approval (or the evidence changing) answers it.
    const c = checkOf('reviews.no-changes-requested', { reviews: [...OWNER_APPROVALS, requestChanges(rin), verdict(rin, 'comment')] });
    expect(c.ok).toBe(false);
  });

  it('does not let one reviewer’s approval cancel another reviewer’s request', () => {
    expect(checkOf('reviews.no-changes-requested', { reviews: [requestChanges(rin), approve(dev), approve(hannah)] }).ok).toBe(false);
  });

  it('latestVerdicts keeps one verdict per reviewer and marks staleness', () => {
    const latest = latestVerdicts([approve(dev, 1), requestChanges(rin, 1), approve(rin, 2)], afterSaves(['evidence']), []);
    expect(latest).toEqual([
      { ...approve(dev, 1), stale: true },
      { ...approve(rin, 2), stale: false },
    ]);
    // An author's verdict (given before they became a co-author) does not stand.
    expect(latestVerdicts([approve(dev, 1), approve(rin, 1)], afterSaves(['risks']), [rin.id])).toEqual([{ ...approve(dev, 1), stale: false }]);
  });
});

// ————————————————————————————————————————————————————————————— methodology.lint

describe('methodology.lint', () => {
  it('passes with no findings', () => {
    expect(checkOf('methodology.lint').message).toBe('No lint findings');
  });

  it('passes with warnings only, mentioning them', () => {
    const r = gate({ content: content({ dataSources: [abTest({ owner: '' })] }) });
    expect(r.lint.map((f) => [f.id, f.level])).toEqual([['lint.source-owner', 'warning']]);
    expect(check(r, 'methodology.lint')).toMatchObject({ ok: true, message: 'No lint errors (1 warning to consider)' });
    expect(r.ready).toBe(true);
  });

  it('blocks publishing on an error-level finding, pointing at its field', () => {
    const c = checkOf('methodology.lint', { now: NOW + 100 * DAY, inReviewSince: NOW });
    expect(c.ok).toBe(false);
    expect(c.field).toBe('dataSources.0.windowEnd');
    expect(c.message).toContain('1 lint error');
  });
});

// ————————————————————————————————————————————————————————————— lint rules

type LintCase = {
  /** Content (and optionally the time / policy) that triggers the rule. */
  fail: { content: DecisionContent; now?: number; policy?: Partial<Policy> };
  /** A near miss that must not trigger it. */
  pass: { content: DecisionContent; now?: number; policy?: Partial<Policy> };
  field: string;
};

/** States the window but never who was measured. */
const METHODOLOGY_NO_POPULATION =
  'Randomised into Monday and Friday sends for four full weeks (6 April – 3 May 2026) and compared with a two-sided test of proportions and a 95 % confidence interval; the unsubscribe rate is the guardrail. Weekly effects were stable, so we see no novelty effect.';
/** States who was measured but never when. */
const METHODOLOGY_NO_WINDOW =
  'Subscribers were randomised by account id into Monday and Friday sends. The primary metric is the share of subscribers who bought again, compared with a two-sided test of proportions and a 95 % confidence interval; the unsubscribe rate is the guardrail. Effects were stable from one send to the next, so no novelty effect.';
const primaries = (n: number): MetricRef[] =>
  ['checkout_conversion', 'average_order_value', 'activation_rate_d7', 'trial_to_paid', 'weekly_active_buyers'].slice(0, n).map((key) => ({ key, role: 'primary', expectedDirection: 'increase', expectedEffect: '' }));
const window = (start: string, end: string) => abTest({ windowStart: start, windowEnd: end });
const crossingEvidence: EvidenceRow[] = [{ ...BASE.evidence[0]!, ciLow: -0.4, ciHigh: 3.9 }, BASE.evidence[1]!];

const LINT_CASES: Record<string, LintCase> = {
  'lint.sample-size': {
    fail: { content: content({ dataSources: [abTest({ sampleSize: null })] }) },
    pass: { content: content({ dataSources: [abTest({ sampleSize: 1 })] }) },
    field: 'dataSources.0.sampleSize',
  },
  'lint.source-date': {
    fail: { content: content({ dataSources: [abTest({ windowStart: '2026-04-06', windowEnd: null, asOf: null })] }) },
    pass: { content: content({ dataSources: [abTest({ windowStart: null, windowEnd: null, asOf: '2026-05-03' })] }) },
    field: 'dataSources.0.asOf',
  },
  'lint.source-stale': {
    fail: { content: BASE, now: Date.parse('2026-05-03') + 91 * DAY },
    pass: { content: BASE, now: Date.parse('2026-05-03') + 90 * DAY },
    field: 'dataSources.0.windowEnd',
  },
  'lint.source-owner': {
    fail: { content: content({ dataSources: [abTest({ owner: '' })] }) },
    pass: { content: content({ dataSources: [abTest({ owner: 'Hannah Okafor' })] }) },
    field: 'dataSources.0.owner',
  },
  'lint.evidence-ci': {
    fail: { content: content({ evidence: [{ ...BASE.evidence[0]!, ciHigh: null }, BASE.evidence[1]!] }) },
    pass: { content: BASE },
    field: 'evidence.0.ciLow',
  },
  'lint.ci-crosses-zero': {
    fail: { content: content({ summary: `${BASE.summary} Monday sends improve repeat purchases.`, evidence: crossingEvidence }) },
    // The interval clears zero in the expected direction, however modestly. (Until issue 12 the near miss was a record
    // that did not word a win; the interval and the expected increase now decide, whatever the wording — see tests/lint-structure.test.ts.)
    pass: { content: content({ summary: `${BASE.summary} Monday sends improve repeat purchases.`, evidence: [{ ...BASE.evidence[0]!, ciLow: 0.1, ciHigh: 3.9 }, BASE.evidence[1]!] }) },
    field: 'evidence.0',
  },
  'lint.guardrail-moved': {
    // Unsubscribes, a guardrail expected not to change, rose beyond the noise.
    fail: { content: content({ evidence: [BASE.evidence[0]!, { ...BASE.evidence[1]!, relativeChange: 9.7, ciLow: 2.1, ciHigh: 17.3 }] }) },
    pass: { content: content({ evidence: [BASE.evidence[0]!, { ...BASE.evidence[1]!, relativeChange: 7.7, ciLow: -0.1, ciHigh: 15.5 }] }) },
    field: 'evidence.1',
  },
  'lint.guardrail-direction': {
    fail: { content: content({ metrics: [wab, { ...unsub, expectedDirection: null }] }) },
    pass: { content: content({ metrics: [wab, { ...unsub, expectedDirection: 'no-change' }] }) },
    field: 'metrics.1.expectedDirection',
  },
  'lint.ab-test-guardrail': {
    fail: { content: content({ metrics: [wab], evidence: BASE.evidence.slice(0, 1) }) },
    pass: { content: content({ metrics: [wab], evidence: [], dataSources: [abTest({ kind: 'warehouse-query' })] }) },
    field: 'metrics',
  },
  'lint.methodology-population': {
    fail: { content: content({ methodology: METHODOLOGY_NO_POPULATION }) },
    pass: { content: content({ methodology: METHODOLOGY_NO_POPULATION.replace('Randomised into', 'Digest subscribers were randomised into') }) },
    field: 'methodology',
  },
  'lint.methodology-window': {
    fail: { content: content({ methodology: METHODOLOGY_NO_WINDOW }) },
    pass: { content: content({ methodology: METHODOLOGY_NO_WINDOW.replace('sends.', 'sends between 6 April and 3 May 2026.') }) },
    field: 'methodology',
  },
  'lint.multiple-comparisons': {
    fail: { content: content({ metrics: [...primaries(4), unsub], evidence: [] }) },
    pass: { content: content({ metrics: [...primaries(4), unsub], evidence: [], methodology: `${BASE.methodology} P-values are adjusted with the Holm correction.` }) },
    field: 'methodology',
  },
  'lint.srm-check': {
    fail: { content: content({ dataSources: [abTest({ notes: 'Randomised by account id, 50/50.' })] }) },
    pass: { content: content({ dataSources: [abTest({ notes: 'Randomised by account id, 50/50. No SRM: 91,180 vs 91,220.' })] }) },
    field: 'dataSources.0.notes',
  },
  'lint.peeking': {
    fail: { content: content({ methodology: `${BASE.methodology} We stopped the test early once it was significant.` }) },
    pass: { content: content({ methodology: `${BASE.methodology} We stopped the test early once it was significant under a sequential test with alpha spending.` }) },
    field: 'methodology',
  },
  'lint.short-test': {
    fail: { content: content({ dataSources: [window('2026-04-27', '2026-05-02')] }) },
    pass: { content: content({ dataSources: [window('2026-04-27', '2026-05-03')] }) },
    field: 'dataSources.0.windowEnd',
  },
  'lint.novelty': {
    // (Since issue 12, "Weekly effects were stable" counts as saying whether the effect held week over week, so the flawed text drops that sentence too.)
    fail: { content: content({ dataSources: [window('2026-04-24', '2026-05-03')], methodology: METHODOLOGY_NO_POPULATION.replace('Randomised into', 'Subscribers were randomised into').replace(' Weekly effects were stable, so we see no novelty effect.', '') }) },
    pass: { content: content({ dataSources: [window('2026-04-24', '2026-05-03')] }) },
    field: 'dataSources.0.windowEnd',
  },
  'lint.evidence-uncited': {
    fail: { content: content({ evidence: [...BASE.evidence, { metric: 'checkout_conversion', baseline: 0.4, observed: 0.41, relativeChange: 2.5, ciLow: 0.5, ciHigh: 4.5 }] }) },
    pass: { content: BASE },
    field: 'evidence.2.metric',
  },
  'lint.missing-evidence': {
    fail: { content: content({ evidence: [] }) },
    pass: { content: content({ evidence: [], dataSources: [abTest({ kind: 'dashboard' })] }) },
    field: 'evidence',
  },
};

const findingsOf = (input: LintCase['fail'], policy: Partial<Policy> = {}) =>
  lintRecord({ content: input.content, now: input.now ?? NOW, catalogue: CATALOGUE, policy: policySchema.parse({ ...input.policy, ...policy }) });

describe('the methodology linter', () => {
  it('has a test case for every rule, and rule ids are stable and unique', () => {
    expect(Object.keys(LINT_CASES).sort()).toEqual([...LINT_RULE_IDS].sort());
    expect(new Set(LINT_RULE_IDS).size).toBe(LINT_RULE_IDS.length);
    for (const id of LINT_RULE_IDS) expect(id).toMatch(/^lint\.[a-z0-9-]+$/);
  });

  it('covers the findings PRODUCT.md and the issue name', () => {
    expect(LINT_RULE_IDS).toEqual(
      expect.arrayContaining(['lint.sample-size', 'lint.source-date', 'lint.source-stale', 'lint.evidence-ci', 'lint.ci-crosses-zero', 'lint.guardrail-direction', 'lint.ab-test-guardrail', 'lint.methodology-population', 'lint.methodology-window', 'lint.multiple-comparisons', 'lint.source-owner', 'lint.srm-check', 'lint.peeking']),
    );
    const level = (id: string) => LINT_RULES.find((r) => r.id === id)!.level;
    expect(level('lint.ci-crosses-zero')).toBe('warning');
    expect(level('lint.source-owner')).toBe('warning');
    expect(level('lint.sample-size')).toBe('error');
  });

  it('finds nothing in the base record', () => {
    expect(findingsOf({ content: BASE })).toEqual([]);
  });

  it.each(LINT_RULES.map((r) => [r.id, r.level] as const))('%s reports a %s on its field when the record has the flaw', (id) => {
    const c = LINT_CASES[id]!;
    const found = findingsOf(c.fail).filter((f) => f.id === id);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ id, level: LINT_RULES.find((r) => r.id === id)!.level, field: c.field });
    expect(found[0]!.message.length).toBeGreaterThan(20);
  });

  it.each(LINT_RULE_IDS)('%s stays quiet on the near miss', (id) => {
    expect(findingsOf(LINT_CASES[id]!.pass).filter((f) => f.id === id)).toEqual([]);
  });

  it.each(LINT_RULE_IDS)('%s can be switched off by the team', (id) => {
    expect(findingsOf(LINT_CASES[id]!.fail, { lintLevels: { [id]: 'off' } }).filter((f) => f.id === id)).toEqual([]);
  });

  it('flags an empty methodology as never stating its population or time window', () => {
    const found = findingsOf({ content: content({ methodology: '' }) }).map((f) => f.id);
    expect(found).toContain('lint.methodology-population');
    expect(found).toContain('lint.methodology-window');
  });

  it('flags a survey without a sample size as well as an A/B test', () => {
    expect(findingsOf({ content: content({ dataSources: [source0, abTest({ kind: 'survey', sampleSize: null })] }) }).map((f) => [f.id, f.field])).toContainEqual(['lint.sample-size', 'dataSources.1.sampleSize']);
  });

  it('judges freshness by the team’s limit, from the as-of date when there is no window', () => {
    const asOf = content({ dataSources: [abTest({ windowStart: null, windowEnd: null, asOf: '2026-01-01' })] });
    expect(findingsOf({ content: asOf }).find((f) => f.id === 'lint.source-stale')?.field).toBe('dataSources.0.asOf');
    expect(findingsOf({ content: asOf }, { freshnessDays: 365 }).some((f) => f.id === 'lint.source-stale')).toBe(false);
  });

  it('does not call a guardrail’s interval crossing zero a problem', () => {
    // The base evidence's unsubscribe interval (−14.5 to +8.1) crosses zero and the summary claims a win.
    expect(findingsOf({ content: content({ summary: `${BASE.summary} A clear win.` }) }).some((f) => f.id === 'lint.ci-crosses-zero')).toBe(false);
  });

  it('stays quiet about multiple comparisons with three primary metrics', () => {
    expect(findingsOf({ content: content({ metrics: [...primaries(3), unsub], evidence: [] }) }).some((f) => f.id === 'lint.multiple-comparisons')).toBe(false);
  });
});

describe('policy lint level overrides change the gate', () => {
  const stale = { now: Date.parse('2026-05-03') + 120 * DAY, inReviewSince: Date.parse('2026-05-03') + 118 * DAY };

  it('blocks publishing on a stale source at the default level', () => {
    const r = gate(stale);
    expect(failing(r)).toEqual(['methodology.lint']);
  });

  it('lets publishing through when the team lowers the rule to a warning, keeping the finding visible', () => {
    const r = gate({ ...stale, policy: { lintLevels: { 'lint.source-stale': 'warning' } } });
    expect(r.ready).toBe(true);
    expect(r.lint).toEqual([expect.objectContaining({ id: 'lint.source-stale', level: 'warning' })]);
  });

  it('drops the finding altogether when the team switches the rule off', () => {
    const r = gate({ ...stale, policy: { lintLevels: { 'lint.source-stale': 'off' } } });
    expect(r.ready).toBe(true);
    expect(r.lint).toEqual([]);
  });

  it('blocks publishing when the team raises a warning rule to an error', () => {
    const noOwner = content({ dataSources: [abTest({ owner: '' })] });
    expect(gate({ content: noOwner }).ready).toBe(true);
    const r = gate({ content: noOwner, policy: { lintLevels: { 'lint.source-owner': 'error' } } });
    expect(failing(r)).toEqual(['methodology.lint']);
    expect(r.lint[0]).toMatchObject({ id: 'lint.source-owner', level: 'error' });
  });
});

// ————————————————————————————————————————————————————————————— invariants (fast-check)

/*
 * Random records built from realistic pieces: substantive texts and the usual
 * ways drafts fall short (placeholders, one-liners, empty fields), data sources
 * of every kind with and without links, dates, owners and sample sizes, cited
 * catalogue metrics with and without directions, evidence with and without
 * intervals, verdicts from the demo's people on random revisions, and comment
 * threads of every kind and state.
 */

const GOOD_TEXT: Record<SubstantiveField, string[]> = {
  title: ['Send the weekly digest email on Mondays', 'Replace the three-step checkout with a single page', 'Shorten the Plus free trial to 14 days'],
  summary: [
    BASE.summary,
    'A 14-day trial converted as well as the 30-day trial in a six-week test and brings revenue forward by two weeks.',
    'Show wallet buttons above the card form on mobile; a survey and provider benchmarks suggest fewer abandoned payments.',
  ],
  context: [
    BASE.context,
    'Our checkout has three steps. Funnel data shows that 38 % of sessions that reach the first step never reach payment, and session recordings show people going back and forth between steps to check delivery costs before they commit.',
  ],
  decision: [BASE.decision, 'Make 14 days the default trial length for new Plus trials from January onwards.'],
  methodology: [
    BASE.methodology,
    'Visitors were randomised by visitor id for four full weeks (4 – 31 May 2026); every web visitor viewing a product page is in the population. Checkout conversion is compared with a two-sided test of proportions and a 95 % confidence interval; refund rate is the guardrail. A sample ratio check passed and weekly effects were stable, so no novelty effect.',
  ],
  openCritique: [BASE.openCritique, 'The interval is wide. The last two cohorts have not matured, so the result could still move. App users may behave differently from web users.'],
};
const BAD_TEXT = ['', 'TBD', 'n/a', 'lorem ipsum', '{describe the context}', 'Too short.', 'We looked at the numbers.'];

type Scenario = {
  status: DecisionStatus;
  content: DecisionContent;
  authors: Person[];
  inReviewSince: number | null;
  changedAt: SectionChangedAt;
  reviews: GateReview[];
  comments: GateComment[];
  policy: Policy;
};

const PEOPLE_LIST = Object.values(PEOPLE);
const MATERIAL: ContentKey[] = ['dataSources', 'methodology', 'metrics', 'evidence'];

/** Lint levels a team might set. Rules that judge what the results or the text say (an effect inside the noise, a guardrail that moved, a peek) stay at their level: adding text, an interval or an expected direction may rightly reveal them. */
const lintLevelsArb = fc.dictionary(
  fc.constantFrom(...LINT_RULE_IDS.filter((id) => id !== 'lint.ci-crosses-zero' && id !== 'lint.guardrail-moved' && id !== 'lint.peeking')),
  fc.constantFrom('error' as const, 'warning' as const, 'off' as const),
  { maxKeys: 3 },
);

const policyArb: fc.Arbitrary<Policy> = fc
  .record({
    minHoursInReview: fc.constantFrom(0, 24, 24, 48),
    crossFunctionalApprovals: fc.constantFrom(0, 1, 1, 1, 2),
    requireMetricOwnerReview: fc.boolean(),
    freshnessDays: fc.constantFrom(30, 90, 90, 365),
    lintLevels: fc.oneof({ arbitrary: fc.constant({}), weight: 3 }, { arbitrary: lintLevelsArb, weight: 1 }),
  })
  .map((p) => policySchema.parse(p));

const threadArb: fc.Arbitrary<GateComment> = fc.record({
  kind: fc.constantFrom('blocking', 'blocking', 'concern', 'question', 'suggestion', 'endorsement'),
  parentId: fc.oneof({ arbitrary: fc.constant(null), weight: 5 }, { arbitrary: fc.integer({ min: 1, max: 20 }), weight: 1 }),
  deleted: fc.oneof({ arbitrary: fc.constant(false), weight: 8 }, { arbitrary: fc.constant(true), weight: 1 }),
  state: fc.oneof({ arbitrary: fc.constantFrom('resolved' as const, 'overridden' as const), weight: 3 }, { arbitrary: fc.constant('open' as const), weight: 1 }),
  authorName: fc.constantFrom(...PEOPLE_LIST.map((p) => p.name)),
  section: fc.constantFrom('record', 'methodology', 'evidence', 'decision'),
});

/**
 * Scenarios from an author of a given care: with care = 1 roughly one in eight
 * generated records passes the gate; lower care yields more of the gaps real
 * drafts have (useful for monotonicity, which needs something to improve).
 */
function scenarios(care: number): fc.Arbitrary<Scenario> {
  /** The good value `ratio × care` times as often as the flawed one. */
  const often = <T,>(good: fc.Arbitrary<T>, bad: fc.Arbitrary<T>, ratio = 6) => fc.oneof({ arbitrary: good, weight: Math.max(1, Math.round(ratio * care)) }, { arbitrary: bad, weight: 1 });
  const textFor = (field: SubstantiveField) => often(fc.constantFrom(...GOOD_TEXT[field]), fc.constantFrom(...BAD_TEXT), 30);

  const optionsArb = often(fc.constant(BASE.options), fc.constantFrom<DecisionContent['options']>(BASE.options.slice(0, 1), BASE.options.map((o) => ({ ...o, chosen: false })), []), 10);

  const dateBefore = (days: number) => new Date(NOW - days * DAY).toISOString().slice(0, 10);

  /** Mostly well-documented sources; now and then one with the gaps real drafts have. */
  const rawSourceArb: fc.Arbitrary<DataSource> = fc
    .record({
      kind: often(fc.constant('ab-test' as const), fc.constantFrom(...SOURCE_KINDS), 2),
      link: often(fc.constant('https://experiments.example.com/digest-send-day'), fc.constant(null)),
      query: fc.constantFrom('', '', 'SELECT week, count(*) FROM digest_sends GROUP BY 1'),
      owner: often(fc.constant('Hannah Okafor'), fc.constant('')),
      endDaysAgo: often(fc.integer({ min: 1, max: 29 }), fc.integer({ min: 30, max: 400 }), 8),
      lengthDays: often(fc.constant(28), fc.constantFrom(3, 7, 10, 14)),
      dating: often(fc.constantFrom('window' as const, 'window' as const, 'asOf' as const), fc.constantFrom('none' as const, 'half' as const), 10),
      sampleSize: often(fc.integer({ min: 50, max: 500_000 }), fc.constant(null), 8),
      notes: often(fc.constant('Randomised by account id, 50/50. Sample ratio checked each week (p > 0.3).'), fc.constantFrom('Randomised by account id, 50/50.', '')),
    })
    .map((s) => ({
      name: `Source ${s.kind}`,
      kind: s.kind,
      link: s.link,
      query: s.query,
      owner: s.owner,
      asOf: s.dating === 'asOf' ? dateBefore(s.endDaysAgo) : null,
      windowStart: s.dating === 'window' || s.dating === 'half' ? dateBefore(s.endDaysAgo + s.lengthDays - 1) : null,
      windowEnd: s.dating === 'window' ? dateBefore(s.endDaysAgo) : null,
      population: 'Subscribers of the weekly digest, all markets',
      sampleSize: s.sampleSize,
      notes: s.notes,
    }));
  const sourceArb: fc.Arbitrary<DataSource> = often(
    rawSourceArb.map((s): DataSource => ({ ...s, link: s.link ?? 'https://bi.example.com/d/1', owner: s.owner || 'Dev Chatterjee', sampleSize: s.sampleSize ?? 9000, asOf: s.windowEnd ? null : dateBefore(3) })),
    rawSourceArb,
    3,
  );

  const METRIC_KEYS = DEMO_METRICS.map((m) => m.key);
  const metricsArb: fc.Arbitrary<MetricRef[]> = fc
    .uniqueArray(
      fc.record({
        key: fc.constantFrom(...METRIC_KEYS),
        role: fc.constantFrom('north-star' as const, 'primary' as const, 'guardrail' as const),
        expectedDirection: often(fc.constantFrom('increase' as const, 'decrease' as const, 'no-change' as const), fc.constant(null), 8),
        expectedEffect: fc.constant(''),
      }),
      { minLength: 0, maxLength: 5, selector: (m) => m.key },
    )
    .map((ms) => ms as MetricRef[]);

  const evidenceRowArb = (keys: string[]): fc.Arbitrary<EvidenceRow> =>
    fc
      .record({
        metric: keys.length ? fc.oneof({ arbitrary: fc.constantFrom(...keys), weight: 6 }, { arbitrary: fc.constantFrom(...METRIC_KEYS), weight: 1 }) : fc.constantFrom(...METRIC_KEYS),
        change: fc.double({ min: -5, max: 8, noNaN: true }),
        halfWidth: fc.double({ min: 0.2, max: 6, noNaN: true }),
        hasCi: often(fc.constant(true), fc.constant(false), 10),
      })
      .map((e) => ({
        metric: e.metric,
        baseline: 0.23,
        observed: 0.23 * (1 + e.change / 100),
        relativeChange: e.change,
        ciLow: e.hasCi ? e.change - e.halfWidth : null,
        ciHigh: e.hasCi ? e.change + e.halfWidth : null,
      }));

  const contentArb: fc.Arbitrary<DecisionContent> = fc
    .record({
      title: textFor('title'),
      summary: textFor('summary'),
      context: textFor('context'),
      decision: textFor('decision'),
      methodology: textFor('methodology'),
      openCritique: textFor('openCritique'),
      options: optionsArb,
      dataSources: often(fc.array(sourceArb, { minLength: 1, maxLength: 3 }), fc.constant<DataSource[]>([]), 15).map((ss) => ss.map((s, i) => ({ ...s, name: `${s.name} #${i}` }))),
      metrics: fc.oneof({ arbitrary: fc.constant(BASE.metrics), weight: 3 }, { arbitrary: metricsArb, weight: 2 }),
    })
    .chain((c) =>
      fc
        .oneof(
          { arbitrary: fc.constant<EvidenceRow[]>(c.metrics === BASE.metrics ? BASE.evidence : []), weight: 3 },
          { arbitrary: fc.array(evidenceRowArb(c.metrics.map((m) => m.key)), { maxLength: 3 }), weight: 2 },
        )
        .map((evidence) => ({ ...BASE, ...c, evidence })),
    );

  return fc
    .record({
      status: fc.oneof({ arbitrary: fc.constant('in-review' as const), weight: 10 }, { arbitrary: fc.constant('draft' as const), weight: 1 }),
      content: contentArb,
      authors: fc.oneof(
        { arbitrary: fc.constantFrom<Person[]>([marco], [priya]), weight: 6 },
        { arbitrary: fc.uniqueArray(fc.constantFrom(...PEOPLE_LIST), { minLength: 1, maxLength: 2, selector: (p) => p.id }), weight: 2 },
      ),
      hoursInReview: often(fc.integer({ min: 24, max: 400 }), fc.integer({ min: 0, max: 30 }), 4),
      // Revisions 2..4 may have changed material sections.
      materialChanges: fc.array(fc.record({ key: fc.constantFrom(...MATERIAL), at: fc.integer({ min: 2, max: 4 }) }), { maxLength: 2 }),
      verdicts: fc.array(
        fc.record({
          // Metric owners (two data scientists) review more often than others.
          who: often(fc.constantFrom(dev, hannah), fc.constantFrom(...PEOPLE_LIST), 2),
          verdict: fc.oneof({ arbitrary: fc.constant('approve' as const), weight: 6 }, { arbitrary: fc.constantFrom('request-changes' as const, 'comment' as const), weight: 1 }),
          revisionBack: fc.oneof({ arbitrary: fc.constant(0), weight: 4 }, { arbitrary: fc.integer({ min: 1, max: 3 }), weight: 1 }),
        }),
        { maxLength: 5 },
      ),
      comments: fc.array(threadArb, { maxLength: 4 }),
      policy: policyArb,
    })
    .map((s) => {
      const changedAt = { ...initialSectionChangedAt() };
      for (const m of s.materialChanges) changedAt[m.key] = Math.max(changedAt[m.key], m.at);
      const current = Math.max(...Object.values(changedAt));
      const authorIds = new Set(s.authors.map((a) => a.id));
      return {
        status: s.status,
        content: s.content,
        authors: s.authors,
        inReviewSince: s.status === 'draft' ? null : NOW - s.hoursInReview * HOUR,
        changedAt,
        // Authors do not review their own decisions (the data layer refuses it).
        reviews: s.verdicts.filter((v) => !authorIds.has(v.who.id)).map((v) => verdict(v.who, v.verdict, Math.max(1, current - v.revisionBack))),
        comments: s.comments,
        policy: s.policy,
      };
    });
}

const scenarioArb = scenarios(1);
/** Careless drafts: most fields, sources, metrics and reviews have something to improve. */
const roughArb = scenarios(0.2);

const evaluate = (s: Scenario, now = NOW) =>
  evaluateGate(record({ status: s.status, content: s.content, authors: s.authors, inReviewSince: s.inReviewSince, changedAt: s.changedAt }), s.reviews, s.comments, s.policy, now);

/** Independent oracles, written from PRODUCT.md rather than from lib/gate. */
const materialRevisionOf = (c: SectionChangedAt) => Math.max(c.title, c.summary, c.decision, c.options, c.dataSources, c.methodology, c.metrics, c.evidence, c.openCritique);
/** The oracle's own reading of the review model: a comment never replaces an approval or a request for changes. */
const lintIds = (r: GateResult) => r.lint.map((f) => f.id);

function latestCurrent(s: Scenario): GateReview[] {
  const latest = new Map<string, GateReview>();
  for (const r of s.reviews) {
    const standing = latest.get(r.reviewerId);
    if (r.verdict !== 'comment' || !standing || standing.verdict === 'comment') latest.set(r.reviewerId, r);
  }
  return [...latest.values()].filter((r) => r.revision >= materialRevisionOf(s.changedAt));
}
const openBlocking = (s: Scenario) => s.comments.filter((c) => c.kind === 'blocking' && c.parentId === null && !c.deleted && c.state === 'open');
function crossFunctionalApprovals(s: Scenario): number {
  const fns = new Set(s.authors.map((a) => a.function));
  const ids = new Set(s.authors.map((a) => a.id));
  return latestCurrent(s).filter((r) => r.verdict === 'approve' && !fns.has(r.function) && !ids.has(r.reviewerId)).length;
}

const RUNS = 1500;

describe('gate invariants (property-based)', () => {
  it('generates records that pass the gate as well as records that fail it (the properties are not vacuous)', () => {
    let ready = 0;
    let notReady = 0;
    fc.assert(
      fc.property(scenarioArb, (s) => {
        if (evaluate(s).ready) ready += 1;
        else notReady += 1;
      }),
      { numRuns: RUNS, seed: 424242 },
    );
    expect(ready).toBeGreaterThan(RUNS * 0.05);
    expect(notReady).toBeGreaterThan(RUNS * 0.3);
  });

  it('never passes with an open, non-deleted, top-level blocking comment', () => {
    let withObjection = 0;
    fc.assert(
      fc.property(scenarioArb, (s) => {
        if (openBlocking(s).length === 0) return;
        withObjection += 1;
        const r = evaluate(s);
        expect(r.ready).toBe(false);
        expect(check(r, 'objections.answered').ok).toBe(false);
      }),
      { numRuns: RUNS },
    );
    expect(withObjection).toBeGreaterThan(0);
  });

  it('never passes with a current request for changes as a reviewer’s latest verdict', () => {
    let withRequest = 0;
    fc.assert(
      fc.property(scenarioArb, (s) => {
        if (!latestCurrent(s).some((r) => r.verdict === 'request-changes')) return;
        withRequest += 1;
        const r = evaluate(s);
        expect(r.ready).toBe(false);
        expect(check(r, 'reviews.no-changes-requested').ok).toBe(false);
      }),
      { numRuns: RUNS },
    );
    expect(withRequest).toBeGreaterThan(0);
  });

  it('never passes without the policy’s number of current approvals from outside the authors’ functions', () => {
    let short = 0;
    fc.assert(
      fc.property(scenarioArb, (s) => {
        const r = evaluate(s);
        if (crossFunctionalApprovals(s) < s.policy.crossFunctionalApprovals) {
          short += 1;
          expect(r.ready).toBe(false);
          expect(check(r, 'critique.cross-functional').ok).toBe(false);
        } else {
          expect(check(r, 'critique.cross-functional').ok).toBe(true);
        }
      }),
      { numRuns: RUNS },
    );
    expect(short).toBeGreaterThan(0);
  });

  it('is ready exactly when the record is in review and every check passes', () => {
    fc.assert(
      fc.property(scenarioArb, (s) => {
        const r = evaluate(s);
        expect(r.ready).toBe(s.status === 'in-review' && r.checks.every((c) => c.ok));
        expect(r.checks.map((c) => c.id)).toEqual([...CHECK_IDS]);
        expect(check(r, 'methodology.lint').ok).toBe(!r.lint.some((f) => f.level === 'error'));
      }),
      { numRuns: 500 },
    );
  });

  // ——— monotonicity ———

  type Improvement = { name: string; apply: (s: Scenario, pick: number) => Scenario | null };
  const nth = <T,>(xs: T[], pick: number): T | undefined => (xs.length ? xs[pick % xs.length] : undefined);
  const withContent = (s: Scenario, patch: Partial<DecisionContent>): Scenario => ({ ...s, content: { ...s.content, ...patch } });
  const replaceAt = <T,>(xs: T[], i: number, x: T) => xs.map((y, j) => (j === i ? x : y));

  const IMPROVEMENTS: Improvement[] = [
    {
      name: 'fill a missing or short field with substantive text',
      apply: (s, pick) => {
        const field = nth(FIELDS.filter((f) => !substance(s.content[f], s.policy.minWords[f]).ok), pick);
        return field ? withContent(s, { [field]: GOOD_TEXT[field][pick % GOOD_TEXT[field].length] }) : null;
      },
    },
    {
      name: 'add a missing sample size',
      apply: (s, pick) => {
        const i = nth(s.content.dataSources.flatMap((d, j) => (d.sampleSize === null ? [j] : [])), pick);
        return i === undefined ? null : withContent(s, { dataSources: replaceAt(s.content.dataSources, i, { ...s.content.dataSources[i]!, sampleSize: 12_000 }) });
      },
    },
    {
      name: 'add a confidence interval to an evidence row',
      apply: (s, pick) => {
        const i = nth(s.content.evidence.flatMap((e, j) => (e.ciLow === null || e.ciHigh === null ? [j] : [])), pick);
        if (i === undefined) return null;
        const e = s.content.evidence[i]!;
        const rc = e.relativeChange ?? 0;
        return withContent(s, { evidence: replaceAt(s.content.evidence, i, { ...e, ciLow: rc - 1.5, ciHigh: rc + 1.5 }) });
      },
    },
    {
      name: 'add an expected direction',
      apply: (s, pick) => {
        const i = nth(s.content.metrics.flatMap((m, j) => (m.expectedDirection === null ? [j] : [])), pick);
        if (i === undefined) return null;
        const m = s.content.metrics[i]!;
        return withContent(s, { metrics: replaceAt(s.content.metrics, i, { ...m, expectedDirection: m.role === 'guardrail' ? 'no-change' : 'increase' }) });
      },
    },
    {
      name: 'add an owner to a data source',
      apply: (s, pick) => {
        const i = nth(s.content.dataSources.flatMap((d, j) => (!d.owner ? [j] : [])), pick);
        return i === undefined ? null : withContent(s, { dataSources: replaceAt(s.content.dataSources, i, { ...s.content.dataSources[i]!, owner: 'Dev Chatterjee' }) });
      },
    },
    {
      name: 'answer a blocking comment (resolve or override)',
      apply: (s, pick) => {
        const i = nth(s.comments.flatMap((c, j) => (c.kind === 'blocking' && c.state === 'open' && !c.deleted && c.parentId === null ? [j] : [])), pick);
        return i === undefined ? null : { ...s, comments: replaceAt(s.comments, i, { ...s.comments[i]!, state: pick % 2 ? 'resolved' : 'overridden' }) };
      },
    },
    {
      name: 'add a current cross-functional approval',
      apply: (s, pick) => {
        const fns = new Set(s.authors.map((a) => a.function));
        const who = nth(PEOPLE_LIST.filter((p) => !fns.has(p.function) && !s.authors.some((a) => a.id === p.id)), pick);
        return who ? { ...s, reviews: [...s.reviews, approve(who, Math.max(...Object.values(s.changedAt)))] } : null;
      },
    },
    {
      name: 'lengthen the time in review',
      apply: (s, pick) => (s.inReviewSince === null ? null : { ...s, inReviewSince: s.inReviewSince - (1 + (pick % 72)) * HOUR }),
    },
  ];

  it.each(IMPROVEMENTS.map((i) => [i.name, i] as const))('%s never turns a passing check into a failing one', (_name, improvement) => {
    let applied = 0;
    let passedBefore = 0;
    fc.assert(
      fc.property(fc.oneof(scenarioArb, roughArb), fc.nat(), (s, pick) => {
        const better = improvement.apply(s, pick);
        if (!better) return;
        applied += 1;
        const before = evaluate(s);
        const after = evaluate(better);
        for (const c of before.checks) {
          if (!c.ok) continue;
          passedBefore += 1;
          expect(check(after, c.id).ok, `${c.id} was passing before “${improvement.name}”, failing after: ${check(after, c.id).message}`).toBe(true);
        }
        if (before.ready) expect(after.ready).toBe(true);
      }),
      { numRuns: 600 },
    );
    expect(applied).toBeGreaterThan(20);
    expect(passedBefore).toBeGreaterThan(0);
  });

  it('writing a methodology into an empty field never adds a lint error the empty field did not have', () => {
    // An empty methodology never states the population either, so the linter judges it
    // like a written one that omits it: writing text can only keep or clear that error.
    const empty = gate({ content: content({ methodology: '' }) });
    expect(check(empty, 'methodology.lint').ok).toBe(false);
    const written = gate({ content: content({ methodology: METHODOLOGY_NO_POPULATION }) });
    expect(check(written, 'fields.complete').ok).toBe(true);
    expect(check(written, 'methodology.lint').ok).toBe(false);
    expect(lintIds(written)).toEqual(expect.arrayContaining(['lint.methodology-population']));
    expect(lintIds(empty)).toEqual(expect.arrayContaining(['lint.methodology-population', 'lint.methodology-window']));
    expect(check(gate({ content: content({}) }), 'methodology.lint').ok).toBe(true);
  });
});
