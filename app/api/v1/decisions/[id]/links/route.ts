import { listRelated, relateDecisions } from '@/db/queries/links';
import { getLifecycle } from '@/db/queries/publish';
import { apiRoute, json, methodsNotAllowed, readJsonObject } from '@/server/api';
import { decisionId } from '../../../_lib/params';

/** Supersede links (set by publishing) and "relates to" links, both ways. */
export const GET = apiRoute<{ id: string }>(async ({ db, params }) => {
  const id = decisionId(params.id);
  const life = await getLifecycle(db, { id });
  return json({ supersedes: life.supersedes, supersededBy: life.supersededBy, relatesTo: await listRelated(db, { id }) });
});

export const POST = apiRoute<{ id: string }>(async ({ db, viewer, params, request }) =>
  json({ relatesTo: await relateDecisions(db, viewer, { ...(await readJsonObject(request)), id: decisionId(params.id) }) }, 201),
);

export const { PUT, PATCH, DELETE, OPTIONS } = methodsNotAllowed('GET', 'POST');
