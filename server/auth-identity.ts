import 'server-only';
import { APIError, type GenericEndpointContext } from 'better-auth';
import { genericOAuth } from 'better-auth/plugins';
import { first, type Db } from '@/db/client';
import { appendEvent } from '@/db/queries/events';
import { claimInvite, completeInvite, INVITE_REQUIRED_MESSAGE, releaseUnusedInvite, signUpMode } from '@/db/queries/invites';
import { isDeactivated, nameTakenBy, promoteFirstOrgAdmin, recordRename, type Viewer } from '@/db/queries/users';
import { user as userTable } from '@/db/schema';
import { eq } from 'drizzle-orm';
import { AppError } from '@/lib/errors';
import { FUNCTIONS, type UserFunction } from '@/lib/vocabulary';
import { nameTakenMessage, personNameKey, personNameSchema } from '@/lib/validation/common';

/*
 * Who may create an account, and with which function. better-auth's own
 * endpoints (POST /api/auth/sign-up/email, the OIDC callback) all create users
 * through its internal adapter, so the rules live in databaseHooks.user.create:
 * no endpoint can bypass them.
 *
 * - The first account of an empty organisation bootstraps it: it chooses its
 *   function and becomes org admin.
 * - Otherwise email sign-up needs a valid invite (unless CANDOR_OPEN_SIGNUP=1,
 *   when newcomers get the function "other" until an admin sets it); the invite
 *   decides function, org admin and team.
 * - Single sign-on needs no invite (the identity provider is the gate). The
 *   CANDOR_OIDC_FUNCTION_CLAIM claim sets the function when the account is
 *   created, and only then: an admin's later change is never overwritten.
 */

export const SSO_PROVIDER_ID = 'oidc';

export type SsoConfig = { issuer: string; clientId: string; clientSecret: string; name: string; functionClaim: string | null; scopes: string[]; allowedDomains: string[] };

export function ssoConfig(): SsoConfig | null {
  const issuer = process.env.CANDOR_OIDC_ISSUER?.trim();
  const clientId = process.env.CANDOR_OIDC_CLIENT_ID?.trim();
  if (!issuer || !clientId) return null;
  return {
    issuer: issuer.replace(/\/+$/, ''),
    clientId,
    clientSecret: process.env.CANDOR_OIDC_CLIENT_SECRET?.trim() ?? '',
    name: process.env.CANDOR_OIDC_NAME?.trim() || 'single sign-on',
    functionClaim: process.env.CANDOR_OIDC_FUNCTION_CLAIM?.trim() || null,
    scopes: (process.env.CANDOR_OIDC_SCOPES ?? 'openid email profile').split(/[\s,]+/).filter(Boolean),
    // With a provider that knows more people than the organisation (a public one), only these email domains get accounts.
    allowedDomains: (process.env.CANDOR_OIDC_ALLOWED_DOMAINS ?? '')
      .split(/[\s,]+/)
      .map((d) => d.trim().toLowerCase().replace(/^@/, ''))
      .filter(Boolean),
  };
}

/** Whether single sign-on may create an account for this email (CANDOR_OIDC_ALLOWED_DOMAINS, when set). */
export function ssoEmailAllowed(email: string, config: Pick<SsoConfig, 'allowedDomains'> | null = ssoConfig()): boolean {
  if (!config || config.allowedDomains.length === 0) return true;
  const domain = email.toLowerCase().split('@').pop() ?? '';
  return config.allowedDomains.includes(domain);
}

/** A claim value to a Candor function: exact ids, labels and a few common spellings; anything else is "other". */
export function functionFromClaim(value: unknown): UserFunction {
  return knownFunctionFromClaim(value) ?? 'other';
}

/** The function a claim value names, or null when it names none Candor knows (the account's function is then unconfirmed). */
function knownFunctionFromClaim(value: unknown): UserFunction | null {
  const raw = Array.isArray(value) ? value[0] : value;
  if (typeof raw !== 'string') return null;
  const v = raw.trim().toLowerCase().replace(/[\s_]+/g, '-');
  if ((FUNCTIONS as readonly string[]).includes(v)) return v as UserFunction;
  const aliases: Record<string, UserFunction> = {
    'product-management': 'product',
    pm: 'product',
    'data': 'data-science',
    'data-scientist': 'data-science',
    analytics: 'data-science',
    engineer: 'engineering',
    'software-engineering': 'engineering',
    designer: 'design',
    'ux': 'design',
    'ux-research': 'research',
    'user-research': 'research',
    researcher: 'research',
  };
  return aliases[v] ?? null;
}

// The claim read from the identity provider's profile, kept for the moment between
// mapProfileToUser and the user insert of the same callback (keyed by email).
const pendingSsoFunctions = new Map<string, { fn: UserFunction | null; at: number }>();

export function ssoPlugins(): ReturnType<typeof genericOAuth>[] {
  const c = ssoConfig();
  if (!c) return [];
  return [
    genericOAuth({
      config: [
        {
          providerId: SSO_PROVIDER_ID,
          name: c.name,
          discoveryUrl: `${c.issuer}/.well-known/openid-configuration`,
          clientId: c.clientId,
          clientSecret: c.clientSecret || undefined,
          authentication: c.clientSecret ? 'basic' : undefined,
          scopes: c.scopes,
          pkce: true,
          requireIdTokenVerification: true,
          // The claim applies at account creation only (see databaseHooks); never on later sign-ins.
          overrideUserInfo: false,
          mapProfileToUser: (profile) => {
            const email = typeof profile.email === 'string' ? profile.email.toLowerCase() : null;
            if (email) {
              const now = Date.now();
              for (const [k, v] of pendingSsoFunctions) if (now - v.at > 10 * 60_000) pendingSsoFunctions.delete(k);
              pendingSsoFunctions.set(email, { fn: c.functionClaim ? knownFunctionFromClaim((profile as Record<string, unknown>)[c.functionClaim]) : null, at: now });
            }
            return {};
          },
        },
      ],
    }),
  ];
}

function isSsoCallback(ctx: GenericEndpointContext | null): boolean {
  return !!ctx?.path?.startsWith('/callback') && (ctx.params as Record<string, string> | undefined)?.id === SSO_PROVIDER_ID;
}

function bodyString(ctx: GenericEndpointContext | null, key: string): string | undefined {
  const v = (ctx?.body as Record<string, unknown> | undefined)?.[key];
  return typeof v === 'string' && v.trim() ? v.trim() : undefined;
}

function refuse(message: string, code = 'INVITE_REQUIRED'): never {
  throw new APIError('FORBIDDEN', { code, message });
}

/**
 * databaseHooks.user.create.before: decide whether this account may exist, and its function and org-admin flag;
 * and record how its name reads (name_key, unique: two people signing up as the same name at once can't both win).
 */
export async function beforeUserCreate(db: Db, data: { email: string; name?: unknown; image?: unknown }, ctx: GenericEndpointContext | null) {
  const decided = await admitUser(db, data, ctx);
  const name = 'name' in decided.data ? decided.data.name : data.name;
  return { data: { ...decided.data, nameKey: typeof name === 'string' ? personNameKey(name) : null } };
}

async function admitUser(db: Db, data: { email: string; name?: unknown; image?: unknown }, ctx: GenericEndpointContext | null) {
  const mode = await signUpMode(db);
  if (isSsoCallback(ctx)) {
    if (!ssoEmailAllowed(data.email)) refuse('Single sign-on creates accounts only for this organisation’s email domains; ask an org admin for an invite', 'SSO_DOMAIN');
    const pending = pendingSsoFunctions.get(data.email.toLowerCase());
    pendingSsoFunctions.delete(data.email.toLowerCase());
    // The provider's profile gets the rules Candor's own forms apply (server/auth-input-policy.ts): a
    // one-line name (the email's local part if it has none Candor can use), a picture only as an http(s) link.
    const parsed = personNameSchema.safeParse(data.name);
    const image = typeof data.image === 'string' && data.image.length <= 2000 && /^https?:\/\/\S+$/i.test(data.image) ? data.image : null;
    // A name someone here already has gets the email beside it: the provider's profile can't be asked to change.
    const name = parsed.success ? parsed.data : data.email.split('@')[0]!;
    const distinct = (await nameTakenBy(db, name, null)) ? `${name} (${data.email})`.slice(0, 100) : name;
    // Without a function the provider vouches for, "Other" until an org admin sets one: unconfirmed, so the
    // account's approvals don't count as cross-functional meanwhile.
    const fn = pending?.fn ?? null;
    return { data: { function: fn ?? 'other', functionConfirmed: fn !== null, isOrgAdmin: false, name: distinct, image } };
  }
  if (mode === 'bootstrap') {
    const chosen = bodyString(ctx, 'function');
    const fn = chosen && (FUNCTIONS as readonly string[]).includes(chosen) ? (chosen as UserFunction) : 'product';
    // Org admin is granted after the insert, atomically, to exactly one first account.
    return { data: { function: fn, isOrgAdmin: false } };
  }
  // Before an invite is spent on it: a name someone here already has is refused (see nameTakenBy).
  const taken = typeof data.name === 'string' ? await nameTakenBy(db, data.name, null) : null;
  if (taken) throw new APIError('BAD_REQUEST', { code: 'NAME_TAKEN', message: nameTakenMessage(taken) });
  const token = ctx?.path === '/sign-up/email' ? bodyString(ctx, 'invite') : undefined;
  if (token) {
    try {
      const invite = await claimInvite(db, token, data.email);
      return { data: { function: invite.function, isOrgAdmin: invite.orgAdmin } };
    } catch (e) {
      if (e instanceof AppError) refuse(e.message, 'INVITE_INVALID');
      throw e;
    }
  }
  // Open sign-up: anyone may make an account, so nobody has vouched for its function until an org admin sets it.
  if (mode === 'open' && ctx?.path === '/sign-up/email') return { data: { function: 'other' as UserFunction, functionConfirmed: false, isOrgAdmin: false } };
  refuse(INVITE_REQUIRED_MESSAGE);
}

/**
 * databaseHooks.user.update.before: better-auth's /update-user changes a name by the rules of the profile
 * form (updateProfile): not to a name someone else already has. The session is the person renaming themselves.
 */
export async function beforeUserUpdate(db: Db, data: { name?: unknown }, ctx: GenericEndpointContext | null) {
  const self = ctx?.context.session?.user;
  if (typeof data.name !== 'string' || !self || data.name === self.name) return;
  const taken = await nameTakenBy(db, data.name, self.id);
  if (taken) throw new APIError('BAD_REQUEST', { code: 'NAME_TAKEN', message: nameTakenMessage(taken) });
  return { data: { nameKey: personNameKey(data.name) } };
}

/** What better-auth answers when writing a new account, or a rename, failed (not a refusal by a hook). */
export function failedToWrite(status: number, code: unknown): boolean {
  return status >= 500 || code === 'FAILED_TO_CREATE_USER';
}

/**
 * A sign-up or /update-user that lost a race at the moment it wrote: the hooks above checked the name before
 * someone else's write of a name that reads the same landed, and name_key (unique) refused the second. better-auth
 * answers that with 422 "Failed to create user" (500 for a rename). Instead: the answer the check would have given,
 * and a sign-up gives back the invite it claimed (releaseUnusedInvite), so the person can pick another name.
 * `body` is the request's JSON; null when the write did not fail.
 */
export async function lostNameRace(db: Db, path: string, body: unknown): Promise<{ code: 'NAME_TAKEN'; message: string } | null> {
  const b = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
  if (path === '/sign-up/email' && typeof b.invite === 'string' && typeof b.email === 'string') await releaseUnusedInvite(db, b.invite, b.email);
  const taken = typeof b.name === 'string' ? await nameTakenBy(db, b.name, null) : null;
  return taken ? { code: 'NAME_TAKEN', message: nameTakenMessage(taken) } : null;
}

/** databaseHooks.user.update.after: a rename through better-auth is an event, as through the profile form. */
export async function afterUserUpdate(db: Db, updated: { id: string; name: string }, ctx: GenericEndpointContext | null) {
  const self = ctx?.context.session?.user as (Viewer & { name: string }) | undefined;
  if (!self || self.id !== updated.id || self.name === updated.name) return;
  await recordRename(db, self, self.name, updated.name);
}

/** databaseHooks.user.create.after: the first account becomes org admin; an invite is marked accepted and its team joined. */
export async function afterUserCreate(db: Db, created: { id: string }, ctx: GenericEndpointContext | null) {
  await promoteFirstOrgAdmin(db, created.id);
  const token = ctx?.path === '/sign-up/email' ? bodyString(ctx, 'invite') : undefined;
  if (token) await completeInvite(db, token, created.id);
  if (isSsoCallback(ctx)) {
    const row = await first(db.select({ function: userTable.function }).from(userTable).where(eq(userTable.id, created.id)));
    if (row && row.function !== 'other') {
      await appendEvent(db, { actor: null, type: 'user.function-changed', data: { userId: created.id, from: null, to: row.function, via: 'sso-claim' } });
    }
  }
}

export const DEACTIVATED_MESSAGE = 'This account has been deactivated: ask an organisation admin if you should still have access';

/**
 * No session for a deactivated account, however it signs in (password or SSO): the check runs after
 * the password or the provider has vouched for the person, so it tells nobody else whether an
 * email has an account.
 */
export async function beforeSessionCreate(db: Db, data: { userId: string }): Promise<void> {
  if (await isDeactivated(db, data.userId)) throw new APIError('FORBIDDEN', { code: 'ACCOUNT_DEACTIVATED', message: DEACTIVATED_MESSAGE });
}
