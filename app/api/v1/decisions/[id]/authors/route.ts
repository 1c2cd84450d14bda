import { addAuthor, getDecision } from '@/db/queries/decisions';
import { apiRoute, json, methodsNotAllowed, readJsonObject } from '@/server/api';
import { decisionId } from '../../../_lib/params';
import { apiPerson } from '../../../_lib/serialize';

export const GET = apiRoute<{ id: string }>(async ({ db, viewer, params }) => json((await getDecision(db, { id: decisionId(params.id), viewer })).authors.map(apiPerson)));

export const POST = apiRoute<{ id: string }>(async ({ db, viewer, params, request }) =>
  json((await addAuthor(db, viewer, { ...(await readJsonObject(request)), id: decisionId(params.id) })).map(apiPerson), 201),
);

export const { PUT, PATCH, DELETE, OPTIONS } = methodsNotAllowed('GET', 'POST');
