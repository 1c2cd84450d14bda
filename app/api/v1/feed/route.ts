import { listFeed } from '@/db/queries/feed';
import { apiRoute, json, methodsNotAllowed, searchParamsOf } from '@/server/api';

export const GET = apiRoute(async ({ db, viewer, request }) => json(await listFeed(db, viewer, searchParamsOf(request))));

export const { POST, PUT, PATCH, DELETE, OPTIONS } = methodsNotAllowed('GET');
