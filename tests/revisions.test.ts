import { describe, expect, it } from 'vitest';
import { describeChange, diffContent, wordDiff } from '@/lib/diff';
import { AppError } from '@/lib/errors';
import { applyPatch, assertBaseIsCurrent, changedSections, initialSectionChangedAt, nextSectionChangedAt, rebaseContent } from '@/lib/revisions';
import { decisionContentSchema, emptyContent, type DecisionContent } from '@/lib/validation/decision';

const base: DecisionContent = decisionContentSchema.parse({
  title: 'Ship it',
  context: 'Because.',
  dataSources: [{ name: 'Checkout A/B', kind: 'ab-test', sampleSize: 12000 }],
  tags: ['checkout'],
});

describe('revision rules', () => {
  it('finds the sections that changed, in record order', () => {
    const after = decisionContentSchema.parse({ ...base, methodology: 'New', title: 'Ship it now' });
    expect(changedSections(base, after)).toEqual(['title', 'methodology']);
    expect(changedSections(base, base)).toEqual([]);
  });

  it('applies a partial patch: present keys replace, absent keys stay', () => {
    expect(applyPatch(base, { summary: 'S' })).toMatchObject({ title: 'Ship it', summary: 'S', context: 'Because.' });
    expect(applyPatch(base, { dataSources: [] }).dataSources).toEqual([]);
  });

  it('records for each section the revision at which it last changed', () => {
    const r1 = initialSectionChangedAt();
    const r2 = nextSectionChangedAt(r1, ['methodology'], 2);
    const r3 = nextSectionChangedAt(r2, ['title'], 3);
    expect(r3).toMatchObject({ methodology: 2, title: 3, context: 1 });
  });

  it('accepts a save based on the latest revision', () => {
    expect(() => assertBaseIsCurrent(3, { number: 3, authorName: 'Ana', changedSinceBase: [] })).not.toThrow();
  });

  it('refuses a stale base with a conflict that names who saved and what changed', () => {
    try {
      assertBaseIsCurrent(3, { number: 4, authorName: 'Ana', changedSinceBase: ['methodology', 'dataSources'] });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(AppError);
      expect((e as AppError).code).toBe('conflict');
      expect((e as AppError).message).toBe('Ana saved revision 4 while you were editing revision 3; it changed Methodology, Data sources');
      expect((e as AppError).details).toEqual({ currentRevision: 4, changedSections: ['methodology', 'dataSources'] });
    }
  });

  it('rejects a base revision from the future as invalid', () => {
    expect(() => assertBaseIsCurrent(9, { number: 4, authorName: 'Ana', changedSinceBase: [] })).toThrow(/does not exist yet/);
  });

  it('rebases my edits onto theirs and reports sections we both changed', () => {
    const mine = { ...base, context: 'Mine', methodology: 'My method' };
    const theirs = { ...base, title: 'Their title', methodology: 'Their method' };
    const { merged, overlapping, mineChanged } = rebaseContent(base, mine, theirs);
    expect(merged).toMatchObject({ title: 'Their title', context: 'Mine', methodology: 'My method' });
    expect(mineChanged).toEqual(['context', 'methodology']);
    expect(overlapping).toEqual(['methodology']);
  });
});

describe('content diffs', () => {
  it('shows words inserted and removed in prose', () => {
    const after = { ...base, context: 'Because data.' };
    const [d] = diffContent(base, after);
    expect(d?.section).toBe('context');
    expect(d?.segments).toEqual([
      { type: 'same', text: 'Because' },
      { type: 'ins', text: ' data' },
      { type: 'same', text: '.' },
    ]);
  });

  it('names structured changes: a sample size changed, a source added, a tag removed', () => {
    const after = decisionContentSchema.parse({
      ...base,
      dataSources: [
        { ...base.dataSources[0], sampleSize: 24000 },
        { name: 'Survey', kind: 'survey' },
      ],
      tags: [],
    });
    const diffs = diffContent(base, after);
    expect(diffs.map((d) => d.section)).toEqual(['dataSources', 'tags']);
    expect(diffs[0]!.changes.map(describeChange)).toEqual(['Data source “Checkout A/B”: sample size 12,000 → 24,000', 'Data source “Survey” added']);
    expect(diffs[1]!.changes.map(describeChange)).toEqual(['Tag “checkout” removed']);
  });

  it('finds nothing to show between identical versions', () => {
    expect(diffContent(emptyContent(), emptyContent())).toEqual([]);
  });
});

describe('word diffs of long texts', () => {
  const WORDS = 'alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi omicron pi rho sigma tau upsilon'.split(' ');
  const prose = (seed: number, length: number) => {
    let x = seed;
    let out = '';
    while (out.length < length) {
      x = (x * 1103515245 + 12345) % 2147483648;
      out += WORDS[x % WORDS.length] + (x % 11 === 0 ? '\n' : ' ');
    }
    return out;
  };

  it('shows two long texts with little in common as rewritten, at once (such a diff held the server for minutes)', () => {
    const before = prose(1, 49_000);
    const after = prose(2, 49_000);
    const t = performance.now();
    expect(wordDiff(before, after)).toEqual([
      { type: 'del', text: expect.any(String) },
      { type: 'ins', text: expect.any(String) },
    ]);
    expect(performance.now() - t).toBeLessThan(3000);
  });

  it('still finds a few changed words in a long text, whole words only, with one segment per run', () => {
    const start = prose(3, 200_000);
    const end = prose(4, 200_000);
    const t = performance.now();
    const segments = wordDiff(`${start}the cat sat ${end}`, `${start}the car sat ${end}`);
    expect(performance.now() - t).toBeLessThan(3000);
    expect(segments.map((s) => s.type)).toEqual(['same', 'del', 'ins', 'same']);
    expect(segments.filter((s) => s.type !== 'same')).toEqual([
      { type: 'del', text: 'cat' },
      { type: 'ins', text: 'car' },
    ]);
    expect(segments.filter((s) => s.type !== 'ins').map((s) => s.text).join('')).toBe(`${start}the cat sat ${end}`);
  });
});
