import { z } from 'zod';
import { EMAIL_PREFERENCES } from '@/lib/notify/email-plan';
import { WEBHOOK_EVENTS } from '@/lib/notify/webhook';

/** Settings → Email notifications: the form, the action and the data layer share this. */
export const emailPreferenceSchema = z.object({
  emailNotifications: z.enum(EMAIL_PREFERENCES, { error: 'Choose immediately, a daily digest or off' }),
});
export type EmailPreferenceInput = z.infer<typeof emailPreferenceSchema>;

/** An http(s) URL without credentials in it; whether plain http is allowed depends on the deployment (checked in db/queries/webhooks.ts). */
export const webhookUrlSchema = z
  .string({ error: 'Enter the URL to post to' })
  .trim()
  .min(1, { error: 'Enter the URL to post to' })
  .max(2000, { error: 'Keep the URL under 2,000 characters' })
  .refine(
    (s) => {
      try {
        const u = new URL(s);
        return (u.protocol === 'https:' || u.protocol === 'http:') && !!u.hostname;
      } catch {
        return false;
      }
    },
    { error: 'Enter a full http(s) URL, e.g. https://hooks.slack.com/services/…' },
  )
  .refine(
    (s) => {
      try {
        const u = new URL(s);
        return !u.username && !u.password;
      } catch {
        return true;
      }
    },
    { error: 'Leave credentials out of the URL: every delivery is signed with the webhook’s secret instead' },
  );

export const createWebhookSchema = z.object({
  url: webhookUrlSchema,
  events: z
    .array(z.enum(WEBHOOK_EVENTS, { error: `Events are ${WEBHOOK_EVENTS.join(', ')}` }), { error: 'events is a list of event names' })
    .min(1, { error: 'Choose at least one event' })
    .default([...WEBHOOK_EVENTS]),
});
export type CreateWebhookInput = z.infer<typeof createWebhookSchema>;
