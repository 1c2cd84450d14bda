import type { Heading, Link, List, ListItem, Nodes, Paragraph, Root, RootContent } from 'mdast';
import { visit } from 'unist-util-visit';
import { parse as parseYaml } from 'yaml';
import {
  decisionContentSchema,
  emptyContent,
  LIST_MAX,
  MARKDOWN_MAX,
  type DecisionContent,
  type Option,
} from '@/lib/validation/decision';
import { z } from 'zod';
import { calendarDateSchema, cleanLine, cleanText } from '@/lib/validation/common';
import { OUTCOME_VERDICTS } from '@/lib/vocabulary';
import { checkAdrText } from './limits';
import type { AdrFormat, AdrStatus, CandorRecord, ParsedAdr, ParseResult } from './types';
import {
  collapseSpace,
  linkTarget,
  normaliseDate,
  normaliseTags,
  parseTree,
  plainText,
  truncate,
  truncateAtSentence,
} from './util';

export type { AdrFormat, AdrStatus, ParsedAdr, ParseResult } from './types';

/*
 * Reads one Architecture Decision Record — MADR (YAML front matter and
 * headings), Nygard / adr-tools (`Date:` line, `## Status` section), log4brains
 * (inline `- Status:` / `- Date:` / `- Tags:` / `- Deciders:` list) or a file
 * written by Candor's own exporter — into Candor's decision content.
 *
 * The document is parsed with remark (GFM + front matter); regular expressions
 * are only applied to single lines or text nodes. Sections are taken as
 * Markdown sliced from the source by node positions, so links, code and lists
 * survive. Nothing is dropped silently: sections Candor has no field for are
 * appended to the context under their own heading; only HTML comments and
 * sections made entirely of template placeholders are left out.
 */

// ---------------------------------------------------------------------------
// Reasons a file is skipped

export const SKIP_REASONS = {
  notMarkdown: 'Not a Markdown file (.md)',
  empty: 'The file is empty',
  noContent: 'The file has no content besides front matter and HTML comments',
} as const;

function templateReason(fileName: string, flavour: 'madr' | 'log4brains' | 'unknown'): string {
  const what = flavour === 'madr' ? 'the MADR template' : flavour === 'log4brains' ? 'the log4brains template' : 'an ADR template';
  return `${fileName} is ${what}, not a decision record`;
}

function indexReason(fileName: string): string {
  return `${fileName} lists the records; it is not one itself`;
}

function readmeReason(fileName: string): string {
  return `${fileName} describes the folder; it is not a decision record`;
}

// ---------------------------------------------------------------------------
// Source slicing

const COMMENT = /<!--[\s\S]*?-->/g;
const BLOCK_PARENTS = new Set(['root', 'listItem', 'blockquote', 'footnoteDefinition']);

function isCommentOnly(html: string): boolean {
  return html.includes('<!--') && html.replace(COMMENT, '').trim() === '';
}

/** The normalised source text, with the ranges of HTML comments to leave out of every slice. */
class Source {
  private readonly cuts: [number, number][] = [];

  constructor(
    readonly text: string,
    tree: Root,
  ) {
    visit(tree, 'html', (node, _index, parent) => {
      const start = node.position?.start.offset;
      const end = node.position?.end.offset;
      if (start === undefined || end === undefined || !isCommentOnly(node.value)) return;
      let s = start;
      let e = end;
      if (parent && !BLOCK_PARENTS.has(parent.type)) {
        while (s > 0 && (text[s - 1] === ' ' || text[s - 1] === '\t')) s--;
      } else if (text[e] === '\n') {
        e++;
      }
      this.cuts.push([s, e]);
    });
    this.cuts.sort((a, b) => a[0] - b[0]);
  }

  private range(start: number, end: number): string {
    let out = '';
    let at = start;
    // Binary search for the first cut that ends after `start`: files with many comments stay linear.
    let lo = 0;
    let hi = this.cuts.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.cuts[mid][1] <= start) lo = mid + 1;
      else hi = mid;
    }
    for (let i = lo; i < this.cuts.length; i++) {
      const [s, e] = this.cuts[i];
      if (s >= end) break;
      if (e <= at) continue;
      if (s > at) out += this.text.slice(at, s);
      at = Math.max(at, e);
    }
    if (at < end) out += this.text.slice(at, end);
    return out;
  }

  /** A node's Markdown as written (comments removed); continuation lines are dedented to the node's column. */
  node(n: Nodes): string {
    const p = n.position;
    if (p?.start.offset === undefined || p.end.offset === undefined) return '';
    const raw = this.range(p.start.offset, p.end.offset);
    const indent = p.start.column - 1;
    const lines = raw.split('\n');
    const out = indent > 0 ? [lines[0], ...lines.slice(1).map((l) => dedent(l, indent))] : lines;
    return out
      .join('\n')
      .replace(/[ \t]+$/gm, (m, offset: number, all: string) => (all[offset - 1] === '\\' ? m : ''))
      .replace(/^\n+|\s+$/g, '');
  }

  nodes(ns: readonly Nodes[], sep = '\n\n'): string {
    return ns
      .map((n) => this.node(n))
      .filter((s) => s.trim() !== '')
      .join(sep);
  }

  /** A single-line Markdown fragment for a node, soft line breaks joined with spaces. */
  line(n: Nodes): string {
    return collapseSpace(this.node(n));
  }
}

function dedent(line: string, n: number): string {
  let i = 0;
  while (i < n && i < line.length && line[i] === ' ') i++;
  return line.slice(i);
}

// ---------------------------------------------------------------------------
// Text helpers

function headingText(h: Heading): string {
  return collapseSpace(plainText(h));
}

/** "## 2. Context and Problem Statement:" → "context and problem statement". */
function sectionKey(title: string): string {
  return title
    .toLowerCase()
    .replace(/^\d+(?:\.\d+)*[.)]?\s+/, '')
    .replace(/\((?:optional|required)\)/g, '')
    .replace(/[:.\s]+$/, '')
    .replace(/\s+/g, ' ')
    .trim();
}

type Kind = 'context' | 'decision' | 'options' | 'proscons' | 'risks' | 'confirmation' | 'status' | 'methodology' | 'critique' | 'other';

const KINDS: Record<string, Kind> = {
  'context and problem statement': 'context',
  'context and problem': 'context',
  'problem statement': 'context',
  context: 'context',
  'decision outcome': 'decision',
  decision: 'decision',
  'considered options': 'options',
  'options considered': 'options',
  options: 'options',
  'considered alternatives': 'options',
  'alternatives considered': 'options',
  alternatives: 'options',
  'pros and cons of the options': 'proscons',
  'pros and cons of the alternatives': 'proscons',
  'pros and cons': 'proscons',
  consequences: 'risks',
  'positive consequences': 'risks',
  'negative consequences': 'risks',
  'neutral consequences': 'risks',
  risks: 'risks',
  'risks and consequences': 'risks',
  'consequences and risks': 'risks',
  confirmation: 'confirmation',
  status: 'status',
  methodology: 'methodology',
  'open critique': 'critique',
};

function kindOf(title: string): Kind {
  return KINDS[sectionKey(title)] ?? 'other';
}

/** Sections whose relation lines ("Supersedes [x](x.md)") are read. */
const LINK_SECTIONS = new Set(['links', 'more information', 'related decisions', 'related records', 'related adrs', 'references', 'see also', 'status']);

/**
 * Is this text nothing but template placeholders ({…} in MADR 3+, […] in MADR 2 and
 * log4brains) and template boilerplate ("Good, because", "Chosen option:")?
 */
function isPlaceholderOnly(text: string): boolean {
  let t = text;
  let had = false;
  for (const re of [/\{[^{}]*\}/g, /\[[^[\]]*\]/g]) {
    // Innermost first, a few levels deep; stray braces left over are punctuation and are dropped below.
    for (let pass = 0; pass < 8; pass++) {
      const next = t.replace(re, () => {
        had = true;
        return ' ';
      });
      if (next === t) break;
      t = next;
    }
  }
  if (!had) return false;
  t = t
    .replace(/\b(?:chosen option|good|bad|neutral|because|example|e\.g\.)\b/gi, ' ')
    .replace(/[\s\p{P}\p{S}]+/gu, '');
  return t === '';
}

function isTagPlaceholder(text: string): boolean {
  if (isPlaceholderOnly(text.replace(/\[[^[\]]*\]/g, ' '))) return true;
  return [...text.matchAll(/\[([^[\]]*)\]/g)].some((m) => m[1].trim().split(/\s+/).length > 3 || /[|…]/.test(m[1]));
}

function hasCurlyPlaceholder(text: string): boolean {
  return /\{[^{}\n]+\}/.test(text);
}

/** For comparing option names written with different quotes, code spans or emphasis. */
function nameKey(s: string): string {
  return s
    .toLowerCase()
    .replace(/["'`“”‘’«»*_]/g, '')
    .replace(/\s+/g, ' ')
    .replace(/[\s.:;,]+$/, '')
    .trim();
}

/** '"Confirmation"' → 'Confirmation': an option name wholly wrapped in one pair of quotes. */
function unquote(name: string): string {
  const close = QUOTE_PAIRS[name[0]];
  if (!close || name.length < 3 || name[name.length - 1] !== close) return name;
  const inner = name.slice(1, -1);
  return inner.includes(name[0]) || inner.includes(close) ? name : inner.trim();
}

const QUOTE_PAIRS: Record<string, string> = { '"': '"', "'": "'", '“': '”', '‘': '’', '«': '»', '„': '“' };

/** `Chosen option: "X", because …` → X. Handles nested quotes of the other kind and unquoted names. */
export function chosenOptionName(text: string): string | null {
  const m = /^\s*chosen\s+(?:option|alternative|solution)s?\s*:?\s*/i.exec(text);
  if (!m) return null;
  const rest = text.slice(m[0].length).trim();
  if (!rest) return null;
  const open = rest[0];
  const close = QUOTE_PAIRS[open];
  if (close) {
    for (let i = 1; i < rest.length; i++) {
      const c = rest[i];
      if (c !== close && !(open === '"' && c === '”')) continue;
      if (/^\s*(?:$|[,.;:!)]|because\b|\()/i.test(rest.slice(i + 1))) {
        const name = collapseSpace(rest.slice(1, i));
        return name || null;
      }
    }
  }
  const u = /^(.*?)(?:,?\s+because\b|[.;]\s|[.;]?$|\n)/i.exec(rest);
  const name = collapseSpace((u ? u[1] : rest).replace(/^["'“‘]|["'”’]$/g, ''));
  return name || null;
}

// ---------------------------------------------------------------------------
// Metadata lines: "Status: accepted", "- Date: 2020-01-01", "**Deciders:** a, b"

type MetaKey = 'status' | 'date' | 'deciders' | 'tags' | 'consulted' | 'informed';

const META_KEYS: Record<string, MetaKey> = {
  status: 'status',
  date: 'date',
  'last updated': 'date',
  updated: 'date',
  deciders: 'deciders',
  decider: 'deciders',
  'decision-makers': 'deciders',
  'decision makers': 'deciders',
  'decision-maker': 'deciders',
  'decision maker': 'deciders',
  tags: 'tags',
  tag: 'tags',
  consulted: 'consulted',
  informed: 'informed',
};

const META_LINE = /^\s*(?:\*\*|__)?\s*([A-Za-z][A-Za-z ()-]{0,30}?)\s*(?:\*\*|__)?\s*:\s*(?:\*\*|__)?\s*(.*?)\s*$/;

function metaLine(line: string): { key: MetaKey; value: string } | null {
  const m = META_LINE.exec(line);
  if (!m) return null;
  const key = META_KEYS[m[1].toLowerCase().replace(/\(s\)/g, '').replace(/\s+/g, ' ').trim()];
  return key ? { key, value: m[2] } : null;
}

type Relation = 'supersedes' | 'supersededBy' | 'relatesTo';

const RELATION_LINE =
  /^\s*(?:\*\*|__)?\s*(superseded\s+by|supersedes|replaced\s+by|replaces|amended\s+by|amends|refined\s+by|refines|clarified\s+by|clarifies|extended\s+by|extends|relates\s+to|related\s+to|see\s+also)\b\s*(?:\*\*|__)?\s*:?\s*(.*)$/i;

function relationLine(line: string): { relation: Relation; verb: string; value: string } | null {
  const m = RELATION_LINE.exec(line);
  if (!m) return null;
  const verb = m[1].toLowerCase().replace(/\s+/g, ' ');
  const relation: Relation =
    verb === 'superseded by' || verb === 'replaced by' ? 'supersededBy' : verb === 'supersedes' || verb === 'replaces' ? 'supersedes' : 'relatesTo';
  return { relation, verb, value: m[2] };
}

/** Link targets in a Markdown fragment; a bare reference ("ADR-0123") when it has no link. */
function targetsIn(fragment: string, bareFallback = true): string[] {
  const tree = parseTree(fragment);
  const out: string[] = [];
  visit(tree, 'link', (l: Link) => {
    const t = linkTarget(l.url);
    if (t && !out.includes(t)) out.push(t);
  });
  if (out.length === 0 && bareFallback) {
    const text = collapseSpace(plainText(tree)).replace(/[.;,]+$/, '');
    if (text && text.length <= 200 && !isPlaceholderOnly(text)) out.push(text);
  }
  return out;
}

function fragmentText(fragment: string): string {
  return collapseSpace(plainText(parseTree(fragment)));
}

// ---------------------------------------------------------------------------
// Statuses

export function mapStatus(text: string): AdrStatus {
  const t = text.toLowerCase().replace(/^[^\p{L}]+/u, '').trim();
  if (!t) return 'draft';
  if (/^(?:superseded|replaced)\b/.test(t)) return 'superseded';
  if (/^(?:accepted|approved|done|adopted|agreed|decided|implemented|active|final)\b/.test(t)) return 'accepted';
  if (/^(?:proposed|proposal|in[ -]review|under review|open|pending|suggested)\b/.test(t)) return 'proposed';
  if (/^(?:draft|wip|work in progress|in progress)\b/.test(t)) return 'draft';
  if (/^(?:rejected|declined|withdrawn|abandoned|refused)\b/.test(t)) return 'rejected';
  if (/^(?:deprecated|obsolete|retired|reversed|revoked)\b/.test(t)) return 'deprecated';
  // A status we do not know ("on hold"): stated, but not an acceptance — import it as a proposal.
  return 'proposed';
}

// ---------------------------------------------------------------------------
// Values

function splitPeople(value: unknown): string[] {
  const raw: string[] = [];
  if (Array.isArray(value)) {
    for (const v of value) if (typeof v === 'string' || typeof v === 'number') raw.push(String(v));
  } else if (typeof value === 'string') {
    raw.push(...value.split(/[,;]/));
  }
  const out: string[] = [];
  for (const r of raw) {
    const name = truncate(fragmentText(r), 200);
    if (name && !isPlaceholderOnly(name) && !out.includes(name)) out.push(name);
  }
  return out;
}

function splitTagString(s: string): string[] {
  if (isTagPlaceholder(s)) return [];
  const bracketed = [...s.matchAll(/\[([^[\]]+)\]/g)].map((m) => m[1]);
  if (bracketed.length) return bracketed;
  if (s.includes(',')) return s.split(',');
  return s.split(/\s+/);
}

function tagsFrom(value: unknown): string[] {
  if (Array.isArray(value)) return value.filter((v): v is string | number => typeof v === 'string' || typeof v === 'number').map(String);
  if (typeof value === 'string') return splitTagString(value);
  return [];
}

function mdField(s: string): string {
  return truncate(s.trim(), MARKDOWN_MAX);
}

function joinBlocks(parts: string[]): string {
  return parts.filter((p) => p.trim() !== '').join('\n\n');
}

function basename(fileName: string): string {
  return fileName.slice(Math.max(fileName.lastIndexOf('/'), fileName.lastIndexOf('\\')) + 1);
}

/** "20201028-adr-with-no-metadata-no-title.md" → "Adr with no metadata no title" (as log4brains does). */
export function titleFromFileName(fileName: string): string {
  const stem = basename(fileName)
    .replace(/\.(md|markdown)$/i, '')
    .replace(/^\d+[-_ ]+/, '');
  const words = collapseSpace(stem.replace(/[-_]+/g, ' ')).toLowerCase();
  return words ? words[0].toUpperCase() + words.slice(1) : basename(fileName);
}

/** "1. Record architecture decisions" → "Record architecture decisions"; "ADR-0012: Foo" → "Foo". */
function stripNumbering(title: string): string {
  return title.replace(/^\d+\.\s+/, '').replace(/^ADR[-\s]?\d+\s*[:.\-–—]\s*/i, '').trim();
}

// ---------------------------------------------------------------------------
// Sections

type Part = { heading: Heading; title: string; kind: Kind; nodes: RootContent[] };

function splitAt(nodes: RootContent[], isBoundary: (h: Heading) => boolean): { lead: RootContent[]; parts: Part[] } {
  const lead: RootContent[] = [];
  const parts: Part[] = [];
  for (const n of nodes) {
    if (n.type === 'heading' && isBoundary(n)) {
      const title = headingText(n);
      parts.push({ heading: n, title, kind: kindOf(title), nodes: [] });
    } else if (parts.length) {
      parts[parts.length - 1].nodes.push(n);
    } else {
      lead.push(n);
    }
  }
  return { lead, parts };
}

/** Takes the sub-sections of the given kinds out of a section's nodes. */
function extractSubsections(nodes: RootContent[], kinds: Kind[]): { kept: RootContent[]; extracted: Part[] } {
  const kept: RootContent[] = [];
  const extracted: Part[] = [];
  let current: Part | null = null;
  for (const n of nodes) {
    if (n.type === 'heading') {
      if (current && n.depth <= current.heading.depth) current = null;
      if (!current) {
        const title = headingText(n);
        const kind = kindOf(title);
        if (kinds.includes(kind)) {
          current = { heading: n, title, kind, nodes: [] };
          extracted.push(current);
          continue;
        }
      }
    }
    if (current) current.nodes.push(n);
    else kept.push(n);
  }
  return { kept, extracted };
}

function firstParagraph(nodes: RootContent[]): Paragraph | null {
  for (const n of nodes) {
    if (n.type !== 'paragraph') continue;
    const text = collapseSpace(plainText(n));
    if (!text || /^(?:technical story|ticket|issue|story|madr issue|jira)\s*:/i.test(text)) continue;
    return n;
  }
  return null;
}

function linksHiddenIn(p: Paragraph, name: string): boolean {
  let hidden = false;
  visit(p, 'link', (l: Link) => {
    if (!name.includes(l.url)) hidden = true;
  });
  return hidden;
}

// ---------------------------------------------------------------------------
// Index pages

function localMdLink(url: string): boolean {
  return !/^[a-z][a-z0-9+.-]*:/i.test(url) && /\.(md|markdown)(?:[#?].*)?$/i.test(url);
}

/** Mostly a list (or table) of links to other ADR files. */
function looksLikeIndex(tree: Root): boolean {
  let items = 0;
  let linked = 0;
  visit(tree, (node) => {
    if (node.type !== 'listItem' && node.type !== 'tableRow') return;
    items++;
    let has = false;
    visit(node, 'link', (l: Link) => {
      if (localMdLink(l.url)) has = true;
    });
    if (has) linked++;
  });
  return linked >= 3 && linked / items >= 0.6;
}

// ---------------------------------------------------------------------------
// Candor's own export

// dotAll: exports before 2026-12-01 could carry a raw U+2028/U+2029 inside the JSON.
const CANDOR_LINE = /^<!--\s*candor:content\s+(\{.*\})\s*-->$/s;

function candorContent(text: string, tree: Root): DecisionContent | null {
  const candidates: string[] = [];
  const lines = text.trimEnd().split('\n');
  candidates.push(lines[lines.length - 1].trim());
  for (let i = tree.children.length - 1; i >= 0; i--) {
    const n = tree.children[i];
    if (n.type === 'html') {
      const ls = n.value.trimEnd().split('\n');
      candidates.push(ls[ls.length - 1].trim());
    }
  }
  for (const c of candidates) {
    const m = CANDOR_LINE.exec(c);
    if (!m) continue;
    let json: unknown;
    try {
      json = JSON.parse(m[1]);
    } catch {
      continue;
    }
    const parsed = decisionContentSchema.safeParse(json);
    if (parsed.success) return parsed.data;
  }
  return null;
}

const RECORD_LINE = /^<!--\s*candor:record\s+(\{.*\})\s*-->$/s;

/** Text from the record comment, held to the rules the app's own forms apply: cleaned, and cut at `max`. */
const recordText = (max: number) => z.string().overwrite(cleanText).transform((s) => s.trim().slice(0, max));
const recordName = z.string().overwrite(cleanLine).transform((s) => s.trim().slice(0, 100));

/** A part that does not hold to these rules is left out (null), not the whole record. */
const candorRecordSchema = z.object({
  closedReason: recordText(10_000).nullable().catch(null),
  dissent: z
    .object({
      overridden: z.array(z.object({ author: recordName, section: recordName, body: recordText(MARKDOWN_MAX), rationale: recordText(10_000), by: recordName })).max(LIST_MAX),
      staleChangeRequests: z.array(z.object({ reviewer: recordName, revision: z.number().int().min(0).max(1_000_000), body: recordText(MARKDOWN_MAX) })).max(LIST_MAX),
    })
    .nullable()
    .catch(null),
  outcome: z.object({ verdict: z.enum(OUTCOME_VERDICTS), body: recordText(MARKDOWN_MAX), date: calendarDateSchema('date') }).nullable().catch(null),
});

/** The closing reason, recorded dissent and outcome Candor's exporter writes in a comment next to the content. */
function candorRecord(tree: Root): CandorRecord | null {
  for (let i = tree.children.length - 1; i >= 0; i--) {
    const n = tree.children[i];
    if (n.type !== 'html') continue;
    for (const line of n.value.split('\n')) {
      const m = RECORD_LINE.exec(line.trim());
      if (!m) continue;
      try {
        const parsed = candorRecordSchema.safeParse(JSON.parse(m[1]));
        if (parsed.success) return parsed.data;
      } catch {
        // Not ours after all: read the file without it.
      }
    }
  }
  return null;
}

// ---------------------------------------------------------------------------
// The parser

type Collected = {
  status: { text: string; source: string } | null;
  supersededStatus: string | null;
  date: string | null;
  deciders: string[];
  consulted: string[];
  informed: string[];
  tags: string[];
  supersedes: string[];
  supersededBy: string[];
  relatesTo: string[];
  inlineList: boolean;
  inlineLine: boolean;
};

function pushAll(into: string[], values: string[]) {
  for (const v of values) if (v && !into.includes(v)) into.push(v);
}

/**
 * Parses one file. Size, binary content, nesting and parse cost are checked
 * first (lib/adr/limits.ts), so no file can overflow the stack or keep the
 * parser busy for long; a file that fails a check gets the reason instead.
 */
export function parseAdr(fileName: string, markdown: string): ParseResult {
  if (!/\.(md|markdown)$/i.test(basename(fileName))) return { ok: false, reason: SKIP_REASONS.notMarkdown };
  const checked = checkAdrText(markdown);
  if (!checked.ok) return { ok: false, reason: checked.reason };
  try {
    return readAdr(fileName, checked.text);
  } catch (e) {
    // The limits keep real and hostile files well inside the stack; this is the last guard.
    if (e instanceof RangeError) return { ok: false, reason: 'It is nested too deeply to read; flatten its lists, quotes or brackets and import it again' };
    throw e;
  }
}

function readAdr(fileName: string, markdown: string): ParseResult {
  const fail = (reason: string): ParseResult => ({ ok: false, reason });
  const base = basename(fileName);
  const lowerBase = base.toLowerCase();
  const text = markdown.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  if (text.trim() === '') return fail(SKIP_REASONS.empty);

  const tree = parseTree(text);
  const src = new Source(text, tree);

  // Front matter.
  let fm: Record<string, unknown> = {};
  const warnings: string[] = [];
  const yamlNode = tree.children.find((n) => n.type === 'yaml');
  if (yamlNode && yamlNode.type === 'yaml') {
    const first = (yamlNode.position?.start.line ?? 1) + 1;
    try {
      const v: unknown = parseYaml(yamlNode.value);
      if (v && typeof v === 'object' && !Array.isArray(v)) fm = v as Record<string, unknown>;
      else if (v !== null && v !== undefined) warnings.push(`Its front matter (line ${first}) is not a list of “key: value” lines, so it was ignored; the body was imported as written`);
    } catch (e) {
      // Malformed front matter: read the body as if there were none, and say so.
      const pos = (e as { linePos?: { line: number }[] }).linePos?.[0]?.line;
      const why = e instanceof Error ? e.message.split('\n')[0].replace(/\s+at line \d+, column \d+:?$/, '').replace(/[.:]$/, '') : 'unreadable';
      warnings.push(`Its front matter could not be read (line ${pos ? first + pos - 1 : first}: ${why}); its status, date and people were ignored and the body was imported as written`);
    }
  }

  const body = tree.children.filter((n) => n.type !== 'yaml' && !(n.type === 'html' && isCommentOnly(n.value)));
  if (body.length === 0) return fail(SKIP_REASONS.noContent);

  const titleNode = body.find((n): n is Heading => n.type === 'heading' && n.depth === 1) ?? null;
  const rawTitle = titleNode ? headingText(titleNode) : '';

  // Templates: by name, by a placeholder title, or by content made only of placeholders.
  const flavour = (): 'madr' | 'log4brains' | 'unknown' => {
    const all = plainText(tree);
    if (hasCurlyPlaceholder(rawTitle) || hasCurlyPlaceholder(all)) return 'madr';
    if (/\[[^[\]]+\]/.test(rawTitle) || /\[[^[\]]+\]/.test(all)) return 'log4brains';
    return 'unknown';
  };
  if (/^(?:adr[-_]?|madr[-_]?)?template\.(?:md|markdown)$/i.test(base)) return fail(templateReason(base, flavour()));
  if (rawTitle && isPlaceholderOnly(rawTitle)) return fail(templateReason(base, flavour()));

  // Index and read-me pages.
  if (/^index\.(?:md|markdown)$/i.test(lowerBase)) return fail(indexReason(base));
  if (/^readme\.(?:md|markdown)$/i.test(lowerBase)) return fail(looksLikeIndex(tree) ? indexReason(base) : readmeReason(base));

  // Sections: split at the shallowest heading level below the title (at least h2).
  const rest = body.filter((n) => n !== titleNode);
  const depths = rest.filter((n): n is Heading => n.type === 'heading').map((h) => h.depth);
  const splitDepth = Math.max(2, depths.length ? Math.min(...depths) : 2);
  const { lead: preamble, parts: sections } = splitAt(rest, (h) => h.depth <= splitDepth);

  const col: Collected = {
    status: null,
    supersededStatus: null,
    date: null,
    deciders: [],
    consulted: [],
    informed: [],
    tags: [],
    supersedes: [],
    supersededBy: [],
    relatesTo: [],
    inlineList: false,
    inlineLine: false,
  };

  const badDate = (value: string) => {
    const w = `Its date “${truncate(value, 40)}” is not a date Candor can read (write it as YYYY-MM-DD); it was imported undated`;
    if (!warnings.includes(w)) warnings.push(w);
  };
  const applyMeta = (key: MetaKey, valueSrc: string) => {
    const value = valueSrc.trim();
    if (!value) return;
    if (key === 'date') {
      // log4brains writes "- Date: [2022-10-05]": a filled-in placeholder, still a date.
      const inner = /^\[([^[\]]+)\]$/.exec(value)?.[1];
      const d = normaliseDate(fragmentText(inner ?? value));
      if (d) {
        col.date ??= d;
        return;
      }
    }
    // "[a] [b]" is log4brains' tag syntax, not a placeholder; template tags read "[space and/or comma separated list of tags]".
    if (key === 'tags' ? isTagPlaceholder(fragmentText(value)) : isPlaceholderOnly(fragmentText(value))) return;
    switch (key) {
      case 'status':
        if (!col.status) col.status = { text: fragmentText(value), source: value };
        break;
      case 'date':
        if (col.date === null) {
          col.date = normaliseDate(fragmentText(value));
          if (col.date === null) badDate(fragmentText(value));
        }
        break;
      case 'deciders':
        pushAll(col.deciders, splitPeople(value));
        break;
      case 'consulted':
        pushAll(col.consulted, splitPeople(value));
        break;
      case 'informed':
        pushAll(col.informed, splitPeople(value));
        break;
      case 'tags':
        pushAll(col.tags, splitTagString(fragmentText(value)));
        break;
    }
  };
  const applyRelation = (rel: { relation: Relation; value: string }, line: string, inStatus: boolean) => {
    const targets = targetsIn(rel.value);
    pushAll(col[rel.relation], targets);
    if (inStatus && rel.relation === 'supersededBy') col.supersededStatus ??= line;
  };

  /**
   * Reads metadata and relation lines out of a run of blocks; returns the blocks'
   * remaining Markdown. `allowMeta` admits "Key: value" lines; relation lines are
   * always read where `allowRelations` is set.
   */
  const readMeta = (
    nodes: RootContent[],
    opts: { allowMeta: boolean; allowRelations: boolean; inStatus: boolean; consume: boolean },
  ): { kept: string[]; bare: string[] } => {
    const kept: string[] = [];
    const bare: string[] = []; // Unclaimed lines in a status section: the status itself, e.g. "Accepted".
    for (const n of nodes) {
      if (n.type === 'paragraph') {
        const lines = src.node(n).split('\n');
        const left: string[] = [];
        for (const line of lines) {
          const meta = opts.allowMeta ? metaLine(line) : null;
          if (meta) {
            applyMeta(meta.key, meta.value);
            col.inlineLine = true;
            if (opts.consume) continue;
          }
          const rel = opts.allowRelations ? relationLine(line) : null;
          if (rel) {
            applyRelation(rel, line.trim(), opts.inStatus);
            if (opts.consume) continue;
          }
          if (!meta && !rel && opts.inStatus && line.trim()) {
            bare.push(line.trim());
            continue;
          }
          left.push(line);
        }
        if (left.join('').trim()) kept.push(left.join('\n'));
      } else if (n.type === 'list') {
        const keptItems: string[] = [];
        for (const item of (n as List).children) {
          const first = item.children[0];
          const line = first && first.type === 'paragraph' ? src.line(first) : '';
          const meta = opts.allowMeta && line && item.children.length === 1 ? metaLine(line) : null;
          if (meta) {
            applyMeta(meta.key, meta.value);
            col.inlineList = true;
            if (opts.consume) continue;
          }
          const rel = opts.allowRelations && line ? relationLine(line) : null;
          if (rel) {
            applyRelation(rel, line, opts.inStatus);
            if (opts.consume) continue;
          }
          keptItems.push(src.node(item));
        }
        if (keptItems.length) kept.push(keptItems.join('\n'));
      } else {
        const s = src.node(n);
        if (s.trim()) kept.push(s);
      }
    }
    return { kept, bare };
  };

  // Preamble: metadata lines/lists, then whatever else introduces the record.
  const pre = readMeta(preamble, { allowMeta: true, allowRelations: true, inStatus: false, consume: true });

  // Front matter values win over inline ones.
  const fmString = (k: string): string | null => {
    const v = fm[k];
    return typeof v === 'string' ? v : typeof v === 'number' ? String(v) : null;
  };
  const fmStatus = fmString('status');
  if (fmStatus !== null && fmStatus.trim() && !isPlaceholderOnly(fmStatus)) {
    col.status = { text: fragmentText(fmStatus), source: fmStatus.trim() };
    if (/^\s*(?:superseded|replaced)\s+by\b/i.test(fmStatus)) {
      pushAll(col.supersededBy, targetsIn(fmStatus.replace(/^\s*(?:superseded|replaced)\s+by\s*:?/i, '')));
    }
  }
  const fmDate = normaliseDate(fm.date);
  if (fmDate) col.date = fmDate;
  else if ((typeof fm.date === 'string' && fm.date.trim() && !isPlaceholderOnly(fm.date)) || typeof fm.date === 'number') badDate(String(fm.date));
  const fmPeople = (keys: string[]): string[] => keys.flatMap((k) => splitPeople(fm[k]));
  const fmDeciders = fmPeople(['decision-makers', 'decision_makers', 'decisionMakers', 'deciders']);
  if (fmDeciders.length) col.deciders = fmDeciders;
  const fmConsulted = fmPeople(['consulted']);
  if (fmConsulted.length) col.consulted = fmConsulted;
  const fmInformed = fmPeople(['informed']);
  if (fmInformed.length) col.informed = fmInformed;
  const fmTags = [...tagsFrom(fm.tags), ...tagsFrom(fm.tag), ...tagsFrom(fm.keywords)];
  if (fmTags.length) col.tags = fmTags;
  for (const [k, rel] of [
    ['supersedes', 'supersedes'],
    ['superseded-by', 'supersededBy'],
    ['superseded_by', 'supersededBy'],
    ['relates-to', 'relatesTo'],
    ['related', 'relatesTo'],
  ] as const) {
    const v = fm[k];
    const list = Array.isArray(v) ? v : v === undefined || v === null ? [] : [v];
    for (const item of list) if (typeof item === 'string' || typeof item === 'number') pushAll(col[rel], targetsIn(String(item)));
  }

  // Section by section.
  const contextMain: string[] = [];
  const appended: string[] = [];
  const decisionParts: string[] = [];
  const riskParts: { title: string; body: string }[] = [];
  const methodology: string[] = [];
  const critique: string[] = [];
  const options: { name: string; description: string[]; chosen: boolean }[] = [];
  const prosCons: { title: string; body: string }[] = [];
  let optionsFromSection = false;
  let chosenName: string | null = null;
  let contextSummaryFrom: RootContent[] | null = null;
  let statusSection = false;
  let recognised = 0;

  const appendSection = (title: string, bodyMd: string) => {
    if (bodyMd.trim()) appended.push(`## ${title}\n\n${bodyMd}`);
  };
  const isTemplateSection = (nodes: RootContent[]): boolean => {
    const t = collapseSpace(nodes.map((n) => plainText(n)).join(' '));
    return t !== '' && isPlaceholderOnly(t);
  };

  for (const section of sections) {
    if (isTemplateSection(section.nodes)) continue;
    const key = sectionKey(section.title);
    if (section.kind !== 'other' && section.kind !== 'confirmation') recognised++;
    if (LINK_SECTIONS.has(key) && section.kind === 'other') {
      readMeta(section.nodes, { allowMeta: false, allowRelations: true, inStatus: false, consume: false });
    }
    switch (section.kind) {
      case 'context': {
        contextSummaryFrom ??= section.nodes;
        contextMain.push(src.nodes(section.nodes));
        break;
      }
      case 'decision': {
        const { kept, extracted } = extractSubsections(section.nodes, ['risks', 'confirmation']);
        for (const n of kept) {
          if (chosenName === null && n.type === 'paragraph') chosenName = chosenOptionName(plainText(n));
        }
        decisionParts.push(src.nodes(kept));
        for (const x of extracted) {
          if (isTemplateSection(x.nodes)) continue;
          if (x.kind === 'risks') riskParts.push({ title: x.title, body: src.nodes(x.nodes) });
          else appendSection(x.title, src.nodes(x.nodes));
        }
        break;
      }
      case 'options': {
        optionsFromSection = true;
        // Options may be a list, or one sub-heading each ("### Option A" with its
        // good/bad bullets): a sub-heading is one whole option, its bullets its description.
        const subDepths = section.nodes.filter((n): n is Heading => n.type === 'heading').map((h) => h.depth);
        const d = subDepths.length ? Math.min(...subDepths) : 0;
        const { lead, parts } = splitAt(section.nodes, (h) => h.depth <= d);
        const other: RootContent[] = [];
        for (const n of lead) {
          if (n.type === 'list') for (const item of (n as List).children) addOptionFromItem(item);
          else other.push(n);
        }
        for (const p of parts) {
          if (isPlaceholderOnly(p.title)) continue;
          const name = unquote(p.title);
          const body = src.nodes(p.nodes);
          const idx = options.findIndex((o) => nameKey(o.name) === nameKey(name));
          if (idx >= 0) options[idx].description.push(body);
          else options.push({ name, description: [body], chosen: false });
        }
        appendSection(section.title, src.nodes(other));
        break;
      }
      case 'proscons': {
        const subDepths = section.nodes.filter((n): n is Heading => n.type === 'heading').map((h) => h.depth);
        const d = subDepths.length ? Math.min(...subDepths) : 0;
        const { lead, parts } = splitAt(section.nodes, (h) => h.depth <= d);
        const leftovers: string[] = [];
        if (lead.length) leftovers.push(src.nodes(lead));
        for (const p of parts) {
          if (isTemplateSection(p.nodes) || isPlaceholderOnly(p.title)) continue;
          prosCons.push({ title: p.title, body: src.nodes(p.nodes) });
        }
        if (leftovers.length) appendSection(section.title, joinBlocks(leftovers));
        break;
      }
      case 'risks':
        riskParts.push({ title: section.title, body: src.nodes(section.nodes) });
        break;
      case 'status': {
        statusSection = true;
        const { kept, bare } = readMeta(section.nodes, { allowMeta: true, allowRelations: true, inStatus: true, consume: true });
        if (bare.length && !col.status) col.status = { text: fragmentText(bare[0]), source: bare[0] };
        const extra = [...bare.slice(col.status?.source === bare[0] ? 1 : 0), ...kept];
        appendSection(section.title, joinBlocks(extra));
        break;
      }
      case 'methodology':
        methodology.push(src.nodes(section.nodes));
        break;
      case 'critique':
        critique.push(src.nodes(section.nodes));
        break;
      default:
        appendSection(section.title, src.nodes(section.nodes));
    }
  }

  function addOptionFromItem(item: ListItem) {
    const first = item.children[0];
    const name = first && first.type === 'paragraph' ? unquote(collapseSpace(plainText(first))) : '';
    if (!name || isPlaceholderOnly(name) || /^(?:…|\.\.\.)$/.test(name)) return;
    const description: string[] = [];
    if (first.type === 'paragraph' && linksHiddenIn(first, name)) description.push(src.node(first));
    const more = item.children.slice(1);
    if (more.length) description.push(src.nodes(more));
    options.push({ name, description, chosen: false });
  }

  // Pros and cons → option descriptions.
  const unmatched: string[] = [];
  for (const pc of prosCons) {
    const k = nameKey(pc.title);
    let idx = options.findIndex((o) => nameKey(o.name) === k);
    if (idx < 0) idx = options.findIndex((o) => nameKey(o.name).startsWith(k) || k.startsWith(nameKey(o.name)));
    if (idx >= 0) options[idx].description.push(pc.body);
    else if (!optionsFromSection || options.length === 0) options.push({ name: pc.title, description: [pc.body], chosen: false });
    else unmatched.push(`### ${pc.title}\n\n${pc.body}`);
  }
  if (unmatched.length) appendSection('Pros and Cons of the Options', joinBlocks(unmatched));

  // The chosen option.
  if (chosenName) {
    const k = nameKey(chosenName);
    let idx = options.findIndex((o) => nameKey(o.name) === k);
    if (idx < 0) {
      const starts = options.findIndex((o) => {
        const ok = nameKey(o.name);
        return ok.startsWith(k) && !/[\p{L}\p{N}]/u.test(ok.charAt(k.length));
      });
      idx = starts >= 0 ? starts : options.findIndex((o) => k.startsWith(nameKey(o.name)));
    }
    if (idx >= 0) options[idx].chosen = true;
    else if (options.length === 0) options.push({ name: chosenName, description: [], chosen: true });
  }

  // Status, with the Nygard "Superseded by" line taking precedence.
  let statusText = col.status?.source ?? '';
  let status: AdrStatus = col.status ? mapStatus(col.status.text) : 'draft';
  if (col.supersededStatus && status !== 'superseded') {
    status = 'superseded';
    statusText = col.supersededStatus;
  }
  if (status === 'superseded' && col.status && col.supersededBy.length === 0) {
    pushAll(col.supersededBy, targetsIn(col.status.source.replace(/^\s*(?:superseded|replaced)(?:\s+by)?\s*:?/i, '')));
  }

  // Title.
  const fmTitle = fmString('title');
  let fullTitle = stripNumbering(rawTitle);
  if (!fullTitle && fmTitle && !isPlaceholderOnly(fmTitle)) fullTitle = collapseSpace(fmTitle);
  if (!fullTitle) fullTitle = titleFromFileName(base);
  const title = truncate(fullTitle, 200);
  const field = (what: string, md: string): string => {
    const out = mdField(md);
    if (out.length < md.trim().length) warnings.push(`${what} is over ${MARKDOWN_MAX.toLocaleString('en')} characters and was cut there (the whole file is kept as the record’s original)`);
    return out;
  };

  // Is it an index page after all (a list of links to other records, no metadata, no record sections)?
  const hasMeta = col.status !== null || col.date !== null || Object.keys(fm).some((k) => ['status', 'date', 'decision-makers', 'deciders'].includes(k));
  if (!hasMeta && recognised === 0 && looksLikeIndex(tree)) return fail(indexReason(base));
  if (sections.length >= 2 && sections.every((s) => isTemplateSection(s.nodes))) return fail(templateReason(base, flavour()));

  // Content.
  const candor = candorContent(text, tree);
  let content: DecisionContent;
  if (candor) {
    content = candor;
  } else {
    const risks =
      riskParts.length === 1 && ['consequences', 'risks', 'risks and consequences'].includes(sectionKey(riskParts[0].title))
        ? riskParts[0].body
        : joinBlocks(riskParts.map((r) => `### ${r.title}\n\n${r.body}`));
    const context = joinBlocks([...pre.kept, ...contextMain, ...appended]);
    const summaryPara = firstParagraph(contextSummaryFrom ?? preamble.filter((n) => n.type === 'paragraph'));
    const summary = summaryPara ? truncateAtSentence(collapseSpace(plainText(summaryPara)), 2000) : '';
    // Nothing is cut silently: a name too long for the field keeps its whole text at the head
    // of the description, options past the list's limit go to the context, and any field cut
    // to Candor's size limit is reported (the original file is kept as provenance either way).
    const kept = options.slice(0, LIST_MAX);
    const extra = options.slice(LIST_MAX);
    const opts: Option[] = kept.map((o) => {
      const description = joinBlocks(o.name.length > 200 ? [o.name, ...o.description] : o.description);
      if (o.name.length > 200) warnings.push(`The option “${truncate(o.name, 60)}” has a name over 200 characters; the name was shortened and the whole of it starts its description`);
      return { name: truncate(o.name, 200), description: field(`The option “${truncate(o.name, 60)}”`, description), chosen: o.chosen };
    });
    let fullContext = context;
    if (extra.length) {
      warnings.push(`It considers ${options.length} options; a decision holds ${LIST_MAX}, so the other ${extra.length} are kept in the context under “More considered options”`);
      fullContext = joinBlocks([context, `## More considered options\n\n${joinBlocks(extra.map((o) => `### ${o.name}\n\n${joinBlocks(o.description)}`))}`]);
    }
    if (fullTitle.length > 200) warnings.push('Its title is over 200 characters and was shortened');
    content = {
      ...emptyContent(),
      title,
      summary,
      context: field('The context', fullContext),
      decision: field('The decision', joinBlocks(decisionParts)),
      options: opts,
      methodology: field('The methodology', joinBlocks(methodology)),
      openCritique: field('The open critique', joinBlocks(critique)),
      risks: field('The consequences', risks),
      tags: normaliseTags(col.tags),
    };
    const checked = decisionContentSchema.safeParse(content);
    if (!checked.success) {
      return fail(`The record could not be mapped: ${checked.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
    }
    content = checked.data;
  }

  // Format.
  const candorId = fm['candor-id'];
  let format: AdrFormat;
  if (candor || candorId !== undefined) format = 'candor';
  else if (yamlNode) format = 'madr';
  else if (col.inlineList) format = 'log4brains';
  else if (statusSection || col.inlineLine) format = 'nygard';
  else format = 'madr';

  const adr: ParsedAdr = {
    fileName,
    title: candor && candor.title ? candor.title : title,
    status,
    statusText,
    date: col.date,
    tags: candor ? candor.tags : normaliseTags(col.tags),
    deciders: col.deciders,
    consulted: col.consulted,
    informed: col.informed,
    supersedes: col.supersedes.filter((t) => t !== base),
    supersededBy: col.supersededBy.filter((t) => t !== base),
    relatesTo: col.relatesTo.filter((t) => t !== base),
    content,
    format,
    warnings,
  };
  if (format === 'candor') {
    const id = typeof candorId === 'number' ? candorId : typeof candorId === 'string' && /^\d+$/.test(candorId) ? Number(candorId) : null;
    // Candor wrote these lists itself: take each entry exactly as written, Markdown characters and all.
    const exact = (k: string): string[] | null => (Array.isArray(fm[k]) ? (fm[k] as unknown[]).filter((v): v is string => typeof v === 'string') : null);
    adr.deciders = exact('decision-makers') ?? adr.deciders;
    adr.consulted = exact('consulted') ?? adr.consulted;
    adr.informed = exact('informed') ?? adr.informed;
    adr.candor = { id, status: fmString('candor-status'), team: fmString('team'), record: candorRecord(tree), relaxedPolicy: exact('candor-relaxed-policy') };
  }
  return { ok: true, adr };
}
