import { createMetric, listMetrics } from '@/db/queries/metrics';
import { apiRoute, json, methodsNotAllowed, readJsonObject } from '@/server/api';
import { apiMetric } from '../_lib/serialize';

export const GET = apiRoute(async ({ db }) => json({ items: (await listMetrics(db)).map(apiMetric), nextCursor: null }));

export const POST = apiRoute(async ({ db, viewer, request }) => json(apiMetric(await createMetric(db, viewer, await readJsonObject(request))), 201));

export const { PUT, PATCH, DELETE, OPTIONS } = methodsNotAllowed('GET', 'POST');
