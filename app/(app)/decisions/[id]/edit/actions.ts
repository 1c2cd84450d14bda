'use server';

import { getDb } from '@/db/client';
import { getDecision, updateDecision } from '@/db/queries/decisions';
import { getViewer } from '@/app/_lib/viewer';
import { AppError, toActionError } from '@/lib/errors';
import type { ContentKey } from '@/lib/revisions';
import type { DecisionContent } from '@/lib/validation/decision';

export type SaveDecisionResult =
  | { ok: true; revision: number; changed: ContentKey[]; content: DecisionContent }
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
  try {
    const { decision, changed } = await updateDecision(db, viewer, { id: Number(input.id), baseRevision: input.baseRevision, content: input.content });
    return { ok: true, revision: decision.revision, changed, content: decision.content };
  } catch (e) {
    const err = toActionError(e);
    const fieldErrors = err.fieldErrors;
    if (e instanceof AppError && e.code === 'conflict') {
      const current = await getDecision(db, { id: Number(input.id), viewer });
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
