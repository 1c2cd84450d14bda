import { deleteComment, editComment } from '@/db/queries/comments';
import { apiRoute, json, methodsNotAllowed, readJsonObject } from '@/server/api';
import { positiveInt } from '../../_lib/params';
import { apiComment } from '../../_lib/serialize';

export const PATCH = apiRoute<{ id: string }>(async ({ db, viewer, params, request }) =>
  json(apiComment(await editComment(db, viewer, { ...(await readJsonObject(request)), commentId: positiveInt(params.id, 'comment') }))),
);

export const DELETE = apiRoute<{ id: string }>(async ({ db, viewer, params }) => {
  await deleteComment(db, viewer, { commentId: positiveInt(params.id, 'comment') });
  return new Response(null, { status: 204 });
});

export const { GET, POST, PUT, OPTIONS } = methodsNotAllowed('PATCH', 'DELETE');
