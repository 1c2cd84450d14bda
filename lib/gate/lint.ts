import type { DataSource, DecisionContent } from '../validation/decision';
import type { Policy } from '../validation/policy';

/*
 * The methodology linter: rules with stable ids that read the structured fields
 * and the Markdown and report what a careful reviewer would ask about. Each
 * finding names the field it concerns so the editor and the page show it there.
 * Rules for online experiments follow the standard pitfalls (Kohavi, Tang & Xu,
 * "Trustworthy Online Controlled Experiments"): sample ratio mismatch, peeking,
 * novelty effects, too-short tests, multiple comparisons, post-hoc metrics.
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

const RE = {
  win: /\b(?:increas\w*|improv\w*|lift\w*|uplift|wins?|won|better|grow\w*|boost\w*|gain\w*|outperform\w*|significant\w*|positive)\b|\+\s?\d/i,
  population:
    /\b(?:population|segments?|users?|visitors?|customers?|sessions?|accounts?|cohorts?|participants?|respondents?|subscribers?|buyers?|merchants?|sellers?|trials?|traffic|markets?|regions?|everyone|people|members|households|orders|requests)\b/i,
  window:
    /\b(?:\d{4}-\d{2}-\d{2}|(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)[\s-]*(?:(?:full|whole|calendar|consecutive)\s+)?(?:days?|weeks?|months?|quarters?|years?|hours?)|jan(?:uary)?|feb(?:ruary)?|march|apr(?:il)?|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?|q[1-4]|window|period|between|since|until|weekly|daily|monthly|quarterly|last\s+(?:week|month|quarter|year))\b/i,
  multipleComparisons: /bonferroni|holm|hochberg|benjamini|false discovery|\bfdr\b|multiple (?:comparisons?|testing|hypothes\w+)|family-?wise|correct(?:ed|ion) for (?:multiple|the number)/i,
  srm: /sample ratio|\bsrm\b|allocation (?:check|ratio)|split (?:was |is )?(?:checked|verified)|ratio (?:was |is )?checked/i,
  peeking: /\bpeek\w*|stopp?(?:ed)? (?:the test |it |the experiment )?(?:early|when|once|as soon)|interim (?:looks?|analys\w+|checks?)|until (?:it (?:was|became|reached) )?significan|as soon as (?:it was |we saw |it became )?significan|checked (?:daily|every day|each day) for significance/i,
  peekingSafe: /sequential|alpha[- ]spending|always[- ]valid|fixed[- ]horizon|o'?brien|pocock|msprt|no interim looks/i,
  novelty: /novelty|primacy|learning effect|week[- ]by[- ]week|holdout|long[- ]term effect|ramp/i,
};

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
    title: 'A claimed win is not within the noise',
    check: ({ content, catalogue }) => {
      if (!RE.win.test(`${content.summary}\n${content.decision}`)) return [];
      const guardrails = new Set(content.metrics.filter((m) => m.role === 'guardrail').map((m) => m.key));
      return content.evidence.flatMap((r, i) =>
        r.ciLow !== null && r.ciHigh !== null && r.ciLow < 0 && r.ciHigh > 0 && !guardrails.has(r.metric)
          ? [{ field: `evidence.${i}`, message: `The interval for ${catalogue.get(r.metric)?.name ?? r.metric} (${r.ciLow} % to +${r.ciHigh} %) includes zero, but the summary or decision claims a win — say that the effect is not established` }]
          : [],
      );
    },
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
      return primaries > 3 && !RE.multipleComparisons.test(`${content.methodology}\n${content.openCritique}`)
        ? [{ field: 'methodology', message: `${primaries} primary metrics and no note on multiple comparisons — say how you corrected (e.g. Holm or Benjamini–Hochberg) or pick fewer` }]
        : [];
    },
  },
  {
    id: 'lint.srm-check',
    level: 'warning',
    title: 'Experiments check for sample ratio mismatch',
    check: ({ content }) =>
      content.dataSources.flatMap((s, i) =>
        isExperiment(s) && !RE.srm.test(`${s.notes}\n${content.methodology}`)
          ? [{ field: `dataSources.${i}.notes`, message: `A/B test ${label(s)} does not mention a sample ratio check — an unexpected split (SRM) invalidates the result` }]
          : [],
      ),
  },
  {
    id: 'lint.peeking',
    level: 'warning',
    title: 'No stopping on a peek',
    check: ({ content }) =>
      RE.peeking.test(content.methodology) && !RE.peekingSafe.test(content.methodology)
        ? [{ field: 'methodology', message: 'The methodology suggests the test was stopped when it looked significant — peeking inflates false positives; use a fixed horizon or a sequential test' }]
        : [],
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
        return isExperiment(s) && days !== null && days >= 7 && days < 14 && !RE.novelty.test(`${content.methodology}\n${content.openCritique}`)
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
