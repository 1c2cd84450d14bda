import { deleteWebhook, listDeliveries, listWebhooks, setWebhookEnabled } from '@/db/queries/webhooks';
import { apiRoute, json, methodsNotAllowed, readJsonObject } from '@/server/api';
import { AppError } from '@/lib/errors';
import { positiveInt } from '../../../../_lib/params';

type P = { slug: string; id: string };

/** One webhook with its recent deliveries. */
export const GET = apiRoute<P>(async ({ db, viewer, params }) => {
  const id = positiveInt(params.id, 'webhook');
  const deliveries = await listDeliveries(db, viewer, params.slug, id);
  const webhook = (await listWebhooks(db, viewer, params.slug)).find((w) => w.id === id)!;
  return json({ ...webhook, deliveries });
});

/** {"enabled": false} disables (pending deliveries are dropped), {"enabled": true} enables again. */
export const PATCH = apiRoute<P>(async ({ db, viewer, params, request }) => {
  const id = positiveInt(params.id, 'webhook');
  const body = await readJsonObject(request);
  if (typeof body.enabled !== 'boolean') throw new AppError('invalid', 'Send {"enabled": true} or {"enabled": false}', { issues: [{ path: 'enabled', message: 'Must be true or false' }] });
  await setWebhookEnabled(db, viewer, params.slug, id, body.enabled);
  return json((await listWebhooks(db, viewer, params.slug)).find((w) => w.id === id));
});

export const DELETE = apiRoute<P>(async ({ db, viewer, params }) => {
  await deleteWebhook(db, viewer, params.slug, positiveInt(params.id, 'webhook'));
  return new Response(null, { status: 204 });
});

export const { POST, PUT, OPTIONS } = methodsNotAllowed('GET', 'PATCH', 'DELETE');
