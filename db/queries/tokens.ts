import { now as currentTime } from '@/lib/clock';
import { and, count, desc, eq, isNull } from 'drizzle-orm';
import { createHash, randomBytes } from 'node:crypto';
import { AppError, parseOrThrow } from '@/lib/errors';
import { createTokenSchema, type TokenScope } from '@/lib/validation/token';
import { first, type Db } from '../client';
import { apiTokens } from '../schema';
import { getUserById, type Viewer } from './users';

/** `urlRefusedAt`: when this API token was last refused in a feed URL, so shared with whatever fetched it (the settings page warns). */
export type ApiToken = { id: number; label: string; scope: TokenScope; prefix: string; createdAt: string; lastUsedAt: string | null; urlRefusedAt: string | null; revokedAt: string | null };

const TOKEN_PREFIX = 'cnd_';

export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** Mint a personal token (an API token, or a feed token that only reads the Atom feeds). The plain token is returned once; only its hash is stored. */
export async function createToken(db: Db, viewer: Viewer, input: unknown): Promise<{ token: string; record: ApiToken }> {
  const data = parseOrThrow(createTokenSchema, input);
  const token = TOKEN_PREFIX + randomBytes(24).toString('base64url');
  const [row] = await db
    .insert(apiTokens)
    .values({ userId: viewer.id, label: data.label, scope: data.scope, tokenHash: hashToken(token), prefix: token.slice(0, 10), createdAt: currentTime() })
    .returning();
  return { token, record: toToken(row!) };
}

function toToken(r: typeof apiTokens.$inferSelect): ApiToken {
  const iso = (v: number | null) => (v === null ? null : new Date(v).toISOString());
  return { id: r.id, label: r.label, scope: r.scope, prefix: r.prefix, createdAt: new Date(r.createdAt).toISOString(), lastUsedAt: iso(r.lastUsedAt), urlRefusedAt: iso(r.urlRefusedAt), revokedAt: iso(r.revokedAt) };
}

export async function listTokens(db: Db, viewer: Viewer): Promise<ApiToken[]> {
  // A person holds a handful of tokens; listed whole, newest first.
  return (await db.select().from(apiTokens).where(eq(apiTokens.userId, viewer.id)).orderBy(desc(apiTokens.id)).limit(200)).map(toToken);
}

export async function revokeToken(db: Db, viewer: Viewer, id: number): Promise<void> {
  const res = await db
    .update(apiTokens)
    .set({ revokedAt: currentTime() })
    .where(and(eq(apiTokens.id, id), eq(apiTokens.userId, viewer.id), isNull(apiTokens.revokedAt)))
    .returning({ id: apiTokens.id });
  if (res.length === 0) throw new AppError('not_found', 'No active token with that id');
}

/** How many of the viewer's tokens still work (not revoked). */
export async function countActiveTokens(db: Db, viewer: Viewer): Promise<number> {
  const [row] = await db.select({ n: count() }).from(apiTokens).where(and(eq(apiTokens.userId, viewer.id), isNull(apiTokens.revokedAt)));
  return Number(row?.n ?? 0);
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

/** Why a live token is refused where it was used: each scope says what it is for and where to get the right one. */
const WRONG_SCOPE: Record<TokenScope, string> = {
  api: 'This is an API token, which can change things as you: it does not belong in a feed URL. Create a feed token (Settings → API tokens, "Feed reader") and use that in ?token=',
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
      .where(and(eq(apiTokens.tokenHash, hashToken(token)), isNull(apiTokens.revokedAt))),
  );
  if (!row) return null;
  const now = currentTime();
  // Both times are written at most once a minute, so that a feed reader polling stays cheap.
  const due = (at: number | null) => !at || now - at > 60_000;
  if (!accepts.includes(row.scope)) {
    if (opts.inUrl && row.scope === 'api' && due(row.urlRefusedAt)) await db.update(apiTokens).set({ urlRefusedAt: now }).where(eq(apiTokens.id, row.id));
    throw new AppError('forbidden', WRONG_SCOPE[row.scope] ?? 'This token cannot be used here');
  }
  if (due(row.lastUsedAt)) await db.update(apiTokens).set({ lastUsedAt: now }).where(eq(apiTokens.id, row.id));
  return getUserById(db, row.userId);
}
