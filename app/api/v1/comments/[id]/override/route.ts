import { overrideThread } from '@/db/queries/comments';
import { apiRoute, json, methodsNotAllowed, readJsonObject } from '@/server/api';
import { positiveInt } from '../../../_lib/params';
import { apiThread } from '../../../_lib/serialize';

export const POST = apiRoute<{ id: string }>(async ({ db, viewer, params, request }) =>
  json(apiThread(await overrideThread(db, viewer, { ...(await readJsonObject(request)), commentId: positiveInt(params.id, 'comment') }))),
);

export const { GET, PUT, PATCH, DELETE, OPTIONS } = methodsNotAllowed('POST');
