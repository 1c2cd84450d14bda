import { setUserActive } from '@/db/queries/users';
import { apiRoute, json, methodsNotAllowed, readJsonObject } from '@/server/api';

/** {"active": false} deactivates someone (signed out, tokens revoked, no sign-in); {"active": true} brings them back. Org admins. */
export const PUT = apiRoute<{ id: string }>(async ({ db, viewer, params, request }) => {
  const body = await readJsonObject(request);
  return json({ id: params.id, ...(await setUserActive(db, viewer, params.id, body)) });
});

export const { GET, POST, PATCH, DELETE, OPTIONS } = methodsNotAllowed('PUT');
