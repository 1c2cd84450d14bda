import { sql, type SQL } from 'drizzle-orm';
import { parseOrThrow } from '@/lib/errors';
import { decodeCursor, toPage, type Page } from '@/lib/pagination';
import { type UserFunction } from '@/lib/validation/common';
import { feedQuerySchema, type FeedTab } from '@/lib/validation/review';
import { functionBit } from '@/lib/vocabulary';
import { rawRows, sqlList, type Db } from '../client';
import { wroteOrAuthorsSql } from './facts';
import type { Viewer } from './users';

/*
 * The review feed: decisions in review, most recent activity first. One SQL
 * statement per page, counts included, driven by the (status, last_activity_at)
 * index. "Needs my review" mirrors lib/review.ts needsReview (tested against it).
 */

export type FeedItem = {
  id: number;
  title: string;
  team: string;
  teamName: string;
  author: { name: string; function: UserFunction };
  revision: number;
  inReviewSince: string | null;
  lastActivityAt: string;
  openThreads: number;
  blockingOpen: number;
  verdicts: { approve: number; requestChanges: number; comment: number; stale: number };
  /** Why it is in front of this person, earliest ask first; empty when nobody asked them. */
  reasons: FeedReason[];
  /** When they were first asked (by name, as a metric owner or through their function); null if only mentioned or not asked. */
  askedAt: string | null;
  /** The cited metrics this person owns, by name (what a metric-owner or vouch reason is about). */
  ownMetrics: string[];
};

/**
 * named: an author asked them by name; metric-owner: they own a cited metric; function: their function was asked;
 * vouch: they own a cited metric and wrote or co-author it, and the gate waits for their vouch; mention: @mentioned.
 */
export type FeedReasonKind = 'named' | 'metric-owner' | 'function' | 'vouch' | 'mention';
export type FeedReason = { kind: FeedReasonKind; since: string };

export const FEED_REASON_LABELS: Record<FeedReasonKind, string> = {
  named: 'You were asked by name',
  'metric-owner': 'You own a cited metric',
  function: 'Your function was asked',
  vouch: 'Publishing waits for your vouch for the evidence',
  mention: 'You were mentioned',
};


/**
 * The viewer owns a metric the decision cites, wrote or co-authors it, and doesn't vouch for its evidence as it
 * stands (lib/review.ts vouchesNow): neither a vouch nor a save (after any hand-over's floor) at or after the
 * revision in which the evidence last changed (d.evidence_revision).
 */
function awaitsVouchSql(viewer: Viewer): SQL {
  return sql`(EXISTS (SELECT 1 FROM decision_metrics dm JOIN metrics m ON m.id = dm.metric_id WHERE dm.decision_id = d.id AND m.owner_id = ${viewer.id})
      AND ${wroteOrAuthorsSql(viewer.id)}
      AND NOT EXISTS (SELECT 1 FROM evidence_vouches ev WHERE ev.decision_id = d.id AND ev.user_id = ${viewer.id} AND ev.revision >= d.evidence_revision)
      AND NOT EXISTS (SELECT 1 FROM revisions rv WHERE rv.decision_id = d.id AND rv.author_id = ${viewer.id} AND rv.number >= d.evidence_revision
        AND rv.number > coalesce((SELECT ev.floor_revision FROM evidence_vouches ev WHERE ev.decision_id = d.id AND ev.user_id = ${viewer.id}), 0)))`;
}

/**
 * Decisions asking for this person — by name, by their function, or by citing a
 * metric they own (owners are always requested by name: circulating, saving in
 * review and changing a metric's owner keep it so) — minus their own, those they
 * wrote a revision of, and those they reviewed since the evidence last changed; and the
 * decisions that wait for their vouch (awaitsVouchSql). Walks the in-review decisions in
 * activity order testing a bitmask column, so a page stops as soon as it is full.
 */
export function needsMyReviewSql(viewer: Viewer): SQL {
  return sql`d.status = 'in-review'
    AND ((((d.requested_functions & ${functionBit(viewer.function)}) <> 0
        OR d.id IN (SELECT rr.decision_id FROM review_requests rr WHERE rr.user_id = ${viewer.id} AND rr.open = true))
      AND NOT ${wroteOrAuthorsSql(viewer.id)}
      AND NOT EXISTS (SELECT 1 FROM reviews r WHERE r.decision_id = d.id AND r.reviewer_id = ${viewer.id} AND r.revision >= d.material_revision))
      OR ${awaitsVouchSql(viewer)})`;
}

function tabWhere(tab: FeedTab, viewer: Viewer): SQL {
  switch (tab) {
    case 'needs-my-review':
      return needsMyReviewSql(viewer);
    case 'mentions':
      return sql`d.status = 'in-review' AND d.id IN (SELECT n.decision_id FROM notifications n WHERE n.user_id = ${viewer.id} AND n.kind = 'mention')`;
    case 'all':
      return sql`d.status = 'in-review'`;
  }
}

/** Standing verdicts (a reviewer's latest approve / request-changes; comments never replace them), current or stale. */
const standing = (verdict: 'approve' | 'request-changes' | null, current: boolean) =>
  sql.raw(`(SELECT count(*) FROM reviews r WHERE r.decision_id = d.id AND r.verdict ${verdict ? `= '${verdict}'` : "<> 'comment'"}
      AND r.revision ${current ? '>=' : '<'} d.material_revision
      AND NOT EXISTS (SELECT 1 FROM decision_authors da WHERE da.decision_id = d.id AND da.user_id = r.reviewer_id)
      AND NOT EXISTS (SELECT 1 FROM revisions rv WHERE rv.decision_id = d.id AND rv.author_id = r.reviewer_id)
      AND r.id = (SELECT max(r2.id) FROM reviews r2 WHERE r2.decision_id = d.id AND r2.reviewer_id = r.reviewer_id AND r2.verdict <> 'comment'))`);

/** Reviewers whose only current word is a comment. */
const COMMENTED = sql.raw(`(SELECT count(DISTINCT r.reviewer_id) FROM reviews r WHERE r.decision_id = d.id AND r.verdict = 'comment' AND r.revision >= d.material_revision
      AND NOT EXISTS (SELECT 1 FROM decision_authors da WHERE da.decision_id = d.id AND da.user_id = r.reviewer_id)
      AND NOT EXISTS (SELECT 1 FROM revisions rv WHERE rv.decision_id = d.id AND rv.author_id = r.reviewer_id)
      AND NOT EXISTS (SELECT 1 FROM reviews r2 WHERE r2.decision_id = d.id AND r2.reviewer_id = r.reviewer_id AND r2.verdict <> 'comment'))`);

/**
 * When this person was asked, per reason (null when not): open requests by name or as a
 * metric owner (review_requests_user_open_idx), of their function (…_function_open_idx),
 * their vouch (since the evidence last changed, or since circulation if later), and their
 * first mention (notifications_mentions_idx). One indexed lookup each per row.
 */
export function reasonColumnsSql(viewer: Viewer): SQL {
  return sql`(SELECT min(rr.created_at) FROM review_requests rr WHERE rr.user_id = ${viewer.id} AND rr.open = true AND rr.decision_id = d.id AND rr.reason = 'author') AS named_at,
      (SELECT min(rr.created_at) FROM review_requests rr WHERE rr.user_id = ${viewer.id} AND rr.open = true AND rr.decision_id = d.id AND rr.reason = 'metric-owner') AS owner_at,
      (SELECT min(rr.created_at) FROM review_requests rr WHERE rr.function = ${viewer.function} AND rr.open = true AND rr.decision_id = d.id) AS function_at,
      CASE WHEN d.status = 'in-review' AND ${awaitsVouchSql(viewer)}
        THEN (SELECT r.created_at FROM revisions r WHERE r.decision_id = d.id AND r.number = d.evidence_revision) END AS vouch_at,
      d.in_review_since AS circulated_at,
      (SELECT min(n.created_at) FROM notifications n WHERE n.user_id = ${viewer.id} AND n.kind = 'mention' AND n.decision_id = d.id) AS mention_at`;
}

export type ReasonRow = { named_at: number | null; owner_at: number | null; function_at: number | null; vouch_at: number | null; circulated_at: number | null; mention_at: number | null };

/** The reason columns as a list, earliest first, and when the person was first asked. */
export function reasonsFromRow(r: ReasonRow): { reasons: FeedReason[]; askedAt: string | null } {
  const at: [FeedReasonKind, number | null][] = [
    ['named', r.named_at],
    ['metric-owner', r.owner_at],
    ['function', r.function_at],
    ['vouch', r.vouch_at === null ? null : Math.max(r.vouch_at, r.circulated_at ?? 0)],
    ['mention', r.mention_at],
  ];
  const present = at.filter((x): x is [FeedReasonKind, number] => x[1] !== null).sort((a, b) => a[1] - b[1]);
  const asks = present.filter(([k]) => k !== 'mention').map(([, t]) => t);
  return {
    reasons: present.map(([kind, t]) => ({ kind, since: new Date(t).toISOString() })),
    askedAt: asks.length ? new Date(Math.min(...asks)).toISOString() : null,
  };
}

type Row = ReasonRow & {
  id: number;
  title: string;
  team: string;
  team_name: string;
  author_name: string;
  author_function: string;
  revision: number;
  in_review_since: number | null;
  last_activity_at: number;
  open_threads: number;
  blocking_open: number;
  approve: number;
  request_changes: number;
  comment: number;
  stale: number;
};

export async function listFeed(db: Db, viewer: Viewer, input: unknown): Promise<Page<FeedItem>> {
  const q = parseOrThrow(feedQuerySchema, input);
  const cursor = decodeCursor(q.cursor, ['number', 'number'] as const);
  const rows = await rawRows<Row>(
    db,
    sql`
    SELECT d.id, d.title, t.slug AS team, t.name AS team_name, u.name AS author_name, u.function AS author_function,
      d.current_revision AS revision, d.in_review_since, d.last_activity_at,
      (SELECT count(*) FROM comments c WHERE c.decision_id = d.id AND c.parent_id IS NULL AND c.deleted_at IS NULL AND c.state = 'open') AS open_threads,
      (SELECT count(*) FROM comments c WHERE c.decision_id = d.id AND c.parent_id IS NULL AND c.deleted_at IS NULL AND c.state = 'open' AND c.kind = 'blocking') AS blocking_open,
      ${standing('approve', true)} AS approve,
      ${standing('request-changes', true)} AS request_changes,
      ${COMMENTED} AS comment,
      ${standing(null, false)} AS stale,
      ${reasonColumnsSql(viewer)}
    FROM decisions d
    JOIN teams t ON t.id = d.team_id
    JOIN "user" u ON u.id = d.created_by
    WHERE ${tabWhere(q.tab, viewer)}
      ${cursor ? sql`AND (d.last_activity_at, d.id) < (${cursor[0]}, ${cursor[1]})` : sql``}
    ORDER BY d.last_activity_at DESC, d.id DESC
    LIMIT ${q.limit + 1}`,
  );
  // The page's cited metrics the viewer owns: one indexed read for the page, not one per row.
  const shown = rows.slice(0, q.limit).map((r) => r.id);
  const owned = new Map<number, string[]>();
  if (shown.length) {
    const metricRows = await rawRows<{ decision_id: number; name: string }>(
      db,
      sql`SELECT dm.decision_id, m.name FROM decision_metrics dm JOIN metrics m ON m.id = dm.metric_id
        WHERE m.owner_id = ${viewer.id} AND dm.decision_id IN (${sqlList(shown)}) ORDER BY m.name`,
    );
    for (const r of metricRows) owned.set(Number(r.decision_id), [...(owned.get(Number(r.decision_id)) ?? []), r.name]);
  }
  return toPage(
    rows,
    q.limit,
    (r) => [r.last_activity_at, r.id],
    (r) => ({
      id: r.id,
      title: r.title,
      team: r.team,
      teamName: r.team_name,
      author: { name: r.author_name, function: r.author_function as UserFunction },
      revision: r.revision,
      inReviewSince: r.in_review_since === null ? null : new Date(r.in_review_since).toISOString(),
      lastActivityAt: new Date(r.last_activity_at).toISOString(),
      openThreads: r.open_threads,
      blockingOpen: r.blocking_open,
      verdicts: { approve: r.approve, requestChanges: r.request_changes, comment: r.comment, stale: r.stale },
      ...reasonsFromRow(r),
      ownMetrics: owned.get(r.id) ?? [],
    }),
  );
}

/** For the header badge: how many decisions need the viewer's review (capped at 100, shown as "99+"). */
export async function countNeedsMyReview(db: Db, viewer: Viewer): Promise<number> {
  const row = (await rawRows<{ n: number }>(db, sql`SELECT count(*) AS n FROM (SELECT 1 FROM decisions d WHERE ${needsMyReviewSql(viewer)} LIMIT 100) AS capped`))[0];
  return row?.n ?? 0;
}
