import { getUserById, setUserRoles } from '@/db/queries/users';
import { apiRoute, json, methodsNotAllowed, readJsonObject } from '@/server/api';
import { AppError } from '@/lib/errors';

const shape = (u: { id: string; email: string; name: string; function: string; isOrgAdmin: boolean }) => ({ id: u.id, email: u.email, name: u.name, function: u.function, isOrgAdmin: u.isOrgAdmin });

export const GET = apiRoute<{ id: string }>(async ({ db, params }) => {
  const u = await getUserById(db, params.id);
  if (!u) throw new AppError('not_found', 'There is no such person');
  return json(shape(u));
});

/** {"function"?, "orgAdmin"?}: organisation admins only, for anyone but themselves (db/queries/users.ts). */
export const PATCH = apiRoute<{ id: string }>(async ({ db, viewer, params, request }) => {
  const body = await readJsonObject(request);
  return json(shape(await setUserRoles(db, viewer, params.id, body)));
});

export const { POST, PUT, DELETE, OPTIONS } = methodsNotAllowed('GET', 'PATCH');
