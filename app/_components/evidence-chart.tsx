import type { EvidenceRow, MetricRole } from '@/lib/validation/decision';

/*
 * A forest plot of the evidence, drawn on the server as SVG: each metric's
 * relative change with its 95 % interval, a zero line, primary metrics as
 * filled circles and guardrails as hollow diamonds. The SVG carries a text
 * description, and the table beside it has every number.
 */

type Row = EvidenceRow & { label: string; role: MetricRole | null };

function niceStep(span: number): number {
  const raw = span / 5;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const norm = raw / mag;
  return (norm < 1.5 ? 1 : norm < 3 ? 2 : norm < 7 ? 5 : 10) * mag;
}

const fmt = (n: number) => `${n > 0 ? '+' : ''}${Number(n.toFixed(2))} %`;

export function describeRow(r: Row): string {
  if (r.relativeChange === null) return `${r.label}: no relative change reported.`;
  if (r.ciLow === null || r.ciHigh === null) return `${r.label}: ${fmt(r.relativeChange)}, no confidence interval.`;
  const verdict = r.ciLow > 0 ? 'an increase the interval supports' : r.ciHigh < 0 ? 'a decrease the interval supports' : 'the interval includes zero, so no effect is established';
  return `${r.label}${r.role ? ` (${r.role})` : ''}: ${fmt(r.relativeChange)}, 95 % interval ${fmt(r.ciLow)} to ${fmt(r.ciHigh)} — ${verdict}.`;
}

export function EvidenceChart({ rows, id }: { rows: Row[]; id: string }) {
  const plotted = rows.filter((r) => r.relativeChange !== null);
  if (plotted.length === 0) return null;
  const values = plotted.flatMap((r) => [r.relativeChange!, r.ciLow ?? r.relativeChange!, r.ciHigh ?? r.relativeChange!, 0]);
  let lo = Math.min(...values);
  let hi = Math.max(...values);
  const pad = Math.max((hi - lo) * 0.12, 0.5);
  lo -= pad;
  hi += pad;
  const step = niceStep(hi - lo);
  lo = Math.floor(lo / step) * step;
  hi = Math.ceil(hi / step) * step;
  const ticks: number[] = [];
  for (let t = lo; t <= hi + step / 2; t += step) ticks.push(Number(t.toFixed(6)));

  const width = 680;
  const labelW = 200;
  const valueW = 150;
  const plotW = width - labelW - valueW - 16;
  const rowH = 34;
  const top = 12;
  const height = top + plotted.length * rowH + 36;
  const x = (v: number) => labelW + ((v - lo) / (hi - lo)) * plotW;

  return (
    <figure className="evidence-chart">
      <svg viewBox={`0 0 ${width} ${height}`} role="img" aria-labelledby={`${id}-t ${id}-d`} preserveAspectRatio="xMinYMin meet">
        <title id={`${id}-t`}>Forest plot of the evidence: relative change with 95 % confidence interval per metric</title>
        <desc id={`${id}-d`}>{plotted.map(describeRow).join(' ')}</desc>
        {ticks.map((t) => (
          <g key={t}>
            <line x1={x(t)} x2={x(t)} y1={top - 4} y2={top + plotted.length * rowH} className="grid" />
            <text x={x(t)} y={top + plotted.length * rowH + 16} textAnchor="middle" className="tick">
              {t === 0 ? '0' : `${t > 0 ? '+' : ''}${Number(t.toFixed(2))}%`}
            </text>
          </g>
        ))}
        <line x1={x(0)} x2={x(0)} y1={top - 6} y2={top + plotted.length * rowH + 2} className="zero" />
        <text x={labelW + plotW / 2} y={height - 4} textAnchor="middle" className="axis-label">
          relative change vs baseline
        </text>
        {plotted.map((r, i) => {
          const cy = top + i * rowH + rowH / 2;
          const hasCi = r.ciLow !== null && r.ciHigh !== null;
          const excludesZero = hasCi && (r.ciLow! > 0 || r.ciHigh! < 0);
          const cls = `row ${excludesZero ? 'clear' : 'unclear'}`;
          const cx = x(r.relativeChange!);
          const guardrail = r.role === 'guardrail';
          return (
            <g key={i} className={cls}>
              <text x={0} y={cy + 4} className="label">
                {r.label.length > 28 ? `${r.label.slice(0, 27)}…` : r.label}
              </text>
              <text x={0} y={cy + 16} className="role">
                {r.role ?? ''}
              </text>
              {hasCi && (
                <>
                  <line x1={x(r.ciLow!)} x2={x(r.ciHigh!)} y1={cy} y2={cy} className="ci" />
                  <line x1={x(r.ciLow!)} x2={x(r.ciLow!)} y1={cy - 5} y2={cy + 5} className="ci" />
                  <line x1={x(r.ciHigh!)} x2={x(r.ciHigh!)} y1={cy - 5} y2={cy + 5} className="ci" />
                </>
              )}
              {guardrail ? <path d={`M${cx} ${cy - 6} L${cx + 6} ${cy} L${cx} ${cy + 6} L${cx - 6} ${cy} Z`} className="point hollow" /> : <circle cx={cx} cy={cy} r={5.5} className="point" />}
              <text x={width - valueW} y={cy + 4} className="value">
                {fmt(r.relativeChange!)}
                {hasCi ? ` [${Number(r.ciLow!.toFixed(2))}, ${Number(r.ciHigh!.toFixed(2))}]` : ' (no CI)'}
              </text>
            </g>
          );
        })}
      </svg>
      <figcaption className="small muted">
        Filled circles: primary and north-star metrics; hollow diamonds: guardrails. Bars are 95 % confidence intervals; a bar crossing the zero line means no effect is established.
      </figcaption>
    </figure>
  );
}
