import type { Metadata } from 'next';
import Link from 'next/link';
import { getDb } from '@/db/client';
import { getDecision, listRevisions } from '@/db/queries/decisions';
import { getMetricsByKeys } from '@/db/queries/metrics';
import { DecisionRecord } from '@/app/_components/decision-record';
import { RevisionList } from '@/app/_components/revision-list';
import { StatusBadge } from '@/app/_components/status-badge';
import { formatDate, TimeAgo } from '@/app/_components/time-ago';
import { intParam, orNotFound } from '@/app/_lib/load';
import { requireViewer } from '@/app/_lib/viewer';
import { FUNCTION_LABELS } from '@/lib/validation/common';

type Props = { params: Promise<{ id: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: `Decision #${(await params).id} · Candor` };
}

export default async function DecisionPage({ params }: Props) {
  const { id: raw } = await params;
  const viewer = await requireViewer(`/decisions/${raw}`);
  const id = intParam(raw);
  const db = getDb();
  const decision = await orNotFound(getDecision(db, { id, viewer }));
  const [revisions, metrics] = await Promise.all([
    listRevisions(db, { id }),
    getMetricsByKeys(db, [...new Set([...decision.content.metrics.map((m) => m.key), ...decision.content.evidence.map((e) => e.metric)])]),
  ]);
  const c = decision.content;
  return (
    <div className="page">
      <nav className="breadcrumbs" aria-label="Breadcrumb">
        <Link href={`/teams/${decision.team}`}>{decision.teamName}</Link> / Decision #{decision.id}
      </nav>
      <div className="decision-layout">
        <div>
          <header className="decision-head">
            <h1>{c.title || <span className="placeholder">Untitled decision</span>}</h1>
            <div className="byline">
              <StatusBadge status={decision.status} />
              <span>
                by{' '}
                {decision.authors.map((a, i) => (
                  <span key={a.id}>
                    {i > 0 && ', '}
                    {a.name} <span className="faint">({FUNCTION_LABELS[a.function]})</span>
                  </span>
                ))}
              </span>
              <span>
                Revision {decision.revision} · updated <TimeAgo iso={decision.updatedAt} />
              </span>
            </div>
            {c.tags.length > 0 && (
              <div className="row" style={{ marginTop: '0.6rem' }}>
                {c.tags.map((t) => (
                  <span key={t} className="tag">
                    {t}
                  </span>
                ))}
              </div>
            )}
          </header>
          <DecisionRecord content={c} metrics={new Map(metrics.map((m) => [m.key, m]))} />
        </div>
        <aside className="rail" aria-label="About this decision">
          <div className="rail-box">
            <h2>Status</h2>
            <p style={{ margin: '0 0 0.75rem' }}>
              <StatusBadge status={decision.status} />
            </p>
            {decision.canEdit ? (
              <Link className="button primary" href={`/decisions/${decision.id}/edit`} style={{ width: '100%' }}>
                Edit draft
              </Link>
            ) : (
              <p className="small muted" style={{ margin: 0 }}>
                {decision.status === 'draft' || decision.status === 'in-review' ? 'Only the authors edit this draft.' : 'Published content is frozen.'}
              </p>
            )}
            {c.outcomeReviewDate && <p className="small muted" style={{ margin: '0.75rem 0 0' }}>Outcome review: {formatDate(c.outcomeReviewDate)}</p>}
          </div>
          <div className="rail-box">
            <h2>Revisions</h2>
            <RevisionList decisionId={decision.id} revisions={revisions} current={decision.revision} />
          </div>
        </aside>
      </div>
    </div>
  );
}
