import { now as currentTime } from '@/lib/clock';
import { and, asc, eq, inArray, isNotNull, ne, notInArray, sql } from 'drizzle-orm';
import { AppError, parseOrThrow } from '@/lib/errors';
import { isVerdictStale, standingVerdicts } from '@/lib/review';
import { type UserFunction } from '@/lib/validation/common';
import { functionBit } from '@/lib/vocabulary';
import { circulateSchema, reviewSchema, type Verdict } from '@/lib/validation/review';
import type { Db, Executor } from '../client';
import { decisionMetrics, decisions, metrics, reviewRequests, reviews, user } from '../schema';
import { loadFacts, type Person } from './decisions';
import { appendEvent, notify } from './events';
import type { Viewer } from './users';

/*
 * Circulating a draft for critique, review requests, and verdicts
 * (GitHub's pull-request review is the model).
 */

export type ReviewRequest =
  | { kind: 'person'; person: Person; reason: 'author' | 'metric-owner'; open: boolean; since: string }
  | { kind: 'function'; function: UserFunction; open: boolean; since: string };

export type Review = {
  id: number;
  reviewer: Person;
  /** The reviewer's function when the verdict was given. */
  function: UserFunction;
  verdict: Verdict;
  revision: number;
  stale: boolean;
  /** The reviewer's standing verdict (earlier approvals/requests are history; comments never supersede). */
  latest: boolean;
  body: string;
  createdAt: string;
};

const personColumns = { id: user.id, name: user.name, email: user.email, function: user.function };

/** Owners of the metrics the current revision cites, minus the authors. */
function metricOwnerIds(tx: Executor, decisionId: number, exclude: string[]): string[] {
  return tx
    .selectDistinct({ id: metrics.ownerId })
    .from(decisionMetrics)
    .innerJoin(metrics, eq(metrics.id, decisionMetrics.metricId))
    .where(eq(decisionMetrics.decisionId, decisionId))
    .all()
    .map((r) => r.id)
    .filter((id) => !exclude.includes(id));
}

function insertPersonRequest(tx: Executor, decisionId: number, userId: string, reason: 'author' | 'metric-owner', by: Viewer, at: number): boolean {
  const res = tx
    .insert(reviewRequests)
    .values({ decisionId, userId, reason, requestedBy: by.id, open: true, createdAt: at })
    .onConflictDoUpdate({ target: [reviewRequests.decisionId, reviewRequests.userId], set: { open: true }, setWhere: sql`${reviewRequests.open} = 0` })
    .run();
  return res.changes > 0;
}

/** Keep decisions.requested_functions equal to the functions its open requests ask (call after any change to them). */
export function syncRequestedFunctions(tx: Executor, decisionId: number): void {
  const fns = tx
    .select({ fn: reviewRequests.function })
    .from(reviewRequests)
    .where(and(eq(reviewRequests.decisionId, decisionId), eq(reviewRequests.open, true), isNotNull(reviewRequests.function)))
    .all();
  tx.update(decisions).set({ requestedFunctions: fns.reduce((mask, r) => mask | functionBit(r.fn!), 0) }).where(eq(decisions.id, decisionId)).run();
}

/** Close every request once a decision leaves review. */
export function closeRequests(tx: Executor, decisionId: number): void {
  tx.update(reviewRequests).set({ open: false }).where(eq(reviewRequests.decisionId, decisionId)).run();
  tx.update(decisions).set({ requestedFunctions: 0 }).where(eq(decisions.id, decisionId)).run();
}

/**
 * Make the owners of every cited metric required reviewers. Returns the newly
 * requested; they are notified here unless the caller notifies everyone at once.
 */
export function requestMetricOwners(tx: Executor, e: { decisionId: number; teamId: number; actor: Viewer; at: number; notifyNow?: boolean }): string[] {
  const authors = loadFacts(tx, e.decisionId).authorIds;
  const added = metricOwnerIds(tx, e.decisionId, authors).filter((id) => insertPersonRequest(tx, e.decisionId, id, 'metric-owner', e.actor, e.at));
  if (added.length && e.notifyNow !== false) {
    notify(tx, { userIds: added, kind: 'review-requested', actor: e.actor, decisionId: e.decisionId, at: e.at });
    appendEvent(tx, { decisionId: e.decisionId, teamId: e.teamId, actor: e.actor, type: 'review.requested', data: { metricOwners: added.length }, at: e.at });
  }
  return added;
}

/**
 * Move a draft into review (or, while in review, ask more people), requesting
 * reviewers by person and by function. Owners of cited metrics are requested
 * automatically. Everyone asked is notified.
 */
export async function circulate(db: Db, viewer: Viewer, input: { id: number } & Record<string, unknown>): Promise<{ status: 'in-review'; requests: ReviewRequest[] }> {
  const data = parseOrThrow(circulateSchema, { reviewers: input.reviewers, functions: input.functions });
  const facts = loadFacts(db, input.id);
  if (!facts.authorIds.includes(viewer.id)) throw new AppError('forbidden', 'Only the authors of a decision can circulate it');
  if (facts.status !== 'draft' && facts.status !== 'in-review') {
    throw new AppError('conflict', `This decision is ${facts.status}; only drafts are circulated for review`);
  }
  const people = data.reviewers.length ? db.select(personColumns).from(user).where(inArray(user.email, data.reviewers)).all() : [];
  const issues = data.reviewers.flatMap((email, i) => {
    const p = people.find((x) => x.email === email);
    if (!p) return [{ path: `reviewers.${i}`, message: `No one has an account with ${email}` }];
    if (facts.authorIds.includes(p.id)) return [{ path: `reviewers.${i}`, message: `${p.name} is an author of this decision; ask someone else to review` }];
    return [];
  });
  if (issues.length) throw new AppError('invalid', issues[0]!.message, { issues });

  const now = currentTime();
  db.transaction((tx) => {
    const wasDraft = facts.status === 'draft';
    if (wasDraft) {
      tx.update(decisions)
        .set({ status: 'in-review', inReviewSince: now, firstCirculatedRevision: sql`coalesce(${decisions.firstCirculatedRevision}, ${facts.revision})` })
        .where(eq(decisions.id, facts.id))
        .run();
      // Requests from an earlier round of review stand again.
      tx.update(reviewRequests).set({ open: true }).where(eq(reviewRequests.decisionId, facts.id)).run();
    }
    const newPeople = people.filter((p) => insertPersonRequest(tx, facts.id, p.id, 'author', viewer, now)).map((p) => p.id);
    const newFunctions = data.functions.filter(
      (f) =>
        tx
          .insert(reviewRequests)
          .values({ decisionId: facts.id, function: f, reason: 'author', requestedBy: viewer.id, open: true, createdAt: now })
          .onConflictDoUpdate({ target: [reviewRequests.decisionId, reviewRequests.function], set: { open: true }, setWhere: sql`${reviewRequests.open} = 0` })
          .run().changes > 0,
    );
    syncRequestedFunctions(tx, facts.id);
    const newOwners = requestMetricOwners(tx, { decisionId: facts.id, teamId: facts.teamId, actor: viewer, at: now, notifyNow: false });
    const ownerNames = newOwners.length ? tx.select({ name: user.name }).from(user).where(inArray(user.id, newOwners)).all().map((u) => u.name) : [];
    appendEvent(tx, {
      decisionId: facts.id,
      teamId: facts.teamId,
      actor: viewer,
      type: wasDraft ? 'decision.circulated' : 'review.requested',
      data: { revision: facts.revision, reviewers: people.map((p) => p.name), functions: data.functions, metricOwners: ownerNames },
      at: now,
    });
    // Whom to tell, once each: on a (re)circulation everyone asked; on a later request only the newly asked.
    // A function request reaches everyone of that function (they see it under "Needs my review").
    const open = tx.select({ userId: reviewRequests.userId, function: reviewRequests.function }).from(reviewRequests).where(and(eq(reviewRequests.decisionId, facts.id), eq(reviewRequests.open, true))).all();
    const asked = wasDraft ? open.flatMap((r) => (r.userId ? [r.userId] : [])) : [...newPeople, ...newOwners];
    const functions = wasDraft ? open.flatMap((r) => (r.function ? [r.function] : [])) : newFunctions;
    const functionMembers = functions.length
      ? tx
          .select({ id: user.id })
          .from(user)
          .where(and(inArray(user.function, functions), notInArray(user.id, facts.authorIds)))
          .all()
          .map((u) => u.id)
      : [];
    notify(tx, { userIds: [...asked, ...functionMembers], kind: 'review-requested', actor: viewer, decisionId: facts.id, at: now });
  });
  return { status: 'in-review', requests: await listRequests(db, { id: facts.id }) };
}

export async function returnToDraft(db: Db, viewer: Viewer, input: { id: number }): Promise<{ status: 'draft' }> {
  const facts = loadFacts(db, input.id);
  if (!facts.authorIds.includes(viewer.id)) throw new AppError('forbidden', 'Only the authors of a decision can move it back to draft');
  if (facts.status !== 'in-review') throw new AppError('conflict', `This decision is ${facts.status}, not in review`);
  const now = currentTime();
  db.transaction((tx) => {
    tx.update(decisions).set({ status: 'draft', inReviewSince: null }).where(eq(decisions.id, facts.id)).run();
    closeRequests(tx, facts.id);
    appendEvent(tx, { decisionId: facts.id, teamId: facts.teamId, actor: viewer, type: 'decision.returned-to-draft', data: { revision: facts.revision }, at: now });
  });
  return { status: 'draft' };
}

export async function listRequests(db: Db, input: { id: number }): Promise<ReviewRequest[]> {
  const rows = db
    .select({
      userId: reviewRequests.userId,
      function: reviewRequests.function,
      reason: reviewRequests.reason,
      open: reviewRequests.open,
      createdAt: reviewRequests.createdAt,
      name: user.name,
      email: user.email,
      userFunction: user.function,
    })
    .from(reviewRequests)
    .leftJoin(user, eq(user.id, reviewRequests.userId))
    .where(eq(reviewRequests.decisionId, input.id))
    .orderBy(asc(reviewRequests.id))
    .all();
  return rows.map((r) =>
    r.userId
      ? { kind: 'person', person: { id: r.userId, name: r.name!, email: r.email!, function: r.userFunction as UserFunction }, reason: r.reason, open: r.open, since: new Date(r.createdAt).toISOString() }
      : { kind: 'function', function: r.function as UserFunction, open: r.open, since: new Date(r.createdAt).toISOString() },
  );
}

/** Every verdict on a decision, oldest first, each marked latest-per-reviewer and stale or current. */
export async function listReviews(db: Db, input: { id: number }): Promise<Review[]> {
  const facts = loadFacts(db, input.id);
  const rows = db
    .select({
      id: reviews.id,
      verdict: reviews.verdict,
      body: reviews.body,
      revision: reviews.revision,
      reviewerFunction: reviews.reviewerFunction,
      createdAt: reviews.createdAt,
      ...{ rid: user.id, name: user.name, email: user.email, fn: user.function },
    })
    .from(reviews)
    .innerJoin(user, eq(user.id, reviews.reviewerId))
    .where(eq(reviews.decisionId, facts.id))
    .orderBy(asc(reviews.id))
    .all();
  // A verdict is superseded by the same reviewer's later approve / request-changes; comments supersede nothing.
  const standing = new Set(standingVerdicts(rows, (r) => r.rid, []).map((r) => r.id));
  return rows.map((r) => ({
    id: r.id,
    reviewer: { id: r.rid, name: r.name, email: r.email, function: r.fn as UserFunction },
    function: r.reviewerFunction as UserFunction,
    verdict: r.verdict,
    revision: r.revision,
    stale: isVerdictStale(r.revision, facts.sectionChangedAt),
    latest: standing.has(r.id) || r.verdict === 'comment',
    body: r.body,
    createdAt: new Date(r.createdAt).toISOString(),
  }));
}

/** Give a verdict on the current revision. Authors do not review their own decisions. */
export async function submitReview(db: Db, viewer: Viewer, input: { id: number } & Record<string, unknown>): Promise<Review> {
  const data = parseOrThrow(reviewSchema, { verdict: input.verdict, body: input.body });
  const facts = loadFacts(db, input.id);
  if (facts.authorIds.includes(viewer.id)) {
    throw new AppError('forbidden', data.verdict === 'approve' ? 'You cannot approve your own decision' : 'Authors do not give verdicts on their own decision; reply in the threads instead');
  }
  if (facts.status !== 'in-review') {
    throw new AppError('conflict', facts.status === 'draft' ? 'This decision is still a draft: verdicts open once it is circulated for review' : `This decision is ${facts.status}; verdicts are closed`);
  }
  const now = currentTime();
  const id = db.transaction((tx) => {
    if (tx.select({ status: decisions.status }).from(decisions).where(eq(decisions.id, facts.id)).get()!.status !== 'in-review') {
      throw new AppError('conflict', 'This decision left review a moment ago; verdicts are closed');
    }
    const row = tx
      .insert(reviews)
      .values({ decisionId: facts.id, reviewerId: viewer.id, verdict: data.verdict, body: data.body, revision: facts.revision, reviewerFunction: viewer.function, createdAt: now })
      .returning({ id: reviews.id })
      .get();
    appendEvent(tx, { decisionId: facts.id, teamId: facts.teamId, actor: viewer, type: 'review.submitted', data: { verdict: data.verdict, revision: facts.revision }, at: now });
    notify(tx, { userIds: facts.authorIds, kind: 'verdict', actor: viewer, decisionId: facts.id, at: now });
    return row.id;
  });
  return (await listReviews(db, { id: facts.id })).find((r) => r.id === id)!;
}

/** People whose function differs from `fn` — for the function picker's hint. */
export async function countPeopleByFunction(db: Db, excludeIds: string[]): Promise<Record<string, number>> {
  const rows = db
    .select({ fn: user.function, n: sql<number>`count(*)` })
    .from(user)
    .where(excludeIds.length ? notInArray(user.id, excludeIds) : ne(user.id, ''))
    .groupBy(user.function)
    .all();
  return Object.fromEntries(rows.map((r) => [r.fn, r.n]));
}

/** One verdict per reviewer, authors excluded: their standing approve / request-changes, or else their latest comment. */
export function standingReviews(reviews: Review[], authorIds: readonly string[]): Review[] {
  return standingVerdicts(reviews, (r) => r.reviewer.id, authorIds);
}
