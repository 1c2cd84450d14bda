import { returnToDraft } from '@/db/queries/review';
import { apiRoute, json, methodsNotAllowed } from '@/server/api';
import { decisionId } from '../../../_lib/params';

export const POST = apiRoute<{ id: string }>(async ({ db, viewer, params }) => json(await returnToDraft(db, viewer, { id: decisionId(params.id) })));

export const { GET, PUT, PATCH, DELETE, OPTIONS } = methodsNotAllowed('POST');
