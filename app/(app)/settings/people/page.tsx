import type { Metadata } from 'next';
import Link from 'next/link';
import { getDb } from '@/db/client';
import { listPeople } from '@/db/queries/users';
import { firstParam, orProblem } from '@/app/_lib/load';
import { requireViewer } from '@/app/_lib/viewer';
import { SettingsNav } from '../settings-nav';
import { PersonActiveForm, PersonRolesForm } from './people-forms';

export const metadata: Metadata = { title: 'People · Candor' };

type Props = { searchParams: Promise<{ cursor?: string | string[]; q?: string | string[] }> };

export default async function PeoplePage({ searchParams }: Props) {
  const viewer = await requireViewer('/settings/people');
  const sp = await searchParams;
  const cursor = firstParam(sp.cursor);
  const q = firstParam(sp.q);
  if (!viewer.isOrgAdmin) {
    return (
      <div className="page-narrow">
        <h1>Settings</h1>
        <SettingsNav current="people" />
        <div className="card empty">
          <h2>People are managed by organisation admins</h2>
          <p>Ask an organisation admin to change someone’s function or to invite a new colleague.</p>
        </div>
      </div>
    );
  }
  const [page, problem] = await orProblem(listPeople(getDb(), viewer, { cursor, q, limit: 50 }), { items: [], nextCursor: null });
  const query = (q ?? '').trim();
  const href = (c?: string) => {
    const p = new URLSearchParams();
    if (query) p.set('q', query);
    if (c) p.set('cursor', c);
    const s = p.toString();
    return s ? `/settings/people?${s}` : '/settings/people';
  };
  return (
    <div className="page-narrow">
      <h1>Settings</h1>
      <SettingsNav current="people" />
      <p className="muted">
        Everyone’s function decides which reviews count as cross-functional on every team, so organisation admins assign it, here or in a team’s settings
        (never their own: another organisation admin does). Every change is recorded. New colleagues join through <Link href="/settings/invites">an invite</Link>; someone who left
        is deactivated here, which signs them out and keeps everything they wrote.
      </p>
      <form className="inline-form" role="search" action="/settings/people" style={{ marginBottom: '1rem' }}>
        <div className="field">
          <label htmlFor="q">Find people</label>
          <input id="q" name="q" type="search" defaultValue={query} placeholder="Name or email" />
        </div>
        <button className="button" type="submit">
          Search
        </button>
      </form>
      {problem && (
        <p className="banner warn" role="status">
          {problem} <Link href={href()}>First page</Link>
        </p>
      )}
      {page.items.length === 0 && !problem ? (
        <div className="list list-empty">
          <strong>No one matches</strong>
          {query ? 'Try part of a name or an email address.' : 'Invite colleagues from the Invites tab.'}
        </div>
      ) : (
        <ul className="list" aria-label="People">
          {page.items.map((p) => (
            <li key={p.id}>
              <div className="row" style={{ alignItems: 'flex-start', flexWrap: 'wrap' }}>
                <div style={{ flex: '1 1 14rem' }}>
                  <strong>{p.name}</strong> <span className="muted small">{p.email}</span>
                  <div className="small faint">{p.teams.length ? p.teams.map((t) => `${t.name}${t.role === 'admin' ? ' (admin)' : ''}`).join(', ') : 'No team yet'}</div>
                </div>
                <PersonRolesForm person={p} isSelf={p.id === viewer.id} />
                <PersonActiveForm person={p} isSelf={p.id === viewer.id} />
              </div>
            </li>
          ))}
        </ul>
      )}
      {(page.nextCursor || cursor) && (
        <nav className="pager" aria-label="Pagination">
          {cursor ? <Link href={href()}>← First page</Link> : <span />}
          {page.nextCursor ? (
            <Link className="button small" href={href(page.nextCursor)} rel="next">
              Next page →
            </Link>
          ) : (
            <span>That’s everyone.</span>
          )}
        </nav>
      )}
    </div>
  );
}
