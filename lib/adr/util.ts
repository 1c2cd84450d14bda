import type { Nodes, Root } from 'mdast';
import remarkFrontmatter from 'remark-frontmatter';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import { unified } from 'unified';

/*
 * Small pure helpers shared by the ADR parser and the exporter.
 */

const processor = unified().use(remarkParse).use(remarkFrontmatter, ['yaml']).use(remarkGfm);

/** Markdown (GFM, YAML front matter) → mdast. Positions are offsets into `source`. */
export function parseTree(source: string): Root {
  return processor.parse(source);
}

/** The text a reader sees: no markup, no HTML (comments included), image alt text kept. */
export function plainText(node: Nodes): string {
  switch (node.type) {
    case 'text':
    case 'inlineCode':
    case 'code':
      return node.value;
    case 'html':
    case 'yaml':
    case 'definition':
    case 'footnoteDefinition':
      return '';
    case 'image':
      return node.alt ?? '';
    case 'break':
      return '\n';
    default:
      if ('children' in node) {
        const sep = node.type === 'root' || node.type === 'list' || node.type === 'listItem' || node.type === 'blockquote' ? '\n' : '';
        return (node.children as Nodes[]).map(plainText).join(sep);
      }
      return '';
  }
}

export function collapseSpace(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}

/** Cuts a string to at most `max` UTF-16 units without splitting a surrogate pair, adding an ellipsis. */
export function truncate(s: string, max: number): string {
  if (s.length <= max) return s;
  let cut = max - 1;
  const code = s.charCodeAt(cut - 1);
  if (code >= 0xd800 && code <= 0xdbff) cut -= 1;
  return `${s.slice(0, cut).trimEnd()}…`;
}

/** Cuts prose to at most `max` characters, preferring the end of a sentence. */
export function truncateAtSentence(s: string, max: number): string {
  if (s.length <= max) return s;
  const head = s.slice(0, max);
  const re = /[.!?…](?=\s|$)/g;
  let end = -1;
  for (let m = re.exec(head); m; m = re.exec(head)) end = m.index + 1;
  if (end > max / 3) return head.slice(0, end).trim();
  return truncate(s, max);
}

/** Candor's tag rule: lowercase letters and digits, dashes inside, at most 40 characters. */
export function normaliseTag(raw: string): string | null {
  let t = raw
    .normalize('NFC')
    .trim()
    .toLowerCase()
    .replace(/[\s_]+/g, '-')
    .replace(/[^\p{L}\p{N}-]/gu, '')
    .replace(/-{2,}/g, '-')
    .replace(/^-+|-+$/g, '');
  if (t.length > 40) t = t.slice(0, 40).replace(/-+$/, '');
  // Lowercasing can change length or leave characters the schema's toLowerCase maps again; check the rule itself.
  if (!t || !/^[\p{L}\p{N}][\p{L}\p{N}-]*$/u.test(t) || t !== t.toLowerCase()) return null;
  return t;
}

export function normaliseTags(raw: string[], max = 50): string[] {
  const out: string[] = [];
  for (const r of raw) {
    const t = normaliseTag(r);
    if (t && !out.includes(t)) out.push(t);
    if (out.length >= max) break;
  }
  return out;
}

/** ASCII slug for file names: "Move the weekly digest" → "move-the-weekly-digest", at most `max` characters. */
export function asciiSlug(title: string, max = 60): string {
  const s = title
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .replace(/ß/g, 'ss')
    .replace(/æ/gi, 'ae')
    .replace(/ø/gi, 'o')
    .replace(/œ/gi, 'oe')
    .replace(/ł/gi, 'l')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  if (s.length <= max) return s;
  const cut = s.slice(0, max + 1);
  const lastDash = cut.lastIndexOf('-');
  return (lastDash > max / 2 ? cut.slice(0, lastDash) : s.slice(0, max)).replace(/-+$/, '');
}

/** Is this a real calendar date written YYYY-MM-DD? */
export function isIsoDate(s: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.getUTCFullYear() === Number(m[1]) && d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3]);
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/** Normalises the date forms found in ADRs (2016-02-12, 2016/2/12, 2016-02-12T10:00Z, 12 February 2016, Feb 12, 2016) to YYYY-MM-DD. */
export function normaliseDate(raw: unknown): string | null {
  if (raw instanceof Date) return Number.isNaN(raw.getTime()) ? null : raw.toISOString().slice(0, 10);
  if (typeof raw !== 'string') return null;
  const s = raw.trim();
  const pad = (n: string | number) => String(n).padStart(2, '0');
  let m = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:$|[T\s])/.exec(s);
  if (m) {
    const iso = `${m[1]}-${pad(m[2])}-${pad(m[3])}`;
    return isIsoDate(iso) ? iso : null;
  }
  m = /^(\d{4})(\d{2})(\d{2})$/.exec(s);
  if (m) {
    const iso = `${m[1]}-${m[2]}-${m[3]}`;
    return isIsoDate(iso) ? iso : null;
  }
  m = /^(\d{1,2})(?:st|nd|rd|th)?\s+([a-z]+)\.?,?\s+(\d{4})$/i.exec(s);
  if (m) return monthDate(m[3], m[2], m[1]);
  m = /^([a-z]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})$/i.exec(s);
  if (m) return monthDate(m[3], m[1], m[2]);
  return null;

  function monthDate(year: string, month: string, day: string): string | null {
    const mi = MONTHS.indexOf(month.slice(0, 3).toLowerCase());
    if (mi < 0) return null;
    const iso = `${year}-${pad(mi + 1)}-${pad(day)}`;
    return isIsoDate(iso) ? iso : null;
  }
}

/**
 * Escapes user-written plain text for use inline in Markdown (a heading, a list
 * item, a table cell): it renders as the same text, never as markup. Newlines
 * become spaces, so the text stays on its line.
 */
export function escapeInline(text: string, atLineStart = true): string {
  let s = text.replace(/\r\n?|\n/g, ' ').replace(/\s+/g, ' ').trim();
  s = s.replace(/[\\`*_[\]<>|~#]/g, (c) => `\\${c}`);
  s = s.replace(/&(?=#?[a-z0-9]+;)/gi, '\\&');
  // Line-start constructs: list markers, ordered-list numbers, thematic breaks, setext underlines.
  if (atLineStart) s = s.replace(/^([-+=])/, '\\$1').replace(/^(\d+)([.)])/, '$1\\$2');
  return s;
}

/** Escapes user text for a GFM table cell: `|` and newlines cannot end the cell or the row. */
export function escapeCell(text: string): string {
  const s = escapeInline(text, false);
  return s === '' ? ' ' : s;
}

/** The basename of a link target, without query or fragment, percent-decoded: "../adr/0005-foo.md#x" → "0005-foo.md". */
export function linkTarget(url: string): string {
  let u = url.trim().replace(/[?#].*$/, '');
  u = u.replace(/\/+$/, '');
  const base = u.slice(u.lastIndexOf('/') + 1);
  try {
    return decodeURIComponent(base);
  } catch {
    return base;
  }
}
