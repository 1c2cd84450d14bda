'use client';

import Link from 'next/link';
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, useSyncExternalStore, useTransition } from 'react';
import { Checklist, LintList, type FieldFinding } from '@/app/_components/readiness';
import type { GateContext } from '@/db/queries/publish';
import { evaluateGate } from '@/lib/gate';
import { diffContent, describeChange, type Segment } from '@/lib/diff';
import { changedAtIfSaved, changedSections, rebaseContent, SECTION_LABELS, type ContentKey } from '@/lib/revisions';
import { materialRevision } from '@/lib/review';
import { METRIC_KIND_LABELS, type MetricKind } from '@/lib/validation/common';
import {
  decisionContentSchema,
  DIRECTION_LABELS,
  DIRECTIONS,
  METRIC_ROLES,
  SOURCE_KIND_LABELS,
  SOURCE_KINDS,
  type DecisionContent,
} from '@/lib/validation/decision';
import { autosaveDecisionAction, discardAutosaveAction, saveDecisionAction } from './actions';
import {
  blankEvidence,
  blankMetric,
  blankOption,
  blankSource,
  fingerprint,
  formFromSaved,
  fromForm,
  fromFormIndexed,
  toForm,
  toFormPath,
  type FormContent,
  type FormEvidence,
  type FormMetric,
  type FormOption,
  type FormSource,
} from './form-model';
import { MarkdownField } from './markdown-field';

/** The longest title the record takes (lib/validation/decision.ts). */
const TITLE_MAX = 200;

type CatalogueMetric = { key: string; name: string; kind: MetricKind; ownerId: string; ownerName: string };

/** Live linter findings, and what the publish gate says the record lacks, by field path: shown under the field they concern. */
const LintContext = createContext<Map<string, FieldFinding[]>>(new Map());

function LintNotes({ path }: { path: string }) {
  const findings = useContext(LintContext).get(path) ?? [];
  return <LintList findings={findings} label="What this field still needs" showIds={false} />;
}
type Conflict = { message: string; currentRevision: number; theirs: DecisionContent; changedSections: ContentKey[] };

const errId = (path: string) => `err-${path.replace(/\./g, '-')}`;
const ctlId = (path: string) => `f-${path.replace(/\./g, '-')}`;

function FieldError({ path, errors }: { path: string; errors: Record<string, string> }) {
  return (
    <>
      {errors[path] ? (
        <p className="field-error" id={errId(path)}>
          {errors[path]}
        </p>
      ) : null}
      <LintNotes path={path} />
    </>
  );
}

function a11y(path: string, errors: Record<string, string>, hintId?: string) {
  const describedBy = [errors[path] ? errId(path) : null, hintId ?? null].filter(Boolean).join(' ');
  return { id: ctlId(path), 'aria-invalid': errors[path] ? true : undefined, 'aria-describedby': describedBy || undefined };
}

function zodErrors(form: FormContent): Record<string, string> {
  const { content, index } = fromFormIndexed(form);
  const r = decisionContentSchema.safeParse(content);
  if (r.success) return {};
  const out: Record<string, string> = {};
  for (const i of r.error.issues) {
    const p = toFormPath(i.path.join('.'), index);
    if (!(p in out)) out[p] = i.message;
  }
  return out;
}

/** Only the errors a person has earned: fields they have left, or everything after they tried to save. */
function visible(errors: Record<string, string>, touched: Set<string>, all: boolean): Record<string, string> {
  if (all) return errors;
  return Object.fromEntries(Object.entries(errors).filter(([path]) => touched.has(path)));
}

type ContentShape = typeof decisionContentSchema.shape;

/**
 * The record as far as it is valid, field by field: a field that does not parse
 * right now counts with its saved value, so the checklist and the linter stay
 * in step with every other field while one is half-typed.
 */
function lenientContent(form: FormContent, saved: DecisionContent): DecisionContent | null {
  const input = fromForm(form) as Record<string, unknown>;
  const assembled: Record<string, unknown> = {};
  for (const key of Object.keys(decisionContentSchema.shape) as (keyof ContentShape)[]) {
    assembled[key] = decisionContentSchema.shape[key].safeParse(input[key]).success ? input[key] : saved[key];
  }
  const parsed = decisionContentSchema.safeParse(assembled);
  return parsed.success ? parsed.data : null;
}

/** The path a control stands for, from its id (ctlId's inverse). */
const pathOfControl = (id: string) => (id.startsWith('f-') ? id.slice(2).replace(/-/g, '.') : null);

/** Whether a media query matches (false on the server and before hydration). */
function useMediaQuery(query: string): boolean {
  return useSyncExternalStore(
    (onChange) => {
      const m = window.matchMedia(query);
      m.addEventListener('change', onChange);
      return () => m.removeEventListener('change', onChange);
    },
    () => window.matchMedia(query).matches,
    () => false,
  );
}

/** Autosave waits for a pause in typing. */
const AUTOSAVE_DELAY_MS = 1200;

type Kept = { form: FormContent; base: number; at: string; where: 'server' | 'browser' };

function Diff({ segments }: { segments: Segment[] }) {
  return (
    <p className="diff small" style={{ whiteSpace: 'pre-wrap' }}>
      {segments.map((s, i) => (s.type === 'ins' ? <ins key={i}>{s.text}</ins> : s.type === 'del' ? <del key={i}>{s.text}</del> : <span key={i}>{s.text}</span>))}
    </p>
  );
}

/** Add / remove / reorder controls shared by every repeatable card. */
function CardHeader({ title, index, count, onMove, onRemove, noun }: { title: string; index: number; count: number; onMove: (to: number) => void; onRemove: () => void; noun: string }) {
  const label = `${noun} ${index + 1}`;
  return (
    <header>
      <h3>{title || label}</h3>
      <button type="button" className="button ghost small" onClick={() => onMove(index - 1)} disabled={index === 0} aria-label={`Move ${label} up`}>
        ↑
      </button>
      <button type="button" className="button ghost small" onClick={() => onMove(index + 1)} disabled={index === count - 1} aria-label={`Move ${label} down`}>
        ↓
      </button>
      <button type="button" className="button danger small" onClick={onRemove} aria-label={`Remove ${label}`}>
        Remove
      </button>
    </header>
  );
}

function move<T>(list: T[], from: number, to: number): T[] {
  if (to < 0 || to >= list.length) return list;
  const next = [...list];
  const [item] = next.splice(from, 1);
  next.splice(to, 0, item as T);
  return next;
}

export function DecisionEditor({
  decisionId,
  teamName,
  inReview,
  revision,
  content,
  catalogue,
  gate,
  autosaved,
}: {
  decisionId: number;
  teamName: string;
  /** Circulated for review rather than still a draft: only the wording differs. */
  inReview: boolean;
  revision: number;
  content: DecisionContent;
  catalogue: CatalogueMetric[];
  gate: GateContext;
  /** The viewer's edits kept on the server by autosave, if any. */
  autosaved: { baseRevision: number; content: Record<string, unknown>; updatedAt: string } | null;
}) {
  const what = inReview ? 'decision' : 'draft';
  const [form, setForm] = useState<FormContent>(() => toForm(content));
  const [base, setBase] = useState({ revision, content, fingerprint: fingerprint(toForm(content)) });
  // The checklist's facts: the page's, then each save's (verdicts it made stale, the window it restarted).
  const [gateNow, setGateNow] = useState(gate);
  const [serverErrors, setServerErrors] = useState<Record<string, string>>({});
  const [showErrors, setShowErrors] = useState(false);
  const [touched, setTouched] = useState<Set<string>>(() => new Set());
  const [autosave, setAutosave] = useState<{ state: 'idle' | 'saving' | 'saved' | 'failed'; at?: string; message?: string }>({ state: 'idle' });
  const [focusKey, setFocusKey] = useState<string | null>(null);
  const wide = useMediaQuery('(min-width: 75rem)');
  const [formError, setFormError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [conflict, setConflict] = useState<Conflict | null>(null);
  const [restore, setRestore] = useState<Kept | null>(null);
  const [pending, startTransition] = useTransition();
  const storageKey = `candor:unsaved:${decisionId}`;
  const dirty = fingerprint(form) !== base.fingerprint;
  const formRef = useRef<HTMLFormElement>(null);
  const liveErrors = useMemo(() => zodErrors(form), [form]);
  const errors = useMemo(() => ({ ...visible(liveErrors, touched, showErrors), ...serverErrors }), [liveErrors, touched, showErrors, serverErrors]);

  // Unsaved text survives a reload, a crashed tab or a change of device: it is autosaved to the
  // server and also kept in this browser. On opening, offer the newest copy that differs from the saved revision.
  useEffect(() => {
    const current = fingerprint(toForm(content));
    const candidates: Kept[] = [];
    if (autosaved) candidates.push({ form: formFromSaved(autosaved.content, toForm(content)), base: autosaved.baseRevision, at: autosaved.updatedAt, where: 'server' });
    try {
      const raw = localStorage.getItem(storageKey);
      if (raw) {
        const saved = JSON.parse(raw) as { form: unknown; base: number; at: string };
        candidates.push({ form: formFromSaved(saved.form, toForm(content)), base: Number(saved.base) || revision, at: String(saved.at), where: 'browser' });
      }
    } catch {
      /* storage unavailable or corrupt: nothing to restore from it */
    }
    const newest = candidates.filter((c) => fingerprint(c.form) !== current).sort((a, b) => Date.parse(b.at) - Date.parse(a.at))[0];
    // localStorage exists only after hydration, so this cannot be initial state.
    // eslint-disable-next-line react-hooks/set-state-in-effect
    if (newest) setRestore(newest);
    else {
      try {
        localStorage.removeItem(storageKey);
      } catch {
        /* ignore */
      }
    }
    // Only on first render: later changes are ours.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  // Autosave to the server after a pause in typing, so no work is lost across devices. Paused
  // while kept edits are on offer, so they are not overwritten before the person chooses.
  useEffect(() => {
    if (!dirty || restore) return;
    const t = setTimeout(() => {
      setAutosave({ state: 'saving' });
      autosaveDecisionAction({ id: decisionId, baseRevision: base.revision, content: form as unknown as Record<string, unknown> })
        .then((r) => setAutosave(r.ok ? { state: 'saved', at: r.savedAt } : { state: 'failed', message: r.formError }))
        .catch(() => setAutosave({ state: 'failed', message: 'Could not reach Candor to autosave; your edits are kept in this browser' }));
    }, AUTOSAVE_DELAY_MS);
    return () => clearTimeout(t);
  }, [form, dirty, restore, base.revision, decisionId]);

  // Leaving by an in-app link with unsaved edits asks first (beforeunload covers reloads and closing the tab).
  useEffect(() => {
    if (!dirty) return;
    const onClick = (e: MouseEvent) => {
      const a = (e.target as Element | null)?.closest?.('a[href]') as HTMLAnchorElement | null;
      if (!a || a.target === '_blank' || e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
      const url = new URL(a.href, window.location.href);
      if (url.origin !== window.location.origin || (url.pathname === window.location.pathname && url.hash)) return;
      const ok = window.confirm('You have unsaved edits. They are autosaved and kept in this browser, but not saved as a revision. Leave this page?');
      if (!ok) {
        e.preventDefault();
        e.stopPropagation();
      }
    };
    document.addEventListener('click', onClick, true);
    return () => document.removeEventListener('click', onClick, true);
  }, [dirty]);

  // A newly added card takes the focus, so keyboard users land in it.
  useEffect(() => {
    if (!focusKey) return;
    const el = formRef.current?.querySelector<HTMLElement>(`[data-key="${focusKey}"] input:not([type=checkbox]), [data-key="${focusKey}"] select, [data-key="${focusKey}"] textarea`);
    el?.focus();
    // eslint-disable-next-line react-hooks/set-state-in-effect
    setFocusKey(null);
  }, [focusKey]);

  useEffect(() => {
    if (!dirty) return;
    const t = setTimeout(() => {
      try {
        localStorage.setItem(storageKey, JSON.stringify({ form, base: base.revision, at: new Date().toISOString() }));
      } catch {
        /* quota or privacy mode: the form state is still here */
      }
    }, 400);
    return () => clearTimeout(t);
  }, [form, dirty, base.revision, storageKey]);

  useEffect(() => {
    if (!dirty) return;
    const warn = (e: BeforeUnloadEvent) => e.preventDefault();
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [dirty]);

  const update = useCallback((patch: Partial<FormContent>) => {
    setForm((f) => ({ ...f, ...patch }));
    // A server-side error on a field is answered by editing it.
    setServerErrors((e) => (Object.keys(e).length ? {} : e));
    setNotice(null);
  }, []);

  const save = useCallback(() => {
    const clientErrors = zodErrors(form);
    setShowErrors(true);
    if (Object.keys(clientErrors).length) {
      setFormError(`Nothing was saved: ${Object.keys(clientErrors).length === 1 ? 'one field needs' : `${Object.keys(clientErrors).length} fields need`} attention (marked below). Your text is kept.`);
      const first = Object.keys(clientErrors)[0];
      if (first) document.getElementById(ctlId(first))?.focus();
      return;
    }
    setFormError(null);
    startTransition(async () => {
      let result: Awaited<ReturnType<typeof saveDecisionAction>>;
      const { content: toSave, index } = fromFormIndexed(form);
      try {
        result = await saveDecisionAction({ id: decisionId, baseRevision: base.revision, content: toSave });
      } catch {
        setFormError('Could not reach Candor, so nothing was saved. Your text is kept here; try again in a moment.');
        return;
      }
      if (result.ok) {
        setConflict(null);
        setServerErrors({});
        setShowErrors(false);
        setTouched(new Set());
        setAutosave({ state: 'idle' });
        if (result.changed.length === 0) {
          setNotice('Nothing changed since the last revision, so no new revision was made.');
        } else {
          setNotice(`Saved as revision ${result.revision}.`);
        }
        const saved = toForm(result.content);
        setBase({ revision: result.revision, content: result.content, fingerprint: fingerprint(saved) });
        setGateNow(result.gate);
        try {
          localStorage.removeItem(storageKey);
        } catch {
          /* ignore */
        }
        return;
      }
      setServerErrors(Object.fromEntries(Object.entries(result.fieldErrors).map(([p, m]) => [toFormPath(p, index), m])));
      if (result.conflict) {
        setConflict({ message: result.formError, ...result.conflict });
        setFormError(null);
      } else {
        setFormError(`Nothing was saved: ${result.formError}. Your text is kept.`);
      }
    });
  }, [form, base.revision, decisionId, storageKey]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if ((e.metaKey || e.ctrlKey) && e.key.toLowerCase() === 's') {
        e.preventDefault();
        save();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [save]);

  const normalize = (f: FormContent) => fromForm(f) as unknown as Record<ContentKey, unknown>;

  function keepMineOnTop() {
    if (!conflict) return;
    const { merged, overlapping } = rebaseContent(toForm(base.content), form, toForm(conflict.theirs), normalize);
    setForm(merged);
    setBase({ revision: conflict.currentRevision, content: conflict.theirs, fingerprint: fingerprint(toForm(conflict.theirs)) });
    setConflict(null);
    setNotice(
      `Your edits now sit on top of revision ${conflict.currentRevision}.` +
        (overlapping.length ? ` You both changed ${overlapping.map((k) => SECTION_LABELS[k]).join(', ')}: yours is kept there, check it before saving.` : '') +
        ` Save to make revision ${conflict.currentRevision + 1}.`,
    );
  }

  function discardMine() {
    if (!conflict) return;
    const theirs = toForm(conflict.theirs);
    setForm(theirs);
    setBase({ revision: conflict.currentRevision, content: conflict.theirs, fingerprint: fingerprint(theirs) });
    setConflict(null);
    setNotice(`Loaded revision ${conflict.currentRevision}. Your edits were discarded.`);
  }

  // The minimum-time-in-review check moves with the clock, so tick once a minute.
  const [clock, setClock] = useState(gate.loadedAt);
  useEffect(() => {
    const t = setInterval(() => setClock(Date.now()), 60_000);
    return () => clearInterval(t);
  }, []);
  // The publish checklist and the linter, evaluated as the author types (the same pure function the server enforces).
  // As if the form were saved: a material change would make the verdicts stale and restart the review window.
  const readiness = useMemo(() => {
    const parsed = { data: lenientContent(form, base.content) };
    if (!parsed.data) return null;
    const cat = new Map(catalogue.map((m) => [m.key, { name: m.name, kind: m.kind }]));
    const metricOwners = Object.fromEntries(catalogue.map((m) => [m.key, { id: m.ownerId, name: m.ownerName }]));
    const changedAt = changedAtIfSaved(base.content, parsed.data, gateNow.changedAt, base.revision);
    const materialChangedAt = materialRevision(changedAt) > materialRevision(gateNow.changedAt) ? clock : gateNow.materialChangedAt;
    return evaluateGate(
      {
        status: gateNow.status,
        content: parsed.data,
        authors: gateNow.authors,
        // A save that changes something makes a revision, the editor's: a metric owner vouches for the evidence by it.
        lastWrote: changedSections(base.content, parsed.data).length > 0 ? { ...gateNow.lastWrote, [gateNow.editorId]: base.revision + 1 } : gateNow.lastWrote,
        // The editor is an author: a revision of theirs adds no function the authors don't have.
        writerFunctions: gateNow.writerFunctions,
        lastVouched: gateNow.lastVouched,
        vouchFloor: gateNow.vouchFloor,
        inReviewSince: gateNow.inReviewSince,
        materialChangedAt,
        changedAt,
        metricOwners,
        catalogue: cat,
      },
      gateNow.reviews,
      gateNow.comments,
      gateNow.policy,
      clock,
    );
  }, [form, base.content, base.revision, catalogue, gateNow, clock]);
  const [lastReadiness, setLastReadiness] = useState(readiness);
  if (readiness && readiness !== lastReadiness) setLastReadiness(readiness);
  const shown = readiness ?? lastReadiness;
  const lintByField = useMemo(() => {
    const m = new Map<string, FieldFinding[]>();
    const add = (f: FieldFinding) => m.set(f.field, [...(m.get(f.field) ?? []), f]);
    // What the record itself still lacks to be published shows under the field too, as the linter's errors do
    // (every failing check that names a field; the methodology check's findings arrive below, one by one).
    for (const c of shown?.checks ?? []) {
      if (c.ok || !c.field || c.id === 'methodology.lint') continue;
      for (const issue of c.issues ?? (c.field ? [{ field: c.field, message: c.message }] : [])) add({ id: c.id, level: 'error', chip: 'To publish', ...issue });
    }
    for (const f of shown?.lint ?? []) add(f);
    return m;
  }, [shown]);

  const conflictDiffs = useMemo(() => (conflict ? diffContent(base.content, conflict.theirs) : []), [conflict, base.content]);
  const metricOptions = useMemo(() => [...catalogue].sort((a, b) => a.name.localeCompare(b.name)), [catalogue]);

  const text = (key: 'title' | 'summary' | 'outcomeReviewDate' | 'tags') => ({
    value: form[key],
    onChange: (e: React.ChangeEvent<HTMLInputElement | HTMLTextAreaElement>) => update({ [key]: e.target.value } as Partial<FormContent>),
  });
  const md = (key: 'context' | 'decision' | 'methodology' | 'openCritique' | 'risks') => ({
    id: ctlId(key),
    value: form[key],
    onChange: (v: string) => update({ [key]: v } as Partial<FormContent>),
    error: errors[key],
  });

  function listUpdater<K extends 'options' | 'dataSources' | 'metrics' | 'evidence'>(key: K) {
    type Item = FormContent[K][number];
    const list = form[key] as Item[];
    return {
      set: (i: number, patch: Partial<Item>) => update({ [key]: list.map((x, j) => (j === i ? { ...x, ...patch } : x)) } as Partial<FormContent>),
      remove: (i: number) => update({ [key]: list.filter((_, j) => j !== i) } as Partial<FormContent>),
      move: (i: number, to: number) => update({ [key]: move(list, i, to) } as Partial<FormContent>),
      add: (item: Item) => {
        update({ [key]: [...list, item] } as Partial<FormContent>);
        setFocusKey(item._key);
      },
    };
  }
  const options = listUpdater('options');
  const sources = listUpdater('dataSources');
  const metrics = listUpdater('metrics');
  const evidence = listUpdater('evidence');

  return (
    <LintContext.Provider value={lintByField}>
    <form
      ref={formRef}
      className="editor"
      onBlur={(e) => {
        // Errors show once a field has been left, not while it is first typed.
        const path = pathOfControl((e.target as HTMLElement).id ?? '');
        if (path && !touched.has(path)) setTouched((t) => new Set(t).add(path));
      }}
      onSubmit={(e) => {
        e.preventDefault();
        save();
      }}
      noValidate
      aria-labelledby="editor-title"
    >
      <nav className="breadcrumbs" aria-label="Breadcrumb">
        {teamName} / <Link href={`/decisions/${decisionId}`}>Decision #{decisionId}</Link> / Edit
      </nav>
      <h1 id="editor-title">{inReview ? 'Edit decision in review' : 'Edit draft'}</h1>
      <p className="muted">
        Every save makes a new revision; nothing is overwritten.{' '}
        {inReview ? 'Reviewers see each revision; a change to what they judge makes their verdicts stale.' : 'Saving an incomplete draft is fine — the publish checklist tells you what is missing.'}
      </p>
      {restore && (
        <div className="banner info" role="status">
          <p>
            {restore.where === 'server' ? `Your unsaved edits to this ${what} were autosaved` : `This browser kept unsaved edits to this ${what}`} on {new Date(restore.at).toLocaleString()} (based on revision {restore.base}).
          </p>
          <div className="row">
            <button
              type="button"
              className="button small primary"
              onClick={() => {
                setForm(restore.form);
                if (restore.base !== base.revision) setBase((b) => ({ ...b, revision: restore.base }));
                setRestore(null);
              }}
            >
              Restore my unsaved edits
            </button>
            <button
              type="button"
              className="button small"
              onClick={() => {
                try {
                  localStorage.removeItem(storageKey);
                } catch {
                  /* ignore */
                }
                void discardAutosaveAction({ id: decisionId }).catch(() => undefined);
                setRestore(null);
              }}
            >
              Discard them
            </button>
          </div>
        </div>
      )}

      {conflict && (
        <section className="conflict" role="alert" aria-labelledby="conflict-title">
          <h2 id="conflict-title">Not saved: this {what} changed while you were editing</h2>
          <p>
            {conflict.message}. <strong>Your text is still here</strong> — nothing you typed was lost or overwritten.
          </p>
          {conflictDiffs.length > 0 && (
            <details open>
              <summary>What revision {conflict.currentRevision} changed</summary>
              {conflictDiffs.map((d) => (
                <div key={d.section} style={{ marginTop: '0.6rem' }}>
                  <strong>{d.label}</strong>
                  {d.changes.length > 0 ? (
                    <ul className="small">
                      {d.changes.map((c, i) => (
                        <li key={i}>{describeChange(c)}</li>
                      ))}
                    </ul>
                  ) : (
                    <Diff segments={d.segments} />
                  )}
                </div>
              ))}
            </details>
          )}
          <div className="row" style={{ marginTop: '0.8rem' }}>
            <button type="button" className="button primary" onClick={keepMineOnTop}>
              Keep my edits on top of revision {conflict.currentRevision}
            </button>
            <a className="button" href={`/decisions/${decisionId}/revisions/${conflict.currentRevision}`} target="_blank" rel="noreferrer">
              Open revision {conflict.currentRevision} in a new tab
            </a>
            <button type="button" className="button danger" onClick={discardMine}>
              Discard my edits
            </button>
          </div>
        </section>
      )}

      {formError && (
        <p className="form-error" role="status">
          {formError}
        </p>
      )}
      {notice && dirty && (
        <p className="banner info small" role="status">
          {notice}
        </p>
      )}

      <div className="editor-layout">
      {shown && (
        <aside className="editor-aside" aria-label="Publish checklist">
          <details key={wide ? 'wide' : 'narrow'} open={wide || undefined} className={`card merge-box ${shown.ready ? 'ready' : 'blocked'}`}>
            <summary>
              <strong>Publish checklist:</strong> {shown.checks.filter((c) => c.ok).length} of {shown.checks.length} passing
              {shown.lint.length > 0 && ` · ${shown.lint.length} linter finding${shown.lint.length === 1 ? '' : 's'} (shown by their fields)`}
            </summary>
            <div className="merge-box-body">
              <Checklist checks={shown.checks} collapsePassing hrefFor={(f) => `#${ctlId(f)}`} />
              <p className="small muted">Updated as you type, as if saved. Verdicts go stale, and the review window starts again, when you save a change in words to the title, summary, decision, options, data sources, methodology, metrics, evidence or open critique.</p>
            </div>
          </details>
        </aside>
      )}
      <div className="editor-main">
      <section className="editor-section" aria-labelledby="sec-basics">
        <h2 id="sec-basics">The decision in brief</h2>
        <p className="hint">Readers skim these first; make them stand alone.</p>
        <div className="field">
          <label htmlFor={ctlId('title')}>Title</label>
          {/* No maxLength: a pasted title longer than the limit is kept whole and the message says so, not cut short unseen. */}
          <input type="text" {...text('title')} {...a11y('title', errors, form.title.length > TITLE_MAX - 40 ? 'title-count' : undefined)} />
          {form.title.length > TITLE_MAX - 40 && (
            <p className="hint" id="title-count" aria-live="polite">
              {form.title.length} of {TITLE_MAX} characters
            </p>
          )}
          <FieldError path="title" errors={errors} />
        </div>
        <div className="field">
          <label htmlFor={ctlId('summary')}>Summary (TL;DR)</label>
          <p className="hint" id="summary-hint">
            One short paragraph: what we decided, and the evidence in a sentence.
          </p>
          <textarea rows={3} maxLength={2000} {...text('summary')} {...a11y('summary', errors, 'summary-hint')} />
          <FieldError path="summary" errors={errors} />
        </div>
      </section>

      <section className="editor-section" aria-labelledby="sec-context">
        <h2 id="sec-context">Context and decision</h2>
        <MarkdownField label="Context" hint="The problem, and why now." {...md('context')} after={<LintNotes path="context" />} />
        <MarkdownField label="Decision" hint="What we will do. While in review this may still be a proposal." {...md('decision')} after={<LintNotes path="decision" />} />
      </section>

      <section className="editor-section" aria-labelledby="sec-options">
        <h2 id="sec-options">Options considered</h2>
        <p className="hint">Include the options you did not choose: a record with one option shows no real choice.</p>
        {form.options.map((o: FormOption, i) => (
          <fieldset key={o._key} data-key={o._key} className="repeat-card" aria-label={`Option ${i + 1}`}>
            <CardHeader noun="Option" title={o.name} index={i} count={form.options.length} onMove={(to) => options.move(i, to)} onRemove={() => options.remove(i)} />
            <div className="field">
              <label htmlFor={ctlId(`options.${i}.name`)}>Name</label>
              <input type="text" maxLength={200} value={o.name} onChange={(e) => options.set(i, { name: e.target.value })} {...a11y(`options.${i}.name`, errors)} />
              <FieldError path={`options.${i}.name`} errors={errors} />
            </div>
            <MarkdownField
              id={ctlId(`options.${i}.description`)}
              label="Description"
              rows={4}
              value={o.description}
              onChange={(v) => options.set(i, { description: v })}
              error={errors[`options.${i}.description`]}
            />
            <div className="field">
              <label className="checkbox">
                <input type="checkbox" checked={o.chosen} onChange={(e) => options.set(i, { chosen: e.target.checked })} /> This is the chosen option
              </label>
            </div>
          </fieldset>
        ))}
        <FieldError path="options" errors={errors} />
        <p>
          <button type="button" className="button small" onClick={() => options.add(blankOption())}>
            + Add option
          </button>
        </p>
      </section>

      <section className="editor-section" aria-labelledby="sec-sources">
        <h2 id="sec-sources">Data sources</h2>
        <p className="hint">Where every number came from: a link or the query, who owns it, when it was true, and for whom.</p>
        {form.dataSources.map((s: FormSource, i) => {
          const p = `dataSources.${i}`;
          return (
            <fieldset key={s._key} data-key={s._key} className="repeat-card" aria-label={`Data source ${i + 1}`}>
              <CardHeader noun="Data source" title={s.name} index={i} count={form.dataSources.length} onMove={(to) => sources.move(i, to)} onRemove={() => sources.remove(i)} />
              <div className="repeat-grid">
                <div className="field">
                  <label htmlFor={ctlId(`${p}.name`)}>Name</label>
                  <input type="text" maxLength={200} value={s.name} onChange={(e) => sources.set(i, { name: e.target.value })} {...a11y(`${p}.name`, errors)} />
                  <FieldError path={`${p}.name`} errors={errors} />
                </div>
                <div className="field">
                  <label htmlFor={ctlId(`${p}.kind`)}>Kind</label>
                  <select value={s.kind} onChange={(e) => sources.set(i, { kind: e.target.value as FormSource['kind'] })} {...a11y(`${p}.kind`, errors)}>
                    {SOURCE_KINDS.map((k) => (
                      <option key={k} value={k}>
                        {SOURCE_KIND_LABELS[k]}
                      </option>
                    ))}
                  </select>
                </div>
                <div className="field wide">
                  <label htmlFor={ctlId(`${p}.link`)}>Link</label>
                  <input type="url" inputMode="url" placeholder="https://…" value={s.link} onChange={(e) => sources.set(i, { link: e.target.value })} {...a11y(`${p}.link`, errors)} />
                  <FieldError path={`${p}.link`} errors={errors} />
                </div>
                <div className="field">
                  <label htmlFor={ctlId(`${p}.owner`)}>Owner</label>
                  <input type="text" maxLength={200} value={s.owner} onChange={(e) => sources.set(i, { owner: e.target.value })} {...a11y(`${p}.owner`, errors)} />
                  <FieldError path={`${p}.owner`} errors={errors} />
                </div>
                <div className="field">
                  <label htmlFor={ctlId(`${p}.asOf`)}>As of</label>
                  <input type="date" value={s.asOf} onChange={(e) => sources.set(i, { asOf: e.target.value })} {...a11y(`${p}.asOf`, errors)} />
                  <FieldError path={`${p}.asOf`} errors={errors} />
                </div>
                <div className="field">
                  <label htmlFor={ctlId(`${p}.windowStart`)}>Window start</label>
                  <input type="date" value={s.windowStart} onChange={(e) => sources.set(i, { windowStart: e.target.value })} {...a11y(`${p}.windowStart`, errors)} />
                  <FieldError path={`${p}.windowStart`} errors={errors} />
                </div>
                <div className="field">
                  <label htmlFor={ctlId(`${p}.windowEnd`)}>Window end</label>
                  <input type="date" value={s.windowEnd} onChange={(e) => sources.set(i, { windowEnd: e.target.value })} {...a11y(`${p}.windowEnd`, errors)} />
                  <FieldError path={`${p}.windowEnd`} errors={errors} />
                </div>
                <div className="field">
                  <label htmlFor={ctlId(`${p}.population`)}>Population / segment</label>
                  <input type="text" maxLength={1000} value={s.population} onChange={(e) => sources.set(i, { population: e.target.value })} {...a11y(`${p}.population`, errors)} />
                  <FieldError path={`${p}.population`} errors={errors} />
                </div>
                <div className="field">
                  <label htmlFor={ctlId(`${p}.sampleSize`)}>Sample size</label>
                  <input type="text" inputMode="numeric" value={s.sampleSize} onChange={(e) => sources.set(i, { sampleSize: e.target.value })} {...a11y(`${p}.sampleSize`, errors, `${ctlId(p)}-n-hint`)} />
                  <p className="hint" id={`${ctlId(p)}-n-hint`}>
                    Required for A/B tests and surveys.
                  </p>
                  <FieldError path={`${p}.sampleSize`} errors={errors} />
                </div>
                <div className="field wide">
                  <label htmlFor={ctlId(`${p}.query`)}>Query</label>
                  <textarea className="mono" rows={3} value={s.query} onChange={(e) => sources.set(i, { query: e.target.value })} {...a11y(`${p}.query`, errors)} />
                  <FieldError path={`${p}.query`} errors={errors} />
                </div>
                <div className="wide">
                  <MarkdownField id={ctlId(`${p}.notes`)} label="Notes" rows={3} value={s.notes} onChange={(v) => sources.set(i, { notes: v })} error={errors[`${p}.notes`]} after={<LintNotes path={`${p}.notes`} />} />
                </div>
              </div>
            </fieldset>
          );
        })}
        <FieldError path="dataSources" errors={errors} />
        <p>
          <button type="button" className="button small" onClick={() => sources.add(blankSource())}>
            + Add data source
          </button>
        </p>
      </section>

      <section className="editor-section" aria-labelledby="sec-method">
        <h2 id="sec-method">Analysis</h2>
        <MarkdownField
          label="Methodology"
          hint="How the data was analysed: population, time window, assignment, statistical test, and what you would have concluded otherwise."
          {...md('methodology')}
          rows={10}
          after={<LintNotes path="methodology" />}
        />
      </section>

      <section className="editor-section" aria-labelledby="sec-metrics">
        <h2 id="sec-metrics">Success metrics</h2>
        <p className="hint">Cite metrics from the catalogue. Their owners become required reviewers.</p>
        {form.metrics.map((m: FormMetric, i) => {
          const p = `metrics.${i}`;
          const cat = catalogue.find((c) => c.key === m.key);
          return (
            <fieldset key={m._key} data-key={m._key} className="repeat-card" aria-label={`Metric ${i + 1}`}>
              <CardHeader noun="Metric" title={cat?.name ?? m.key} index={i} count={form.metrics.length} onMove={(to) => metrics.move(i, to)} onRemove={() => metrics.remove(i)} />
              <div className="repeat-grid">
                {/* Full width: catalogue names with their kind are long ("Checkout conversion (Primary)"). */}
                <div className="field wide">
                  <label htmlFor={ctlId(`${p}.key`)}>Metric</label>
                  <select value={m.key} onChange={(e) => metrics.set(i, { key: e.target.value })} {...a11y(`${p}.key`, errors)}>
                    <option value="">Choose a metric…</option>
                    {metricOptions.map((c) => (
                      <option key={c.key} value={c.key}>
                        {c.name} ({METRIC_KIND_LABELS[c.kind]})
                      </option>
                    ))}
                  </select>
                  <FieldError path={`${p}.key`} errors={errors} />
                </div>
                <div className="field">
                  <label htmlFor={ctlId(`${p}.role`)}>Role in this decision</label>
                  <select value={m.role} onChange={(e) => metrics.set(i, { role: e.target.value as FormMetric['role'] })} {...a11y(`${p}.role`, errors)}>
                    {METRIC_ROLES.map((r) => (
                      <option key={r} value={r}>
                        {METRIC_KIND_LABELS[r]}
                      </option>
                    ))}
                  </select>
                </div>
                <div className="field">
                  <label htmlFor={ctlId(`${p}.expectedDirection`)}>Expected direction</label>
                  <select value={m.expectedDirection} onChange={(e) => metrics.set(i, { expectedDirection: e.target.value as FormMetric['expectedDirection'] })} {...a11y(`${p}.expectedDirection`, errors)}>
                    <option value="">Not stated</option>
                    {DIRECTIONS.map((d) => (
                      <option key={d} value={d}>
                        {DIRECTION_LABELS[d]}
                      </option>
                    ))}
                  </select>
                  <FieldError path={`${p}.expectedDirection`} errors={errors} />
                </div>
                <div className="field">
                  <label htmlFor={ctlId(`${p}.expectedEffect`)}>Expected effect</label>
                  <input type="text" maxLength={200} placeholder="e.g. +2 to +4 %" value={m.expectedEffect} onChange={(e) => metrics.set(i, { expectedEffect: e.target.value })} {...a11y(`${p}.expectedEffect`, errors)} />
                  <FieldError path={`${p}.expectedEffect`} errors={errors} />
                </div>
              </div>
            </fieldset>
          );
        })}
        <FieldError path="metrics" errors={errors} />
        <p className="row">
          <button type="button" className="button small" onClick={() => metrics.add(blankMetric())} disabled={catalogue.length === 0}>
            + Cite a metric
          </button>
          {catalogue.length === 0 && (
            <span className="small muted">
              The catalogue is empty: <Link href="/metrics">add metrics</Link> first.
            </span>
          )}
        </p>
      </section>

      <section className="editor-section" aria-labelledby="sec-evidence">
        <h2 id="sec-evidence">Evidence</h2>
        <p className="hint">Optional results table. Relative change and its 95% confidence interval are in percent (2.5 means +2.5 %).</p>
        <datalist id="metric-keys">
          {catalogue.map((c) => (
            <option key={c.key} value={c.key}>
              {c.name}
            </option>
          ))}
        </datalist>
        {form.evidence.map((r: FormEvidence, i) => {
          const p = `evidence.${i}`;
          const num = (field: 'baseline' | 'observed' | 'relativeChange' | 'ciLow' | 'ciHigh', label: string) => (
            <div className="field">
              <label htmlFor={ctlId(`${p}.${field}`)}>{label}</label>
              <input type="text" inputMode="decimal" value={r[field]} onChange={(e) => evidence.set(i, { [field]: e.target.value })} {...a11y(`${p}.${field}`, errors)} />
              <FieldError path={`${p}.${field}`} errors={errors} />
            </div>
          );
          return (
            <fieldset key={r._key} data-key={r._key} className="repeat-card" aria-label={`Evidence row ${i + 1}`}>
              <CardHeader noun="Evidence row" title={r.metric} index={i} count={form.evidence.length} onMove={(to) => evidence.move(i, to)} onRemove={() => evidence.remove(i)} />
              <LintNotes path={p} />
              <div className="repeat-grid">
                <div className="field">
                  <label htmlFor={ctlId(`${p}.metric`)}>Metric</label>
                  <input type="text" list="metric-keys" value={r.metric} onChange={(e) => evidence.set(i, { metric: e.target.value })} {...a11y(`${p}.metric`, errors)} />
                  <FieldError path={`${p}.metric`} errors={errors} />
                </div>
                {num('baseline', 'Baseline')}
                {num('observed', 'Observed')}
                {num('relativeChange', 'Relative change (%)')}
                {num('ciLow', 'CI low (%)')}
                {num('ciHigh', 'CI high (%)')}
              </div>
            </fieldset>
          );
        })}
        <FieldError path="evidence" errors={errors} />
        <p>
          <button type="button" className="button small" onClick={() => evidence.add(blankEvidence())}>
            + Add evidence row
          </button>
        </p>
      </section>

      <section className="editor-section" aria-labelledby="sec-critique">
        <h2 id="sec-critique">Open critique, risks and follow-up</h2>
        <MarkdownField label="Open critique" hint="Known limitations, the strongest argument against this decision, and open questions for reviewers." {...md('openCritique')} after={<LintNotes path="openCritique" />} />
        <MarkdownField label="Risks and consequences" {...md('risks')} rows={6} />
        <div className="repeat-grid">
          <div className="field">
            <label htmlFor={ctlId('outcomeReviewDate')}>Outcome review date</label>
            <input type="date" {...text('outcomeReviewDate')} {...a11y('outcomeReviewDate', errors, 'ord-hint')} />
            <p className="hint" id="ord-hint">
              When to check whether this worked.
            </p>
            <FieldError path="outcomeReviewDate" errors={errors} />
          </div>
          <div className="field">
            <label htmlFor={ctlId('tags')}>Tags</label>
            <input type="text" placeholder="checkout, pricing" {...text('tags')} {...a11y('tags', errors, 'tags-hint')} />
            <p className="hint" id="tags-hint">
              Separate with commas.
            </p>
            <FieldError path="tags" errors={errors} />
            {Object.entries(errors)
              .filter(([k]) => k.startsWith('tags.'))
              .slice(0, 1)
              .map(([k, v]) => (
                <p key={k} className="field-error">
                  {v}
                </p>
              ))}
          </div>
        </div>
      </section>

      </div>
      </div>

      <div className="save-bar">
        <div className="inner">
          <span className={`save-state${dirty ? ' dirty' : ''}`} role="status" aria-live="polite">
            Editing revision {base.revision} · {pending ? 'Saving…' : dirty ? 'Unsaved changes' : (notice ?? 'All changes saved')}
          </span>
          {dirty && !pending && (
            <span className={`small ${autosave.state === 'failed' ? 'field-error' : 'muted'}`}>
              {restore
                ? 'Autosave paused until you restore or discard the kept edits'
                : autosave.state === 'saving'
                  ? 'Autosaving…'
                  : autosave.state === 'saved' && autosave.at
                    ? `Autosaved at ${new Date(autosave.at).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })}`
                    : autosave.state === 'failed'
                      ? autosave.message
                      : null}
            </span>
          )}
          <span className="spacer" />
          <Link className="button" href={`/decisions/${decisionId}`}>
            View decision
          </Link>
          <button type="submit" className="button primary" disabled={pending} aria-keyshortcuts="Control+S Meta+S">
            {pending ? 'Saving…' : `Save revision ${base.revision + 1}`}
          </button>
        </div>
      </div>
    </form>
    </LintContext.Provider>
  );
}
