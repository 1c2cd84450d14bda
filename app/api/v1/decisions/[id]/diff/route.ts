import { diffRevisions } from '@/db/queries/decisions';
import { apiRoute, json, methodsNotAllowed, searchParamsOf } from '@/server/api';
import { decisionId } from '../../../_lib/params';

export const GET = apiRoute<{ id: string }>(async ({ db, params, request }) => {
  const q = searchParamsOf(request);
  return json(await diffRevisions(db, { id: decisionId(params.id), from: q.from, to: q.to }));
});

export const { POST, PUT, PATCH, DELETE, OPTIONS } = methodsNotAllowed('GET');
