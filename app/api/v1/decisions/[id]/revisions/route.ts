import { listRevisions } from '@/db/queries/decisions';
import { apiRoute, json, methodsNotAllowed } from '@/server/api';
import { decisionId } from '../../../_lib/params';

export const GET = apiRoute<{ id: string }>(async ({ db, params }) => {
  const revisions = await listRevisions(db, { id: decisionId(params.id) });
  return json(revisions.map((r) => ({ number: r.number, author: { name: r.author.name, email: r.author.email }, createdAt: r.createdAt, changed: r.changed })));
});

export const { POST, PUT, PATCH, DELETE, OPTIONS } = methodsNotAllowed('GET');
