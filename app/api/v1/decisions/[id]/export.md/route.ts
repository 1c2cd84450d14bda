import { exportDecision } from '@/db/queries/adr';
import { apiRoute, methodsNotAllowed } from '@/server/api';
import { decisionId } from '../../../_lib/params';

/** The decision as MADR-compatible Markdown (with Candor's sections), as a download. */
export const GET = apiRoute<{ id: string }>(async ({ db, viewer, params }) => {
  const { fileName, markdown } = await exportDecision(db, viewer, decisionId(params.id));
  return new Response(markdown, {
    headers: { 'content-type': 'text/markdown; charset=utf-8', 'content-disposition': `attachment; filename="${fileName}"`, 'cache-control': 'no-store' },
  });
});

export const { POST, PUT, PATCH, DELETE, OPTIONS } = methodsNotAllowed('GET');
