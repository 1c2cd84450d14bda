import { HIT_CLOSE, HIT_OPEN, type SnippetPart } from './search';

/*
 * Markdown written in a record, read as plain text where it is quoted out of
 * context (search snippets, list summaries): `code`, **bold**, _emphasis_,
 * ~~strike~~, [links](url), headings, quotes and list markers lose their
 * syntax and keep their words. Only characters are removed — nothing is
 * rendered — so escaping stays with whoever outputs the text (React, or
 * snippetHtml for the API). Pure.
 */

type Span = [start: number, end: number];

/** Character ranges of Markdown syntax to drop from `text` (the words themselves are kept). */
function syntaxRanges(text: string): Span[] {
  const out: Span[] = [];
  const each = (re: RegExp, f: (m: RegExpExecArray) => void) => {
    for (const m of text.matchAll(re)) f(m as RegExpExecArray);
  };
  // Links and images: keep the link text, drop the brackets and the destination.
  each(/!?\[([^\]\n]*)\]\(([^()\s]*(?:\([^()\s]*\))?[^()\s]*)(?:\s+"[^"\n]*")?\)/dg, (m) => {
    const [textStart, textEnd] = m.indices![1]!;
    out.push([m.index, textStart], [textEnd, m.index + m[0].length]);
  });
  // Autolinks: <https://…> → https://…
  each(/<((?:https?|mailto):[^\s<>]+)>/dg, (m) => {
    out.push([m.index, m.index + 1], [m.index + m[0].length - 1, m.index + m[0].length]);
  });
  // Line starts: headings, quotes, list markers, fences.
  each(/^[ \t]{0,3}(?:#{1,6}[ \t]+|(?:>[ \t]?)+|[-*+][ \t]+(?:\[[ xX]\][ \t]+)?|\d{1,9}[.)][ \t]+)/gm, (m) => {
    out.push([m.index, m.index + m[0].length]);
  });
  // Code spans and fences: the backticks go, the code stays.
  each(/`+/g, (m) => out.push([m.index, m.index + m[0].length]));
  // Emphasis and strikethrough delimiters: a run that opens (before a word) or closes (after one).
  // "2 * 3" and snake_case stay as they are.
  each(/(?<=^|[\s\p{P}])(\*{1,3}|_{1,3}|~~)(?=[^\s*_~])|(?<=[^\s*_~])(\*{1,3}|_{1,3}|~~)(?=$|[\s\p{P}])/gmu, (m) => {
    out.push([m.index, m.index + m[0].length]);
  });
  return out;
}

function keepMask(text: string): boolean[] {
  const keep = new Array<boolean>(text.length).fill(true);
  for (const [a, b] of syntaxRanges(text)) for (let i = a; i < b; i++) keep[i] = false;
  return keep;
}

/** Inline Markdown as the plain words it shows. */
export function stripInlineMarkdown(text: string): string {
  const keep = keepMask(text);
  let out = '';
  for (let i = 0; i < text.length; i++) if (keep[i]) out += text[i];
  return out;
}

/**
 * An FTS snippet (hits between HIT_OPEN and HIT_CLOSE) as plain-text parts:
 * the Markdown syntax is removed around and inside the hits without moving a
 * highlight, and runs of whitespace become one space.
 */
export function plainSnippetParts(snippet: string): SnippetPart[] {
  let text = '';
  const hit: boolean[] = [];
  let inHit = false;
  for (const ch of snippet) {
    if (ch === HIT_OPEN) inHit = true;
    else if (ch === HIT_CLOSE) inHit = false;
    else {
      for (let k = 0; k < ch.length; k++) hit.push(inHit);
      text += ch;
    }
  }
  const keep = keepMask(text);
  const parts: SnippetPart[] = [];
  let prevSpace = false;
  for (let i = 0; i < text.length; i++) {
    if (!keep[i]) continue;
    let c = text[i]!;
    const space = /\s/.test(c);
    if (space) {
      if (prevSpace) continue;
      c = ' ';
    }
    prevSpace = space;
    const last = parts[parts.length - 1];
    if (last && last.hit === hit[i]) last.text += c;
    else parts.push({ text: c, hit: hit[i]! });
  }
  return parts;
}
