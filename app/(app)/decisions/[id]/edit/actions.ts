'use server';

import { getDb } from '@/db/client';
import { autosaveDraft, discardAutosave } from '@/db/queries/autosave';
import { getDecision, updateDecision } from '@/db/queries/decisions';
import { getGateContext, type GateContext } from '@/db/queries/publish';
import { getViewer } from '@/app/_lib/viewer';
import { AppError, parseId, requireId, toActionError } from '@/lib/errors';
import type { ContentKey } from '@/lib/revisions';
import type { DecisionContent } from '@/lib/validation/decision';

export type SaveDecisionResult =
  | { ok: true; revision: number; changed: ContentKey[]; content: DecisionContent; gate: GateContext }
  | {
      ok: false;
      code: string;
      formError: string;
      fieldErrors: Record<string, string>;
      conflict?: { currentRevision: number; changedSections: ContentKey[]; theirs: DecisionContent };
    };

/** Save the editor's content as a new revision of the draft it was based on. */
export async function saveDecisionAction(input: { id: number; baseRevision: number; content: unknown }): Promise<SaveDecisionResult> {
  const db = getDb();
  const viewer = await getViewer();
  if (!viewer) {
    return { ok: false, code: 'unauthorized', formError: 'Your session has ended. Sign in again in another tab, then save here: your text is kept.', fieldErrors: {} };
  }
  const id = parseId(input?.id);
  if (id === null) return { ok: false, code: 'not_found', formError: 'There is no such decision: reload the page from the decision list. Your text is kept.', fieldErrors: {} };
  try {
    const { decision, changed } = await updateDecision(db, viewer, { id, baseRevision: input.baseRevision, content: input.content });
    // The checklist's facts after the save (stale verdicts, a restarted review window), not the page's.
    return { ok: true, revision: decision.revision, changed, content: decision.content, gate: await getGateContext(db, { id, editorId: viewer.id }) };
  } catch (e) {
    const err = toActionError(e);
    const fieldErrors = err.fieldErrors;
    if (e instanceof AppError && e.code === 'conflict') {
      const current = await getDecision(db, { id, viewer });
      return {
        ok: false,
        code: err.code,
        formError: err.formError,
        fieldErrors,
        conflict: {
          currentRevision: current.revision,
          changedSections: (err.details?.changedSections as ContentKey[] | undefined) ?? [],
          theirs: current.content,
        },
      };
    }
    return { ok: false, code: err.code, formError: err.formError, fieldErrors };
  }
}

export type AutosaveResult = { ok: true; savedAt: string } | { ok: false; formError: string };

/** Keep the editor's unsaved form on the server (debounced by the editor); never a revision. */
export async function autosaveDecisionAction(input: { id: number; baseRevision: number; content: unknown }): Promise<AutosaveResult> {
  const viewer = await getViewer();
  if (!viewer) return { ok: false, formError: 'Your session has ended, so edits are kept in this browser only until you sign in again' };
  try {
    const { updatedAt } = await autosaveDraft(getDb(), viewer, { id: requireId(input?.id, 'decision'), baseRevision: input.baseRevision, content: input.content });
    return { ok: true, savedAt: updatedAt };
  } catch (e) {
    return { ok: false, formError: toActionError(e).formError };
  }
}

/** Throw away the viewer's autosaved edits of this decision. */
export async function discardAutosaveAction(input: { id: number }): Promise<{ ok: boolean }> {
  const viewer = await getViewer();
  if (!viewer) return { ok: false };
  const id = parseId(input?.id);
  if (id === null) return { ok: false };
  await discardAutosave(getDb(), viewer, id);
  return { ok: true };
}
