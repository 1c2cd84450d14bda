import { and, asc, desc, eq, inArray, isNull, lte, sql } from 'drizzle-orm';
import { randomBytes } from 'node:crypto';
import { now as currentTime } from '@/lib/clock';
import { AppError, parseOrThrow } from '@/lib/errors';
import { publicUrl, webhooksAllowHttp, webhooksAllowPrivate } from '@/server/notify/config';
import { buildWebhookPayload, isWebhookEvent, nextAttemptAt, refusedDestination, TEST_EVENT, type WebhookDecision, type WebhookEvent } from '@/lib/notify/webhook';
import { createWebhookSchema } from '@/lib/validation/notify';
import { first, type Db, type Executor } from '../client';
import { decisions, teams, teamWebhooks, user, webhookDeliveries } from '../schema';
import { canAdministerTeam, requireTeam } from './teams';
import { isSystem, type Viewer } from './users';

/*
 * Team webhooks and their delivery outbox. Deliveries are written in the same
 * transaction as the event they announce (appendEvent calls
 * enqueueWebhookDeliveries), so a rolled-back publish never announces
 * anything and a committed one always does; server/notify/dispatcher.ts posts
 * them, signed, and retries with backoff.
 */

export type WebhookSummary = {
  id: number;
  url: string;
  events: WebhookEvent[];
  createdAt: string;
  createdBy: string | null;
  disabled: boolean;
  lastDelivery: { event: string; status: 'delivered' | 'pending' | 'failed'; httpStatus: number | null; error: string | null; attempts: number; at: string } | null;
};

async function teamForAdmin(db: Db, viewer: Viewer, slug: string) {
  const team = await requireTeam(db, slug);
  if (!(await canAdministerTeam(db, viewer, team.id))) throw new AppError('forbidden', `Only an admin of ${team.name} can manage its webhooks`);
  return team;
}

const iso = (ms: number) => new Date(ms).toISOString();

export async function decisionForWebhook(tx: Executor, decisionId: number): Promise<WebhookDecision | null> {
  const d = await first(
    tx
      .select({ id: decisions.id, title: decisions.title, status: decisions.status, slug: teams.slug, name: teams.name })
      .from(decisions)
      .innerJoin(teams, eq(teams.id, decisions.teamId))
      .where(eq(decisions.id, decisionId)),
  );
  return d ? { id: d.id, title: d.title, url: `${publicUrl()}/decisions/${d.id}`, status: d.status, team: { slug: d.slug, name: d.name } } : null;
}

/** Called by appendEvent inside the event's transaction: one delivery per enabled webhook of the team that subscribes to the event. */
export async function enqueueWebhookDeliveries(tx: Executor, e: { type: string; decisionId: number | null; teamId: number | null; actor: Viewer | null; data: Record<string, unknown>; at: number }): Promise<void> {
  if (!isWebhookEvent(e.type) || !e.teamId || !e.decisionId) return;
  const hooks = (
    await tx
      .select({ id: teamWebhooks.id, events: teamWebhooks.events })
      .from(teamWebhooks)
      .where(and(eq(teamWebhooks.teamId, e.teamId), isNull(teamWebhooks.disabledAt)))
  ).filter((h) => (JSON.parse(h.events) as string[]).includes(e.type));
  if (hooks.length === 0) return;
  const decision = await decisionForWebhook(tx, e.decisionId);
  const byId = typeof e.data.by === 'number' ? await decisionForWebhook(tx, e.data.by) : null;
  const payload = JSON.stringify(
    buildWebhookPayload({
      event: e.type,
      decision,
      actorName: e.actor && !isSystem(e.actor) ? e.actor.name : null,
      at: e.at,
      data: e.data,
      supersededBy: byId ? { id: byId.id, title: byId.title, url: byId.url } : null,
    }),
  );
  await tx
    .insert(webhookDeliveries)
    .values(hooks.map((h) => ({ webhookId: h.id, eventType: e.type, payload, attempts: 0, nextAttemptAt: e.at, createdAt: e.at })));
}

/** Add a webhook: team admins. The secret is returned here once and never again. */
export async function createWebhook(db: Db, viewer: Viewer, slug: string, input: unknown): Promise<{ webhook: WebhookSummary; secret: string }> {
  const team = await teamForAdmin(db, viewer, slug);
  const data = parseOrThrow(createWebhookSchema, input);
  if (new URL(data.url).protocol === 'http:' && !webhooksAllowHttp()) {
    throw new AppError('invalid', 'Webhook URLs must use https on this server', { issues: [{ path: 'url', message: 'Use an https:// URL (plain http is refused on this server unless CANDOR_WEBHOOKS_ALLOW_HTTP=1)' }] });
  }
  // A name that resolves to such an address is refused when a delivery connects (server/notify/dispatcher.ts).
  const refused = refusedDestination(new URL(data.url), webhooksAllowPrivate());
  if (refused) throw new AppError('invalid', 'Webhook URLs must point to a public address on this server', { issues: [{ path: 'url', message: refused }] });
  const count = (await first(db.select({ n: sql<number>`count(*)` }).from(teamWebhooks).where(eq(teamWebhooks.teamId, team.id))))!.n;
  if (count >= 20) throw new AppError('conflict', 'A team can have at most 20 webhooks: delete one first');
  const secret = `whsec_${randomBytes(24).toString('base64url')}`;
  const [row] = await db
    .insert(teamWebhooks)
    .values({ teamId: team.id, url: data.url, secret, events: JSON.stringify([...new Set(data.events)]), createdBy: isSystem(viewer) ? null : viewer.id, createdAt: currentTime() })
    .returning({ id: teamWebhooks.id });
  return { webhook: (await listWebhooks(db, viewer, slug)).find((w) => w.id === row!.id)!, secret };
}

/** A team's webhooks with their last delivery; never the secret. */
export async function listWebhooks(db: Db, viewer: Viewer, slug: string): Promise<WebhookSummary[]> {
  const team = await teamForAdmin(db, viewer, slug);
  const hooks = await db
    .select({ h: teamWebhooks, creator: user.name })
    .from(teamWebhooks)
    .leftJoin(user, eq(user.id, teamWebhooks.createdBy))
    .where(eq(teamWebhooks.teamId, team.id))
    .orderBy(asc(teamWebhooks.id));
  const summaries: WebhookSummary[] = [];
  for (const { h, creator } of hooks) {
    const last = await first(db.select().from(webhookDeliveries).where(eq(webhookDeliveries.webhookId, h.id)).orderBy(desc(webhookDeliveries.id)).limit(1));
    summaries.push({
      id: h.id,
      url: h.url,
      events: (JSON.parse(h.events) as string[]).filter(isWebhookEvent),
      createdAt: iso(h.createdAt),
      createdBy: creator,
      disabled: h.disabledAt !== null,
      lastDelivery: last
        ? {
            event: last.eventType,
            status: last.deliveredAt ? 'delivered' : last.failedAt ? 'failed' : 'pending',
            httpStatus: last.lastStatus,
            error: last.lastError,
            attempts: last.attempts,
            at: iso(last.deliveredAt ?? last.failedAt ?? last.createdAt),
          }
        : null,
    });
  }
  return summaries;
}

async function hookOf(db: Db, viewer: Viewer, slug: string, id: number) {
  const team = await teamForAdmin(db, viewer, slug);
  const h = await first(db.select().from(teamWebhooks).where(and(eq(teamWebhooks.id, id), eq(teamWebhooks.teamId, team.id))));
  if (!h) throw new AppError('not_found', `${team.name} has no webhook #${id}`);
  return h;
}

/** Disable (stop sending; pending deliveries are dropped as failed) or enable again. */
export async function setWebhookEnabled(db: Db, viewer: Viewer, slug: string, id: number, enabled: boolean): Promise<void> {
  const h = await hookOf(db, viewer, slug, id);
  const now = currentTime();
  await db.transaction(async (tx) => {
    await tx.update(teamWebhooks).set({ disabledAt: enabled ? null : (h.disabledAt ?? now) }).where(eq(teamWebhooks.id, h.id));
    if (!enabled) {
      await tx
        .update(webhookDeliveries)
        .set({ failedAt: now, lastError: 'Webhook disabled' })
        .where(and(eq(webhookDeliveries.webhookId, h.id), isNull(webhookDeliveries.deliveredAt), isNull(webhookDeliveries.failedAt)));
    }
  });
}

export async function deleteWebhook(db: Db, viewer: Viewer, slug: string, id: number): Promise<void> {
  const h = await hookOf(db, viewer, slug, id);
  await db.delete(teamWebhooks).where(eq(teamWebhooks.id, h.id));
}

/** Queue a test delivery (sent by the next dispatch, or straight away by the caller). Returns its id. */
export async function queueTestDelivery(db: Db, viewer: Viewer, slug: string, id: number): Promise<number> {
  const h = await hookOf(db, viewer, slug, id);
  if (h.disabledAt) throw new AppError('conflict', 'This webhook is disabled: enable it to send a test');
  const team = await requireTeam(db, slug);
  const now = currentTime();
  const payload = buildWebhookPayload({ event: TEST_EVENT, decision: null, actorName: isSystem(viewer) ? null : viewer.name, at: now, data: { team: { slug: team.slug, name: team.name } } });
  const [row] = await db
    .insert(webhookDeliveries)
    .values({ webhookId: h.id, eventType: TEST_EVENT, payload: JSON.stringify(payload), attempts: 0, nextAttemptAt: now, createdAt: now })
    .returning({ id: webhookDeliveries.id });
  return row!.id;
}

export type DueDelivery = { id: number; url: string; secret: string; eventType: string; payload: string; attempts: number };

/** How long a claimed delivery is reserved for the process that claimed it. */
const LEASE_MS = 2 * 60e3;

/**
 * Claim deliveries that are due (oldest first, at most `limit`): each is
 * leased by moving its next attempt a little into the future, so two
 * dispatchers (the server and `candor notify send`) never post the same one.
 */
export async function claimDueDeliveries(db: Db, input: { now?: number; limit?: number; ids?: number[] } = {}): Promise<DueDelivery[]> {
  const now = input.now ?? currentTime();
  return db.transaction(async (tx) => {
    const rows = await tx
      .select({ id: webhookDeliveries.id, url: teamWebhooks.url, secret: teamWebhooks.secret, eventType: webhookDeliveries.eventType, payload: webhookDeliveries.payload, attempts: webhookDeliveries.attempts, disabledAt: teamWebhooks.disabledAt })
      .from(webhookDeliveries)
      .innerJoin(teamWebhooks, eq(teamWebhooks.id, webhookDeliveries.webhookId))
      .where(and(isNull(webhookDeliveries.deliveredAt), isNull(webhookDeliveries.failedAt), lte(webhookDeliveries.nextAttemptAt, now), input.ids ? inArray(webhookDeliveries.id, input.ids) : undefined))
      .orderBy(asc(webhookDeliveries.nextAttemptAt), asc(webhookDeliveries.id))
      .limit(input.limit ?? 50);
    const live = rows.filter((r) => r.disabledAt === null);
    const dead = rows.filter((r) => r.disabledAt !== null).map((r) => r.id);
    if (dead.length) await tx.update(webhookDeliveries).set({ failedAt: now, lastError: 'Webhook disabled' }).where(inArray(webhookDeliveries.id, dead));
    if (!live.length) return [];
    // The lease is taken only where the row is still due: with several instances (PostgreSQL, read
    // committed) a second dispatcher that read the same rows waits on the first one's update, then
    // finds them leased and gets none of them back.
    const leased = await tx
      .update(webhookDeliveries)
      .set({ nextAttemptAt: now + LEASE_MS })
      .where(and(inArray(webhookDeliveries.id, live.map((r) => r.id)), lte(webhookDeliveries.nextAttemptAt, now), isNull(webhookDeliveries.deliveredAt), isNull(webhookDeliveries.failedAt)))
      .returning({ id: webhookDeliveries.id });
    const mine = new Set(leased.map((r) => r.id));
    return live.filter((r) => mine.has(r.id)).map(({ disabledAt: _, ...r }) => r);
  });
}

/** Record one attempt: delivered, or failed and scheduled again (backoff), or failed for good after the last retry. */
export async function recordDeliveryAttempt(db: Db, input: { id: number; ok: boolean; status: number | null; error: string | null; now?: number }): Promise<'delivered' | 'retry' | 'failed'> {
  const now = input.now ?? currentTime();
  const row = await first(db.select({ attempts: webhookDeliveries.attempts }).from(webhookDeliveries).where(eq(webhookDeliveries.id, input.id)));
  if (!row) return 'failed';
  const attempts = row.attempts + 1;
  const error = input.error ? input.error.slice(0, 500) : null;
  if (input.ok) {
    await db.update(webhookDeliveries).set({ attempts, deliveredAt: now, lastStatus: input.status, lastError: null }).where(eq(webhookDeliveries.id, input.id));
    return 'delivered';
  }
  const next = nextAttemptAt(attempts, now);
  await db
    .update(webhookDeliveries)
    .set({ attempts, lastStatus: input.status, lastError: error, ...(next === null ? { failedAt: now } : { nextAttemptAt: next }) })
    .where(eq(webhookDeliveries.id, input.id));
  return next === null ? 'failed' : 'retry';
}

export type DeliveryRecord = { id: number; event: string; status: 'delivered' | 'pending' | 'failed'; attempts: number; httpStatus: number | null; error: string | null; nextAttemptAt: string | null; createdAt: string };

/** A webhook's recent deliveries, newest first (team admins). */
export async function listDeliveries(db: Db, viewer: Viewer, slug: string, id: number, limit = 20): Promise<DeliveryRecord[]> {
  const h = await hookOf(db, viewer, slug, id);
  const rows = await db
    .select()
    .from(webhookDeliveries)
    .where(eq(webhookDeliveries.webhookId, h.id))
    .orderBy(desc(webhookDeliveries.id))
    .limit(Math.min(limit, 100));
  return rows.map((d) => ({
    id: d.id,
    event: d.eventType,
    status: d.deliveredAt ? 'delivered' : d.failedAt ? 'failed' : 'pending',
    attempts: d.attempts,
    httpStatus: d.lastStatus,
    error: d.lastError,
    nextAttemptAt: d.deliveredAt || d.failedAt ? null : iso(d.nextAttemptAt),
    createdAt: iso(d.createdAt),
  }));
}

