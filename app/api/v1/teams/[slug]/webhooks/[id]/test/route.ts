import { listDeliveries, queueTestDelivery } from '@/db/queries/webhooks';
import { apiRoute, json, methodsNotAllowed } from '@/server/api';
import { dispatchWebhooks } from '@/server/notify/dispatcher';
import { positiveInt } from '../../../../../_lib/params';

/** Send a test delivery now; answers with how it went (`delivered`, or `pending` with the error and the next retry). */
export const POST = apiRoute<{ slug: string; id: string }>(async ({ db, viewer, params }) => {
  const id = positiveInt(params.id, 'webhook');
  const deliveryId = await queueTestDelivery(db, viewer, params.slug, id);
  await dispatchWebhooks(db, { ids: [deliveryId] });
  const delivery = (await listDeliveries(db, viewer, params.slug, id)).find((d) => d.id === deliveryId);
  return json(delivery);
});

export const { GET, PUT, PATCH, DELETE, OPTIONS } = methodsNotAllowed('POST');
