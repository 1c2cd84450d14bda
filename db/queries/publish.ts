import { and, asc, desc, eq, inArray, isNull, lte, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import { now as currentTime } from '@/lib/clock';
import { AppError, parseOrThrow } from '@/lib/errors';
import { checkForApi, evaluateGate, LINT_RULE_IDS, type GateComment, type GateRecord, type GateResult, type GateReview } from '@/lib/gate';
import type { DecisionRights } from '@/lib/permissions';
import type { ThreadState } from '@/lib/review';
import { type DecisionStatus, type UserFunction } from '@/lib/validation/common';
import type { MetricKind } from '@/lib/vocabulary';
import type { PublishedMetric } from './metrics';
import { floorViolations, gatePolicy, parsePublishPolicy, relaxations, type PublishedUnderPolicy } from '@/lib/gate/policy';
import { parseStoredPolicy, policySchema, type Policy } from '@/lib/validation/policy';
import { outcomeSchema, publishSchema, reverseSchema, withdrawSchema, type OutcomeVerdict } from '@/lib/validation/publish';
import type { EvidenceRow } from '@/lib/validation/decision';
import { first, rawRows, rawRun, type Db, type Executor } from '../client';
import { comments, decisions, metrics, notifications, outcomes, reviews, revisions, teams, user } from '../schema';
import { loadFacts, loadVouches, type DecisionFacts } from './facts';
import { appendEvent, notify } from './events';
import { lockDecision } from './locks';
import { recheckDecisionRight, requireDecisionRight } from './permissions';
import { readPolicyFloor, teamPolicyInForce } from './org';
import { closeRequests } from './review';
import { canAdministerTeam, requireTeam } from './teams';
import type { Viewer } from './users';

/*
 * The publish gate in the data layer: gather the plain facts lib/gate needs,
 * evaluate, and — for publishing — do both inside one transaction, so that a
 * concurrent comment or a second publish call cannot slip past the gate.
 */

type Snapshot = {
  publishedAt: string;
  publishedBy: string;
  revision: number;
  daysInReview: number;
  firstCirculatedRevision: number | null;
  reviewers: { name: string; function: UserFunction; verdict: string; revision: number; stale: boolean; body: string }[];
  dissent: {
    /** Blocking objections answered by someone else than the person who raised them: overridden, or (resolved) closed by an admin or, before that was refused, by an author. */
    overridden: { commentId: number; author: string; function: UserFunction; section: string; body: string; rationale: string; by: string; at: string; resolved?: boolean }[];
    staleChangeRequests: { reviewer: string; function: UserFunction; revision: number; body: string }[];
  };
  /**
   * The catalogue metrics the record cites, as they were defined when it was published: a later edit to the
   * catalogue must not change what a published decision says it measured. Absent in records published
   * before it was kept.
   */
  metrics?: PublishedMetric[];
};
export type PublishSnapshot = Snapshot;

export type { PublishedUnderPolicy };

export type Outcome = { id: number; verdict: OutcomeVerdict; body: string; evidence: EvidenceRow[]; author: string; createdAt: string };

// ---------------------------------------------------------------- the gate's inputs

async function gateInputs(tx: Executor, facts: DecisionFacts) {
  const rev = (await first(tx.select({ content: revisions.content }).from(revisions).where(and(eq(revisions.decisionId, facts.id), eq(revisions.number, facts.revision)))))!;
  const content = JSON.parse(rev.content);
  const authors = facts.authors.map((a) => ({ id: a.id, function: a.function }));
  const keys = [...new Set<string>([...content.metrics.map((m: { key: string }) => m.key), ...content.evidence.map((e: { metric: string }) => e.metric)])];
  const cat = keys.length
    ? await tx.select({ key: metrics.key, name: metrics.name, kind: metrics.kind, ownerId: user.id, ownerName: user.name }).from(metrics).innerJoin(user, eq(user.id, metrics.ownerId)).where(inArray(metrics.key, keys))
    : [];
  // A verdict counts as cross-functional by the reviewer's function now, not the one they had when they gave it:
  // a reviewer relabelled for the verdict and relabelled back doesn't leave an approval behind that counts.
  const reviewRows = await tx
    .select({ reviewerId: reviews.reviewerId, reviewerName: user.name, function: user.function, functionConfirmed: user.functionConfirmed, verdict: reviews.verdict, revision: reviews.revision, body: reviews.body })
    .from(reviews)
    .innerJoin(user, eq(user.id, reviews.reviewerId))
    .where(eq(reviews.decisionId, facts.id))
    .orderBy(asc(reviews.id));
  const commentRows = await tx
    .select({ id: comments.id, authorId: comments.authorId, kind: comments.kind, parentId: comments.parentId, deletedAt: comments.deletedAt, state: comments.state, authorName: user.name, authorFunction: user.function, section: comments.section, body: comments.body, stateNote: comments.stateNote, stateAt: comments.stateAt, stateBy: comments.stateBy })
    .from(comments)
    .innerJoin(user, eq(user.id, comments.authorId))
    // Only blocking objections bear on the gate (and on recorded dissent).
    .where(and(eq(comments.decisionId, facts.id), isNull(comments.parentId), eq(comments.kind, 'blocking')));
  const vouches = await loadVouches(tx, facts.id);
  const record: GateRecord = {
    status: facts.status,
    content: { ...content },
    authors,
    lastWrote: facts.lastWrote,
    writerFunctions: facts.writerFunctions,
    ...vouches,
    inReviewSince: facts.inReviewSince,
    materialChangedAt: facts.materialChangedAt,
    changedAt: facts.sectionChangedAt,
    metricOwners: Object.fromEntries(cat.map((m) => [m.key, { id: m.ownerId, name: m.ownerName }])),
    catalogue: new Map(cat.map((m) => [m.key, { name: m.name, kind: m.kind }])),
  };
  // The body rides along for the publish snapshot; the gate reads only GateReview's fields.
  const gateReviews: (GateReview & { body: string })[] = reviewRows.map((r) => ({ reviewerId: r.reviewerId, reviewerName: r.reviewerName, function: r.function as UserFunction, functionConfirmed: r.functionConfirmed, verdict: r.verdict, revision: r.revision, body: r.body }));
  const gateComments: GateComment[] = commentRows.map((c) => ({ kind: c.kind, parentId: c.parentId, deleted: c.deletedAt !== null, state: c.state as ThreadState, authorName: c.authorName, section: c.section }));
  // The gate always runs on the policy in force (the team's, raised to the organisation's floor), and while in
  // review on no less than the policy the decision was circulated under.
  const policy = gatePolicy(await teamPolicyInForce(tx, facts.teamId), facts);
  return { record, reviews: gateReviews, comments: gateComments, commentRows, policy };
}
type GateInputs = Awaited<ReturnType<typeof gateInputs>>;

/**
 * What the editor needs to evaluate the gate live as `editorId` types (everything but the content): the
 * checklist shows the record as if they saved it, a revision they wrote.
 */
export async function getGateContext(db: Db, input: { id: number; editorId: string }) {
  const facts = await loadFacts(db, input.id);
  const g = await gateInputs(db, facts);
  return {
    status: facts.status,
    authors: g.record.authors,
    lastWrote: facts.lastWrote,
    writerFunctions: g.record.writerFunctions,
    lastVouched: g.record.lastVouched,
    vouchFloor: g.record.vouchFloor,
    inReviewSince: facts.inReviewSince,
    materialChangedAt: facts.materialChangedAt,
    changedAt: facts.sectionChangedAt,
    reviews: g.reviews,
    comments: g.comments,
    policy: g.policy,
    editorId: input.editorId,
    loadedAt: currentTime(),
  };
}
export type GateContext = Awaited<ReturnType<typeof getGateContext>>;

/**
 * The checklist for a decision, as the author sees it now. With `previewFor`
 * (the viewer and what they may do to the decision: getDecision's `can`) it
 * also says, to someone who may publish it and while it is ready, what
 * publishing would record — from the same evaluation, for the confirmation.
 */
export async function getReadiness(
  db: Db,
  input: { id: number; previewFor?: { viewer: Viewer; can: Pick<DecisionRights, 'publish'> } },
): Promise<GateResult & { status: DecisionStatus; policy: Policy; publishPreview: PublishRecord | null }> {
  const facts = await loadFacts(db, input.id);
  const g = await gateInputs(db, facts);
  const now = currentTime();
  const result = evaluateGate(g.record, g.reviews, g.comments, g.policy, now);
  const by = input.previewFor?.can.publish && result.ready ? input.previewFor.viewer : null;
  return { ...result, status: facts.status, policy: g.policy, publishPreview: by ? await recordAtPublish(db, facts, g, result, by.name, now) : null };
}

// ---------------------------------------------------------------- publish, supersede, withdraw, reverse

/**
 * Publish: evaluate the gate and freeze the current revision in one
 * transaction. better-sqlite3 runs a transaction start to finish with nothing
 * in between, and the status guard makes a second call a conflict.
 */
export async function publish(db: Db, viewer: Viewer, input: { id: number } & Record<string, unknown>): Promise<{ status: 'published'; revision: number; supersedes: number | null }> {
  const data = parseOrThrow(publishSchema, { supersedes: input.supersedes });
  const now = currentTime();
  return db.transaction(async (tx) => {
    await lockDecision(tx, input.id, 'update');
    const facts = await loadFacts(tx, input.id);
    await requireDecisionRight(tx, viewer, facts, 'publish');
    let superseded: DecisionFacts | null = null;
    if (data.supersedes !== undefined) {
      if (data.supersedes === facts.id) throw new AppError('invalid', 'A decision cannot supersede itself', { issues: [{ path: 'supersedes', message: 'Choose another decision' }] });
      superseded = await supersedeTarget(tx, facts, data.supersedes);
    }
    const g = await gateInputs(tx, facts);
    const result = evaluateGate(g.record, g.reviews, g.comments, g.policy, now);
    if (!result.ready) {
      const failing = result.checks.filter((c) => !c.ok);
      throw new AppError('gate_failed', `Not ready to publish: ${failing.length} check${failing.length === 1 ? '' : 's'} failing`, { details: { checks: failing.map(checkForApi) } });
    }
    const { snapshot, underPolicy } = await recordAtPublish(tx, facts, g, result, viewer.name, now);
    const res = await tx
      .update(decisions)
      .set({
        status: 'published',
        publishedAt: now,
        publishedRevision: facts.revision,
        publishedBy: viewer.id,
        publishSnapshot: JSON.stringify(snapshot),
        publishPolicy: JSON.stringify(underPolicy),
        publishedRelaxed: underPolicy.relaxed,
        inReviewSince: null,
        supersedesId: superseded?.id ?? null,
      })
      .where(and(eq(decisions.id, facts.id), eq(decisions.status, 'in-review'), eq(decisions.currentRevision, facts.revision)))
      .returning({ id: decisions.id });
    if (res.length !== 1) throw new AppError('conflict', 'The decision changed while publishing: reload and check the list again');
    await closeRequests(tx, facts.id);
    await appendEvent(tx, { decisionId: facts.id, teamId: facts.teamId, actor: viewer, type: 'decision.published', data: { revision: facts.revision, supersedes: superseded?.id ?? null }, at: now });
    if (superseded) {
      await tx.update(decisions).set({ status: 'superseded', supersededById: facts.id, closedAt: now, closedBy: viewer.id }).where(eq(decisions.id, superseded.id));
      await appendEvent(tx, { decisionId: superseded.id, teamId: superseded.teamId, actor: viewer, type: 'decision.superseded', data: { by: facts.id }, at: now });
      await notify(tx, { userIds: superseded.authorIds, kind: 'published', actor: viewer, decisionId: facts.id, at: now });
    }
    // Everyone who took part hears that it is now the record.
    const participants = new Set<string>([...g.reviews.map((r) => r.reviewerId)]);
    for (const c of await tx.select({ id: comments.authorId }).from(comments).where(eq(comments.decisionId, facts.id))) participants.add(c.id);
    await notify(tx, { userIds: [...participants].filter((id) => !facts.authorIds.includes(id)), kind: 'published', actor: viewer, decisionId: facts.id, at: now });
    return { status: 'published' as const, revision: facts.revision, supersedes: superseded?.id ?? null };
  });
}

/**
 * What publishing records beside the frozen revision: who reviewed it and the
 * dissent standing at that moment, and the policy in force. Shared by publish
 * and by the confirmation that shows the author what will be recorded.
 */
export type PublishRecord = { snapshot: Snapshot; underPolicy: PublishedUnderPolicy };

async function recordAtPublish(tx: Executor, facts: DecisionFacts, g: GateInputs, result: { verdicts: ReturnType<typeof evaluateGate<GateInputs['reviews'][number]>>['verdicts'] }, publishedBy: string, now: number): Promise<PublishRecord> {
  const latest = result.verdicts;
  const relaxed = relaxations(g.policy);
  const underPolicy: PublishedUnderPolicy = { relaxed: relaxed.length > 0, relaxations: relaxed, policy: g.policy };
  const names = new Map((await tx.select({ id: user.id, name: user.name }).from(user).where(inArray(user.id, [...new Set(g.commentRows.map((c) => c.stateBy).filter((x): x is string => !!x))].concat([''])))).map((u) => [u.id, u.name]));
  const snapshot: Snapshot = {
    publishedAt: new Date(now).toISOString(),
    publishedBy,
    revision: facts.revision,
    daysInReview: Math.max(0, Math.floor((now - (facts.inReviewSince ?? now)) / (24 * 3600e3))),
    firstCirculatedRevision: facts.firstCirculatedRevision,
    reviewers: latest.map((v) => ({ name: v.reviewerName, function: v.function, verdict: v.verdict, revision: v.revision, stale: v.stale, body: v.body })),
    dissent: {
      overridden: g.commentRows
        // An objection its raiser did not withdraw stays on the record, however it was closed.
        .filter((c) => c.kind === 'blocking' && c.deletedAt === null && (c.state === 'overridden' || (c.state === 'resolved' && c.stateBy !== c.authorId)))
        .map((c) => ({
          commentId: c.id,
          author: c.authorName,
          function: c.authorFunction as UserFunction,
          section: c.section,
          body: c.body,
          rationale: c.stateNote ?? '',
          by: names.get(c.stateBy ?? '') ?? '',
          at: new Date(c.stateAt ?? now).toISOString(),
          ...(c.state === 'resolved' ? { resolved: true } : {}),
        })),
      staleChangeRequests: latest.filter((v) => v.verdict === 'request-changes' && v.stale).map((v) => ({ reviewer: v.reviewerName, function: v.function, revision: v.revision, body: v.body })),
    },
    metrics: await citedAsPublished(tx, [...g.record.catalogue.keys()]),
  };
  return { snapshot, underPolicy };
}

/** The cited catalogue metrics as they are defined now, for the snapshot (read only when publishing: the gate needs no definitions). */
async function citedAsPublished(tx: Executor, keys: string[]): Promise<PublishedMetric[]> {
  if (!keys.length) return [];
  const rows = await tx
    .select({ key: metrics.key, name: metrics.name, definition: metrics.definition, kind: metrics.kind, owner: user.name })
    .from(metrics)
    .innerJoin(user, eq(user.id, metrics.ownerId))
    .where(inArray(metrics.key, keys))
    .orderBy(asc(metrics.key));
  return rows.map((m) => ({ ...m, kind: m.kind as MetricKind }));
}

const SUPERSEDE_CHAIN_LIMIT = 1000;

/** Only a published decision of the same team, never one that (through its own supersede chain) leads back here. */
async function supersedeTarget(tx: Executor, facts: DecisionFacts, id: number): Promise<DecisionFacts> {
  const issue = (message: string) => ({ issues: [{ path: 'supersedes', message }] });
  let target: DecisionFacts;
  try {
    target = await loadFacts(tx, id);
  } catch (e) {
    if (e instanceof AppError && e.code === 'not_found') throw new AppError('not_found', `There is no decision #${id} to supersede`, issue(`There is no decision #${id}`));
    throw e;
  }
  if (target.teamId !== facts.teamId) {
    throw new AppError('invalid', `Decision #${target.id} belongs to ${target.teamName}; a decision can only supersede a published decision of its own team (${facts.teamName})`, issue('Not a decision of this team'));
  }
  if (target.status !== 'published') {
    throw new AppError('conflict', `Decision #${target.id} is ${target.status}; only a published decision can be superseded`, issue('Not a published decision'));
  }
  let next: number | null = target.id;
  for (let i = 0; next !== null && i < SUPERSEDE_CHAIN_LIMIT; i++) {
    const row: { supersedesId: number | null } | undefined = await first(tx.select({ supersedesId: decisions.supersedesId }).from(decisions).where(eq(decisions.id, next)));
    next = row?.supersedesId ?? null;
    if (next === facts.id) throw new AppError('invalid', `Decision #${target.id} already descends from this decision: superseding it would make a cycle`, issue('That would make a supersede cycle'));
  }
  return target;
}

/** Withdraw a draft or a decision in review, with a reason that stays on the record. */
export async function withdraw(db: Db, viewer: Viewer, input: { id: number } & Record<string, unknown>): Promise<{ status: 'withdrawn' }> {
  const { reason: text } = parseOrThrow(withdrawSchema, { reason: input.reason });
  const facts = await loadFacts(db, input.id);
  const standing = await requireDecisionRight(db, viewer, facts, 'withdraw');
  const now = currentTime();
  await db.transaction(async (tx) => {
    await recheckDecisionRight(tx, facts.id, standing, 'withdraw', 'update');
    const res = await tx
      .update(decisions)
      .set({ status: 'withdrawn', closedAt: now, closedBy: viewer.id, closedReason: text, inReviewSince: null })
      .where(and(eq(decisions.id, facts.id), inArray(decisions.status, ['draft', 'in-review'])))
      .returning({ id: decisions.id });
    if (res.length !== 1) throw new AppError('conflict', 'The decision changed at the same moment: reload and try again');
    await closeRequests(tx, facts.id);
    await appendEvent(tx, { decisionId: facts.id, teamId: facts.teamId, actor: viewer, type: 'decision.withdrawn', data: { reason: text }, at: now });
  });
  return { status: 'withdrawn' };
}

/** Reverse a published decision, with a rationale that stays on the record. */
export async function reverse(db: Db, viewer: Viewer, input: { id: number } & Record<string, unknown>): Promise<{ status: 'reversed' }> {
  const { rationale: text } = parseOrThrow(reverseSchema, { rationale: input.rationale });
  const facts = await loadFacts(db, input.id);
  const standing = await requireDecisionRight(db, viewer, facts, 'reverse');
  const now = currentTime();
  await db.transaction(async (tx) => {
    await recheckDecisionRight(tx, facts.id, standing, 'reverse', 'update');
    const res = await tx
      .update(decisions)
      .set({ status: 'reversed', closedAt: now, closedBy: viewer.id, closedReason: text })
      .where(and(eq(decisions.id, facts.id), eq(decisions.status, 'published')))
      .returning({ id: decisions.id });
    if (res.length !== 1) throw new AppError('conflict', 'The decision changed at the same moment: reload and try again');
    await appendEvent(tx, { decisionId: facts.id, teamId: facts.teamId, actor: viewer, type: 'decision.reversed', data: { rationale: text }, at: now });
  });
  return { status: 'reversed' };
}

export type Lifecycle = {
  publishedAt: string | null;
  publishedRevision: number | null;
  snapshot: Snapshot | null;
  /** Null for decisions published before the policy in force was recorded. */
  publishedUnderPolicy: PublishedUnderPolicy | null;
  supersedes: { id: number; title: string; status: DecisionStatus } | null;
  supersededBy: { id: number; title: string; status: DecisionStatus } | null;
  closed: { at: string; by: string; reason: string | null } | null;
  firstCirculatedRevision: number | null;
};

const supersedesRow = alias(decisions, 'supersedes');
const supersededByRow = alias(decisions, 'superseded_by');
const closer = alias(user, 'closer');

/** What the published record shows about its life: when, reviewed by whom, dissent, links — in one read. */
export async function getLifecycle(db: Db, input: { id: number }): Promise<Lifecycle> {
  // Named columns: a decision row also carries an imported record's whole original file.
  const d = await first(
    db
      .select({
        publishedAt: decisions.publishedAt,
        publishedRevision: decisions.publishedRevision,
        publishSnapshot: decisions.publishSnapshot,
        publishPolicy: decisions.publishPolicy,
        supersedes: { id: supersedesRow.id, title: supersedesRow.title, status: supersedesRow.status },
        supersededBy: { id: supersededByRow.id, title: supersededByRow.title, status: supersededByRow.status },
        closedAt: decisions.closedAt,
        closedBy: closer.name,
        closedReason: decisions.closedReason,
        firstCirculatedRevision: decisions.firstCirculatedRevision,
      })
      .from(decisions)
      .leftJoin(supersedesRow, eq(supersedesRow.id, decisions.supersedesId))
      .leftJoin(supersededByRow, eq(supersededByRow.id, decisions.supersededById))
      .leftJoin(closer, eq(closer.id, decisions.closedBy))
      .where(eq(decisions.id, input.id)),
  );
  if (!d) throw new AppError('not_found', `There is no decision #${input.id}`);
  return {
    publishedAt: d.publishedAt ? new Date(d.publishedAt).toISOString() : null,
    publishedRevision: d.publishedRevision,
    snapshot: d.publishSnapshot ? (JSON.parse(d.publishSnapshot) as Snapshot) : null,
    publishedUnderPolicy: parsePublishPolicy(d.publishPolicy),
    supersedes: d.supersedes,
    supersededBy: d.supersededBy,
    closed: d.closedAt ? { at: new Date(d.closedAt).toISOString(), by: d.closedBy ?? 'Candor', reason: d.closedReason } : null,
    firstCirculatedRevision: d.firstCirculatedRevision,
  };
}

/** Published decisions of a team a new decision could supersede (newest first, bounded). */
export async function supersedable(db: Db, input: { teamId: number; excludeId: number }) {
  return db
    .select({ id: decisions.id, title: decisions.title })
    .from(decisions)
    .where(and(eq(decisions.teamId, input.teamId), eq(decisions.status, 'published'), sql`${decisions.id} <> ${input.excludeId}`))
    .orderBy(desc(decisions.publishedAt))
    .limit(100);
}

// ---------------------------------------------------------------- outcomes

export async function recordOutcome(db: Db, viewer: Viewer, input: { id: number } & Record<string, unknown>): Promise<Outcome> {
  const data = parseOrThrow(outcomeSchema, { verdict: input.verdict, body: input.body, evidence: input.evidence });
  const facts = await loadFacts(db, input.id);
  const standing = await requireDecisionRight(db, viewer, facts, 'recordOutcome');
  const now = currentTime();
  const id = await db.transaction(async (tx) => {
    await recheckDecisionRight(tx, facts.id, standing, 'recordOutcome', 'share');
    const row = (await tx.insert(outcomes).values({ decisionId: facts.id, verdict: data.verdict, body: data.body, evidence: JSON.stringify(data.evidence), authorId: viewer.id, createdAt: now }).returning({ id: outcomes.id }))[0]!;
    // The reminder is answered.
    await tx.update(notifications).set({ readAt: now }).where(and(eq(notifications.decisionId, facts.id), eq(notifications.kind, 'outcome-due'), isNull(notifications.readAt)));
    await appendEvent(tx, { decisionId: facts.id, teamId: facts.teamId, actor: viewer, type: 'outcome.recorded', data: { verdict: data.verdict }, at: now });
    return row.id;
  });
  return (await listOutcomes(db, { id: facts.id })).find((o) => o.id === id)!;
}

export async function listOutcomes(db: Db, input: { id: number }): Promise<Outcome[]> {
  return (
    await db
      .select({ id: outcomes.id, verdict: outcomes.verdict, body: outcomes.body, evidence: outcomes.evidence, author: user.name, createdAt: outcomes.createdAt })
      .from(outcomes)
      .innerJoin(user, eq(user.id, outcomes.authorId))
      .where(eq(outcomes.decisionId, input.id))
      .orderBy(desc(outcomes.id))
  ).map((o) => ({ ...o, evidence: JSON.parse(o.evidence) as EvidenceRow[], createdAt: new Date(o.createdAt).toISOString() }));
}

const today = (now: number) => new Date(now).toISOString().slice(0, 10);

/**
 * Outcome reviews come due on a date, not on an event: the first time a
 * person's inbox is read on or after that date, the reminder is written.
 * Idempotent; one indexed query per author.
 */
export async function materializeOutcomesDue(db: Db, viewer: Viewer): Promise<void> {
  const now = currentTime();
  const due = sql`FROM decision_authors da JOIN decisions d ON d.id = da.decision_id
    WHERE da.user_id = ${viewer.id} AND d.status = 'published' AND d.outcome_review_date IS NOT NULL AND d.outcome_review_date <= ${today(now)}
      AND NOT EXISTS (SELECT 1 FROM outcomes o WHERE o.decision_id = d.id)
      AND NOT EXISTS (SELECT 1 FROM notifications n WHERE n.user_id = ${viewer.id} AND n.kind = 'outcome-due' AND n.decision_id = d.id)`;
  // Almost always nothing is due: look first, so a page view only writes when there is something to write.
  if ((await rawRows(db, sql`SELECT 1 AS one ${due} LIMIT 1`)).length === 0) return;
  // The dispatcher may be writing the same reminder right now (materializeAllOutcomesDue): the unique index keeps one.
  await rawRun(db, sql`INSERT INTO notifications (user_id, kind, decision_id, comment_id, actor_id, created_at) SELECT ${viewer.id}, 'outcome-due', d.id, NULL, NULL, ${now} ${due} ON CONFLICT DO NOTHING`);
}

/** A team's published decisions whose outcome review date has arrived without an outcome. */
export async function outcomesDue(db: Db, input: { teamId: number; limit?: number }) {
  return db
    .select({ id: decisions.id, title: decisions.title, outcomeReviewDate: decisions.outcomeReviewDate })
    .from(decisions)
    .where(
      and(
        eq(decisions.teamId, input.teamId),
        eq(decisions.status, 'published'),
        lte(decisions.outcomeReviewDate, today(currentTime())),
        sql`NOT EXISTS (SELECT 1 FROM ${outcomes} o WHERE o.decision_id = ${decisions.id})`,
      ),
    )
    .orderBy(asc(decisions.outcomeReviewDate))
    .limit(input.limit ?? 50);
}

// ---------------------------------------------------------------- team policy

export async function getPolicy(db: Db, slug: string): Promise<Policy> {
  return parseStoredPolicy((await requireTeam(db, slug)).policy);
}

/** Team admins tighten or relax their team's gate; every change is an event with before and after. */
export async function updatePolicy(db: Db, viewer: Viewer, slug: string, input: unknown): Promise<Policy> {
  const team = await requireTeam(db, slug);
  if (!(await canAdministerTeam(db, viewer, team.id))) throw new AppError('forbidden', `Only an admin of ${team.name} can change its publish policy`);
  const before = parseStoredPolicy(team.policy);
  const patch = typeof input === 'object' && input !== null && !Array.isArray(input) ? (input as Record<string, unknown>) : null;
  if (!patch) throw new AppError('invalid', 'Send the policy settings as a JSON object');
  // A partial update changes only what it names, nested word minimums included.
  const nested = patch.minWords;
  const merged = { ...before, ...patch, minWords: typeof nested === 'object' && nested !== null && !Array.isArray(nested) ? { ...before.minWords, ...nested } : (nested ?? before.minWords) };
  const next = parseOrThrow(policySchema, merged);
  const unknownRules = Object.keys(next.lintLevels).filter((id) => !LINT_RULE_IDS.includes(id));
  if (unknownRules.length) {
    throw new AppError('invalid', `There is no lint rule ${unknownRules.join(', ')}`, { issues: unknownRules.map((id) => ({ path: `lintLevels.${id}`, message: `Unknown rule; rules are ${LINT_RULE_IDS.join(', ')}` })) });
  }
  const below = floorViolations(next, await readPolicyFloor(db));
  if (below.length) {
    throw new AppError('invalid', below.length === 1 ? `${below[0]!.path}: ${below[0]!.message}` : `${below.length} settings are below the organisation’s policy floor`, { issues: below });
  }
  await db.transaction(async (tx) => {
    await tx.update(teams).set({ policy: JSON.stringify(next) }).where(eq(teams.id, team.id));
    await appendEvent(tx, { teamId: team.id, actor: viewer, type: 'team.policy-changed', data: { before, after: next } });
  });
  return next;
}
