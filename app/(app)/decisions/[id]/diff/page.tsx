import type { Metadata } from 'next';
import Link from 'next/link';
import { getDb } from '@/db/client';
import { diffRevisions, getDecision, listRevisions } from '@/db/queries/decisions';
import { formatDateTime } from '@/app/_components/time-ago';
import { intParam, orNotFound, orProblem } from '@/app/_lib/load';
import { requireViewer } from '@/app/_lib/viewer';
import { describeChange } from '@/lib/diff';

type Props = { params: Promise<{ id: string }>; searchParams: Promise<{ from?: string; to?: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: `Compare revisions of decision #${(await params).id} · Candor` };
}

export default async function DiffPage({ params, searchParams }: Props) {
  const { id: raw } = await params;
  const sp = await searchParams;
  const viewer = await requireViewer(`/decisions/${raw}/diff`);
  const id = intParam(raw);
  const db = getDb();
  const decision = await orNotFound(getDecision(db, { id, viewer }));
  const revisions = await listRevisions(db, { id });
  const [diff, problem] = await orProblem(diffRevisions(db, { id, from: sp.from, to: sp.to }), null);
  const options = revisions.map((r) => (
    <option key={r.number} value={r.number}>
      Revision {r.number} — {r.author.name}, {formatDateTime(r.createdAt)}
    </option>
  ));
  return (
    <div className="page-narrow" style={{ maxWidth: 900 }}>
      <nav className="breadcrumbs" aria-label="Breadcrumb">
        <Link href={`/teams/${decision.team}`}>{decision.teamName}</Link> / <Link href={`/decisions/${id}`}>Decision #{id}</Link> / Compare
      </nav>
      <h1>What changed</h1>
      <p className="muted">{decision.content.title}</p>
      <form method="get" className="card" aria-label="Choose revisions to compare" style={{ marginBottom: '1.25rem' }}>
        <div className="inline-form">
          <div className="field">
            <label htmlFor="from">From</label>
            <select id="from" name="from" defaultValue={String(diff?.from ?? '')}>
              {options}
            </select>
          </div>
          <div className="field">
            <label htmlFor="to">To</label>
            <select id="to" name="to" defaultValue={String(diff?.to ?? '')}>
              {options}
            </select>
          </div>
          <button type="submit" className="button">
            Compare
          </button>
        </div>
      </form>
      {problem && (
        <p className="form-error" role="status">
          {problem}
        </p>
      )}
      {diff && diff.sections.length === 0 && (
        <div className="list list-empty">
          <strong>
            No differences between revision {diff.from} and revision {diff.to}
          </strong>
          {revisions.length < 2 ? 'This decision has one revision so far: every save makes a new one to compare.' : diff.from === diff.to ? 'Choose two different revisions above.' : 'The record reads the same in both: the saves between them changed it back.'}
        </div>
      )}
      {diff &&
        diff.sections.map((s) => (
          <section key={s.section} className="card diff-section" aria-labelledby={`d-${s.section}`}>
            <h2 id={`d-${s.section}`}>{s.label}</h2>
            {s.changes.length > 0 && (
              <ul className="changes">
                {s.changes.map((c, i) => (
                  <li key={i} className={`change-${c.kind}`}>
                    {describeChange(c)}
                  </li>
                ))}
              </ul>
            )}
            {/* Scrolls when long: a focusable region, so keyboard users can scroll it too. */}
            <div className="diff diff-text" role="group" tabIndex={0} aria-label={`Word changes in ${s.label}`}>
              {s.segments.map((seg, i) =>
                seg.type === 'ins' ? (
                  <ins key={i}>
                    <span className="sr-only">[inserted: </span>
                    {seg.text}
                    <span className="sr-only">]</span>
                  </ins>
                ) : seg.type === 'del' ? (
                  <del key={i}>
                    <span className="sr-only">[removed: </span>
                    {seg.text}
                    <span className="sr-only">]</span>
                  </del>
                ) : (
                  <span key={i}>{seg.text}</span>
                ),
              )}
            </div>
          </section>
        ))}
    </div>
  );
}
