import { withdraw } from '@/db/queries/publish';
import { apiRoute, json, methodsNotAllowed, readJsonOrEmpty } from '@/server/api';
import { decisionId } from '../../../_lib/params';

export const POST = apiRoute<{ id: string }>(async ({ db, viewer, params, request }) => json(await withdraw(db, viewer, { ...(await readJsonOrEmpty(request)), id: decisionId(params.id) })));

export const { GET, PUT, PATCH, DELETE, OPTIONS } = methodsNotAllowed('POST');
