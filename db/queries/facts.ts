import { and, eq } from 'drizzle-orm';
import { AppError } from '@/lib/errors';
import { initialSectionChangedAt, type SectionChangedAt } from '@/lib/revisions';
import { type DecisionStatus, type UserFunction } from '@/lib/validation/common';
import { first, type Executor } from '../client';
import { decisionAuthors, decisions, revisions, teams } from '../schema';

/*
 * What the other modules of db/queries need to know about one decision: the
 * people on it and the facts the rules of critique, publishing and permission
 * read. It imports no other query module, so decisions, review, publish,
 * comments and links all depend on it and never on each other for these.
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
  authorIds: string[];
  sectionChangedAt: SectionChangedAt;
};

/** What the rules of critique and publishing need to know about a decision, in two indexed reads. */
export async function loadFacts(db: Executor, id: number): Promise<DecisionFacts> {
  const row = await first(
    db
      .select({
        id: decisions.id,
        teamId: decisions.teamId,
        team: teams.slug,
        teamName: teams.name,
        status: decisions.status,
        revision: decisions.currentRevision,
        materialRevision: decisions.materialRevision,
        inReviewSince: decisions.inReviewSince,
        sectionChangedAt: revisions.sectionChangedAt,
      })
      .from(decisions)
      .innerJoin(teams, eq(teams.id, decisions.teamId))
      .innerJoin(revisions, and(eq(revisions.decisionId, decisions.id), eq(revisions.number, decisions.currentRevision)))
      .where(eq(decisions.id, id)),
  );
  if (!row) throw new AppError('not_found', `There is no decision #${id}`);
  const authorIds = (await db.select({ id: decisionAuthors.userId }).from(decisionAuthors).where(eq(decisionAuthors.decisionId, id))).map((a) => a.id);
  return { ...row, authorIds, sectionChangedAt: { ...initialSectionChangedAt(), ...JSON.parse(row.sectionChangedAt) } };
}
