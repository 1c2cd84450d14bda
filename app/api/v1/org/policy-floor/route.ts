import { getPolicyFloor, updatePolicyFloor } from '@/db/queries/org';
import { apiRoute, json, methodsNotAllowed, readJsonObject } from '@/server/api';

/** The organisation's policy floor: anyone signed in may read it (team admins work within it); org admins change it. */
export const GET = apiRoute(async ({ db }) => json(await getPolicyFloor(db)));

export const PUT = apiRoute(async ({ db, viewer, request }) => json(await updatePolicyFloor(db, viewer, await readJsonObject(request))));

export const { POST, PATCH, DELETE, OPTIONS } = methodsNotAllowed('GET', 'PUT');
