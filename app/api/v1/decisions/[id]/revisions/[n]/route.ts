import { getRevision } from '@/db/queries/decisions';
import { apiRoute, json, methodsNotAllowed } from '@/server/api';
import { decisionId, positiveInt } from '../../../../_lib/params';

export const GET = apiRoute<{ id: string; n: string }>(async ({ db, params }) => {
  const r = await getRevision(db, { id: decisionId(params.id), number: positiveInt(params.n, 'revision') });
  return json({ number: r.number, content: r.content, author: { name: r.author.name, email: r.author.email }, createdAt: r.createdAt });
});

export const { POST, PUT, PATCH, DELETE, OPTIONS } = methodsNotAllowed('GET');
