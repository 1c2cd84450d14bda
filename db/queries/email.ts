import { and, asc, eq, gt, inArray, isNull, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import { now as currentTime } from '@/lib/clock';
import { parseOrThrow } from '@/lib/errors';
import type { EmailPreference, PendingNotification, Recipient } from '@/lib/notify/email-plan';
import { MAILED_KINDS } from '@/lib/notify/email-plan';
import { emailPreferenceSchema } from '@/lib/validation/notify';
import { first, rawRun, type Db } from '../client';
import { comments, decisions, notifications, teams, user } from '../schema';
import type { Viewer } from './users';

/*
 * The email side of the notifications table. `notifications.emailed_at` is the
 * outbox mark: null until the dispatcher mailed the row, put it in a digest,
 * or decided it does not mail. The dispatcher (server/notify/dispatcher.ts)
 * reads pending rows in id order with a keyset and claims what it sends.
 */

export async function getEmailPreference(db: Db, viewer: Viewer): Promise<{ emailNotifications: EmailPreference; lastDigestAt: string | null }> {
  const r = await first(db.select({ p: user.emailNotifications, last: user.lastDigestAt }).from(user).where(eq(user.id, viewer.id)));
  return { emailNotifications: (r?.p ?? 'immediate') as EmailPreference, lastDigestAt: r?.last ? new Date(r.last).toISOString() : null };
}

export async function updateEmailPreference(db: Db, viewer: Viewer, input: unknown): Promise<{ emailNotifications: EmailPreference }> {
  const data = parseOrThrow(emailPreferenceSchema, input);
  await db.update(user).set({ emailNotifications: data.emailNotifications }).where(eq(user.id, viewer.id));
  return data;
}

/**
 * Outcome reviews come due on a date, not on an event (see
 * materializeOutcomesDue in publish.ts, which does this for one person when
 * they open their inbox). With email on, the dispatcher writes the reminders
 * for every author so they can be mailed. Idempotent, also against a
 * concurrent inbox read writing the same reminder (the unique index
 * notifications_outcome_due_uq and ON CONFLICT DO NOTHING).
 */
export async function materializeAllOutcomesDue(db: Db, input: { now?: number } = {}): Promise<number> {
  const now = input.now ?? currentTime();
  const today = new Date(now).toISOString().slice(0, 10);
  // Written here rather than through notify() (events.ts), so its rule is repeated: nothing for someone deactivated.
  return rawRun(db, sql`INSERT INTO notifications (user_id, kind, decision_id, comment_id, actor_id, created_at)
    SELECT da.user_id, 'outcome-due', d.id, NULL, NULL, ${now}
    FROM decisions d JOIN decision_authors da ON da.decision_id = d.id
      JOIN "user" u ON u.id = da.user_id AND u.deactivated_at IS NULL
    WHERE d.status = 'published' AND d.outcome_review_date IS NOT NULL AND d.outcome_review_date <= ${today}
      AND NOT EXISTS (SELECT 1 FROM outcomes o WHERE o.decision_id = d.id)
      AND NOT EXISTS (SELECT 1 FROM notifications n WHERE n.user_id = da.user_id AND n.kind = 'outcome-due' AND n.decision_id = d.id)
    ON CONFLICT DO NOTHING`);
}

const actor = alias(user, 'actor');

function select(db: Db) {
  return db
    .select({
      id: notifications.id,
      kind: notifications.kind,
      createdAt: notifications.createdAt,
      userId: user.id,
      email: user.email,
      name: user.name,
      preference: user.emailNotifications,
      lastDigestAt: user.lastDigestAt,
      decisionId: decisions.id,
      title: decisions.title,
      team: teams.name,
      actorName: actor.name,
      commentId: comments.id,
      commentKind: comments.kind,
      commentSection: comments.section,
      commentBody: comments.body,
      commentDeleted: comments.deletedAt,
    })
    .from(notifications)
    .innerJoin(user, eq(user.id, notifications.userId))
    .leftJoin(actor, eq(actor.id, notifications.actorId))
    .leftJoin(decisions, eq(decisions.id, notifications.decisionId))
    .leftJoin(teams, eq(teams.id, decisions.teamId))
    .leftJoin(comments, eq(comments.id, notifications.commentId));
}

type Row = Awaited<ReturnType<typeof select>>[number];

function toPending(r: Row): PendingNotification {
  return {
    id: r.id,
    kind: r.kind,
    createdAt: r.createdAt,
    recipient: { id: r.userId, email: r.email, name: r.name, preference: r.preference, lastDigestAt: r.lastDigestAt },
    decision: r.decisionId !== null ? { id: r.decisionId, title: r.title ?? '', team: r.team ?? '' } : null,
    actorName: r.actorName,
    // A deleted comment's text is not mailed.
    comment: r.commentId !== null && r.commentDeleted === null ? { id: r.commentId, kind: r.commentKind ?? '', section: r.commentSection ?? 'record', body: r.commentBody ?? '' } : null,
  };
}

/**
 * One page of not-yet-handled notifications after `afterId`, oldest first (the partial index notifications_email_pending_idx).
 * Nobody deactivated is mailed: deactivating marks what was waiting handled, and a row that got past that
 * (written by a transaction that raced the deactivation) is passed over here too.
 */
export async function pendingNotifications(db: Db, input: { afterId?: number; limit?: number } = {}): Promise<PendingNotification[]> {
  const rows = await select(db)
    .where(and(isNull(notifications.emailedAt), isNull(user.deactivatedAt), input.afterId ? gt(notifications.id, input.afterId) : undefined))
    .orderBy(asc(notifications.id))
    .limit(Math.min(input.limit ?? 200, 1000));
  return rows.map(toPending);
}

/** Everything pending for one daily-digest reader (bounded), with the recipient; no recipient for someone deactivated, who gets no digest. */
export async function pendingForDigest(db: Db, input: { userId: string; limit?: number }): Promise<{ recipient: Recipient | null; rows: PendingNotification[] }> {
  const u = await first(
    db
      .select({ id: user.id, email: user.email, name: user.name, preference: user.emailNotifications, lastDigestAt: user.lastDigestAt })
      .from(user)
      .where(and(eq(user.id, input.userId), isNull(user.deactivatedAt))),
  );
  if (!u) return { recipient: null, rows: [] };
  const rows = await select(db)
    .where(and(eq(notifications.userId, input.userId), isNull(notifications.emailedAt), inArray(notifications.kind, [...MAILED_KINDS])))
    .orderBy(asc(notifications.id))
    .limit(Math.min(input.limit ?? 200, 1000));
  return { recipient: u, rows: rows.map(toPending) };
}

/** Mark rows handled without a mail. */
export async function markEmailSkipped(db: Db, input: { ids: number[]; now?: number }): Promise<void> {
  const now = input.now ?? currentTime();
  for (let i = 0; i < input.ids.length; i += 500) {
    await db.update(notifications).set({ emailedAt: now }).where(and(inArray(notifications.id, input.ids.slice(i, i + 500)), isNull(notifications.emailedAt)));
  }
}

/**
 * Claim rows before mailing them: only rows still pending are taken, so two
 * dispatchers never mail the same notification. Returns the ids claimed.
 */
export async function claimForEmail(db: Db, input: { ids: number[]; now?: number }): Promise<number[]> {
  const now = input.now ?? currentTime();
  if (input.ids.length === 0) return [];
  const rows = await db
    .update(notifications)
    .set({ emailedAt: now })
    .where(and(inArray(notifications.id, input.ids), isNull(notifications.emailedAt)))
    .returning({ id: notifications.id });
  return rows.map((r) => r.id);
}

/** The mail did not go out: put the rows back so the next pass tries again (until they are a day old). */
export async function releaseEmailClaim(db: Db, input: { ids: number[] }): Promise<void> {
  if (input.ids.length) await db.update(notifications).set({ emailedAt: null }).where(inArray(notifications.id, input.ids));
}

export async function recordDigestSent(db: Db, input: { userId: string; now?: number }): Promise<void> {
  await db.update(user).set({ lastDigestAt: input.now ?? currentTime() }).where(eq(user.id, input.userId));
}
