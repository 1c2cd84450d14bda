import { renderMarkdown } from './markdown';
import { STATUS_LABELS, type DecisionStatus } from './validation/common';

/* An Atom 1.0 feed (RFC 4287) of published decisions. */

/*
 * Characters XML 1.0 does not allow at all (NUL and other C0 controls, lone
 * surrogates, U+FFFE/U+FFFF) cannot be escaped, only left out: one of them in a
 * stored title would otherwise make the whole feed unreadable.
 */
const NOT_XML_CHAR = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;
export const xmlText = (s: string) => s.replace(NOT_XML_CHAR, '');
const xml = (s: string) => xmlText(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export type AtomEntry = { id: number; title: string; teamName: string; author: string; status: DecisionStatus; publishedAt: string; summary: string; decision: string };

export function atomFeed(input: { title: string; origin: string; selfPath: string; alternatePath: string; feedId: string; entries: AtomEntry[] }): string {
  const updated = input.entries[0]?.publishedAt ?? new Date(0).toISOString();
  const entries = input.entries
    .map((e) => {
      const url = `${input.origin}/decisions/${e.id}`;
      const html = `<p><strong>${xml(STATUS_LABELS[e.status])}</strong> · ${xml(e.teamName)}</p>${e.summary ? `<p>${xml(e.summary)}</p>` : ''}${renderMarkdown(e.decision)}`;
      return `  <entry>
    <title>${xml(e.title || `Decision #${e.id}`)}</title>
    <id>${xml(`${input.feedId}:decision:${e.id}`)}</id>
    <link rel="alternate" type="text/html" href="${xml(url)}"/>
    <published>${e.publishedAt}</published>
    <updated>${e.publishedAt}</updated>
    <author><name>${xml(e.author)}</name></author>
    <category term="${xml(e.teamName)}"/>
    <summary type="text">${xml(e.summary)}</summary>
    <content type="html">${xml(html)}</content>
  </entry>`;
    })
    .join('\n');
  return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>${xml(input.title)}</title>
  <id>${xml(input.feedId)}</id>
  <updated>${updated}</updated>
  <link rel="self" type="application/atom+xml" href="${xml(input.origin + input.selfPath)}"/>
  <link rel="alternate" type="text/html" href="${xml(input.origin + input.alternatePath)}"/>
  <generator>Candor</generator>
${entries}
</feed>
`;
}
