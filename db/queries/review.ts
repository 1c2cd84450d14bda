import { now as currentTime } from '@/lib/clock';
import { and, asc, eq, gte, inArray, isNotNull, isNull, ne, notInArray, sql } from 'drizzle-orm';
import { AppError, parseOrThrow } from '@/lib/errors';
import { evidenceRevision, isVerdictStale, lastVouchedAt, materialRevision, standingVerdicts } from '@/lib/review';
import { type UserFunction } from '@/lib/validation/common';
import { functionBit } from '@/lib/vocabulary';
import { circulateSchema, reviewSchema, vouchSchema, type Verdict } from '@/lib/validation/review';
import { readAll, type Db, type Executor } from '../client';
import { decisionMetrics, decisions, evidenceVouches, metrics, reviewRequests, reviews, user } from '../schema';
import { loadFacts, loadVouches, type DecisionFacts, type Person } from './facts';
import { appendEvent, notify } from './events';
import { teamPolicyInForce } from './org';
import { recheckDecisionRight, requireDecisionRight } from './permissions';
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

/** Owners of the metrics the current revision cites, minus `exclude`. */
async function metricOwnerIds(tx: Executor, decisionId: number, exclude: string[]): Promise<string[]> {
  return (
    await tx
      .selectDistinct({ id: metrics.ownerId })
      .from(decisionMetrics)
      .innerJoin(metrics, eq(metrics.id, decisionMetrics.metricId))
      .where(eq(decisionMetrics.decisionId, decisionId))
  )
    .map((r) => r.id)
    .filter((id) => !exclude.includes(id));
}

/** Request a person's review; true when the request is new or was closed and now stands again. */
async function insertPersonRequest(tx: Executor, decisionId: number, userId: string, reason: 'author' | 'metric-owner', by: Viewer, at: number): Promise<boolean> {
  const res = await tx
    .insert(reviewRequests)
    .values({ decisionId, userId, reason, requestedBy: by.id, open: true, createdAt: at })
    .onConflictDoUpdate({ target: [reviewRequests.decisionId, reviewRequests.userId], set: { open: true }, setWhere: eq(reviewRequests.open, false) })
    .returning({ id: reviewRequests.id });
  return res.length > 0;
}

/** Keep decisions.requested_functions equal to the functions its open requests ask (call after any change to them). */
export async function syncRequestedFunctions(tx: Executor, decisionId: number): Promise<void> {
  const fns = await tx
    .select({ fn: reviewRequests.function })
    .from(reviewRequests)
    .where(and(eq(reviewRequests.decisionId, decisionId), eq(reviewRequests.open, true), isNotNull(reviewRequests.function)));
  await tx.update(decisions).set({ requestedFunctions: fns.reduce((mask, r) => mask | functionBit(r.fn!), 0) }).where(eq(decisions.id, decisionId));
}

/** Close every request once a decision leaves review. */
export async function closeRequests(tx: Executor, decisionId: number): Promise<void> {
  await tx.update(reviewRequests).set({ open: false }).where(eq(reviewRequests.decisionId, decisionId));
  await tx.update(decisions).set({ requestedFunctions: 0 }).where(eq(decisions.id, decisionId));
}

/**
 * Make the owners of every cited metric required reviewers. Returns the newly
 * requested; they are notified here unless the caller notifies everyone at once.
 */
export async function requestMetricOwners(tx: Executor, e: { decisionId: number; teamId: number; actor: Viewer; at: number; notifyNow?: boolean }): Promise<string[]> {
  // Authors, and whoever wrote a revision, give no verdicts: an owner among them vouches for the evidence instead.
  const facts = await loadFacts(tx, e.decisionId);
  const added: string[] = [];
  for (const id of await metricOwnerIds(tx, e.decisionId, [...facts.authorIds, ...facts.writerIds])) {
    if (await insertPersonRequest(tx, e.decisionId, id, 'metric-owner', e.actor, e.at)) added.push(id);
  }
  if (added.length && e.notifyNow !== false) {
    await notify(tx, { userIds: added, kind: 'review-requested', actor: e.actor, decisionId: e.decisionId, at: e.at });
    await appendEvent(tx, { decisionId: e.decisionId, teamId: e.teamId, actor: e.actor, type: 'review.requested', data: { metricOwners: added.length }, at: e.at });
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
  const facts = await loadFacts(db, input.id);
  const standing = await requireDecisionRight(db, viewer, facts, 'circulate');
  const people = data.reviewers.length ? await db.select({ ...personColumns, deactivatedAt: user.deactivatedAt }).from(user).where(inArray(user.email, data.reviewers)) : [];
  const issues = data.reviewers.flatMap((email, i) => {
    const p = people.find((x) => x.email === email);
    if (!p) return [{ path: `reviewers.${i}`, message: `No one has an account with ${email}` }];
    if (facts.authorIds.includes(p.id)) return [{ path: `reviewers.${i}`, message: `${p.name} is an author of this decision; ask someone else to review` }];
    if (facts.writerIds.includes(p.id)) return [{ path: `reviewers.${i}`, message: `${p.name} wrote a revision of this decision; ask someone else to review` }];
    if (p.deactivatedAt !== null) return [{ path: `reviewers.${i}`, message: `${p.name}’s account is deactivated; ask someone who still works here` }];
    return [];
  });
  if (issues.length) throw new AppError('invalid', issues[0]!.message, { issues });

  const now = currentTime();
  await db.transaction(async (tx) => {
    const status = await recheckDecisionRight(tx, facts.id, standing, 'circulate', 'update');
    // Circulating a draft and asking more people while in review are different acts: do the one that was asked for.
    if (status !== facts.status) throw new AppError('conflict', 'This decision changed a moment ago: reload and try again');
    const wasDraft = facts.status === 'draft';
    if (wasDraft) {
      await tx
        .update(decisions)
        .set({
          status: 'in-review',
          inReviewSince: now,
          reviewPolicy: JSON.stringify(await teamPolicyInForce(tx, facts.teamId)),
          firstCirculatedRevision: sql`coalesce(${decisions.firstCirculatedRevision}, ${facts.revision})`,
        })
        .where(eq(decisions.id, facts.id));
      // Requests from an earlier round of review stand again.
      await tx.update(reviewRequests).set({ open: true }).where(eq(reviewRequests.decisionId, facts.id));
    }
    const newPeople: string[] = [];
    for (const p of people) {
      if (await insertPersonRequest(tx, facts.id, p.id, 'author', viewer, now)) newPeople.push(p.id);
    }
    const newFunctions: typeof data.functions = [];
    for (const f of data.functions) {
      const res = await tx
        .insert(reviewRequests)
        .values({ decisionId: facts.id, function: f, reason: 'author', requestedBy: viewer.id, open: true, createdAt: now })
        .onConflictDoUpdate({ target: [reviewRequests.decisionId, reviewRequests.function], set: { open: true }, setWhere: eq(reviewRequests.open, false) })
        .returning({ id: reviewRequests.id });
      if (res.length > 0) newFunctions.push(f);
    }
    await syncRequestedFunctions(tx, facts.id);
    const newOwners = await requestMetricOwners(tx, { decisionId: facts.id, teamId: facts.teamId, actor: viewer, at: now, notifyNow: false });
    const ownerNames = newOwners.length ? (await tx.select({ name: user.name }).from(user).where(inArray(user.id, newOwners))).map((u) => u.name) : [];
    await appendEvent(tx, {
      decisionId: facts.id,
      teamId: facts.teamId,
      actor: viewer,
      type: wasDraft ? 'decision.circulated' : 'review.requested',
      data: { revision: facts.revision, reviewers: people.map((p) => p.name), functions: data.functions, metricOwners: ownerNames },
      at: now,
    });
    // Whom to tell, once each: on a (re)circulation everyone asked; on a later request only the newly asked.
    // A function request reaches everyone of that function (they see it under "Needs my review").
    const open = await tx.select({ userId: reviewRequests.userId, function: reviewRequests.function }).from(reviewRequests).where(and(eq(reviewRequests.decisionId, facts.id), eq(reviewRequests.open, true)));
    const asked = wasDraft ? open.flatMap((r) => (r.userId ? [r.userId] : [])) : [...newPeople, ...newOwners];
    const functions = wasDraft ? open.flatMap((r) => (r.function ? [r.function] : [])) : newFunctions;
    const functionMembers = functions.length
      ? (await tx
          .select({ id: user.id })
          .from(user)
          .where(and(inArray(user.function, functions), notInArray(user.id, [...facts.authorIds, ...facts.writerIds]), isNull(user.deactivatedAt)))).map((u) => u.id)
      : [];
    await notify(tx, { userIds: [...asked, ...functionMembers], kind: 'review-requested', actor: viewer, decisionId: facts.id, at: now });
    // A cited metric's owner among the writers is asked to vouch for the evidence, unless they already do.
    if (wasDraft) await requestVouches(tx, { decisionId: facts.id, actor: viewer, at: now });
  });
  return { status: 'in-review', requests: await listRequests(db, { id: facts.id }) };
}

/**
 * A save changed what reviewers judge: everyone whose approval or request for changes was current until now
 * (given at `currentFrom`, the previous material revision, or later) is told it no longer counts, so an
 * objector learns their request went stale and can make it again.
 */
export async function notifyStaleVerdicts(tx: Executor, e: { decisionId: number; currentFrom: number; actor: Viewer; at: number }): Promise<void> {
  const rows = await tx
    .selectDistinct({ id: reviews.reviewerId })
    .from(reviews)
    .where(and(eq(reviews.decisionId, e.decisionId), inArray(reviews.verdict, ['approve', 'request-changes']), gte(reviews.revision, e.currentFrom)));
  await notify(tx, { userIds: rows.map((r) => r.id), kind: 'verdict-stale', actor: e.actor, decisionId: e.decisionId, at: e.at });
}

/**
 * A save changed the sources, methodology, metrics or evidence (the last change was in revision `before`, now
 * later): each cited metric's owner among the writers and authors whose vouch covered the evidence until now is
 * told it no longer does, as a reviewer is told their verdict went stale.
 */
export async function notifyStaleVouches(tx: Executor, e: { decisionId: number; before: number; actor: Viewer; at: number }): Promise<void> {
  const covered = (await vouchStates(tx, await loadFacts(tx, e.decisionId))).filter((v) => v.revision !== null && v.revision >= e.before);
  await notify(tx, { userIds: covered.map((v) => v.owner.id), kind: 'vouch-stale', actor: e.actor, decisionId: e.decisionId, at: e.at });
}

/**
 * Ask each cited metric's owner among the writers and authors whose vouch doesn't cover the evidence as it stands
 * to vouch for it: when a draft is circulated, and when a metric is handed to one of them during review.
 */
export async function requestVouches(tx: Executor, e: { decisionId: number; actor: Viewer; at: number }): Promise<void> {
  const toVouch = (await vouchStates(tx, await loadFacts(tx, e.decisionId))).filter((v) => !v.current);
  await notify(tx, { userIds: toVouch.map((v) => v.owner.id), kind: 'vouch-requested', actor: e.actor, decisionId: e.decisionId, at: e.at });
}

export type Vouch = { revision: number; metrics: string[] };

/** A cited metric's owner who wrote or co-authors the decision, and where their vouch for its evidence stands. */
export type VouchState = {
  owner: Person;
  /** The cited metrics they own. */
  metrics: string[];
  /** The revision they last vouched for, by saving the record or by vouching; null if neither. */
  revision: number | null;
  by: 'saving' | 'vouching' | null;
  /** The revision in which the sources, methodology, metrics or evidence last changed. */
  changedIn: number;
  /** Their vouch covers the evidence as it stands (the gate's rule, lib/gate lastVouchedAt). */
  current: boolean;
};

/**
 * Every cited metric's owner who wrote or co-authors the decision (and so vouches instead of reviewing), with
 * where their vouch stands, by `facts` read in `db`: the one reading of it for the page, the API, vouching and
 * the notices.
 */
async function vouchStates(db: Executor, facts: DecisionFacts): Promise<VouchState[]> {
  const [rows, vouches] = await readAll(db, [
    () =>
      db
        .select({ metric: metrics.name, ...{ id: user.id, name: user.name, email: user.email, fn: user.function } })
        .from(decisionMetrics)
        .innerJoin(metrics, eq(metrics.id, decisionMetrics.metricId))
        .innerJoin(user, eq(user.id, metrics.ownerId))
        .where(eq(decisionMetrics.decisionId, facts.id))
        .orderBy(asc(metrics.name)),
    () => loadVouches(db, facts.id),
  ]);
  const record = { lastWrote: facts.lastWrote, ...vouches };
  const changedIn = evidenceRevision(facts.sectionChangedAt);
  const byOwner = new Map<string, VouchState>();
  for (const r of rows) {
    if (!facts.authorIds.includes(r.id) && !facts.writerIds.includes(r.id)) continue;
    const known = byOwner.get(r.id);
    if (known) {
      known.metrics.push(r.metric);
      continue;
    }
    const at = lastVouchedAt(record, r.id);
    byOwner.set(r.id, {
      owner: { id: r.id, name: r.name, email: r.email, function: r.fn as UserFunction },
      metrics: [r.metric],
      revision: at ?? null,
      by: at === undefined ? null : vouches.lastVouched[r.id] === at ? 'vouching' : 'saving',
      changedIn,
      current: at !== undefined && at >= changedIn,
    });
  }
  return [...byOwner.values()];
}

/** Where each vouch for the decision's evidence stands (vouchStates). */
export async function listVouches(db: Db, input: { id: number }): Promise<VouchState[]> {
  return vouchStates(db, await loadFacts(db, input.id));
}

/**
 * A cited metric's owner who wrote or co-authors the decision (and so gives it no verdict) vouches that its
 * sources, methodology, metrics and evidence are right, as of `revision`, the one they read. Refused if those
 * sections changed since: they would vouch for what they never saw. Their latest vouch is kept, and logged.
 */
export async function vouchForEvidence(db: Db, viewer: Viewer, input: { id: number } & Record<string, unknown>): Promise<Vouch> {
  const data = parseOrThrow(vouchSchema, { revision: input.revision });
  const facts = await loadFacts(db, input.id);
  const standing = await requireDecisionRight(db, viewer, facts, 'vouch');
  const now = currentTime();
  return db.transaction(async (tx) => {
    await recheckDecisionRight(tx, facts.id, standing, 'vouch', 'share');
    const live = await loadFacts(tx, facts.id);
    const mine = (await vouchStates(tx, live)).find((v) => v.owner.id === viewer.id);
    if (!mine) throw new AppError('forbidden', 'You own none of the catalogue metrics this decision cites: only their owners vouch for its evidence');
    if (data.revision > live.revision) {
      throw new AppError('invalid', `This decision has no revision ${data.revision} yet: the current one is ${live.revision}`, { issues: [{ path: 'revision', message: `The current revision is ${live.revision}` }] });
    }
    if (data.revision < mine.changedIn) {
      throw new AppError('conflict', `The sources, methodology, metrics or evidence changed in revision ${mine.changedIn}, after the revision ${data.revision} you read: read what changed, then vouch again`, {
        details: { currentRevision: live.revision, readRevision: data.revision },
      });
    }
    // The evidence is unchanged since the revision read, so the vouch covers the current one.
    const vouch = { revision: live.revision, metrics: mine.metrics };
    // Vouching for what they already vouch for (by an earlier vouch or a save since the evidence changed) records nothing new.
    if (mine.current) return vouch;
    await tx
      .insert(evidenceVouches)
      .values({ decisionId: facts.id, userId: viewer.id, revision: vouch.revision, createdAt: now })
      .onConflictDoUpdate({ target: [evidenceVouches.decisionId, evidenceVouches.userId], set: { revision: vouch.revision, createdAt: now } });
    await appendEvent(tx, { decisionId: facts.id, teamId: facts.teamId, actor: viewer, type: 'evidence.vouched', data: vouch, at: now });
    await notify(tx, { userIds: live.authorIds, kind: 'vouched', actor: viewer, decisionId: facts.id, at: now });
    return vouch;
  });
}

export async function returnToDraft(db: Db, viewer: Viewer, input: { id: number }): Promise<{ status: 'draft' }> {
  const facts = await loadFacts(db, input.id);
  const standing = await requireDecisionRight(db, viewer, facts, 'returnToDraft');
  const now = currentTime();
  await db.transaction(async (tx) => {
    await recheckDecisionRight(tx, facts.id, standing, 'returnToDraft', 'update');
    await tx.update(decisions).set({ status: 'draft', inReviewSince: null, reviewPolicy: null }).where(eq(decisions.id, facts.id));
    await closeRequests(tx, facts.id);
    await appendEvent(tx, { decisionId: facts.id, teamId: facts.teamId, actor: viewer, type: 'decision.returned-to-draft', data: { revision: facts.revision }, at: now });
  });
  return { status: 'draft' };
}

export async function listRequests(db: Db, input: { id: number }): Promise<ReviewRequest[]> {
  const rows = await db
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
    .orderBy(asc(reviewRequests.id));
  return rows.map((r) =>
    r.userId
      ? { kind: 'person', person: { id: r.userId, name: r.name!, email: r.email!, function: r.userFunction as UserFunction }, reason: r.reason, open: r.open, since: new Date(r.createdAt).toISOString() }
      : { kind: 'function', function: r.function as UserFunction, open: r.open, since: new Date(r.createdAt).toISOString() },
  );
}

/** Every verdict on a decision, oldest first, each marked latest-per-reviewer and stale or current. */
export async function listReviews(db: Db, input: { id: number }): Promise<Review[]> {
  const facts = await loadFacts(db, input.id);
  const rows = await db
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
    .orderBy(asc(reviews.id));
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

/**
 * Give a verdict on the current revision. Authors, and anyone who wrote a revision, do not review it.
 * With `revision` (the one the reviewer read), a verdict that the evidence has changed since is refused:
 * it would approve, or object to, what the reviewer never saw.
 */
export async function submitReview(db: Db, viewer: Viewer, input: { id: number } & Record<string, unknown>): Promise<Review> {
  const data = parseOrThrow(reviewSchema, { verdict: input.verdict, body: input.body, revision: input.revision });
  const facts = await loadFacts(db, input.id);
  const standing = await requireDecisionRight(db, viewer, facts, 'review', { verdict: data.verdict });
  const now = currentTime();
  const id = await db.transaction(async (tx) => {
    await recheckDecisionRight(tx, facts.id, standing, 'review', 'share', { verdict: data.verdict });
    // The revision and its evidence as they are now, under the lock: a save may have landed since the page was read.
    const live = await loadFacts(tx, facts.id);
    if (data.revision !== undefined) {
      if (data.revision > live.revision) {
        throw new AppError('invalid', `This decision has no revision ${data.revision} yet: the current one is ${live.revision}`, { issues: [{ path: 'revision', message: `The current revision is ${live.revision}` }] });
      }
      if (isVerdictStale(data.revision, live.sectionChangedAt)) {
        throw new AppError(
          'conflict',
          `The record changed in revision ${materialRevision(live.sectionChangedAt)}, after the revision ${data.revision} you read: read what changed, then give your verdict again`,
          { details: { currentRevision: live.revision, readRevision: data.revision } },
        );
      }
    }
    // Given the revision read, and the evidence unchanged since, the verdict stands on the current one. Without
    // it, on the revision current when the request came: if a save changed the evidence since, it is stale.
    const revision = data.revision !== undefined ? live.revision : facts.revision;
    const row = (
      await tx
        .insert(reviews)
        .values({ decisionId: facts.id, reviewerId: viewer.id, verdict: data.verdict, body: data.body, revision, reviewerFunction: viewer.function, createdAt: now })
        .returning({ id: reviews.id })
    )[0]!;
    await appendEvent(tx, { decisionId: facts.id, teamId: facts.teamId, actor: viewer, type: 'review.submitted', data: { verdict: data.verdict, revision }, at: now });
    await notify(tx, { userIds: live.authorIds, kind: 'verdict', actor: viewer, decisionId: facts.id, at: now });
    return row.id;
  });
  return (await listReviews(db, { id: facts.id })).find((r) => r.id === id)!;
}

/** People whose function differs from `fn` — for the function picker's hint. */
export async function countPeopleByFunction(db: Db, excludeIds: string[]): Promise<Record<string, number>> {
  const rows = await db
    .select({ fn: user.function, n: sql<number>`count(*)` })
    .from(user)
    .where(excludeIds.length ? notInArray(user.id, excludeIds) : ne(user.id, ''))
    .groupBy(user.function);
  return Object.fromEntries(rows.map((r) => [r.fn, r.n]));
}

/** One verdict per reviewer, authors excluded: their standing approve / request-changes, or else their latest comment. */
export function standingReviews(reviews: Review[], authorIds: readonly string[]): Review[] {
  return standingVerdicts(reviews, (r) => r.reviewer.id, authorIds);
}
