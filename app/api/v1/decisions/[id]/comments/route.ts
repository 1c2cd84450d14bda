import { addComment, listThreads } from '@/db/queries/comments';
import { apiRoute, json, methodsNotAllowed, readJsonObject } from '@/server/api';
import { decisionId } from '../../../_lib/params';
import { apiComment, apiThread } from '../../../_lib/serialize';

export const GET = apiRoute<{ id: string }>(async ({ db, viewer, params }) => json((await listThreads(db, { id: decisionId(params.id), viewer })).map(apiThread)));

export const POST = apiRoute<{ id: string }>(async ({ db, viewer, params, request }) => {
  const c = await addComment(db, viewer, { ...(await readJsonObject(request)), id: decisionId(params.id) });
  return json(apiComment(c), 201);
});

export const { PUT, PATCH, DELETE, OPTIONS } = methodsNotAllowed('GET', 'POST');
