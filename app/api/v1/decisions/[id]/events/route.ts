import { listDecisionEvents } from '@/db/queries/events';
import { getDecision } from '@/db/queries/decisions';
import { apiRoute, json, methodsNotAllowed, searchParamsOf } from '@/server/api';
import { decisionId } from '../../../_lib/params';

export const GET = apiRoute<{ id: string }>(async ({ db, viewer, params, request }) => {
  const id = decisionId(params.id);
  await getDecision(db, { id, viewer });
  const q = searchParamsOf(request);
  return json(await listDecisionEvents(db, { decisionId: id, cursor: q.cursor }));
});

export const { POST, PUT, PATCH, DELETE, OPTIONS } = methodsNotAllowed('GET');
