import { sql } from 'drizzle-orm';
import { rawRows, type Executor } from '../client';
import { engine } from '../engine';
import type { DecisionStatus } from '@/lib/validation/common';

/*
 * Row locks for the writes the publish gate depends on. On SQLite every write
 * transaction is BEGIN IMMEDIATE, so writers are already serialised (across
 * processes too) and these are no-ops. On PostgreSQL, several app instances
 * write at once under READ COMMITTED:
 *
 * - publishing, saving, withdrawing, reversing and resolving take the
 *   decision's row FOR UPDATE: one at a time per decision;
 * - a blocking objection, a verdict or a reply takes it FOR SHARE: they may
 *   run side by side, but never while a publish holds the row, so a publish
 *   either sees the objection or the objection sees the decision published.
 *
 * Call first thing inside the transaction, before reading what you will check.
 */
export async function lockDecision(tx: Executor, decisionId: number, mode: 'update' | 'share'): Promise<void> {
  if (engine() !== 'pg') return;
  await rawRows(tx, sql`SELECT id FROM decisions WHERE id = ${decisionId}${lockClause(mode)}`);
}

/**
 * Lock as lockDecision does and read the decision's status as it is now
 * (undefined: no such decision): one query on either engine, for a
 * transaction that checks the status it has locked.
 */
export async function lockedStatus(tx: Executor, decisionId: number, mode: 'update' | 'share'): Promise<DecisionStatus | undefined> {
  const lock = engine() === 'pg' ? lockClause(mode) : sql``;
  return (await rawRows<{ status: DecisionStatus }>(tx, sql`SELECT status FROM decisions WHERE id = ${decisionId}${lock}`))[0]?.status;
}

/**
 * A team's membership and roles change one at a time (PostgreSQL): whether the actor still administers
 * the team, and whether a change would leave it without an admin, are then read after any change that
 * landed first. Without it, two admins stepping down at once each saw the other and both left.
 */
export async function lockTeam(tx: Executor, teamId: number): Promise<void> {
  if (engine() !== 'pg') return;
  // NO KEY UPDATE: rows that reference the team (members, decisions) can still be inserted meanwhile.
  await rawRows(tx, sql`SELECT id FROM teams WHERE id = ${teamId} FOR NO KEY UPDATE`);
}

/**
 * Changes that could leave the organisation without an active admin (an org admin stepping down or
 * being deactivated) one at a time (PostgreSQL): the organisation admins' rows are locked, first thing
 * in the transaction, before they are counted, so two such changes can't each count the other admin as
 * staying.
 */
export async function lockOrgAdmins(tx: Executor): Promise<void> {
  if (engine() !== 'pg') return;
  // NO KEY UPDATE does not block the KEY SHARE locks every insert referencing a person takes (comments,
  // events, notifications), so writes by or about an admin go on; in id order, so two lockers never deadlock.
  await rawRows(tx, sql`SELECT id FROM "user" WHERE is_org_admin ORDER BY id FOR NO KEY UPDATE`);
}

/**
 * A person's row, locked (PostgreSQL) and read, for a write that depends on them staying as they are: minting
 * a token. NO KEY UPDATE: two mints by one person run one after the other, so each counts the other's token;
 * a deactivation (which updates this row, then revokes the tokens) either waits and then revokes the new
 * token, or commits first and is seen here. Inserts that merely reference the person are not held up.
 */
export async function lockedPerson(tx: Executor, userId: string): Promise<{ deactivated_at: unknown } | undefined> {
  const lock = engine() === 'pg' ? sql` FOR NO KEY UPDATE` : sql``;
  return (await rawRows<{ deactivated_at: unknown }>(tx, sql`SELECT deactivated_at FROM "user" WHERE id = ${userId}${lock}`))[0];
}

function lockClause(mode: 'update' | 'share') {
  return mode === 'update' ? sql` FOR UPDATE` : sql` FOR SHARE`;
}
