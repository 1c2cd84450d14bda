/*
 * Turn whatever a person types into a safe full-text query (SQLite FTS5 or
 * PostgreSQL tsquery). Supported:
 * words (AND), "quoted phrases", prefix*, OR between terms, and -exclusions.
 * Everything else — stray quotes, parentheses, colons, NEAR, carets, emoji —
 * is treated as text or dropped, so no input can be an FTS syntax error.
 * Returns null when nothing searchable is left (the caller answers "no results").
 */

import { SECTION_LABELS, type ContentKey } from './revisions';

export type Term = { text: string; prefix: boolean; negated: boolean; or: boolean };

const WORD = /[\p{L}\p{N}_]+/gu;

function quote(text: string): string {
  return `"${text.replace(/"/g, '""')}"`;
}

/** What a person typed, read once: the terms both engines' query builders render. */
export function parseSearchTerms(input: string): Term[] | null {
  const terms: Term[] = [];
  const src = input.normalize('NFKC').slice(0, 500);
  // Tokens: "phrases", or runs of non-space characters.
  const re = /(-?)"([^"]*)"?|(\S+)/g;
  let pendingOr = false;
  for (const m of src.matchAll(re)) {
    if (m[3] !== undefined && m[3] === 'OR') {
      pendingOr = terms.length > 0;
      continue;
    }
    const negated = m[1] === '-' || (m[3]?.startsWith('-') ?? false);
    const raw = m[2] ?? m[3]!.replace(/^-+/, '');
    const words = raw.match(WORD);
    if (!words) continue;
    const prefix = m[3] !== undefined && /\*$/.test(m[3]) && words.length === 1;
    terms.push({ text: words.join(' '), prefix, negated, or: pendingOr && !negated });
    pendingOr = false;
  }
  return terms.some((t) => !t.negated) ? terms : null;
}

/** SQLite FTS5 MATCH syntax. */
export function toFtsQuery(input: string): string | null {
  const terms = parseSearchTerms(input);
  if (!terms) return null;
  const positives = terms.filter((t) => !t.negated);
  const atom = (t: Term) => `${quote(t.text)}${t.prefix ? '*' : ''}`;
  // FTS5's NOT is binary: exclusions apply to the whole positive part, wherever they were typed.
  let q = positives.map((t, i) => (i === 0 ? atom(t) : `${t.or ? 'OR' : 'AND'} ${atom(t)}`)).join(' ');
  const negatives = terms.filter((t) => t.negated);
  if (negatives.length) q = `(${q})${negatives.map((t) => ` NOT ${atom(t)}`).join('')}`;
  return q;
}

/**
 * Whether an FTS5 query from toFtsQuery has a prefix term (`"conver"*`). A
 * term's text is words and spaces only, so `"*` comes from a prefix and
 * nothing else.
 */
export function ftsHasPrefix(query: string): boolean {
  return query.includes('"*');
}

/**
 * PostgreSQL to_tsquery syntax with the same meaning: words AND, phrases as
 * `a <-> b`, `prefix:*`, OR, and exclusions applied to the whole positive part.
 * Every lexeme is made of letters, digits and underscores only (WORD), so
 * nothing typed can be tsquery syntax.
 */
export function toTsQuery(input: string): string | null {
  const terms = parseSearchTerms(input);
  if (!terms) return null;
  const atom = (t: Term) => {
    const words = t.text.split(' ');
    const body = words.length > 1 ? `(${words.join(' <-> ')})` : words[0]!;
    return t.prefix ? `${body}:*` : body;
  };
  // As in FTS5, NOT binds tightest, then AND, then OR.
  const positives = terms.filter((t) => !t.negated);
  let q = positives.map((t, i) => (i === 0 ? atom(t) : `${t.or ? '|' : '&'} ${atom(t)}`)).join(' ');
  const negatives = terms.filter((t) => t.negated);
  if (negatives.length) q = `(${q})${negatives.map((t) => ` & !${atom(t)}`).join('')}`;
  return q;
}

/** Whether a tsquery from toTsQuery has a phrase (`a <-> b`): only a quoted run of words renders `<->`. */
export function tsHasPhrase(query: string): boolean {
  return query.includes('<->');
}

/** Split an FTS snippet with \u0002 … \u0003 markers into text parts, hits marked. */
export type SnippetPart = { text: string; hit: boolean };
export const HIT_OPEN = '\u0002';
export const HIT_CLOSE = '\u0003';

export function snippetParts(snippet: string): SnippetPart[] {
  const parts: SnippetPart[] = [];
  for (const piece of snippet.split(HIT_OPEN)) {
    const [hit, rest] = piece.includes(HIT_CLOSE) ? piece.split(HIT_CLOSE, 2) : [null, piece];
    if (hit) parts.push({ text: hit, hit: true });
    if (rest) parts.push({ text: rest.replace(/\s+/g, ' '), hit: false });
  }
  return parts;
}

/** Where a search excerpt was taken from: a section of the record the index holds (its content key), or the comments. */
export type SnippetSource = Extract<ContentKey, 'title' | 'summary' | 'decision' | 'context' | 'options' | 'methodology' | 'openCritique' | 'risks' | 'dataSources'> | 'comments';

/** How a result names where its excerpt comes from: "In the comments", "In the risks and consequences". */
export function snippetSourceLabel(source: SnippetSource): string {
  return `In the ${source === 'comments' ? 'comments' : SECTION_LABELS[source].toLowerCase()}`;
}

/** The same snippet as safe HTML (for the API): text escaped, hits in <mark>. */
export function snippetHtml(parts: SnippetPart[]): string {
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
  return parts.map((p) => (p.hit ? `<mark>${esc(p.text)}</mark>` : esc(p.text))).join('');
}
