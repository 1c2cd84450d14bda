import type { Metadata } from 'next';
import Link from 'next/link';
import { getDb } from '@/db/client';
import { getAutosave } from '@/db/queries/autosave';
import { getDecision } from '@/db/queries/decisions';
import { listMetrics } from '@/db/queries/metrics';
import { getGateContext } from '@/db/queries/publish';
import { intParam, orNotFound } from '@/app/_lib/load';
import { requireViewer } from '@/app/_lib/viewer';
import { DecisionEditor } from './decision-editor';

type Props = { params: Promise<{ id: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: `Edit decision #${(await params).id} · Candor` };
}

export default async function EditDecisionPage({ params }: Props) {
  const { id: raw } = await params;
  const viewer = await requireViewer(`/decisions/${raw}/edit`);
  const id = intParam(raw);
  const db = getDb();
  const decision = await orNotFound(getDecision(db, { id, viewer }));
  if (!decision.can.edit) {
    return (
      <div className="page-narrow">
        <div className="card empty">
          <h1>You can’t edit this decision</h1>
          <p>
            {decision.status !== 'draft' && decision.status !== 'in-review'
              ? 'Its content is frozen. A published decision changes only by being superseded or reversed.'
              : decision.authors.some((a) => a.id === viewer.id)
                ? `You are no longer a member of ${decision.teamName}, so you can’t edit it any more: an admin of ${decision.teamName} can add you back. You can still read it and comment on it.`
                : 'Only its authors edit a draft. You can read it and, once it is circulated, comment on it.'}
          </p>
          <Link className="button" href={`/decisions/${id}`}>
            Back to the decision
          </Link>
        </div>
      </div>
    );
  }
  const [metrics, gate, autosaved] = await Promise.all([listMetrics(db), getGateContext(db, { id, editorId: viewer.id }), getAutosave(db, viewer, id)]);
  const catalogue = metrics.map((m) => ({ key: m.key, name: m.name, kind: m.kind, ownerId: m.owner.id, ownerName: m.owner.name }));
  return (
    <div className="page">
      <DecisionEditor decisionId={id} teamName={decision.teamName} inReview={decision.status === 'in-review'} revision={decision.revision} content={decision.content} catalogue={catalogue} gate={gate} autosaved={autosaved} />
    </div>
  );
}
