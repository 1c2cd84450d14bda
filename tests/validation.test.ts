import { describe, expect, it } from 'vitest';
import { fromForm, parseNumber, toForm } from '@/app/(app)/decisions/[id]/edit/form-model';
import { decisionContentPatchSchema, decisionContentSchema, emptyContent } from '@/lib/validation/decision';

const issues = (input: unknown) => {
  const r = decisionContentSchema.safeParse(input);
  return r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
};

describe('decision content schema', () => {
  it('accepts an empty draft and fills every field', () => {
    expect(decisionContentSchema.parse({})).toEqual(emptyContent());
  });

  it('enforces http(s) links, ISO dates, positive whole sample sizes, and ordered windows', () => {
    expect(
      issues({ dataSources: [{ name: 'S', kind: 'ab-test', link: 'ftp://x', asOf: '26/11/2026', sampleSize: 0, windowStart: '2026-10-02', windowEnd: '2026-10-01' }] }),
    ).toEqual([
      'dataSources.0.link: Link must be a web address starting with http:// or https://',
      'dataSources.0.asOf: As-of date must be a date written as YYYY-MM-DD',
      'dataSources.0.sampleSize: Sample size must be a positive number',
      'dataSources.0.windowEnd: Window end must be on or after the window start',
    ]);
    expect(issues({ dataSources: [{ name: 'S', kind: 'survey', windowStart: '2026-10-02', windowEnd: '2026-10-01' }] })).toEqual(['dataSources.0.windowEnd: Window end must be on or after the window start']);
  });

  it('limits Markdown to 50,000 characters and lists to 50 items', () => {
    expect(issues({ methodology: 'x'.repeat(50_000) })).toEqual([]);
    expect(issues({ methodology: 'x'.repeat(50_001) })).toEqual(['methodology: Methodology is too long: keep it under 50,000 characters']);
    expect(issues({ options: Array.from({ length: 51 }, (_, i) => ({ name: `O${i}` })) })).toEqual(['options: Options can hold at most 50 items']);
  });

  it('rejects unknown kinds, roles, directions and duplicate metrics', () => {
    expect(issues({ dataSources: [{ name: 'S', kind: 'rumour' }] })[0]).toMatch(/^dataSources\.0\.kind: Kind must be one of: ab-test/);
    expect(issues({ metrics: [{ key: 'm', role: 'primary', expectedDirection: 'up' }] })[0]).toMatch(/expectedDirection: Expected direction must be one of/);
    expect(issues({ metrics: [{ key: 'm', role: 'primary' }, { key: 'm', role: 'guardrail' }] })).toEqual(['metrics.1.key: Metric "m" is cited twice']);
  });

  it('normalises tags to unique lowercase words', () => {
    expect(decisionContentSchema.parse({ tags: ['Pricing', 'pricing', 'Q3-goals'] }).tags).toEqual(['pricing', 'q3-goals']);
    expect(issues({ tags: ['two words'] })[0]).toMatch(/^tags\.0: Tags use letters/);
  });

  it('keeps a title on one line, as it is in mails and feeds, the way names are', () => {
    const title = (t: string) => decisionContentSchema.parse({ title: t }).title;
    expect(title('Ship it\r\n\r\nOpen it: http://evil.test')).toBe('Ship it Open it: http://evil.test');
    expect(title('A\tB\u2028C\u2029D\u0085E\nF')).toBe('A B C D E F');
    expect(title('  Two   spaces\n\n  and a break  ')).toBe('Two spaces and a break');
    // Bidirectional overrides are dropped, as in names, so a title can't read backwards.
    expect(title('Price \u202Eeulav\u202C up')).toBe('Price eulav up');
    // The length is counted after folding: 200 characters of words and breaks fit once they are one line.
    expect(issues({ title: `${'x'.repeat(199)}\n\n\n` })).toEqual([]);
    expect(issues({ title: 'x'.repeat(201) })).toEqual(['title: Title is too long: keep it under 200 characters']);
    expect(issues({ title: 42 })).toEqual(['title: Title must be text']);
  });

  it('names unknown fields instead of dropping them', () => {
    expect(issues({ datasources: [] })).toEqual([': Unknown content field: datasources']);
    expect(decisionContentPatchSchema.safeParse({ title: 'x', bogus: 1 }).success).toBe(false);
    // Built-in object properties are not content fields either (a patch of them was a silent no-op).
    for (const key of ['constructor', 'toString', 'hasOwnProperty']) expect(decisionContentPatchSchema.safeParse(JSON.parse(`{"${key}": 1}`)).success, key).toBe(false);
  });
});

describe('the editor’s form model', () => {
  it('reads numbers the way people type them', () => {
    expect(parseNumber('')).toBeNull();
    expect(parseNumber('48,210')).toBe(48210);
    expect(parseNumber(' 2.5 ')).toBe(2.5);
    expect(parseNumber('-1.4%')).toBe(-1.4);
    expect(parseNumber('lots')).toBe('lots');
  });

  it('round-trips content through the form without loss', () => {
    const content = decisionContentSchema.parse({
      title: 'T',
      dataSources: [{ name: 'S', kind: 'ab-test', sampleSize: 100, asOf: '2026-01-01' }],
      metrics: [{ key: 'k', role: 'primary', expectedDirection: 'increase' }],
      evidence: [{ metric: 'k', relativeChange: 1.5, ciLow: -0.2, ciHigh: 3.2 }],
      tags: ['a', 'b'],
      outcomeReviewDate: '2027-01-01',
    });
    expect(decisionContentSchema.parse(fromForm(toForm(content)))).toEqual(content);
  });
});
