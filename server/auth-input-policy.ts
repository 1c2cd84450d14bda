import 'server-only';
import { APIError, createAuthMiddleware } from 'better-auth/api';
import { passwordWeakness } from '@/lib/password-strength';
import { safeReturnTo } from '@/lib/return-to';
import { personNameSchema } from '@/lib/validation/common';

/*
 * better-auth's own endpoints hand what they are sent to the database, so
 * before they run they get the rules Candor's forms apply:
 * - a name (POST /api/auth/sign-up/email, /update-user) is a person's name as
 *   personNameSchema cleans it (one line, no control characters, trimmed,
 *   1–100 characters), and the cleaned name is what is saved; an image is an
 *   http(s) link or null. A name that is not text reached SQLite as a 500 before.
 * - a new password (/sign-up/email, /change-password, /reset-password,
 *   /set-password) gets the same strength check, and a password change always
 *   signs out every other session of that person — whatever the caller asked for.
 * - where to go afterwards (callbackURL, errorCallbackURL, newUserCallbackURL, redirectTo, in the body or
 *   the query) is a path on this site, by the rule ?next= follows (lib/return-to.ts). better-auth itself
 *   accepts any origin it trusts, and Candor trusts every localhost port and private-network name, so a
 *   sign-in someone else started could end on their host.
 */

const PROFILE_PATHS = new Set(['/sign-up/email', '/update-user']);

const REDIRECT_FIELDS = ['callbackURL', 'errorCallbackURL', 'newUserCallbackURL', 'redirectTo'] as const;

const NEW_PASSWORD_FIELD: Record<string, string> = {
  '/sign-up/email': 'password',
  '/change-password': 'newPassword',
  '/reset-password': 'newPassword',
  '/set-password': 'newPassword',
};

export const authInputPolicyHook = createAuthMiddleware(async (ctx) => {
  let body = (ctx.body ?? {}) as Record<string, unknown>;
  let changed = false;
  const query = (ctx.query ?? {}) as Record<string, unknown>;
  for (const field of REDIRECT_FIELDS) {
    for (const value of [body[field], query[field]]) {
      if (value !== undefined && safeReturnTo(value, '') === '') {
        throw new APIError('BAD_REQUEST', { message: `${field} must be a path on this site, such as /decisions`, code: 'INVALID_REDIRECT' });
      }
    }
  }
  if (PROFILE_PATHS.has(ctx.path)) {
    if ('name' in body) {
      const name = personNameSchema.safeParse(body.name);
      if (!name.success) throw new APIError('BAD_REQUEST', { message: name.error.issues[0]!.message, code: 'INVALID_NAME' });
      body = { ...body, name: name.data };
      changed = true;
    }
    // Candor shows no pictures yet; whatever one day does must not find a javascript: or data: URL here.
    if ('image' in body && body.image !== null && (typeof body.image !== 'string' || body.image.length > 2000 || !/^https?:\/\/[^\s]+$/i.test(body.image))) {
      throw new APIError('BAD_REQUEST', { message: 'image must be an http(s) link of at most 2,000 characters, or null', code: 'INVALID_IMAGE' });
    }
  }
  const field = NEW_PASSWORD_FIELD[ctx.path];
  const password = field ? body[field] : undefined;
  if (typeof password === 'string' && password.length >= 8 && password.length <= 128) {
    const inputs = [body.name, body.email, ctx.context.session?.user.name, ctx.context.session?.user.email].filter((v): v is string => typeof v === 'string');
    const weakness = passwordWeakness(password, inputs);
    if (weakness) throw new APIError('BAD_REQUEST', { message: weakness, code: 'PASSWORD_TOO_WEAK' });
  }
  if (ctx.path === '/change-password') {
    body = { ...body, revokeOtherSessions: true };
    changed = true;
  }
  if (changed) return { context: { body } };
});
