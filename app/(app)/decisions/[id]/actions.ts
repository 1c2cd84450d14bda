'use server';

import { revalidatePath } from 'next/cache';
import { getDb } from '@/db/client';
import { addComment, deleteComment, editComment, overrideThread, reopenThread, resolveThread } from '@/db/queries/comments';
import { addAuthor, removeAuthor } from '@/db/queries/decisions';
import { relateDecisions, unrelateDecisions } from '@/db/queries/links';
import { publish, recordOutcome, reverse, withdraw } from '@/db/queries/publish';
import { circulate, returnToDraft, submitReview, vouchForEvidence } from '@/db/queries/review';
import type { Viewer } from '@/db/queries/users';
import type { FormState } from '@/app/_components/form-bits';
import { failed } from '@/app/_lib/action-state';
import { AppError, requireId } from '@/lib/errors';
import { getViewer } from '@/app/_lib/viewer';
import { parseNumber } from './edit/form-model';

/*
 * The decision page's actions: parse the form, call the data layer (which
 * checks who may do what), refresh the page. A failure keeps what was typed.
 */

async function act(form: FormData, values: Record<string, string>, run: (viewer: Viewer, decisionId: number) => Promise<unknown>, message: string): Promise<FormState> {
  const viewer = await getViewer();
  if (!viewer) return { ok: false, formError: 'Your session has ended: sign in again in another tab, then retry. Your text is kept.', values };
  let decisionId: number;
  try {
    decisionId = requireId(form.get('decisionId'), 'decision');
    await run(viewer, decisionId);
  } catch (e) {
    return failed(e, values);
  }
  revalidatePath(`/decisions/${decisionId}`);
  return { ok: true, message };
}

const text = (form: FormData, name: string) => String(form.get(name) ?? '');
/** The comment a thread action is about (a bad id is simply not found). */
const commentId = (form: FormData) => requireId(form.get('commentId'), 'comment');

export async function circulateAction(_prev: FormState, form: FormData): Promise<FormState> {
  const reviewers = text(form, 'reviewers')
    .split(/[\s,;]+/)
    .map((s) => s.trim())
    .filter(Boolean);
  const functions = form.getAll('functions').map(String);
  return act(form, { reviewers: text(form, 'reviewers') }, (v, id) => circulate(getDb(), v, { id, reviewers, functions }), 'Review requested. Reviewers were notified.');
}

export async function returnToDraftAction(_prev: FormState, form: FormData): Promise<FormState> {
  return act(form, {}, (v, id) => returnToDraft(getDb(), v, { id }), 'Moved back to draft.');
}

/**
 * Act on what the person read (`revision`): the data layer refuses it if the record changed since in what it is
 * about. Then the page is refreshed too, so they read the new revision with their words still in the form.
 */
async function actOnRevisionRead(form: FormData, values: Record<string, string>, run: (viewer: Viewer, decisionId: number, revision: unknown) => Promise<unknown>, message: string): Promise<FormState> {
  const revision = parseNumber(text(form, 'revision')) ?? undefined;
  let changed: { id: number; now: unknown } | null = null;
  const state = await act(
    form,
    values,
    async (v, id) => {
      try {
        await run(v, id, revision);
      } catch (e) {
        if (e instanceof AppError && e.code === 'conflict') changed = { id, now: e.details?.currentRevision };
        throw e;
      }
    },
    message,
  );
  if (changed === null) return state;
  const { id, now } = changed;
  revalidatePath(`/decisions/${id}`);
  if (revision === undefined || typeof now !== 'number') return state;
  return { ...state, errorLink: { href: `/decisions/${id}/diff?from=${revision}&to=${now}`, text: `See what changed since revision ${revision}` } };
}

export async function submitReviewAction(_prev: FormState, form: FormData): Promise<FormState> {
  const values = { verdict: text(form, 'verdict'), body: text(form, 'body') };
  return actOnRevisionRead(form, values, (v, id, revision) => submitReview(getDb(), v, { id, ...values, revision }), 'Your review was recorded.');
}

export async function vouchAction(_prev: FormState, form: FormData): Promise<FormState> {
  return actOnRevisionRead(form, {}, (v, id, revision) => vouchForEvidence(getDb(), v, { id, revision }), 'You vouched for the evidence as it stands.');
}

export async function addCommentAction(_prev: FormState, form: FormData): Promise<FormState> {
  const values = { section: text(form, 'section'), kind: text(form, 'kind'), body: text(form, 'body') };
  const reply = Boolean(form.get('parentId'));
  return act(
    form,
    values,
    (v, id) => addComment(getDb(), v, { id, section: values.section || undefined, kind: values.kind || undefined, body: values.body, parentId: reply ? requireId(form.get('parentId'), 'comment') : undefined }),
    reply ? 'Reply posted.' : 'Comment posted.',
  );
}

export async function editCommentAction(_prev: FormState, form: FormData): Promise<FormState> {
  const values = { body: text(form, 'body') };
  return act(form, values, (v) => editComment(getDb(), v, { commentId: commentId(form), body: values.body }), 'Comment updated.');
}

export async function deleteCommentAction(_prev: FormState, form: FormData): Promise<FormState> {
  return act(form, {}, (v) => deleteComment(getDb(), v, { commentId: commentId(form) }), 'Comment deleted.');
}

export async function resolveThreadAction(_prev: FormState, form: FormData): Promise<FormState> {
  const values = { note: text(form, 'note') };
  return act(form, values, (v) => resolveThread(getDb(), v, { commentId: commentId(form), note: values.note }), 'Thread resolved.');
}

export async function reopenThreadAction(_prev: FormState, form: FormData): Promise<FormState> {
  return act(form, {}, (v) => reopenThread(getDb(), v, { commentId: commentId(form) }), 'Thread reopened.');
}

export async function overrideThreadAction(_prev: FormState, form: FormData): Promise<FormState> {
  const values = { rationale: text(form, 'rationale') };
  return act(form, values, (v) => overrideThread(getDb(), v, { commentId: commentId(form), rationale: values.rationale }), 'Objection overridden; your rationale is on the record.');
}

export async function publishAction(_prev: FormState, form: FormData): Promise<FormState> {
  const supersedes = form.get('supersedes') ? Number(form.get('supersedes')) : undefined;
  const result = await act(form, { supersedes: text(form, 'supersedes') }, (v, id) => publish(getDb(), v, { id, supersedes }), 'Published. The record is now frozen.');
  if (!result.ok && result.formError?.startsWith('Not ready to publish')) {
    return { ...result, formError: `${result.formError}. The checklist shows what is left.` };
  }
  return result;
}

export async function withdrawAction(_prev: FormState, form: FormData): Promise<FormState> {
  const values = { reason: text(form, 'reason') };
  return act(form, values, (v, id) => withdraw(getDb(), v, { id, reason: values.reason }), 'Withdrawn.');
}

export async function reverseAction(_prev: FormState, form: FormData): Promise<FormState> {
  const values = { rationale: text(form, 'rationale') };
  return act(form, values, (v, id) => reverse(getDb(), v, { id, rationale: values.rationale }), 'Reversed. The rationale is on the record.');
}

export async function recordOutcomeAction(_prev: FormState, form: FormData): Promise<FormState> {
  const values = { verdict: text(form, 'verdict'), body: text(form, 'body') } as Record<string, string>;
  // Evidence rows arrive as evidence.N.field, N being the row on screen; numbers are read as people type them.
  const rows = new Map<number, Record<string, string>>();
  for (const [key, raw] of form.entries()) {
    const m = /^evidence\.(\d+)\.(metric|relativeChange|ciLow|ciHigh)$/.exec(key);
    if (!m) continue;
    values[key] = String(raw);
    rows.set(Number(m[1]), { ...rows.get(Number(m[1])), [m[2]!]: String(raw) });
  }
  // Blank rows are dropped; `onScreen` maps each row sent back to where it was typed, for its errors.
  const filled = [...rows.entries()].sort(([a], [b]) => a - b).filter(([, r]) => Object.values(r).some((v) => v.trim()));
  const onScreen = filled.map(([n]) => n);
  const evidence = filled.map(([, r]) => ({ metric: r.metric ?? '', relativeChange: parseNumber(r.relativeChange ?? ''), ciLow: parseNumber(r.ciLow ?? ''), ciHigh: parseNumber(r.ciHigh ?? '') }));
  const state = await act(form, values, (v, id) => recordOutcome(getDb(), v, { id, verdict: values.verdict, body: values.body, evidence }), 'Outcome recorded.');
  if (!state.fieldErrors) return state;
  const fieldErrors = Object.fromEntries(Object.entries(state.fieldErrors).map(([k, msg]) => [k.replace(/^evidence\.(\d+)\./, (_, n: string) => `evidence.${onScreen[Number(n)] ?? n}.`), msg]));
  return { ...state, fieldErrors };
}

export async function addAuthorAction(_prev: FormState, form: FormData): Promise<FormState> {
  const values = { email: text(form, 'email') };
  return act(form, values, (v, id) => addAuthor(getDb(), v, { id, email: values.email }), 'Co-author added. They were notified.');
}

export async function removeAuthorAction(_prev: FormState, form: FormData): Promise<FormState> {
  return act(form, {}, (v, id) => removeAuthor(getDb(), v, { id, email: text(form, 'email') }), 'Author removed.');
}

export async function relateAction(_prev: FormState, form: FormData): Promise<FormState> {
  const values = { relatesTo: text(form, 'relatesTo') };
  return act(form, values, (v, id) => relateDecisions(getDb(), v, { id, relatesTo: values.relatesTo }), 'Linked. Both decisions now show the link.');
}

export async function unrelateAction(_prev: FormState, form: FormData): Promise<FormState> {
  return act(form, {}, (v, id) => unrelateDecisions(getDb(), v, { id, relatesTo: text(form, 'relatesTo') }), 'Link removed.');
}
