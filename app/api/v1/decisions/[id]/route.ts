import { getDecision, updateDecision } from '@/db/queries/decisions';
import { apiRoute, json, readJson } from '@/lib/api';
import { AppError } from '@/lib/errors';
import { decisionId } from '../../_lib/params';
import { apiDecision } from '../../_lib/serialize';

export const GET = apiRoute<{ id: string }>(async ({ db, viewer, params }) =>
  json(apiDecision(await getDecision(db, { id: decisionId(params.id), viewer }))),
);

export const PATCH = apiRoute<{ id: string }>(async ({ db, viewer, params, request }) => {
  const body = await readJson(request);
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new AppError('invalid', 'Send an object: {"baseRevision": n, "content": {…}}');
  const { decision, changed } = await updateDecision(db, viewer, { id: decisionId(params.id), ...(body as Record<string, unknown>) });
  return json({ ...apiDecision(decision), changed });
});
