import type { DecisionContentInput } from '@/lib/validation/decision';

/*
 * The demo workspace: a small online shop's product organisation. Content is
 * written to read like real decision records, with real-looking sources and
 * methods, and with the gaps real drafts have (so the checklist has work to do).
 */

export const DEMO_DOMAIN = 'demo.candor.dev';

export const DEMO_USERS = [
  { key: 'priya', name: 'Priya Raman', function: 'product', orgAdmin: true },
  { key: 'marco', name: 'Marco Alvarez', function: 'product', orgAdmin: false },
  { key: 'dev', name: 'Dev Chatterjee', function: 'data-science', orgAdmin: false },
  { key: 'hannah', name: 'Hannah Okafor', function: 'data-science', orgAdmin: false },
  { key: 'eli', name: 'Eli Novak', function: 'engineering', orgAdmin: false },
  { key: 'sofia', name: 'Sofia Lindqvist', function: 'design', orgAdmin: false },
  { key: 'tom', name: 'Tom Becker', function: 'marketing', orgAdmin: false },
  { key: 'rin', name: 'Rin Takeda', function: 'research', orgAdmin: false },
] as const;
export type DemoUserKey = (typeof DEMO_USERS)[number]['key'];

export const DEMO_TEAMS: { slug: string; name: string; admin: DemoUserKey; members: DemoUserKey[] }[] = [
  { slug: 'checkout', name: 'Checkout', admin: 'priya', members: ['dev', 'eli', 'sofia', 'hannah', 'rin'] },
  { slug: 'growth', name: 'Growth', admin: 'marco', members: ['hannah', 'tom', 'sofia', 'dev', 'priya', 'rin'] },
  { slug: 'platform', name: 'Platform', admin: 'eli', members: ['priya', 'dev', 'marco'] },
];

export const DEMO_METRICS: { key: string; name: string; kind: 'north-star' | 'primary' | 'guardrail'; owner: DemoUserKey; definition: string }[] = [
  {
    key: 'weekly_active_buyers',
    name: 'Weekly active buyers',
    kind: 'north-star',
    owner: 'dev',
    definition:
      'Distinct customer accounts with at least one **completed, non-refunded order** in a rolling 7-day window (UTC). Guest orders are matched to accounts by verified email.\n\nSource: `analytics.orders_daily`, refreshed hourly.',
  },
  {
    key: 'checkout_conversion',
    name: 'Checkout conversion',
    kind: 'primary',
    owner: 'dev',
    definition: 'Completed orders divided by sessions that reached the checkout page, per day. Bot-filtered sessions excluded. Source: `events.checkout_funnel`.',
  },
  {
    key: 'average_order_value',
    name: 'Average order value',
    kind: 'primary',
    owner: 'hannah',
    definition: 'Mean order total in EUR, after discounts and before refunds, over completed orders. Orders above the 99.9th percentile are winsorised.',
  },
  {
    key: 'activation_rate_d7',
    name: 'Activation rate (day 7)',
    kind: 'primary',
    owner: 'hannah',
    definition: 'Share of new accounts that place a first order or save a first list within 7 days of sign-up.',
  },
  {
    key: 'trial_to_paid',
    name: 'Trial-to-paid conversion',
    kind: 'primary',
    owner: 'hannah',
    definition: 'Share of Plus trials started in a cohort week that convert to a paid plan within 45 days of the trial start.',
  },
  {
    key: 'page_load_p75',
    name: 'Page load time (p75)',
    kind: 'guardrail',
    owner: 'dev',
    definition: '75th percentile of Largest Contentful Paint on product and checkout pages, from real-user monitoring, in milliseconds.',
  },
  {
    key: 'refund_rate',
    name: 'Refund rate',
    kind: 'guardrail',
    owner: 'hannah',
    definition: 'Refunded orders divided by completed orders, by order week, measured 30 days after the order week closes.',
  },
  {
    key: 'support_contact_rate',
    name: 'Support contact rate',
    kind: 'guardrail',
    owner: 'dev',
    definition: 'Support tickets and chats opened per 1,000 orders, by week.',
  },
  {
    key: 'unsubscribe_rate',
    name: 'Email unsubscribe rate',
    kind: 'guardrail',
    owner: 'hannah',
    definition: 'Unsubscribes divided by delivered marketing and lifecycle emails, per send.',
  },
];

/** What happened to a decision after its revisions, in order; `after` is hours since the previous step. */
export type DemoStep = { after: number; by: DemoUserKey } & (
  | { do: 'circulate'; reviewers?: DemoUserKey[]; functions?: string[] }
  | { do: 'comment'; section: string; kind: string; body: string; ref?: string }
  | { do: 'reply'; to: string; body: string }
  | { do: 'review'; verdict: 'approve' | 'request-changes' | 'comment'; body: string }
  | { do: 'edit'; content: DecisionContentInput }
  | { do: 'resolve'; ref: string; note?: string }
  | { do: 'override'; ref: string; rationale: string }
  | { do: 'publish'; supersedes?: string }
  | { do: 'withdraw'; reason: string }
  | { do: 'reverse'; rationale: string }
  | { do: 'outcome'; verdict: 'validated' | 'invalidated' | 'inconclusive'; body: string }
  | { do: 'add-author'; who: DemoUserKey }
  /** Link an earlier demo decision (by key) as related. */
  | { do: 'relate'; to: string }
);

export type DemoDecision = {
  key: string;
  team: string;
  author: DemoUserKey;
  daysAgo: number;
  /** Earlier revisions first; the last one is current. Each is a patch over the previous. */
  revisions: { by?: DemoUserKey; hoursLater?: number; content: DecisionContentInput }[];
  steps?: DemoStep[];
};

export const DEMO_DECISIONS: DemoDecision[] = [
  {
    key: 'one-page-checkout',
    team: 'checkout',
    author: 'priya',
    daysAgo: 12,
    revisions: [
      {
        content: {
          title: 'Replace the three-step checkout with a single page',
          summary: 'Move address, delivery and payment onto one page. A four-week A/B test shows +3.1 % checkout conversion with no measurable change in page load or refunds.',
          context:
            'Our checkout has three steps (address → delivery → payment). Funnel data shows **38 % of sessions that reach step 1 never reach payment**, and session recordings show people going back and forth between steps to check delivery costs.\n\nThe mobile web share of checkout sessions passed 60 % this year, and each step is a full page load on a slow connection.',
          decision: 'Ship the single-page checkout to all web traffic, behind the `checkout_v2` flag, and remove the three-step flow after two weeks without incident.',
          options: [
            { name: 'Single-page checkout', description: 'Address, delivery and payment on one page with inline validation.', chosen: true },
            { name: 'Keep three steps, add a progress bar and cost summary', description: 'Cheaper to build; addresses the "hidden delivery cost" complaint but not the page loads.', chosen: false },
            { name: 'Do nothing', description: 'Baseline.', chosen: false },
          ],
          dataSources: [
            {
              name: 'Checkout A/B test (exp-412)',
              kind: 'ab-test',
              link: 'https://experiments.example.com/exp-412',
              owner: 'Dev Chatterjee',
              windowStart: '2026-09-28',
              windowEnd: '2026-10-26',
              population: 'All web sessions reaching checkout, EU and UK, new and returning customers',
              sampleSize: 48210,
              notes: '50/50 split by visitor id. Sample ratio checked: 24,190 vs 24,020 (p = 0.44).',
            },
            {
              name: 'Checkout funnel dashboard',
              kind: 'dashboard',
              link: 'https://bi.example.com/dashboards/checkout-funnel',
              owner: 'Dev Chatterjee',
              asOf: '2026-10-30',
              population: 'All web checkout sessions',
            },
          ],
          methodology:
            'Two-sided test on **checkout conversion** per visitor, four full weeks (28 Sep – 26 Oct) to cover pay-day cycles; the population is every web session reaching checkout in the EU and UK. Analysis pre-registered in the experiment brief; no interim looks at significance. Difference in proportions with a 95 % confidence interval (delta method for the ratio metric). Guardrails: p75 LCP and 30-day refund rate.',
          metrics: [
            { key: 'checkout_conversion', role: 'primary', expectedDirection: 'increase', expectedEffect: '+2 to +4 %' },
            { key: 'page_load_p75', role: 'guardrail', expectedDirection: 'no-change', expectedEffect: 'within ±50 ms' },
            { key: 'refund_rate', role: 'guardrail', expectedDirection: 'no-change' },
          ],
          evidence: [
            { metric: 'checkout_conversion', baseline: 0.412, observed: 0.4248, relativeChange: 3.1, ciLow: 1.4, ciHigh: 4.8 },
            { metric: 'page_load_p75', baseline: 2310, observed: 2290, relativeChange: -0.9, ciLow: -2.6, ciHigh: 0.8 },
            { metric: 'refund_rate', baseline: 0.031, observed: 0.0315, relativeChange: 1.6, ciLow: -4.2, ciHigh: 7.4 },
          ],
          openCritique:
            '- The test ran in autumn; holiday traffic behaves differently and may not show the same lift.\n- Refund rate is only measured 30 days after the order week, so the last week of the test is not yet complete.\n- **Strongest argument against:** the lift may be a novelty effect — returning customers saw a new page. The week-by-week breakdown flattens in week 4.',
          risks: 'Payment-provider errors now surface on the same page as the address form; support needs updated macros. Rollback is a flag flip.',
          outcomeReviewDate: '2027-02-01',
          tags: ['checkout', 'conversion', 'mobile'],
        },
      },
      {
        by: 'priya',
        hoursLater: 20,
        content: {
          openCritique:
            '- The test ran in autumn; holiday traffic behaves differently and may not show the same lift.\n- Refund rate is only measured 30 days after the order week, so the last week of the test is not yet complete.\n- **Strongest argument against:** the lift may be a novelty effect — returning customers saw a new page. The week-by-week breakdown flattens in week 4 (+3.9 %, +3.4 %, +2.8 %, +2.2 %).\n- Open question for design: does the single page work with screen readers at 200 % zoom?',
        },
      },
    ],
    steps: [
      { after: 30, by: 'priya', do: 'circulate', reviewers: ['eli', 'sofia'], functions: ['research'] },
      { after: 5, by: 'eli', do: 'review', verdict: 'approve', body: 'Rollout behind `checkout_v2` with a flag flip as rollback is fine by engineering. Payment-provider errors are already mapped to inline messages.' },
      {
        after: 2,
        by: 'dev',
        do: 'comment',
        ref: 'novelty',
        section: 'methodology',
        kind: 'blocking',
        body: 'The methodology does not address the novelty effect the open critique mentions. Before we publish, please **add the week-by-week breakdown to the evidence** and say how we would detect a fading lift — e.g. a 5 % holdout of returning customers for another four weeks.',
      },
      { after: 3, by: 'priya', do: 'reply', to: 'novelty', body: 'Fair. The weekly numbers are in the open critique; I will move them into the methodology and set up the holdout with @eli.' },
      {
        after: 18,
        by: 'priya',
        do: 'edit',
        content: {
          methodology:
            'Two-sided test on **checkout conversion** per visitor, four full weeks (28 Sep – 26 Oct) to cover pay-day cycles; the population is every web session reaching checkout in the EU and UK. Analysis pre-registered in the experiment brief; no interim looks at significance. Difference in proportions with a 95 % confidence interval (delta method for the ratio metric). Guardrails: p75 LCP and 30-day refund rate.\n\n**Novelty check.** Week-by-week lift: +3.9 %, +3.4 %, +2.8 %, +2.2 %. A 5 % holdout of returning customers stays on the old checkout until 15 January so that a fading effect shows up in the outcome review.',
        },
      },
      { after: 4, by: 'dev', do: 'reply', to: 'novelty', body: 'Thanks — the breakdown and the holdout answer my objection.' },
      { after: 0.2, by: 'dev', do: 'resolve', ref: 'novelty', note: 'Holdout until 15 Jan covers the novelty risk.' },
      { after: 1, by: 'dev', do: 'review', verdict: 'approve', body: 'The test is sound: pre-registered, full weeks, SRM checked. Approve with the holdout in place.' },
      { after: 6, by: 'sofia', do: 'comment', ref: 'zoom', section: 'openCritique', kind: 'concern', body: 'We have not tested the single page with a screen reader at 200 % zoom. The address autocomplete in particular traps focus on iOS VoiceOver.' },
      { after: 2, by: 'priya', do: 'reply', to: 'zoom', body: '@sofia can you and @rin run a quick session this week? I will hold publishing until then.' },
    ],
  },
  {
    key: 'wallet-payments',
    team: 'checkout',
    author: 'priya',
    daysAgo: 9,
    revisions: [
      {
        content: {
          title: 'Offer Apple Pay and Google Pay as first-class payment options',
          summary: 'Show wallet buttons above the card form on mobile. Survey and provider benchmarks suggest fewer abandoned payments; we have no A/B result yet.',
          context: 'Card entry is the step with the highest drop-off on mobile (41 % of payment-step exits). Our payment provider reports wallet adoption of 35–45 % among comparable EU retailers.',
          decision: 'Proposal: enable wallets for all mobile web traffic after a two-week A/B test.',
          options: [
            { name: 'Wallet buttons above the card form', description: '', chosen: true },
            { name: 'Wallets behind a "More payment options" link', description: 'Less visual noise, lower discoverability.', chosen: false },
          ],
          dataSources: [
            {
              name: 'Payment-step exit survey',
              kind: 'survey',
              owner: 'Rin Takeda',
              windowStart: '2026-10-01',
              windowEnd: '2026-10-14',
              population: 'Mobile visitors who left the payment step',
              notes: '"Typing my card details on the phone is a pain" was the top free-text theme.',
            },
            { name: 'Provider wallet benchmark', kind: 'external', link: 'https://payments.example.com/benchmarks/wallets-2026', asOf: '2026-06-30', population: 'EU retail merchants' },
          ],
          methodology: 'Survey responses coded into themes by two researchers independently. Benchmark taken as reported by the provider.',
          metrics: [
            { key: 'checkout_conversion', role: 'primary', expectedDirection: 'increase', expectedEffect: '+1 to +2 %' },
            { key: 'refund_rate', role: 'guardrail' },
          ],
          openCritique: 'TBD',
          risks: 'Wallet payments bypass our address validation; delivery failures could rise.',
          tags: ['checkout', 'payments'],
        },
      },
    ],
  },
  {
    key: 'guest-checkout',
    team: 'checkout',
    author: 'priya',
    daysAgo: 30,
    revisions: [
      {
        content: {
          title: 'Drop mandatory account creation before purchase',
          summary: 'Let people buy as guests and offer an account after the order. Research shows forced sign-up is the top reason first-time visitors abandon.',
          context: 'First-time visitors must create an account before paying. In usability sessions 7 of 12 participants hesitated or left at the sign-up wall.',
          decision: 'Offer guest checkout; after payment, offer to save the details as an account with one click.',
          options: [
            { name: 'Guest checkout with post-purchase account offer', description: '', chosen: true },
            { name: 'Keep mandatory accounts, add social sign-in', description: '', chosen: false },
          ],
          dataSources: [
            {
              name: 'Usability sessions, first-time buyers',
              kind: 'user-research',
              owner: 'Rin Takeda',
              windowStart: '2026-08-04',
              windowEnd: '2026-08-15',
              population: 'First-time buyers recruited from the panel, mobile and desktop',
              sampleSize: 12,
            },
            {
              name: 'Sign-up wall exits',
              kind: 'warehouse-query',
              query: "SELECT date_trunc('week', ts) AS week,\n       count(*) FILTER (WHERE step = 'signup_wall' AND exited) * 1.0 / count(*) AS exit_rate\nFROM events.checkout_funnel\nWHERE first_visit\nGROUP BY 1;",
              owner: 'Dev Chatterjee',
              asOf: '2026-08-20',
              population: 'First-visit sessions reaching checkout',
            },
          ],
          methodology: 'Moderated sessions with a think-aloud protocol; the exit rate is a weekly descriptive query over first-visit sessions for the last 12 weeks (population: first-time visitors reaching checkout).',
          metrics: [
            { key: 'activation_rate_d7', role: 'primary', expectedDirection: 'decrease', expectedEffect: 'fewer accounts, more buyers' },
            { key: 'weekly_active_buyers', role: 'north-star', expectedDirection: 'increase' },
          ],
          openCritique: 'Guest buyers are harder to bring back: we lose the email consent we get at sign-up. We have no data on guest repeat rates from our own shop.',
          risks: 'Fewer marketing-eligible accounts.',
          tags: ['checkout', 'accounts'],
        },
      },
    ],
    steps: [
      // Co-written with the researcher who ran the sessions.
      { after: 3, by: 'priya', do: 'add-author', who: 'rin' },
      { after: 1, by: 'priya', do: 'relate', to: 'one-page-checkout' },
      // Dev owns a cited metric and co-writes it, so vouches for the evidence instead of reviewing: Rin's
      // methodology rewrite below ends his vouch; his decision page and his review feed ask him to vouch again.
      { after: 2, by: 'priya', do: 'add-author', who: 'dev' },
      {
        after: 5,
        by: 'dev',
        do: 'edit',
        content: {
          risks: 'Fewer marketing-eligible accounts. Guest orders count towards weekly active buyers only once their email matches an account, so the metric undercounts guests until they claim one.',
        },
      },
      {
        after: 20,
        by: 'rin',
        do: 'edit',
        content: {
          methodology:
            'Moderated sessions with a think-aloud protocol, run by two researchers who coded each session independently and reconciled disagreements (7 of 12 participants hesitated or left at the sign-up wall; 5 of those 7 named the wall unprompted). The exit rate is a weekly descriptive query over first-visit sessions for the last 12 weeks (population: first-time visitors reaching checkout). Twelve sessions show *why* people leave, not *how many*: the query sizes the problem.',
        },
      },
      // In review, it waits for Dev's vouch: it is under his "needs my review".
      { after: 1, by: 'priya', do: 'circulate', reviewers: ['eli'] },
    ],
  },
  {
    key: 'delivery-estimates',
    team: 'checkout',
    author: 'priya',
    daysAgo: 3,
    revisions: [
      {
        content: {
          title: 'Show delivery-date estimates on product pages',
          summary: '',
          context: 'Customers ask support "when will it arrive?" before buying; it is the second most common pre-sale contact reason.',
          decision: '',
          dataSources: [{ name: 'Support contact reasons, Q3', kind: 'dashboard', link: 'https://bi.example.com/dashboards/support-reasons', asOf: '2026-10-01', owner: 'Tom Becker' }],
          methodology: '',
          openCritique: '',
          tags: ['checkout', 'delivery'],
        },
      },
    ],
  },
  {
    key: 'trial-length',
    team: 'growth',
    author: 'marco',
    daysAgo: 15,
    revisions: [
      {
        content: {
          title: 'Shorten the Plus free trial from 30 to 14 days',
          summary: 'A 14-day trial converted as well as the 30-day trial in a six-week test and brings revenue forward by two weeks.',
          context: 'Most trial users who convert do so in the first 10 days; the remaining 20 days mostly delay payment. Finance asked whether we can recognise revenue earlier.',
          decision: 'Make 14 days the default trial length for new Plus trials from January.',
          options: [
            { name: '14-day trial', description: '', chosen: true },
            { name: '7-day trial', description: 'Tested in 2024; conversion fell 9 %.', chosen: false },
            { name: 'Keep 30 days', description: '', chosen: false },
          ],
          dataSources: [
            {
              name: 'Trial length experiment (exp-398)',
              kind: 'ab-test',
              link: 'https://experiments.example.com/exp-398',
              owner: 'Hannah Okafor',
              windowStart: '2026-08-03',
              windowEnd: '2026-09-13',
              population: 'New Plus trials, web and app, all markets',
              sampleSize: 18420,
            },
          ],
          methodology: 'Randomised at trial start by account id. Trial-to-paid measured at 45 days after trial start for every cohort; cohorts from the last test week are still maturing. Non-inferiority margin of −1.5 percentage points, fixed before launch.',
          metrics: [
            { key: 'trial_to_paid', role: 'primary', expectedDirection: 'no-change', expectedEffect: 'non-inferior within −1.5 pp' },
            { key: 'refund_rate', role: 'guardrail', expectedDirection: 'no-change' },
          ],
          evidence: [{ metric: 'trial_to_paid', baseline: 0.214, observed: 0.211, relativeChange: -1.4, ciLow: -5.9, ciHigh: 3.1 }],
          openCritique: 'The interval is wide. The last two cohorts have not matured, so the result could move. App users may behave differently; the app share of trials was only 22 %.',
          risks: 'Annoyed trial users at the 14-day mark; support prepared a macro.',
          outcomeReviewDate: '2027-03-15',
          tags: ['pricing', 'trial'],
        },
      },
    ],
    steps: [
      { after: 20, by: 'marco', do: 'circulate', reviewers: ['tom'], functions: ['data-science'] },
      {
        after: 6,
        by: 'hannah',
        do: 'comment',
        ref: 'cohorts',
        section: 'evidence',
        kind: 'blocking',
        body: 'Two cohorts have not matured, and the interval still includes a **−5.9 %** drop in trial-to-paid. I do not think we can call non-inferiority yet: wait three weeks for the last cohorts.',
      },
      { after: 3, by: 'marco', do: 'reply', to: 'cohorts', body: 'Understood. The catch is that the January price book closes on 1 December.' },
      { after: 2, by: 'tom', do: 'review', verdict: 'approve', body: 'Marketing is ready: the new trial copy and lifecycle emails are drafted for 14 days.' },
      { after: 5, by: 'hannah', do: 'review', verdict: 'request-changes', body: 'Please wait for the last two cohorts (mature on 4 December) before publishing, or state the risk explicitly in the record.' },
      {
        after: 20,
        by: 'marco',
        do: 'override',
        ref: 'cohorts',
        rationale:
          'Finance needs the change in the January price book, which closes on 1 December. We ship with the risk stated: if trial-to-paid for the December cohorts is below 20 % at the outcome review, we revert to 30 days.',
      },
    ],
  },
  {
    key: 'onboarding-email',
    team: 'growth',
    author: 'marco',
    daysAgo: 6,
    revisions: [
      {
        content: {
          title: 'Send the onboarding checklist email on day 2 instead of day 5',
          summary: 'Earlier reminders lifted day-7 activation in a holdout test; unsubscribes did not rise.',
          context: 'The checklist email goes out on day 5, after most new accounts have gone quiet (median last session: day 2).',
          decision: 'Move the checklist email to day 2 for all new accounts.',
          options: [
            { name: 'Day 2', description: '', chosen: true },
            { name: 'Day 1', description: 'Overlaps the welcome email.', chosen: false },
          ],
          dataSources: [
            {
              name: 'Lifecycle email test (exp-405)',
              kind: 'ab-test',
              owner: 'Hannah Okafor',
              windowStart: '2026-09-07',
              windowEnd: '2026-10-05',
              population: 'New accounts, all markets, email-consenting',
              sampleSize: 26300,
            },
          ],
          methodology: 'Accounts randomised at sign-up; activation measured at day 7 for every account; difference in proportions with 95 % CI.',
          metrics: [
            { key: 'activation_rate_d7', role: 'primary', expectedDirection: 'increase', expectedEffect: '+1 pp' },
            { key: 'unsubscribe_rate', role: 'guardrail', expectedDirection: 'no-change' },
          ],
          evidence: [
            { metric: 'activation_rate_d7', baseline: 0.318, observed: 0.331, relativeChange: 4.1, ciLow: 0.9, ciHigh: 7.3 },
            { metric: 'unsubscribe_rate', baseline: 0.0042, observed: 0.0044, relativeChange: 4.8, ciLow: -9.5, ciHigh: 19.1 },
          ],
          openCritique: 'Unsubscribe rate is a rare event; the test is underpowered for it (the interval spans −10 % to +19 %).',
          risks: 'More email in week one for people who did not ask for it.',
          tags: ['onboarding', 'email'],
        },
      },
    ],
    steps: [
      { after: 10, by: 'marco', do: 'circulate', functions: ['design', 'data-science'] },
      { after: 4, by: 'sofia', do: 'comment', ref: 'subject', section: 'decision', kind: 'suggestion', body: 'Could we test the subject line at the same time? @hannah would know whether that confounds the test.' },
      { after: 2, by: 'hannah', do: 'reply', to: 'subject', body: 'It would: run it as a follow-up once the send day is settled.' },
      { after: 1, by: 'hannah', do: 'review', verdict: 'approve', body: 'Clean test, adequate power for activation. The unsubscribe guardrail is underpowered, which the record says openly.' },
      { after: 6, by: 'dev', do: 'comment', section: 'evidence', kind: 'question', body: 'Is the unsubscribe interval from a two-proportion test or a bootstrap? With rare events the normal approximation can be off.' },
    ],
  },
  {
    key: 'annual-plans',
    team: 'growth',
    author: 'marco',
    daysAgo: 20,
    revisions: [
      {
        content: {
          title: 'Introduce annual Plus plans at a 20 % discount',
          summary: 'Offer an annual plan to reduce churn. Evidence so far is a survey and competitor pricing.',
          context: 'Monthly churn on Plus is 6.2 %. Two competitors launched annual plans this year.',
          decision: 'Launch an annual plan at 20 % below twelve monthly payments.',
          options: [{ name: 'Annual at −20 %', description: '', chosen: true }],
          dataSources: [
            { name: 'Pricing survey (Van Westendorp)', kind: 'survey', owner: 'Rin Takeda', asOf: '2026-09-30', population: 'Active Plus subscribers', sampleSize: 1240 },
            { name: 'Competitor pricing scan', kind: 'external', asOf: '2026-10-12' },
          ],
          methodology: 'Van Westendorp price-sensitivity questions; acceptable range computed from the intersections.',
          metrics: [{ key: 'weekly_active_buyers', role: 'north-star', expectedDirection: 'increase' }],
          openCritique: 'Stated willingness to pay overestimates real behaviour. We have not tested cannibalisation of monthly plans.',
          risks: 'Revenue recognition changes; finance must sign off.',
          tags: ['pricing'],
        },
      },
    ],
  },
  {
    key: 'referral-credit',
    team: 'growth',
    author: 'marco',
    daysAgo: 25,
    revisions: [
      {
        content: {
          title: 'Retire the referral credit programme',
          summary: 'Referral credit costs €38k a month and drives few incremental buyers, according to a geo holdout.',
          context: 'Finance flagged referral credit as the largest growth spend without a measured return.',
          decision: 'End new referral credit on 1 December; honour existing credit until it expires.',
          options: [
            { name: 'Retire the programme', description: '', chosen: true },
            { name: 'Halve the credit', description: '', chosen: false },
          ],
          dataSources: [
            {
              name: 'Geo holdout of referral credit',
              kind: 'ab-test',
              owner: 'Hannah Okafor',
              windowStart: '2026-07-01',
              windowEnd: '2026-09-30',
              population: 'Regions in DE and NL, randomised at region level',
              sampleSize: 24,
              notes: '24 regions (12 per arm): the unit of randomisation is the region, not the person.',
            },
          ],
          methodology: 'Synthetic-control comparison of new buyers per region over the quarter; placebo tests on pre-period.',
          metrics: [
            { key: 'weekly_active_buyers', role: 'north-star', expectedDirection: 'no-change' },
            { key: 'activation_rate_d7', role: 'primary', expectedDirection: 'no-change' },
          ],
          evidence: [{ metric: 'weekly_active_buyers', baseline: 51200, observed: 50900, relativeChange: -0.6, ciLow: -2.9, ciHigh: 1.7 }],
          openCritique: 'With 24 regions the test can only detect large effects. Heavy referrers may leave; we did not measure their lifetime value.',
          risks: 'Vocal advocates may complain publicly.',
          tags: ['referrals', 'cost'],
        },
      },
    ],
    steps: [
      { after: 30, by: 'marco', do: 'circulate', reviewers: ['priya'], functions: ['marketing'] },
      { after: 8, by: 'tom', do: 'comment', section: 'risks', kind: 'concern', body: 'Our top 200 referrers bring about 8 % of new buyers. Could we keep a smaller perk for them? @priya, this touches the checkout promo work too.' },
      { after: 5, by: 'hannah', do: 'comment', section: 'methodology', kind: 'question', body: 'With 12 regions per arm, what is the minimum detectable effect? Please add it so readers know what "no effect" means here.' },
    ],
  },
  {
    key: 'image-queue',
    team: 'platform',
    author: 'eli',
    daysAgo: 8,
    revisions: [
      {
        content: {
          title: 'Move product image processing to a background queue',
          summary: 'Seller uploads block on resizing today; a queue removes the p99 spikes on the seller API.',
          context: 'Image resizing runs in the upload request. p99 latency on `POST /seller/images` is 9.4 s and times out for large batches.',
          decision: 'Process images asynchronously through the existing job queue and show a "processing" state in the seller tool.',
          options: [
            { name: 'Background queue', description: 'Reuses the job runner; needs a status field.', chosen: true },
            { name: 'Bigger upload servers', description: 'Cheaper now, does not remove the coupling.', chosen: false },
          ],
          dataSources: [
            { name: 'Seller API latency dashboard', kind: 'dashboard', link: 'https://grafana.example.com/d/seller-api', owner: 'Eli Novak', asOf: '2026-11-01', population: 'All seller API requests' },
            { name: 'Upload traces', kind: 'event-stream', owner: 'Eli Novak', windowStart: '2026-10-01', windowEnd: '2026-10-31', population: 'Seller image uploads', notes: 'Sampled at 10 %.' },
          ],
          methodology: 'Latency percentiles from request traces over October; population: every seller image upload.',
          metrics: [{ key: 'page_load_p75', role: 'guardrail', expectedDirection: 'no-change' }],
          openCritique: 'Sellers may publish listings before images finish processing; we need a guard in the listing flow.',
          risks: 'Queue backlog during peak uploads.',
          tags: ['infrastructure', 'sellers'],
        },
      },
    ],
  },
  {
    key: 'feature-flags',
    team: 'platform',
    author: 'eli',
    daysAgo: 4,
    revisions: [
      {
        content: {
          title: 'Ship every checkout change behind a feature flag',
          summary: 'Require a kill switch for every checkout release after two incidents that needed a full rollback.',
          context: 'Two checkout incidents this quarter needed a redeploy to roll back (38 and 52 minutes).',
          decision: 'Every change to checkout code paths ships behind a flag with a named owner and an expiry date.',
          options: [
            { name: 'Flags for every checkout change', description: '', chosen: true },
            { name: 'Faster deploy pipeline instead', description: '', chosen: false },
          ],
          dataSources: [{ name: 'Incident reviews, Q3', kind: 'other', link: 'https://wiki.example.com/incidents/2026-q3', owner: 'Eli Novak', asOf: '2026-10-05' }],
          methodology: 'Review of time-to-mitigate across incidents in the last four quarters.',
          metrics: [{ key: 'support_contact_rate', role: 'guardrail', expectedDirection: 'decrease' }],
          openCritique: 'Flag debt: stale flags make the code harder to read. The expiry date is our answer; enforcement is manual.',
          risks: '',
          tags: ['reliability', 'checkout'],
        },
      },
    ],
    // The single-page checkout's rollout is what this decision would make safe.
    steps: [{ after: 2, by: 'eli', do: 'relate', to: 'one-page-checkout' }],
  },
  {
    key: 'personalised-feed',
    team: 'growth',
    author: 'marco',
    daysAgo: 2,
    revisions: [
      {
        content: {
          title: 'Personalise the home feed by recent category views',
          summary: 'Order home-feed rows by the categories a visitor viewed in the last 30 days.',
          context: 'The home feed is the same for everyone. Returning visitors scroll past 3 rows on average before clicking.',
          decision: 'Proposal: rank rows by recent category views for signed-in visitors.',
          dataSources: [
            { name: 'Home feed click-through by row', kind: 'warehouse-query', query: 'SELECT row_position, avg(clicked) FROM events.home_feed GROUP BY 1 ORDER BY 1;', owner: 'Dev Chatterjee', asOf: '2026-11-10' },
          ],
          methodology: 'Lorem ipsum — to be written with Dev.',
          metrics: [{ key: 'weekly_active_buyers', role: 'north-star', expectedDirection: 'increase' }],
          openCritique: 'n/a',
          tags: ['personalisation'],
        },
      },
    ],
  },
  {
    key: 'promo-cap',
    team: 'checkout',
    author: 'priya',
    daysAgo: 18,
    revisions: [
      {
        content: {
          title: 'Allow one promo code per order',
          summary: 'Stacked codes cost 2.1 % of revenue last quarter; most stacking comes from code-sharing sites.',
          context: 'Customers can combine any number of codes. Finance found orders with 3+ codes averaging 46 % off.',
          decision: 'Accept one code per order; show the best available discount automatically.',
          options: [
            { name: 'One code per order', description: '', chosen: true },
            { name: 'Block known coupon-site codes only', description: 'Whack-a-mole.', chosen: false },
          ],
          dataSources: [
            {
              name: 'Promo stacking analysis',
              kind: 'warehouse-query',
              query: 'SELECT codes_used, count(*), avg(discount_share) FROM analytics.orders WHERE order_date >= DATE \'2026-07-01\' GROUP BY 1;',
              owner: 'Hannah Okafor',
              windowStart: '2026-07-01',
              windowEnd: '2026-09-30',
              population: 'All completed orders in Q3',
            },
          ],
          methodology: 'Descriptive analysis of Q3 orders by number of codes used; population is every completed order, window Q3 2026.',
          metrics: [
            { key: 'average_order_value', role: 'primary', expectedDirection: 'increase' },
            { key: 'checkout_conversion', role: 'guardrail', expectedDirection: 'no-change', expectedEffect: 'no more than −0.5 %' },
          ],
          openCritique: 'Some loyal customers stack a loyalty code with a seasonal code; they will notice. We have not tested the conversion impact.',
          risks: 'Complaints from coupon-site traffic; affiliate revenue share may drop.',
          outcomeReviewDate: '2027-01-15',
          tags: ['promotions', 'checkout'],
        },
      },
    ],
  },
];

/*
 * Decisions with a whole life: published after critique, superseded, reversed,
 * withdrawn, with outcomes recorded and due. Each passes the real publish gate
 * at the moment it is published (the seed runs with the clock set back).
 */
const digestSources = (start: string, end: string, n: number) => [
  {
    name: `Digest send-day test (${start.slice(0, 7)})`,
    kind: 'ab-test' as const,
    link: 'https://experiments.example.com/digest-send-day',
    owner: 'Hannah Okafor',
    windowStart: start,
    windowEnd: end,
    population: 'Subscribers of the weekly digest, all markets',
    sampleSize: n,
    notes: 'Randomised by account id, 50/50. Sample ratio checked each week (chi-square, p > 0.3).',
  },
];

export const DEMO_LIFECYCLE: DemoDecision[] = [
  {
    key: 'digest-monday',
    team: 'growth',
    author: 'marco',
    daysAgo: 230,
    revisions: [
      {
        content: {
          title: 'Send the weekly digest email on Mondays',
          summary: 'Moving the digest from Friday to Monday raised weekly active buyers by 1.8 % in a four-week test, with no rise in unsubscribes.',
          context:
            'The weekly digest goes out on Friday afternoons, when open rates are the lowest of the week. Marketing asked whether the start of the week, when people plan their shopping, would do better for repeat purchases.',
          decision: 'Send the weekly digest every Monday at 07:00 local time, for all subscribers, from the first week of June.',
          options: [
            { name: 'Monday 07:00', description: 'Start of the planning week.', chosen: true },
            { name: 'Keep Friday', description: 'The status quo.', chosen: false },
            { name: 'Let subscribers choose', description: 'More work; few people change defaults.', chosen: false },
          ],
          dataSources: digestSources('2026-04-06', '2026-05-03', 182400),
          methodology:
            'Subscribers were randomised by account id into Monday and Friday sends for four full weeks (6 April – 3 May 2026). The primary metric is weekly active buyers among subscribers, compared with a two-sided test of proportions and a 95 % confidence interval; the unsubscribe rate is the guardrail. Weekly effects were stable (+1.6 %, +1.9 %, +1.7 %, +2.0 %), so we see no novelty effect.',
          metrics: [
            { key: 'weekly_active_buyers', role: 'north-star', expectedDirection: 'increase', expectedEffect: '+1 to +2 %' },
            { key: 'unsubscribe_rate', role: 'guardrail', expectedDirection: 'no-change' },
          ],
          evidence: [
            { metric: 'weekly_active_buyers', baseline: 0.231, observed: 0.2352, relativeChange: 1.8, ciLow: 0.6, ciHigh: 3.0 },
            { metric: 'unsubscribe_rate', baseline: 0.0031, observed: 0.0030, relativeChange: -3.2, ciLow: -14.5, ciHigh: 8.1 },
          ],
          openCritique:
            'Monday is also when most competitors send their emails, so the advantage may shrink as inboxes fill up. The test ran in spring; summer holidays change routines. We did not test times of day other than 07:00.',
          risks: 'If the effect fades, we have moved a working send for nothing; switching back is a configuration change.',
          outcomeReviewDate: '2026-09-01',
          tags: ['email', 'retention'],
        },
      },
    ],
    steps: [
      { after: 2, by: 'marco', do: 'circulate', reviewers: ['tom'], functions: ['data-science'] },
      { after: 20, by: 'tom', do: 'review', verdict: 'approve', body: 'Marketing supports Monday; the content calendar can move.' },
      { after: 4, by: 'dev', do: 'review', verdict: 'approve', body: 'Clean four-week test with a stable weekly effect.' },
      { after: 2, by: 'hannah', do: 'review', verdict: 'approve', body: 'Unsubscribes are flat; the guardrail holds.' },
      { after: 30, by: 'marco', do: 'publish' },
      { after: 2300, by: 'marco', do: 'outcome', verdict: 'validated', body: 'Three months on, weekly active buyers among subscribers are up 1.6 % against the Friday holdout (95 % CI +0.4 to +2.8). Unsubscribes unchanged.' },
    ],
  },
  {
    key: 'digest-thursday',
    team: 'growth',
    author: 'marco',
    daysAgo: 60,
    revisions: [
      {
        content: {
          title: 'Move the weekly digest to Thursday evenings',
          summary: 'A second test found Thursday 18:00 beats Monday 07:00 by 2.4 % in weekly active buyers; we move the digest and supersede the Monday decision.',
          context:
            'Since the Monday decision, three competitors moved their newsletters to Monday mornings and our open rate fell from 41 % to 33 %. Thursday evening is when people plan weekend shopping, according to our diary study.',
          decision: 'Send the weekly digest on Thursdays at 18:00 local time from 1 October, superseding the Monday send.',
          options: [
            { name: 'Thursday 18:00', description: 'Weekend planning time.', chosen: true },
            { name: 'Stay on Monday 07:00', description: 'The current decision.', chosen: false },
          ],
          dataSources: [
            ...digestSources('2026-08-03', '2026-08-30', 176900),
            { name: 'Weekend planning diary study', kind: 'user-research', owner: 'Rin Takeda', windowStart: '2026-07-06', windowEnd: '2026-07-19', population: 'Twenty regular buyers from the research panel', sampleSize: 20, link: 'https://research.example.com/studies/weekend-planning' },
          ],
          methodology:
            'Digest subscribers were randomised by account id between Monday 07:00 and Thursday 18:00 for four full weeks (3 – 30 August 2026). Weekly active buyers is compared with a two-sided test of proportions; unsubscribes are the guardrail. Week-by-week effects: +2.9 %, +2.5 %, +2.2 %, +2.1 %.',
          metrics: [
            { key: 'weekly_active_buyers', role: 'north-star', expectedDirection: 'increase', expectedEffect: '+2 %' },
            { key: 'unsubscribe_rate', role: 'guardrail', expectedDirection: 'no-change' },
          ],
          evidence: [
            { metric: 'weekly_active_buyers', baseline: 0.228, observed: 0.2335, relativeChange: 2.4, ciLow: 1.1, ciHigh: 3.7 },
            { metric: 'unsubscribe_rate', baseline: 0.0030, observed: 0.0031, relativeChange: 2.1, ciLow: -9.8, ciHigh: 14.0 },
          ],
          openCritique:
            'August is holiday season in most of our markets; the Thursday advantage may be smaller in autumn. The weekly effect is drifting down, which could mean a novelty effect. Marketing worries that Thursday evening sends collide with their weekend campaign.',
          risks: 'Weekend campaigns and the digest now land a day apart; we may need to merge them.',
          outcomeReviewDate: '2026-11-20',
          tags: ['email', 'retention'],
        },
      },
    ],
    steps: [
      { after: 2, by: 'marco', do: 'circulate', reviewers: ['tom', 'rin'], functions: ['data-science'] },
      {
        after: 6,
        by: 'tom',
        do: 'comment',
        ref: 'campaign',
        section: 'decision',
        kind: 'blocking',
        body: 'Thursday evening is when the weekend campaign goes out. Two emails in one evening will push people to unsubscribe. Please keep the digest on Monday until we have merged the two.',
      },
      { after: 10, by: 'rin', do: 'review', verdict: 'request-changes', body: 'Twenty diary participants cannot carry the “weekend planning” claim. Please either drop the study from the sources or say it is only a hint.' },
      { after: 4, by: 'hannah', do: 'comment', section: 'methodology', kind: 'concern', body: 'The weekly effect is shrinking. A holdout would show whether it settles above zero.' },
      {
        after: 20,
        by: 'marco',
        do: 'edit',
        content: {
          methodology:
            'Digest subscribers were randomised by account id between Monday 07:00 and Thursday 18:00 for four full weeks (3 – 30 August 2026). Weekly active buyers is compared with a two-sided test of proportions; unsubscribes are the guardrail. Week-by-week effects: +2.9 %, +2.5 %, +2.2 %, +2.1 %. A 5 % holdout of subscribers stays on Monday until the outcome review, so a fading effect will show.',
        },
      },
      { after: 3, by: 'dev', do: 'review', verdict: 'approve', body: 'With the holdout in place the design answers the novelty question. Approve.' },
      { after: 2, by: 'hannah', do: 'review', verdict: 'approve', body: 'The holdout answers my concern; unsubscribes are within noise.' },
      {
        // A day after the methodology changed: critics get the team's window with what is published.
        after: 20,
        by: 'marco',
        do: 'override',
        ref: 'campaign',
        rationale: 'The weekend campaign moves to Friday noon from October, agreed with marketing leadership; the unsubscribe guardrail and the holdout will show if two emails a week is too many.',
      },
      { after: 2, by: 'marco', do: 'publish', supersedes: 'digest-monday' },
    ],
  },
  {
    key: 'hidden-shipping',
    team: 'checkout',
    author: 'priya',
    daysAgo: 170,
    revisions: [
      {
        content: {
          title: 'Show shipping costs only at the final checkout step',
          summary: 'Hiding shipping costs until the final step raised checkout starts by 4 %; conversion to orders was flat.',
          context: 'Product pages show shipping costs up front. Competitors show them at the end. Sales asked whether the early cost display scares people away before they start checking out.',
          decision: 'Show shipping costs at the final step of checkout instead of on product pages, for all web traffic.',
          options: [
            { name: 'Costs at the final step', description: '', chosen: true },
            { name: 'Costs on product pages (today)', description: '', chosen: false },
          ],
          dataSources: [
            {
              name: 'Shipping display test (exp-377)',
              kind: 'ab-test',
              link: 'https://experiments.example.com/exp-377',
              owner: 'Dev Chatterjee',
              windowStart: '2026-05-04',
              windowEnd: '2026-05-31',
              population: 'All web visitors viewing a product page, EU and UK',
              sampleSize: 264000,
              notes: 'SRM check passed (p = 0.62).',
            },
          ],
          methodology:
            'Visitors were randomised by visitor id for four full weeks (4 – 31 May 2026); every web visitor viewing a product page is in the population. Checkout conversion is compared with a two-sided test of proportions and a 95 % confidence interval; refund rate is the guardrail, read 30 days after the window closed. Weekly effects were stable, so no novelty effect.',
          metrics: [
            { key: 'checkout_conversion', role: 'primary', expectedDirection: 'increase', expectedEffect: '+1 %' },
            { key: 'refund_rate', role: 'guardrail', expectedDirection: 'no-change' },
          ],
          evidence: [
            { metric: 'checkout_conversion', baseline: 0.405, observed: 0.4062, relativeChange: 0.3, ciLow: -1.2, ciHigh: 1.8 },
            { metric: 'refund_rate', baseline: 0.031, observed: 0.0322, relativeChange: 3.9, ciLow: -2.1, ciHigh: 9.9 },
          ],
          openCritique:
            'Conversion to orders did not move; only checkout starts rose, which may just shift abandonment to a later step. Customers may feel misled when costs appear late, which the test could not measure.',
          risks: 'Trust: surprise costs are the most common complaint in checkout research. Watch support contacts and refunds.',
          outcomeReviewDate: '2026-09-15',
          tags: ['checkout', 'shipping'],
        },
      },
    ],
    steps: [
      { after: 2, by: 'priya', do: 'circulate', reviewers: ['sofia'], functions: ['data-science'] },
      { after: 26, by: 'dev', do: 'review', verdict: 'approve', body: 'The test is sound, but note that the primary effect is not established.' },
      { after: 1, by: 'hannah', do: 'review', verdict: 'approve', body: 'Refund guardrail inside its interval; fine to proceed with the outcome review in September.' },
      { after: 3, by: 'sofia', do: 'comment', section: 'risks', kind: 'concern', body: 'Late costs are a classic dark pattern. I would like us to test the copy on the final step at least.' },
      { after: 4, by: 'priya', do: 'publish' },
      {
        after: 2200,
        by: 'priya',
        do: 'reverse',
        rationale:
          'Support contacts about unexpected shipping costs doubled and the refund rate rose 11 % over the summer, while checkout conversion stayed flat. Costs are back on product pages from 20 September.',
      },
    ],
  },
  {
    key: 'hosted-search',
    team: 'platform',
    author: 'eli',
    daysAgo: 35,
    revisions: [
      {
        content: {
          title: 'Move product search to a hosted search service',
          summary: 'Replace our self-run search cluster with a hosted service to cut operations work.',
          context: 'Our search cluster needs a major upgrade and two engineers spend a day a week on it.',
          decision: 'Migrate product search to a hosted service in Q1.',
          dataSources: [{ name: 'Search cluster on-call load', kind: 'dashboard', link: 'https://grafana.example.com/d/search-oncall', owner: 'Eli Novak', asOf: '2026-10-15' }],
          methodology: 'On-call hours over the last two quarters, for the platform team.',
          tags: ['infrastructure', 'search'],
        },
      },
    ],
    steps: [
      { after: 30, by: 'eli', do: 'circulate', functions: ['data-science', 'product'] },
      { after: 20, by: 'priya', do: 'comment', section: 'context', kind: 'question', body: 'What happens to the custom ranking rules merchandising relies on?' },
      {
        after: 40,
        by: 'eli',
        do: 'withdraw',
        reason: 'The hosted service cannot run our custom ranking rules without a rewrite we cannot staff this year. We will upgrade the cluster instead and revisit in 2027.',
      },
    ],
  },
];
