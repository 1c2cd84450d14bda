import { hashPassword } from 'better-auth/crypto';
import { eq, inArray, sql } from 'drizzle-orm';
import type { UserFunction } from '@/lib/validation/common';
import type { Db } from './client';
import { createDecision, updateDecision } from './queries/decisions';
import { createMetric } from './queries/metrics';
import { addMember, createTeam, setMemberRole } from './queries/teams';
import { countUsers, createUserWithPassword, type Viewer } from './queries/users';
import { decisions, revisions, user } from './schema';
import { DEMO_DECISIONS, DEMO_DOMAIN, DEMO_METRICS, DEMO_TEAMS, DEMO_USERS, type DemoUserKey } from './seed-data';

export const DEMO_PASSWORD = 'candor-demo';
export const demoEmail = (key: string) => `${key}@${DEMO_DOMAIN}`;

/** Demo accounts that still exist (the sign-in page lists them while they do). */
export async function demoAccounts(db: Db): Promise<{ email: string; name: string; function: UserFunction; isOrgAdmin: boolean }[]> {
  const emails = DEMO_USERS.map((u) => demoEmail(u.key));
  const rows = db.select({ email: user.email, name: user.name, function: user.function, isOrgAdmin: user.isOrgAdmin }).from(user).where(inArray(user.email, emails)).all();
  const order = new Map(emails.map((e, i) => [e, i]));
  return rows.sort((a, b) => order.get(a.email)! - order.get(b.email)!).map((r) => ({ ...r, function: r.function as UserFunction }));
}

const DAY = 24 * 3600e3;

/**
 * Fill an empty database with the demo workspace, through the same data layer
 * the app uses. Returns false (and does nothing) when any account exists.
 */
export async function seedDemo(db: Db, now = Date.now()): Promise<boolean> {
  if ((await countUsers(db)) > 0) return false;
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
  for (const d of DEMO_DECISIONS) {
    const [first, ...rest] = d.revisions;
    const created = await createDecision(db, users[d.author], { team: d.team, content: first!.content });
    let t = now - d.daysAgo * DAY;
    backdate(db, created.id, 1, t);
    let number = 1;
    for (const r of rest) {
      const saved = await updateDecision(db, users[r.by ?? d.author], { id: created.id, baseRevision: number, content: r.content });
      number = saved.decision.revision;
      t += (r.hoursLater ?? 24) * 3600e3;
      backdate(db, created.id, number, t);
    }
  }
  return true;
}

/** Demo history should look lived-in: move a revision (and the decision's clock) into the past. */
function backdate(db: Db, decisionId: number, number: number, at: number) {
  db.update(revisions).set({ createdAt: at }).where(sql`${revisions.decisionId} = ${decisionId} AND ${revisions.number} = ${number}`).run();
  db.update(decisions)
    .set({ updatedAt: at, ...(number === 1 ? { createdAt: at } : {}) })
    .where(eq(decisions.id, decisionId))
    .run();
}
