/*
 * What the ADR importer agrees to read, checked before a file reaches the
 * Markdown parser. remark (micromark) is synchronous and cannot be
 * interrupted: a file nested thousands of levels deep overflows the stack,
 * and long runs of emphasis or bracket characters in one paragraph make it
 * quadratic (250 KB of brackets: minutes). So every file is measured first,
 * in one linear pass, and refused with a plain reason when it is bigger or
 * more deeply nested than any real decision record:
 *
 * - at most MAX_FILE_BYTES bytes, UTF-8 text without NUL bytes;
 * - lists and block quotes at most MAX_NESTING levels deep, and at most
 *   MAX_CONTAINERS in all, counting each list or quote line once per level it
 *   is nested (the parser's cost for a list line grows with its depth; a
 *   list item costs it about as much as a whole paragraph of prose);
 * - brackets nested at most MAX_BRACKET_DEPTH deep;
 * - at most MAX_BLOCK_MARKS Markdown punctuation marks (* _ [ ] ( ) < > ! ` ~)
 *   in one paragraph, list item or table row, and a total cost (the sum of
 *   each block's count squared, the parser's worst case) of at most
 *   MAX_MARK_COST.
 *
 * Measured on a two-core machine under heavy load (load average 20): a
 * 10,000-level nesting overflowed the stack; one line nested 1,000 deep took
 * 36 s, 200 deep 0.6 s; 5,000 emphasis marks in one paragraph took 6 s, in
 * separate paragraphs a fraction of that; 256 KB of plain prose took 2 s,
 * 9,600 list items 6 s. Inside these limits the worst shapes cost about as
 * much as 256 KB of plain prose (2–3 s under that load, well under a second
 * on an idle machine), and a refused file costs one linear scan. Every fixture folder (real ADR repositories) is far inside each
 * limit.
 * Pure: no file system, no database.
 */

export const MAX_FILE_BYTES = 256 * 1024;
export const MAX_NESTING = 32;
export const MAX_BRACKET_DEPTH = 32;
export const MAX_CONTAINERS = 5_000;
export const MAX_BLOCK_MARKS = 2_000;
export const MAX_MARK_COST = 2 * MAX_BLOCK_MARKS * MAX_BLOCK_MARKS;
/** What one web import may upload in all: a request over 10 MB never reaches Candor (next.config.ts); the CLI has no such limit. */
export const MAX_UPLOAD_BYTES = 8 * 1024 * 1024;

/** How deep an uploaded file's name is: "0001-x.md" 1, "adr/0001-x.md" 2 (a chosen folder's own files), more in its sub-folders. */
export function importPathDepth(name: string): number {
  return name.split('/').filter(Boolean).length;
}

/** Why a web import of `bytes` in all (the files it reads: not those in a folder's sub-folders) is refused, or null. */
export function uploadTooLarge(bytes: number): string | null {
  if (bytes <= MAX_UPLOAD_BYTES) return null;
  const mb = (n: number) => fmt(Math.round((n / 1024 / 1024) * 10) / 10);
  return `These files come to ${mb(bytes)} MB; one import takes at most ${mb(MAX_UPLOAD_BYTES)} MB. Import the folder in parts, or use the command line (candor import), which has no such limit`;
}

const fmt = (n: number) => n.toLocaleString('en');

export type Checked = { ok: true; text: string } | { ok: false; reason: string };

function sizeReason(bytes: number): string {
  return `It is ${fmt(Math.ceil(bytes / 1024))} KB; Candor reads decision records of at most ${fmt(MAX_FILE_BYTES / 1024)} KB. Split it or move attachments out of it`;
}

/** Bytes as read from disk or an upload → text, or why it is not a text file. */
export function decodeAdrBytes(bytes: Uint8Array): Checked {
  if (bytes.length > MAX_FILE_BYTES) return { ok: false, reason: sizeReason(bytes.length) };
  // UTF-16 text is full of NUL bytes; its byte-order mark says what it is.
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    return { ok: false, reason: 'It is UTF-16 text; Candor reads UTF-8. Save it as UTF-8 and import it again' };
  }
  if (bytes.includes(0)) return { ok: false, reason: 'It is a binary file (it contains NUL bytes), not Markdown text' };
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return { ok: false, reason: 'It is not UTF-8 text (a binary file, or text in another encoding); save it as UTF-8 and import it again' };
  }
  return checkAdrText(text);
}

/** Text already decoded → the same checks (size, binary, nesting, parse cost). */
export function checkAdrText(raw: string): Checked {
  // UTF-16 length ≤ UTF-8 length ≤ 3 × UTF-16 length: only measure bytes when it can matter.
  if (raw.length > MAX_FILE_BYTES / 3) {
    const bytes = new TextEncoder().encode(raw).length;
    if (bytes > MAX_FILE_BYTES) return { ok: false, reason: sizeReason(bytes) };
  }
  if (raw.includes('\u0000')) return { ok: false, reason: 'It is a binary file (it contains NUL bytes), not Markdown text' };
  const text = raw.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  const problem = scanComplexity(text);
  return problem ? { ok: false, reason: problem } : { ok: true, text };
}

const CONTAINER = / {0,3}>[ \t]?| *(?:[-*+]|\d{1,9}[.)])(?:[ \t]+|$)/y;
const FENCE = /^ {0,3}(`{3,}|~{3,})/;
const MARKS = /[*_[\]()<>!`~]/g;
const TABLE_DELIMITER = /^\s*\|?\s*:?-+:?\s*(?:\|\s*:?-+:?\s*)*\|?\s*$/;
const STARTS_BLOCK = /^ {0,3}(?:#{1,6}(?:[ \t]|$)|[-*+][ \t]+\S|1[.)][ \t]+\S)/;

/**
 * One linear pass over the lines: container nesting, bracket depth and the
 * parser's cost per block. Returns a plain reason naming the line, or null.
 */
export function scanComplexity(text: string): string | null {
  const lines = text.split('\n');
  let fence: { char: string; len: number } | null = null;
  let inTable = false;
  let marks = 0;
  let blockStart = 0;
  let bracket = 0;
  let cost = 0;
  let containers = 0;
  const closeBlock = (): string | null => {
    if (marks > MAX_BLOCK_MARKS) {
      return `The paragraph starting on line ${blockStart + 1} has ${fmt(marks)} Markdown punctuation marks (* _ [ ] ( ) < > ! \` ~); more than ${fmt(MAX_BLOCK_MARKS)} in one paragraph would take too long to read. Split the paragraph or put the text in a code block`;
    }
    cost += marks * marks;
    if (cost > MAX_MARK_COST) {
      return `It has too much Markdown punctuation (* _ [ ] ( ) < > ! \` ~) to read in reasonable time (the excess begins in the paragraph on line ${blockStart + 1}). Split the file, or put long runs of symbols in code blocks`;
    }
    marks = 0;
    bracket = 0;
    return null;
  };

  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    // Container prefix: block quotes and list markers, as deep as they go.
    CONTAINER.lastIndex = 0;
    let depth = 0;
    let at = 0;
    for (let m = CONTAINER.exec(line); m && m[0].length > 0; m = CONTAINER.exec(line)) {
      depth++;
      at = CONTAINER.lastIndex;
      if (depth > MAX_NESTING) break;
    }
    if (depth > 0) depth += Math.floor((line.length - line.trimStart().length) / 2);
    containers += depth; // The parser matches each line against every open container: count them all.
    if (depth > MAX_NESTING) {
      return `Line ${i + 1} nests lists or block quotes more than ${MAX_NESTING} levels deep; Candor reads at most ${MAX_NESTING}. Flatten the nesting and import it again`;
    }
    if (containers > MAX_CONTAINERS) {
      return `Its lists and block quotes are too long and deep to read in reasonable time (more than ${fmt(MAX_CONTAINERS)} list and quote levels in all, counting each nested level; the limit is reached on line ${i + 1}). Split it, flatten the nesting, or put the list in a code block`;
    }
    const rest = line.slice(at);

    // Only top-level fences are trusted to hide their lines from the parser: one opened
    // inside a list or quote ends wherever the container does, which a line scan cannot see.
    const f = at === 0 ? FENCE.exec(rest) : null;
    if (fence) {
      if (f && f[1][0] === fence.char && f[1].length >= fence.len && rest.trim() === f[1].trim()) fence = null;
      continue; // Code is never parsed for emphasis or links.
    }
    if (f && at === 0) {
      const problem = closeBlock();
      if (problem) return problem;
      fence = { char: f[1][0], len: f[1].length };
      blockStart = i + 1;
      continue;
    }

    // A top-level line that is one whole HTML comment (Candor's export keeps its machine-readable record in
    // one) is an HTML block: never read for emphasis or links, however much punctuation it holds.
    if (at === 0 && !fence && /^ {0,3}<!--/.test(rest) && rest.trimEnd().endsWith('-->')) {
      const problem = closeBlock();
      if (problem) return problem;
      blockStart = i + 1;
      continue;
    }
    const blank = rest.trim() === '';
    if (blank) {
      inTable = false;
      const problem = closeBlock();
      if (problem) return problem;
      blockStart = i + 1;
      continue;
    }
    // A table row, a list item or a heading starts its own inline run.
    if (!inTable && rest.includes('|') && i + 1 < lines.length && TABLE_DELIMITER.test(lines[i + 1]) && lines[i + 1].includes('-')) inTable = true;
    if (inTable || depth > 0 || STARTS_BLOCK.test(rest)) {
      const problem = closeBlock();
      if (problem) return problem;
      blockStart = i;
    }

    MARKS.lastIndex = 0;
    for (let m = MARKS.exec(rest); m; m = MARKS.exec(rest)) {
      marks++;
      if (m[0] === '[') {
        bracket++;
        if (bracket > MAX_BRACKET_DEPTH) {
          return `Line ${i + 1} nests brackets more than ${MAX_BRACKET_DEPTH} deep; Candor reads at most ${MAX_BRACKET_DEPTH}. Remove the extra brackets or put the text in a code block`;
        }
      } else if (m[0] === ']' && bracket > 0) {
        bracket--;
      }
    }
    if (/^ {0,3}#{1,6}(?:[ \t]|$)/.test(rest)) {
      const problem = closeBlock();
      if (problem) return problem;
      blockStart = i + 1;
    }
  }
  return closeBlock();
}
