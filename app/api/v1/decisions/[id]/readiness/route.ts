import { getReadiness } from '@/db/queries/publish';
import { checkForApi } from '@/lib/gate';
import { apiRoute, json, methodsNotAllowed } from '@/server/api';
import { decisionId } from '../../../_lib/params';

export const GET = apiRoute<{ id: string }>(async ({ db, params }) => {
  const r = await getReadiness(db, { id: decisionId(params.id) });
  return json({ ready: r.ready, status: r.status, checks: r.checks.map(checkForApi), lint: r.lint });
});

export const { POST, PUT, PATCH, DELETE, OPTIONS } = methodsNotAllowed('GET');
