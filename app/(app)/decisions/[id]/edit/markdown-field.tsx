'use client';

import { useEffect, useId, useState } from 'react';
import { MARKDOWN_MAX } from '@/lib/validation/decision';

/**
 * A Markdown field with Write / Preview. The preview is produced by the same
 * sanitising renderer the server uses (lib/markdown.ts), loaded on first use.
 */
export function MarkdownField({
  id,
  label,
  hint,
  value,
  onChange,
  error,
  rows = 8,
  max = MARKDOWN_MAX,
  after,
}: {
  id: string;
  label: string;
  hint?: string;
  value: string;
  onChange: (v: string) => void;
  error?: string;
  rows?: number;
  max?: number;
  after?: React.ReactNode;
}) {
  const [mode, setMode] = useState<'write' | 'preview'>('write');
  const [html, setHtml] = useState<string | null>(null);
  const labelId = useId();
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;

  useEffect(() => {
    if (mode !== 'preview') return;
    let live = true;
    import('@/lib/markdown').then(({ renderMarkdown }) => {
      if (live) setHtml(renderMarkdown(value));
    });
    return () => {
      live = false;
    };
  }, [mode, value]);

  const describedBy = [error ? errorId : null, hint ? hintId : null].filter(Boolean).join(' ') || undefined;
  return (
    <div className="field md-field">
      <div className="md-toolbar">
        <label htmlFor={id} id={labelId} className="field-label">
          {label}
        </label>
        <div className="segmented" role="group" aria-label={`${label}: write or preview`}>
          <button type="button" aria-pressed={mode === 'write'} onClick={() => setMode('write')}>
            Write
          </button>
          <button type="button" aria-pressed={mode === 'preview'} onClick={() => setMode('preview')}>
            Preview
          </button>
        </div>
      </div>
      {hint && (
        <p className="hint" id={hintId}>
          {hint}
        </p>
      )}
      {mode === 'write' ? (
        <textarea id={id} rows={rows} value={value} onChange={(e) => onChange(e.target.value)} aria-invalid={!!error} aria-describedby={describedBy} maxLength={max} />
      ) : (
        <div className="md-preview" aria-labelledby={labelId} role="region" aria-live="polite" tabIndex={0}>
          {value.trim() ? (
            html === null ? (
              <p className="faint">Rendering…</p>
            ) : (
              // Sanitised by lib/markdown.ts, like everything rendered from user text.
              <div className="prose" dangerouslySetInnerHTML={{ __html: html }} />
            )
          ) : (
            <p className="placeholder">Nothing to preview yet.</p>
          )}
        </div>
      )}
      {value.length > max * 0.8 && (
        <p className="hint">
          {value.length.toLocaleString('en')} of {max.toLocaleString('en')} characters
        </p>
      )}
      {error && (
        <p className="field-error" id={errorId}>
          {error}
        </p>
      )}
      {after}
    </div>
  );
}
