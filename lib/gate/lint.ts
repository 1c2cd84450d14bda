import type { DataSource, DecisionContent } from '../validation/decision';
import type { Policy } from '../validation/policy';
import { affirms, classify } from './text';

/*
 * The methodology linter: rules with stable ids that read the structured fields
 * and the Markdown and report what a careful reviewer would ask about. Each
 * finding names the field it concerns so the editor and the page show it there.
 * Rules for online experiments follow the standard pitfalls (Kohavi, Tang & Xu,
 * "Trustworthy Online Controlled Experiments"): sample ratio mismatch, peeking,
 * novelty effects, too-short tests, multiple comparisons, post-hoc metrics.
 *
 * Where the record has structure, the rules decide from it: whether an effect
 * is established is read from the evidence interval and the metric's expected
 * direction, never from how the summary words it. Where prose must be read
 * (peeking, the sample ratio check, novelty, multiple comparisons, and a claimed
 * win on a metric without an expected direction), a cue counts only when it is
 * not negated ("no peeking", "we did not stop early"): see ./text.ts.
 */

export type LintLevel = 'error' | 'warning';
export type LintFinding = { id: string; level: LintLevel; field: string; message: string };
export type CatalogueEntry = { name: string; kind: string };

export type LintInput = {
  content: DecisionContent;
  policy: Policy;
  now: number;
  /** Catalogue metrics by key (for names and for telling cited from uncited). */
  catalogue: Map<string, CatalogueEntry>;
};

type Rule = { id: string; level: LintLevel; title: string; check: (input: LintInput) => { field: string; message: string }[] };

const DAY = 24 * 3600e3;
const isExperiment = (s: DataSource) => s.kind === 'ab-test';
const label = (s: DataSource) => `“${s.name}”`;
const windowDays = (s: DataSource) => (s.windowStart && s.windowEnd ? (Date.parse(s.windowEnd) - Date.parse(s.windowStart)) / DAY + 1 : null);

/** ±1.8 % with a real minus sign; "0 %" without one. */
const pct = (n: number) => `${n > 0 ? '+' : n < 0 ? '−' : ''}${Math.abs(n)} %`;
const interval = (lo: number, hi: number) => `${pct(lo)} to ${pct(hi)}`;
/** Where an interval lies relative to zero (a bound of exactly 0 still includes zero). */
type Side = 'above' | 'below' | 'spans';
const sideOf = (lo: number, hi: number): Side => (lo > 0 ? 'above' : hi < 0 ? 'below' : 'spans');
const EFFECT_ROLES = new Set(['primary', 'north-star']);

const RE = {
  /** A claimed improvement, for metrics without an expected direction (else the interval decides). */
  win: /\b(?:increas\w*|improv\w*|lift\w*|uplift|wins?|won|better|grow\w*|grew|boost\w*|gain\w*|outperform\w*|significant(?:ly)?|positive|rais(?:e|es|ed|ing)|rose|rises?|rising|higher|beats?|beat)\b|\+\s?\d/i,
  population:
    /\b(?:population|segments?|users?|visitors?|customers?|sessions?|accounts?|cohorts?|participants?|respondents?|subscribers?|buyers?|merchants?|sellers?|trials?|traffic|markets?|regions?|everyone|people|members|households|orders|requests)\b/i,
  window:
    /\b(?:\d{4}-\d{2}-\d{2}|(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)[\s-]*(?:(?:full|whole|calendar|consecutive)\s+)?(?:days?|weeks?|months?|quarters?|years?|hours?)|jan(?:uary)?|feb(?:ruary)?|march|apr(?:il)?|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?|q[1-4]|window|period|between|since|until|weekly|daily|monthly|quarterly|last\s+(?:week|month|quarter|year))\b/i,
  multipleComparisons:
    /bonferroni|\bholm\b|hochberg|benjamini|false discovery|\bfdr\b|multiple (?:comparisons?|testing|tests|hypothes\w+)|family-?wise|\bcorrect(?:ed|ion|ing)? for (?:multiple|the number)|\badjust(?:ed|ing)? for (?:multiple|the number)|\badjusted p-?values?\b|\bq-?values?\b|\bp-?values?\b(?=\s+(?:are|were|was|is|have been)\s+(?:not\s+|never\s+)?(?:adjusted|corrected))/i,
  /** Looking at results before the planned end, or stopping on what was seen. */
  peeking: new RegExp(
    [
      String.raw`\bpeek\w*`,
      String.raw`\b(?:stop(?:ped|ping|s)?|end(?:ed|ing|s)?|halt(?:ed|ing|s)?|call(?:ed|ing)?|cut|conclud(?:ed|ing|es?)|shut)\s+(?:(?:the|our|this)\s+(?:test|experiment|a\/b\s+test)\s+|it\s+|testing\s+|off\s+)?(?:early|short|prematurely|ahead of (?:time|schedule|plan))\b`,
      String.raw`\b(?:stop(?:ped|ping|s)?|end(?:ed|ing|s)?|halt(?:ed|ing|s)?|call(?:ed|ing)?|conclud(?:ed|ing|es?))\s+(?:(?:the|our|this)\s+(?:test|experiment)\s+|it\s+)?(?:when|once|as soon as|the (?:day|moment))\b(?:\W+\w+){0,6}?\W+(?:significan\w*|p-?values?|p\s*[<≤]|winner|looked good|confident|crossed|hit)`,
      String.raw`\bearly[- ]stop\w*`,
      String.raw`\binterim\s+(?:looks?|analys[ie]s|checks?|peeks?|reads?)`,
      String.raw`\buntil\s+(?:it\s+|the\s+(?:result|effect|lift|test)\s+)?(?:was|became|reached|hit|got|turned)\s+(?:statistically\s+)?significan\w*`,
      String.raw`\bas soon as\s+(?:it\s+was\s+|we\s+saw\s+|it\s+became\s+|it\s+hit\s+|it\s+reached\s+)?(?:statistical\s+)?significan\w*`,
      String.raw`\b(?:check|look|watch)(?:ed|ing|s)?\s+(?:at\s+|on\s+)?(?:the\s+)?(?:results?|data|numbers|dashboard|p-?values?|significance|lift)\s+(?:daily|every\s+(?:day|morning|few\s+days)|each\s+(?:day|morning)|hourly|before\s+the\s+(?:end|test\s+ended|window\s+closed)|mid-?test|during\s+the\s+test|along\s+the\s+way|as\s+(?:it|the\s+test)\s+ran)`,
      String.raw`\b(?:check|look)(?:ed|ing|s)?\s+(?:daily|every\s+day|each\s+day|hourly)\s+(?:for|at)\s+significan\w*`,
    ].join('|'),
    'i',
  ),
  /** A design that makes looking safe, or a stopping rule fixed up front. */
  peekingSafe:
    /\bsequential\b|\balpha[- ]spending|\balways[- ]valid|\bfixed[- ](?:horizon|sample(?: size)?|duration|end date)|o'?brien|\bpocock\b|\bmsprt\b|\bstopping rule\b(?:\W+\w+){0,3}?\W+(?:fixed|set|agreed|specified|defined|pre-?registered|decided|written down)|\bpre-?registered\s+(?:the\s+)?(?:stopping|duration|horizon|sample size|runtime|end date)|\bran\s+(?:for\s+)?(?:the\s+)?full\s+(?:planned\s+)?(?:duration|horizon|length|period)/i,
};

/** How a sentence speaks of the sample ratio: a mismatch found, a check done, or a bare mention ("SRM: p = 0.4", "no SRM"). */
const SRM_CUES = [
  [
    'mismatch',
    /\b(?:found|find|detected|detect|saw|see|seen|observed|observe|had|has|have|shows?|showed|there\s+(?:was|is|were))\s+(?:an?\s+|any\s+)?(?:significant\s+|clear\s+|small\s+|large\s+)?(?:srm|sample[- ]ratio mismatch)\b|\b(?:srm|sample[- ]ratio(?: mismatch)?)(?:\s+(?:checks?|tests?|alerts?|alarms?))?\s+(?:was\s+|is\s+)?(?:failed|fails|flagged|fired|detected|found|present|triggered)\b/i,
  ],
  [
    'check',
    /\b(?:sample[- ]ratio|srm|allocation|split|assignment)\s+(?:mismatch\s+)?(?:checks?|tests?|chi-?square)\b|\b(?:check|verif|test|validat|confirm|monitor)\w*\s+(?:for\s+|of\s+|on\s+)?(?:the\s+)?(?:an?\s+)?(?:srm|sample[- ]ratio|allocation|split|assignment)\b|\b(?:sample[- ]ratio|srm|allocation|split|assignment)\s+(?:was\s+|is\s+|were\s+)?(?:checked|verified|tested|confirmed|validated|monitored|balanced)\b|\ballocation ratio\b|\b(?:sample[- ]ratio(?: mismatch)?|srm|allocation|split|assignment)(?=\s+(?:(?:(?:was|were|is|has been|have been)\s+)?(?:not|never)|wasn't|weren't|isn't|hasn't|haven't)\s+(?:checked|verified|tested|confirmed|validated|monitored)|\s*[:=–—-]\s*(?:not|never)\s+(?:checked|verified|tested|done|run))/i,
  ],
  ['bare', /\bsrm\b|\bsample[- ]ratio(?: mismatch)?\b/i],
] as const;

/** How a sentence speaks of novelty: whether someone looked for it, the ways to see it, or the effect itself. */
const NOVELTY_CUES = [
  [
    'examined',
    /\b(?:check|consider|look|examin|analy[sz]|stud|measur|test|account|assess|investigat|evaluat|address|discuss|control|track|monitor)\w*\s+(?:at\s+|for\s+|into\s+)?(?:(?:the|any|possible|potential|a|an)\s+)*(?:novelty|primacy|learning|change[- ]aversion)\b|\b(?:novelty|primacy|learning)(?:\s+(?:effects?|bias))?(?=\s+(?:(?:was|were|is|are|has been|have been)\s+(?:not|never)|wasn't|weren't|isn't|aren't|hasn't|haven't)\s+(?:checked|considered|examined|analy[sz]ed|studied|measured|tested|assessed|investigated|evaluated|addressed|discussed|looked|accounted|controlled))/i,
  ],
  [
    'method',
    /\bweek[- ](?:by|over|on)[- ]week\b|\bhold-?outs?\b|\bramp(?:ed|ing)?[- ]?up\b|\bweekly\s+(?:effects?|lifts?|breakdown|results|numbers|trend)\b|\blong[- ]term\s+(?:effects?|holdout|follow[- ]up)\b|\b(?:effect|lift)s?\s+(?:was|were)\s+stable\b/i,
  ],
  ['effect', /\bnovelty\b|\bprimacy\b|\blearning effects?\b|\bchange[- ]aversion\b/i],
] as const;

/**
 * The record discusses novelty when it names the effect (even to say there was
 * none, or that it cannot be ruled out) or a way to see it (a week-by-week
 * breakdown, a holdout) — but not when it says it did not look ("we did not
 * check for novelty effects", "no holdout").
 */
function discussesNovelty(content: DecisionContent): boolean {
  return classify(`${content.methodology}\n\n${content.openCritique}`, NOVELTY_CUES).some((m) => m.kind === 'effect' || !m.negated);
}

/** Does the methodology or an A/B test's notes say there was a peek (not only deny one)? Returns where. */
function peekAt(content: DecisionContent): string | null {
  const places: [string, string][] = [['methodology', content.methodology], ...content.dataSources.flatMap((s, i): [string, string][] => (isExperiment(s) ? [[`dataSources.${i}.notes`, s.notes]] : []))];
  const all = places.map(([, t]) => t).join('\n\n');
  if (affirms(all, RE.peekingSafe)) return null;
  return places.find(([, t]) => affirms(t, RE.peeking))?.[0] ?? null;
}

export const LINT_RULES: Rule[] = [
  {
    id: 'lint.sample-size',
    level: 'error',
    title: 'A/B tests and surveys state their sample size',
    check: ({ content }) =>
      content.dataSources.flatMap((s, i) =>
        (s.kind === 'ab-test' || s.kind === 'survey') && s.sampleSize === null
          ? [{ field: `dataSources.${i}.sampleSize`, message: `Data source ${label(s)} is ${s.kind === 'ab-test' ? 'an A/B test' : 'a survey'} without a sample size — add ${s.kind === 'ab-test' ? 'n per arm or in total' : 'the number of responses'}` }]
          : [],
      ),
  },
  {
    id: 'lint.source-date',
    level: 'error',
    title: 'Every data source says when it was true',
    check: ({ content }) =>
      content.dataSources.flatMap((s, i) =>
        !s.asOf && !(s.windowStart && s.windowEnd)
          ? [{ field: `dataSources.${i}.asOf`, message: `Data source ${label(s)} has no as-of date or time window — say when the data was true` }]
          : [],
      ),
  },
  {
    id: 'lint.source-stale',
    level: 'error',
    title: 'Data is fresher than the team’s limit',
    check: ({ content, policy, now }) =>
      content.dataSources.flatMap((s, i) => {
        const date = s.windowEnd ?? s.asOf;
        if (!date) return [];
        const age = Math.floor((now - Date.parse(date)) / DAY);
        return age > policy.freshnessDays
          ? [{ field: `dataSources.${i}.${s.windowEnd ? 'windowEnd' : 'asOf'}`, message: `Data source ${label(s)} is ${age} days old; the team’s limit is ${policy.freshnessDays} — refresh it or explain why it still holds` }]
          : [];
      }),
  },
  {
    id: 'lint.source-owner',
    level: 'warning',
    title: 'Every data source has an owner',
    check: ({ content }) =>
      content.dataSources.flatMap((s, i) => (!s.owner ? [{ field: `dataSources.${i}.owner`, message: `Data source ${label(s)} has no owner — name who can answer questions about it` }] : [])),
  },
  {
    id: 'lint.evidence-ci',
    level: 'error',
    title: 'Results come with confidence intervals',
    check: ({ content, catalogue }) =>
      content.evidence.flatMap((r, i) =>
        r.ciLow === null || r.ciHigh === null
          ? [{ field: `evidence.${i}.ciLow`, message: `The result for ${catalogue.get(r.metric)?.name ?? r.metric} has no confidence interval — add its low and high bounds` }]
          : [],
      ),
  },
  {
    id: 'lint.ci-crosses-zero',
    level: 'warning',
    title: 'A claimed effect is established, not within the noise',
    check: ({ content, catalogue }) => {
      let claims: boolean | undefined;
      const claimsWin = () => (claims ??= affirms(`${content.summary}\n\n${content.decision}`, RE.win));
      return content.evidence.flatMap((r, i) => {
        if (r.ciLow === null || r.ciHigh === null) return []; // lint.evidence-ci asks for the interval
        const side = sideOf(r.ciLow, r.ciHigh);
        const ref = content.metrics.find((m) => m.key === r.metric);
        const name = catalogue.get(r.metric)?.name ?? r.metric;
        const ci = interval(r.ciLow, r.ciHigh);
        if (ref && EFFECT_ROLES.has(ref.role) && (ref.expectedDirection === 'increase' || ref.expectedDirection === 'decrease')) {
          // The structure decides: the expected direction is the claim, the interval the verdict.
          const expected: Side = ref.expectedDirection === 'increase' ? 'above' : 'below';
          if (side === expected) return [];
          if (side === 'spans') {
            return [{ field: `evidence.${i}`, message: `The interval for ${name} (${ci}) includes zero: the expected ${ref.expectedDirection} is not established, however the summary words it — say so rather than claim a win` }];
          }
          return [
            {
              field: `evidence.${i}`,
              message: `The interval for ${name} (${ci}) lies entirely ${side} zero: ${name} ${side === 'above' ? 'rose' : 'fell'} against the expected ${ref.expectedDirection} — a measurable harm, not a win; say so in the summary and explain why the decision still holds`,
            },
          ];
        }
        // Guardrails and metrics expected not to change: an interval that includes zero is what was hoped for (lint.guardrail-moved reports movement).
        if (ref && (ref.role === 'guardrail' || ref.expectedDirection === 'no-change')) return [];
        // No expected direction to judge by: fall back to what the summary and decision claim.
        return side === 'spans' && claimsWin()
          ? [{ field: `evidence.${i}`, message: `The interval for ${name} (${ci}) includes zero, but the summary or decision claims a win — say that the effect is not established` }]
          : [];
      });
    },
  },
  {
    id: 'lint.guardrail-moved',
    level: 'warning',
    title: 'Guardrails held',
    check: ({ content, catalogue }) =>
      content.evidence.flatMap((r, i) => {
        const ref = content.metrics.find((m) => m.key === r.metric);
        if (!ref || r.ciLow === null || r.ciHigh === null) return [];
        const side = sideOf(r.ciLow, r.ciHigh);
        if (side === 'spans') return [];
        const name = catalogue.get(r.metric)?.name ?? r.metric;
        const what = `${ref.role === 'guardrail' ? 'Guardrail' : 'Metric'} ${name}`;
        const moved = side === 'above' ? 'rose' : 'fell';
        if (ref.expectedDirection === 'no-change') {
          return [{ field: `evidence.${i}`, message: `${what} ${moved}: its interval (${interval(r.ciLow, r.ciHigh)}) lies entirely ${side} zero, though no change was expected — say whether this movement is acceptable` }];
        }
        const against = ref.role === 'guardrail' && ((ref.expectedDirection === 'increase' && side === 'below') || (ref.expectedDirection === 'decrease' && side === 'above'));
        return against
          ? [{ field: `evidence.${i}`, message: `${what} ${moved}: its interval (${interval(r.ciLow, r.ciHigh)}) lies entirely ${side} zero, against the expected ${ref.expectedDirection} — say whether this movement is acceptable` }]
          : [];
      }),
  },
  {
    id: 'lint.guardrail-direction',
    level: 'error',
    title: 'Guardrails say what must not happen',
    check: ({ content, catalogue }) =>
      content.metrics.flatMap((m, i) =>
        m.role === 'guardrail' && !m.expectedDirection
          ? [{ field: `metrics.${i}.expectedDirection`, message: `Guardrail ${catalogue.get(m.key)?.name ?? m.key} has no expected direction — usually “no change”` }]
          : [],
      ),
  },
  {
    id: 'lint.ab-test-guardrail',
    level: 'warning',
    title: 'Experiments watch a guardrail',
    check: ({ content }) =>
      content.dataSources.some(isExperiment) && !content.metrics.some((m) => m.role === 'guardrail')
        ? [{ field: 'metrics', message: 'An A/B test is cited but no guardrail metric — add one that must not get worse (e.g. page load, refunds)' }]
        : [],
  },
  {
    id: 'lint.methodology-population',
    level: 'error',
    title: 'The methodology states the population',
    check: ({ content }) =>
      !RE.population.test(content.methodology)
        ? [{ field: 'methodology', message: 'The methodology never says who was measured — state the population or segment (e.g. “new web visitors in the EU”)' }]
        : [],
  },
  {
    id: 'lint.methodology-window',
    level: 'error',
    title: 'The methodology states the time window',
    check: ({ content }) =>
      !RE.window.test(content.methodology)
        ? [{ field: 'methodology', message: 'The methodology never says when — state the time window the analysis covers' }]
        : [],
  },
  {
    id: 'lint.multiple-comparisons',
    level: 'warning',
    title: 'Many primary metrics are corrected for',
    check: ({ content }) => {
      const primaries = content.metrics.filter((m) => m.role === 'primary').length;
      // "We did not correct for multiple comparisons" names the problem without answering it.
      return primaries > 3 && !affirms(`${content.methodology}\n\n${content.openCritique}`, RE.multipleComparisons)
        ? [{ field: 'methodology', message: `${primaries} primary metrics and no note on multiple comparisons — say how you corrected (e.g. Holm or Benjamini–Hochberg) or pick fewer` }]
        : [];
    },
  },
  {
    id: 'lint.srm-check',
    level: 'warning',
    title: 'Experiments check for sample ratio mismatch',
    check: ({ content }) =>
      content.dataSources.flatMap((s, i) => {
        if (!isExperiment(s)) return [];
        const said = classify(`${s.notes}\n\n${content.methodology}`, SRM_CUES);
        // "No SRM" and "did not find a sample ratio mismatch" report a check that passed; "no SRM check" reports none.
        const passed = said.some((m) => (m.kind === 'mismatch' || m.kind === 'bare') && m.negated);
        const checked = passed || said.some((m) => (m.kind === 'check' || m.kind === 'bare') && !m.negated);
        if (said.some((m) => m.kind === 'mismatch' && !m.negated) && !passed) {
          return [{ field: `dataSources.${i}.notes`, message: `A/B test ${label(s)} reports a sample ratio mismatch — the split is not what was designed, so the result cannot be trusted until the cause is found and fixed` }];
        }
        return checked ? [] : [{ field: `dataSources.${i}.notes`, message: `A/B test ${label(s)} does not mention a sample ratio check — an unexpected split (SRM) invalidates the result` }];
      }),
  },
  {
    id: 'lint.peeking',
    level: 'warning',
    title: 'No stopping on a peek',
    check: ({ content }) => {
      const at = peekAt(content);
      return at
        ? [{ field: at, message: 'The record suggests the results were watched during the test or the test was stopped when it looked significant — peeking inflates false positives; use a fixed horizon or a sequential test' }]
        : [];
    },
  },
  {
    id: 'lint.short-test',
    level: 'warning',
    title: 'Experiments run at least a full week',
    check: ({ content }) =>
      content.dataSources.flatMap((s, i) => {
        const days = windowDays(s);
        return isExperiment(s) && days !== null && days < 7
          ? [{ field: `dataSources.${i}.windowEnd`, message: `A/B test ${label(s)} ran ${days} day${days === 1 ? '' : 's'} — less than a full week misses weekday cycles and over-weights early, novelty-driven behaviour` }]
          : [];
      }),
  },
  {
    id: 'lint.novelty',
    level: 'warning',
    title: 'Short experiments consider novelty effects',
    check: ({ content }) =>
      content.dataSources.flatMap((s, i) => {
        const days = windowDays(s);
        return isExperiment(s) && days !== null && days >= 7 && days < 14 && !discussesNovelty(content)
          ? [{ field: `dataSources.${i}.windowEnd`, message: `A/B test ${label(s)} ran under two weeks and the record never discusses novelty effects — say whether the effect held week over week` }]
          : [];
      }),
  },
  {
    id: 'lint.evidence-uncited',
    level: 'warning',
    title: 'Results are for the metrics chosen up front',
    check: ({ content, catalogue }) => {
      const cited = new Set(content.metrics.map((m) => m.key));
      return content.evidence.flatMap((r, i) =>
        cited.has(r.metric)
          ? []
          : [
              {
                field: `evidence.${i}.metric`,
                message: catalogue.has(r.metric)
                  ? `Evidence for ${catalogue.get(r.metric)!.name}, which is not among the success metrics — metrics chosen after seeing results overstate confidence; cite it or explain`
                  : `Evidence row “${r.metric}” is not a catalogue metric cited by this decision — use the metric’s key`,
              },
            ],
      );
    },
  },
  {
    id: 'lint.missing-evidence',
    level: 'warning',
    title: 'Experiments report their results',
    check: ({ content }) =>
      content.dataSources.some(isExperiment) && content.evidence.length === 0
        ? [{ field: 'evidence', message: 'An A/B test is cited but there is no results table — add the observed effect with its confidence interval' }]
        : [],
  },
];

export const LINT_RULE_IDS = LINT_RULES.map((r) => r.id);

/** Run every rule, at the team's level for it ('off' drops the rule). */
export function lintRecord(input: LintInput): LintFinding[] {
  const out: LintFinding[] = [];
  for (const rule of LINT_RULES) {
    const setting = input.policy.lintLevels[rule.id] ?? rule.level;
    if (setting === 'off') continue;
    for (const f of rule.check(input)) out.push({ id: rule.id, level: setting, field: f.field, message: f.message });
  }
  return out;
}
