import { and, asc, eq, inArray, max, sql } from 'drizzle-orm';
import type { SelectResultFields } from 'drizzle-orm/query-builders/select.types';
import type { SelectedFieldsFlat } from 'drizzle-orm/sqlite-core';
import { AppError } from '@/lib/errors';
import { initialSectionChangedAt, type SectionChangedAt } from '@/lib/revisions';
import { type DecisionStatus, type UserFunction } from '@/lib/validation/common';
import { first, readAll, type Executor } from '../client';
import { decisionAuthors, decisions, evidenceVouches, revisions, teamMembers, teams, user } from '../schema';

/*
 * What the other modules of db/queries need to know about one decision: the
 * people on it and the facts the rules of critique, publishing and permission
 * read. It imports no other query module, so decisions, review, publish,
 * comments and links all depend on it and never on each other for these.
 *
 * The one read of a decision row (with its team and current revision) and
 * the one read of its authors are written here; getDecision asks for a few
 * columns more through `loadFactsWith`.
 */

export type Person = { id: string; name: string; email: string; function: UserFunction };

export type DecisionFacts = {
  id: number;
  teamId: number;
  team: string;
  teamName: string;
  status: DecisionStatus;
  revision: number;
  materialRevision: number;
  inReviewSince: number | null;
  /** When the last material change was saved (null for records from before it was kept): the review window counts from the later of the two. */
  materialChangedAt: number | null;
  /** The policy in force when it was circulated (JSON; null while not in review): the gate applies the stricter of it and today's. */
  reviewPolicy: string | null;
  /** The revision first circulated for review (null while it never was). */
  firstCirculatedRevision: number | null;
  /** Oldest first: the lead author leads. */
  authors: Person[];
  authorIds: string[];
  /** The authors still in the decision's team: an author's rights (overriding an objection among them) last while they are. */
  actingAuthorIds: string[];
  /** Everyone who saved a revision (authors now or not): never its critics. */
  writerIds: string[];
  /** The latest revision each of them saved (lib/gate's GateRecord.lastWrote). */
  lastWrote: Record<string, number>;
  /** Their functions now (lib/gate's GateRecord.writerFunctions). */
  writerFunctions: UserFunction[];
  sectionChangedAt: SectionChangedAt;
};

/** A person as selected beside something they wrote: the columns and the mapping, written once. */
export const AUTHOR_COLUMNS = { authorId: user.id, authorName: user.name, authorEmail: user.email, authorFunction: user.function };
export function authorOf(r: { authorId: string; authorName: string; authorEmail: string; authorFunction: string }): Person {
  return { id: r.authorId, name: r.authorName, email: r.authorEmail, function: r.authorFunction as UserFunction };
}

/** A decision's authors, oldest first. */
export async function readAuthors(db: Executor, decisionId: number): Promise<Person[]> {
  return (
    await db
      .select(AUTHOR_COLUMNS)
      .from(decisionAuthors)
      .innerJoin(user, eq(user.id, decisionAuthors.userId))
      .where(eq(decisionAuthors.decisionId, decisionId))
      .orderBy(asc(decisionAuthors.addedAt))
  ).map(authorOf);
}

/** Who saved a revision of a decision: the latest revision each saved (GateRecord.lastWrote), and their functions now (GateRecord.writerFunctions). */
export type Writers = { lastWrote: Record<string, number>; functions: UserFunction[] };

/** The writers of each decision: one indexed read for any number of decisions. */
export async function readWriters(db: Executor, decisionIds: number[]): Promise<Map<number, Writers>> {
  const byDecision = new Map<number, Writers>(decisionIds.map((id) => [id, { lastWrote: {}, functions: [] }]));
  if (decisionIds.length === 0) return byDecision;
  const rows = await db
    .select({ decisionId: revisions.decisionId, userId: revisions.authorId, function: user.function, latest: max(revisions.number) })
    .from(revisions)
    .innerJoin(user, eq(user.id, revisions.authorId))
    .where(inArray(revisions.decisionId, decisionIds))
    .groupBy(revisions.decisionId, revisions.authorId, user.function);
  for (const r of rows) {
    const writers = byDecision.get(r.decisionId);
    if (!writers) continue;
    writers.lastWrote[r.userId] = Number(r.latest);
    writers.functions.push(r.function as UserFunction);
  }
  return byDecision;
}

/** SQL: `userId` wrote a revision of the decision aliased `d`, or co-authors it (so gives it no verdict). */
export const wroteOrAuthorsSql = (userId: string) =>
  sql`(EXISTS (SELECT 1 FROM decision_authors da WHERE da.decision_id = d.id AND da.user_id = ${userId})
      OR EXISTS (SELECT 1 FROM revisions rv WHERE rv.decision_id = d.id AND rv.author_id = ${userId}))`;

/** No writers (a decision readWriters was not asked about): shared, never written to. */
export const NO_WRITERS: Writers = { lastWrote: {}, functions: [] };

/**
 * The revision each metric owner who wrote or co-authors a decision last vouched for (lib/gate's
 * GateRecord.lastVouched), and who was handed a cited metric at which revision (GateRecord.vouchFloor). Read only
 * where the gate or vouching needs them, not with every decision's facts.
 */
export type Vouches = { lastVouched: Record<string, number>; vouchFloor: Record<string, number> };

/**
 * For each decision, the revision each owner last vouched for its evidence at, and the hand-over floors (the
 * revision at which someone became a cited metric's owner): one indexed read for any number of decisions.
 */
export async function readVouches(db: Executor, decisionIds: number[]): Promise<Map<number, Vouches>> {
  const byDecision = new Map<number, Vouches>(decisionIds.map((id) => [id, { lastVouched: {}, vouchFloor: {} }]));
  if (decisionIds.length === 0) return byDecision;
  const rows = await db
    .select({ decisionId: evidenceVouches.decisionId, userId: evidenceVouches.userId, revision: evidenceVouches.revision, floor: evidenceVouches.floorRevision })
    .from(evidenceVouches)
    .where(inArray(evidenceVouches.decisionId, decisionIds));
  for (const r of rows) {
    const v = byDecision.get(r.decisionId);
    if (!v) continue;
    if (r.revision > 0) v.lastVouched[r.userId] = Number(r.revision);
    if (r.floor > 0) v.vouchFloor[r.userId] = Number(r.floor);
  }
  return byDecision;
}

/** One decision's vouches (readVouches). */
export async function loadVouches(db: Executor, decisionId: number): Promise<Vouches> {
  return (await readVouches(db, [decisionId])).get(decisionId)!;
}

/**
 * A decision's authors, oldest first, and which of them are still in its team (whose author rights stand):
 * one indexed read.
 */
export async function readAuthorsInTeam(db: Executor, decisionId: number): Promise<{ authors: Person[]; actingAuthorIds: string[] }> {
  const rows = await db
    .select({ ...AUTHOR_COLUMNS, inTeam: teamMembers.userId })
    .from(decisionAuthors)
    .innerJoin(user, eq(user.id, decisionAuthors.userId))
    .innerJoin(decisions, eq(decisions.id, decisionAuthors.decisionId))
    .leftJoin(teamMembers, and(eq(teamMembers.teamId, decisions.teamId), eq(teamMembers.userId, decisionAuthors.userId)))
    .where(eq(decisionAuthors.decisionId, decisionId))
    .orderBy(asc(decisionAuthors.addedAt));
  return { authors: rows.map(authorOf), actingAuthorIds: rows.filter((r) => r.inTeam !== null).map((r) => r.authorId) };
}

const FACT_COLUMNS = {
  id: decisions.id,
  teamId: decisions.teamId,
  team: teams.slug,
  teamName: teams.name,
  status: decisions.status,
  revision: decisions.currentRevision,
  materialRevision: decisions.materialRevision,
  inReviewSince: decisions.inReviewSince,
  materialChangedAt: decisions.materialChangedAt,
  reviewPolicy: decisions.reviewPolicy,
  firstCirculatedRevision: decisions.firstCirculatedRevision,
  sectionChangedAt: revisions.sectionChangedAt,
};

/**
 * The facts of a decision and `extra` columns of the same row (the decision,
 * its team, its current revision), in three indexed reads: the row, the
 * authors (and which of them are still in its team) and who wrote its revisions. Named columns only: a decision row also carries an imported
 * record's whole original file.
 */
export async function loadFactsWith<T extends SelectedFieldsFlat>(db: Executor, id: number, extra: T): Promise<{ facts: DecisionFacts; extra: SelectResultFields<T> }> {
  const [row, { authors, actingAuthorIds }, writers] = await readAll(db, [
    () =>
      first(
        db
          .select({ ...FACT_COLUMNS, extra })
          .from(decisions)
          .innerJoin(teams, eq(teams.id, decisions.teamId))
          .innerJoin(revisions, and(eq(revisions.decisionId, decisions.id), eq(revisions.number, decisions.currentRevision)))
          .where(eq(decisions.id, id)),
      ),
    () => readAuthorsInTeam(db, id),
    () => readWriters(db, [id]),
  ]);
  if (!row) throw new AppError('not_found', `There is no decision #${id}`);
  const { extra: more, ...facts } = row as typeof row & { extra: SelectResultFields<T> };
  const decision: DecisionFacts = {
    ...facts,
    authors,
    authorIds: authors.map((a) => a.id),
    actingAuthorIds,
    writerIds: Object.keys((writers.get(id) ?? NO_WRITERS).lastWrote),
    lastWrote: (writers.get(id) ?? NO_WRITERS).lastWrote,
    writerFunctions: (writers.get(id) ?? NO_WRITERS).functions,
    sectionChangedAt: { ...initialSectionChangedAt(), ...JSON.parse(facts.sectionChangedAt) },
  };
  return { facts: decision, extra: more };
}

/** What the rules of critique and publishing need to know about a decision, in three indexed reads. */
export async function loadFacts(db: Executor, id: number): Promise<DecisionFacts> {
  return (await loadFactsWith(db, id, {})).facts;
}
