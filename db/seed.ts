import { hashPassword } from 'better-auth/crypto';
import { inArray, sql } from 'drizzle-orm';
import { resetClock, setClock } from '@/lib/clock';
import type { UserFunction } from '@/lib/validation/common';
import { rawRows, rawRun, sqliteClient, type Db } from './client';
import { engine } from './engine';
import { addComment, overrideThread, resolveThread } from './queries/comments';
import { addAuthor, createDecision, updateDecision } from './queries/decisions';
import { createInvite } from './queries/invites';
import { relateDecisions } from './queries/links';
import { createMetric, updateMetric } from './queries/metrics';
import { publish, recordOutcome, reverse, withdraw } from './queries/publish';
import { circulate, submitReview } from './queries/review';
import { addMember, createTeam, setMemberRole } from './queries/teams';
import { countUsers, createUserWithPassword, type Viewer } from './queries/users';
import { user } from './schema';
import { DEMO_DECISIONS, DEMO_DOMAIN, DEMO_LIFECYCLE, DEMO_METRICS, DEMO_TEAMS, DEMO_USERS, type DemoDecision, type DemoUserKey } from './seed-data';

export const DEMO_PASSWORD = 'candor-demo';
export const demoEmail = (key: string) => `${key}@${DEMO_DOMAIN}`;

/** Demo accounts that still exist (the sign-in page lists them while they do). */
export async function demoAccounts(db: Db): Promise<{ email: string; name: string; function: UserFunction; isOrgAdmin: boolean }[]> {
  const emails = DEMO_USERS.map((u) => demoEmail(u.key));
  const rows = await db.select({ email: user.email, name: user.name, function: user.function, isOrgAdmin: user.isOrgAdmin }).from(user).where(inArray(user.email, emails));
  const order = new Map(emails.map((e, i) => [e, i]));
  return rows.sort((a, b) => order.get(a.email)! - order.get(b.email)!).map((r) => ({ ...r, function: r.function as UserFunction }));
}

const DAY = 24 * 3600e3;

/**
 * Fill an empty database with the demo workspace, through the same data layer
 * the app uses. Returns false (and does nothing) when any account exists.
 */
export async function seedDemo(db: Db): Promise<boolean> {
  if ((await countUsers(db)) > 0) return false;
  try {
    await seed(db);
    return true;
  } catch (e) {
    // The data layer commits as it goes; a half-built demo would block every later attempt. Start clean.
    await wipe(db);
    throw e;
  }
}

/**
 * The demo's history happens at fixed dates ending on DEMO_ANCHOR, like its
 * text ("four weeks in August 2026"). Replaying it against today's date would
 * let its data sources age past the freshness limit and fail the real gate.
 */
const DEMO_ANCHOR = Date.parse('2026-11-25T09:00:00Z');

async function wipe(db: Db) {
  if (engine() === 'pg') {
    // Every table the migrations made in the public schema (drizzle keeps its bookkeeping in its own
    // schema; excluded here too should it ever be in public), emptied in one TRUNCATE that the
    // foreign keys among them cannot refuse.
    const tables = (
      await rawRows<{ name: string }>(
        db,
        sql`SELECT table_name AS name FROM information_schema.tables
            WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND table_name NOT LIKE '\_\_drizzle%'`,
      )
    ).map((t) => t.name);
    if (tables.length) await rawRun(db, sql.raw(`TRUNCATE ${tables.map((t) => `"${t.replace(/"/g, '""')}"`).join(', ')} CASCADE`));
    return;
  }
  // Every table the migrations made (not their bookkeeping, not the search index's own storage);
  // foreign keys are checked at commit, when everything is gone.
  const sqlite = sqliteClient(db);
  const tables = sqlite
    .prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '__drizzle%' AND name NOT LIKE 'decision_search_%'`)
    .pluck()
    .all() as string[];
  sqlite.transaction(() => {
    sqlite.pragma('defer_foreign_keys = ON');
    for (const table of tables) sqlite.prepare(`DELETE FROM "${table}"`).run();
  })();
}

async function seed(db: Db) {
  const now = DEMO_ANCHOR;
  const hash = await hashPassword(DEMO_PASSWORD);
  const users = {} as Record<DemoUserKey, Viewer>;
  for (const u of DEMO_USERS) {
    users[u.key] = await createUserWithPassword(
      db,
      { email: demoEmail(u.key), name: u.name, function: u.function, password: DEMO_PASSWORD, orgAdmin: u.orgAdmin },
      { passwordHash: hash },
    );
  }
  const admin = users.priya;
  for (const t of DEMO_TEAMS) {
    await createTeam(db, admin, { slug: t.slug, name: t.name });
    for (const m of new Set([t.admin, ...t.members])) {
      if (m !== 'priya') await addMember(db, admin, t.slug, { email: users[m].email, role: m === t.admin ? 'admin' : 'member' });
    }
    if (t.admin !== 'priya') await setMemberRole(db, admin, t.slug, { userId: admin.id, role: 'member' }).catch(() => undefined);
  }
  for (const m of DEMO_METRICS) {
    await createMetric(db, admin, { key: m.key, name: m.name, kind: m.kind, definition: m.definition, ownerEmail: users[m.owner].email });
  }
  try {
    const keys = new Map<string, number>();
    for (const d of [...DEMO_LIFECYCLE, ...DEMO_DECISIONS]) keys.set(d.key, await replay(db, d, users, now, keys));
    // The catalogue moves on after decisions cite a metric: the published one keeps the name it was
    // published with (and says what the metric is called now); the open ones follow the catalogue.
    setClock(() => now - 2 * 3600e3);
    const refunds = DEMO_METRICS.find((m) => m.key === 'refund_rate')!;
    await updateMetric(db, users[refunds.owner], refunds.key, { name: 'Refunds per completed order', definition: refunds.definition, kind: refunds.kind, ownerEmail: users[refunds.owner].email });
  } finally {
    resetClock();
  }
  // A pending invite (its link was "sent" and is not known to anyone), so Settings → Invites shows one.
  await createInvite(db, admin, { function: 'data-science', email: demoEmail('noor'), team: DEMO_TEAMS[0]!.slug });
}

/**
 * Replay one decision's history through the data layer with the clock set to
 * when each thing happened, so the demo reads like weeks of real work.
 */
async function replay(db: Db, d: DemoDecision, users: Record<DemoUserKey, Viewer>, realNow: number, keys: Map<string, number>): Promise<number> {
  let t = realNow - d.daysAgo * DAY;
  setClock(() => t);
  const [first, ...rest] = d.revisions;
  const created = await createDecision(db, users[d.author], { team: d.team, content: first!.content });
  let revision = 1;
  for (const r of rest) {
    t += (r.hoursLater ?? 24) * 3600e3;
    revision = (await updateDecision(db, users[r.by ?? d.author], { id: created.id, baseRevision: revision, content: r.content })).decision.revision;
  }
  const refs = new Map<string, number>();
  for (const step of d.steps ?? []) {
    t = Math.min(t + step.after * 3600e3, realNow - 60e3);
    const by = users[step.by];
    switch (step.do) {
      case 'circulate':
        await circulate(db, by, { id: created.id, reviewers: (step.reviewers ?? []).map((k) => users[k].email), functions: step.functions ?? [] });
        break;
      case 'comment': {
        const c = await addComment(db, by, { id: created.id, section: step.section, kind: step.kind, body: step.body });
        if (step.ref) refs.set(step.ref, c.id);
        break;
      }
      case 'reply':
        await addComment(db, by, { id: created.id, parentId: refs.get(step.to), body: step.body });
        break;
      case 'review':
        await submitReview(db, by, { id: created.id, verdict: step.verdict, body: step.body });
        break;
      case 'edit':
        revision = (await updateDecision(db, by, { id: created.id, baseRevision: revision, content: step.content })).decision.revision;
        break;
      case 'resolve':
        await resolveThread(db, by, { commentId: refs.get(step.ref)!, note: step.note });
        break;
      case 'override':
        await overrideThread(db, by, { commentId: refs.get(step.ref)!, rationale: step.rationale });
        break;
      case 'publish':
        await publish(db, by, { id: created.id, supersedes: step.supersedes ? keys.get(step.supersedes) : undefined });
        break;
      case 'withdraw':
        await withdraw(db, by, { id: created.id, reason: step.reason });
        break;
      case 'reverse':
        await reverse(db, by, { id: created.id, rationale: step.rationale });
        break;
      case 'outcome':
        await recordOutcome(db, by, { id: created.id, verdict: step.verdict, body: step.body });
        break;
      case 'add-author':
        await addAuthor(db, by, { id: created.id, email: users[step.who].email });
        break;
      case 'relate':
        await relateDecisions(db, by, { id: created.id, relatesTo: keys.get(step.to) });
        break;
    }
  }
  return created.id;
}
