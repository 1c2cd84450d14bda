import { now as currentTime } from '@/lib/clock';
import { and, desc, eq, isNotNull, isNull, lt, or, sql } from 'drizzle-orm';
import { createHash, randomBytes } from 'node:crypto';
import { AppError, parseOrThrow } from '@/lib/errors';
import { ACTIVE_TOKEN_LIMIT, createTokenSchema, revokeAllTokensSchema, TOO_MANY_TOKENS, type TokenScope } from '@/lib/validation/token';
import { first, type Db } from '../client';
import { apiTokens, user } from '../schema';
import { lockedPerson } from './locks';
import { getUserById, type Viewer } from './users';

/** `urlRefusedAt`: when this API token was last refused in a feed URL, so shared with whatever fetched it (the settings page warns). */
export type ApiToken = { id: number; label: string; scope: TokenScope; prefix: string; createdAt: string; lastUsedAt: string | null; urlRefusedAt: string | null; revokedAt: string | null };

const TOKEN_PREFIX = 'cnd_';

export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** The refusal when a token would be made for a deactivated account (the web form and `candor token create` alike). */
export const DEACTIVATED_OWNER = 'This account is deactivated, so it can’t have tokens: an organisation admin can reactivate it first (its old tokens stay revoked)';

/**
 * Mint a personal token (an API token, or a feed token that only reads the Atom feeds). The plain token is returned once; only its hash is stored.
 * Refused for a deactivated account, and once the owner has ACTIVE_TOKEN_LIMIT live tokens: both are checked inside the
 * insert's transaction, so a deactivation or another mint landing meanwhile can't slip one past.
 */
export async function createToken(db: Db, viewer: Viewer, input: unknown): Promise<{ token: string; record: ApiToken }> {
  const data = parseOrThrow(createTokenSchema, input);
  const token = TOKEN_PREFIX + randomBytes(24).toString('base64url');
  const row = await db.transaction(async (tx) => {
    const owner = await lockedPerson(tx, viewer.id);
    if (!owner) throw new AppError('not_found', 'There is no such person');
    if (owner.deactivated_at !== null) throw new AppError('forbidden', DEACTIVATED_OWNER);
    const [live] = await tx
      .select({ n: sql<number>`count(*)` })
      .from(apiTokens)
      .where(and(eq(apiTokens.userId, viewer.id), isNull(apiTokens.revokedAt)));
    if (Number(live?.n ?? 0) >= ACTIVE_TOKEN_LIMIT) throw new AppError('conflict', TOO_MANY_TOKENS);
    const [inserted] = await tx
      .insert(apiTokens)
      .values({ userId: viewer.id, label: data.label, scope: data.scope, tokenHash: hashToken(token), prefix: token.slice(0, 10), createdAt: currentTime() })
      .returning();
    return inserted!;
  });
  return { token, record: toToken(row) };
}

function toToken(r: typeof apiTokens.$inferSelect): ApiToken {
  const iso = (v: number | null) => (v === null ? null : new Date(v).toISOString());
  return { id: r.id, label: r.label, scope: r.scope, prefix: r.prefix, createdAt: new Date(r.createdAt).toISOString(), lastUsedAt: iso(r.lastUsedAt), urlRefusedAt: iso(r.urlRefusedAt), revokedAt: iso(r.revokedAt) };
}

/** How many revoked tokens the settings page lists (the most recently revoked); live ones are always listed whole. */
export const REVOKED_TOKENS_LISTED = 20;

/**
 * The viewer's tokens: every live one, newest first, then the REVOKED_TOKENS_LISTED most recently revoked.
 * Live tokens are listed whole (at most ACTIVE_TOKEN_LIMIT since the limit came in), so however many tokens
 * someone revokes, or makes and revokes, a live one is never pushed off the list.
 */
export async function listTokens(db: Db, viewer: Viewer): Promise<ApiToken[]> {
  const live = await db.select().from(apiTokens).where(and(eq(apiTokens.userId, viewer.id), isNull(apiTokens.revokedAt))).orderBy(desc(apiTokens.id));
  const revoked = await db
    .select()
    .from(apiTokens)
    .where(and(eq(apiTokens.userId, viewer.id), isNotNull(apiTokens.revokedAt)))
    .orderBy(desc(apiTokens.revokedAt), desc(apiTokens.id))
    .limit(REVOKED_TOKENS_LISTED);
  return [...live, ...revoked].map(toToken);
}

export async function revokeToken(db: Db, viewer: Viewer, id: number): Promise<void> {
  const res = await db
    .update(apiTokens)
    .set({ revokedAt: currentTime() })
    .where(and(eq(apiTokens.id, id), eq(apiTokens.userId, viewer.id), isNull(apiTokens.revokedAt)))
    .returning({ id: apiTokens.id });
  if (res.length === 0) throw new AppError('not_found', 'No active token with that id');
}

/** How many of the viewer's tokens still work, and how many were revoked in the last `recentMs` milliseconds. */
export async function tokenCounts(db: Db, viewer: Viewer, recentMs: number): Promise<{ active: number; recentlyRevoked: number }> {
  const revokedSince = currentTime() - recentMs;
  const [row] = await db
    .select({
      active: sql<number>`coalesce(sum(case when ${apiTokens.revokedAt} is null then 1 else 0 end), 0)`,
      recentlyRevoked: sql<number>`coalesce(sum(case when ${apiTokens.revokedAt} >= ${revokedSince} then 1 else 0 end), 0)`,
    })
    .from(apiTokens)
    .where(eq(apiTokens.userId, viewer.id));
  return { active: Number(row?.active ?? 0), recentlyRevoked: Number(row?.recentlyRevoked ?? 0) };
}

/** Revoke every token the viewer still has (after a password change they asked it of); returns how many. */
export async function revokeAllTokens(db: Db, viewer: Viewer): Promise<number> {
  const res = await db
    .update(apiTokens)
    .set({ revokedAt: currentTime() })
    .where(and(eq(apiTokens.userId, viewer.id), isNull(apiTokens.revokedAt)))
    .returning({ id: apiTokens.id });
  return res.length;
}

/** Settings → API tokens, "Revoke all tokens": the same, once the person has confirmed it (revokeAllTokensSchema). Returns how many. */
export async function revokeAllTokensConfirmed(db: Db, viewer: Viewer, input: unknown): Promise<number> {
  parseOrThrow(revokeAllTokensSchema, input);
  return revokeAllTokens(db, viewer);
}

/** Why a live token is refused where it was used: each scope says what it is for and where to get the right one. */
const WRONG_SCOPE: Record<TokenScope, string> = {
  api: 'This is an API token, which can change things as you: it does not belong in a feed URL. Create a feed token (Settings → API tokens, "A feed reader") and use that in ?token=',
  feed: 'This is a feed token: it only reads the Atom feeds. Use an API token for /api/v1 (Settings → API tokens)',
};

/**
 * Resolve a token to its owner, or null when unknown or revoked. `accepts` lists the scopes this use
 * takes: a live token of another scope is refused with 403 and says which token to use instead.
 * `inUrl`: the token came in a URL (a feed's ?token=). A refused API token there has been shared with
 * whatever fetched that URL, so the refusal is recorded for its owner to see; it is not used.
 */
export async function viewerForToken(db: Db, token: string, accepts: readonly TokenScope[], opts: { inUrl?: boolean } = {}): Promise<Viewer | null> {
  if (!token.startsWith(TOKEN_PREFIX) || token.length > 200) return null;
  const row = await first(
    db
      .select({ id: apiTokens.id, userId: apiTokens.userId, scope: apiTokens.scope, lastUsedAt: apiTokens.lastUsedAt, urlRefusedAt: apiTokens.urlRefusedAt })
      .from(apiTokens)
      // A deactivated account's tokens were revoked with it; this holds even if one was missed.
      .innerJoin(user, eq(user.id, apiTokens.userId))
      .where(and(eq(apiTokens.tokenHash, hashToken(token)), isNull(apiTokens.revokedAt), isNull(user.deactivatedAt))),
  );
  if (!row) return null;
  const now = currentTime();
  if (!accepts.includes(row.scope)) {
    if (opts.inUrl && row.scope === 'api') await noteOnceAMinute(db, row.id, 'urlRefusedAt', row.urlRefusedAt, now);
    throw new AppError('forbidden', WRONG_SCOPE[row.scope] ?? 'This token cannot be used here');
  }
  await noteOnceAMinute(db, row.id, 'lastUsedAt', row.lastUsedAt, now);
  return getUserById(db, row.userId);
}

/**
 * Record a token's last use (or refusal in a URL) at most once a minute, so that a feed reader polling
 * stays cheap and concurrent requests write once (the condition is repeated in the UPDATE). It is
 * bookkeeping: if the write fails (a busy database), the request is still answered.
 */
async function noteOnceAMinute(db: Db, id: number, column: 'lastUsedAt' | 'urlRefusedAt', previous: number | null, now: number): Promise<void> {
  if (previous !== null && now - previous <= 60_000) return;
  const col = apiTokens[column];
  try {
    await db
      .update(apiTokens)
      .set({ [column]: now })
      .where(and(eq(apiTokens.id, id), or(isNull(col), lt(col, now - 60_000))));
  } catch (e) {
    console.error(`Could not record a token's ${column === 'lastUsedAt' ? 'use' : 'refusal in a URL'}`, e);
  }
}
