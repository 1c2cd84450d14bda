import { getDecision, updateDecision } from '@/db/queries/decisions';
import { apiRoute, json, methodsNotAllowed, readJsonObject } from '@/server/api';
import { decisionId } from '../../_lib/params';
import { apiDecision } from '../../_lib/serialize';

export const GET = apiRoute<{ id: string }>(async ({ db, viewer, params }) =>
  json(apiDecision(await getDecision(db, { id: decisionId(params.id), viewer }))),
);

export const PATCH = apiRoute<{ id: string }>(async ({ db, viewer, params, request }) => {
  const body = await readJsonObject(request);
  const { decision, changed } = await updateDecision(db, viewer, { ...body, id: decisionId(params.id) });
  return json({ ...apiDecision(decision), changed });
});

export const { POST, PUT, DELETE, OPTIONS } = methodsNotAllowed('GET', 'PATCH');
