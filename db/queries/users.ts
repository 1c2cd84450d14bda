import { hashPassword } from 'better-auth/crypto';
import { and, asc, eq, like, or, sql } from 'drizzle-orm';
import { randomUUID } from 'node:crypto';
import { AppError, parseOrThrow } from '@/lib/errors';
import { type UserFunction } from '@/lib/validation/common';
import { createUserSchema, profileSchema } from '@/lib/validation/user';
import type { Db } from '../client';
import { account, user } from '../schema';

/** Who is asking: every query that reads or writes on someone's behalf takes one. */
export type Viewer = {
  id: string;
  email: string;
  name: string;
  function: UserFunction;
  isOrgAdmin: boolean;
};

/**
 * The command-line tool acts as the organisation itself: whoever can run it
 * can read the database file anyway. It is never a row in the user table.
 */
export const SYSTEM_VIEWER: Viewer = { id: '__system__', email: 'system@candor.local', name: 'Candor CLI', function: 'other', isOrgAdmin: true };

export function isSystem(viewer: Viewer): boolean {
  return viewer.id === SYSTEM_VIEWER.id;
}

const viewerColumns = {
  id: user.id,
  email: user.email,
  name: user.name,
  function: user.function,
  isOrgAdmin: user.isOrgAdmin,
};

function toViewer(row: { id: string; email: string; name: string; function: string; isOrgAdmin: boolean }): Viewer {
  return { ...row, function: row.function as UserFunction };
}

export async function getUserById(db: Db, id: string): Promise<Viewer | null> {
  const row = db.select(viewerColumns).from(user).where(eq(user.id, id)).get();
  return row ? toViewer(row) : null;
}

export async function getUserByEmail(db: Db, email: string): Promise<Viewer | null> {
  const row = db
    .select(viewerColumns)
    .from(user)
    .where(eq(user.email, email.trim().toLowerCase()))
    .get();
  return row ? toViewer(row) : null;
}

/** The first account in an organisation becomes its admin (atomic: one statement). */
export async function promoteFirstOrgAdmin(db: Db, userId: string): Promise<void> {
  db.run(sql`UPDATE ${user} SET is_org_admin = 1
             WHERE id = ${userId} AND NOT EXISTS (SELECT 1 FROM ${user} WHERE is_org_admin = 1)`);
}

export async function updateProfile(db: Db, viewer: Viewer, input: unknown): Promise<Viewer> {
  const data = parseOrThrow(profileSchema, input);
  db.update(user)
    .set({ name: data.name, function: data.function, updatedAt: new Date() })
    .where(eq(user.id, viewer.id))
    .run();
  return { ...viewer, ...data };
}

/** People to suggest in pickers (metric owner, reviewers), by name or email prefix. */
export async function searchUsers(db: Db, input: { q?: string; limit?: number }): Promise<Viewer[]> {
  const q = (input.q ?? '').trim().toLowerCase().replace(/[%_\\]/g, '');
  const limit = Math.min(Math.max(input.limit ?? 50, 1), 200);
  const rows = db
    .select(viewerColumns)
    .from(user)
    .where(q ? or(like(user.email, `${q}%`), like(sql`lower(${user.name})`, `%${q}%`)) : undefined)
    .orderBy(asc(user.name), asc(user.id))
    .limit(limit)
    .all();
  return rows.map(toViewer);
}

export async function countUsers(db: Db): Promise<number> {
  return db.select({ n: sql<number>`count(*)` }).from(user).get()?.n ?? 0;
}

/**
 * Create an account with a password directly (CLI and demo seed). It writes the
 * same rows better-auth's sign-up writes, hashed with better-auth's own hasher.
 * `passwordHash` lets bulk generators hash once and reuse it.
 */
export async function createUserWithPassword(
  db: Db,
  input: unknown,
  opts: { passwordHash?: string } = {},
): Promise<Viewer> {
  const data = parseOrThrow(createUserSchema, input);
  if (await getUserByEmail(db, data.email)) {
    throw new AppError('conflict', `There is already an account for ${data.email}`);
  }
  const hash = opts.passwordHash ?? (await hashPassword(data.password));
  const id = randomUUID();
  const now = new Date();
  db.transaction((tx) => {
    tx.insert(user)
      .values({
        id,
        name: data.name,
        email: data.email,
        emailVerified: false,
        function: data.function,
        isOrgAdmin: data.orgAdmin,
        createdAt: now,
        updatedAt: now,
      })
      .run();
    tx.insert(account)
      .values({ id: randomUUID(), accountId: id, providerId: 'credential', userId: id, password: hash, createdAt: now, updatedAt: now })
      .run();
  });
  if (!data.orgAdmin) await promoteFirstOrgAdmin(db, id);
  return (await getUserById(db, id))!;
}

export async function setOrgAdmin(db: Db, userId: string, isOrgAdmin: boolean): Promise<void> {
  db.update(user).set({ isOrgAdmin }).where(and(eq(user.id, userId))).run();
}
