'use server';

import { revalidatePath } from 'next/cache';
import { getDb } from '@/db/client';
import { createWebhook, deleteWebhook, listDeliveries, queueTestDelivery, setWebhookEnabled } from '@/db/queries/webhooks';
import type { FormState } from '@/app/_components/form-bits';
import { failed } from '@/app/_lib/action-state';
import { getViewer } from '@/app/_lib/viewer';
import { positiveInt } from '@/app/api/v1/_lib/params';
import { dispatchWebhooks } from '@/server/notify/dispatcher';

const signedOut: FormState = { ok: false, formError: 'Your session has ended: sign in again.' };

export type WebhookFormState = FormState & { secret?: string };

const webhookId = (form: FormData) => positiveInt(String(form.get('id') ?? ''), 'webhook');

export async function createWebhookAction(_prev: WebhookFormState, form: FormData): Promise<WebhookFormState> {
  const team = String(form.get('team') ?? '');
  const values = { url: String(form.get('url') ?? ''), events: form.getAll('events').map(String).join(',') };
  const viewer = await getViewer();
  if (!viewer) return { ...signedOut, values };
  try {
    const { webhook, secret } = await createWebhook(getDb(), viewer, team, { url: values.url, events: form.getAll('events').map(String) });
    revalidatePath(`/teams/${team}/settings`);
    return { ok: true, message: `Webhook added for ${webhook.url}.`, secret };
  } catch (e) {
    const state = failed(e, values);
    // One message per field: "events.0" is about the checkboxes as a whole.
    const eventsError = Object.entries(state.fieldErrors ?? {}).find(([k]) => k.startsWith('events'))?.[1];
    return { ...state, fieldErrors: { ...state.fieldErrors, ...(eventsError ? { events: eventsError } : {}) } };
  }
}

export async function testWebhookAction(_prev: FormState, form: FormData): Promise<FormState> {
  const team = String(form.get('team') ?? '');
  const viewer = await getViewer();
  if (!viewer) return signedOut;
  try {
    const id = webhookId(form);
    const db = getDb();
    const deliveryId = await queueTestDelivery(db, viewer, team, id);
    await dispatchWebhooks(db, { ids: [deliveryId] });
    const d = (await listDeliveries(db, viewer, team, id)).find((x) => x.id === deliveryId);
    revalidatePath(`/teams/${team}/settings`);
    if (d?.status === 'delivered') return { ok: true, message: `Test delivered (HTTP ${d.httpStatus}).` };
    return { ok: false, formError: `Test not delivered: ${d?.error ?? 'no answer'}. Candor retries it with backoff.` };
  } catch (e) {
    return failed(e, {});
  }
}

export async function setWebhookEnabledAction(_prev: FormState, form: FormData): Promise<FormState> {
  const team = String(form.get('team') ?? '');
  const viewer = await getViewer();
  if (!viewer) return signedOut;
  try {
    await setWebhookEnabled(getDb(), viewer, team, webhookId(form), form.get('enabled') === '1');
  } catch (e) {
    return failed(e, {});
  }
  revalidatePath(`/teams/${team}/settings`);
  return { ok: true };
}

export async function deleteWebhookAction(_prev: FormState, form: FormData): Promise<FormState> {
  const team = String(form.get('team') ?? '');
  const viewer = await getViewer();
  if (!viewer) return signedOut;
  try {
    await deleteWebhook(getDb(), viewer, team, webhookId(form));
  } catch (e) {
    return failed(e, {});
  }
  revalidatePath(`/teams/${team}/settings`);
  return { ok: true };
}
