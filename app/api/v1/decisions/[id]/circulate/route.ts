import { circulate } from '@/db/queries/review';
import { apiRoute, json, methodsNotAllowed, readJsonOrEmpty } from '@/server/api';
import { decisionId } from '../../../_lib/params';
import { apiRequest } from '../../../_lib/serialize';

export const POST = apiRoute<{ id: string }>(async ({ db, viewer, params, request }) => {
  const body = await readJsonOrEmpty(request);
  const r = await circulate(db, viewer, { id: decisionId(params.id), ...body });
  return json({ status: r.status, requests: r.requests.map(apiRequest) });
});

export const { GET, PUT, PATCH, DELETE, OPTIONS } = methodsNotAllowed('POST');
