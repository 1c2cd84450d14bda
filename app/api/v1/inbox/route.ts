import { listInbox, unreadCount } from '@/db/queries/inbox';
import { apiRoute, json, methodsNotAllowed, searchParamsOf } from '@/server/api';

export const GET = apiRoute(async ({ db, viewer, request }) => {
  const page = await listInbox(db, viewer, searchParamsOf(request));
  return json({ ...page, unread: await unreadCount(db, viewer) });
});

export const { POST, PUT, PATCH, DELETE, OPTIONS } = methodsNotAllowed('GET');
