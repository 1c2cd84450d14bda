import 'server-only';
import { APIError, createAuthMiddleware } from 'better-auth/api';
import { passwordWeakness } from '@/lib/password-strength';
import { personNameSchema } from '@/lib/validation/common';

/*
 * better-auth's own endpoints that set a password (POST /api/auth/sign-up/email,
 * /change-password, /reset-password, /set-password) get the same strength check
 * as Candor's forms, and a password change always signs out every other
 * session of that person — whatever the caller asked for.
 */

const NEW_PASSWORD_FIELD: Record<string, string> = {
  '/sign-up/email': 'password',
  '/change-password': 'newPassword',
  '/reset-password': 'newPassword',
  '/set-password': 'newPassword',
};

export const passwordPolicyHook = createAuthMiddleware(async (ctx) => {
  // /update-user hands name and image straight to the database: a non-text one was a 500, a blank one was saved.
  if (ctx.path === '/update-user') {
    const body = (ctx.body ?? {}) as Record<string, unknown>;
    if ('name' in body) {
      const name = personNameSchema.safeParse(body.name);
      if (!name.success) throw new APIError('BAD_REQUEST', { message: name.error.issues[0]?.message ?? 'Enter your name', code: 'INVALID_NAME' });
    }
    if ('image' in body && body.image !== null && (typeof body.image !== 'string' || body.image.length > 2000)) {
      throw new APIError('BAD_REQUEST', { message: 'image must be a link of at most 2,000 characters, or null', code: 'INVALID_IMAGE' });
    }
    return;
  }
  const field = NEW_PASSWORD_FIELD[ctx.path];
  if (!field) return;
  const body = (ctx.body ?? {}) as Record<string, unknown>;
  const password = body[field];
  if (typeof password === 'string' && password.length >= 8 && password.length <= 128) {
    const inputs = [body.name, body.email, ctx.context.session?.user.name, ctx.context.session?.user.email].filter((v): v is string => typeof v === 'string');
    const weakness = passwordWeakness(password, inputs);
    if (weakness) throw new APIError('BAD_REQUEST', { message: weakness, code: 'PASSWORD_TOO_WEAK' });
  }
  if (ctx.path === '/change-password') {
    return { context: { body: { ...body, revokeOtherSessions: true } } };
  }
});
