import { createInvite, listInvites } from '@/db/queries/invites';
import { apiRoute, json, methodsNotAllowed, readJsonObject, searchParamsOf } from '@/server/api';

/** Invites, newest first, with their status (org admins). */
export const GET = apiRoute(async ({ db, viewer, request }) => {
  const q = searchParamsOf(request);
  return json(await listInvites(db, viewer, { cursor: q.cursor, limit: q.limit }));
});

/** {function, email?, team?, orgAdmin?, expiresInDays?} → 201 {token, url, invite}; the token is shown only here. */
export const POST = apiRoute(async ({ db, viewer, request }) => {
  const { token, invite } = await createInvite(db, viewer, await readJsonObject(request));
  return json({ token, url: `${new URL(request.url).origin}/sign-up?invite=${token}`, invite }, 201);
});

export const { PUT, PATCH, DELETE, OPTIONS } = methodsNotAllowed('GET', 'POST');
