import type { Db } from '@/db/client';
import { createDecision } from '@/db/queries/decisions';
import { createMetric } from '@/db/queries/metrics';
import { publish, updatePolicy } from '@/db/queries/publish';
import { circulate, submitReview } from '@/db/queries/review';
import type { Viewer } from '@/db/queries/users';
import { DEMO_LIFECYCLE } from '@/db/seed-data';
import { resetClock, setClock } from '@/lib/clock';
import { AppError } from '@/lib/errors';
import type { DecisionContentInput } from '@/lib/validation/decision';
import { makeWorkspace } from './db';

/*
 * Published decisions at known dates, through the real data layer: draft →
 * circulate → a cross-functional approval from the metrics' owner → publish,
 * with lib/clock fixed at the publish moment (never sleeping, never rewriting
 * timestamps). The team's minimum review window must be 0 (relaxGate).
 */

const DAY = 24 * 3600e3;
const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** The demo's "Send the weekly digest email on Mondays", its test window moved to end 11 days before `at`. */
export function demoContent(at: number, patch: Partial<DecisionContentInput> = {}): DecisionContentInput {
  const base = DEMO_LIFECYCLE[0]!.revisions[0]!.content;
  const source = { ...base.dataSources![0]!, windowStart: isoDay(at - 38 * DAY), windowEnd: isoDay(at - 11 * DAY) };
  return { ...base, dataSources: [source], outcomeReviewDate: isoDay(at + 90 * DAY), ...patch };
}

/** Let a team publish as soon as the review is in (the rest of the default gate stays). */
export async function relaxGate(db: Db, admin: Viewer, slug: string): Promise<void> {
  await updatePolicy(db, admin, slug, { minHoursInReview: 0 });
}

/** The metrics the demo content cites, owned by `owner` (who is therefore asked to review every decision that cites them). */
export async function createDemoMetrics(db: Db, owner: Viewer): Promise<void> {
  await createMetric(db, owner, { key: 'weekly_active_buyers', name: 'Weekly active buyers', kind: 'north-star', definition: 'Distinct accounts with a completed order in a rolling 7-day window.', ownerEmail: owner.email });
  await createMetric(db, owner, { key: 'unsubscribe_rate', name: 'Email unsubscribe rate', kind: 'guardrail', definition: 'Unsubscribes divided by delivered emails, per send.', ownerEmail: owner.email });
}

/** makeWorkspace, the demo metrics owned by its data scientist, and its team's gate relaxed: ready for publishAt. */
export async function publishingWorkspace(db: Db): Promise<Awaited<ReturnType<typeof makeWorkspace>>> {
  const ws = await makeWorkspace(db);
  await createDemoMetrics(db, ws.ds);
  await relaxGate(db, ws.admin, ws.team.slug);
  return ws;
}

export type ReadyOpts = { team: string; author: Viewer; reviewer: Viewer; content?: Partial<DecisionContentInput> };
export type PublishOpts = ReadyOpts & { supersedes?: number };

/**
 * Draft (demoContent for `at`), circulate to `reviewer` and approve: a decision in review that `author`
 * may publish once the team's review window allows. Leaves the clock alone; returns the decision's id.
 */
export async function readyToPublish(db: Db, at: number, opts: ReadyOpts): Promise<number> {
  const d = await createDecision(db, opts.author, { team: opts.team, content: demoContent(at, opts.content) });
  await circulate(db, opts.author, { id: d.id, reviewers: [opts.reviewer.email] });
  await submitReview(db, opts.reviewer, { id: d.id, verdict: 'approve', body: 'A clean test with a stable weekly effect; the guardrail holds.' });
  return d.id;
}

/** Draft, circulate, approve and publish a decision with the clock at `at`; returns its id. */
export async function publishAt(db: Db, at: string | number, opts: PublishOpts): Promise<number> {
  const t = typeof at === 'string' ? Date.parse(at) : at;
  if (!Number.isFinite(t)) throw new Error(`not a time: ${at}`);
  setClock(() => t);
  try {
    const id = await readyToPublish(db, t, opts);
    try {
      await publish(db, opts.author, { id, supersedes: opts.supersedes });
    } catch (e) {
      // Name the failing checks, so a fixture that stops passing the gate says why.
      if (e instanceof AppError) throw new Error(`${e.message}: ${JSON.stringify(e.details)}`);
      throw e;
    }
    return id;
  } finally {
    resetClock();
  }
}
