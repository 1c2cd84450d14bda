import type { Metadata } from 'next';
import Link from 'next/link';
import { getDb } from '@/db/client';
import { listInvites, type InviteStatus } from '@/db/queries/invites';
import { listTeams } from '@/db/queries/teams';
import { formatDateTime, TimeAgo } from '@/app/_components/time-ago';
import { orProblem } from '@/app/_lib/load';
import { requireViewer } from '@/app/_lib/viewer';
import { FUNCTION_LABELS } from '@/lib/vocabulary';
import { SettingsNav } from '../settings-nav';
import { CreateInviteForm, RevokeInviteButton } from './invite-forms';

export const metadata: Metadata = { title: 'Invites · Candor' };

const STATUS: Record<InviteStatus, { label: string; chip: string }> = {
  pending: { label: 'Pending', chip: 'chip accent' },
  accepted: { label: 'Accepted', chip: 'chip good' },
  expired: { label: 'Expired', chip: 'chip' },
  revoked: { label: 'Revoked', chip: 'chip bad' },
};

export default async function InvitesPage({ searchParams }: { searchParams: Promise<{ cursor?: string }> }) {
  const viewer = await requireViewer('/settings/invites');
  const { cursor } = await searchParams;
  if (!viewer.isOrgAdmin) {
    return (
      <div className="page-narrow">
        <h1>Settings</h1>
        <SettingsNav current="invites" />
        <div className="card empty">
          <h2>Invites are made by organisation admins</h2>
          <p>Candor is invite-only: ask an organisation admin to invite your colleague.</p>
        </div>
      </div>
    );
  }
  const db = getDb();
  const [[page, problem], teams] = await Promise.all([orProblem(listInvites(db, viewer, { cursor, limit: 25 }), { items: [], nextCursor: null }), listTeams(db, viewer)]);
  return (
    <div className="page-narrow">
      <h1>Settings</h1>
      <SettingsNav current="invites" />
      <p className="muted">
        {process.env.CANDOR_OPEN_SIGNUP === '1'
          ? 'Sign-up is open on this Candor (CANDOR_OPEN_SIGNUP=1): newcomers without an invite start as “Other”. An invite decides their function up front.'
          : 'Candor is invite-only: new colleagues create their account from an invite link, which decides their function (and optionally their team). Each link works once.'}
      </p>
      <CreateInviteForm teams={teams.map((t) => ({ slug: t.slug, name: t.name }))} />
      <section style={{ marginTop: '1.5rem' }} aria-labelledby="invites-h">
        <h2 id="invites-h">Invites</h2>
        {problem && (
          <p className="banner warn" role="status">
            {problem} <Link href="/settings/invites">First page</Link>
          </p>
        )}
        {page.items.length === 0 && !problem ? (
          <div className="list list-empty">
            <strong>No invites yet</strong>Create one above and send the link to your colleague.
          </div>
        ) : (
          <ul className="list">
            {page.items.map((i) => {
              const who = i.email ?? 'anyone with the link';
              return (
                <li key={i.id}>
                  <div className="row">
                    <div style={{ flex: 1 }}>
                      <strong>{who}</strong> <span className={STATUS[i.status].chip}>{STATUS[i.status].label}</span>
                      <div className="small muted">
                        {FUNCTION_LABELS[i.function]}
                        {i.team ? ` · joins ${i.team.name}` : ''}
                        {i.orgAdmin ? ' · organisation admin' : ''} · created <TimeAgo iso={i.createdAt} />
                        {i.createdBy ? ` by ${i.createdBy.name}` : ''}
                        {i.status === 'pending' && <> · expires {formatDateTime(i.expiresAt)}</>}
                        {i.status === 'expired' && <> · expired {formatDateTime(i.expiresAt)}</>}
                        {i.status === 'accepted' && i.acceptedAt && (
                          <>
                            {' '}
                            · accepted {formatDateTime(i.acceptedAt)}
                            {i.acceptedBy ? ` by ${i.acceptedBy.name} (${i.acceptedBy.email})` : ''}
                          </>
                        )}
                        {i.status === 'revoked' && i.revokedAt && <> · revoked {formatDateTime(i.revokedAt)}</>}
                      </div>
                    </div>
                    {i.status === 'pending' && <RevokeInviteButton id={i.id} label={`the invite for ${who}`} />}
                  </div>
                </li>
              );
            })}
          </ul>
        )}
        {(page.nextCursor || cursor) && (
          <nav className="pager" aria-label="Pagination">
            {cursor ? <Link href="/settings/invites">← Newest invites</Link> : <span />}
            {page.nextCursor ? (
              <Link className="button small" href={`/settings/invites?cursor=${page.nextCursor}`} rel="next">
                Older →
              </Link>
            ) : (
              <span>That’s every invite.</span>
            )}
          </nav>
        )}
      </section>
    </div>
  );
}
