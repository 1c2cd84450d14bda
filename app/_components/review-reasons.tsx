import type { FeedReason } from '@/db/queries/feed';
import { FEED_REASON_LABELS } from '@/db/queries/feed';
import { listInWords } from '@/lib/words';
import { relativeTime, formatDateTime } from './time-ago';

/**
 * Why a decision is in front of this reviewer and since when: "Why you: you own a
 * cited metric · your function was asked — asked 3 days ago".
 */
export function ReviewReasons({ reasons, askedAt, ownMetrics = [] }: { reasons: FeedReason[]; askedAt: string | null; /** The cited metrics they own: named after a metric-owner reason. */ ownMetrics?: string[] }) {
  if (reasons.length === 0) return null;
  const mention = reasons.find((r) => r.kind === 'mention');
  return (
    <p className="review-reasons small">
      <span className="why">Why you:</span>{' '}
      {reasons.map((r, i) => (
        <span key={r.kind} className={`reason reason-${r.kind}`}>
          {i === 0 ? FEED_REASON_LABELS[r.kind] : FEED_REASON_LABELS[r.kind].toLowerCase()}
          {r.kind === 'metric-owner' && ownMetrics.length > 0 && <> ({listInWords(ownMetrics)})</>}
          {i < reasons.length - 1 ? ' · ' : ''}
        </span>
      ))}
      {askedAt ? (
        <>
          {' '}
          — asked{' '}
          <time dateTime={askedAt} title={formatDateTime(askedAt)}>
            {relativeTime(askedAt)}
          </time>
        </>
      ) : (
        mention && (
          <>
            {' '}
            —{' '}
            <time dateTime={mention.since} title={formatDateTime(mention.since)}>
              {relativeTime(mention.since)}
            </time>
          </>
        )
      )}
    </p>
  );
}
