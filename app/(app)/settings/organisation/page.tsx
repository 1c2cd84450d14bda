import type { Metadata } from 'next';
import { getDb } from '@/db/client';
import { getPolicyFloor } from '@/db/queries/org';
import { requireViewer } from '@/app/_lib/viewer';
import { LINT_RULES } from '@/lib/gate';
import { SettingsNav } from '../settings-nav';
import { PolicyFloorForm } from './floor-form';

export const metadata: Metadata = { title: 'Organisation · Candor' };

export default async function OrganisationSettingsPage() {
  const viewer = await requireViewer('/settings/organisation');
  const floor = await getPolicyFloor(getDb());
  return (
    <div className="page-narrow">
      <h1>Settings</h1>
      <SettingsNav current="organisation" />
      {viewer.isOrgAdmin ? (
        <PolicyFloorForm floor={floor} rules={LINT_RULES.map((r) => ({ id: r.id, title: r.title, level: r.level }))} />
      ) : (
        <div className="card">
          <h2>Organisation settings are for org admins</h2>
          <p>
            The policy floor — the least any team’s publish gate may ask — is set by your organisation’s admins. Today every team requires at least {floor.crossFunctionalApprovals} cross-functional approval
            {floor.crossFunctionalApprovals === 1 ? '' : 's'} and at least {floor.minHoursInReview} hour{floor.minHoursInReview === 1 ? '' : 's'} in review.
          </p>
        </div>
      )}
    </div>
  );
}
