import type { Metric } from '@/db/queries/metrics';
import { SECTION_LABELS, type ContentKey } from '@/lib/revisions';
import { METRIC_KIND_LABELS } from '@/lib/validation/common';
import { DIRECTION_LABELS, SOURCE_KIND_LABELS, type DataSource, type DecisionContent } from '@/lib/validation/decision';
import { EvidenceChart } from './evidence-chart';
import { Markdown } from './markdown';
import { formatDate } from './time-ago';

export type RecordSection = Exclude<ContentKey, 'title' | 'summary' | 'tags' | 'outcomeReviewDate'>;

export const RECORD_SECTIONS: RecordSection[] = ['context', 'decision', 'options', 'dataSources', 'methodology', 'metrics', 'evidence', 'openCritique', 'risks'];

export function sectionAnchor(section: string) {
  return `section-${section}`;
}

/** Decorations other features hang on a section heading (comment counts, lint findings) and under it (threads). */
export type SectionSlots = Partial<Record<RecordSection | 'summary', { heading?: React.ReactNode; intro?: React.ReactNode; after?: React.ReactNode }>>;

function Section({ id, children, slots }: { id: RecordSection; children: React.ReactNode; slots?: SectionSlots }) {
  return (
    <section className="record-section" id={sectionAnchor(id)} aria-labelledby={`${sectionAnchor(id)}-h`}>
      <header>
        <h2 id={`${sectionAnchor(id)}-h`}>{SECTION_LABELS[id]}</h2>
        {slots?.[id]?.heading}
      </header>
      {slots?.[id]?.intro}
      {children}
      {slots?.[id]?.after}
    </section>
  );
}

function windowText(s: DataSource): string | null {
  if (s.windowStart && s.windowEnd) return `${formatDate(s.windowStart)} – ${formatDate(s.windowEnd)}`;
  if (s.windowStart) return `from ${formatDate(s.windowStart)}`;
  if (s.windowEnd) return `until ${formatDate(s.windowEnd)}`;
  return null;
}

function num(n: number | null, suffix = ''): string {
  return n === null ? '—' : `${n.toLocaleString('en', { maximumFractionDigits: 4 })}${suffix}`;
}

function signed(n: number | null): string {
  return n === null ? '—' : `${n > 0 ? '+' : ''}${n.toLocaleString('en', { maximumFractionDigits: 3 })} %`;
}

/**
 * The record, rendered as a document: every section of PRODUCT.md in order.
 * Empty sections say so instead of disappearing — absence is information.
 */
export function DecisionRecord({
  content,
  metrics,
  renamedSince,
  slots,
  chartId = 'evidence-chart',
}: {
  content: DecisionContent;
  metrics: Map<string, Metric>;
  /** Metrics the catalogue has renamed since this record was published: key → today's name. */
  renamedSince?: Map<string, string>;
  slots?: SectionSlots;
  chartId?: string;
}) {
  const roles = new Map(content.metrics.map((m) => [m.key, m.role]));
  return (
    <article className="record">
      <div id={sectionAnchor('summary')}>
        {content.summary ? <p className="lead">{content.summary}</p> : <p className="lead placeholder">No summary yet.</p>}
        {slots?.summary?.heading}
        {slots?.summary?.intro}
        {slots?.summary?.after}
      </div>

      <Section id="context" slots={slots}>
        <Markdown text={content.context} empty="The problem and why now: not written yet." />
      </Section>

      <Section id="decision" slots={slots}>
        <Markdown text={content.decision} empty="What we will do: not written yet." />
      </Section>

      <Section id="options" slots={slots}>
        {content.options.length === 0 ? (
          <p className="placeholder">No options listed yet.</p>
        ) : (
          <div className="item-cards">
            {content.options.map((o, i) => (
              <div key={i} className={`item-card${o.chosen ? ' chosen' : ''}`}>
                <h3>
                  {o.name}
                  {o.chosen ? <span className="chip good">✓ Chosen</span> : <span className="chip">Not chosen</span>}
                </h3>
                <Markdown text={o.description} />
              </div>
            ))}
          </div>
        )}
      </Section>

      <Section id="dataSources" slots={slots}>
        {content.dataSources.length === 0 ? (
          <p className="placeholder">No data sources listed yet.</p>
        ) : (
          <div className="item-cards">
            {content.dataSources.map((s, i) => (
              <div key={i} className="item-card" id={`source-${i}`}>
                <h3>
                  {s.name} <span className="chip accent">{SOURCE_KIND_LABELS[s.kind]}</span>
                </h3>
                <dl className="facts">
                  {s.link && (
                    <>
                      <dt>Link</dt>
                      <dd>
                        <a href={s.link} rel="noopener noreferrer nofollow">
                          {s.link}
                        </a>
                      </dd>
                    </>
                  )}
                  <dt>Owner</dt>
                  <dd>{s.owner || <span className="placeholder">not stated</span>}</dd>
                  <dt>As of</dt>
                  <dd>{s.asOf ? formatDate(s.asOf) : <span className="placeholder">not stated</span>}</dd>
                  {windowText(s) && (
                    <>
                      <dt>Window</dt>
                      <dd>{windowText(s)}</dd>
                    </>
                  )}
                  <dt>Population</dt>
                  <dd>{s.population || <span className="placeholder">not stated</span>}</dd>
                  <dt>Sample size</dt>
                  <dd>{s.sampleSize !== null ? s.sampleSize.toLocaleString('en') : <span className="placeholder">not stated</span>}</dd>
                </dl>
                {s.query && (
                  <details style={{ marginTop: '0.6rem' }}>
                    <summary className="small">Query</summary>
                    <pre>{s.query}</pre>
                  </details>
                )}
                {s.notes && (
                  <div style={{ marginTop: '0.6rem' }}>
                    <Markdown text={s.notes} />
                  </div>
                )}
              </div>
            ))}
          </div>
        )}
      </Section>

      <Section id="methodology" slots={slots}>
        <Markdown text={content.methodology} empty="How the data was analysed: not written yet." />
      </Section>

      <Section id="metrics" slots={slots}>
        {content.metrics.length === 0 ? (
          <p className="placeholder">No success metrics cited yet.</p>
        ) : (
          <div className="table-wrap" role="region" aria-label="Success metrics table" tabIndex={0}>
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">Metric</th>
                  <th scope="col">Role</th>
                  <th scope="col">Expected</th>
                  <th scope="col">Owner</th>
                </tr>
              </thead>
              <tbody>
                {content.metrics.map((m) => {
                  const cat = metrics.get(m.key);
                  return (
                    <tr key={m.key}>
                      <td>
                        <a href={`/metrics/${encodeURIComponent(m.key)}`}>{cat?.name ?? m.key}</a> <code className="faint small">{m.key}</code>
                        {renamedSince?.has(m.key) && <span className="faint small"> · now called “{renamedSince.get(m.key)}”</span>}
                      </td>
                      <td>{METRIC_KIND_LABELS[m.role]}</td>
                      <td>
                        {m.expectedDirection ? DIRECTION_LABELS[m.expectedDirection] : <span className="placeholder">no direction</span>}
                        {m.expectedEffect && <span className="muted"> · {m.expectedEffect}</span>}
                      </td>
                      <td>{cat?.owner.name ?? '—'}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        )}
      </Section>

      <Section id="evidence" slots={slots}>
        {content.evidence.length === 0 ? (
          <p className="placeholder">No results table.</p>
        ) : (
          <>
            <EvidenceChart id={chartId} rows={content.evidence.map((r) => ({ ...r, label: metrics.get(r.metric)?.name ?? r.metric, role: roles.get(r.metric) ?? null }))} />
            <div className="table-wrap" role="region" aria-label="Evidence table" tabIndex={0}>
              <table className="table">
                <caption className="sr-only">Evidence: observed effect per metric with its confidence interval</caption>
                <thead>
                  <tr>
                    <th scope="col">Metric</th>
                    <th scope="col" className="num">
                      Baseline
                    </th>
                    <th scope="col" className="num">
                      Observed
                    </th>
                    <th scope="col" className="num">
                      Change
                    </th>
                    <th scope="col" className="num">
                      95% CI
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {content.evidence.map((r, i) => (
                    <tr key={i}>
                      <td>{metrics.get(r.metric)?.name ?? r.metric}</td>
                      <td className="num">{num(r.baseline)}</td>
                      <td className="num">{num(r.observed)}</td>
                      <td className="num">{signed(r.relativeChange)}</td>
                      <td className="num">{r.ciLow === null && r.ciHigh === null ? '—' : `${signed(r.ciLow)} to ${signed(r.ciHigh)}`}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </>
        )}
      </Section>

      <Section id="openCritique" slots={slots}>
        <Markdown text={content.openCritique} empty="Known limitations, the strongest argument against, open questions: not written yet." />
      </Section>

      <Section id="risks" slots={slots}>
        <Markdown text={content.risks} empty="No risks or consequences written yet." />
        {content.outcomeReviewDate && (
          <p className="small muted" style={{ marginTop: '1rem' }}>
            Outcome review on <strong>{formatDate(content.outcomeReviewDate)}</strong>.
          </p>
        )}
      </Section>
    </article>
  );
}
