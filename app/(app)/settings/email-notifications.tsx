import { getDb } from '@/db/client';
import { getEmailPreference } from '@/db/queries/email';
import type { Viewer } from '@/db/queries/users';
import { emailConfigured } from '@/server/notify/config';
import { EmailPreferenceForm } from './email-preference-form';

/** Settings → Email notifications: the person's preference, and whether this server sends mail at all. */
export async function EmailNotifications({ viewer }: { viewer: Viewer }) {
  const { emailNotifications } = await getEmailPreference(getDb(), viewer);
  return <EmailPreferenceForm preference={emailNotifications} configured={emailConfigured()} />;
}
