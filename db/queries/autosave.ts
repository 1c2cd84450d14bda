import { and, eq } from 'drizzle-orm';
import { now as currentTime } from '@/lib/clock';
import { AppError, parseOrThrow } from '@/lib/errors';
import { ruleOn } from '@/lib/permissions';
import { autosaveSchema } from '@/lib/validation/autosave';
import { first, type Db, type Executor } from '../client';
import { decisionAuthors, decisions, draftAutosaves, teams } from '../schema';
import { standingOn } from './permissions';
import type { Viewer } from './users';

/*
 * Server-side autosave: one row per person and decision holding the editor's
 * unsaved form. It survives a crash or a change of device; saving a revision
 * clears it (db/queries/decisions.ts), and it never counts as a revision.
 */

export type Autosave = { baseRevision: number; content: Record<string, unknown>; updatedAt: string };

/**
 * Autosave is editing: the same rule as saving a revision (lib/permissions.ts),
 * judged on every tick of the editor from one indexed read.
 */
async function assertEditableByAuthor(db: Db, viewer: Viewer, decisionId: number) {
  const row = await first(
    db
      .select({ status: decisions.status, teamId: decisions.teamId, teamName: teams.name, author: decisionAuthors.userId })
      .from(decisions)
      .innerJoin(teams, eq(teams.id, decisions.teamId))
      .leftJoin(decisionAuthors, and(eq(decisionAuthors.decisionId, decisions.id), eq(decisionAuthors.userId, viewer.id)))
      .where(eq(decisions.id, decisionId)),
  );
  if (!row) throw new AppError('not_found', `There is no decision #${decisionId}`);
  // The edit rule asks whether an author is still in the team: standingOn reads the role only for authors.
  const standing = await standingOn(db, viewer, { ...row, authorIds: row.author ? [row.author] : [] }, ['edit']);
  const ruling = ruleOn('edit', standing);
  if (!ruling.ok) {
    throw new AppError(ruling.code, ruling.code === 'frozen' ? `This decision is ${row.status}: its content is frozen, so there is nothing to autosave` : ruling.reason);
  }
}

/** Keep the viewer's unsaved edits (replacing their previous autosave of this decision). */
export async function autosaveDraft(db: Db, viewer: Viewer, input: { id: number; baseRevision: unknown; content: unknown }): Promise<{ updatedAt: string }> {
  const data = parseOrThrow(autosaveSchema, { baseRevision: input.baseRevision, content: input.content });
  await assertEditableByAuthor(db, viewer, input.id);
  const at = currentTime();
  await db
    .insert(draftAutosaves)
    .values({ decisionId: input.id, userId: viewer.id, baseRevision: data.baseRevision, content: JSON.stringify(data.content), updatedAt: at })
    .onConflictDoUpdate({
      target: [draftAutosaves.decisionId, draftAutosaves.userId],
      set: { baseRevision: data.baseRevision, content: JSON.stringify(data.content), updatedAt: at },
    });
  return { updatedAt: new Date(at).toISOString() };
}

/** The viewer's autosaved edits of a decision, if any. */
export async function getAutosave(db: Db, viewer: Viewer, decisionId: number): Promise<Autosave | null> {
  const row = await first(
    db
      .select()
      .from(draftAutosaves)
      .where(and(eq(draftAutosaves.decisionId, decisionId), eq(draftAutosaves.userId, viewer.id))),
  );
  if (!row) return null;
  try {
    return { baseRevision: row.baseRevision, content: JSON.parse(row.content) as Record<string, unknown>, updatedAt: new Date(row.updatedAt).toISOString() };
  } catch {
    return null;
  }
}

/** Throw the viewer's autosave away (they chose their saved revision instead). */
export async function discardAutosave(db: Db, viewer: Viewer, decisionId: number): Promise<void> {
  await clearAutosave(db, viewer.id, decisionId);
}

/** Called inside the save transaction: a saved revision supersedes its author's autosave. */
export async function clearAutosave(tx: Executor, userId: string, decisionId: number): Promise<void> {
  await tx
    .delete(draftAutosaves)
    .where(and(eq(draftAutosaves.decisionId, decisionId), eq(draftAutosaves.userId, userId)));
}
