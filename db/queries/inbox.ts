import { now as currentTime } from '@/lib/clock';
import { and, desc, eq, inArray, isNull, lt, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import { parseOrThrow } from '@/lib/errors';
import { commentHref } from '@/lib/review';
import { decodeCursor, toPage, type Page } from '@/lib/pagination';
import { type DecisionStatus } from '@/lib/validation/common';
import { inboxQuerySchema, markReadSchema } from '@/lib/validation/review';
import { first, type Db } from '../client';
import { comments, decisions, notifications, user } from '../schema';
import type { NotificationKind } from './events';
import { materializeOutcomesDue } from './publish';
import type { Viewer } from './users';

export type InboxItem = {
  id: number;
  kind: NotificationKind;
  /** The decision it is about, as it stands now (a request may have been overtaken: it was published, or withdrawn). */
  decision: { id: number; title: string; status: DecisionStatus } | null;
  comment: { id: number; excerpt: string; section: string; kind: string } | null;
  actor: { name: string } | null;
  /** For a verdict notification: what the actor decided (their review at that moment). */
  verdict: 'approve' | 'request-changes' | 'comment' | null;
  createdAt: string;
  read: boolean;
};

const actor = alias(user, 'actor');

function excerpt(body: string | null): string {
  if (!body) return '';
  const flat = body.replace(/[`*_>#]/g, '').replace(/\s+/g, ' ').trim();
  return flat.length > 160 ? `${flat.slice(0, 157)}…` : flat;
}

/** The viewer's notifications, newest first: one query per page. */
export async function listInbox(db: Db, viewer: Viewer, input: unknown): Promise<Page<InboxItem>> {
  const q = parseOrThrow(inboxQuerySchema, input);
  await materializeOutcomesDue(db, viewer);
  const cursor = decodeCursor(q.cursor, ['number'] as const);
  const rows = await db
    .select({
      id: notifications.id,
      kind: notifications.kind,
      createdAt: notifications.createdAt,
      readAt: notifications.readAt,
      decisionId: decisions.id,
      title: decisions.title,
      status: decisions.status,
      commentId: comments.id,
      body: comments.body,
      deletedAt: comments.deletedAt,
      section: comments.section,
      commentKind: comments.kind,
      actorName: actor.name,
      // The review the notification announced: the actor's latest on that decision by then (reviews_decision_reviewer_idx).
      verdict: sql<'approve' | 'request-changes' | 'comment' | null>`CASE WHEN ${notifications.kind} = 'verdict' THEN (SELECT r.verdict FROM reviews r WHERE r.decision_id = ${notifications.decisionId} AND r.reviewer_id = ${notifications.actorId} AND r.created_at <= ${notifications.createdAt} ORDER BY r.id DESC LIMIT 1) END`,
    })
    .from(notifications)
    .leftJoin(decisions, eq(decisions.id, notifications.decisionId))
    .leftJoin(comments, eq(comments.id, notifications.commentId))
    .leftJoin(actor, eq(actor.id, notifications.actorId))
    .where(and(eq(notifications.userId, viewer.id), cursor ? lt(notifications.id, cursor[0]) : undefined, q.unread ? isNull(notifications.readAt) : undefined))
    .orderBy(desc(notifications.id))
    .limit(q.limit + 1);
  return toPage(
    rows,
    q.limit,
    (r) => [r.id],
    (r) => ({
      id: r.id,
      kind: r.kind as NotificationKind,
      decision: r.decisionId ? { id: r.decisionId, title: r.title ?? '', status: r.status as DecisionStatus } : null,
      comment: r.commentId ? { id: r.commentId, excerpt: r.deletedAt ? '(comment deleted)' : excerpt(r.body), section: r.section ?? 'record', kind: r.commentKind ?? 'question' } : null,
      actor: r.actorName ? { name: r.actorName } : null,
      verdict: r.verdict ?? null,
      createdAt: new Date(r.createdAt).toISOString(),
      read: r.readAt !== null,
    }),
  );
}

/** Served by a partial index over unread rows. Outcome reviews that came due are written first. */
export async function unreadCount(db: Db, viewer: Viewer): Promise<number> {
  await materializeOutcomesDue(db, viewer);
  return (await first(db.select({ n: sql<number>`count(*)` }).from(notifications).where(and(eq(notifications.userId, viewer.id), isNull(notifications.readAt)))))?.n ?? 0;
}

/** Mark some (ids) or all of the viewer's notifications read. Other people's ids are ignored. */
export async function markRead(db: Db, viewer: Viewer, input: unknown): Promise<{ marked: number }> {
  const { ids } = parseOrThrow(markReadSchema, input ?? {});
  const res = await db
    .update(notifications)
    .set({ readAt: currentTime() })
    .where(and(eq(notifications.userId, viewer.id), isNull(notifications.readAt), ids ? inArray(notifications.id, ids.length ? ids : [-1]) : undefined))
    .returning({ id: notifications.id });
  return { marked: res.length };
}

/** Where a notification points: the comment, or the decision. Null when it is not the viewer's. */
export async function notificationTarget(db: Db, viewer: Viewer, id: number): Promise<string | null> {
  const n = await first(
    db
      .select({ decisionId: notifications.decisionId, commentId: notifications.commentId })
      .from(notifications)
      .where(and(eq(notifications.id, id), eq(notifications.userId, viewer.id))),
  );
  if (!n || !n.decisionId) return null;
  return n.commentId ? commentHref(n.decisionId, n.commentId) : `/decisions/${n.decisionId}`;
}
