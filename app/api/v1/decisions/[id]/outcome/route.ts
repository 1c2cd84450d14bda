import { listOutcomes, recordOutcome } from '@/db/queries/publish';
import { apiRoute, json, methodsNotAllowed, readJsonObject } from '@/server/api';
import { decisionId } from '../../../_lib/params';

export const GET = apiRoute<{ id: string }>(async ({ db, params }) => json(await listOutcomes(db, { id: decisionId(params.id) })));

export const POST = apiRoute<{ id: string }>(async ({ db, viewer, params, request }) => json(await recordOutcome(db, viewer, { ...(await readJsonObject(request)), id: decisionId(params.id) }), 201));

export const { PUT, PATCH, DELETE, OPTIONS } = methodsNotAllowed('GET', 'POST');
