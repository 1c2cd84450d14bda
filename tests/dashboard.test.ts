import { describe, expect, it } from 'vitest';
import { addComment } from '@/db/queries/comments';
import { getDashboard, SECTION_LIMIT } from '@/db/queries/dashboard';
import { createDecision } from '@/db/queries/decisions';
import { listFeed } from '@/db/queries/feed';
import { createMetric } from '@/db/queries/metrics';
import { getReadiness } from '@/db/queries/publish';
import { circulate, submitReview } from '@/db/queries/review';
import { resetClock, setClock } from '@/lib/clock';
import { makeWorkspace, testDb } from './helpers/db';

/*
 * "My work" and the review feed's reasons, over a real migrated SQLite file:
 * each section shows the right decisions for an author and for a reviewer, the
 * gate status is the decision page's own checklist (batched, not per row), and
 * every feed item says why it asks for this person and since when.
 */

const db = await testDb();
const ws = await makeWorkspace(db);
await createMetric(db, ws.ds, { key: 'checkout_conversion', name: 'Checkout conversion', definition: 'Orders divided by checkout sessions.', kind: 'primary', ownerEmail: ws.ds.email });

const DAY = 24 * 3600e3;
const T0 = Date.parse('2026-10-01T09:00:00Z');
const at = async <T>(t: number, f: () => Promise<T>): Promise<T> => {
  setClock(() => t);
  try {
    return await f();
  } finally {
    resetClock();
  }
};

const content = (title: string, withMetric = false) => ({
  title,
  summary: 'One page instead of three; a lift in conversion in a four-week test.',
  context: 'Checkout has three steps and a 38 % drop-off.',
  decision: 'Ship it to all web traffic.',
  dataSources: [{ name: 'Checkout A/B', kind: 'ab-test', link: 'https://exp.example.com/412', windowStart: '2026-09-01', windowEnd: '2026-09-28', sampleSize: 48210 }],
  methodology: 'Two-sided test of proportions over four weeks on all web sessions.',
  metrics: withMetric ? [{ key: 'checkout_conversion', role: 'primary', expectedDirection: 'increase', expectedEffect: '+2 %' }] : [],
});

// The PM's work: two drafts, two decisions in review (one citing Dev's metric), one asking engineering.
const draftA = await at(T0, () => createDecision(db, ws.pm, { team: ws.team.slug, content: content('Draft about search ranking') }));
const draftB = await at(T0 + 1000, () => createDecision(db, ws.pm, { team: ws.team.slug, content: content('Draft about onboarding emails') }));
const named = await at(T0, () => createDecision(db, ws.pm, { team: ws.team.slug, content: content('Named review of one-page checkout', true) }));
await at(T0 + DAY, () => circulate(db, ws.pm, { id: named.id, reviewers: [ws.designer.email] }));
const byFunction = await at(T0, () => createDecision(db, ws.pm, { team: ws.team.slug, content: content('Ask engineering about retries') }));
await at(T0 + 2 * DAY, () => circulate(db, ws.pm, { id: byFunction.id, functions: ['engineering'] }));
// Dana is mentioned on the function request too, a day later.
await at(T0 + 3 * DAY, () => addComment(db, ws.ds, { id: byFunction.id, kind: 'question', body: 'What does @dana.design think of the retry copy?' }));

const NOW = T0 + 5 * DAY;

describe('the review feed says why and since when', () => {
  it('names each reason with the time it began, earliest first, and when the person was first asked', async () => {
    const page = await at(NOW, () => listFeed(db, ws.ds, { tab: 'needs-my-review' }));
    const item = page.items.find((i) => i.id === named.id)!;
    expect(item.reasons).toEqual([{ kind: 'metric-owner', since: new Date(T0 + DAY).toISOString() }]);
    expect(item.askedAt).toBe(new Date(T0 + DAY).toISOString());

    const designer = await at(NOW, () => listFeed(db, ws.designer, { tab: 'needs-my-review' }));
    expect(designer.items.find((i) => i.id === named.id)!.reasons.map((r) => r.kind)).toEqual(['named']);

    const eng = await at(NOW, () => listFeed(db, ws.eng, { tab: 'needs-my-review' }));
    const asked = eng.items.find((i) => i.id === byFunction.id)!;
    expect(asked.reasons).toEqual([{ kind: 'function', since: new Date(T0 + 2 * DAY).toISOString() }]);
    expect(asked.askedAt).toBe(new Date(T0 + 2 * DAY).toISOString());
  });

  it('a mention is a reason of its own but not an ask', async () => {
    const page = await at(NOW, () => listFeed(db, ws.designer, { tab: 'mentions' }));
    const item = page.items.find((i) => i.id === byFunction.id)!;
    expect(item.reasons).toEqual([{ kind: 'mention', since: new Date(T0 + 3 * DAY).toISOString() }]);
    expect(item.askedAt).toBeNull();
  });

  it('the whole-team tab shows no reason where nobody asked the person', async () => {
    const page = await at(NOW, () => listFeed(db, ws.admin, { tab: 'all' }));
    expect(page.items.length).toBeGreaterThanOrEqual(2);
    for (const i of page.items) expect(i.reasons).toEqual([]);
  });
});

describe('the dashboard', () => {
  it('shows an author their decisions in review with the decision page’s own gate checklist, in words', async () => {
    const d = await at(NOW, () => getDashboard(db, ws.pm));
    expect(d.inReview.items.map((x) => x.title)).toEqual(['Ask engineering about retries', 'Named review of one-page checkout']);
    for (const x of d.inReview.items) {
      const readiness = await at(NOW, () => getReadiness(db, { id: x.id }));
      expect(x.gate.ready).toBe(readiness.ready);
      expect(x.gate.missing.map((m) => m.message)).toEqual(readiness.checks.filter((c) => !c.ok).map((c) => c.message));
      expect(x.gate.passing + x.gate.missing.length).toBe(readiness.checks.length);
    }
    const checkout = d.inReview.items.find((x) => x.id === named.id)!;
    expect(checkout.gate.missing.map((m) => m.id)).toContain('critique.metric-owners');
    expect(checkout.gate.missing.find((m) => m.id === 'critique.metric-owners')!.message).toMatch(/Dev Data/);
  });

  it('lists the author’s drafts and nothing to review', async () => {
    const d = await at(NOW, () => getDashboard(db, ws.pm));
    expect(d.drafts.items.map((x) => x.id).sort()).toEqual([draftA.id, draftB.id].sort());
    expect(d.toReview.items).toEqual([]);
    expect(d.recent.items.map((x) => x.id)).toEqual([byFunction.id, named.id]);
  });

  it('shows a reviewer what they were asked and why, and their mentions', async () => {
    const d = await at(NOW, () => getDashboard(db, ws.designer));
    expect(d.toReview.items.map((x) => [x.title, x.reasons.map((r) => r.kind)])).toEqual([['Named review of one-page checkout', ['named']]]);
    expect(d.mentions.items).toHaveLength(1);
    expect(d.mentions.items[0]).toMatchObject({ actor: 'Dev Data', decision: { id: byFunction.id }, read: false });
    expect(d.mentions.items[0]!.excerpt).toContain('think of the retry copy');
    expect(d.inReview.items).toEqual([]);
    expect(d.drafts.items).toEqual([]);
  });

  it('a verdict on the current evidence takes the request off the reviewer’s dashboard', async () => {
    await at(NOW, () => submitReview(db, ws.designer, { id: named.id, verdict: 'approve', body: 'The copy reads well and the flow is shorter.' }));
    const d = await at(NOW, () => getDashboard(db, ws.designer));
    expect(d.toReview.items).toEqual([]);
    const pm = await at(NOW, () => getDashboard(db, ws.pm));
    // Dana designs; the PM is product: that is the cross-functional approval.
    expect(pm.inReview.items.find((x) => x.id === named.id)!.gate.missing.map((m) => m.id)).not.toContain('critique.cross-functional');
  });

  it('keeps each section bounded and says when there is more', async () => {
    for (let i = 0; i < SECTION_LIMIT + 1; i++) await at(T0 + i, () => createDecision(db, ws.pm, { team: ws.team.slug, content: content(`PM draft ${i}`) }));
    const d = await at(NOW, () => getDashboard(db, ws.pm));
    expect(d.drafts.items).toHaveLength(SECTION_LIMIT);
    expect(d.drafts.more).toBe(true);
    expect(d.drafts.items.every((x) => x.status === 'draft')).toBe(true);
  });

  it('shows someone in no team nothing from other people’s teams', async () => {
    const d = await at(NOW, () => getDashboard(db, ws.outsider));
    expect(d.recent.items).toEqual([]);
    expect(d.inReview.items).toEqual([]);
    expect(d.outcomesDue.items).toEqual([]);
  });
});
