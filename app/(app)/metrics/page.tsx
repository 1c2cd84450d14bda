import type { Metadata } from 'next';
import Link from 'next/link';
import { getDb } from '@/db/client';
import { canCurate, listMetrics } from '@/db/queries/metrics';
import { searchUsers } from '@/db/queries/users';
import { requireViewer } from '@/app/_lib/viewer';
import { METRIC_KIND_LABELS, METRIC_KINDS } from '@/lib/validation/common';
import { MetricForm } from './metric-form';

export const metadata: Metadata = { title: 'Metrics catalogue · Candor' };

export default async function MetricsPage() {
  const viewer = await requireViewer('/metrics');
  const db = getDb();
  const metrics = await listMetrics(db);
  const curate = canCurate(viewer);
  const people = curate ? await searchUsers(db, { limit: 200 }) : [];
  return (
    <div className="page-narrow">
      <div className="page-head">
        <div>
          <h1>Metrics catalogue</h1>
          <p>The shared definitions decisions cite. Citing a metric makes its owner a required reviewer.</p>
        </div>
      </div>
      {metrics.length === 0 && (
        <div className="list list-empty">
          <strong>The catalogue is empty</strong>
          {curate ? 'Add your north-star metric first, then primaries and guardrails.' : 'Data scientists and organisation admins add metrics here.'}
        </div>
      )}
      {METRIC_KINDS.map((kind) => {
        const ofKind = metrics.filter((m) => m.kind === kind);
        if (ofKind.length === 0) return null;
        return (
          <section key={kind} aria-labelledby={`kind-${kind}`} style={{ marginBottom: '1.75rem' }}>
            <h2 id={`kind-${kind}`}>{METRIC_KIND_LABELS[kind]}</h2>
            <ul className="list">
              {ofKind.map((m) => (
                <li key={m.key}>
                  <div className="list-row">
                    <Link className="title" href={`/metrics/${encodeURIComponent(m.key)}`}>
                      {m.name}
                    </Link>
                    <code className="small faint">{m.key}</code>
                    <div className="meta">
                      <span>Owner: {m.owner.name}</span>
                      <span className="faint">{m.definition.replace(/[*_`#>]/g, '').slice(0, 120)}{m.definition.length > 120 ? '…' : ''}</span>
                    </div>
                  </div>
                </li>
              ))}
            </ul>
          </section>
        );
      })}
      {curate && (
        <div style={{ marginTop: '2rem' }}>
          <MetricForm people={people.map((p) => ({ email: p.email, name: p.name }))} />
        </div>
      )}
    </div>
  );
}
