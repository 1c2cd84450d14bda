import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { getDb } from '@/db/client';
import { canEditMetric, getMetric } from '@/db/queries/metrics';
import { searchUsers } from '@/db/queries/users';
import { Markdown } from '@/app/_components/markdown';
import { requireViewer } from '@/app/_lib/viewer';
import { FUNCTION_LABELS, METRIC_KIND_LABELS } from '@/lib/validation/common';
import { MetricForm } from '../metric-form';

type Props = { params: Promise<{ key: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: `${(await params).key} · Metrics · Candor` };
}

export default async function MetricPage({ params }: Props) {
  // Next has already decoded the segment (decoding it again broke on a key like %25, a literal %).
  const { key } = await params;
  const viewer = await requireViewer(`/metrics/${encodeURIComponent(key)}`);
  const db = getDb();
  const metric = await getMetric(db, key);
  if (!metric) notFound();
  const editable = canEditMetric(viewer, metric);
  const people = editable ? await searchUsers(db, { limit: 200 }) : [];
  return (
    <div className="page-narrow">
      <nav className="breadcrumbs" aria-label="Breadcrumb">
        <Link href="/metrics">Metrics</Link> / {metric.name}
      </nav>
      <div className="page-head">
        <div>
          <h1>{metric.name}</h1>
          <p>
            <span className="chip accent">{METRIC_KIND_LABELS[metric.kind]}</span> <code>{metric.key}</code> · owned by {metric.owner.name} ({FUNCTION_LABELS[metric.owner.function]})
          </p>
        </div>
      </div>
      <section className="card" aria-labelledby="def-h">
        <h2 id="def-h">Definition</h2>
        <Markdown text={metric.definition} />
      </section>
      {editable && (
        <div style={{ marginTop: '1.5rem' }}>
          <MetricForm
            initial={{ key: metric.key, name: metric.name, kind: metric.kind, ownerEmail: metric.owner.email, definition: metric.definition }}
            people={people.map((p) => ({ email: p.email, name: p.name }))}
          />
        </div>
      )}
    </div>
  );
}
