const day = (offset: number) => new Date(Date.now() + offset * 24 * 3600e3).toISOString().slice(0, 10);

/** A decision record that passes every content check (sample size optional, to leave one thing to fix). */
export function completeContent(opts: { title: string; sampleSize?: number | null; outcomeReviewDate?: string }) {
  return {
    title: opts.title,
    summary: 'Show the delivery date on product pages; a four-week test raised checkout conversion by 2.1 % with no change in page load.',
    context:
      'Customers ask support when an order will arrive before they buy, and session recordings show people leaving product pages to look for delivery information on the help centre. We want to know whether showing the date up front helps people decide.',
    decision: 'Show the estimated delivery date on every product page for all web visitors from next month.',
    options: [
      { name: 'Show the delivery date on product pages', description: 'Estimated from stock and carrier data.', chosen: true },
      { name: 'Keep delivery details in checkout only', description: 'Today’s behaviour.', chosen: false },
    ],
    dataSources: [
      {
        name: 'Delivery date A/B test',
        kind: 'ab-test',
        link: 'https://experiments.example.com/delivery-date',
        owner: 'Dev Chatterjee',
        windowStart: day(-35),
        windowEnd: day(-7),
        population: 'All web visitors viewing a product page',
        sampleSize: opts.sampleSize === undefined ? 52000 : opts.sampleSize,
        notes: 'Split 50/50 by visitor id; sample ratio checked (p = 0.71).',
      },
    ],
    methodology:
      'Visitors were randomised by visitor id for four full weeks; the population is every web visitor who viewed a product page. Checkout conversion is compared with a two-sided test of proportions and a 95 % confidence interval, and page load is the guardrail. Week-by-week effects were stable, so we see no novelty effect.',
    metrics: [
      { key: 'checkout_conversion', role: 'primary', expectedDirection: 'increase', expectedEffect: '+1 to +3 %' },
      { key: 'page_load_p75', role: 'guardrail', expectedDirection: 'no-change' },
    ],
    evidence: [
      { metric: 'checkout_conversion', baseline: 0.41, observed: 0.4186, relativeChange: 2.1, ciLow: 0.7, ciHigh: 3.5 },
      { metric: 'page_load_p75', baseline: 2300, observed: 2310, relativeChange: 0.4, ciLow: -1.1, ciHigh: 1.9 },
    ],
    openCritique:
      'Delivery estimates can be wrong when carriers are late, which may cost trust and raise support contacts. The test ran outside the holiday peak, when delivery times are longest.',
    risks: 'Wrong dates during peak season; we will widen the estimate range in December.',
    outcomeReviewDate: opts.outcomeReviewDate ?? day(90),
    tags: ['checkout', 'delivery'],
  };
}

export const yesterday = () => day(-1);
