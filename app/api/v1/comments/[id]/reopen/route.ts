import { reopenThread } from '@/db/queries/comments';
import { apiRoute, json, methodsNotAllowed } from '@/server/api';
import { positiveInt } from '../../../_lib/params';
import { apiThread } from '../../../_lib/serialize';

export const POST = apiRoute<{ id: string }>(async ({ db, viewer, params }) => json(apiThread(await reopenThread(db, viewer, { commentId: positiveInt(params.id, 'comment') }))));

export const { GET, PUT, PATCH, DELETE, OPTIONS } = methodsNotAllowed('POST');
