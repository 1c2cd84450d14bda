import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import type { Table } from 'mdast';
import { describe, expect, it } from 'vitest';
import { exportFileName, exportIndex, exportMarkdown, type ExportInput } from '@/lib/adr/export';
import { parseAdr, type ParsedAdr } from '@/lib/adr/parse';
import { parseTree, plainText } from '@/lib/adr/util';
import { decisionContentSchema, emptyContent, type DecisionContent } from '@/lib/validation/decision';

const FIXTURES = path.resolve(__dirname, 'fixtures/adr');

function read(folder: string, file: string): string {
  return fs.readFileSync(path.join(FIXTURES, folder, file), 'utf8');
}

function parseFixture(folder: string, file: string): ParsedAdr {
  const r = parseAdr(file, read(folder, file));
  if (!r.ok) throw new Error(`${folder}/${file} was skipped: ${r.reason}`);
  return r.adr;
}

function parseOk(fileName: string, markdown: string): ParsedAdr {
  const r = parseAdr(fileName, markdown);
  if (!r.ok) throw new Error(`${fileName} was skipped: ${r.reason}`);
  return r.adr;
}

// ————————————————————————————————————————————————————————————— every fixture folder

const EXPECTED: Record<string, { ok: number; skipped: Record<string, string> }> = {
  madr: {
    ok: 19,
    skipped: {
      'adr-template.md': 'adr-template.md is the MADR template, not a decision record',
      'index.md': 'index.md lists the records; it is not one itself',
    },
  },
  'adr-tools': { ok: 9, skipped: {} },
  log4brains: {
    ok: 12,
    skipped: {
      'README.md': 'README.md describes the folder; it is not a decision record',
      'index.md': 'index.md lists the records; it is not one itself',
      'template.md': 'template.md is the log4brains template, not a decision record',
    },
  },
  'log4brains-edge-cases': {
    ok: 15,
    skipped: { 'template.md': 'template.md is the log4brains template, not a decision record' },
  },
};

describe('importing the real ADR folders', () => {
  it('has exactly the four fixture folders this suite expects', () => {
    const folders = fs
      .readdirSync(FIXTURES)
      .filter((d) => fs.statSync(path.join(FIXTURES, d)).isDirectory())
      .sort();
    expect(folders).toEqual(Object.keys(EXPECTED).sort());
  });

  it.each(Object.keys(EXPECTED))('%s: every file parses into valid content or is skipped with a precise reason', (folder) => {
    const files = fs.readdirSync(path.join(FIXTURES, folder)).sort();
    const skipped: Record<string, string> = {};
    let ok = 0;
    for (const file of files) {
      const r = parseAdr(file, read(folder, file));
      if (!r.ok) {
        skipped[file] = r.reason;
        continue;
      }
      ok++;
      // The content is valid as it stands and already normalised.
      expect(decisionContentSchema.parse(r.adr.content)).toEqual(r.adr.content);
      expect(r.adr.fileName).toBe(file);
      expect(r.adr.title.trim()).not.toBe('');
      expect(r.adr.content.title).toBe(r.adr.title);
      expect(r.adr.date === null || /^\d{4}-\d{2}-\d{2}$/.test(r.adr.date)).toBe(true);
      // Template noise never reaches the content.
      expect(JSON.stringify(r.adr.content)).not.toMatch(/<!-- (?:optional|This is an optional|numbers of)/);
    }
    expect(skipped).toEqual(EXPECTED[folder].skipped);
    expect(ok).toBe(EXPECTED[folder].ok);
    expect(ok + Object.keys(skipped).length).toBe(files.length);
  });

  it('never throws: arbitrary and mangled Markdown is mapped to valid content or skipped with a reason (property)', () => {
    const corpus = Object.keys(EXPECTED).flatMap((folder) =>
      fs.readdirSync(path.join(FIXTURES, folder)).map((file) => read(folder, file)),
    );
    const piece = fc.oneof(
      fc.constantFrom('# ', '## ', '### ', '- ', '* ', '1. ', '> ', '```', '\n', '\n\n', '---\n', '<!--', '-->', '{x}', '[y]', '[l](a.md)', 'Status: ', 'Date: ', 'Tags: ', 'Chosen option: "', '|', '| --- |', 'Superseded by ', 'Decision Outcome', 'Considered Options', '\r\n', '\u0000'),
      fc.string({ unit: 'binary', maxLength: 10 }),
    );
    const doc = fc.oneof(
      fc.array(piece, { maxLength: 60 }).map((a) => a.join('')),
      fc.tuple(fc.constantFrom(...corpus), fc.nat(), fc.nat(), fc.array(piece, { maxLength: 5 })).map(([c, a, b, ins]) => {
        const i = a % (c.length + 1);
        const j = b % (c.length + 1);
        return c.slice(0, Math.min(i, j)) + ins.join('') + c.slice(Math.max(i, j));
      }),
    );
    fc.assert(
      fc.property(doc, fc.constantFrom('0001-a.md', 'index.md', 'notes.txt'), (md, name) => {
        const r = parseAdr(name, md);
        if (r.ok) expect(decisionContentSchema.parse(r.adr.content)).toEqual(r.adr.content);
        else expect(r.reason).toMatch(/\S/);
      }),
      { numRuns: 300 },
    );
  });

  it('parses deterministically', () => {
    const md = read('madr', '0008-add-status-field.md');
    expect(parseAdr('0008-add-status-field.md', md)).toEqual(parseAdr('0008-add-status-field.md', md));
  });
});

describe('adr-tools (Nygard) records', () => {
  it('reads 0001: numbering stripped from the title, Date: line, ## Status section', () => {
    const a = parseFixture('adr-tools', '0001-record-architecture-decisions.md');
    expect(a.format).toBe('nygard');
    expect(a.title).toBe('Record architecture decisions');
    expect(a.status).toBe('accepted');
    expect(a.statusText).toBe('Accepted');
    expect(a.date).toBe('2016-02-12');
    expect(a.content.context).toBe('We need to record the architectural decisions made on this project.');
    expect(a.content.summary).toBe('We need to record the architectural decisions made on this project.');
    expect(a.content.decision).toContain('We will use Architecture Decision Records');
    expect(a.content.decision).toContain('http://thinkrelevance.com/blog/2011/11/15/documenting-architecture-decisions');
    expect(a.content.risks).toBe("See Michael Nygard's article, linked above.");
    expect(a.supersedes).toEqual([]);
    expect(a.supersededBy).toEqual([]);
  });

  it('reads "Amends" / "Amended by" lines in the status section as related records', () => {
    const five = parseFixture('adr-tools', '0005-help-comments.md');
    expect(five.date).toBe('2016-02-13');
    expect(five.status).toBe('accepted');
    expect(five.relatesTo).toEqual(['0009-help-scripts.md']);
    const nine = parseFixture('adr-tools', '0009-help-scripts.md');
    expect(nine.relatesTo).toEqual(['0005-help-comments.md']);
    // The relation line is metadata, not context.
    expect(nine.content.context).not.toMatch(/Amends/);
  });

  it('dates every record', () => {
    const dates = fs
      .readdirSync(path.join(FIXTURES, 'adr-tools'))
      .sort()
      .map((f) => parseFixture('adr-tools', f).date);
    expect(dates).toEqual([
      '2016-02-12',
      '2016-02-12',
      '2016-02-12',
      '2016-02-12',
      '2016-02-13',
      '2016-02-16',
      '2016-12-17',
      '2017-02-21',
      '2018-06-26',
    ]);
  });

  it('reads a "Superseded by" status and a "Supersedes" line', () => {
    const old = parseOk(
      '0002-use-make.md',
      '# 2. Use make\n\nDate: 2016-03-01\n\n## Status\n\nSuperseded by [3. Use a shell script](0003-use-a-shell-script.md)\n\n## Context\n\nWe need a build.\n\n## Decision\n\nUse make.\n\n## Consequences\n\nMakefiles.\n',
    );
    expect(old.status).toBe('superseded');
    expect(old.statusText).toBe('Superseded by [3. Use a shell script](0003-use-a-shell-script.md)');
    expect(old.supersededBy).toEqual(['0003-use-a-shell-script.md']);
    const accepted = parseOk(
      '0004-x.md',
      '# 4. X\n\nDate: 12 February 2016\n\n## Status\n\nAccepted\n\nSuperseded by [5. Y](../adr/0005-y.md#status)\n\n## Context\n\nC.\n',
    );
    expect(accepted.status).toBe('superseded');
    expect(accepted.date).toBe('2016-02-12');
    expect(accepted.supersededBy).toEqual(['0005-y.md']);
    const newer = parseOk(
      '0003-use-a-shell-script.md',
      '# 3. Use a shell script\n\nDate: 2016-03-02\n\n## Status\n\nAccepted\n\nSupersedes [2. Use make](0002-use-make.md)\n\n## Context\n\nMake is gone.\n',
    );
    expect(newer.status).toBe('accepted');
    expect(newer.supersedes).toEqual(['0002-use-make.md']);
  });
});

describe('log4brains records', () => {
  it('reads the inline metadata list and the superseded / superseder pair', () => {
    const old = parseFixture('log4brains', '20200926-use-the-adr-number-as-its-unique-id.md');
    expect(old.format).toBe('log4brains');
    expect(old.status).toBe('superseded');
    expect(old.statusText).toBe('superseded by [20201016-use-the-adr-slug-as-its-unique-id](20201016-use-the-adr-slug-as-its-unique-id.md)');
    expect(old.supersededBy).toEqual(['20201016-use-the-adr-slug-as-its-unique-id.md']);
    expect(old.date).toBe('2020-09-26');
    const newer = parseFixture('log4brains', '20201016-use-the-adr-slug-as-its-unique-id.md');
    expect(newer.status).toBe('accepted');
    expect(newer.supersedes).toEqual(['20200926-use-the-adr-number-as-its-unique-id.md']);
    // The Links section is kept in the context.
    expect(newer.content.context).toContain('## Links');
  });

  it('maps options, the chosen option and its pros and cons', () => {
    const a = parseFixture('log4brains', '20201103-use-lunr-for-search.md');
    expect(a.content.options.map((o) => o.name)).toEqual(['Option 1: Fuse.js', 'Option 2: Lunr.js']);
    expect(a.content.options.map((o) => o.chosen)).toEqual([false, true]);
    expect(a.content.options[1].description).toContain('<https://lunrjs.com/>');
    expect(a.content.options[1].description).toContain('- Fast searching');
    expect(a.content.context).toContain('## Decision Drivers');
    expect(a.content.context).not.toContain('optional');
  });

  it('keeps positive and negative consequences apart in the risks', () => {
    const a = parseFixture('log4brains', '20201026-the-core-api-is-responsible-for-enhancing-the-adr-markdown-body-with-mdx.md');
    expect(a.content.risks).toBe(
      '### Positive Consequences\n\n- The metadata in the header is simply removed\n\n### Negative Consequences\n\n- Each UI package will have to implement its own Header component',
    );
    expect(a.content.options.find((o) => o.chosen)?.name).toBe('Option 2: the core API is responsible (with MDX)');
  });

  it('matches a chosen option that names a nested sub-option to its parent option', () => {
    const a = parseFixture('log4brains', '20200925-multi-packages-architecture-in-a-monorepo-with-yarn-and-lerna.md');
    expect(a.content.options.find((o) => o.chosen)?.name).toBe('Multi-packages, monorepo');
    expect(a.content.options.find((o) => o.chosen)?.description).toContain('- with Yarn and Lerna');
  });

  it('keeps the text of a record without sections as its context', () => {
    const a = parseFixture('log4brains', '20201002-use-explicit-architecture-and-ddd-for-the-core-api.md');
    expect(a.content.context).toContain('[Explicit Architecture](https://herbertograca.com/tag/explicit-architecture/)');
    expect(a.content.summary).toMatch(/^As mentioned in 20200925-multi-packages/);
  });
});

describe('log4brains edge cases', () => {
  const edge = (f: string) => parseFixture('log4brains-edge-cases', f);

  it('reads status, deciders, date and tags', () => {
    const a = edge('20200101-first-adr.md');
    expect(a).toMatchObject({
      title: 'First ADR',
      status: 'accepted',
      date: '2020-01-01',
      deciders: ['John Doe', 'Foo bar'],
      tags: ['foo', 'bar'],
      format: 'log4brains',
    });
    expect(a.content.tags).toEqual(['foo', 'bar']);
    expect(a.content.context).toBe('Technical Story: lorem ipsum\n\nLorem ipsum.');
    expect(a.content.summary).toBe('Lorem ipsum.');
    expect(a.content.decision).toBe('Lorem ipsum.');
  });

  it('titles a file without a title from its name, as log4brains does', () => {
    expect(edge('20201028-adr-with-no-metadata-no-title.md').title).toBe('Adr with no metadata no title');
    const noTitle = edge('20200102-adr-without-title.md');
    expect(noTitle.title).toBe('Adr without title');
    expect(noTitle.deciders).toEqual(['John Doe', 'Foo bar']);
    expect(noTitle.status).toBe('draft');
  });

  it('defaults a missing status to draft and a missing date to null', () => {
    expect(edge('20200102-adr-without-status.md')).toMatchObject({ status: 'draft', statusText: '', date: '2020-01-02', tags: ['foo'] });
    expect(edge('20200102-adr-only-with-date.md')).toMatchObject({ status: 'draft', date: '2020-01-02', deciders: [] });
    expect(edge('20201028-adr-without-date.md')).toMatchObject({ status: 'accepted', date: null });
    expect(edge('20201028-adr-with-no-metadata.md')).toMatchObject({ title: 'ADR with no metadata', status: 'draft', date: null, tags: [] });
  });

  it('maps proposed, rejected and draft', () => {
    expect(edge('20201029-proposed-adr.md').status).toBe('proposed');
    expect(edge('20201029-rejected-adr.md').status).toBe('rejected');
    expect(edge('20201030-draft-adr.md').status).toBe('draft');
  });

  it('links the superseded record and its superseder both ways', () => {
    const old = edge('20201028-superseded-adr.md');
    const newer = edge('20201029-superseder.md');
    expect(old).toMatchObject({ status: 'superseded', supersededBy: ['20201029-superseder.md'], date: '2020-10-28' });
    expect(newer).toMatchObject({ status: 'accepted', supersedes: ['20201028-superseded-adr.md'] });
  });

  it('keeps an introduction written before the metadata', () => {
    const a = edge('20200102-adr-with-intro.md');
    expect(a.status).toBe('accepted');
    expect(a.content.context).toMatch(/^This is an introduction paragraph\./);
  });

  it('accepts an odd file name', () => {
    const a = edge('adr_with_a_WeIrd-filename.md');
    expect(a).toMatchObject({ fileName: 'adr_with_a_WeIrd-filename.md', title: 'ADR with a weird filename', status: 'accepted', date: '2020-01-02' });
  });

  it('does not mistake a record full of links for an index, nor its links for relations', () => {
    const a = edge('20201028-links.md');
    expect(a.title).toBe('Links');
    expect(a.date).toBe('2020-10-28');
    expect(a.supersedes).toEqual([]);
    expect(a.relatesTo).toEqual([]);
    expect(a.content.context).toContain('## Tests');
  });
});

describe('MADR records', () => {
  const madr = (f: string) => parseFixture('madr', f);

  it('reads options, the chosen option and the pros and cons of each', () => {
    const a = madr('0001-use-CC0-or-MIT-as-license.md');
    expect(a.format).toBe('madr');
    expect(a.title).toBe('Dual License the Work');
    expect(a.content.options.map((o) => o.name)).toEqual(['CC0', 'BSD3', 'MIT', 'Dual license with MIT and CC0', 'No license', 'Other open source licenses']);
    expect(a.content.options.filter((o) => o.chosen).map((o) => o.name)).toEqual(['Dual license with MIT and CC0']);
    expect(a.content.options[0].description).toContain('donates the content to "public domain"');
    expect(a.content.options[3].description).toMatch(/^With the SPDX identifier `MIT OR CC0-1\.0`/);
    expect(a.content.options[4].description).toBe('');
    expect(a.content.decision).toMatch(/^Chosen option: "Dual license with MIT and CC0", because/);
    expect(a.content.summary).toBe('Everything needs to be licensed, otherwise the default copyright laws apply. For instance, in Germany that means users may not alter anything without explicitly asking for permission. For more information see https://help.github.com/articles/licensing-a-repository/.');
  });

  it('matches chosen options written with other quotes, code spans or links', () => {
    const chosen = (f: string) => madr(f).content.options.find((o) => o.chosen)?.name;
    expect(chosen('0000-use-markdown-architectural-decision-records.md')).toBe('MADR 4.0.0 – The Markdown Architectural Decision Records');
    expect(chosen('0005-use-dashes-in-filenames.md')).toBe('NNNN-title-with-dashes.md - format used by adr-tools');
    expect(chosen('0009-support-links-between-adrs-inside-an-adrs.md')).toBe('Include in section "More Information"');
    expect(chosen('0014-allow-neutral-arguments.md')).toBe('Neutral, because …');
    expect(chosen('0015-include-consulting-informed-of-raci.md')).toBe('Include "Consulted" and "Informed" of RACI');
    expect(chosen('0017-use-same-format-for-outcomes-and-options.md')).toBe(
      'Section "Consequences" listing positive and negative consequences as "Good, because" and "Bad, because"',
    );
    expect(chosen('0018-use-confirmation-as-heading.md')).toBe('Confirmation');
    // A linked option keeps its link in the description.
    expect(madr('0000-use-markdown-architectural-decision-records.md').content.options[0].description).toContain('(https://adr.github.io/madr/)');
  });

  it('takes ### Consequences as risks and appends Confirmation, Decision Drivers and More Information to the context', () => {
    const toc = madr('0004-write-own-toc-tool.md');
    expect(toc.content.risks).toBe(
      '* Good, because `adr-log` is installable using `npm install -g adr-log`, which is easier than installing `adr-tools`.\n* Bad, because another tool has to be maintained',
    );
    expect(toc.content.decision).not.toContain('Consequences');
    const conf = madr('0018-use-confirmation-as-heading.md');
    expect(conf.content.context).toContain('## Decision Drivers\n\n* Consistent with terms used in IT');
    expect(conf.content.context).toContain('## Confirmation\n\n* Before next release');
    expect(conf.content.decision).not.toContain('Before next release');
    const status = madr('0008-add-status-field.md');
    expect(status.content.context).toContain('## More Information\n\nSee [ADR-0013](0013-use-yaml-front-matter-for-meta-data.md)');
    // "Technical Story:" is not a summary.
    expect(status.content.summary).toBe('ADRs have a status. Should this be tracked? And if it should, how should we track it?');
  });

  it('keeps code blocks and nested headings of pros and cons intact', () => {
    const a = madr('0008-add-status-field.md');
    const yaml = a.content.options.find((o) => o.name === 'Use YAML front matter');
    expect(yaml?.chosen).toBe(true);
    expect(yaml?.description).toContain('```markdown\n---\nparent: Decisions\nnav_order: 3\nstatus: on hold\n---\n# Write own MADR tooling\n```');
    expect(a.content.options.find((o) => o.name === 'Use badge')?.description).toMatch(/^#### Examples/);
  });

  it('reads front-matter status, and treats an unknown status as a proposal', () => {
    const a = madr('0003-provide-own-madr-tools.md');
    expect(a.status).toBe('proposed');
    expect(a.statusText).toBe('on hold');
    expect(a.content.context).toContain('## More Information');
    expect(madr('0000-use-markdown-architectural-decision-records.md')).toMatchObject({ status: 'draft', statusText: '', date: null });
  });

  it('reads MADR 4 front matter: status, date, decision-makers, consulted, informed, tags', () => {
    const a = parseOk(
      '0020-use-postgres.md',
      [
        '---',
        'status: "superseded by [ADR-0031](0031-use-sqlite.md)"',
        'date: 2024-3-7',
        'decision-makers: Ana Ruiz, [Bo Li](https://example.com/bo)',
        'consulted:',
        '  - Cy Diaz',
        'informed: [Platform team]',
        'tags: [Data Store, "Q3 goals!", "über-cool", "-lead", x_repeat, "{tag}"]',
        '---',
        '# Use Postgres',
        '',
        '## Context and Problem Statement',
        '',
        'We need a database.',
      ].join('\n'),
    );
    expect(a).toMatchObject({
      format: 'madr',
      status: 'superseded',
      statusText: 'superseded by [ADR-0031](0031-use-sqlite.md)',
      supersededBy: ['0031-use-sqlite.md'],
      date: '2024-03-07',
      deciders: ['Ana Ruiz', 'Bo Li'],
      consulted: ['Cy Diaz'],
      informed: ['Platform team'],
      tags: ['data-store', 'q3-goals', 'über-cool', 'lead', 'x-repeat', 'tag'],
    });
    expect(a.content.tags).toEqual(a.tags);
  });

  it('reads "superseded by ADR-0123" without a link, and older MADR "* Status:" lines', () => {
    const fm = parseOk('0007-x.md', '---\nstatus: superseded by ADR-0123\n---\n# X\n\n## Context and Problem Statement\n\nC.\n');
    expect(fm.supersededBy).toEqual(['ADR-0123']);
    const inline = parseOk(
      '0008-y.md',
      '# Y\n\n* Status: approved\n* Deciders: Ana, Bo\n* Date: 2019/05/04\n* Tags: [api design] [security]\n\n## Context and Problem Statement\n\nC.\n',
    );
    expect(inline).toMatchObject({ status: 'accepted', deciders: ['Ana', 'Bo'], date: '2019-05-04', tags: ['api-design', 'security'], format: 'log4brains' });
  });

  it('ignores malformed front matter instead of failing', () => {
    const a = parseOk('0009-z.md', '---\nstatus: [unclosed\n---\n# Z\n\n## Decision\n\nDo it.\n');
    expect(a.title).toBe('Z');
    expect(a.status).toBe('draft');
    expect(a.content.decision).toBe('Do it.');
  });
});

describe('files that are not decision records', () => {
  it('skips non-Markdown and empty files', () => {
    expect(parseAdr('0001-x.txt', '# X')).toEqual({ ok: false, reason: 'Not a Markdown file (.md)' });
    expect(parseAdr('diagram.png', '')).toEqual({ ok: false, reason: 'Not a Markdown file (.md)' });
    expect(parseAdr('0001-x.md', '')).toEqual({ ok: false, reason: 'The file is empty' });
    expect(parseAdr('0001-x.md', ' \n\n\t\n')).toEqual({ ok: false, reason: 'The file is empty' });
    expect(parseAdr('0001-x.md', '---\nstatus: accepted\n---\n<!-- nothing -->\n')).toEqual({
      ok: false,
      reason: 'The file has no content besides front matter and HTML comments',
    });
  });

  it('recognises a template by its placeholders whatever its name', () => {
    const template = read('madr', 'adr-template.md');
    expect(parseAdr('0000-new-decision.md', template)).toEqual({ ok: false, reason: '0000-new-decision.md is the MADR template, not a decision record' });
  });

  it('recognises a page that lists other records whatever its name', () => {
    const list = '# Decisions\n\n* [ADR-0001](0001-a.md) Use A\n* [ADR-0002](0002-b.md) Use B\n* [ADR-0003](0003-c.md) Use C\n';
    expect(parseAdr('decision-log.md', list)).toEqual({ ok: false, reason: 'decision-log.md lists the records; it is not one itself' });
    expect(parseAdr('README.md', list)).toEqual({ ok: false, reason: 'README.md lists the records; it is not one itself' });
  });

  it('strips template placeholders only where a whole section is template text', () => {
    const a = parseOk(
      '0010-real.md',
      '# Real decision\n\n## Context and Problem Statement\n\nReal context with a {placeholder-looking} word.\n\n## Decision Drivers\n\n* {decision driver 1, e.g., a force, facing concern, …}\n* … <!-- numbers of drivers can vary -->\n\n## Decision Outcome\n\nWe do it.\n',
    );
    expect(a.content.context).toBe('Real context with a {placeholder-looking} word.');
    expect(a.content.decision).toBe('We do it.');
  });

  it('passes hostile Markdown through as text; rendering sanitises it', () => {
    const a = parseOk(
      '0011-hostile.md',
      '# <img src=x onerror=alert(1)> Title\n\n## Context\n\n<script>alert(1)</script>\n\n[x](javascript:alert(1))\n\n## Decision\n\n<iframe src="javascript:alert(1)"></iframe>\n',
    );
    expect(a.content.context).toBe('<script>alert(1)</script>\n\n[x](javascript:alert(1))');
    expect(a.content.decision).toBe('<iframe src="javascript:alert(1)"></iframe>');
    expect(a.title).toBe('Title');
  });

  it('truncates over-long fields to the schema limits instead of failing', () => {
    const long = 'Word. '.repeat(20_000);
    const tags = Array.from({ length: 80 }, (_, i) => `tag-${i}`).join(', ');
    const a = parseOk('0012-long.md', `# ${'T'.repeat(300)}\n\n- Tags: ${tags}\n\n## Context\n\n${long}\n\n## Considered Options\n\n${Array.from({ length: 70 }, (_, i) => `* Option ${i}`).join('\n')}\n`);
    expect(a.content.title.length).toBeLessThanOrEqual(200);
    expect(a.content.context.length).toBeLessThanOrEqual(50_000);
    expect(a.content.summary.length).toBeLessThanOrEqual(2_000);
    expect(a.content.summary).toMatch(/Word\.$/);
    expect(a.content.options).toHaveLength(50);
    expect(a.content.tags).toHaveLength(50);
    expect(decisionContentSchema.parse(a.content)).toEqual(a.content);
  });
});

// ————————————————————————————————————————————————————————————— export

function fullContent(): DecisionContent {
  return decisionContentSchema.parse({
    title: 'Move the weekly digest to Thursday evenings',
    summary: 'Opens fell on Mondays; we move the digest to Thursday at 18:00.',
    context: 'Open rates of the Monday digest fell from 31 % to 22 % over two quarters.\n\n- Mondays are busy\n- Thursday evenings are not',
    decision: 'Send the digest on **Thursdays at 18:00** local time.',
    options: [
      { name: 'Thursday evening', description: '* Good, because opens rose in the test', chosen: true },
      { name: 'Keep Monday morning', description: '* Bad, because opens keep falling' },
      { name: 'Daily digest', description: '' },
    ],
    dataSources: [
      {
        name: 'Digest send-time A/B test',
        kind: 'ab-test',
        link: 'https://experiments.example.com/digest-send-time',
        query: 'select variant, count(*) from opens -- all users\ngroup by 1',
        owner: 'Dana Li',
        windowStart: '2024-04-01',
        windowEnd: '2024-04-28',
        population: 'Active EU users',
        sampleSize: 48_000,
        notes: 'Holidays excluded.',
      },
      { name: 'Support tickets', kind: 'warehouse-query', query: 'select 1', asOf: '2024-04-30' },
    ],
    methodology: 'Two-sided test on open rate, alpha 0.05, pre-registered.',
    metrics: [
      { key: 'digest-open-rate', role: 'primary', expectedDirection: 'increase', expectedEffect: '+3 pp' },
      { key: 'unsubscribe-rate', role: 'guardrail', expectedDirection: 'no-change' },
    ],
    evidence: [{ metric: 'digest-open-rate', baseline: 0.22, observed: 0.26, relativeChange: 18.2, ciLow: 9.1, ciHigh: 27.4 }],
    openCritique: 'Four weeks may be too short to see novelty wear off.',
    risks: 'Thursday promotions compete for attention.',
    outcomeReviewDate: '2024-08-01',
    tags: ['email', 'q3-goals'],
  });
}

function input(overrides: Partial<ExportInput> = {}): ExportInput {
  const content = overrides.content ?? fullContent();
  return {
    id: 12,
    title: content.title,
    status: 'published',
    team: { slug: 'growth', name: 'Growth' },
    date: '2024-05-02',
    authors: ['Ana Ruiz'],
    reviewers: [
      { name: 'Dana Li', function: 'data-science', verdict: 'approve' },
      { name: 'Eli Ng', function: 'engineering', verdict: 'approve' },
    ],
    content,
    supersedes: { id: 5, title: 'Send the digest on Monday mornings' },
    supersededBy: null,
    closedReason: null,
    dissent: {
      overridden: [{ author: 'Eli Ng', section: 'methodology', body: 'The window is too short.', rationale: 'Novelty checked in week 4.', by: 'Ana Ruiz' }],
      staleChangeRequests: [{ reviewer: 'Fay Oh', revision: 2, body: 'Add confidence intervals.' }],
    },
    outcome: { verdict: 'validated', body: 'Opens held at 26 %.', date: '2024-08-03' },
    ...overrides,
  };
}

function headings(md: string): string[] {
  const tree = parseTree(md);
  return tree.children.filter((n) => n.type === 'heading').map((h) => `${'#'.repeat(h.depth)} ${plainText(h)}`);
}

function sectionTable(md: string, title: string): Table {
  const tree = parseTree(md);
  const i = tree.children.findIndex((n) => n.type === 'heading' && plainText(n) === title);
  const t = tree.children.slice(i + 1).find((n) => n.type === 'table' || n.type === 'heading');
  if (!t || t.type !== 'table') throw new Error(`no table under ${title}`);
  return t;
}

describe('exporting a decision as MADR', () => {
  it('names files with the id and an ASCII slug of at most 60 characters', () => {
    expect(exportFileName(12, 'Move the weekly digest to Thursday evenings')).toBe('0012-move-the-weekly-digest-to-thursday-evenings.md');
    expect(exportFileName(3, 'Ünïcödé café — naïve “quotes” & ß')).toBe('0003-unicode-cafe-naive-quotes-ss.md');
    expect(exportFileName(7, '日本語')).toBe('0007-decision.md');
    expect(exportFileName(12345, 'x')).toBe('12345-x.md');
    const long = exportFileName(1, 'A very long title that keeps going well beyond the sixty character limit we set');
    const slug = long.replace(/^0001-|\.md$/g, '');
    expect(slug.length).toBeLessThanOrEqual(60);
    expect(slug).toMatch(/^[a-z0-9]+(?:-[a-z0-9]+)*$/);
    expect(slug).toBe('a-very-long-title-that-keeps-going-well-beyond-the-sixty');
  });

  it('writes MADR 4 front matter and headings, then Candor’s sections', () => {
    const md = exportMarkdown(input());
    expect(md.startsWith('---\nstatus: accepted\ndate: 2024-05-02\n')).toBe(true);
    const tree = parseTree(md);
    const fm = tree.children[0];
    expect(fm.type).toBe('yaml');
    const yamlText = fm.type === 'yaml' ? fm.value : '';
    for (const line of ['decision-makers:\n  - Ana Ruiz', 'consulted:\n  - Dana Li (data-science, approve)', 'informed:\n  - Growth', 'candor-id: 12', 'candor-status: published', 'team: growth', 'tags:\n  - email\n  - q3-goals']) {
      expect(yamlText).toContain(line);
    }
    expect(headings(md)).toEqual([
      '# Move the weekly digest to Thursday evenings',
      '## Context and Problem Statement',
      '## Considered Options',
      '## Decision Outcome',
      '### Consequences',
      '### Confirmation',
      '## Pros and Cons of the Options',
      '### Thursday evening',
      '### Keep Monday morning',
      '## Data Sources',
      '### Digest send-time A/B test',
      '### Support tickets',
      '## Methodology',
      '## Success Metrics',
      '## Evidence',
      '## Open Critique',
      '## Recorded Dissent',
      '### Overridden objections',
      '#### Eli Ng on methodology',
      '### Change requests left standing on earlier revisions',
      '#### Fay Oh requested changes on revision 2',
      '## More Information',
    ]);
    expect(md).toContain('Chosen option: "Thursday evening", because');
    expect(md).toContain('* Kind: A/B test\n* Link: <https://experiments.example.com/digest-send-time>\n* Owner: Dana Li\n* Window: 2024-04-01 to 2024-04-28\n* Population: Active EU users\n* Sample size: 48,000');
    expect(md).toContain('```\nselect variant, count(*) from opens -- all users\ngroup by 1\n```');
    expect(md).toContain('Outcome review date: 2024-08-01.');
    expect(md).toContain('Recorded outcome (2024-08-03): **validated**');
    expect(md).toContain('Overridden by Ana Ruiz. Rationale:\n\n> Novelty checked in week 4.');
    expect(md).toContain('* Supersedes [ADR-0005: Send the digest on Monday mornings](0005-send-the-digest-on-monday-mornings.md)');
    const evidence = sectionTable(md, 'Evidence');
    expect(evidence.children[0].children.map((c) => plainText(c))).toEqual(['Metric', 'Baseline', 'Observed', 'Relative change', '95 % CI']);
    expect(evidence.children[1].children.map((c) => plainText(c))).toEqual(['digest-open-rate', '0.22', '0.26', '+18.2 %', '+9.1 to +27.4']);
    const metrics = sectionTable(md, 'Success Metrics');
    expect(metrics.children.slice(1).map((r) => r.children.map((c) => plainText(c)))).toEqual([
      ['digest-open-rate', 'Primary', 'Increase', '+3 pp'],
      ['unsubscribe-rate', 'Guardrail', 'No change', '—'],
    ]);
  });

  it.each([
    ['draft', 'proposed'],
    ['in-review', 'proposed'],
    ['published', 'accepted'],
    ['reversed', 'deprecated'],
    ['withdrawn', 'rejected'],
  ] as const)('maps %s to the MADR status %s, and back', (status, madr) => {
    const md = exportMarkdown(input({ status, supersedes: null }));
    expect(md).toContain(`\nstatus: ${madr}\n`);
    const a = parseOk(exportFileName(12, 'x'), md);
    expect(a.status).toBe(madr);
    expect(a.candor?.status).toBe(status);
  });

  it('writes a superseded record’s status as a link to its successor', () => {
    const md = exportMarkdown(input({ status: 'superseded', supersededBy: { id: 30, title: 'Stop the digest' } }));
    const a = parseOk('0012-move-the-weekly-digest-to-thursday-evenings.md', md);
    expect(a.status).toBe('superseded');
    expect(a.statusText).toBe('superseded by [ADR-0030](0030-stop-the-digest.md)');
    expect(a.supersededBy).toEqual(['0030-stop-the-digest.md']);
    expect(a.supersedes).toEqual(['0005-send-the-digest-on-monday-mornings.md']);
  });

  it('writes the reversal rationale or withdrawal reason under More Information', () => {
    const reversed = exportMarkdown(input({ status: 'reversed', closedReason: 'Opens fell back after the summer.' }));
    expect(reversed).toContain('Reversed. Rationale:\n\nOpens fell back after the summer.');
    const withdrawn = exportMarkdown(input({ status: 'withdrawn', closedReason: 'Superseded by the Q3 plan.' }));
    expect(withdrawn).toContain('Withdrawn. Reason:\n\nSuperseded by the Q3 plan.');
  });

  it('round-trips through parseAdr: exact content, status, date, tags, people', () => {
    const md = exportMarkdown(input());
    const a = parseOk(exportFileName(12, 'Move the weekly digest to Thursday evenings'), md);
    expect(a.format).toBe('candor');
    expect(a.content).toEqual(fullContent());
    expect(a).toMatchObject({
      title: 'Move the weekly digest to Thursday evenings',
      status: 'accepted',
      date: '2024-05-02',
      tags: ['email', 'q3-goals'],
      deciders: ['Ana Ruiz'],
      consulted: ['Dana Li (data-science, approve)', 'Eli Ng (engineering, approve)'],
      informed: ['Growth'],
      supersedes: ['0005-send-the-digest-on-monday-mornings.md'],
      candor: { id: 12, status: 'published', team: 'growth' },
    });
  });

  it('round-trips empty content and an imported record', () => {
    const content = { ...emptyContent(), title: 'Bare' };
    const md = exportMarkdown(input({ content, title: 'Bare', imported: true, dissent: null, outcome: null, supersedes: null }));
    expect(md).toContain("It did not pass Candor's publish gate.");
    expect(md).toContain('## Data Sources\n\n_None recorded._');
    const a = parseOk('0012-bare.md', md);
    expect(a.content).toEqual(content);
  });

  it('still reads an export whose content comment was removed', () => {
    const md = exportMarkdown(input()).replace(/\n<!-- candor:content .* -->\n$/, '\n');
    expect(md).not.toContain('candor:content');
    const a = parseOk('0012-x.md', md);
    expect(a.format).toBe('candor');
    expect(a.content.summary).toBe(fullContent().summary);
    expect(a.content.options.map((o) => [o.name, o.chosen])).toEqual([
      ['Thursday evening', true],
      ['Keep Monday morning', false],
      ['Daily digest', false],
    ]);
    expect(a.content.methodology).toBe(fullContent().methodology);
    expect(a.content.openCritique).toBe(fullContent().openCritique);
    expect(a.content.risks).toBe(fullContent().risks);
    expect(a.content.context).toContain('## Data Sources');
    expect(decisionContentSchema.parse(a.content)).toEqual(a.content);
  });

  it('keeps | and newlines in user text from breaking a table', () => {
    const content = fullContent();
    content.metrics = [{ key: 'open|rate', role: 'primary', expectedDirection: 'increase', expectedEffect: '+3 pp | maybe\nmore\r\n| --- |' }];
    content.evidence = [{ metric: 'opens | all\nusers', baseline: null, observed: 1, relativeChange: -2.5, ciLow: -4, ciHigh: null }];
    const md = exportMarkdown(input({ content }));
    const metrics = sectionTable(md, 'Success Metrics');
    expect(metrics.children).toHaveLength(2);
    expect(metrics.children[1].children.map((c) => plainText(c))).toEqual(['open|rate', 'Primary', 'Increase', '+3 pp | maybe more | --- |']);
    const evidence = sectionTable(md, 'Evidence');
    expect(evidence.children).toHaveLength(2);
    expect(evidence.children[1].children.map((c) => plainText(c))).toEqual(['opens | all users', '—', '1', '-2.5 %', '-4 to —']);
    expect(parseOk('0012-x.md', md).content).toEqual(content);
  });

  it('passes hostile text through as text and cannot be closed early or spoofed', () => {
    const content = decisionContentSchema.parse({
      ...fullContent(),
      title: '<script>alert(1)</script> # [x](javascript:alert(1))',
      summary: '--> <!-- candor:content {"title":"spoof"} --> ---',
      context: '<script>alert(1)</script>\n\n<!-- candor:content {"title":"spoof"} -->\n\n<!-- never closed',
      decision: '```\nunclosed fence\n## Not a heading',
      options: [{ name: 'Use "quotes" and | pipes --> ', description: '', chosen: true }],
      openCritique: '<img src=x onerror=alert(1)>',
    });
    const md = exportMarkdown(input({ content, title: content.title }));
    // Title and names are escaped: they render as the text that was typed.
    expect(headings(md)[0]).toBe('# <script>alert(1)</script> # [x](javascript:alert(1))');
    // Markdown fields pass through unchanged; the renderer sanitises them.
    expect(md).toContain('<script>alert(1)</script>\n\n<!-- candor:content {"title":"spoof"} -->');
    expect(md).toContain('<img src=x onerror=alert(1)>');
    // The unclosed fence is closed, so the sections after it are still headings.
    expect(headings(md)).toContain('## Data Sources');
    expect(headings(md)).not.toContain('## Not a heading');
    // The content comment is one line with no "--" inside.
    const last = md.trimEnd().split('\n').at(-1) ?? '';
    expect(last.startsWith('<!-- candor:content {')).toBe(true);
    expect(last.slice(4, -3)).not.toContain('--');
    const a = parseOk('0012-x.md', md);
    expect(a.content).toEqual(content);
    expect(a.title).toBe(content.title);
  });

  it('keeps the content comment on one line when a field holds U+2028 or U+2029, and still reads older exports that did not escape them', () => {
    const content = { ...fullContent(), options: [{ name: '!\u2028!', description: 'a\u2029b', chosen: false }] };
    const md = exportMarkdown(input({ content }));
    const last = md.trimEnd().split('\n').at(-1) ?? '';
    expect(last).toMatch(/^<!-- candor:content \{.*\} -->$/);
    expect(last).not.toMatch(/[\u2028\u2029]/);
    expect(parseOk('0012-x.md', md).content).toEqual(content);
    // Before the escape, the separator travelled raw inside the JSON.
    const older = md.replace('\\u2028', '\u2028').replace('\\u2029', '\u2029');
    expect(older).toMatch(/[\u2028]/);
    expect(parseOk('0012-x.md', older).content).toEqual(content);
  });

  it('round-trips arbitrary content exactly (property)', () => {
    const text = fc.string({ unit: 'binary', maxLength: 120 });
    const name = fc.string({ unit: 'binary', minLength: 1, maxLength: 60 }).filter((s) => s.trim().length > 0);
    const contentArb = fc.record({
      title: text,
      summary: text,
      context: text,
      decision: text,
      methodology: text,
      openCritique: text,
      risks: text,
      options: fc.array(fc.record({ name, description: text, chosen: fc.boolean() }), { maxLength: 4 }),
      evidence: fc.array(
        fc.record({ metric: name, baseline: fc.option(fc.double({ noNaN: true, noDefaultInfinity: true }).map((n) => (Object.is(n, -0) ? 0 : n))), observed: fc.constant(null), relativeChange: fc.constant(null), ciLow: fc.constant(null), ciHigh: fc.constant(null) }),
        { maxLength: 2 },
      ),
      metrics: fc.uniqueArray(fc.record({ key: name, role: fc.constantFrom('north-star', 'primary', 'guardrail'), expectedEffect: text }), { maxLength: 3, selector: (m) => m.key.trim() }),
      tags: fc.array(fc.stringMatching(/^[a-z0-9][a-z0-9-]{0,12}$/), { maxLength: 4 }),
    });
    fc.assert(
      fc.property(contentArb, (raw) => {
        const parsed = decisionContentSchema.safeParse(raw);
        fc.pre(parsed.success);
        if (!parsed.success) return;
        const content = parsed.data;
        const md = exportMarkdown(input({ content, title: content.title || 'Untitled' }));
        const r = parseAdr(exportFileName(12, content.title), md);
        expect(r.ok).toBe(true);
        if (r.ok) expect(r.adr.content).toEqual(content);
      }),
      { numRuns: 100 },
    );
  });
});

describe('the export index', () => {
  const entries = [
    { id: 12, title: 'Move the weekly digest | Thursday', status: 'published' as const, date: '2024-05-02', team: { slug: 'growth', name: 'Growth' } },
    { id: 3, title: 'Adopt feature flags', status: 'superseded' as const, date: '2023-11-20', team: 'Platform' },
    { id: 7, title: 'Try a daily digest', status: 'withdrawn' as const, date: '2024-01-09', team: null },
  ];

  it('links every exported file with its status and date, ordered by id', () => {
    const md = exportIndex(entries);
    const table = parseTree(md).children.find((n): n is Table => n.type === 'table');
    expect(table).toBeDefined();
    const rows = table!.children.map((r) => r.children.map((c) => plainText(c)));
    expect(rows).toEqual([
      ['ADR', 'Title', 'Status', 'Date', 'Team'],
      ['ADR-0003', 'Adopt feature flags', 'Superseded', '2023-11-20', 'Platform'],
      ['ADR-0007', 'Try a daily digest', 'Withdrawn', '2024-01-09', ''],
      ['ADR-0012', 'Move the weekly digest | Thursday', 'Published', '2024-05-02', 'Growth'],
    ]);
    expect(md).toContain('(0003-adopt-feature-flags.md)');
    expect(md).toContain('(0007-try-a-daily-digest.md)');
    expect(md).toContain('(0012-move-the-weekly-digest-thursday.md)');
  });

  it('is skipped when its folder is imported again', () => {
    const md = exportIndex(entries);
    expect(parseAdr('index.md', md)).toEqual({ ok: false, reason: 'index.md lists the records; it is not one itself' });
    expect(parseAdr('decisions.md', md)).toEqual({ ok: false, reason: 'decisions.md lists the records; it is not one itself' });
  });
});
