import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  canOverride,
  canReopen,
  canResolve,
  COMMENT_KINDS,
  extractMentionTokens,
  isCommentOutdated,
  isOverrideRationale,
  isSubstantialRationale,
  isVerdictStale,
  materialRevision,
  MATERIAL_SECTIONS,
  needsReview,
  resolveMentions,
  type Actor,
  type NeedsReviewInput,
  type ThreadFacts,
  type ThreadState,
} from '@/lib/review';
import { changedAtIfSaved, changedInWords, changedSections, initialSectionChangedAt, nextSectionChangedAt, type ContentKey, type SectionChangedAt } from '@/lib/revisions';
import { FUNCTIONS, STATUSES, type UserFunction } from '@/lib/validation/common';
import { CONTENT_KEYS, decisionContentSchema } from '@/lib/validation/decision';

/** The section-changed-at map after a sequence of saves, each listing the sections it changed (revision 1 is the first save). */
function afterSaves(...saves: ContentKey[][]): SectionChangedAt {
  return saves.reduce((acc, changed, i) => nextSectionChangedAt(acc, changed, i + 2), initialSectionChangedAt());
}

const MATERIAL: ContentKey[] = [...MATERIAL_SECTIONS];
const NON_MATERIAL: ContentKey[] = CONTENT_KEYS.filter((k) => !MATERIAL.includes(k));

describe('which sections are material', () => {
  it('treats what is decided (title included), the evidence, how it was analysed and the open critique — and nothing else — as material', () => {
    expect([...MATERIAL_SECTIONS].sort()).toEqual(['dataSources', 'decision', 'evidence', 'methodology', 'metrics', 'openCritique', 'options', 'summary', 'title']);
    expect(NON_MATERIAL.sort()).toEqual(['context', 'outcomeReviewDate', 'risks', 'tags']);
  });

  it('reports revision 1 for a record whose material sections never changed', () => {
    expect(materialRevision(initialSectionChangedAt())).toBe(1);
    expect(materialRevision(afterSaves(['tags'], ['risks'], ['context']))).toBe(1);
  });

  it('reports the latest revision that changed any material section', () => {
    expect(materialRevision(afterSaves(['methodology'], ['context'], ['evidence'], ['risks']))).toBe(4);
  });

  it('treats a section missing from an old stored map as unchanged since revision 1', () => {
    const legacy = { context: 7, methodology: 3 } as unknown as SectionChangedAt;
    expect(materialRevision(legacy)).toBe(3);
  });
});

describe('verdict staleness', () => {
  it.each(MATERIAL)('a verdict goes stale when %s changes after it', (section) => {
    // Verdict on revision 1; revision 2 changes the section.
    expect(isVerdictStale(1, afterSaves([section]))).toBe(true);
  });

  it.each(NON_MATERIAL)('edits to %s keep a verdict current', (section) => {
    expect(isVerdictStale(1, afterSaves([section]))).toBe(false);
  });

  it('a verdict goes stale when the methodology changes after it, even if later saves only touch the title', () => {
    expect(isVerdictStale(2, afterSaves(['context'], ['methodology'], ['tags'], ['context']))).toBe(true);
  });

  it('a verdict given on the revision that changed the methodology is current', () => {
    const changedAt = afterSaves(['context'], ['methodology']); // methodology changed at revision 3
    expect(isVerdictStale(3, changedAt)).toBe(false);
    expect(isVerdictStale(2, changedAt)).toBe(true);
  });

  it('a verdict given after the last material change stays current through later non-material edits', () => {
    expect(isVerdictStale(3, afterSaves(['dataSources'], ['evidence'], ['tags'], ['risks'], ['context']))).toBe(false);
  });

  it('a verdict on the first revision of an untouched record is current', () => {
    expect(isVerdictStale(1, initialSectionChangedAt())).toBe(false);
  });
});

describe('comments become outdated when their section changes', () => {
  it('a methodology comment is outdated once the methodology changes after it', () => {
    expect(isCommentOutdated('methodology', 1, afterSaves(['methodology']))).toBe(true);
  });

  it('a comment on another section is not outdated by that change', () => {
    expect(isCommentOutdated('context', 1, afterSaves(['methodology']))).toBe(false);
    expect(isCommentOutdated('summary', 1, afterSaves(['methodology'], ['evidence']))).toBe(false);
  });

  it('a comment written on the revision that changed its section is current', () => {
    expect(isCommentOutdated('options', 2, afterSaves(['options']))).toBe(false);
    expect(isCommentOutdated('options', 2, afterSaves(['options'], ['options']))).toBe(true);
  });

  it.each(NON_MATERIAL.filter((k) => k !== 'title' && k !== 'tags' && k !== 'outcomeReviewDate'))('non-material section %s outdates its own comments too', (section) => {
    expect(isCommentOutdated(section, 1, afterSaves([section]))).toBe(true);
  });

  it('a comment on the whole record is never outdated', () => {
    const everything = afterSaves(CONTENT_KEYS, CONTENT_KEYS, CONTENT_KEYS);
    expect(isCommentOutdated('record', 1, everything)).toBe(false);
  });

  it('a comment on a section the record does not track is not outdated', () => {
    expect(isCommentOutdated('nonsense', 1, afterSaves(CONTENT_KEYS))).toBe(false);
  });
});

// People in the thread-permission tables.
const OBJECTOR: Actor = { id: 'objector', isOrgAdmin: false };
const AUTHOR: Actor = { id: 'author', isOrgAdmin: false };
const CO_AUTHOR: Actor = { id: 'co-author', isOrgAdmin: false };
const REVIEWER: Actor = { id: 'reviewer', isOrgAdmin: false };
const ADMIN: Actor = { id: 'admin', isOrgAdmin: true };
const AUTHORS = [AUTHOR.id, CO_AUTHOR.id];
const SENTENCE = 'We ship anyway because the guardrail held in both markets.';

const thread = (kind: string, state: ThreadState = 'open', deleted = false): ThreadFacts => ({ kind, authorId: OBJECTOR.id, state, deleted });
const NON_BLOCKING = COMMENT_KINDS.filter((k) => k !== 'blocking');

describe('who may resolve a thread', () => {
  it.each([
    ['the objector', OBJECTOR, true],
    ['an org admin', ADMIN, false],
    ['the decision author', AUTHOR, false],
    ['a co-author', CO_AUTHOR, false],
    ['another reviewer', REVIEWER, false],
  ] as const)('only the objector resolves a blocking comment (no role makes an objection vanish): %s → %s', (_who, actor, ok) => {
    expect(canResolve(thread('blocking'), actor, AUTHORS).ok).toBe(ok);
  });

  it('the decision author cannot resolve a blocking comment but can override it with a sentence', () => {
    const resolve = canResolve(thread('blocking'), AUTHOR, AUTHORS);
    expect(resolve).toEqual({ ok: false, reason: expect.stringMatching(/override/) });
    expect(canOverride(thread('blocking'), AUTHOR, AUTHORS, SENTENCE)).toEqual({ ok: true });
  });

  it.each(
    NON_BLOCKING.flatMap((kind) =>
      (
        [
          ['the comment author', OBJECTOR, true],
          ['the decision author', AUTHOR, true],
          ['a co-author', CO_AUTHOR, true],
          ['an org admin', ADMIN, true],
          ['another reviewer', REVIEWER, false],
        ] as const
      ).map(([who, actor, ok]) => [kind, who, actor, ok] as const),
    ),
  )('a %s thread is resolved by %s: %s', (kind, _who, actor, ok) => {
    const ruling = canResolve(thread(kind), actor, AUTHORS);
    expect(ruling.ok).toBe(ok);
    if (!ruling.ok) expect(ruling.reason).toMatch(/author/);
  });

  it.each(
    (['resolved', 'overridden'] as const).flatMap((state) => (['blocking', 'question'] as const).map((kind) => [state, kind] as const)),
  )('an already %s %s thread cannot be resolved again, even by its author', (state, kind) => {
    for (const actor of [OBJECTOR, AUTHOR, ADMIN]) {
      expect(canResolve(thread(kind, state), actor, AUTHORS)).toEqual({ ok: false, reason: `This thread is already ${state}` });
    }
  });

  it('a deleted thread cannot be resolved by anyone', () => {
    for (const kind of COMMENT_KINDS) {
      for (const actor of [OBJECTOR, AUTHOR, ADMIN]) {
        expect(canResolve(thread(kind, 'open', true), actor, AUTHORS)).toEqual({ ok: false, reason: 'This comment was deleted' });
      }
    }
  });
});

describe('who may reopen a thread', () => {
  it.each([
    ['resolved', 'the objector', OBJECTOR, true],
    ['resolved', 'an org admin', ADMIN, true],
    ['resolved', 'the decision author', AUTHOR, false],
    ['resolved', 'another reviewer', REVIEWER, false],
    ['overridden', 'the objector', OBJECTOR, true],
    ['overridden', 'an org admin', ADMIN, true],
    ['overridden', 'the decision author who overrode it', AUTHOR, false],
    ['overridden', 'a co-author', CO_AUTHOR, false],
    ['overridden', 'another reviewer', REVIEWER, false],
  ] as const)('a %s blocking objection is reopened by %s: %s', (state, _who, actor, ok) => {
    const ruling = canReopen(thread('blocking', state), actor, AUTHORS);
    expect(ruling.ok).toBe(ok);
    if (!ruling.ok) expect(ruling.reason).toMatch(/raised this objection/);
  });

  it.each(
    NON_BLOCKING.flatMap((kind) =>
      (
        [
          ['the comment author', OBJECTOR, true],
          ['the decision author', AUTHOR, true],
          ['a co-author', CO_AUTHOR, true],
          ['an org admin', ADMIN, true],
          ['another reviewer', REVIEWER, false],
        ] as const
      ).map(([who, actor, ok]) => [kind, who, actor, ok] as const),
    ),
  )('a resolved %s thread is reopened by %s: %s', (kind, _who, actor, ok) => {
    expect(canReopen(thread(kind, 'resolved'), actor, AUTHORS).ok).toBe(ok);
  });

  it('an open thread cannot be reopened', () => {
    for (const kind of COMMENT_KINDS) expect(canReopen(thread(kind, 'open'), OBJECTOR, AUTHORS)).toEqual({ ok: false, reason: 'This thread is already open' });
  });

  it('a deleted thread cannot be reopened, even by an admin', () => {
    expect(canReopen(thread('blocking', 'resolved', true), ADMIN, AUTHORS)).toEqual({ ok: false, reason: 'This comment was deleted' });
  });
});

describe('overriding a blocking objection', () => {
  it.each([
    ['the decision author', AUTHOR, true],
    ['a co-author', CO_AUTHOR, true],
    ['the objector', OBJECTOR, false],
    ['an org admin who is not an author', ADMIN, false],
    ['another reviewer', REVIEWER, false],
  ] as const)('an open blocking objection is overridden by %s: %s', (_who, actor, ok) => {
    const ruling = canOverride(thread('blocking'), actor, AUTHORS, SENTENCE);
    expect(ruling.ok).toBe(ok);
    if (!ruling.ok) expect(ruling.reason).toBe('Only the decision’s authors can override an objection');
  });

  it('an org admin who is also an author may override', () => {
    expect(canOverride(thread('blocking'), ADMIN, [...AUTHORS, ADMIN.id], SENTENCE).ok).toBe(true);
  });

  it.each(NON_BLOCKING)('a %s thread is resolved, never overridden', (kind) => {
    expect(canOverride(thread(kind), AUTHOR, AUTHORS, SENTENCE)).toEqual({ ok: false, reason: expect.stringMatching(/Only blocking objections/) });
  });

  it.each(['resolved', 'overridden'] as const)('an objection already %s cannot be overridden', (state) => {
    expect(canOverride(thread('blocking', state), AUTHOR, AUTHORS, SENTENCE)).toEqual({ ok: false, reason: `This objection is already ${state}` });
  });

  it('a deleted objection cannot be overridden', () => {
    expect(canOverride(thread('blocking', 'open', true), AUTHOR, AUTHORS, SENTENCE)).toEqual({ ok: false, reason: 'This comment was deleted' });
  });

  it.each(['', 'No.', 'Disagree.', 'We ship anyway.', 'ok ok ok ok', '   '])('an override needs at least a sentence: %j is refused', (rationale) => {
    expect(canOverride(thread('blocking'), AUTHOR, AUTHORS, rationale)).toEqual({ ok: false, reason: expect.stringMatching(/at least a sentence/) });
  });

  it('checks who is asking before judging the rationale', () => {
    expect(canOverride(thread('blocking'), REVIEWER, AUTHORS, 'No.').ok).toBe(false);
    expect((canOverride(thread('blocking'), REVIEWER, AUTHORS, 'No.') as { reason: string }).reason).toMatch(/Only the decision’s authors/);
  });
});

describe('what counts as a substantial rationale', () => {
  it.each([
    ['', false],
    ['Because.', false],
    ['We ship anyway.', false], // 15 characters
    ['x'.repeat(40), false], // one long word
    ['1 2 3 4 5 6 7 8 9 10 11 12', false], // no words, only numbers
    ['— — — — — — — — — —', false],
    ['   padded   ', false],
    ['We accept this risk.', true], // exactly 20 characters, four words
    ['The guardrail held in both markets, so we proceed.', true],
    ['Мы принимаем этот риск сознательно.', true],
    ['  We accept this risk.  ', true],
  ])('%j → %s', (text, ok) => {
    expect(isSubstantialRationale(text)).toBe(ok);
  });
});

// Decision-level facts for the needs-review selection.
const viewer = { id: 'viewer', function: 'engineering' as UserFunction };
const base = (over: Partial<NeedsReviewInput> = {}): NeedsReviewInput => ({
  viewer,
  status: 'in-review',
  authorIds: ['pm'],
  requests: [],
  metricOwnerIds: [],
  verdicts: [],
  changedAt: initialSectionChangedAt(),
  ...over,
});

describe('whose review a decision needs', () => {
  it('a person requested by name needs to review', () => {
    expect(needsReview(base({ requests: [{ userId: 'viewer', function: null }] }))).toEqual(['requested']);
  });

  it('a function request reaches everyone of that function', () => {
    const input = base({ requests: [{ userId: null, function: 'engineering' }] });
    expect(needsReview(input)).toEqual(['function']);
    expect(needsReview({ ...input, viewer: { id: 'another-engineer', function: 'engineering' } })).toEqual(['function']);
    expect(needsReview({ ...input, viewer: { id: 'a-designer', function: 'design' } })).toBeNull();
  });

  it('the owner of a cited metric needs to review without being asked', () => {
    expect(needsReview(base({ metricOwnerIds: ['viewer'] }))).toEqual(['metric-owner']);
  });

  it('lists every reason, in a stable order', () => {
    expect(
      needsReview(base({ requests: [{ userId: null, function: 'engineering' }, { userId: 'viewer', function: null }], metricOwnerIds: ['someone', 'viewer'] })),
    ).toEqual(['requested', 'function', 'metric-owner']);
  });

  it('nobody asked, nothing needed: requests for other people and other functions do not count', () => {
    expect(needsReview(base())).toBeNull();
    expect(needsReview(base({ requests: [{ userId: 'other', function: null }, { userId: null, function: 'design' }], metricOwnerIds: ['other'] }))).toBeNull();
  });

  it('someone who wrote a revision never needs to review it, however they are asked, author now or not', () => {
    const asked = base({ requests: [{ userId: 'viewer', function: null }, { userId: null, function: 'engineering' }], metricOwnerIds: ['viewer'] });
    expect(needsReview(asked)).toEqual(['requested', 'function', 'metric-owner']);
    expect(needsReview({ ...asked, writerIds: ['pm', 'viewer'], metricOwnerIds: ['someone'] })).toBeNull();
    // As the owner of a cited metric, they vouch for its evidence instead.
    expect(needsReview({ ...asked, writerIds: ['pm', 'viewer'] })).toEqual(['vouch']);
  });

  it('a cited metric’s owner who wrote or co-authors it needs to vouch until they vouch for the evidence as it stands', () => {
    const changedAt = { ...initialSectionChangedAt(), methodology: 3 };
    const owner = base({ authorIds: ['pm', 'viewer'], metricOwnerIds: ['viewer'], changedAt, requests: [{ userId: null, function: 'engineering' }] });
    expect(needsReview(owner)).toEqual(['vouch']);
    expect(needsReview({ ...owner, vouches: { lastWrote: { viewer: 2 }, lastVouched: {}, vouchFloor: {} } })).toEqual(['vouch']);
    expect(needsReview({ ...owner, vouches: { lastWrote: { viewer: 3 }, lastVouched: {}, vouchFloor: {} } })).toBeNull();
    expect(needsReview({ ...owner, vouches: { lastWrote: {}, lastVouched: { viewer: 4 }, vouchFloor: {} } })).toBeNull();
    // A save made before they were handed the metric doesn't vouch.
    expect(needsReview({ ...owner, vouches: { lastWrote: { viewer: 3 }, lastVouched: {}, vouchFloor: { viewer: 3 } } })).toEqual(['vouch']);
    // A writer who is no longer an author vouches the same way; an author who owns nothing cited has nothing to do.
    expect(needsReview({ ...owner, authorIds: ['pm'], writerIds: ['viewer'] })).toEqual(['vouch']);
    expect(needsReview({ ...owner, metricOwnerIds: ['someone'] })).toBeNull();
    expect(needsReview({ ...owner, status: 'draft' })).toBeNull();
  });

  it('closed requests do not count', () => {
    expect(needsReview(base({ requests: [{ userId: 'viewer', function: null, open: false }, { userId: null, function: 'engineering', open: false }] }))).toBeNull();
    expect(needsReview(base({ requests: [{ userId: 'viewer', function: null, open: false }, { userId: 'viewer', function: null, open: true }] }))).toEqual(['requested']);
  });

  it('a request with no open flag counts as open', () => {
    expect(needsReview(base({ requests: [{ userId: 'viewer', function: null, open: undefined }] }))).toEqual(['requested']);
  });

  it('authors never need to review their own decision; one who owns a cited metric needs to vouch for it instead', () => {
    const asked = { requests: [{ userId: 'viewer', function: null }, { userId: null, function: 'engineering' }], metricOwnerIds: ['someone'] };
    expect(needsReview(base({ ...asked, authorIds: ['viewer'] }))).toBeNull();
    expect(needsReview(base({ ...asked, authorIds: ['pm', 'viewer'] }))).toBeNull();
    expect(needsReview(base({ ...asked, authorIds: ['pm', 'viewer'], metricOwnerIds: ['viewer'] }))).toEqual(['vouch']);
  });

  it.each(STATUSES.filter((s) => s !== 'in-review'))('a %s decision needs nobody’s review', (status) => {
    expect(needsReview(base({ status, requests: [{ userId: 'viewer', function: null }], metricOwnerIds: ['viewer'] }))).toBeNull();
  });

  it('a current verdict satisfies the request', () => {
    const changedAt = afterSaves(['methodology'], ['context']);
    expect(needsReview(base({ requests: [{ userId: 'viewer', function: null }], verdicts: [{ reviewerId: 'viewer', revision: 2 }], changedAt }))).toBeNull();
    expect(needsReview(base({ metricOwnerIds: ['viewer'], verdicts: [{ reviewerId: 'viewer', revision: 3 }], changedAt }))).toBeNull();
  });

  it('a reviewer who approved before the data sources changed needs to review again', () => {
    const changedAt = afterSaves(['dataSources']);
    expect(needsReview(base({ requests: [{ userId: 'viewer', function: null }], verdicts: [{ reviewerId: 'viewer', revision: 1 }], changedAt }))).toEqual(['requested']);
  });

  it('a reviewer whose verdict predates only a title edit does not need to review again', () => {
    expect(needsReview(base({ requests: [{ userId: 'viewer', function: null }], verdicts: [{ reviewerId: 'viewer', revision: 1 }], changedAt: afterSaves(['context']) }))).toBeNull();
  });

  it('someone else’s verdict does not answer a request made of me, even from my function', () => {
    expect(needsReview(base({ requests: [{ userId: null, function: 'engineering' }], verdicts: [{ reviewerId: 'another-engineer', revision: 1 }] }))).toEqual(['function']);
  });

  it('one current verdict among stale ones is enough', () => {
    const changedAt = afterSaves(['evidence'], ['metrics']); // material at revision 3
    const verdicts = [{ reviewerId: 'viewer', revision: 1 }, { reviewerId: 'viewer', revision: 2 }, { reviewerId: 'viewer', revision: 3 }];
    expect(needsReview(base({ metricOwnerIds: ['viewer'], verdicts, changedAt }))).toBeNull();
    expect(needsReview(base({ metricOwnerIds: ['viewer'], verdicts: verdicts.slice(0, 2), changedAt }))).toEqual(['metric-owner']);
  });
});

describe('mention extraction', () => {
  it.each([
    ['@ana can you check?', ['ana']],
    ['cc @Ana', ['ana']],
    ['@ana@example.com please look', ['ana@example.com']],
    ['@Ana.Lopez@Example.COM', ['ana.lopez@example.com']],
    ['@ana+qa@example.com', ['ana+qa@example.com']],
    ['@ana.lopez thoughts?', ['ana.lopez']],
    ['thanks @ana.', ['ana']],
    ['thanks @ana@example.com.', ['ana@example.com']],
    ['(@ana), [@bob]; @cid, "@dee"', ['ana', 'bob', 'cid', 'dee']],
    ['@ana-', ['ana']],
    ['@José, what do you think?', ['josé']],
    ['@ana and again @ANA and @ana', ['ana']],
    ['first line\n@bob on the second', ['bob']],
  ])('%j mentions %j', (body, tokens) => {
    expect(extractMentionTokens(body)).toEqual(tokens);
  });

  it.each([
    ['write to ana@example.com for access', 'email-like text inside words is an address, not a mention'],
    ['see https://social.example/@ana', 'a handle inside a URL path'],
    ['foo.@ana', 'after a dot'],
    ['x_@ana', 'after an underscore'],
    ['@@ana', 'a doubled at sign'],
    ['a lone @ sign', 'nothing after the at sign'],
    ['use `@Override` here', 'a code span'],
    ['```java\n@Override\n@ana\nvoid run() {}\n```', 'a fenced code block'],
  ])('%j mentions nobody (%s)', (body) => {
    expect(extractMentionTokens(body)).toEqual([]);
  });

  it('ignores code spans and fences but still finds mentions around them', () => {
    expect(extractMentionTokens('`@decorator` is fine, @ana\n```\n@bob\n```\nand @cid')).toEqual(['ana', 'cid']);
  });

  // Markdown (CommonMark, as rendered by lib/markdown.ts) has two more forms of code than single backticks and ``` fences.
  it('ignores code in a double-backtick code span', () => {
    expect(extractMentionTokens('``@Override `x` ``, then @ana')).toEqual(['ana']);
  });

  it('ignores code in a tilde fence', () => {
    expect(extractMentionTokens('~~~python\n@dataclass\nclass Row: ...\n~~~\n@ana')).toEqual(['ana']);
  });
});

describe('mention resolution', () => {
  const people = [
    { id: 'ana-l', email: 'alopez@example.com', name: 'Ana Lopez' },
    { id: 'ana-s', email: 'asmith@example.com', name: 'Ana Smith' },
    { id: 'bob', email: 'bob@example.com', name: 'Robert Stone' },
    { id: 'dev', email: 'Dev.Data@Corp.example', name: 'Dev Data' },
    { id: 'kim1', email: 'kim@one.example', name: 'Kim Park' },
    { id: 'kim2', email: 'kim@two.example', name: 'Kim Lee' },
  ];

  it.each([
    [['alopez@example.com'], ['ana-l'], 'a full email'],
    [['alopez'], ['ana-l'], 'an email’s local part'],
    [['dev.data@corp.example'], ['dev'], 'an email stored with capitals'],
    [['dev.data'], ['dev'], 'a local part stored with capitals'],
    [['analopez'], ['ana-l'], 'a full name without spaces'],
    [['ana.lopez'], ['ana-l'], 'a full name with dots'],
    [['robert'], ['bob'], 'an unambiguous first name'],
    [['bob'], ['bob'], 'a handle that is not the first name'],
  ])('%j resolves to %j (%s)', (tokens, ids) => {
    expect(resolveMentions(tokens, people)).toEqual(ids);
  });

  it('ambiguous first names mention nobody', () => {
    expect(resolveMentions(['ana'], people)).toEqual([]);
  });

  it('an ambiguous local part mentions nobody', () => {
    expect(resolveMentions(['kim'], people)).toEqual([]);
    expect(resolveMentions(['kim@two.example'], people)).toEqual(['kim2']);
  });

  it('an email handle wins over a first name shared by others', () => {
    const withHandle = [...people, { id: 'ana-h', email: 'ana@example.com', name: 'Hannah Ana' }];
    expect(resolveMentions(['ana'], withHandle)).toEqual(['ana-h']);
  });

  it('unknown tokens mention nobody, and one person mentioned twice is notified once', () => {
    expect(resolveMentions(['ghost', 'nobody@example.com'], people)).toEqual([]);
    expect(resolveMentions(['alopez', 'alopez@example.com', 'analopez'], people)).toEqual(['ana-l']);
  });

  it('works end to end from a comment body', () => {
    expect(resolveMentions(extractMentionTokens('@Robert and @ana — and `@alopez` in code'), people)).toEqual(['bob']);
  });
});

describe('consistency under randomised scenarios', () => {
  const revision = fc.integer({ min: 1, max: 12 });
  const changedAtArb = fc.record(Object.fromEntries(CONTENT_KEYS.map((k) => [k, revision])) as Record<ContentKey, fc.Arbitrary<number>>);
  const ids = ['viewer', 'pm', 'ds', 'eng', 'other'];
  const fnArb = fc.constantFrom(...FUNCTIONS);
  const requestArb = fc.oneof(
    fc.record({ userId: fc.constantFrom(...ids), function: fc.constant(null), open: fc.option(fc.boolean(), { nil: undefined }) }),
    fc.record({ userId: fc.constant(null), function: fnArb, open: fc.option(fc.boolean(), { nil: undefined }) }),
  );
  const verdictArb = fc.record({ reviewerId: fc.constantFrom(...ids), revision });
  const inputArb: fc.Arbitrary<NeedsReviewInput> = fc.record({
    viewer: fc.record({ id: fc.constant('viewer'), function: fnArb }),
    status: fc.constantFrom(...STATUSES),
    authorIds: fc.subarray(ids, { minLength: 1 }),
    requests: fc.array(requestArb, { maxLength: 5 }),
    metricOwnerIds: fc.subarray(ids),
    verdicts: fc.array(verdictArb, { maxLength: 4 }),
    changedAt: changedAtArb,
  });

  it('isVerdictStale is monotonic in the changed-at revisions: later changes never make a stale verdict current', () => {
    fc.assert(
      fc.property(changedAtArb, changedAtArb, revision, (a, bumps, v) => {
        const later = Object.fromEntries(CONTENT_KEYS.map((k) => [k, Math.max(a[k], bumps[k])])) as SectionChangedAt;
        if (isVerdictStale(v, a)) expect(isVerdictStale(v, later)).toBe(true);
      }),
    );
  });

  it('isVerdictStale is monotonic in the verdict revision: an older verdict is at least as stale', () => {
    fc.assert(
      fc.property(changedAtArb, revision, revision, (c, v1, v2) => {
        const [older, newer] = v1 <= v2 ? [v1, v2] : [v2, v1];
        if (isVerdictStale(newer, c)) expect(isVerdictStale(older, c)).toBe(true);
      }),
    );
  });

  it('isVerdictStale depends only on the material sections', () => {
    fc.assert(
      fc.property(changedAtArb, changedAtArb, revision, (c, noise, v) => {
        const mixed = { ...c, ...Object.fromEntries(NON_MATERIAL.map((k) => [k, noise[k]])) } as SectionChangedAt;
        expect(isVerdictStale(v, mixed)).toBe(isVerdictStale(v, c));
        expect(isVerdictStale(v, c)).toBe(MATERIAL.some((k) => c[k] > v));
      }),
    );
  });

  it('adding a stale verdict never removes the need for a review', () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const material = materialRevision(input.changedAt);
        fc.pre(material > 1);
        const stale = { reviewerId: 'viewer', revision: material - 1 };
        expect(needsReview({ ...input, verdicts: [...input.verdicts, stale] })).toEqual(needsReview(input));
      }),
    );
  });

  it('other people’s verdicts and requests for other people never change whether I need to review', () => {
    fc.assert(
      fc.property(inputArb, fc.array(verdictArb, { maxLength: 3 }), (input, extra) => {
        const others = extra.map((v) => ({ ...v, reviewerId: v.reviewerId === 'viewer' ? 'other' : v.reviewerId }));
        const withNoise = { ...input, verdicts: [...others, ...input.verdicts], requests: [...input.requests, { userId: 'somebody-else', function: null }] };
        expect(needsReview(withNoise)).toEqual(needsReview(input));
      }),
    );
  });

  it('non-material edits and reordering the lists never change the answer', () => {
    fc.assert(
      fc.property(inputArb, changedAtArb, (input, noise) => {
        const changedAt = { ...input.changedAt, ...Object.fromEntries(NON_MATERIAL.map((k) => [k, noise[k]])) } as SectionChangedAt;
        const shuffled = { ...input, changedAt, requests: [...input.requests].reverse(), verdicts: [...input.verdicts].reverse(), metricOwnerIds: [...input.metricOwnerIds].reverse() };
        expect(needsReview(shuffled)).toEqual(needsReview(input));
      }),
    );
  });

  it('a current verdict from me always ends the need to review; an author’s only need is to vouch, as a cited metric’s owner', () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const author = input.authorIds.includes('viewer');
        const vouch = author && input.metricOwnerIds.includes('viewer') ? ['vouch'] : null;
        const current = { reviewerId: 'viewer', revision: materialRevision(input.changedAt) };
        expect(needsReview({ ...input, verdicts: [...input.verdicts, current] })).toEqual(input.status === 'in-review' ? vouch : null);
        const need = needsReview(input);
        if (need) {
          expect(input.status).toBe('in-review');
          expect(need.length).toBeGreaterThan(0);
          if (author) expect(need).toEqual(['vouch']);
          else expect(need).not.toContain('vouch');
        }
      }),
    );
  });

  it('opening another request for me never removes the need', () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const before = needsReview(input);
        const after = needsReview({ ...input, requests: [...input.requests, { userId: 'viewer', function: null }] });
        if (before) expect(after).toEqual(expect.arrayContaining(before));
      }),
    );
  });
});

describe('what an override’s rationale must be', () => {
  it.each([
    ['asdf qwer zxcv uiop hjkl', false], // keys, not words
    ['asdf qwer zxcv uiop hjkl bnm, sdfg wert', false],
    ['We accept this risk and proceed.', false], // a sentence, but too short to answer an objection
    ['ok ok ok ok ok ok ok ok ok', false],
    ['TBD TBD TBD TBD TBD TBD TBD TBD', false],
    ['The guardrail held in both markets, so we proceed with the rollout.', true],
    ['Мы принимаем этот риск: откат занимает один день, а мониторинг включён.', true],
    ['Ship: DS signed off, SRM OK, CTR +2% (CI 1-3%), QPS fine.', true], // acronyms aren't key mash
    ['Přijímáme riziko, protože návrat zpět trvá jeden den a máme monitoring.', true],
  ])('%j → %s', (text, ok) => {
    expect(isOverrideRationale(text)).toBe(ok);
  });
});

describe('a change of spacing only is not a change in words', () => {
  it('keeps re-spaced and re-wrapped sections out of the changes that outdate comments and stale verdicts', () => {
    const before = decisionContentSchema.parse({ title: 'Ship the one-page checkout', methodology: 'Two weeks. All EU traffic.', summary: 'We ship it.' });
    const after = decisionContentSchema.parse({ title: 'Ship the one-page checkout', methodology: 'Two weeks.\n\nAll  EU traffic.', summary: 'We do not ship it.' });
    const changed = changedSections(before, after);
    expect(changed).toEqual(['summary', 'methodology']);
    expect(changedInWords(before, after, changed)).toEqual(['summary']);
    // What the editor's checklist evaluates while the author types: the save's map, re-spacing left out.
    const at = changedAtIfSaved(before, after, afterSaves(['context']), 2);
    expect(at).toMatchObject({ context: 2, summary: 3, methodology: 1 });
    expect(isVerdictStale(2, at)).toBe(true);
  });
});
