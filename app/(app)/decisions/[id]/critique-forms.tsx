'use client';

import { useActionState, useEffect, useId, useRef, useState } from 'react';
import { ActionButton, FieldError, FormMessages, SubmitButton, type FormState } from '@/app/_components/form-bits';
import type { VouchState } from '@/db/queries/review';
import { COMMENT_KIND_LABELS, COMMENT_KINDS } from '@/lib/review';
import { listInWords } from '@/lib/words';
import { FUNCTION_LABELS, FUNCTIONS, type UserFunction } from '@/lib/vocabulary';
import {
  addCommentAction,
  circulateAction,
  deleteCommentAction,
  editCommentAction,
  overrideThreadAction,
  reopenThreadAction,
  resolveThreadAction,
  returnToDraftAction,
  submitReviewAction,
  vouchAction,
} from './actions';

/** A button that opens a small form in place; closes again once the action succeeds. */
function useDisclosure(state: FormState) {
  const [open, setOpen] = useState(false);
  const [seen, setSeen] = useState(state);
  if (state !== seen) {
    setSeen(state);
    if (state.ok) setOpen(false);
  }
  return [open, setOpen] as const;
}

function Hidden({ fields }: { fields: Record<string, string | number> }) {
  return (
    <>
      {Object.entries(fields).map(([k, v]) => (
        <input key={k} type="hidden" name={k} value={v} />
      ))}
    </>
  );
}

function useFocusWhenOpen<T extends HTMLElement>(open: boolean) {
  const ref = useRef<T>(null);
  useEffect(() => {
    if (open) ref.current?.focus();
  }, [open]);
  return ref;
}

export function CommentComposer({
  decisionId,
  section,
  sectionLabel,
  defaultKind = 'question',
  blocking = true,
}: {
  decisionId: number;
  section: string;
  sectionLabel: string;
  defaultKind?: string;
  /** Offer "blocking" among the kinds (only before publishing: lib/permissions.ts `object`). */
  blocking?: boolean;
}) {
  const [state, action] = useActionState<FormState, FormData>(addCommentAction, {});
  const [open, setOpen] = useDisclosure(state);
  const ref = useFocusWhenOpen<HTMLTextAreaElement>(open);
  const id = useId();
  if (!open) {
    return (
      <div className="composer-closed">
        {state.ok && state.message && (
          <p className="small muted" role="status">
            {state.message}
          </p>
        )}
        <button type="button" className="button small ghost" onClick={() => setOpen(true)}>
          Comment on {sectionLabel}
        </button>
      </div>
    );
  }
  // noValidate: an empty comment is answered by the server's message, in Candor's words, as a blank one is.
  return (
    <form action={action} className="composer" aria-label={`Comment on ${sectionLabel}`} noValidate>
      <Hidden fields={{ decisionId, section }} />
      <FormMessages state={state} />
      <div className="row" style={{ alignItems: 'flex-end' }}>
        <div className="field" style={{ margin: 0, flex: '0 0 200px' }}>
          <label htmlFor={`${id}-kind`}>Kind</label>
          <select id={`${id}-kind`} name="kind" defaultValue={state.values?.kind || defaultKind} key={state.values?.kind}>
            {COMMENT_KINDS.filter((k) => blocking || k !== 'blocking').map((k) => (
              <option key={k} value={k}>
                {COMMENT_KIND_LABELS[k]}
                {k === 'blocking' ? ' — must be answered before publishing' : ''}
              </option>
            ))}
          </select>
        </div>
      </div>
      <div className="field" style={{ marginTop: '0.6rem' }}>
        <label htmlFor={`${id}-body`}>Your comment</label>
        <textarea
          ref={ref}
          id={`${id}-body`}
          name="body"
          rows={4}
          required
          defaultValue={state.values?.body}
          aria-invalid={!!state.fieldErrors?.body || undefined}
          aria-describedby={`${id}-hint`}
        />
        <p className="hint" id={`${id}-hint`}>
          Markdown. Mention people with @name or @email; they are notified.
        </p>
        <FieldError name="body" state={state} />
      </div>
      <div className="row">
        <SubmitButton pendingText="Posting…">Post comment</SubmitButton>
        <button type="button" className="button ghost" onClick={() => setOpen(false)}>
          Cancel
        </button>
      </div>
    </form>
  );
}

type ThreadCan = { reply: boolean; resolve: boolean; reopen: boolean; override: boolean };

/** Reply / resolve / reopen / override for one thread, and edit / delete for the viewer's own comments. */
export function ThreadActions({ decisionId, threadId, can, blocking, authorName }: { decisionId: number; threadId: number; can: ThreadCan; blocking: boolean; authorName: string }) {
  const [replyState, replyAction] = useActionState<FormState, FormData>(addCommentAction, {});
  const [resolveState, resolveAction] = useActionState<FormState, FormData>(resolveThreadAction, {});
  const [reopenState, reopenAction] = useActionState<FormState, FormData>(reopenThreadAction, {});
  const [overrideState, overrideAction] = useActionState<FormState, FormData>(overrideThreadAction, {});
  const [replying, setReplying] = useDisclosure(replyState);
  const [resolving, setResolving] = useDisclosure(resolveState);
  const [overriding, setOverriding] = useDisclosure(overrideState);
  const replyRef = useFocusWhenOpen<HTMLTextAreaElement>(replying);
  const overrideRef = useFocusWhenOpen<HTMLTextAreaElement>(overriding);
  const id = useId();
  const error = reopenState.formError;
  return (
    <div className="thread-actions">
      <div className="row">
        {can.reply && !replying && (
          <button type="button" className="button small ghost" onClick={() => setReplying(true)}>
            Reply
          </button>
        )}
        {can.resolve && !resolving && (
          <button type="button" className="button small ghost" onClick={() => setResolving(true)}>
            Resolve
          </button>
        )}
        {can.override && !overriding && (
          <button type="button" className="button small ghost" onClick={() => setOverriding(true)}>
            Override objection
          </button>
        )}
        {can.reopen && (
          <form action={reopenAction}>
            <Hidden fields={{ decisionId, commentId: threadId }} />
            <SubmitButton className="button small ghost" pendingText="Reopening…">
              Reopen
            </SubmitButton>
          </form>
        )}
      </div>
      {error && <p className="field-error">{error}</p>}
      {[replyState, resolveState, reopenState, overrideState].map((s, i) =>
        s.ok && s.message ? (
          <p key={i} className="small muted" role="status">
            {s.message}
          </p>
        ) : null,
      )}
      {replying && (
        <form action={replyAction} className="composer" aria-label={`Reply to ${authorName}`} noValidate>
          <Hidden fields={{ decisionId, parentId: threadId }} />
          <FormMessages state={replyState} />
          <div className="field">
            <label htmlFor={`${id}-reply`}>Reply</label>
            <textarea ref={replyRef} id={`${id}-reply`} name="body" rows={3} required defaultValue={replyState.values?.body} aria-invalid={!!replyState.fieldErrors?.body || undefined} />
            <FieldError name="body" state={replyState} />
          </div>
          <div className="row">
            <SubmitButton pendingText="Posting…">Post reply</SubmitButton>
            <button type="button" className="button ghost" onClick={() => setReplying(false)}>
              Cancel
            </button>
          </div>
        </form>
      )}
      {resolving && (
        <form action={resolveAction} className="composer" aria-label="Resolve this thread">
          <Hidden fields={{ decisionId, commentId: threadId }} />
          <FormMessages state={resolveState} />
          <div className="field">
            <label htmlFor={`${id}-note`}>Note (optional)</label>
            <textarea id={`${id}-note`} name="note" rows={2} defaultValue={resolveState.values?.note} aria-describedby={`${id}-note-hint`} />
            <p className="hint" id={`${id}-note-hint`}>
              {blocking ? 'Resolving withdraws your objection.' : 'Say how it was addressed.'}
            </p>
          </div>
          <div className="row">
            <SubmitButton pendingText="Resolving…">Resolve thread</SubmitButton>
            <button type="button" className="button ghost" onClick={() => setResolving(false)}>
              Cancel
            </button>
          </div>
        </form>
      )}
      {overriding && (
        <form action={overrideAction} className="composer" aria-label="Override this objection" noValidate>
          <Hidden fields={{ decisionId, commentId: threadId }} />
          <FormMessages state={overrideState} />
          <div className="field">
            <label htmlFor={`${id}-rationale`}>Why proceed despite this objection?</label>
            <textarea
              ref={overrideRef}
              id={`${id}-rationale`}
              name="rationale"
              rows={3}
              required
              defaultValue={overrideState.values?.rationale}
              aria-describedby={`${id}-rationale-hint`}
              aria-invalid={!!overrideState.fieldErrors?.rationale || undefined}
            />
            <p className="hint" id={`${id}-rationale-hint`}>
              A sentence or two (at least 8 words) that answers it. It stays on the published record as recorded dissent, beside {authorName}’s objection.
            </p>
            <FieldError name="rationale" state={overrideState} />
          </div>
          <div className="row">
            <SubmitButton pendingText="Recording…">Override with this rationale</SubmitButton>
            <button type="button" className="button ghost" onClick={() => setOverriding(false)}>
              Cancel
            </button>
          </div>
        </form>
      )}
    </div>
  );
}

export function OwnCommentActions({ decisionId, commentId, body }: { decisionId: number; commentId: number; body: string }) {
  const [editState, editAction] = useActionState<FormState, FormData>(editCommentAction, {});
  const [deleteState, deleteAction] = useActionState<FormState, FormData>(deleteCommentAction, {});
  const [editing, setEditing] = useDisclosure(editState);
  const [confirming, setConfirming] = useState(false);
  const ref = useFocusWhenOpen<HTMLTextAreaElement>(editing);
  const id = useId();
  return (
    <div className="own-actions">
      {!editing && (
        <div className="row">
          <button type="button" className="link-button small" onClick={() => setEditing(true)}>
            Edit
          </button>
          {confirming ? (
            <form action={deleteAction} className="row">
              <Hidden fields={{ decisionId, commentId }} />
              <span className="small">Delete this comment?</span>
              <SubmitButton className="button small danger" pendingText="Deleting…">
                Yes, delete
              </SubmitButton>
              <button type="button" className="button small ghost" onClick={() => setConfirming(false)}>
                Keep it
              </button>
            </form>
          ) : (
            <button type="button" className="link-button small" onClick={() => setConfirming(true)}>
              Delete
            </button>
          )}
        </div>
      )}
      {deleteState.formError && <p className="field-error">{deleteState.formError}</p>}
      {editing && (
        <form action={editAction} className="composer" aria-label="Edit comment" noValidate>
          <Hidden fields={{ decisionId, commentId }} />
          <FormMessages state={editState} />
          <div className="field">
            <label htmlFor={`${id}-edit`}>Edit your comment</label>
            <textarea ref={ref} id={`${id}-edit`} name="body" rows={4} required defaultValue={editState.values?.body ?? body} aria-invalid={!!editState.fieldErrors?.body || undefined} />
            <p className="hint">The previous version stays in the comment’s history.</p>
            <FieldError name="body" state={editState} />
          </div>
          <div className="row">
            <SubmitButton>Save edit</SubmitButton>
            <button type="button" className="button ghost" onClick={() => setEditing(false)}>
              Cancel
            </button>
          </div>
        </form>
      )}
    </div>
  );
}

/**
 * The reviewer's verdict, placed where they read (above the record). Nothing is
 * pre-selected: a verdict is a choice. Open by default for someone who was asked
 * and has no current verdict; a disclosure for everyone else.
 */
export function ReviewForm({ decisionId, revision, asked, standing }: { decisionId: number; revision: number; asked: string | null; standing: string | null }) {
  const [state, action] = useActionState<FormState, FormData>(submitReviewAction, {});
  const id = useId();
  return (
    <details className="review-first card" open={(!!asked && !standing) || state.ok || !!state.formError || (!!state.fieldErrors && Object.keys(state.fieldErrors).length > 0) || undefined}>
      <summary>
        <h2 id={`${id}-h`}>Your review</h2>
        <span className="small muted">{standing ?? (asked ? 'Your verdict is needed' : 'Give a verdict on this revision')}</span>
      </summary>
      {asked && <p className="small review-why">{asked}</p>}
      {/* noValidate: a missing verdict is answered by the server's message, in Candor's words, keeping the review text. */}
      {/* The publish checklist links here when it waits for this reviewer (a link into a closed <details> opens it). */}
      <form action={action} aria-labelledby={`${id}-h`} id="your-review" noValidate>
        <FormMessages state={state} />
        <fieldset key={state.ok ? 'done' : (state.values?.verdict ?? 'new')} aria-describedby={state.fieldErrors?.verdict ? `${id}-verdict-err` : undefined}>
          <legend className="field-label small">Verdict on revision {revision}</legend>
          {(
            [
              ['approve', 'Approve', 'The evidence supports the decision.'],
              ['request-changes', 'Request changes', 'Something must change before publishing.'],
              ['comment', 'Comment', 'Feedback without a verdict.'],
            ] as const
          ).map(([value, label, hint]) => (
            <label key={value} className="radio-row">
              <input type="radio" name="verdict" value={value} required defaultChecked={state.ok ? false : state.values?.verdict === value} />
              <span>
                <strong>{label}</strong> <span className="small muted">{hint}</span>
              </span>
            </label>
          ))}
          {state.fieldErrors?.verdict && (
            <p className="field-error" id={`${id}-verdict-err`}>
              Choose a verdict: approve, request changes or comment.
            </p>
          )}
        </fieldset>
        <div className="field" style={{ marginTop: '0.6rem' }}>
          <label htmlFor={`${id}-body`}>Review</label>
          <textarea id={`${id}-body`} name="body" rows={4} defaultValue={state.ok ? '' : state.values?.body} key={state.ok ? 'sent' : 'draft'} aria-invalid={!!state.fieldErrors?.body || undefined} />
          <FieldError name="body" state={state} />
        </div>
        <Hidden fields={{ decisionId, revision }} />
        <SubmitButton pendingText="Submitting…">Submit review</SubmitButton>
      </form>
    </details>
  );
}

/**
 * For a cited metric's owner who wrote or co-authors the decision, in place of a verdict: vouch that its sources,
 * methodology, metrics and evidence are right as they stand. Open while the gate waits for it; once it stands,
 * a closed card that says so.
 */
export function VouchForm({ decisionId, revision, vouch, wrote }: { decisionId: number; revision: number; vouch: VouchState; /** They saved a revision (else they co-author it without having written any). */ wrote: boolean }) {
  const [state, action] = useActionState<FormState, FormData>(vouchAction, {});
  const id = useId();
  const how = vouch.by === 'saving' ? `your save of revision ${vouch.revision}` : `your vouch at revision ${vouch.revision}`;
  return (
    <details className="review-first card" open={!vouch.current || state.ok || !!state.formError || undefined}>
      <summary>
        <h2 id={`${id}-h`}>Vouch for the evidence</h2>
        <span className="small muted">{vouch.current ? `You vouch for it as it stands (${how})` : 'Publishing waits for you'}</span>
      </summary>
      <p className="small review-why">
        You own {listInWords(vouch.metrics)}, which this decision cites. You {wrote ? 'wrote part of' : 'co-author'} this record, so you give it no verdict: instead you vouch that its data sources, methodology, metrics and evidence are right.
      </p>
      {vouch.revision !== null && !vouch.current && (
        <p className="small">
          {vouch.by === 'saving' ? 'Your save' : 'Your vouch'} at revision {vouch.revision} no longer counts: the evidence changed in revision {vouch.changedIn}.{' '}
          <a href={`/decisions/${decisionId}/diff?from=${vouch.revision}&to=${revision}`}>See what changed</a>
        </p>
      )}
      <FormMessages state={state} />
      {vouch.current ? (
        <p className="small muted">It stands until someone changes the sources, methodology, metrics or evidence; you’ll be told if they do.</p>
      ) : (
        <form action={action} aria-labelledby={`${id}-h`} id="your-vouch">
          <Hidden fields={{ decisionId, revision }} />
          <SubmitButton pendingText="Vouching…">Vouch for the evidence in revision {revision}</SubmitButton>
        </form>
      )}
    </details>
  );
}

export function CirculateForm({
  decisionId,
  inReview,
  autoRequested,
  people,
  counts,
}: {
  decisionId: number;
  inReview: boolean;
  autoRequested: string[];
  people: { email: string; name: string }[];
  counts: Record<string, number>;
}) {
  const [state, action] = useActionState<FormState, FormData>(circulateAction, {});
  const [open, setOpen] = useDisclosure(state);
  const id = useId();
  if (!open) {
    return (
      <>
        {state.ok && state.message && (
          <p className="small form-success" role="status">
            {state.message}
          </p>
        )}
        <button type="button" className={`button ${inReview ? '' : 'primary'}`} style={{ width: '100%' }} onClick={() => setOpen(true)}>
          {inReview ? 'Request more reviewers' : 'Circulate for review'}
        </button>
      </>
    );
  }
  return (
    <form action={action} aria-labelledby={`${id}-h`} className="circulate-form">
      <h3 id={`${id}-h`}>{inReview ? 'Request more reviewers' : 'Circulate for review'}</h3>
      <FormMessages state={state} />
      <Hidden fields={{ decisionId }} />
      <div className="field">
        <label htmlFor={`${id}-reviewers`}>People (emails)</label>
        <input id={`${id}-reviewers`} name="reviewers" type="text" list={`${id}-people`} placeholder="dev@example.com, eli@example.com" defaultValue={state.values?.reviewers} aria-describedby={`${id}-reviewers-hint`} />
        <datalist id={`${id}-people`}>
          {people.map((p) => (
            <option key={p.email} value={p.email}>
              {p.name}
            </option>
          ))}
        </datalist>
        <p className="hint" id={`${id}-reviewers-hint`}>
          Separate with commas.
        </p>
        {Object.entries(state.fieldErrors ?? {})
          .filter(([k]) => k.startsWith('reviewers'))
          .map(([k, v]) => (
            <p key={k} className="field-error">
              {v}
            </p>
          ))}
      </div>
      <fieldset className="field">
        <legend className="field-label">Someone from…</legend>
        <div className="check-grid">
          {FUNCTIONS.map((f) => (
            <label key={f} className="checkbox small">
              <input type="checkbox" name="functions" value={f} /> {FUNCTION_LABELS[f as UserFunction]} <span className="faint">({counts[f] ?? 0})</span>
            </label>
          ))}
        </div>
      </fieldset>
      {autoRequested.length > 0 && <p className="small muted">Also requested automatically, as owners of cited metrics: {autoRequested.join(', ')}.</p>}
      <div className="row">
        <SubmitButton pendingText="Requesting…">{inReview ? 'Request review' : 'Circulate'}</SubmitButton>
        <button type="button" className="button ghost" onClick={() => setOpen(false)}>
          Cancel
        </button>
      </div>
    </form>
  );
}

export function ReturnToDraftButton({ decisionId }: { decisionId: number }) {
  return (
    <ActionButton action={returnToDraftAction} fields={{ decisionId }} pendingText="Moving…">
      Move back to draft
    </ActionButton>
  );
}
