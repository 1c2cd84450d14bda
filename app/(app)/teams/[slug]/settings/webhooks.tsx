import { getDb } from '@/db/client';
import type { Viewer } from '@/db/queries/users';
import { listWebhooks } from '@/db/queries/webhooks';
import { TimeAgo } from '@/app/_components/time-ago';
import { webhooksAllowHttp, webhooksAllowPrivate } from '@/server/notify/config';
import { AddWebhookForm, DeleteWebhookButton, EVENT_LABELS, TestWebhookButton, ToggleWebhookButton } from './webhook-forms';

/** Team settings → Webhooks (team admins): where published, superseded, reversed and withdrawn decisions are announced. */
export async function Webhooks({ viewer, team }: { viewer: Viewer; team: string }) {
  const hooks = await listWebhooks(getDb(), viewer, team);
  return (
    <section className="card" aria-labelledby="webhooks-h" style={{ marginTop: '1.5rem' }}>
      <h2 id="webhooks-h">Webhooks</h2>
      <p className="muted small">Announce this team’s decisions in Slack or anywhere else: Candor posts signed JSON when a decision is published, superseded, reversed or withdrawn, and retries for about nine hours if the receiver fails.</p>
      {hooks.length === 0 ? (
        <p>No webhooks yet.</p>
      ) : (
        <ul className="list" aria-label="Webhooks" style={{ boxShadow: 'none', marginBottom: '1.5rem' }}>
          {hooks.map((h) => (
            <li key={h.id}>
              <div className="row" style={{ alignItems: 'flex-start', flexWrap: 'wrap', gap: '0.5rem' }}>
                <div style={{ flex: 1, minWidth: '16rem' }}>
                  <p style={{ margin: 0, overflowWrap: 'anywhere' }}>
                    <code>{h.url}</code> {h.disabled && <span className="chip warn">Disabled</span>}
                  </p>
                  <p className="small muted" style={{ margin: '0.2rem 0 0' }}>
                    {h.events.map((e) => EVENT_LABELS[e] ?? e).join(', ')}
                    {h.createdBy ? ` · added by ${h.createdBy}` : ''}
                  </p>
                  <p className="small" style={{ margin: '0.2rem 0 0' }}>
                    {h.lastDelivery ? (
                      <>
                        Last delivery: <strong>{h.lastDelivery.status === 'delivered' ? 'delivered' : h.lastDelivery.status === 'failed' ? 'failed' : 'retrying'}</strong>
                        {h.lastDelivery.httpStatus ? ` (HTTP ${h.lastDelivery.httpStatus})` : h.lastDelivery.error ? ` (${h.lastDelivery.error})` : ''} · {h.lastDelivery.event === 'webhook.test' ? 'test' : (EVENT_LABELS[h.lastDelivery.event] ?? h.lastDelivery.event)} ·{' '}
                        <TimeAgo iso={h.lastDelivery.at} />
                      </>
                    ) : (
                      'No deliveries yet.'
                    )}
                  </p>
                </div>
                <div className="row" style={{ gap: '0.4rem' }}>
                  {!h.disabled && <TestWebhookButton team={team} id={h.id} url={h.url} />}
                  <ToggleWebhookButton team={team} id={h.id} url={h.url} disabled={h.disabled} />
                  <DeleteWebhookButton team={team} id={h.id} url={h.url} />
                </div>
              </div>
            </li>
          ))}
        </ul>
      )}
      <AddWebhookForm team={team} httpsOnly={!webhooksAllowHttp()} publicOnly={!webhooksAllowPrivate()} />
    </section>
  );
}
