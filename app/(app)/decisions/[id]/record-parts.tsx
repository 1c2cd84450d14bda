import Link from 'next/link';
import type { Lifecycle, Outcome } from '@/db/queries/publish';
import { EvidenceChart } from '@/app/_components/evidence-chart';
import { Markdown } from '@/app/_components/markdown';
import { StatusBadge } from '@/app/_components/status-badge';
import { formatDate, formatDateTime } from '@/app/_components/time-ago';
import { FUNCTION_LABELS } from '@/lib/validation/common';
import { OUTCOME_LABELS } from '@/lib/validation/publish';
import { VERDICT_LABELS, type Verdict } from '@/lib/validation/review';
import { commentHref } from '@/lib/review';
import { listInWords as list } from '@/lib/words';
import { sectionLabel } from './critique';


/** "Published on …, after N days in review; reviewed by …" — the first thing a later reader sees. */
export function PublishedSummary({ id, life }: { id: number; life: Lifecycle }) {
  const s = life.snapshot;
  if (!s || !life.publishedAt) return null;
  const reviewers = s.reviewers.map((r) => `${r.name} (${FUNCTION_LABELS[r.function]}, ${VERDICT_LABELS[r.verdict as Verdict].toLowerCase()}${r.stale ? ' on an earlier revision' : ''})`);
  const changedDuringReview = life.firstCirculatedRevision !== null && life.publishedRevision !== null && life.firstCirculatedRevision < life.publishedRevision;
  return (
    <div className="banner published-banner" role="note">
      <p style={{ margin: 0 }}>
        <strong>Published on {formatDate(life.publishedAt)}</strong>, after {s.daysInReview === 1 ? '1 day' : `${s.daysInReview} days`} in review, by {s.publishedBy}
        {reviewers.length ? `; reviewed by ${list(reviewers)}` : ''}. Revision {s.revision} is frozen.
      </p>
      {changedDuringReview && (
        <p className="small" style={{ margin: '0.35rem 0 0' }}>
          <Link href={`/decisions/${id}/diff?from=${life.firstCirculatedRevision}&to=${life.publishedRevision}`}>What changed during review</Link> (revision {life.firstCirculatedRevision} → {life.publishedRevision})
        </p>
      )}
      <RelaxedPolicyNote life={life} />
    </div>
  );
}

/** A decision published under a team policy weaker than Candor's default gate says how, in so many words. */
function RelaxedPolicyNote({ life }: { life: Lifecycle }) {
  const p = life.publishedUnderPolicy;
  if (!p?.relaxed) return null;
  return (
    <div className="small" style={{ margin: '0.5rem 0 0' }} aria-labelledby="relaxed-policy-h">
      <p style={{ margin: 0 }}>
        <span className="chip warn">Relaxed policy</span> <strong id="relaxed-policy-h">Published under a policy weaker than Candor’s default gate:</strong>
      </p>
      <ul style={{ margin: '0.25rem 0 0' }}>
        {p.relaxations.map((r) => (
          <li key={r.setting}>{r.message}</li>
        ))}
      </ul>
    </div>
  );
}

export function LifecycleBanner({ status, life }: { status: string; life: Lifecycle }) {
  if (status === 'superseded' && life.supersededBy) {
    return (
      <div className="banner warn" role="note">
        <StatusBadge status="superseded" /> This decision was superseded by{' '}
        <Link href={`/decisions/${life.supersededBy.id}`}>
          #{life.supersededBy.id} {life.supersededBy.title}
        </Link>
        {life.closed ? ` on ${formatDate(life.closed.at)}` : ''}. It stays here as history.
      </div>
    );
  }
  if (status === 'reversed' && life.closed) {
    return (
      <div className="banner danger" role="note">
        <p style={{ margin: '0 0 0.35rem' }}>
          <StatusBadge status="reversed" /> Reversed on {formatDate(life.closed.at)} by {life.closed.by}:
        </p>
        <Markdown text={life.closed.reason ?? ''} className="prose comment-body" />
      </div>
    );
  }
  if (status === 'withdrawn' && life.closed) {
    return (
      <div className="banner" role="note">
        <p style={{ margin: '0 0 0.35rem' }}>
          <StatusBadge status="withdrawn" /> Withdrawn on {formatDate(life.closed.at)} by {life.closed.by}:
        </p>
        <Markdown text={life.closed.reason ?? ''} className="prose comment-body" />
      </div>
    );
  }
  return null;
}

/** Every overridden objection with its rationale, and every request for changes that went stale unanswered. Nothing is hidden. */
export function RecordedDissent({ life, decisionId }: { life: Lifecycle; decisionId: number }) {
  const d = life.snapshot?.dissent;
  if (!d) return null;
  const none = d.overridden.length === 0 && d.staleChangeRequests.length === 0;
  return (
    <section className="record-section" aria-labelledby="dissent-h" id="dissent">
      <header>
        <h2 id="dissent-h">Recorded dissent</h2>
      </header>
      {none ? (
        <p className="muted">No objection was overridden and no request for changes was left standing when this was published.</p>
      ) : (
        <ol className="dissent">
          {d.overridden.map((o) => (
            <li key={o.commentId}>
              <p style={{ margin: '0 0 0.3rem' }}>
                <strong>{o.author}</strong> <span className="faint">({FUNCTION_LABELS[o.function]})</span> objected on {sectionLabel(o.section)}:
              </p>
              <blockquote className="prose comment-body" style={{ margin: '0 0 0.5rem' }}>
                <Markdown text={o.body} className="prose comment-body" />
              </blockquote>
              <p style={{ margin: '0 0 0.2rem' }}>
                <strong>
                  {o.resolved ? 'Closed' : 'Overridden'} by {o.by}
                </strong> <span className="faint small">{formatDateTime(o.at)}</span>
                {o.rationale ? ', because:' : ', without a written reason; the objector never withdrew it.'}
              </p>
              {o.rationale && <Markdown text={o.rationale} className="prose comment-body" />}
              <p className="small">
                <a href={commentHref(decisionId, o.commentId)}>The full thread</a>
              </p>
            </li>
          ))}
          {d.staleChangeRequests.map((r, i) => (
            <li key={`r${i}`}>
              <p style={{ margin: '0 0 0.3rem' }}>
                <strong>{r.reviewer}</strong> <span className="faint">({FUNCTION_LABELS[r.function]})</span> requested changes on revision {r.revision}; the record changed afterwards and they did not review again:
              </p>
              <Markdown text={r.body} className="prose comment-body" />
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

export function Outcomes({ outcomes, due, reviewDate, form, metricName }: { outcomes: Outcome[]; due: boolean; reviewDate: string | null; form: React.ReactNode; metricName: (key: string) => string }) {
  if (outcomes.length === 0 && !due && !form) return null;
  const [current, ...earlier] = outcomes;
  return (
    <section className="record-section" aria-labelledby="outcome-h" id="outcome">
      <header>
        <h2 id="outcome-h">Outcome</h2>
      </header>
      {due && !current && (
        <p className="banner warn" role="note">
          The outcome review was due on {reviewDate ? formatDate(reviewDate) : 'its review date'}. What actually happened?
        </p>
      )}
      {current && (
        <div className="outcome-card">
          <p style={{ margin: '0 0 0.4rem' }}>
            <span className={`chip ${current.verdict === 'validated' ? 'good' : current.verdict === 'invalidated' ? 'bad' : ''}`}>{OUTCOME_LABELS[current.verdict]}</span>{' '}
            <span className="small muted">
              recorded by {current.author} on {formatDate(current.createdAt)}
            </span>
          </p>
          <Markdown text={current.body} />
          {current.evidence.length > 0 && <EvidenceChart id="outcome-chart" rows={current.evidence.map((r) => ({ ...r, label: metricName(r.metric), role: null }))} />}
        </div>
      )}
      {earlier.length > 0 && (
        <details className="small muted" style={{ marginTop: '0.5rem' }}>
          <summary>Earlier outcome notes ({earlier.length})</summary>
          {earlier.map((o) => (
            <div key={o.id} style={{ marginTop: '0.5rem' }}>
              <strong>{OUTCOME_LABELS[o.verdict]}</strong> — {o.author}, {formatDate(o.createdAt)}
              <Markdown text={o.body} className="prose comment-body" />
            </div>
          ))}
        </details>
      )}
      {form}
    </section>
  );
}
