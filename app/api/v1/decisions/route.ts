import { createDecision } from '@/db/queries/decisions';
import { listDecisions } from '@/db/queries/history';
import { apiRoute, json, methodsNotAllowed, readJsonObject, searchParamsOf } from '@/server/api';
import { apiDecision, apiPerson } from '../_lib/serialize';

export const GET = apiRoute(async ({ db, viewer, request }) => {
  const page = await listDecisions(db, viewer, searchParamsOf(request));
  return json({
    items: page.items.map((d) => ({
      id: d.id,
      title: d.title,
      status: d.status,
      team: d.team,
      author: apiPerson(d.author),
      revision: d.revision,
      updatedAt: d.updatedAt,
      lastActivityAt: d.lastActivityAt,
      publishedAt: d.publishedAt,
      imported: d.imported,
      outcome: d.outcome,
    })),
    nextCursor: page.nextCursor,
  });
});

export const POST = apiRoute(async ({ db, viewer, request }) => {
  const decision = await createDecision(db, viewer, await readJsonObject(request));
  return json(apiDecision(decision), 201, { location: `/api/v1/decisions/${decision.id}` });
});

export const { PUT, PATCH, DELETE, OPTIONS } = methodsNotAllowed('GET', 'POST');
