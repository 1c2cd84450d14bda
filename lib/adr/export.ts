import type { Root } from 'mdast';
import { stringify as stringifyYaml } from 'yaml';
import { STATUS_LABELS, METRIC_KIND_LABELS } from '@/lib/validation/common';
import { DIRECTION_LABELS, SOURCE_KIND_LABELS, type DataSource, type DecisionContent } from '@/lib/validation/decision';
import type { ExportIndexEntry, ExportInput, ExportStatus } from './types';
import { asciiSlug, escapeCell, escapeInline, parseTree } from './util';

export type { ExportIndexEntry, ExportInput, ExportStatus } from './types';

/*
 * Writes a Candor decision as a MADR 4 record: YAML front matter (status, date,
 * decision-makers, consulted, informed, plus Candor's own keys), MADR's
 * headings, then Candor's sections (data sources, methodology, success
 * metrics, evidence, open critique, recorded dissent). A trailing HTML comment
 * carries the full content as JSON so that parseAdr() imports the file back
 * exactly; every MADR reader simply ignores it.
 *
 * User text that is plain text in Candor (titles, names, table cells) is
 * escaped so it renders as written; Markdown fields are emitted as Markdown
 * (rendering is sanitised elsewhere), with an unclosed code fence or comment
 * at their end closed so it cannot swallow the sections after it.
 */

const NONE = '_None recorded._';

/** ADR-0012 */
export function adrRef(id: number): string {
  return `ADR-${padId(id)}`;
}

function padId(id: number): string {
  return String(Math.max(0, Math.trunc(id))).padStart(4, '0');
}

/** `0012-move-the-weekly-digest-to-thursday-evenings.md`: the id, then an ASCII slug of at most 60 characters. */
export function exportFileName(id: number, title: string): string {
  return `${padId(id)}-${asciiSlug(title, 60) || 'decision'}.md`;
}

/** The MADR status for a Candor status. */
export function madrStatus(status: ExportStatus, supersededBy?: { id: number; title: string } | null): string {
  switch (status) {
    case 'draft':
    case 'in-review':
      return 'proposed';
    case 'published':
      return 'accepted';
    case 'superseded':
      return supersededBy ? `superseded by [${adrRef(supersededBy.id)}](${exportFileName(supersededBy.id, supersededBy.title)})` : 'superseded';
    case 'reversed':
      return 'deprecated';
    case 'withdrawn':
      return 'rejected';
  }
}

/**
 * The comment that carries what the headings cannot give back exactly — the
 * closing reason, recorded dissent and outcome — so an import keeps them;
 * absent when there is none of the three.
 */
export function recordComment(input: Pick<ExportInput, 'closedReason' | 'dissent' | 'outcome'>): string | null {
  const closedReason = input.closedReason?.trim() ? input.closedReason : null;
  const dissent = input.dissent && (input.dissent.overridden.length || input.dissent.staleChangeRequests.length) ? input.dissent : null;
  const outcome = input.outcome ?? null;
  if (!closedReason && !dissent && !outcome) return null;
  return `<!-- candor:record ${commentJson({ closedReason, dissent, outcome })} -->`;
}

/**
 * JSON for one line of an HTML comment: `--` is escaped so the comment cannot
 * end early, and U+2028/U+2029 (which JSON may leave raw, but which editors and
 * regular expressions treat as line breaks) are escaped so the line stays one.
 */
function commentJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/--/g, '-\\u002d')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/** The comment that carries the content, on one line. */
export function contentComment(content: DecisionContent): string {
  return `<!-- candor:content ${commentJson(content)} -->`;
}

function mdLink(url: string): string {
  return /^[^\s<>]+$/.test(url) ? `<${url}>` : escapeInline(url);
}

function fileHref(fileName: string): string {
  return encodeURI(fileName).replace(/\(/g, '%28').replace(/\)/g, '%29');
}

/**
 * A Markdown field as a block: trimmed, and with a code fence or HTML comment
 * left open at its end closed, so it cannot swallow the sections that follow.
 */
function block(md: string): string {
  let s = md.replace(/\r\n?/g, '\n').replace(/^\n+|\s+$/g, '');
  if (!s) return '';
  const tree: Root = parseTree(s);
  const last = tree.children[tree.children.length - 1];
  if (last?.type === 'code' && last.position?.start.offset !== undefined) {
    const open = /^ {0,3}(`{3,}|~{3,})/.exec(s.slice(last.position.start.offset));
    if (open) {
      const lines = s.slice(last.position.start.offset).split('\n');
      const fenceChar = open[1][0];
      const closed =
        lines.length > 1 &&
        new RegExp(`^ {0,3}\\${fenceChar}{${open[1].length},}\\s*$`).test(lines[lines.length - 1]);
      if (!closed) s += `\n${open[1]}`;
    }
  } else if (last?.type === 'html') {
    // An HTML block left open runs to the end of the document and would swallow every later section.
    const end = HTML_BLOCK_ENDS.find(([start]) => start.test(last.value));
    if (end) {
      const [start, closes, closer] = end;
      const terminator = typeof closer === 'string' ? closer : closer(start.exec(last.value)!);
      if (!closes.test(last.value.replace(start, ''))) s += `\n${terminator}`;
    }
  }
  return s;
}

/** CommonMark's HTML blocks that end at a marker (types 1–5): how each starts, the marker that ends it, and a line with that marker. */
const HTML_BLOCK_ENDS: [RegExp, RegExp, string | ((m: RegExpExecArray) => string)][] = [
  [/^ {0,3}<(pre|script|style|textarea)(?=[\s>]|$)/i, /<\/(pre|script|style|textarea)>/i, (m) => `</${m[1]!.toLowerCase()}>`],
  [/^ {0,3}<!--/, /-->/, '-->'],
  [/^ {0,3}<\?/, /\?>/, '?>'],
  [/^ {0,3}<!\[CDATA\[/, /\]\]>/, ']]>'],
  [/^ {0,3}<![A-Za-z]/, />/, '>'],
];

function blockquote(md: string): string {
  const s = block(md);
  if (!s) return '>';
  return s
    .split('\n')
    .map((l) => (l ? `> ${l}` : '>'))
    .join('\n');
}

function fence(body: string, info = ''): string {
  const longest = Math.max(2, ...[...body.matchAll(/`+/g)].map((m) => m[0].length));
  const f = '`'.repeat(longest + 1);
  return `${f}${info}\n${body.replace(/\r\n?/g, '\n')}\n${f}`;
}

function num(n: number | null): string {
  return n === null ? '—' : String(n);
}

function signed(n: number | null, unit = ''): string {
  if (n === null) return '—';
  return `${n > 0 ? '+' : ''}${n}${unit}`;
}

function table(header: string[], rows: string[][]): string {
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map((r) => line(r.map(escapeCell)))].join('\n');
}

function section(title: string, body: string): string {
  return `## ${title}\n\n${body.trim() ? body.trim() : NONE}`;
}

function dataSource(s: DataSource): string {
  const facts: string[] = [`* Kind: ${SOURCE_KIND_LABELS[s.kind] ?? escapeInline(s.kind)}`];
  if (s.link) facts.push(`* Link: ${mdLink(s.link)}`);
  if (s.owner) facts.push(`* Owner: ${escapeInline(s.owner)}`);
  if (s.asOf) facts.push(`* As of: ${s.asOf}`);
  if (s.windowStart || s.windowEnd) facts.push(`* Window: ${s.windowStart ?? '…'} to ${s.windowEnd ?? '…'}`);
  if (s.population) facts.push(`* Population: ${escapeInline(s.population)}`);
  if (s.sampleSize !== null) facts.push(`* Sample size: ${s.sampleSize.toLocaleString('en')}`);
  const parts = [`### ${escapeInline(s.name)}`, facts.join('\n')];
  if (s.query.trim()) parts.push(`Query:\n\n${fence(s.query)}`);
  if (s.notes.trim()) parts.push(`Notes:\n\n${block(s.notes)}`);
  return parts.join('\n\n');
}

function chosenQuote(name: string): string {
  const text = escapeInline(name);
  return name.includes('"') && !name.includes("'") ? `'${text}'` : `"${text}"`;
}

function frontMatter(input: ExportInput): string {
  const c = input.content;
  const rec = input.recorded;
  const consulted = [...(rec?.consulted ?? [])];
  for (const r of input.reviewers) {
    const line = `${r.name} (${r.function}, ${r.verdict})`;
    if (!consulted.includes(line)) consulted.push(line);
  }
  const fm: Record<string, unknown> = {
    status: rec?.status || madrStatus(input.status, input.supersededBy),
    date: input.date,
    'decision-makers': rec ? rec.deciders : input.authors,
    consulted,
    informed: rec ? rec.informed : [input.team.name],
    tags: c.tags,
    'candor-id': input.id,
    'candor-status': input.status,
    team: input.team.slug,
  };
  if (input.date === null) delete fm.date; // Undated in the original: no date is invented.
  if (input.imported) fm['candor-imported'] = true;
  if (input.relaxedPolicy?.length) fm['candor-relaxed-policy'] = input.relaxedPolicy;
  return `---\n${stringifyYaml(fm, { lineWidth: 0 }).trimEnd()}\n---`;
}

/** One decision as a MADR 4 Markdown file with Candor's sections. */
export function exportMarkdown(input: ExportInput): string {
  const c = input.content;
  const title = c.title.trim() || input.title;
  const out: string[] = [frontMatter(input), `# ${escapeInline(title) || adrRef(input.id)}`];

  if (input.imported) {
    out.push(`> Imported into Candor from an existing ADR. It did not pass Candor's publish gate.`);
  }
  if (input.relaxedPolicy?.length) {
    out.push(`> Published under a relaxed policy, weaker than Candor's default publish gate:\n${input.relaxedPolicy.map((r) => `> - ${escapeInline(r)}`).join('\n')}`);
  }

  // MADR: context, options, outcome.
  out.push(section('Context and Problem Statement', [c.summary.trim() ? escapeInline(c.summary) : '', block(c.context)].filter(Boolean).join('\n\n')));
  out.push(section('Considered Options', c.options.map((o) => `* ${escapeInline(o.name)}`).join('\n')));

  const chosen = c.options.find((o) => o.chosen);
  const decision = block(c.decision);
  const outcome: string[] = [];
  if (chosen) outcome.push(`Chosen option: ${chosenQuote(chosen.name)}${decision ? ', because of the reasoning set out below.' : '.'}`);
  if (decision) outcome.push(decision);
  out.push(section('Decision Outcome', outcome.join('\n\n')));
  if (c.risks.trim()) out.push(`### Consequences\n\n${block(c.risks)}`);

  const confirmation: string[] = [];
  if (c.outcomeReviewDate) confirmation.push(`Outcome review date: ${c.outcomeReviewDate}.`);
  if (input.outcome) {
    confirmation.push(`Recorded outcome (${input.outcome.date}): **${escapeInline(input.outcome.verdict)}**`);
    if (input.outcome.body.trim()) confirmation.push(block(input.outcome.body));
  }
  if (confirmation.length) out.push(`### Confirmation\n\n${confirmation.join('\n\n')}`);

  const described = c.options.filter((o) => o.description.trim());
  if (described.length) {
    out.push(
      `## Pros and Cons of the Options\n\n${described.map((o) => `### ${escapeInline(o.name)}\n\n${block(o.description)}`).join('\n\n')}`,
    );
  }

  // Candor's sections.
  out.push(section('Data Sources', c.dataSources.map(dataSource).join('\n\n')));
  out.push(section('Methodology', block(c.methodology)));
  out.push(
    section(
      'Success Metrics',
      c.metrics.length
        ? table(
            ['Metric', 'Role', 'Expected direction', 'Expected effect'],
            c.metrics.map((m) => [
              m.key,
              METRIC_KIND_LABELS[m.role] ?? m.role,
              m.expectedDirection ? DIRECTION_LABELS[m.expectedDirection] : '—',
              m.expectedEffect || '—',
            ]),
          )
        : '',
    ),
  );
  out.push(
    section(
      'Evidence',
      c.evidence.length
        ? table(
            ['Metric', 'Baseline', 'Observed', 'Relative change', '95 % CI'],
            c.evidence.map((e) => [
              e.metric,
              num(e.baseline),
              num(e.observed),
              signed(e.relativeChange, ' %'),
              e.ciLow === null && e.ciHigh === null ? '—' : `${signed(e.ciLow)} to ${signed(e.ciHigh)}`,
            ]),
          )
        : '',
    ),
  );
  out.push(section('Open Critique', block(c.openCritique)));

  const dissent: string[] = [];
  const overridden = input.dissent?.overridden ?? [];
  const stale = input.dissent?.staleChangeRequests ?? [];
  if (overridden.length) {
    dissent.push('### Overridden objections');
    for (const o of overridden) {
      dissent.push(
        `#### ${escapeInline(o.author)} on ${escapeInline(o.section)}`,
        blockquote(o.body),
        `Overridden by ${escapeInline(o.by)}. Rationale:`,
        blockquote(o.rationale),
      );
    }
  }
  if (stale.length) {
    dissent.push('### Change requests left standing on earlier revisions');
    for (const s of stale) {
      dissent.push(`#### ${escapeInline(s.reviewer)} requested changes on revision ${s.revision}`, blockquote(s.body));
    }
  }
  out.push(section('Recorded Dissent', dissent.join('\n\n')));

  const more: string[] = [];
  const links: string[] = [];
  if (input.supersedes) {
    links.push(`* Supersedes [${adrRef(input.supersedes.id)}: ${escapeInline(input.supersedes.title)}](${exportFileName(input.supersedes.id, input.supersedes.title)})`);
  }
  if (input.supersededBy) {
    links.push(
      `* Superseded by [${adrRef(input.supersededBy.id)}: ${escapeInline(input.supersededBy.title)}](${exportFileName(input.supersededBy.id, input.supersededBy.title)})`,
    );
  }
  for (const r of input.related ?? []) {
    links.push(`* Relates to [${adrRef(r.id)}: ${escapeInline(r.title)}](${exportFileName(r.id, r.title)})`);
  }
  if (links.length) more.push(links.join('\n'));
  if (input.closedReason?.trim()) {
    const label = input.status === 'withdrawn' ? 'Withdrawn. Reason:' : input.status === 'reversed' ? 'Reversed. Rationale:' : 'Closed. Reason:';
    more.push(label, block(input.closedReason));
  }
  more.push(
    `Exported from Candor: decision ${input.id} of team ${escapeInline(input.team.name)}, status ${STATUS_LABELS[input.status] ?? input.status}${input.imported ? ', imported from an existing ADR' : ''}.`,
  );
  out.push(section('More Information', more.join('\n\n')));

  const record = recordComment(input);
  if (record) out.push(record);
  out.push(contentComment(c));
  return `${out.join('\n\n')}\n`;
}

/** A Markdown index of exported files: a table linking each one, with its status and date (ordered by id). */
export function exportIndex(entries: ExportIndexEntry[], heading = 'Decision log'): string {
  const sorted = [...entries].sort((a, b) => a.id - b.id);
  const teamName = (t: ExportIndexEntry['team']) => (t ? (typeof t === 'string' ? t : t.name) : '');
  const withTeam = sorted.some((e) => teamName(e.team));
  const header = ['ADR', 'Title', 'Status', 'Date', ...(withTeam ? ['Team'] : [])];
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  const rows = sorted.map((e) => {
    const file = e.fileName ?? exportFileName(e.id, e.title);
    const cells = [
      adrRef(e.id),
      `[${escapeCell(e.title)}](${fileHref(file)})`,
      escapeCell(STATUS_LABELS[e.status] ?? e.status),
      escapeCell(e.date),
    ];
    if (withTeam) cells.push(escapeCell(teamName(e.team)));
    return line(cells);
  });
  const count = `${sorted.length} decision${sorted.length === 1 ? '' : 's'}, exported from Candor as MADR 4 records.`;
  return `# ${escapeInline(heading)}\n\n${count}\n\n${[line(header), line(header.map(() => '---')), ...rows].join('\n')}\n`;
}
