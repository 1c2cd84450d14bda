import { describe, expect, it } from 'vitest';
import * as searchRoute from '@/app/api/v1/search/route';
import { createDecision } from '@/db/queries/decisions';
import { searchDecisions } from '@/db/queries/history';
import { describeChange, diffContent, sectionText } from '@/lib/diff';
import { plainSnippetParts, stripInlineMarkdown } from '@/lib/plain-text';
import { HIT_CLOSE as C, HIT_OPEN as O } from '@/lib/search';
import { decisionContentSchema } from '@/lib/validation/decision';
import { call, serveRoutesFrom, tokenFor } from './helpers/api';
import { makeWorkspace, testDb } from './helpers/db';

/*
 * Record text quoted out of context reads as the words a person wrote: search
 * snippets and list summaries without Markdown syntax (highlights kept, HTML
 * still escaped), and revision diffs with every digit of a number.
 */

const text = (parts: { text: string; hit: boolean }[]) => parts.map((p) => (p.hit ? `[${p.text}]` : p.text)).join('');

describe('Markdown in snippets and summaries', async () => {
  const db = await testDb();

  it('drops code ticks, emphasis, links and line markers and keeps the words', () => {
    expect(stripInlineMarkdown('Use `p95_latency` and **not** the _mean_; see [the dashboard](https://x.example/d?a=1) or ~~old~~ <https://y.example>.')).toBe(
      'Use p95_latency and not the mean; see the dashboard or old https://y.example.',
    );
    expect(stripInlineMarkdown('## Why now\n> quoted\n- one\n2. two')).toBe('Why now\nquoted\none\ntwo');
  });

  it('leaves arithmetic, snake_case and comparisons alone', () => {
    expect(stripInlineMarkdown('2 * 3 = 6, weekly_active_buyers, CI > 0, a - b')).toBe('2 * 3 = 6, weekly_active_buyers, CI > 0, a - b');
  });

  it('keeps the highlight on the matched word when the syntax wraps it', () => {
    expect(text(plainSnippetParts(`…the **${O}checkout${C}** flow, \`${O}checkout${C}_v2\` and [${O}checkout${C} docs](https://x.example)…`))).toBe(
      '…the [checkout] flow, [checkout]_v2 and [checkout] docs…',
    );
    expect(text(plainSnippetParts(`# Heading\n\n- ${O}zephyr${C}   item`))).toBe('Heading [zephyr] item');
  });

  it('finds, shows and serves a snippet without Markdown, still escaped as HTML', async () => {
    serveRoutesFrom(db);
    const ws = await makeWorkspace(db);
    const d = await createDecision(db, ws.pm, {
      team: ws.team.slug,
      content: { title: 'Retry the payment call', context: 'The `retry_budget` is **quillfeather** wide: see [runbook](https://r.example/x) <b>& more</b>.' },
    });
    const page = await searchDecisions(db, ws.eng, { q: 'quillfeather' });
    expect(page.items.map((h) => h.id)).toEqual([d.id]);
    const words = text(page.items[0]!.snippet);
    expect(words).toContain('The retry_budget is [quillfeather] wide: see runbook <b>& more');
    expect(words).not.toMatch(/[`*]|\]\(/);
    const r = await call(searchRoute.GET, { token: await tokenFor(db, ws.eng), path: '/api/v1/search?q=quillfeather' });
    expect(r.body.items[0].snippet).toContain('is <mark>quillfeather</mark> wide: see runbook &lt;b&gt;&amp; more');
  });
});

describe('revision diffs show numbers at full precision', () => {
  const base = decisionContentSchema.parse({
    title: 'Lower the unsubscribe rate',
    evidence: [{ metric: 'unsubscribe_rate', baseline: 0.0022, observed: 0.0021, relativeChange: -4.55, ciLow: -9.125, ciHigh: -0.0004 }],
    dataSources: [{ name: 'Send log', kind: 'event-stream', sampleSize: 1234567 }],
  });

  it('a change in the fourth decimal is visible, and big numbers keep their separators', () => {
    const after = { ...base, evidence: [{ ...base.evidence[0]!, observed: 0.00205 }], dataSources: [{ ...base.dataSources[0]!, sampleSize: 1234568 }] };
    const changes = diffContent(base, after).flatMap((s) => s.changes.map(describeChange));
    expect(changes).toContain('Evidence row “unsubscribe_rate”: observed 0.0021 → 0.00205');
    expect(changes).toContain('Data source “Send log”: sample size 1,234,567 → 1,234,568');
    expect(sectionText(base, 'evidence')).toBe('unsubscribe_rate: baseline 0.0022, observed 0.0021, change -4.55 % (CI -9.125 to -0.0004)');
  });

  it('0.0022 → 0.0021 is a visible change, not “0.002 → 0.002”', () => {
    const after = { ...base, evidence: [{ ...base.evidence[0]!, baseline: 0.0021 }] };
    const [section] = diffContent(base, after);
    expect(section!.changes.map(describeChange)).toEqual(['Evidence row “unsubscribe_rate”: baseline 0.0022 → 0.0021']);
    const words = (type: string) => section!.segments.filter((s) => s.type === type || s.type === 'same').map((s) => s.text).join('');
    expect(words('del')).toContain('baseline 0.0022,');
    expect(words('ins')).toContain('baseline 0.0021,');
  });
});
