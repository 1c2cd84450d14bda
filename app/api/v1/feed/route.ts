import { listFeed } from '@/db/queries/feed';
import { apiRoute, json, searchParamsOf } from '@/lib/api';

export const GET = apiRoute(async ({ db, viewer, request }) => json(await listFeed(db, viewer, searchParamsOf(request))));
