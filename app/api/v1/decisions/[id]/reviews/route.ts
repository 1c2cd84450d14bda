import { listReviews, submitReview } from '@/db/queries/review';
import { apiRoute, json, methodsNotAllowed, readJsonObject } from '@/server/api';
import { decisionId } from '../../../_lib/params';
import { apiReview } from '../../../_lib/serialize';

export const GET = apiRoute<{ id: string }>(async ({ db, params }) => json((await listReviews(db, { id: decisionId(params.id) })).map(apiReview)));

export const POST = apiRoute<{ id: string }>(async ({ db, viewer, params, request }) => {
  const r = await submitReview(db, viewer, { ...(await readJsonObject(request)), id: decisionId(params.id) });
  return json(apiReview(r), 201);
});

export const { PUT, PATCH, DELETE, OPTIONS } = methodsNotAllowed('GET', 'POST');
