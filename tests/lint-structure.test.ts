import { describe, expect, it } from 'vitest';
import { DEMO_LIFECYCLE, DEMO_METRICS } from '@/db/seed-data';
import { lintRecord, type CatalogueEntry, type LintFinding } from '@/lib/gate';
import { affirms, mentions, sentences } from '@/lib/gate/text';
import { decisionContentSchema, type DataSource, type DecisionContent, type DecisionContentInput, type EvidenceRow, type MetricRef } from '@/lib/validation/decision';
import { policySchema } from '@/lib/validation/policy';

/*
 * Issue 12 (linter part): the methodology linter decides from the structured
 * fields where they exist, and reads negation where it must read prose. Each
 * table lists sentences the many ways people write them; every rule that was
 * fixed has cases that fire and cases that stay quiet.
 *
 * The base record is the demo's "Send the weekly digest email on Mondays" (no
 * findings): weekly active buyers, a north-star expected to increase, +0.6 to
 * +3.0 %; unsubscribes, a guardrail expected not to change, −14.5 to +8.1 %.
 */

const NOW = Date.parse('2026-05-17T12:00:00Z');
const CATALOGUE = new Map<string, CatalogueEntry>(DEMO_METRICS.map((m) => [m.key, { name: m.name, kind: m.kind }]));
const lifecycle = (key: string) => DEMO_LIFECYCLE.find((d) => d.key === key)!.revisions[0]!.content;
const BASE_INPUT = lifecycle('digest-monday');
const BASE = decisionContentSchema.parse(BASE_INPUT);
const [wabRow, unsubRow] = BASE.evidence as [EvidenceRow, EvidenceRow];
const [wab, unsub] = BASE.metrics as [MetricRef, MetricRef];
const source0 = BASE.dataSources[0]!;

const content = (patch: Partial<DecisionContentInput> = {}): DecisionContent => decisionContentSchema.parse({ ...BASE_INPUT, ...patch });
const lint = (c: DecisionContent): LintFinding[] => lintRecord({ content: c, now: NOW, catalogue: CATALOGUE, policy: policySchema.parse({}) });
const only = (c: DecisionContent, id: string) => lint(c).filter((f) => f.id === id);

describe('the base record', () => {
  it('has no findings, so every finding below comes from the change made to it', () => {
    expect(lint(BASE)).toEqual([]);
  });
});

// ————————————————————————————————————————————————————————————— the negation-aware reader

describe('sentences', () => {
  it('splits on sentence ends, semicolons, list items and paragraphs, but not inside decimals or wrapped lines', () => {
    expect(sentences('Weekly active buyers rose 1.8 %. We did not peek; the horizon was fixed.\n\n- No SRM\n- Holm-corrected\n\nA wrapped\nline.')).toEqual([
      'Weekly active buyers rose 1.8 %.',
      'We did not peek',
      'the horizon was fixed.',
      'No SRM',
      'Holm-corrected',
      'A wrapped line.',
    ]);
  });

  it('reads through Markdown emphasis and curly apostrophes, and ignores code blocks', () => {
    expect(affirms('We **didn’t** peek.', /\bpeek\w*/i)).toBe(false);
    expect(affirms('```sql\nSELECT peeked FROM t\n```\nNothing else.', /\bpeek\w*/i)).toBe(false);
  });
});

describe('mentions: a cue counts only when it is not negated', () => {
  const cue = /\bpeek\w*|\bstopp?(?:ed|ing)? (?:the test )?early\b/i;
  it.each([
    ['We peeked daily.', false],
    ['No peeking.', true],
    ['We did not peek.', true],
    ['We didn’t peek.', true],
    ['We never peeked at the results.', true],
    ['Without peeking, we ran four weeks.', true],
    ['There was no peeking and no stopping early.', true],
    ['We did not peek or stop early.', true],
    ['To avoid peeking, the horizon was fixed.', true],
    ['Instead of stopping early, we ran the full four weeks.', true],
    ['Peeking: none.', true],
    ['Peeking-free by design.', true],
    ['The test was not stopped early.', true],
    ['Peeking was not allowed.', true],
    ['We stopped early when it was not yet significant.', false],
    ['We didn’t peek, but we stopped the test early.', null], // one negated, one affirmed
  ] as const)('%s', (text, negated) => {
    const ms = mentions(text, cue);
    if (negated === null) {
      expect(ms.map((m) => m.negated)).toEqual([true, false]);
    } else {
      expect(ms.length).toBeGreaterThan(0);
      expect(ms.every((m) => m.negated)).toBe(negated);
    }
  });
});

// ————————————————————————————————————————————————————————————— lint.ci-crosses-zero: the interval decides

describe('lint.ci-crosses-zero decides from the interval and the expected direction, whatever the wording', () => {
  type Row = [role: MetricRef['role'], direction: 'increase' | 'decrease', ciLow: number, ciHigh: number, expected: 'quiet' | 'not established' | 'harm'];
  it.each<Row>([
    ['north-star', 'increase', 0.6, 3.0, 'quiet'],
    ['north-star', 'increase', 0.01, 3.0, 'quiet'],
    ['north-star', 'increase', -0.4, 3.9, 'not established'],
    ['primary', 'increase', -0.4, 3.9, 'not established'],
    ['north-star', 'increase', 0, 3.9, 'not established'],
    ['north-star', 'increase', -3.9, 0, 'not established'],
    ['north-star', 'increase', -3.1, -0.4, 'harm'],
    ['primary', 'decrease', -3.1, -0.4, 'quiet'],
    ['primary', 'decrease', -1.0, 2.0, 'not established'],
    ['primary', 'decrease', 0.5, 2.0, 'harm'],
  ])('a %s expected to %s with an interval of %s to %s: %s', (role, direction, ciLow, ciHigh, expected) => {
    const c = content({ metrics: [{ ...wab, role, expectedDirection: direction }, unsub], evidence: [{ ...wabRow, ciLow, ciHigh }, unsubRow] });
    const found = only(c, 'lint.ci-crosses-zero');
    if (expected === 'quiet') return expect(found).toEqual([]);
    expect(found).toEqual([expect.objectContaining({ level: 'warning', field: 'evidence.0' })]);
    if (expected === 'not established') expect(found[0]!.message).toMatch(new RegExp(`includes zero: the expected ${direction} is not established`));
    else expect(found[0]!.message).toMatch(new RegExp(`lies entirely (?:above|below) zero: Weekly active buyers (?:rose|fell) against the expected ${direction} — a measurable harm`));
  });

  // The case: "raised" was not one of the words the old rule knew.
  it.each([
    BASE.summary, // "… raised weekly active buyers by 1.8 % …"
    'Monday sends lifted weekly active buyers by 1.8 % in a four-week test, with no rise in unsubscribes.',
    'Weekly active buyers went up by 1.8 % when the digest moved to Monday, over a four-week test.',
    'Monday is the better day for the weekly digest, judging by a four-week test of weekly active buyers.',
    'Moving the digest from Friday to Monday had no clear effect on weekly active buyers in a four-week test.',
    'Monday sends did not improve weekly active buyers significantly in a four-week test, but we move anyway.',
  ])('fires on an interval that includes zero however the summary puts it: “%s”', (summary) => {
    const c = content({ summary, evidence: [{ ...wabRow, ciLow: -0.4, ciHigh: 3.9 }, unsubRow] });
    expect(only(c, 'lint.ci-crosses-zero')).toEqual([expect.objectContaining({ field: 'evidence.0', message: expect.stringContaining('(−0.4 % to +3.9 %) includes zero') })]);
  });

  it('stays quiet on an established effect however modestly the summary claims it', () => {
    for (const summary of ['Monday sends raised weekly active buyers by 1.8 % in a four-week test.', 'A small but real gain in weekly active buyers from sending the digest on Mondays.']) {
      expect(only(content({ summary }), 'lint.ci-crosses-zero')).toEqual([]);
    }
  });

  it('leaves guardrails and metrics expected not to change to lint.guardrail-moved', () => {
    // The base's unsubscribe interval (−14.5 to +8.1) crosses zero and the summary claims a win.
    expect(only(content({ summary: `${BASE.summary} A clear win.` }), 'lint.ci-crosses-zero')).toEqual([]);
    // A non-inferiority metric (the demo's trial length): including zero is the hoped-for result.
    const nonInferior = content({ metrics: [{ ...wab, role: 'primary', expectedDirection: 'no-change' }, unsub], evidence: [{ ...wabRow, ciLow: -5.9, ciHigh: 3.1 }, unsubRow] });
    expect(only(nonInferior, 'lint.ci-crosses-zero')).toEqual([]);
  });

  it('says nothing about a row without an interval: lint.evidence-ci asks for it', () => {
    const c = content({ evidence: [{ ...wabRow, ciLow: null, ciHigh: null }, unsubRow] });
    expect(only(c, 'lint.ci-crosses-zero')).toEqual([]);
    expect(only(c, 'lint.evidence-ci')).toEqual([expect.objectContaining({ level: 'error', field: 'evidence.0.ciLow' })]);
  });

  it('flags the demo’s hidden-shipping record, whose summary says checkout starts “raised” while conversion’s interval includes zero', () => {
    const c = decisionContentSchema.parse(lifecycle('hidden-shipping'));
    expect(only(c, 'lint.ci-crosses-zero')).toEqual([expect.objectContaining({ field: 'evidence.0', message: expect.stringContaining('Checkout conversion (−1.2 % to +1.8 %) includes zero') })]);
  });

  describe('falls back to the wording, read for negation, when the metric has no expected direction', () => {
    const noDirection = (summary: string) => content({ summary, metrics: [{ ...wab, expectedDirection: null }, unsub], evidence: [{ ...wabRow, ciLow: -0.4, ciHigh: 3.9 }, unsubRow] });
    it.each([
      'Moving the digest from Friday to Monday raised weekly active buyers in a four-week test.',
      'Monday sends improve repeat purchases among digest subscribers.',
      'Weekly active buyers grew +1.8 % after the digest moved to Monday.',
      'The digest on Monday gave a statistically significant lift in weekly active buyers.',
      'We did not test other times of day, but Monday sends boosted weekly active buyers.',
    ])('fires on a claimed win: “%s”', (summary) => {
      expect(only(noDirection(summary), 'lint.ci-crosses-zero')).toEqual([expect.objectContaining({ field: 'evidence.0', message: expect.stringContaining('claims a win') })]);
    });
    it.each([
      'Moving the digest from Friday to Monday did not raise weekly active buyers in a four-week test.',
      'Monday sends showed no lift in weekly active buyers and no change in unsubscribes.',
      'The difference in weekly active buyers was not significant after four weeks of Monday sends.',
      'Monday sends failed to improve weekly active buyers; we move for the planning calendar.',
      'Moving the digest to Monday had no clear effect on weekly active buyers in a four-week test.',
    ])('stays quiet when no win is claimed: “%s”', (summary) => {
      expect(only(noDirection(summary), 'lint.ci-crosses-zero')).toEqual([]);
    });
  });
});

// ————————————————————————————————————————————————————————————— lint.guardrail-moved

describe('lint.guardrail-moved reports a guardrail (or a metric expected not to change) whose interval excludes zero', () => {
  type Row = [role: MetricRef['role'], direction: MetricRef['expectedDirection'], ciLow: number, ciHigh: number, expected: null | RegExp];
  it.each<Row>([
    ['guardrail', 'no-change', -14.5, 8.1, null],
    ['guardrail', 'no-change', 0, 8.1, null],
    ['guardrail', 'no-change', 2.1, 17.3, /^Guardrail Email unsubscribe rate rose: its interval \(\+2\.1 % to \+17\.3 %\) lies entirely above zero, though no change was expected/],
    ['guardrail', 'no-change', -20, -1, /^Guardrail Email unsubscribe rate fell: .* though no change was expected/],
    ['guardrail', 'decrease', 1, 5, /^Guardrail Email unsubscribe rate rose: .* against the expected decrease/],
    ['guardrail', 'decrease', -5, -1, null],
    ['guardrail', 'decrease', -1, 1, null],
    ['guardrail', 'increase', -5, -1, /^Guardrail Email unsubscribe rate fell: .* against the expected increase/],
    ['guardrail', 'increase', 1, 5, null],
    ['guardrail', null, 2.1, 17.3, null], // lint.guardrail-direction asks for the direction first
    ['primary', 'no-change', 0.5, 2.0, /^Metric Email unsubscribe rate rose: .* though no change was expected/],
    ['primary', 'no-change', -3, 2.0, null],
  ])('a %s expected %s with an interval of %s to %s', (role, direction, ciLow, ciHigh, expected) => {
    const c = content({ metrics: [wab, { ...unsub, role, expectedDirection: direction }], evidence: [wabRow, { ...unsubRow, ciLow, ciHigh }] });
    const found = only(c, 'lint.guardrail-moved');
    if (!expected) return expect(found).toEqual([]);
    expect(found).toEqual([expect.objectContaining({ level: 'warning', field: 'evidence.1', message: expect.stringMatching(expected) })]);
  });

  it('ignores evidence for a metric the decision does not cite (lint.evidence-uncited covers it)', () => {
    const c = content({ evidence: [wabRow, unsubRow, { metric: 'refund_rate', baseline: 0.03, observed: 0.033, relativeChange: 10, ciLow: 4, ciHigh: 16 }] });
    expect(only(c, 'lint.guardrail-moved')).toEqual([]);
    expect(only(c, 'lint.evidence-uncited')).toHaveLength(1);
  });
});

// ————————————————————————————————————————————————————————————— lint.peeking

describe('lint.peeking reads the methodology (and A/B tests’ notes) for negation', () => {
  const withMethodology = (sentence: string) => content({ methodology: `${BASE.methodology} ${sentence}` });
  it.each([
    'We peeked daily.',
    'We peeked at the dashboard every morning.',
    'The test was stopped early when it reached significance.',
    'We stopped early when significant.',
    'We checked the results every day and stopped once conversion looked better.',
    'We looked at the results before the end and stopped.',
    'We ran it until it was significant.',
    'We called the test as soon as it hit significance.',
    'Interim analyses were run every week.',
    'Early stopping was used once the p-value dropped below 0.05.',
    'We didn’t peek, but we stopped the test early.',
    'No sequential correction was applied; we stopped the test early.',
    'We stopped early when it was not yet significant, to save traffic.',
  ])('fires: “%s”', (sentence) => {
    expect(only(withMethodology(sentence), 'lint.peeking')).toEqual([expect.objectContaining({ level: 'warning', field: 'methodology' })]);
  });

  it.each([
    'No peeking.',
    'We did not peek.',
    'We didn’t peek at the results.',
    'We never peeked.',
    'Without peeking, we ran the full four weeks.',
    'We didn’t stop early.',
    'We did not stop the test early.',
    'The test was not stopped early.',
    'We never looked at results before the end.',
    'Stopping rule fixed in advance: four full weeks.',
    'Early stopping was not used.',
    'Peeking: none.',
    'No interim looks at significance.',
    'We avoided peeking by fixing the horizon up front.',
    'Instead of stopping early, we ran the full four weeks.',
    'Rather than peeking, we pre-registered the duration.',
    'We did not stop early, and we never peeked.',
    'The test ended when the planned four weeks were over.',
    'We stopped the test early once it was significant under a sequential test with alpha spending.',
  ])('stays quiet: “%s”', (sentence) => {
    expect(only(withMethodology(sentence), 'lint.peeking')).toEqual([]);
  });

  it('reads an A/B test’s notes too, pointing at them', () => {
    const c = content({ dataSources: [{ ...source0, notes: `${source0.notes} Stopped early on day 18 once the lift was significant.` }] });
    expect(only(c, 'lint.peeking')).toEqual([expect.objectContaining({ field: 'dataSources.0.notes' })]);
    expect(only(content({ dataSources: [{ ...source0, notes: `${source0.notes} No early stopping.` }] }), 'lint.peeking')).toEqual([]);
  });

  it('does not count a denied sequential design as making the peek safe', () => {
    expect(only(withMethodology('We did not use a sequential test and peeked daily.'), 'lint.peeking')).toHaveLength(1);
    expect(only(withMethodology('We used a sequential test and peeked daily.'), 'lint.peeking')).toEqual([]);
  });
});

// ————————————————————————————————————————————————————————————— lint.srm-check

describe('lint.srm-check tells a check that passed from a check not done and from a mismatch found', () => {
  const withNotes = (notes: string) => content({ dataSources: [{ ...source0, notes }] });
  const srm = (notes: string) => only(withNotes(notes), 'lint.srm-check');

  it.each([
    'Randomised by account id, 50/50.',
    'We did not check for a sample ratio mismatch.',
    'No SRM check was run.',
    'The sample ratio was not checked.',
    'SRM: not checked.',
    'We skipped the SRM check to save time.',
    'Sample ratio never verified.',
  ])('asks for a check: “%s”', (notes) => {
    expect(srm(notes)).toEqual([expect.objectContaining({ field: 'dataSources.0.notes', message: expect.stringContaining('does not mention a sample ratio check') })]);
  });

  it.each(['We found a sample ratio mismatch (49.1 % vs 50.9 %).', 'The SRM check failed (p < 0.001).', 'There was an SRM in the second week; we kept the data.'])(
    'reports a mismatch found: “%s”',
    (notes) => {
      expect(srm(notes)).toEqual([expect.objectContaining({ field: 'dataSources.0.notes', message: expect.stringContaining('reports a sample ratio mismatch') })]);
    },
  );

  it.each([
    'No SRM: 91,180 vs 91,220.',
    'Sample ratio checked each week (chi-square, p > 0.3).',
    'SRM check passed (p = 0.62).',
    'We found no sample ratio mismatch.',
    'We did not find a sample ratio mismatch.',
    'There was no SRM.',
    'The split was verified: 50.1 / 49.9.',
    'We checked for SRM and found none.',
    'An SRM showed up in week one (a bot); after excluding bots there was no SRM.',
  ])('stays quiet: “%s”', (notes) => {
    expect(srm(notes)).toEqual([]);
  });
});

// ————————————————————————————————————————————————————————————— lint.novelty

describe('lint.novelty counts a discussion of novelty, not a statement that nobody looked', () => {
  // Ten days: long enough for lint.short-test, short enough for lint.novelty.
  const tenDays: DataSource = { ...source0, windowStart: '2026-04-24', windowEnd: '2026-05-03' };
  const METHODOLOGY = 'Subscribers were randomised by account id into Monday and Friday sends for ten days (24 April – 3 May 2026) and compared with a two-sided test of proportions and a 95 % confidence interval; the unsubscribe rate is the guardrail.';
  const novelty = (sentence: string, openCritique = 'Monday is when most competitors send their emails, so the advantage may shrink as inboxes fill up over the year.') =>
    only(content({ dataSources: [tenDays], methodology: `${METHODOLOGY} ${sentence}`.trim(), openCritique }), 'lint.novelty');

  it.each(['', 'We did not check for novelty effects.', 'Novelty effects were not considered.', 'We have no holdout and did not look at novelty.', 'There was no week-by-week breakdown.'])(
    'fires: “%s”',
    (sentence) => {
      expect(novelty(sentence)).toEqual([expect.objectContaining({ field: 'dataSources.0.windowEnd' })]);
    },
  );

  it.each([
    'We see no novelty effect.',
    'Weekly effects were stable.',
    'Week-by-week lift: +1.9 %, +1.7 %.',
    'The lift may be a novelty effect.',
    'We cannot rule out a novelty effect.',
    'A 5 % holdout stays on Friday sends until June.',
    'We checked for novelty effects and found none.',
    'We did not check for novelty effects, but the week-by-week lift was flat.',
  ])('stays quiet: “%s”', (sentence) => {
    expect(novelty(sentence)).toEqual([]);
  });

  it('reads the open critique as well', () => {
    expect(novelty('', 'Ten days is short: the lift may be a novelty effect that fades once subscribers get used to Monday.')).toEqual([]);
  });
});

// ————————————————————————————————————————————————————————————— lint.multiple-comparisons

describe('lint.multiple-comparisons needs a correction that was made, not one that was not', () => {
  const primaries: MetricRef[] = ['checkout_conversion', 'average_order_value', 'activation_rate_d7', 'trial_to_paid'].map((key) => ({ key, role: 'primary', expectedDirection: 'increase', expectedEffect: '' }));
  const mc = (sentence: string) => only(content({ metrics: [...primaries, unsub], evidence: [], methodology: `${BASE.methodology} ${sentence}`.trim() }), 'lint.multiple-comparisons');

  it.each([
    '',
    'We did not correct for multiple comparisons.',
    'No Bonferroni or Holm correction was applied.',
    'P-values are not adjusted for multiple comparisons.',
    'Results are uncorrected for multiple testing.',
    'We ignored the multiple comparisons problem.',
    'Without an FDR correction, two of the four metrics are significant.',
  ])('fires: “%s”', (sentence) => {
    expect(mc(sentence)).toEqual([expect.objectContaining({ field: 'methodology', message: expect.stringContaining('4 primary metrics') })]);
  });

  it.each([
    'P-values are adjusted with the Holm correction.',
    'We controlled the false discovery rate (Benjamini–Hochberg).',
    'Bonferroni-corrected.',
    'We corrected for multiple comparisons with Holm’s method.',
    'P-values were adjusted for the number of metrics.',
  ])('stays quiet: “%s”', (sentence) => {
    expect(mc(sentence)).toEqual([]);
  });
});
