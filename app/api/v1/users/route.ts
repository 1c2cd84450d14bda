import { listPeople } from '@/db/queries/users';
import { apiRoute, json, methodsNotAllowed, searchParamsOf } from '@/server/api';

/** Everyone with their teams, by name (org admins): ?q=&cursor=&limit= */
export const GET = apiRoute(async ({ db, viewer, request }) => {
  const q = searchParamsOf(request);
  const page = await listPeople(db, viewer, { q: q.q, cursor: q.cursor, limit: q.limit });
  return json(page);
});

export const { POST, PUT, PATCH, DELETE, OPTIONS } = methodsNotAllowed('GET');
