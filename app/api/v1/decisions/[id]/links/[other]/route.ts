import { unrelateDecisions } from '@/db/queries/links';
import { apiRoute, json, methodsNotAllowed } from '@/server/api';
import { decisionId } from '../../../../_lib/params';

export const DELETE = apiRoute<{ id: string; other: string }>(async ({ db, viewer, params }) =>
  json({ relatesTo: await unrelateDecisions(db, viewer, { id: decisionId(params.id), relatesTo: decisionId(params.other) }) }),
);

export const { GET, POST, PUT, PATCH, OPTIONS } = methodsNotAllowed('DELETE');
