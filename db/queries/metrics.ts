import { now as currentTime } from '@/lib/clock';
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { AppError, parseOrThrow } from '@/lib/errors';
import { type MetricKind, type UserFunction } from '@/lib/validation/common';
import { metricSchema, updateMetricSchema } from '@/lib/validation/metric';
import { first, rawRows, rawRun, type Db, type Executor } from '../client';
import { decisionMetrics, decisions, metrics, user } from '../schema';
import { appendEvent } from './events';
import { wroteOrAuthorsSql } from './facts';
import { lockDecision } from './locks';
import { requestMetricOwners, requestVouches } from './review';
import { getUserByEmail, isSystem, refuseDeactivated, type Viewer } from './users';

export type Metric = {
  id: number;
  key: string;
  name: string;
  definition: string;
  kind: MetricKind;
  owner: { id: string; name: string; email: string; function: UserFunction };
  updatedAt: string;
};

/** A metric as a published record cited it (the publish snapshot's copy). */
export type PublishedMetric = { key: string; name: string; definition: string; kind: MetricKind; owner: string };

/**
 * The catalogue metrics a record cites, named as the record was published with them when it kept that
 * (records published before it was kept name them as the catalogue does now), and which have been
 * renamed since: key → today's name.
 */
export function metricsAsPublished(current: Metric[], published: PublishedMetric[] | undefined): { metrics: Map<string, Metric>; renamedSince: Map<string, string> } {
  const then = new Map((published ?? []).map((m) => [m.key, m]));
  const metrics = new Map<string, Metric>();
  const renamedSince = new Map<string, string>();
  for (const m of current) {
    const p = then.get(m.key);
    metrics.set(m.key, p ? { ...m, name: p.name, definition: p.definition, kind: p.kind, owner: { ...m.owner, name: p.owner } } : m);
    if (p && p.name !== m.name) renamedSince.set(m.key, m.name);
  }
  return { metrics, renamedSince };
}

const metricColumns = {
  id: metrics.id,
  key: metrics.key,
  name: metrics.name,
  definition: metrics.definition,
  kind: metrics.kind,
  updatedAt: metrics.updatedAt,
  ownerId: user.id,
  ownerName: user.name,
  ownerEmail: user.email,
  ownerFunction: user.function,
};

type Row = { id: number; key: string; name: string; definition: string; kind: MetricKind; updatedAt: number; ownerId: string; ownerName: string; ownerEmail: string; ownerFunction: string };

function toMetric(r: Row): Metric {
  return {
    id: r.id,
    key: r.key,
    name: r.name,
    definition: r.definition,
    kind: r.kind,
    owner: { id: r.ownerId, name: r.ownerName, email: r.ownerEmail, function: r.ownerFunction as UserFunction },
    updatedAt: new Date(r.updatedAt).toISOString(),
  };
}

/** The catalogue is an organisation's shared vocabulary: tens to a few hundred rows, listed whole. */
export async function listMetrics(db: Db): Promise<Metric[]> {
  return (await db.select(metricColumns).from(metrics).innerJoin(user, eq(user.id, metrics.ownerId)).orderBy(asc(metrics.kind), asc(metrics.name))).map(toMetric);
}

export async function getMetricsByKeys(db: Db, keys: string[]): Promise<Metric[]> {
  if (keys.length === 0) return [];
  return (await db.select(metricColumns).from(metrics).innerJoin(user, eq(user.id, metrics.ownerId)).where(inArray(metrics.key, keys))).map(toMetric);
}

export async function getMetric(db: Db, key: string): Promise<Metric | null> {
  const row = await first(db.select(metricColumns).from(metrics).innerJoin(user, eq(user.id, metrics.ownerId)).where(eq(metrics.key, key)));
  return row ? toMetric(row) : null;
}

/** The catalogue is co-defined with data science: data scientists and org admins curate it; an owner may edit their own metric. */
export function canCurate(viewer: Viewer): boolean {
  return viewer.isOrgAdmin || viewer.function === 'data-science';
}

export function canEditMetric(viewer: Viewer, metric: Metric): boolean {
  return canCurate(viewer) || metric.owner.id === viewer.id;
}

/** Reassigning ownership: the current owner (handing it over) or an org admin (and the CLI, which acts as the organisation). */
export function canReassignOwner(viewer: Viewer, metric: Metric): boolean {
  return viewer.isOrgAdmin || isSystem(viewer) || metric.owner.id === viewer.id;
}

/**
 * A metric's owner reviews, or vouches for, the evidence of every open decision citing it. Whoever hands the metric
 * over must not choose that owner for a decision of their own: an author who hands it to themselves, or to another
 * of its authors, would vouch for their own evidence. Anyone else (the owner handing over, an org admin outside the
 * decision) may hand it to an author, who then vouches after the hand-over (the vouch floor).
 */
async function refuseSelfDealing(tx: Executor, viewer: Viewer, metricId: number, owner: { id: string; name: string }): Promise<void> {
  if (isSystem(viewer)) return;
  const [own] = await rawRows<{ title: string }>(
    tx,
    sql`SELECT d.title FROM decision_metrics dm JOIN decisions d ON d.id = dm.decision_id
        WHERE dm.metric_id = ${metricId} AND d.status IN ('draft', 'in-review') AND ${wroteOrAuthorsSql(viewer.id)} AND ${wroteOrAuthorsSql(owner.id)}
        ORDER BY d.id LIMIT 1`,
  );
  if (!own) return;
  const message =
    owner.id === viewer.id
      ? `You wrote or co-author “${own.title}”, which cites this metric and is still open: as its owner you would vouch for your own evidence. Hand the metric to someone outside that decision, or take it once the decision is published or withdrawn`
      : `You and ${owner.name} both wrote or co-author “${own.title}”, which cites this metric and is still open: its evidence needs an owner from outside it. Hand the metric to someone else, or once the decision is published or withdrawn`;
  throw new AppError('conflict', message, { issues: [{ path: 'ownerEmail', message: 'Choose an owner from outside your open decision that cites this metric' }] });
}

async function resolveOwner(db: Db, email: string) {
  const owner = await getUserByEmail(db, email);
  if (!owner) throw new AppError('invalid', `No one has an account with ${email}`, { issues: [{ path: 'ownerEmail', message: 'No account with this email' }] });
  await refuseDeactivated(db, owner, 'ownerEmail');
  return owner;
}

export async function createMetric(db: Db, viewer: Viewer, input: unknown): Promise<Metric> {
  if (!canCurate(viewer)) throw new AppError('forbidden', 'Only data scientists and organisation admins can add metrics to the catalogue');
  const data = parseOrThrow(metricSchema, input);
  const owner = await resolveOwner(db, data.ownerEmail);
  if (await getMetric(db, data.key)) {
    throw new AppError('conflict', `The catalogue already has a metric with the key "${data.key}"`, { issues: [{ path: 'key', message: 'This key is taken' }] });
  }
  const now = currentTime();
  await db.insert(metrics).values({ key: data.key, name: data.name, definition: data.definition, kind: data.kind, ownerId: owner.id, createdAt: now, updatedAt: now });
  return (await getMetric(db, data.key))!;
}

export async function updateMetric(db: Db, viewer: Viewer, key: string, input: unknown): Promise<Metric> {
  const existing = await getMetric(db, key);
  if (!existing) throw new AppError('not_found', `There is no metric "${key}"`);
  if (!canEditMetric(viewer, existing)) {
    throw new AppError('forbidden', 'Only the metric’s owner, data scientists and organisation admins can edit it');
  }
  const data = parseOrThrow(updateMetricSchema, input);
  const owner = await resolveOwner(db, data.ownerEmail);
  if (owner.id !== existing.owner.id && !canReassignOwner(viewer, existing)) {
    // Owners are asked to review every decision citing their metric: moving that duty is for the owner or an org admin.
    throw new AppError('forbidden', `Only ${existing.owner.name} (the owner) or an organisation admin can hand this metric to someone else`, {
      issues: [{ path: 'ownerEmail', message: 'Only the current owner or an organisation admin can change the owner' }],
    });
  }
  await db.transaction(async (tx) => {
    await tx.update(metrics).set({ name: data.name, definition: data.definition, kind: data.kind, ownerId: owner.id, updatedAt: currentTime() }).where(eq(metrics.id, existing.id));
    // The catalogue keeps its history: what a metric was called and meant before (published records keep their own copy).
    const changed = (['name', 'definition', 'kind'] as const).filter((f) => data[f] !== existing[f]);
    if (changed.length) {
      const pick = (m: { name: string; definition: string; kind: string }) => Object.fromEntries(changed.map((f) => [f, m[f]]));
      await appendEvent(tx, { actor: viewer, type: 'metric.updated', data: { metric: existing.key, from: pick(existing), to: pick(data) } });
    }
    if (owner.id !== existing.owner.id) {
      await refuseSelfDealing(tx, viewer, existing.id, owner);
      const at = currentTime();
      const change = { metric: existing.key, metricName: data.name, from: existing.owner.name, to: owner.name };
      await appendEvent(tx, { actor: viewer, type: 'metric.owner-changed', data: { ...change, fromId: existing.owner.id, toId: owner.id }, at });
      // The open decisions citing it, locked (on PostgreSQL) so that no save lands between reading their revision
      // and the floor below.
      const citing = await tx
        .select({ id: decisions.id, teamId: decisions.teamId, status: decisions.status })
        .from(decisionMetrics)
        .innerJoin(decisions, eq(decisions.id, decisionMetrics.decisionId))
        .where(and(eq(decisionMetrics.metricId, existing.id), inArray(decisions.status, ['draft', 'in-review'])));
      for (const d of citing) await lockDecision(tx, d.id, 'update');
      // An owner among a decision's writers vouches for its evidence instead of reviewing, but what they saved before
      // they owned the metric doesn't vouch: on every open decision citing it, a floor at its revision now (and
      // any earlier vouch of theirs is void). Without it, handing a metric to an author would pass the gate silently.
      await rawRun(
        tx,
        sql`INSERT INTO evidence_vouches (decision_id, user_id, revision, floor_revision, created_at)
            SELECT d.id, ${owner.id}, 0, d.current_revision, ${at}
            FROM decision_metrics dm JOIN decisions d ON d.id = dm.decision_id
            WHERE dm.metric_id = ${existing.id} AND d.status IN ('draft', 'in-review')
            ON CONFLICT (decision_id, user_id) DO UPDATE SET revision = 0, floor_revision = excluded.floor_revision, created_at = excluded.created_at`,
      );
      // Citing a metric makes its owner a reviewer: decisions in review that cite it now ask the new owner (or,
      // one of their writers, to vouch), and their activity shows the hand-over.
      for (const d of citing.filter((c) => c.status === 'in-review')) {
        await appendEvent(tx, { decisionId: d.id, teamId: d.teamId, actor: viewer, type: 'metric.owner-changed', data: change, at });
        await requestMetricOwners(tx, { decisionId: d.id, teamId: d.teamId, actor: viewer, at });
        await requestVouches(tx, { decisionId: d.id, actor: viewer, at });
      }
    }
  });
  return (await getMetric(db, key))!;
}
