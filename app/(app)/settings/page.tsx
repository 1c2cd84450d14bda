import type { Metadata } from 'next';
import { requireViewer } from '@/app/_lib/viewer';
import { getDb } from '@/db/client';
import { tokenCounts } from '@/db/queries/tokens';
import { FUNCTION_LABELS } from '@/lib/vocabulary';
import { EmailNotifications } from './email-notifications';
import { ChangePasswordForm } from './password-form';
import { ProfileForm } from './settings-forms';
import { SettingsNav } from './settings-nav';

export const metadata: Metadata = { title: 'Settings · Candor' };

/** How recent a revocation the password form's confirmation counts as its own. */
const JUST_NOW_MS = 10 * 60_000;

export default async function SettingsPage() {
  const viewer = await requireViewer('/settings');
  const tokens = await tokenCounts(getDb(), viewer, JUST_NOW_MS);
  return (
    <div className="page-narrow">
      <h1>Settings</h1>
      <p className="muted">
        Signed in as {viewer.email}
        {viewer.isOrgAdmin ? ' · organisation admin' : ''}.
      </p>
      <SettingsNav current="profile" />
      <ProfileForm name={viewer.name} functionLabel={FUNCTION_LABELS[viewer.function]} isOrgAdmin={viewer.isOrgAdmin} />
      <EmailNotifications viewer={viewer} />
      <ChangePasswordForm activeTokens={tokens.active} recentlyRevokedTokens={tokens.recentlyRevoked} />
    </div>
  );
}
