import { sql } from 'drizzle-orm';
import { now as currentTime } from '@/lib/clock';
import { CHECK_TITLES, evaluateGate, type CheckId, type GateComment, type GateReview } from '@/lib/gate';
import { effectivePolicy, gatePolicy } from '@/lib/gate/policy';
import { initialSectionChangedAt, type SectionChangedAt } from '@/lib/revisions';
import type { ThreadState } from '@/lib/review';
import { type DecisionStatus, type UserFunction } from '@/lib/validation/common';
import type { DecisionContent } from '@/lib/validation/decision';
import { parseStoredPolicy } from '@/lib/validation/policy';
import { rawRows, readAll, sqlList, type Db } from '../client';
import { NO_WRITERS, readVouches, readWriters } from './facts';
import { listFeed, type FeedItem } from './feed';
import { listColumnsSql, listDecisions, toListItem, type DecisionListItem, type ListRow } from './history';
import { readPolicyFloor } from './org';
import { materializeOutcomesDue } from './publish';
import type { Viewer } from './users';

/*
 * "My work": what needs this person today, each section bounded (SECTION_LIMIT
 * rows; `more` says a "see all" link has more to show). A fixed number of
 * indexed statements whatever the data: the gate status of the person's
 * decisions in review is evaluated in one batch (six reads for all of them,
 * then lib/gate's evaluateGate — the same pure function the decision page and
 * the publish call use), never a query per row.
 */

export const SECTION_LIMIT = 5;

export type GateSummary = {
  ready: boolean;
  passing: number;
  total: number;
  /** The failing checks, in checklist order: what is still missing, in words. */
  missing: { id: CheckId; title: string; message: string }[];
};

export type InReviewItem = {
  id: number;
  title: string;
  team: string;
  teamName: string;
  inReviewSince: string | null;
  lastActivityAt: string;
  gate: GateSummary;
};

export type MentionItem = {
  notificationId: number;
  decision: { id: number; title: string; status: DecisionStatus };
  actor: string | null;
  excerpt: string;
  createdAt: string;
  read: boolean;
};

export type OutcomeDueItem = { id: number; title: string; team: string; teamName: string; outcomeReviewDate: string };

type Section<T> = { items: T[]; more: boolean };

export type Dashboard = {
  inReview: Section<InReviewItem>;
  toReview: Section<FeedItem>;
  mentions: Section<MentionItem>;
  outcomesDue: Section<OutcomeDueItem>;
  recent: Section<DecisionListItem>;
  drafts: Section<DecisionListItem>;
};

const bounded = <T>(rows: T[]): Section<T> => ({ items: rows.slice(0, SECTION_LIMIT), more: rows.length > SECTION_LIMIT });

function today(now: number): string {
  return new Date(now).toISOString().slice(0, 10);
}

function excerpt(body: string | null, deleted: boolean): string {
  if (deleted) return '(comment deleted)';
  if (!body) return '';
  const flat = body.replace(/[`*_>#]/g, '').replace(/\s+/g, ' ').trim();
  return flat.length > 140 ? `${flat.slice(0, 137)}…` : flat;
}

// ---------------------------------------------------------------- the gate, batched

type GateRow = {
  id: number;
  title: string;
  status: DecisionStatus;
  team: string;
  team_name: string;
  policy: string;
  review_policy: string | null;
  in_review_since: number | null;
  material_changed_at: number | null;
  last_activity_at: number;
  content: string;
  section_changed_at: string;
};

/**
 * Gate status for a page of decisions in six statements (authors, writers, catalogue,
 * reviews, blocking comments, the org floor) besides the caller's own read —
 * the same inputs publish.ts gathers for one decision, gathered for all at once.
 */
export async function gateSummaries(db: Db, rows: GateRow[], now: number): Promise<Map<number, GateSummary>> {
  const out = new Map<number, GateSummary>();
  if (rows.length === 0) return out;
  const inIds = sqlList(rows.map((r) => r.id));
  const authors = await rawRows<{ decision_id: number; id: string; function: UserFunction }>(
    db,
    sql`SELECT da.decision_id, u.id, u.function FROM decision_authors da JOIN "user" u ON u.id = da.user_id WHERE da.decision_id IN (${inIds})`,
  );
  const [writers, vouches] = await readAll(db, [() => readWriters(db, rows.map((r) => r.id)), () => readVouches(db, rows.map((r) => r.id))]);
  const contents = new Map(rows.map((r) => [r.id, JSON.parse(r.content) as DecisionContent]));
  const keys = [...new Set([...contents.values()].flatMap((c) => [...c.metrics.map((m) => m.key), ...c.evidence.map((e) => e.metric)]))];
  const catalogue = keys.length
    ? await rawRows<{ key: string; name: string; kind: 'north-star' | 'primary' | 'guardrail'; owner_id: string; owner_name: string }>(
        db,
        sql`SELECT m.key, m.name, m.kind, u.id AS owner_id, u.name AS owner_name FROM metrics m JOIN "user" u ON u.id = m.owner_id WHERE m.key IN (${sql.join(
          keys.map((k) => sql`${k}`),
          sql`, `,
        )})`,
      )
    : [];
  const reviewRows = await rawRows<{ decision_id: number; reviewer_id: string; reviewer_name: string; function: UserFunction; function_confirmed: boolean | number; verdict: GateReview['verdict']; revision: number }>(
    db,
    // By the reviewer's function now, as the gate counts it (db/queries/publish.ts gateInputs).
    sql`SELECT r.decision_id, r.reviewer_id, u.name AS reviewer_name, u.function, u.function_confirmed, r.verdict, r.revision
        FROM reviews r JOIN "user" u ON u.id = r.reviewer_id WHERE r.decision_id IN (${inIds}) ORDER BY r.id`,
  );
  const commentRows = await rawRows<{ decision_id: number; kind: string; parent_id: number | null; deleted_at: number | null; state: ThreadState; author_name: string; section: string }>(
    db,
    sql`SELECT c.decision_id, c.kind, c.parent_id, c.deleted_at, c.state, u.name AS author_name, c.section
        FROM comments c JOIN "user" u ON u.id = c.author_id
        WHERE c.decision_id IN (${inIds}) AND c.parent_id IS NULL AND c.kind = 'blocking'`,
  );
  const floor = await readPolicyFloor(db);
  const byDecision = <T extends { decision_id: number }>(xs: T[]) => {
    const m = new Map<number, T[]>();
    for (const x of xs) m.set(x.decision_id, [...(m.get(x.decision_id) ?? []), x]);
    return m;
  };
  const authorsBy = byDecision(authors);
  const reviewsBy = byDecision(reviewRows);
  const commentsBy = byDecision(commentRows);
  const cat = new Map(catalogue.map((m) => [m.key, m]));
  for (const r of rows) {
    const content = contents.get(r.id)!;
    const cited = new Set([...content.metrics.map((m) => m.key), ...content.evidence.map((e) => e.metric)]);
    const cites = [...cited].map((k) => cat.get(k)).filter((m): m is NonNullable<typeof m> => !!m);
    const changedAt: SectionChangedAt = { ...initialSectionChangedAt(), ...JSON.parse(r.section_changed_at) };
    const reviews: GateReview[] = (reviewsBy.get(r.id) ?? []).map((v) => ({ reviewerId: v.reviewer_id, reviewerName: v.reviewer_name, function: v.function, functionConfirmed: Boolean(v.function_confirmed), verdict: v.verdict, revision: v.revision }));
    const comments: GateComment[] = (commentsBy.get(r.id) ?? []).map((c) => ({ kind: c.kind, parentId: c.parent_id, deleted: c.deleted_at !== null, state: c.state, authorName: c.author_name, section: c.section }));
    const result = evaluateGate(
      {
        status: r.status,
        content,
        authors: (authorsBy.get(r.id) ?? []).map((a) => ({ id: a.id, function: a.function })),
        lastWrote: (writers.get(r.id) ?? NO_WRITERS).lastWrote,
        writerFunctions: (writers.get(r.id) ?? NO_WRITERS).functions,
        ...(vouches.get(r.id) ?? { lastVouched: {}, vouchFloor: {} }),
        inReviewSince: r.in_review_since,
        materialChangedAt: r.material_changed_at,
        changedAt,
        metricOwners: Object.fromEntries(cites.map((m) => [m.key, { id: m.owner_id, name: m.owner_name }])),
        catalogue: new Map(cites.map((m) => [m.key, { name: m.name, kind: m.kind }])),
      },
      reviews,
      comments,
      gatePolicy(effectivePolicy(parseStoredPolicy(r.policy), floor), { status: r.status, reviewPolicy: r.review_policy }),
      now,
    );
    const missing = result.checks.filter((c) => !c.ok).map((c) => ({ id: c.id, title: CHECK_TITLES[c.id], message: c.message }));
    out.set(r.id, { ready: result.ready, passing: result.checks.length - missing.length, total: result.checks.length, missing });
  }
  return out;
}

// ---------------------------------------------------------------- the dashboard

export async function getDashboard(db: Db, viewer: Viewer): Promise<Dashboard> {
  const now = currentTime();
  await materializeOutcomesDue(db, viewer);

  // My decisions in review, most recent activity first (decision_authors_user_idx).
  const mine = await rawRows<GateRow>(
    db,
    sql`
    SELECT d.id, d.title, d.status, t.slug AS team, t.name AS team_name, t.policy, d.review_policy, d.in_review_since, d.material_changed_at, d.last_activity_at,
      r.content, r.section_changed_at
    FROM decision_authors da
    JOIN decisions d ON d.id = da.decision_id
    JOIN teams t ON t.id = d.team_id
    JOIN revisions r ON r.decision_id = d.id AND r.number = d.current_revision
    WHERE da.user_id = ${viewer.id} AND d.status = 'in-review'
    ORDER BY d.last_activity_at DESC, d.id DESC
    LIMIT ${SECTION_LIMIT + 1}`,
  );
  const gates = await gateSummaries(db, mine.slice(0, SECTION_LIMIT), now);
  const inReview = bounded(
    mine.map((r) => ({
      id: r.id,
      title: r.title,
      team: r.team,
      teamName: r.team_name,
      inReviewSince: r.in_review_since === null ? null : new Date(r.in_review_since).toISOString(),
      lastActivityAt: new Date(r.last_activity_at).toISOString(),
      gate: gates.get(r.id) ?? { ready: false, passing: 0, total: 0, missing: [] },
    })),
  );

  // Review requests for me, with why and since when (the feed's own statement).
  const feed = await listFeed(db, viewer, { tab: 'needs-my-review', limit: SECTION_LIMIT });
  const toReview = { items: feed.items, more: feed.nextCursor !== null };

  // Mentions, newest first (notifications_mentions_idx).
  const mentionRows = await rawRows<{ id: number; decision_id: number; title: string; status: DecisionStatus; actor: string | null; body: string | null; deleted_at: number | null; created_at: number; read_at: number | null }>(
    db,
    sql`
    SELECT n.id, d.id AS decision_id, d.title, d.status, a.name AS actor, c.body, c.deleted_at, n.created_at, n.read_at
    FROM notifications n
    JOIN decisions d ON d.id = n.decision_id
    LEFT JOIN comments c ON c.id = n.comment_id
    LEFT JOIN "user" a ON a.id = n.actor_id
    WHERE n.user_id = ${viewer.id} AND n.kind = 'mention'
    ORDER BY n.id DESC
    LIMIT ${SECTION_LIMIT + 1}`,
  );
  const mentions = bounded(
    mentionRows.map((m) => ({
      notificationId: m.id,
      decision: { id: m.decision_id, title: m.title, status: m.status },
      actor: m.actor,
      excerpt: excerpt(m.body, m.deleted_at !== null),
      createdAt: new Date(m.created_at).toISOString(),
      read: m.read_at !== null,
    })),
  );

  // Outcome reviews due on decisions I wrote, longest overdue first.
  const dueRows = await rawRows<{ id: number; title: string; team: string; team_name: string; outcome_review_date: string }>(
    db,
    sql`
    SELECT d.id, d.title, t.slug AS team, t.name AS team_name, d.outcome_review_date
    FROM decision_authors da
    JOIN decisions d ON d.id = da.decision_id
    JOIN teams t ON t.id = d.team_id
    WHERE da.user_id = ${viewer.id} AND d.status = 'published' AND d.outcome_review_date IS NOT NULL AND d.outcome_review_date <= ${today(now)}
      AND NOT EXISTS (SELECT 1 FROM outcomes o WHERE o.decision_id = d.id)
    ORDER BY d.outcome_review_date, d.id
    LIMIT ${SECTION_LIMIT + 1}`,
  );
  const outcomesDue = bounded(dueRows.map((r) => ({ id: r.id, title: r.title, team: r.team, teamName: r.team_name, outcomeReviewDate: r.outcome_review_date })));

  // Recent decisions from my teams (not drafts: those are their authors' business until circulated).
  const recentRows = await rawRows<ListRow>(
    db,
    sql`
    SELECT ${listColumnsSql}
    FROM decisions d
    JOIN teams t ON t.id = d.team_id
    JOIN "user" u ON u.id = d.created_by
    WHERE d.team_id IN (SELECT tm.team_id FROM team_members tm WHERE tm.user_id = ${viewer.id}) AND d.status <> 'draft'
    ORDER BY d.last_activity_at DESC, d.id DESC
    LIMIT ${SECTION_LIMIT + 1}`,
  );
  const recent = bounded(recentRows.map(toListItem));

  const draftPage = await listDecisions(db, viewer, { author: 'me', status: 'draft', limit: SECTION_LIMIT });
  const drafts = { items: draftPage.items, more: draftPage.nextCursor !== null };

  return { inReview, toReview, mentions, outcomesDue, recent, drafts };
}

