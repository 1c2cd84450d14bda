import { now as currentTime } from '@/lib/clock';
import { and, desc, eq, inArray, isNotNull, lt } from 'drizzle-orm';
import { decodeCursor, toPage, type Page } from '@/lib/pagination';
import type { Db, Executor } from '../client';
import { decisions, events, notifications, user } from '../schema';
import { isSystem, type Viewer } from './users';
import { enqueueWebhookDeliveries } from './webhooks';

export type EventType =
  | 'decision.created'
  | 'decision.saved'
  | 'decision.circulated'
  | 'decision.returned-to-draft'
  | 'review.requested'
  | 'comment.created'
  | 'comment.replied'
  | 'comment.edited'
  | 'comment.deleted'
  | 'comment.resolved'
  | 'comment.reopened'
  | 'comment.overridden'
  | 'review.submitted'
  | 'evidence.vouched'
  | 'decision.published'
  | 'decision.superseded'
  | 'decision.reversed'
  | 'decision.withdrawn'
  | 'decision.imported'
  | 'team.policy-changed'
  | 'team.role-changed'
  | 'team.member-removed'
  | 'org.policy-floor-changed'
  | 'outcome.recorded'
  | 'author.added'
  | 'author.removed'
  | 'link.added'
  | 'link.removed'
  | 'metric.owner-changed'
  | 'metric.updated'
  // Identity (no decision): who assigned functions and org admin, and invites.
  | 'user.function-changed'
  | 'user.function-confirmed'
  | 'user.org-admin-changed'
  | 'user.deactivated'
  | 'user.reactivated'
  | 'user.renamed'
  | 'invite.created'
  | 'invite.accepted'
  | 'invite.revoked';

/**
 * Append to the log, and bump the decision's last activity (which orders the
 * review feed) unless `touch` is false. Called inside the same transaction as
 * the change it records.
 */
export async function appendEvent(
  tx: Executor,
  e: { decisionId?: number | null; teamId?: number | null; actor: Viewer | null; type: EventType; data?: Record<string, unknown>; at?: number; touch?: boolean },
): Promise<void> {
  const at = e.at ?? currentTime();
  await tx
    .insert(events)
    .values({
      decisionId: e.decisionId ?? null,
      teamId: e.teamId ?? null,
      actorId: e.actor && !isSystem(e.actor) ? e.actor.id : null,
      type: e.type,
      data: JSON.stringify(e.data ?? {}),
      createdAt: at,
    });
  if (e.decisionId && e.touch !== false) await tx.update(decisions).set({ lastActivityAt: at }).where(eq(decisions.id, e.decisionId));
  // Lifecycle events (published, superseded, reversed, withdrawn) go out to team webhooks: queued here, in the same transaction.
  await enqueueWebhookDeliveries(tx, { type: e.type, decisionId: e.decisionId ?? null, teamId: e.teamId ?? null, actor: e.actor, data: e.data ?? {}, at });
}

export type NotificationKind = 'review-requested' | 'mention' | 'objection' | 'comment' | 'reply' | 'verdict' | 'override' | 'resolved' | 'outcome-due' | 'published' | 'author-added' | 'verdict-stale' | 'vouched' | 'vouch-requested' | 'vouch-stale';

/** Notify people (never the actor themselves), once each. */
export async function notify(tx: Executor, e: { userIds: Iterable<string>; kind: NotificationKind; actor: Viewer | null; decisionId?: number; commentId?: number; at?: number }): Promise<void> {
  const wanted = [...new Set(e.userIds)].filter((id) => !e.actor || id !== e.actor.id);
  if (wanted.length === 0) return;
  // Nobody notifies, or mails, someone who left (db/queries/users.ts, setUserActive).
  const gone = new Set((await tx.select({ id: user.id }).from(user).where(and(inArray(user.id, wanted), isNotNull(user.deactivatedAt)))).map((u) => u.id));
  const ids = wanted.filter((id) => !gone.has(id));
  if (ids.length === 0) return;
  const at = e.at ?? currentTime();
  await tx
    .insert(notifications)
    .values(ids.map((userId) => ({ userId, kind: e.kind, decisionId: e.decisionId ?? null, commentId: e.commentId ?? null, actorId: e.actor && !isSystem(e.actor) ? e.actor.id : null, createdAt: at })));
}

export type ActivityItem = { id: number; type: EventType; actor: { name: string } | null; data: Record<string, unknown>; createdAt: string };

/** A decision's activity timeline, newest first. */
export async function listDecisionEvents(db: Db, input: { decisionId: number; cursor?: string; limit?: number; types?: EventType[] }): Promise<Page<ActivityItem>> {
  const limit = Math.min(input.limit ?? 50, 200);
  const cursor = decodeCursor(input.cursor, ['number'] as const);
  const rows = await db
    .select({ id: events.id, type: events.type, data: events.data, createdAt: events.createdAt, actorName: user.name })
    .from(events)
    .leftJoin(user, eq(user.id, events.actorId))
    .where(and(eq(events.decisionId, input.decisionId), cursor ? lt(events.id, cursor[0]) : undefined, input.types ? inArray(events.type, input.types) : undefined))
    .orderBy(desc(events.id))
    .limit(limit + 1);
  return toPage(
    rows,
    limit,
    (r) => [r.id],
    (r) => ({ id: r.id, type: r.type as EventType, actor: r.actorName ? { name: r.actorName } : null, data: JSON.parse(r.data) as Record<string, unknown>, createdAt: new Date(r.createdAt).toISOString() }),
  );
}
