import { getMetric, updateMetric } from '@/db/queries/metrics';
import { apiRoute, json, methodsNotAllowed, readJsonObject } from '@/server/api';
import { AppError } from '@/lib/errors';
import { apiMetric } from '../../_lib/serialize';

export const GET = apiRoute<{ key: string }>(async ({ db, params }) => {
  const m = await getMetric(db, params.key);
  if (!m) throw new AppError('not_found', `There is no metric "${params.key}"`);
  return json(apiMetric(m));
});

export const PUT = apiRoute<{ key: string }>(async ({ db, viewer, params, request }) =>
  json(apiMetric(await updateMetric(db, viewer, params.key, await readJsonObject(request)))),
);

export const { POST, PATCH, DELETE, OPTIONS } = methodsNotAllowed('GET', 'PUT');
