import type { Metadata } from 'next';
import Link from 'next/link';
import { getDb } from '@/db/client';
import { getDecision, getRevision, listRevisions } from '@/db/queries/decisions';
import { getMetricsByKeys, metricsAsPublished } from '@/db/queries/metrics';
import { getLifecycle } from '@/db/queries/publish';
import { DecisionRecord } from '@/app/_components/decision-record';
import { RevisionList } from '@/app/_components/revision-list';
import { formatDateTime } from '@/app/_components/time-ago';
import { intParam, orNotFound } from '@/app/_lib/load';
import { requireViewer } from '@/app/_lib/viewer';

type Props = { params: Promise<{ id: string; n: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const p = await params;
  return { title: `Decision #${p.id}, revision ${p.n} · Candor` };
}

export default async function RevisionPage({ params }: Props) {
  const p = await params;
  const viewer = await requireViewer(`/decisions/${p.id}/revisions/${p.n}`);
  const id = intParam(p.id);
  const number = intParam(p.n);
  const db = getDb();
  const decision = await orNotFound(getDecision(db, { id, viewer }));
  const revision = await orNotFound(getRevision(db, { id, number }));
  const [revisions, current, life] = await Promise.all([
    listRevisions(db, { id }),
    getMetricsByKeys(db, [...new Set([...revision.content.metrics.map((m) => m.key), ...revision.content.evidence.map((e) => e.metric)])]),
    getLifecycle(db, { id }),
  ]);
  // Every revision of a published record is from before it was published: name its metrics as then.
  const { metrics, renamedSince } = metricsAsPublished(current, life.snapshot?.metrics);
  const isCurrent = number === decision.revision;
  return (
    <div className="page">
      <nav className="breadcrumbs" aria-label="Breadcrumb">
        <Link href={`/teams/${decision.team}`}>{decision.teamName}</Link> / <Link href={`/decisions/${id}`}>Decision #{id}</Link> / Revision {number}
      </nav>
      <div className="decision-layout">
        <div>
          <div className={`banner ${isCurrent ? 'info' : 'warn'}`} role="note">
            {isCurrent ? (
              <>This is the current revision ({number}).</>
            ) : (
              <>
                You are reading <strong>revision {number}</strong> of {decision.revision}, saved by {revision.author.name} on {formatDateTime(revision.createdAt)}.{' '}
                <Link href={`/decisions/${id}`}>Read the current revision</Link> or <Link href={`/decisions/${id}/diff?from=${number}&to=${decision.revision}`}>see what changed since</Link>.
              </>
            )}
          </div>
          <header className="decision-head">
            <h1>{revision.content.title || <span className="placeholder">Untitled decision</span>}</h1>
          </header>
          <DecisionRecord content={revision.content} metrics={metrics} renamedSince={renamedSince} />
        </div>
        <aside className="rail" aria-label="Revisions">
          <div className="rail-box">
            <h2>Revisions</h2>
            <RevisionList decisionId={id} revisions={revisions} current={number} />
          </div>
        </aside>
      </div>
    </div>
  );
}
