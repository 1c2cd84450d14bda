import type { Metadata } from 'next';
import { getDb } from '@/db/client';
import { listTokens, type ApiToken } from '@/db/queries/tokens';
import { formatDateTime, TimeAgo } from '@/app/_components/time-ago';
import { requireViewer } from '@/app/_lib/viewer';
import { ACTIVE_TOKEN_LIMIT, TOKEN_SCOPE_LABELS } from '@/lib/validation/token';
import { CreateTokenForm, RevokeTokenButton } from '../settings-forms';
import { SettingsNav } from '../settings-nav';
import { RevokeAllTokensForm } from './revoke-all-form';

export const metadata: Metadata = { title: 'API tokens · Candor' };

export default async function TokensPage({ searchParams }: { searchParams: Promise<{ for?: string | string[] }> }) {
  const viewer = await requireViewer('/settings/tokens');
  const tokens = await listTokens(getDb(), viewer);
  // Every live token is listed, apart from the revoked ones, so none can be pushed off the page.
  const active = tokens.filter((t) => !t.revokedAt);
  const revoked = tokens.filter((t) => t.revokedAt);
  const scope = (await searchParams).for === 'feed' ? 'feed' : 'api';
  return (
    <div className="page-narrow">
      <h1>Settings</h1>
      <SettingsNav current="tokens" />
      <p className="muted">
        API tokens act as you on the JSON API: send <code>Authorization: Bearer &lt;token&gt;</code> to <code>/api/v1</code>. Feed tokens only read the Atom feeds of published decisions, so they are the ones to put in a feed
        reader’s URL (<code>/feed.xml?token=…</code>); an API token is refused there. Revoke any you no longer use.
      </p>
      <CreateTokenForm scope={scope} />
      <section style={{ marginTop: '1.5rem' }} aria-labelledby="tokens-h">
        <h2 id="tokens-h">Your tokens</h2>
        {active.length === 0 ? (
          <div className="list list-empty">
            <strong>No active tokens</strong>Create one above for scripts and integrations.
          </div>
        ) : (
          <>
            <p className="small muted">
              {active.length === 1 ? '1 active token' : `${active.length} active tokens`}, all listed here (you can have up to {ACTIVE_TOKEN_LIMIT}).
            </p>
            <TokenList tokens={active} />
          </>
        )}
      </section>
      <RevokeAllTokensForm active={active.length} />
      {revoked.length > 0 && (
        <section style={{ marginTop: '1.5rem' }} aria-labelledby="revoked-tokens-h">
          <h2 id="revoked-tokens-h">Recently revoked</h2>
          <p className="small muted">The {revoked.length === 1 ? 'token' : `${revoked.length} tokens`} you revoked most recently. They no longer work.</p>
          <TokenList tokens={revoked} />
        </section>
      )}
    </div>
  );
}

function TokenList({ tokens }: { tokens: ApiToken[] }) {
  return (
    <ul className="list">
      {tokens.map((t) => (
        <li key={t.id}>
          <div className="row">
            <div style={{ flex: 1 }}>
              <strong>{t.label}</strong> <span className="chip">{TOKEN_SCOPE_LABELS[t.scope]}</span> <code className="small faint">{t.prefix}…</code>
              <div className="small muted">
                Created <TimeAgo iso={t.createdAt} /> · {t.lastUsedAt ? <>last used <TimeAgo iso={t.lastUsedAt} /></> : 'never used'}
                {t.revokedAt && <> · revoked {formatDateTime(t.revokedAt)}</>}
              </div>
              {t.urlRefusedAt && !t.revokedAt && (
                <p className="small form-error" style={{ margin: '0.3rem 0 0' }}>
                  <strong>Warning:</strong> sent in a feed URL <TimeAgo iso={t.urlRefusedAt} /> and refused there. Whoever has that URL has this token and can act as you: revoke it, and give the feed reader a feed
                  token.
                </p>
              )}
            </div>
            {t.revokedAt ? <span className="chip">Revoked</span> : <RevokeTokenButton id={t.id} label={t.label} />}
          </div>
        </li>
      ))}
    </ul>
  );
}
