import type { Metadata } from 'next';
import Link from 'next/link';
import { getDb } from '@/db/client';
import { importAuthorRefusal } from '@/db/queries/adr';
import { canAdministerTeam, listMembers, requireTeam } from '@/db/queries/teams';
import { orNotFound } from '@/app/_lib/load';
import { requireViewer } from '@/app/_lib/viewer';
import { getPolicy } from '@/db/queries/publish';
import { getPolicyFloor } from '@/db/queries/org';
import { LINT_RULES } from '@/lib/gate';
import { AddMemberForm, MemberRow } from '../../team-forms';
import { ImportForm } from './import-form';
import { PolicyForm } from './policy-form';
import { Webhooks } from './webhooks';

type Props = { params: Promise<{ slug: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: `${(await params).slug} settings · Candor` };
}

export default async function TeamSettingsPage({ params }: Props) {
  const { slug } = await params;
  const viewer = await requireViewer(`/teams/${slug}/settings`);
  const db = getDb();
  const team = await orNotFound(requireTeam(db, slug));
  const admin = await canAdministerTeam(db, viewer, team.id);
  if (!admin) {
    return (
      <div className="page-narrow">
        <div className="card empty">
          <h1>Team settings are for team admins</h1>
          <p>Ask an admin of {team.name} to change its members or policy.</p>
          <Link className="button" href={`/teams/${team.slug}`}>
            Back to {team.name}
          </Link>
        </div>
      </div>
    );
  }
  const [members, policy, floor] = await Promise.all([listMembers(db, team.id), getPolicy(db, team.slug), getPolicyFloor(db)]);
  // An org admin manages any team, but imports are recorded as theirs and an author must be in the team: say so before an upload.
  const importNotice = members.some((m) => m.userId === viewer.id) ? undefined : importAuthorRefusal(viewer, team, 'importer', 'not-member');
  return (
    <div className="page-narrow">
      <nav className="breadcrumbs" aria-label="Breadcrumb">
        <Link href="/teams">Teams</Link> / <Link href={`/teams/${team.slug}`}>{team.name}</Link> / Settings
      </nav>
      <h1>{team.name} settings</h1>
      <section className="card" aria-labelledby="members-h">
        <h2 id="members-h">Members</h2>
        {/* Functions count on every team: org admins set them (never their own); team admins see them. */}
        <ul className="list" style={{ boxShadow: 'none', marginBottom: '1.5rem' }}>
          {members.map((m) => (
            <MemberRow key={m.userId} team={team.slug} member={m} canRemove={members.length > 1} canSetFunction={viewer.isOrgAdmin && m.userId !== viewer.id} />
          ))}
        </ul>
        <AddMemberForm team={team.slug} />
      </section>
      <div style={{ marginTop: '1.5rem' }}>
        <PolicyForm team={team.slug} policy={policy} floor={floor} rules={LINT_RULES.map((r) => ({ id: r.id, title: r.title, level: r.level }))} />
      </div>
      <div style={{ marginTop: '1.5rem' }}>
        <ImportForm team={team.slug} notice={importNotice} />
      </div>
      <Webhooks viewer={viewer} team={team.slug} />
    </div>
  );
}
