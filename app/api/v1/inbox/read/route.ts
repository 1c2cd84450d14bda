import { markRead } from '@/db/queries/inbox';
import { apiRoute, json, methodsNotAllowed, readJsonOrEmpty } from '@/server/api';

export const POST = apiRoute(async ({ db, viewer, request }) => json(await markRead(db, viewer, await readJsonOrEmpty(request))));

export const { GET, PUT, PATCH, DELETE, OPTIONS } = methodsNotAllowed('POST');
