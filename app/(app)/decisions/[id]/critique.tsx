import type { Comment, SectionDiscussion, ShownThread } from '@/db/queries/comments';
import type { ActivityItem } from '@/db/queries/events';
import { standingReviews, type Review, type ReviewRequest, type VouchState } from '@/db/queries/review';
import type { Viewer } from '@/db/queries/users';
import { Markdown } from '@/app/_components/markdown';
import { formatDateTime, TimeAgo } from '@/app/_components/time-ago';
import { REPLIES_SHOWN } from '@/lib/discussion';
import { COMMENT_KIND_LABELS, MATERIAL_SECTIONS, type CommentKind } from '@/lib/review';
import { SECTION_LABELS, type ContentKey } from '@/lib/revisions';
import { FUNCTION_LABELS, type UserFunction } from '@/lib/validation/common';
import { VERDICT_LABELS, type Verdict } from '@/lib/validation/review';
import { listInWords } from '@/lib/words';
import { CommentComposer, OwnCommentActions, ThreadActions } from './critique-forms';

export function sectionLabel(section: string): string {
  return section === 'record' ? 'the whole decision' : SECTION_LABELS[section as ContentKey];
}

function KindChip({ kind }: { kind: string }) {
  const cls = kind === 'blocking' ? 'bad' : kind === 'endorsement' ? 'good' : kind === 'concern' ? 'warn' : '';
  return <span className={`chip ${cls}`}>{COMMENT_KIND_LABELS[kind as CommentKind] ?? kind}</span>;
}

/** A speech-bubble count on a section heading, linking to its threads. */
export function CommentCount({ discussion }: { discussion: SectionDiscussion }) {
  const { section, count, open } = discussion;
  if (count === 0) return null;
  return (
    <a className="comment-count" href={`#threads-${section}`} aria-label={`${count} comment thread${count === 1 ? '' : 's'} on ${sectionLabel(section)}, ${open} open`}>
      <svg viewBox="0 0 16 16" aria-hidden="true" focusable="false">
        <path d="M2.5 3.5h11v7h-6l-3 2.5v-2.5h-2z" fill="none" stroke="currentColor" strokeWidth="1.4" strokeLinejoin="round" />
      </svg>
      {count}
    </a>
  );
}

function CommentBody({ c, viewer, decisionId }: { c: Comment; viewer: Viewer; decisionId: number }) {
  if (c.deleted) return <p className="placeholder">Comment deleted.</p>;
  return (
    <>
      <Markdown text={c.body} className="prose comment-body" />
      {c.edits.length > 0 && (
        <details className="small muted">
          <summary>
            Edited {c.edits.length} time{c.edits.length === 1 ? '' : 's'}
          </summary>
          <ol className="edit-history">
            {c.edits.map((e, i) => (
              <li key={i}>
                <span className="faint">Before {formatDateTime(e.editedAt)}:</span>
                <Markdown text={e.previousBody} className="prose comment-body" />
              </li>
            ))}
          </ol>
        </details>
      )}
      {c.author.id === viewer.id && <OwnCommentActions decisionId={decisionId} commentId={c.id} body={c.body} />}
    </>
  );
}

function Byline({ c }: { c: Comment }) {
  return (
    <span className="thread-byline">
      <strong>{c.author.name}</strong> <span className="faint">{FUNCTION_LABELS[c.author.function]}</span> · <TimeAgo iso={c.createdAt} /> · on revision {c.revision}
      {c.editedAt && ' · edited'}
    </span>
  );
}

/** A thread as listThreadPage returns it: the replies it shows (lib/discussion.ts), and how many it has. */
export function ThreadView({ t, viewer, decisionId }: { t: ShownThread; viewer: Viewer; decisionId: number }) {
  const replies = t.replies;
  const hidden = t.replyCount - replies.length;
  const stateLabel = t.state === 'resolved' ? 'Resolved' : t.state === 'overridden' ? 'Overridden' : null;
  return (
    <article className={`thread thread-${t.state}${t.kind === 'blocking' ? ' thread-blocking' : ''}`} id={`comment-${t.id}`} aria-label={`${COMMENT_KIND_LABELS[t.kind as CommentKind] ?? 'Comment'} by ${t.author.name}`}>
      <header className="row">
        <KindChip kind={t.kind} />
        <Byline c={t} />
        <span className="spacer" />
        {t.outdated && (
          <span className="chip warn" title="The section changed after this comment was written">
            Outdated
          </span>
        )}
        {stateLabel && <span className={`chip ${t.state === 'resolved' ? 'good' : 'accent'}`}>{stateLabel}</span>}
      </header>
      <CommentBody c={t} viewer={viewer} decisionId={decisionId} />
      {t.state === 'overridden' && (
        <div className="override-note" role="note">
          <strong>Overridden by {t.stateBy}</strong> <span className="faint small">{t.stateAt && formatDateTime(t.stateAt)}</span>
          <Markdown text={t.stateNote ?? ''} className="prose comment-body" />
        </div>
      )}
      {t.state === 'resolved' && (
        <p className="small muted">
          Resolved by {t.stateBy}
          {t.stateNote ? `: “${t.stateNote}”` : '.'}
        </p>
      )}
      {t.history.some((h) => h.action === 'overridden') && t.state !== 'overridden' && (
        <details className="small muted">
          <summary>History</summary>
          <ul>
            {t.history.map((h, i) => (
              <li key={i}>
                {h.by} {h.action} this thread {formatDateTime(h.at)}
                {h.note ? `: “${h.note}”` : ''}
              </li>
            ))}
          </ul>
        </details>
      )}
      {replies.length > 0 && (
        <ol className="replies">
          {replies.map((r, i) => (
            <li key={r.id} id={`comment-${r.id}`}>
              {hidden > 0 && i === REPLIES_SHOWN.head && (
                <p className="small">
                  <a href={`?thread=${t.id}#comment-${t.id}`}>Show {hidden} more replies</a>
                </p>
              )}
              <Byline c={r} />
              <CommentBody c={r} viewer={viewer} decisionId={decisionId} />
            </li>
          ))}
        </ol>
      )}
      <ThreadActions decisionId={decisionId} threadId={t.id} can={t.can} blocking={t.kind === 'blocking'} authorName={t.author.name} />
    </article>
  );
}

/**
 * The threads on one section, and a composer for a new one. Open threads come
 * first; past THREADS_PER_SECTION (lib/discussion.ts) the rest wait behind a
 * link, so a decision with hundreds of comments still renders quickly. The data
 * layer (listThreadPage) has already picked the threads and replies shown.
 */
export function SectionThreads({
  discussion,
  viewer,
  decisionId,
  canComment,
  canObject,
}: {
  discussion: SectionDiscussion;
  viewer: Viewer;
  decisionId: number;
  canComment: boolean;
  /** Whether a new thread may be a blocking objection (only before publishing). */
  canObject: boolean;
}) {
  const { section, threads: shown, count } = discussion;
  if (count === 0 && !canComment) return null;
  const rest = count - shown.length;
  return (
    <div className="section-threads" id={`threads-${section}`}>
      {shown.map((t) => (
        <ThreadView key={t.id} t={t} viewer={viewer} decisionId={decisionId} />
      ))}
      {rest > 0 && (
        <p className="small">
          <a href={`?threads=${section}#threads-${section}`}>
            Show {rest} more thread{rest === 1 ? '' : 's'} on {sectionLabel(section)}
          </a>
        </p>
      )}
      {canComment && <CommentComposer decisionId={decisionId} section={section} sectionLabel={sectionLabel(section)} blocking={canObject} />}
    </div>
  );
}

function VerdictChip({ verdict, stale }: { verdict: Verdict; stale: boolean }) {
  const cls = stale ? '' : verdict === 'approve' ? 'good' : verdict === 'request-changes' ? 'bad' : 'accent';
  const mark = verdict === 'approve' ? '✓ ' : verdict === 'request-changes' ? '✗ ' : '';
  return (
    <span className={`chip ${cls}`}>
      {mark}
      {VERDICT_LABELS[verdict]}
      {stale ? ' · stale' : ''}
    </span>
  );
}

/**
 * Requested reviewers and everyone who gave a verdict, with their latest verdict. Functions are people's
 * functions now, as the gate counts them: a request for a function is answered by a current verdict from
 * someone in it today.
 */
/** Who is asked to review, and the metric owners among the writers, who vouch instead: where each stands. */
export function ReviewersBox({ requests, reviews, vouches, inReview, authorIds, writerIds }: { requests: ReviewRequest[]; reviews: Review[]; vouches: VouchState[]; inReview: boolean; authorIds: string[]; writerIds: string[] }) {
  // Someone who wrote a revision, or an author (listed with the authors), gives no verdict that counts.
  const latest = standingReviews(reviews, [...authorIds, ...writerIds]);
  const people = new Map<string, { name: string; function: UserFunction; reason?: string; review?: Review }>();
  for (const r of requests) if (r.kind === 'person' && !authorIds.includes(r.person.id) && !writerIds.includes(r.person.id)) people.set(r.person.id, { name: r.person.name, function: r.person.function, reason: r.reason === 'metric-owner' ? 'metric owner' : undefined });
  for (const r of latest) people.set(r.reviewer.id, { ...(people.get(r.reviewer.id) ?? { name: r.reviewer.name, function: r.reviewer.function }), review: r });
  const functions = requests.filter((r): r is Extract<ReviewRequest, { kind: 'function' }> => r.kind === 'function');
  if (people.size === 0 && functions.length === 0 && vouches.length === 0) return <p className="small muted">No reviewers requested yet.</p>;
  return (
    <ul className="rail-list reviewers">
      {[...people.entries()].map(([id, p]) => (
        <li key={id}>
          <span>
            {p.name} <span className="faint small">{FUNCTION_LABELS[p.function]}{p.reason ? ` · ${p.reason}` : ''}</span>
          </span>
          {p.review ? <VerdictChip verdict={p.review.verdict} stale={p.review.stale} /> : <span className="chip">{inReview ? 'Pending' : 'No verdict'}</span>}
        </li>
      ))}
      {functions.map((f) => {
        const answered = latest.some((r) => r.reviewer.function === f.function && !r.stale);
        return (
          <li key={f.function}>
            <span>
              Someone from {FUNCTION_LABELS[f.function].toLowerCase()}
            </span>
            <span className={`chip ${answered ? 'good' : ''}`}>{answered ? 'Answered' : inReview ? 'Pending' : 'No verdict'}</span>
          </li>
        );
      })}
      {vouches.map((v) => (
        <li key={v.owner.id}>
          <span>
            {v.owner.name} <span className="faint small">{FUNCTION_LABELS[v.owner.function]} · metric owner, {authorIds.includes(v.owner.id) ? 'co-author' : 'wrote part of it'}</span>
          </span>
          <span className={`chip ${v.current ? 'good' : v.revision !== null ? 'warn' : ''}`}>{v.current ? 'Vouched' : v.revision !== null ? 'Vouch went stale' : 'Not vouched yet'}</span>
        </li>
      ))}
    </ul>
  );
}

/**
 * Every verdict with its reasoning, newest first; stale ones say why they no longer count. While the decision is
 * open, a reviewer relabelled since their verdict is shown by their function now, as the gate counts them.
 */
export function ReviewsSection({
  decisionId,
  reviews,
  revisions,
  currentRevision,
  authorIds,
  writerIds,
  open,
}: {
  decisionId: number;
  reviews: Review[];
  /** Every revision and the sections it changed: what made a verdict stale. */
  revisions: { number: number; changed: ContentKey[] }[];
  currentRevision: number;
  authorIds: string[];
  writerIds: string[];
  open: boolean;
}) {
  if (reviews.length === 0) return null;
  /** What made a verdict on revision n stale: the material sections changed since, in the record's order. */
  const whatChanged = (n: number) => {
    const changed = new Set(revisions.filter((r) => r.number > n).flatMap((r) => r.changed));
    const sections = MATERIAL_SECTIONS.filter((k) => changed.has(k)).map((k) => SECTION_LABELS[k].toLowerCase());
    return sections.length ? `the ${listInWords(sections)} changed` : 'what it judged changed';
  };
  return (
    <section className="record-section" aria-labelledby="reviews-h" id="reviews">
      <header>
        <h2 id="reviews-h">Reviews</h2>
      </header>
      <ol className="reviews">
        {[...reviews].reverse().map((r) => (
          <li key={r.id} className={`review${r.stale ? ' review-stale' : ''}${r.latest ? '' : ' review-superseded'}`}>
            <div className="row">
              <VerdictChip verdict={r.verdict} stale={r.stale} />
              <span>
                <strong>{r.reviewer.name}</strong>{' '}
                <span className="faint">
                  {open && r.function !== r.reviewer.function
                    ? `${FUNCTION_LABELS[r.reviewer.function]} (${FUNCTION_LABELS[r.function].toLowerCase()} when they reviewed; the gate counts their function now)`
                    : FUNCTION_LABELS[r.function]}
                </span>{' '}
                · revision {r.revision} · <TimeAgo iso={r.createdAt} />
              </span>
            </div>
            {r.stale && (
              <p className="small muted">
                Stale: {whatChanged(r.revision)} after revision {r.revision} (now {currentRevision}). It no longer counts.{' '}
                <a href={`/decisions/${decisionId}/diff?from=${r.revision}&to=${currentRevision}`}>See what changed</a>
              </p>
            )}
            {!r.latest && <p className="small muted">Superseded by a later verdict from {r.reviewer.name}.</p>}
            {r.latest && authorIds.includes(r.reviewer.id) && <p className="small muted">{r.reviewer.name} has since become an author of this decision: the verdict no longer counts.</p>}
            {r.latest && !authorIds.includes(r.reviewer.id) && writerIds.includes(r.reviewer.id) && (
              <p className="small muted">{r.reviewer.name} has written a revision of this decision: a verdict on their own work no longer counts.</p>
            )}
            <Markdown text={r.body} className="prose comment-body" />
          </li>
        ))}
      </ol>
    </section>
  );
}

function describe(e: ActivityItem): string {
  const d = e.data as Record<string, unknown>;
  const list = (xs: unknown) => (Array.isArray(xs) ? (xs as string[]) : []);
  switch (e.type) {
    case 'decision.created':
      return 'started this draft';
    case 'decision.saved':
      return `saved revision ${d.revision}${list(d.changed).length ? ` (${list(d.changed).map((k) => SECTION_LABELS[k as ContentKey] ?? k).join(', ')})` : ''}`;
    case 'decision.circulated': {
      const who = [
        ...list(d.reviewers),
        ...list(d.functions).map((f) => `someone from ${FUNCTION_LABELS[f as UserFunction]?.toLowerCase() ?? f}`),
        ...list(d.metricOwners).map((n) => `${n} (metric owner)`),
      ];
      return `circulated revision ${d.revision} for review${who.length ? `, asking ${who.join(', ')}` : ''}`;
    }
    case 'decision.returned-to-draft':
      return 'moved it back to draft';
    case 'review.requested': {
      const who = [
        ...list(d.reviewers),
        ...list(d.functions).map((f) => `someone from ${FUNCTION_LABELS[f as UserFunction]?.toLowerCase() ?? f}`),
        ...list(d.metricOwners).map((n) => `${n} (metric owner)`),
      ];
      return who.length ? `asked ${who.join(', ')} to review` : d.metricOwners ? 'requested reviews from the owners of cited metrics' : 'requested reviews';
    }
    case 'comment.created':
      return `commented on ${sectionLabel(String(d.section))} (${COMMENT_KIND_LABELS[d.kind as CommentKind]?.toLowerCase() ?? d.kind})`;
    case 'comment.replied':
      return `replied on ${sectionLabel(String(d.section))}`;
    case 'comment.edited':
      return 'edited a comment';
    case 'comment.deleted':
      return 'deleted a comment';
    case 'comment.resolved':
      return 'resolved a thread';
    case 'comment.reopened':
      return 'reopened a thread';
    case 'comment.overridden':
      return 'overrode a blocking objection, with a rationale';
    case 'review.submitted':
      return `${d.verdict === 'approve' ? 'approved' : d.verdict === 'request-changes' ? 'requested changes on' : 'commented on'} revision ${d.revision}`;
    case 'evidence.vouched':
      return `vouched for the evidence in revision ${d.revision}, as the owner of ${listInWords(list(d.metrics))}`;
    case 'decision.published':
      return `published revision ${d.revision}${d.supersedes ? `, superseding #${d.supersedes}` : ''}`;
    case 'decision.superseded':
      return `superseded it with #${d.by}`;
    case 'decision.reversed':
      return 'reversed it, with a rationale';
    case 'decision.withdrawn':
      return 'withdrew it, with a reason';
    case 'decision.imported':
      return 'imported it from an ADR file';
    case 'outcome.recorded':
      return `recorded the outcome: ${d.verdict}`;
    case 'author.added':
      return `added ${d.name} as an author`;
    case 'author.removed':
      return `removed ${d.name} from the authors`;
    case 'link.added':
      return `linked it to #${d.other} as related`;
    case 'link.removed':
      return `removed the link to #${d.other}`;
    case 'metric.owner-changed':
      return `handed the cited metric ${d.metricName} from ${d.from} to ${d.to}`;
    default:
      return e.type.replace('.', ' ').replace('-', ' ');
  }
}

export function Activity({ items }: { items: ActivityItem[] }) {
  return (
    <ol className="activity">
      {items.map((e) => (
        <li key={e.id}>
          <span>
            <strong>{e.actor?.name ?? 'Candor'}</strong> {describe(e)}
          </span>{' '}
          <span className="faint small">
            <TimeAgo iso={e.createdAt} />
          </span>
        </li>
      ))}
    </ol>
  );
}
