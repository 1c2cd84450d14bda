import { and, desc, eq, inArray, isNull } from 'drizzle-orm';
import { now as currentTime } from '@/lib/clock';
import { diffContent, type SectionDiff } from '@/lib/diff';
import { AppError, issuesFromZod, issuesSummary, parseOrThrow } from '@/lib/errors';
import {
  applyPatch,
  assertBaseIsCurrent,
  changedInWords,
  changedSections,
  initialSectionChangedAt,
  nextSectionChangedAt,
  type ContentKey,
  type SectionChangedAt,
} from '@/lib/revisions';
import { materialRevision } from '@/lib/review';
import { parsePublishPolicy, type PublishedUnderPolicy } from '@/lib/gate/policy';
import { evidenceRevision } from '@/lib/review';
import { requireRight, type DecisionRights } from '@/lib/permissions';
import { type DecisionStatus } from '@/lib/validation/common';
import {
  authorSchema,
  createDecisionSchema,
  decisionContentSchema,
  updateDecisionSchema,
  type DecisionContent,
} from '@/lib/validation/decision';
import { first, readAll, type Db, type Executor } from '../client';
import { comments, decisionAuthors, decisionMetrics, decisions, decisionTags, metrics, reviewRequests, reviews, revisions, user } from '../schema';
import { clearAutosave } from './autosave';
import { appendEvent, notify } from './events';
import { AUTHOR_COLUMNS, authorOf, loadFacts, loadFactsWith, readAuthors, type Person } from './facts';
import { lockDecision } from './locks';
import { decisionRightsOf, recheckDecisionRight, requireDecisionRight, standingOn } from './permissions';
import { notifyStaleVerdicts, notifyStaleVouches, requestMetricOwners } from './review';
import { reindexSearch } from './search';
import { getTeamRole, requireTeam, strandedWithout } from './teams';
import { getUserByEmail, refuseDeactivated, type Viewer } from './users';

export type Decision = {
  id: number;
  teamId: number;
  team: string;
  teamName: string;
  status: DecisionStatus;
  revision: number;
  content: DecisionContent;
  authors: Person[];
  /** Everyone who saved a revision (authors now or not): their verdicts do not count. */
  writerIds: string[];
  createdAt: string;
  updatedAt: string;
  inReviewSince: string | null;
  /** Imported from an ADR file: it never passed Candor's gate. */
  imported: boolean;
  /** The policy it was published under (lib/gate/policy.ts); null while unpublished and for decisions published before Candor recorded it. */
  publishedUnderPolicy: PublishedUnderPolicy | null;
  /** What the viewer may do (lib/permissions.ts; the UI and the API read it, the data layer enforces the same rules). */
  can: DecisionRights;
};


export type RevisionSummary = { number: number; author: Person; createdAt: string; changed: ContentKey[] };
export type Revision = { number: number; content: DecisionContent; author: Person; createdAt: string; sectionChangedAt: SectionChangedAt };

const iso = (ms: number) => new Date(ms).toISOString();

function parseStoredContent(json: string): DecisionContent {
  // Stored content was validated on write; parsing again fills defaults added since.
  return decisionContentSchema.parse(JSON.parse(json));
}

// ---------------------------------------------------------------- reads

/** A revision and who saved it: the columns the revision reads share. */
const REVISION_COLUMNS = { number: revisions.number, createdAt: revisions.createdAt, sectionChangedAt: revisions.sectionChangedAt, ...AUTHOR_COLUMNS };

async function revisionRow(db: Executor, decisionId: number, number: number) {
  return first(
    db
      .select({ ...REVISION_COLUMNS, content: revisions.content })
      .from(revisions)
      .innerJoin(user, eq(user.id, revisions.authorId))
      .where(and(eq(revisions.decisionId, decisionId), eq(revisions.number, number))),
  );
}

function toRevision(r: NonNullable<Awaited<ReturnType<typeof revisionRow>>>): Revision {
  return {
    number: r.number,
    content: parseStoredContent(r.content),
    author: authorOf(r),
    createdAt: iso(r.createdAt),
    sectionChangedAt: { ...initialSectionChangedAt(), ...JSON.parse(r.sectionChangedAt) },
  };
}

/** Every signed-in person may read every decision (open by default). */
export async function getDecision(db: Db, input: { id: number; viewer: Viewer }): Promise<Decision> {
  // The row with its current revision's content, and the authors: the same two reads as loadFacts.
  const { facts, extra } = await loadFactsWith(db, input.id, {
    createdAt: decisions.createdAt,
    updatedAt: decisions.updatedAt,
    imported: decisions.imported,
    publishPolicy: decisions.publishPolicy,
    content: revisions.content,
  });
  return {
    id: facts.id,
    teamId: facts.teamId,
    team: facts.team,
    teamName: facts.teamName,
    status: facts.status,
    revision: facts.revision,
    content: parseStoredContent(extra.content),
    authors: facts.authors,
    writerIds: facts.writerIds,
    createdAt: iso(extra.createdAt),
    updatedAt: iso(extra.updatedAt),
    inReviewSince: facts.inReviewSince === null ? null : iso(facts.inReviewSince),
    imported: extra.imported,
    publishedUnderPolicy: parsePublishPolicy(extra.publishPolicy),
    can: await decisionRightsOf(db, input.viewer, facts),
  };
}


/** Whether decision #id exists (one indexed read), or not_found. */
async function requireDecision(db: Executor, id: number): Promise<void> {
  if (!(await first(db.select({ id: decisions.id }).from(decisions).where(eq(decisions.id, id))))) throw new AppError('not_found', `There is no decision #${id}`);
}

export async function listRevisions(db: Db, input: { id: number }): Promise<RevisionSummary[]> {
  // A decision has tens of revisions; the whole history is one indexed range scan.
  const rows = await db
    .select(REVISION_COLUMNS)
    .from(revisions)
    .innerJoin(user, eq(user.id, revisions.authorId))
    .where(eq(revisions.decisionId, input.id))
    .orderBy(desc(revisions.number));
  // Every decision has its first revision: none means no decision.
  if (rows.length === 0) await requireDecision(db, input.id);
  return rows.map((r) => {
    const changedAt = JSON.parse(r.sectionChangedAt) as Partial<SectionChangedAt>;
    return {
      number: r.number,
      author: authorOf(r),
      createdAt: iso(r.createdAt),
      changed: r.number === 1 ? [] : (Object.keys(changedAt) as ContentKey[]).filter((k) => changedAt[k] === r.number),
    };
  });
}

export async function getRevision(db: Db, input: { id: number; number: number }): Promise<Revision> {
  const rev = await revisionRow(db, input.id, input.number);
  if (!rev) {
    await requireDecision(db, input.id);
    throw new AppError('not_found', `Decision #${input.id} has no revision ${input.number}`);
  }
  return toRevision(rev);
}

// ---------------------------------------------------------------- writes

/** Cited metrics must exist in the catalogue; returns their ids in citation order. */
async function resolveMetricIds(db: Executor, content: DecisionContent): Promise<Map<string, number>> {
  const keys = content.metrics.map((m) => m.key);
  const found = keys.length
    ? await db.select({ id: metrics.id, key: metrics.key }).from(metrics).where(inArray(metrics.key, keys))
    : [];
  const byKey = new Map(found.map((m) => [m.key, m.id]));
  const issues = content.metrics
    .map((m, i) => (byKey.has(m.key) ? null : { path: `metrics.${i}.key`, message: `There is no metric "${m.key}" in the catalogue` }))
    .filter((x): x is { path: string; message: string } => x !== null);
  if (issues.length) throw new AppError('invalid', issues[0]!.message, { issues });
  return byKey;
}

/** Index an imported record's tags and the catalogue metrics it cites (keys unknown here are left unindexed). */
export async function indexDerived(tx: Executor, decisionId: number, content: DecisionContent): Promise<void> {
  const keys = content.metrics.map((m) => m.key);
  const found = keys.length ? await tx.select({ id: metrics.id, key: metrics.key }).from(metrics).where(inArray(metrics.key, keys)) : [];
  const known = new Map(found.map((m) => [m.key, m.id]));
  await reindex(tx, decisionId, { ...content, metrics: content.metrics.filter((m) => known.has(m.key)) }, known);
}

/** Keep the tag and metric index tables in step with the current revision (same transaction). */
async function reindex(tx: Executor, decisionId: number, content: DecisionContent, metricIds: Map<string, number>) {
  await tx.delete(decisionTags).where(eq(decisionTags.decisionId, decisionId));
  if (content.tags.length) await tx.insert(decisionTags).values(content.tags.map((tag) => ({ decisionId, tag })));
  await tx.delete(decisionMetrics).where(eq(decisionMetrics.decisionId, decisionId));
  if (content.metrics.length) {
    await tx
      .insert(decisionMetrics)
      .values(content.metrics.map((m) => ({ decisionId, metricId: metricIds.get(m.key)!, role: m.role })));
  }
}

/** Content issues are reported with paths inside the content ("dataSources.0.sampleSize"), as the API contract shows. */
function parseContent(input: unknown): DecisionContent {
  const result = decisionContentSchema.safeParse(input);
  if (!result.success) {
    const issues = issuesFromZod(result.error);
    throw new AppError('invalid', issuesSummary(issues, `${issues.length} fields need attention`), { issues });
  }
  return result.data;
}

/** Only members of a team start decisions in it; the creator is the first author. */
export async function createDecision(db: Db, viewer: Viewer, input: unknown): Promise<Decision> {
  const data = parseOrThrow(createDecisionSchema, input);
  const team = await requireTeam(db, data.team);
  if (!(await getTeamRole(db, team.id, viewer.id))) {
    throw new AppError('forbidden', `Only members of ${team.name} can start decisions in it`);
  }
  const content = parseContent(data.content);
  const metricIds = await resolveMetricIds(db, content);
  const now = currentTime();
  const id = await db.transaction(async (tx) => {
    const row = (await tx
      .insert(decisions)
      .values({ teamId: team.id, createdBy: viewer.id, status: 'draft', title: content.title, currentRevision: 1, createdAt: now, updatedAt: now, lastActivityAt: now, materialChangedAt: now, outcomeReviewDate: content.outcomeReviewDate })
      .returning({ id: decisions.id }))[0]!;
    await tx.insert(decisionAuthors).values({ decisionId: row.id, userId: viewer.id, addedAt: now });
    await tx
      .insert(revisions)
      .values({
        decisionId: row.id,
        number: 1,
        content: JSON.stringify(content),
        sectionChangedAt: JSON.stringify(initialSectionChangedAt()),
        authorId: viewer.id,
        createdAt: now,
      });
    await reindex(tx, row.id, content, metricIds);
    await reindexSearch(tx, row.id);
    await appendEvent(tx, { decisionId: row.id, teamId: team.id, actor: viewer, type: 'decision.created', data: { revision: 1, title: content.title }, at: now });
    return row.id;
  });
  return getDecision(db, { id, viewer });
}

export type SaveResult = { decision: Decision; changed: ContentKey[] };

/**
 * Save an edit as a new revision. The caller names the revision it edited; if
 * someone saved since, the save is refused with a conflict naming who and what.
 * A save that changes nothing creates no revision.
 */
export async function updateDecision(db: Db, viewer: Viewer, input: { id: number } & Record<string, unknown>): Promise<SaveResult> {
  const { baseRevision, content: patch } = parseOrThrow(updateDecisionSchema, { baseRevision: input.baseRevision, content: input.content });
  const row = await loadFacts(db, input.id);
  const standing = await requireDecisionRight(db, viewer, row, 'edit');

  const outcome = await db.transaction(async (tx) => {
    // Re-judged inside the transaction, locked (someone may have published, or taken the viewer off the team or
    // the authors, while this request awaited); better-sqlite3 transactions are serialised, so this is the truth.
    await recheckDecisionRight(tx, row.id, standing, 'edit', 'update');
    const live = (await first(tx.select({ n: decisions.currentRevision }).from(decisions).where(eq(decisions.id, row.id))))!;
    const current = (await revisionRow(tx, row.id, live.n))!;
    const currentContent = parseStoredContent(current.content);
    if (baseRevision !== current.number) {
      const base = baseRevision < current.number ? await revisionRow(tx, row.id, baseRevision) : undefined;
      assertBaseIsCurrent(baseRevision, {
        number: current.number,
        authorName: current.authorId === viewer.id ? 'You (in another tab)' : current.authorName,
        changedSinceBase: base ? changedSections(parseStoredContent(base.content), currentContent) : [],
      });
    }
    const next = parseContent(applyPatch(currentContent, patch));
    const changed = changedSections(currentContent, next);
    // What was autosaved is now saved (or was already): the server copy is done with.
    await clearAutosave(tx, viewer.id, row.id);
    if (changed.length === 0) return { changed };
    const metricIds = await resolveMetricIds(tx, next);
    const number = current.number + 1;
    const now = currentTime();
    const previousChangedAt: SectionChangedAt = JSON.parse(current.sectionChangedAt);
    const sectionChangedAt = nextSectionChangedAt(previousChangedAt, changedInWords(currentContent, next, changed), number);
    const [before, material] = [materialRevision(previousChangedAt), materialRevision(sectionChangedAt)];
    await tx
      .insert(revisions)
      .values({ decisionId: row.id, number, content: JSON.stringify(next), sectionChangedAt: JSON.stringify(sectionChangedAt), authorId: viewer.id, createdAt: now });
    const res = await tx
      .update(decisions)
      .set({
        currentRevision: number,
        title: next.title,
        updatedAt: now,
        materialRevision: material,
        evidenceRevision: evidenceRevision(sectionChangedAt),
        // A material change restarts the review window (lib/gate circulated()).
        ...(material > before ? { materialChangedAt: now } : {}),
        outcomeReviewDate: next.outcomeReviewDate,
      })
      .where(and(eq(decisions.id, row.id), eq(decisions.currentRevision, current.number)))
      .returning({ id: decisions.id });
    if (res.length !== 1) throw new AppError('conflict', 'Someone saved at the same moment: reload to see their revision', { details: { currentRevision: number } });
    await reindex(tx, row.id, next, metricIds);
    await reindexSearch(tx, row.id);
    await appendEvent(tx, { decisionId: row.id, teamId: row.teamId, actor: viewer, type: 'decision.saved', data: { revision: number, changed }, at: now });
    if (row.status === 'in-review') {
      // While in review, owners of newly cited metrics become required reviewers too…
      await requestMetricOwners(tx, { decisionId: row.id, teamId: row.teamId, actor: viewer, at: now });
      // …and whoever's verdict this save made stale hears of it.
      if (material > before) await notifyStaleVerdicts(tx, { decisionId: row.id, currentFrom: before, actor: viewer, at: now });
      // …and so does a metric owner among the writers whose vouch for the evidence it ended.
      const evidenceBefore = evidenceRevision(previousChangedAt);
      if (evidenceRevision(sectionChangedAt) > evidenceBefore) await notifyStaleVouches(tx, { decisionId: row.id, before: evidenceBefore, actor: viewer, at: now });
    }
    return { changed };
  });
  return { decision: await getDecision(db, { id: row.id, viewer }), changed: outcome.changed };
}

/**
 * What changed between two revisions, section by section: words inserted and
 * removed, and named changes in structured fields. Defaults: from the previous
 * revision to the current one.
 */
export async function diffRevisions(db: Db, input: { id: number; from?: unknown; to?: unknown }): Promise<{ from: number; to: number; sections: SectionDiff[] }> {
  const facts = await loadFacts(db, input.id);
  const num = (v: unknown, fallback: number, name: string) => {
    if (v === undefined || v === null || v === '') return fallback;
    const n = Number(v);
    if (!Number.isSafeInteger(n) || n < 1 || n > facts.revision) {
      throw new AppError('invalid', `${name} must be a revision between 1 and ${facts.revision}`, { issues: [{ path: name, message: `Choose a revision from 1 to ${facts.revision}` }] });
    }
    return n;
  };
  const to = num(input.to, facts.revision, 'to');
  const from = num(input.from, Math.max(1, to - 1), 'from');
  const [a, b] = [(await revisionRow(db, facts.id, from))!, (await revisionRow(db, facts.id, to))!];
  return { from, to, sections: diffContent(parseStoredContent(a.content), parseStoredContent(b.content)) };
}

// ---------------------------------------------------------------- authors

/**
 * Authorship changes while a decision is open: its authors who are still in
 * its team (or a team admin) add members of the decision's team as co-authors,
 * or remove one. A decision always keeps at least one author; a published
 * record's authors are history.
 */
async function authorChange(db: Db, viewer: Viewer, input: { id: number } & Record<string, unknown>) {
  const { email } = parseOrThrow(authorSchema, { email: input.email });
  const row = await loadFacts(db, input.id);
  const standing = await standingOn(db, viewer, row);
  const person = await getUserByEmail(db, email);
  /** Checked inside the write transaction: a publish or a removal may have landed since the page was read. */
  const recheck = async (tx: Executor) => {
    const live = (await first(tx.select({ status: decisions.status }).from(decisions).where(eq(decisions.id, row.id))))!;
    const authors = (await readAuthors(tx, row.id)).map((a) => a.id);
    // An author's say lasts while they are in the team: a removal that landed first counts.
    const member = (await getTeamRole(tx, row.teamId, viewer.id)) !== null;
    requireRight('manageAuthors', { ...standing, status: live.status, author: authors.includes(viewer.id), member });
    if (!person) throw new AppError('not_found', `No one has an account with ${email}`, { issues: [{ path: 'email', message: 'No account with this email' }] });
    return { authors, person, status: live.status };
  };
  return { row, person, recheck };
}

/**
 * Who has critiqued a decision in a way that being its author would void, and how: a verdict
 * (any, a comment review included) or a blocking objection that was not deleted. Two indexed reads.
 */
export async function listCritics(db: Executor, decisionId: number): Promise<Map<string, 'given a verdict' | 'raised a blocking objection'>> {
  const [verdicts, objections] = await readAll(db, [
    () => db.selectDistinct({ userId: reviews.reviewerId }).from(reviews).where(eq(reviews.decisionId, decisionId)),
    () =>
      db
        .selectDistinct({ userId: comments.authorId })
        .from(comments)
        .where(and(eq(comments.decisionId, decisionId), isNull(comments.parentId), eq(comments.kind, 'blocking'), isNull(comments.deletedAt))),
  ]);
  const critics = new Map<string, 'given a verdict' | 'raised a blocking objection'>(objections.map((r) => [r.userId, 'raised a blocking objection']));
  for (const r of verdicts) critics.set(r.userId, 'given a verdict');
  return critics;
}

export async function addAuthor(db: Db, viewer: Viewer, input: { id: number } & Record<string, unknown>): Promise<Person[]> {
  const { row, person: candidate, recheck } = await authorChange(db, viewer, input);
  const member = candidate ? await getTeamRole(db, row.teamId, candidate.id) : null;
  const now = currentTime();
  await db.transaction(async (tx) => {
    await lockDecision(tx, row.id, 'update');
    const { authors, person } = await recheck(tx);
    if (authors.includes(person.id)) throw new AppError('conflict', `${person.name} is already an author of this decision`, { issues: [{ path: 'email', message: 'Already an author' }] });
    if (!member) {
      throw new AppError('invalid', `${person.name} is not a member of ${row.teamName}: a team admin can add them to the team first`, { issues: [{ path: 'email', message: `Not a member of ${row.teamName}` }] });
    }
    await refuseDeactivated(tx, person, 'email');
    // Authors give no verdicts, so making a critic an author would take their critique off the record.
    const critique = (await listCritics(tx, row.id)).get(person.id);
    if (critique) {
      throw new AppError('conflict', `${person.name} has ${critique} on this decision: a critic can’t become one of its authors, or their critique would stop counting`, {
        issues: [{ path: 'email', message: `Already critiqued this decision` }],
      });
    }
    await tx.insert(decisionAuthors).values({ decisionId: row.id, userId: person.id, addedAt: now });
    // Authors give no verdicts: a review asked of them is no longer pending.
    await tx.update(reviewRequests).set({ open: false }).where(and(eq(reviewRequests.decisionId, row.id), eq(reviewRequests.userId, person.id), eq(reviewRequests.open, true)));
    await appendEvent(tx, { decisionId: row.id, teamId: row.teamId, actor: viewer, type: 'author.added', data: { name: person.name }, at: now });
    await notify(tx, { userIds: [person.id], kind: 'author-added', actor: viewer, decisionId: row.id, at: now });
  });
  return readAuthors(db, row.id);
}

export async function removeAuthor(db: Db, viewer: Viewer, input: { id: number } & Record<string, unknown>): Promise<Person[]> {
  const { row, recheck } = await authorChange(db, viewer, input);
  const now = currentTime();
  await db.transaction(async (tx) => {
    await lockDecision(tx, row.id, 'update');
    const { authors, person, status } = await recheck(tx);
    if (!authors.includes(person.id)) throw new AppError('not_found', `${person.name} is not an author of this decision`, { issues: [{ path: 'email', message: 'Not an author' }] });
    if (authors.length === 1) throw new AppError('conflict', 'A decision needs at least one author: add someone else before removing the last one');
    // Nor may it be left with authors who are all out of its team: nobody could carry it on (teams.ts removeMember).
    if ((await strandedWithout(tx, { teamId: row.teamId, userId: person.id, decisionId: row.id })).length > 0) {
      throw new AppError('conflict', `${person.name} is the only author of this decision still in ${row.teamName}: add a co-author from the team before removing them`);
    }
    await tx.delete(decisionAuthors).where(and(eq(decisionAuthors.decisionId, row.id), eq(decisionAuthors.userId, person.id)));
    // Lists name the lead author (created_by); it passes to the longest-standing author left.
    const lead = authors.find((id) => id !== person.id)!;
    await tx.update(decisions).set({ createdBy: lead }).where(and(eq(decisions.id, row.id), eq(decisions.createdBy, person.id)));
    await appendEvent(tx, { decisionId: row.id, teamId: row.teamId, actor: viewer, type: 'author.removed', data: { name: person.name }, at: now });
    // A former author who owns a cited metric is now one of its required reviewers.
    if (status === 'in-review') await requestMetricOwners(tx, { decisionId: row.id, teamId: row.teamId, actor: viewer, at: now });
  });
  return readAuthors(db, row.id);
}
