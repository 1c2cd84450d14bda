import { getPolicy, updatePolicy } from '@/db/queries/publish';
import { apiRoute, json, methodsNotAllowed, readJsonObject } from '@/server/api';

export const GET = apiRoute<{ slug: string }>(async ({ db, params }) => json(await getPolicy(db, params.slug)));

export const PUT = apiRoute<{ slug: string }>(async ({ db, viewer, params, request }) => json(await updatePolicy(db, viewer, params.slug, await readJsonObject(request))));

export const { POST, PATCH, DELETE, OPTIONS } = methodsNotAllowed('GET', 'PUT');
