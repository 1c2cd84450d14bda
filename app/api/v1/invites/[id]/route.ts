import { revokeInvite } from '@/db/queries/invites';
import { apiRoute, json, methodsNotAllowed } from '@/server/api';
import { AppError, parseId } from '@/lib/errors';

/** Revoke a pending invite (org admins). */
export const DELETE = apiRoute<{ id: string }>(async ({ db, viewer, params }) => {
  const id = parseId(params.id);
  if (id === null) throw new AppError('not_found', 'There is no such invite');
  return json(await revokeInvite(db, viewer, id));
});

export const { GET, POST, PUT, PATCH, OPTIONS } = methodsNotAllowed('DELETE');
