import { CHECK_TITLES, type GateCheck, type LintFinding } from '@/lib/gate';
import { SECTION_LABELS, type ContentKey } from '@/lib/revisions';

/** The viewer, and where on the page they do what a check waits for from them (review, or vouch). */
export type YourPart = { id: string; href: string; label: string };

/**
 * The readiness checklist (GitHub's merge box is the model): every check, pass or fail, with what to do.
 * A check that waits for the viewer (`you`) says so, with the way to their form: its message names
 * people in the third person, as the API, the export and mail do.
 */
export function Checklist({ checks, hrefFor, collapsePassing = false, you }: { checks: GateCheck[]; hrefFor?: (field: string) => string; collapsePassing?: boolean; you?: YourPart }) {
  const failing = checks.filter((c) => !c.ok);
  const passing = checks.filter((c) => c.ok);
  if (collapsePassing && failing.length > 0 && passing.length > 0) {
    return (
      <>
        <CheckItems checks={failing} hrefFor={hrefFor} label="Failing checks" you={you} />
        <details className="passing-checks">
          <summary>
            {passing.length} check{passing.length === 1 ? '' : 's'} pass
          </summary>
          <CheckItems checks={passing} hrefFor={hrefFor} label="Passing checks" />
        </details>
      </>
    );
  }
  return <CheckItems checks={checks} hrefFor={hrefFor} label="Publish checklist" you={you} />;
}

function CheckItems({ checks, hrefFor, label, you }: { checks: GateCheck[]; hrefFor?: (field: string) => string; label: string; you?: YourPart }) {
  return (
    <ul className="checklist" aria-label={label}>
      {checks.map((c) => (
        <li key={c.id} className={c.ok ? 'ok' : 'fail'}>
          <span className="mark" aria-hidden="true">
            {c.ok ? '✓' : '✕'}
          </span>
          <span>
            <span className="sr-only">{c.ok ? 'Passes: ' : 'Fails: '}</span>
            <span className="title">{CHECK_TITLES[c.id]}</span>
          </span>
          {!c.ok && c.issues ? (
            // Several reasons: one line each, each with the way to its field.
            <ul className="message check-issues">
              {c.issues.map((issue, i) => (
                <li key={i}>
                  {issue.message}
                  <GoTo field={issue.field} hrefFor={hrefFor} />
                </li>
              ))}
            </ul>
          ) : (
            <span className="message">
              {c.message}
              {!c.ok && c.field && <GoTo field={c.field} hrefFor={hrefFor} />}
            </span>
          )}
          {!c.ok && you && c.waitingFor?.includes(you.id) && (
            <span className="message check-you">
              <strong>It waits for you:</strong> <a href={you.href}>{you.label}</a>
            </span>
          )}
        </li>
      ))}
    </ul>
  );
}

/** The way from a failing check to the field it concerns, named by its section ("Go to methodology"). */
function GoTo({ field, hrefFor }: { field: string; hrefFor?: (field: string) => string }) {
  if (!hrefFor) return null;
  return (
    <>
      {' '}
      <a href={hrefFor(field)}>Go to {SECTION_LABELS[sectionOf(field) as ContentKey]?.toLowerCase() ?? 'the field'}</a>
    </>
  );
}

export function LintLevelChip({ level, label }: { level: LintFinding['level']; label?: string }) {
  return <span className={`chip ${level === 'error' && !label ? 'bad' : 'warn'}`}>{label ?? (level === 'error' ? 'Error' : 'Warning')}</span>;
}

/** A finding shown beside its field; `chip` names it when it isn't the linter's (e.g. what publishing still needs). */
export type FieldFinding = LintFinding & { chip?: string };

/** Lint findings beside the field they concern. */
export function LintList({ findings, label, showIds = true }: { findings: FieldFinding[]; label?: string; showIds?: boolean }) {
  if (findings.length === 0) return null;
  return (
    <ul className="lint-list" aria-label={label ?? 'Methodology linter findings'}>
      {findings.map((f, i) => (
        <li key={`${f.id}-${i}`}>
          <LintLevelChip level={f.level} label={f.chip} />
          <span>
            {f.message}
            {showIds && (
              <>
                {' '}
                <code>{f.id}</code>
              </>
            )}
          </span>
        </li>
      ))}
    </ul>
  );
}

/** Which record section a finding's field belongs to ("dataSources.0.sampleSize" → "dataSources"). */
export function sectionOf(field: string): string {
  return field.split('.')[0]!;
}
