import { substance, words } from './gate/substantive';
import type { SectionChangedAt } from './revisions';
import type { UserFunction } from './validation/common';

/*
 * The rules of critique, as functions of plain data: when a verdict is stale,
 * when a comment is outdated, who may resolve / reopen / override a thread, and
 * whose review a decision needs. The data layer and the UI both call these; the
 * feed's SQL mirrors needsReview and is tested against it.
 */

/**
 * The sections whose change invalidates a verdict: what is decided (title, summary, decision, the options and
 * which one is chosen), the evidence and how it was analysed, and the critique the record owns up to. An
 * approval is of what the reviewer read: flipping the decision ("Adopt X" to "Reject X"), or dropping a stated
 * limitation, after it is not approved. Context, risks, tags and the review date are edited freely.
 */
export const MATERIAL_SECTIONS = ['title', 'summary', 'decision', 'options', 'dataSources', 'methodology', 'metrics', 'evidence', 'openCritique'] as const;

/** The latest revision at which any material section changed. */
export function materialRevision(changedAt: SectionChangedAt): number {
  return Math.max(...MATERIAL_SECTIONS.map((k) => changedAt[k] ?? 1));
}

/**
 * A verdict given on revision r is stale once a later revision changed a
 * material section (above) in more than its spacing. Edits to other fields
 * (context, risks, tags, the review date) keep it current.
 */
export function isVerdictStale(verdictRevision: number, currentChangedAt: SectionChangedAt): boolean {
  return materialRevision(currentChangedAt) > verdictRevision;
}

/**
 * Each reviewer's standing verdict, as in GitHub's review model: their latest
 * approve or request-changes (a "comment" review never replaces one), or else
 * their latest comment. `notCritics` (the authors, and whoever wrote a
 * revision) give no verdicts that stand: a reviewer cannot be made a co-author
 * (db/queries/decisions.ts refuses it), and one who later wrote part of the
 * record reviewed their own work. `reviews` are oldest first.
 */
export function standingVerdicts<T extends { verdict: string }>(reviews: T[], reviewerOf: (r: T) => string, notCritics: readonly string[]): T[] {
  const standing = new Map<string, T>();
  for (const v of reviews) {
    const who = reviewerOf(v);
    if (notCritics.includes(who)) continue;
    const current = standing.get(who);
    if (v.verdict !== 'comment' || !current || current.verdict === 'comment') standing.set(who, v);
  }
  return [...standing.values()];
}

/** A comment is outdated once the section it is about changed after it was written. The whole-record section never is. */
export function isCommentOutdated(section: string, commentRevision: number, currentChangedAt: SectionChangedAt): boolean {
  if (section === 'record') return false;
  const changed = (currentChangedAt as Record<string, number>)[section];
  return changed !== undefined && changed > commentRevision;
}

/**
 * Where a comment lives on its decision's page. Long discussions are paged, so
 * the link asks the page to open the thread holding it (a reply's id works too).
 */
export function commentHref(decisionId: number, commentId: number): string {
  return `/decisions/${decisionId}?thread=${commentId}#comment-${commentId}`;
}

export const COMMENT_KINDS = ['question', 'suggestion', 'concern', 'blocking', 'endorsement'] as const;
export type CommentKind = (typeof COMMENT_KINDS)[number];
export const COMMENT_KIND_LABELS: Record<CommentKind, string> = {
  question: 'Question',
  suggestion: 'Suggestion',
  concern: 'Concern',
  blocking: 'Blocking',
  endorsement: 'Endorsement',
};

export type ThreadState = 'open' | 'resolved' | 'overridden';
export type Actor = { id: string; isOrgAdmin: boolean };
export type ThreadFacts = { kind: string; authorId: string; state: ThreadState; deleted: boolean };

type Ruling = { ok: true } | { ok: false; reason: string };
const yes: Ruling = { ok: true };
const no = (reason: string): Ruling => ({ ok: false, reason });

/**
 * Resolve a thread. A blocking objection is withdrawn only by the person who
 * raised it, and never by one of the decision's authors: everyone else answers
 * it by override (the authors, with a rationale that stays on the record as
 * dissent). No role lets anyone make an objection vanish — an org admin who
 * could step out of the author list, resolve and step back in proved that an
 * admin exception is a way round the gate. Other threads may be resolved by
 * their author, the decision's authors or an org admin.
 */
export function canResolve(thread: ThreadFacts, actor: Actor, decisionAuthorIds: string[]): Ruling {
  if (thread.deleted) return no('This comment was deleted');
  if (thread.state !== 'open') return no(`This thread is already ${thread.state}`);
  if (thread.kind === 'blocking') {
    if (decisionAuthorIds.includes(actor.id)) {
      return no('You are an author of this decision, so you cannot resolve a blocking objection: override it with a rationale, which stays on the record as dissent (only the person who raised it can resolve it)');
    }
    return thread.authorId === actor.id
      ? yes
      : no('Only the person who raised a blocking objection can resolve it; the decision’s authors can override it with a rationale, which stays on the record');
  }
  return thread.authorId === actor.id || decisionAuthorIds.includes(actor.id) || actor.isOrgAdmin
    ? yes
    : no('Only the comment’s author or the decision’s authors can resolve this thread');
}

/** Reopen a resolved or overridden thread: the people who could have resolved it, and the objector whose objection was overridden. */
export function canReopen(thread: ThreadFacts, actor: Actor, decisionAuthorIds: string[]): Ruling {
  if (thread.deleted) return no('This comment was deleted');
  if (thread.state === 'open') return no('This thread is already open');
  if (thread.authorId === actor.id || actor.isOrgAdmin) return yes;
  if (thread.kind !== 'blocking' && decisionAuthorIds.includes(actor.id)) return yes;
  return no(thread.kind === 'blocking' ? 'Only the person who raised this objection (or an org admin) can reopen it' : 'Only the comment’s author or the decision’s authors can reopen this thread');
}

/** "At least a sentence": enough words to say why, not a placeholder. */
export function isSubstantialRationale(text: string): boolean {
  const t = text.trim();
  return t.length >= 20 && t.split(/\s+/).filter((w) => /\p{L}/u.test(w)).length >= 4;
}

/** Words an override's rationale needs: it answers someone's objection, on the published record. */
export const OVERRIDE_MIN_WORDS = 8;

/**
 * An override's rationale: a sentence that answers the objection, not a placeholder and not a string of
 * keys ("asdf qwer zxcv uiop hjkl"): at least eight words, six of them different, and words of prose: of
 * its lower-case Latin words, two in three have a vowel (acronyms such as SRM or CTR aren't judged, nor
 * are other scripts).
 */
export function isOverrideRationale(text: string): boolean {
  if (!isSubstantialRationale(text) || !substance(text, OVERRIDE_MIN_WORDS).ok) return false;
  const ws = words(text).filter((w) => /\p{L}/u.test(w));
  if (ws.length < OVERRIDE_MIN_WORDS || new Set(ws.map((w) => w.toLowerCase())).size < 6) return false;
  const latin = ws
    .map((w) => w.replace(/[^\p{L}]/gu, ''))
    .filter((w) => w.length > 1 && /^\p{Script=Latin}+$/u.test(w) && w !== w.toUpperCase())
    .map((w) => w.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase());
  if (latin.length < 4) return true;
  return latin.filter((w) => /[aeiouyæøœ]/.test(w)).length * 3 >= latin.length * 2;
}

/** The decision's author may override an open blocking objection, with a written rationale that stays on the record. */
export function canOverride(thread: ThreadFacts, actor: Actor, decisionAuthorIds: string[], rationale: string): Ruling {
  if (thread.deleted) return no('This comment was deleted');
  if (!decisionAuthorIds.includes(actor.id)) return no('Only the decision’s authors can override an objection');
  if (thread.kind !== 'blocking') return no('Only blocking objections are overridden; resolve other threads instead');
  if (thread.state !== 'open') return no(`This objection is already ${thread.state}`);
  if (!isOverrideRationale(rationale)) return no(`Write the rationale in at least a sentence (${OVERRIDE_MIN_WORDS} words or more) that answers the objection: it stays on the published record`);
  return yes;
}

/** The sections a metric owner vouches for: where the record's numbers come from and what they say. */
export const VOUCHED_SECTIONS = ['dataSources', 'methodology', 'metrics', 'evidence'] as const;

/** The revision in which the record's sources, methodology, metrics or evidence last changed. */
export const evidenceRevision = (changedAt: SectionChangedAt): number => Math.max(...VOUCHED_SECTIONS.map((k) => changedAt[k] ?? 1));

/**
 * How a cited metric's owner who wrote or co-authors a record has vouched for its evidence: they give no
 * verdicts, so they vouch by saving it or with "Vouch for the evidence".
 */
export type VouchRecord = {
  /** Everyone who saved a revision of the record, authors now or not, and the latest revision each saved. */
  lastWrote: Readonly<Record<string, number>>;
  /** The revision each owner among the writers and authors last vouched for the evidence at. */
  lastVouched: Readonly<Record<string, number>>;
  /**
   * Who was handed a cited metric while the decision was open, and its revision then: what they saved up to it
   * was written before they owned the metric, so it doesn't vouch (a hand-over is no way around the owner).
   */
  vouchFloor: Readonly<Record<string, number>>;
};

/**
 * The revision whose evidence a metric owner among the record's writers and authors last vouched for: the later
 * of their latest save (made after they were handed the metric, if they were) and their latest "Vouch for the
 * evidence" (undefined: neither). It holds until someone changes the sources, methodology, metrics or evidence.
 */
export function lastVouchedAt(r: VouchRecord, ownerId: string): number | undefined {
  const saved = r.lastWrote[ownerId];
  const [wrote, vouched] = [saved !== undefined && saved > (r.vouchFloor[ownerId] ?? 0) ? saved : undefined, r.lastVouched[ownerId]];
  return wrote === undefined ? vouched : vouched === undefined ? wrote : Math.max(wrote, vouched);
}

/** Whether an owner among the writers and authors vouches for the evidence as it stands (changedAt: the current revision's). */
export function vouchesNow(r: VouchRecord, ownerId: string, changedAt: SectionChangedAt): boolean {
  const at = lastVouchedAt(r, ownerId);
  return at !== undefined && at >= evidenceRevision(changedAt);
}

export type ReviewRequestFacts = { userId: string | null; function: string | null; open?: boolean };
export type VerdictFacts = { reviewerId: string; revision: number };

export type NeedsReviewInput = {
  viewer: { id: string; function: UserFunction };
  status: string;
  authorIds: string[];
  /** Who saved a revision of it: like authors, they give no verdicts. */
  writerIds?: string[];
  requests: ReviewRequestFacts[];
  /** Owners of the catalogue metrics the current revision cites. */
  metricOwnerIds: string[];
  verdicts: VerdictFacts[];
  changedAt: SectionChangedAt;
  /** How the owners among the writers and authors have vouched (none yet when absent). */
  vouches?: VouchRecord;
};

/** vouch: they own a cited metric and wrote or co-author the record, and haven't vouched for its evidence as it stands. */
export type NeedsReviewReason = 'requested' | 'function' | 'metric-owner' | 'vouch';

/**
 * Why this decision needs the viewer's review, or null when it does not: it is in review, and either the
 * viewer is not an author and wrote none of it, it asks for them (by name, by their function, or by citing a
 * metric they own), and they have no current verdict; or they own a cited metric and wrote or co-author it,
 * and don't vouch for its evidence as it stands (they give no verdicts: the gate waits for their vouch).
 */
export function needsReview(input: NeedsReviewInput): NeedsReviewReason[] | null {
  const { viewer } = input;
  if (input.status !== 'in-review') return null;
  if (input.authorIds.includes(viewer.id) || input.writerIds?.includes(viewer.id)) {
    const vouches = input.vouches ?? { lastWrote: {}, lastVouched: {}, vouchFloor: {} };
    return input.metricOwnerIds.includes(viewer.id) && !vouchesNow(vouches, viewer.id, input.changedAt) ? ['vouch'] : null;
  }
  const open = input.requests.filter((r) => r.open !== false);
  const reasons: NeedsReviewReason[] = [];
  if (open.some((r) => r.userId === viewer.id)) reasons.push('requested');
  if (open.some((r) => r.function === viewer.function)) reasons.push('function');
  if (input.metricOwnerIds.includes(viewer.id)) reasons.push('metric-owner');
  if (reasons.length === 0) return null;
  const hasCurrent = input.verdicts.some((v) => v.reviewerId === viewer.id && !isVerdictStale(v.revision, input.changedAt));
  return hasCurrent ? null : reasons;
}

/**
 * People mentioned in a comment: "@email", "@handle" (an email's local part),
 * or "@Firstname" / "@FirstLast" when that names exactly one person.
 */
export function extractMentionTokens(body: string): string[] {
  // Ignore code: `@decorators` in code spans and fences are not people.
  const text = body
    .replace(/^ {0,3}(`{3,}|~{3,})[^\n]*\n[\s\S]*?(?:^ {0,3}\1[`~]*[ \t]*$|(?![\s\S]))/gm, ' ')
    .replace(/(`+)[\s\S]*?\1/g, ' ');
  const found = new Set<string>();
  for (const m of text.matchAll(/(^|[^\p{L}\p{N}_.@/])@([\p{L}\p{N}._+-]+(?:@[\p{L}\p{N}.-]+\.[\p{L}]{2,})?)/gu)) {
    const token = m[2]!.replace(/[.-]+$/, '').toLowerCase();
    if (token) found.add(token);
  }
  return [...found];
}

export type MentionCandidate = { id: string; email: string; name: string };

/** Resolve tokens against people; ambiguous first names mention no one rather than the wrong person. */
export function resolveMentions(tokens: string[], people: MentionCandidate[]): string[] {
  const ids = new Set<string>();
  for (const token of tokens) {
    const exact = people.filter((p) => p.email.toLowerCase() === token || p.email.toLowerCase().split('@')[0] === token);
    const byName = people.filter((p) => {
      const name = p.name.toLowerCase();
      return name.replace(/\s+/g, '') === token || name.replace(/\s+/g, '.') === token || name.split(/\s+/)[0] === token;
    });
    const matches = exact.length ? exact : byName;
    if (matches.length === 1) ids.add(matches[0]!.id);
  }
  return [...ids];
}
