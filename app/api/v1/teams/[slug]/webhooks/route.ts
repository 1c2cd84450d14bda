import { createWebhook, listWebhooks } from '@/db/queries/webhooks';
import { apiRoute, json, methodsNotAllowed, readJsonObject } from '@/server/api';

export const GET = apiRoute<{ slug: string }>(async ({ db, viewer, params }) => json(await listWebhooks(db, viewer, params.slug)));

/** The secret is in this response only. */
export const POST = apiRoute<{ slug: string }>(async ({ db, viewer, params, request }) => {
  const { webhook, secret } = await createWebhook(db, viewer, params.slug, await readJsonObject(request));
  return json({ ...webhook, secret }, 201);
});

export const { PUT, PATCH, DELETE, OPTIONS } = methodsNotAllowed('GET', 'POST');
