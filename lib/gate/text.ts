/*
 * Reading prose the way a reviewer does, for the linter rules that must read it:
 * a cue ("peeking", "stopped early", "sample ratio check") counts as said only
 * when it is not negated — "no peeking", "we did not stop early", "without an
 * interim look", "early stopping was not used", "peeking: none".
 *
 * The text is split into sentences (and semicolon clauses, Markdown list items
 * and paragraphs); within a sentence, a negation governs a cue when it comes at
 * most a few words before it in the same clause — a comma, a dash, a colon or a
 * conjunction like "but", "and", "so" ends a negation's reach ("we didn't peek,
 * but stopped early when significant" still stopped early). A few forms put the
 * negation after the cue: "X was not used", "X: none", "X-free".
 *
 * Pure functions, no dependencies; cues are ordinary regular expressions.
 */

/** How many words before a cue a negation reaches. */
const NEGATION_WINDOW = 6;

const NEGATION =
  /\b(?:no|not|never|none|nor|neither|without|cannot|avoid\w*|refrain\w*|ignor\w*|skip\w*|omit\w*|lack\w*|forgo\w*|forwent|neglect\w*|fail|fails|failed|failing|uncorrected|unadjusted|unchecked|unverified|absent|absence|nothing)\b|n't\b|\b(?:free of|instead of|rather than|in place of)\b/;

/** Where a negation's reach ends, looking back from a cue (or forward from it). */
const SCOPE_BREAK = /[,;:()[\]—–]|\s-\s|\b(?:but|and|so|however|although|though|yet|then|because|while|whereas|which|whether|except|unless|despite)\b/g;

/** Negation after the cue, in its own clause: "was not used", "were never checked", "wasn't done", "never verified". */
const POST_NEGATION =
  /^\s+(?:not|never)\b|^\s+(?:(?!(?:when|once|until|if|after|before|as|because|since|whenever)\b)[\w'-]+\s+){0,2}?(?:(?:was|were|is|are|be|been|has been|have been|had been)\s+(?:not|never)\b|(?:wasn't|weren't|isn't|aren't|hasn't|haven't|hadn't)\b)/;
/** "Peeking: none", "SRM check – no", "interim looks = 0". */
const LABEL_NEGATION = /^\s*[:=–—-]\s*(?:none|no|never|not|n\/a|0|zero)\b/i;
/** "peeking-free". */
const FREE_SUFFIX = /^-free\b/i;

export type Mention = {
  /** The sentence (or clause) the cue was found in, normalised. */
  sentence: string;
  /** The matched text. */
  match: string;
  negated: boolean;
};

/** Plain prose: code blocks dropped, Markdown emphasis and curly quotes flattened. */
function prose(text: string): string {
  return text
    .replace(/^ {0,3}(`{3,}|~{3,})[^\n]*\n[\s\S]*?(?:^ {0,3}\1[`~]*[ \t]*$|(?![\s\S]))/gm, '\n\n')
    .replace(/[‘’ʼ]/g, "'")
    .replace(/[“”]/g, '"')
    .replace(/[*_`]+/g, '')
    .replace(/\u00a0/g, ' ');
}

/**
 * The sentences of a text: paragraphs, list items, sentences ending in . ! ?
 * and clauses separated by semicolons. A single line break inside a paragraph
 * is a wrapped line, not a sentence end. Decimals ("1.8 %") do not split.
 */
export function sentences(text: string): string[] {
  const cached = SENTENCES.get(text);
  if (cached) return cached;
  if (SENTENCES.size >= 64) SENTENCES.clear();
  const out = split(prose(text));
  SENTENCES.set(text, out);
  return out;
}

/** The linter reads the same few texts with many cues: split each once. */
const SENTENCES = new Map<string, string[]>();

function split(text: string): string[] {
  return text
    .split(/\n[ \t]*\n|\n[ \t]*(?:[-*+•]|\d+[.)])[ \t]+|\n[ \t]*#{1,6}[ \t]+|(?<=[.!?])["')\]]*\s+|;/)
    .map((s) => s.replace(/\s+/g, ' ').replace(/^(?:[-*+•]|\d+[.)]|#{1,6})\s+/, '').trim())
    .filter(Boolean);
}

const lastBreak = (s: string): number => {
  let end = 0;
  SCOPE_BREAK.lastIndex = 0;
  for (let m = SCOPE_BREAK.exec(s); m; m = SCOPE_BREAK.exec(s)) end = m.index + m[0].length;
  return end;
};

/** A negation's reach is a few words: looking further than this many characters either side is never needed (and keeps long texts linear). */
const REACH_CHARS = 240;
/** At most this many occurrences of one cue are judged per sentence. */
const MAX_PER_SENTENCE = 50;

function negatedAt(sentence: string, start: number, end: number): boolean {
  const before = sentence.slice(Math.max(0, start - REACH_CHARS), start);
  const scope = before.slice(lastBreak(before));
  const window = scope.trim().split(/\s+/).slice(-NEGATION_WINDOW).join(' ').toLowerCase();
  if (window && NEGATION.test(window)) return true;
  const after = sentence.slice(end, end + REACH_CHARS);
  if (LABEL_NEGATION.test(after) || FREE_SUFFIX.test(after)) return true;
  SCOPE_BREAK.lastIndex = 0;
  const cut = after.search(SCOPE_BREAK);
  return POST_NEGATION.test((cut === -1 ? after : after.slice(0, cut)).toLowerCase());
}

const GLOBAL = new WeakMap<RegExp, RegExp>();
/** The cue as a global regex, compiled once per cue. */
function globalOf(cue: RegExp): RegExp {
  let re = GLOBAL.get(cue);
  if (!re) {
    re = new RegExp(cue.source, cue.flags.includes('g') ? cue.flags : `${cue.flags}g`);
    GLOBAL.set(cue, re);
  }
  re.lastIndex = 0;
  return re;
}

/** The non-empty occurrences of a global regex in a sentence, at most MAX_PER_SENTENCE (exec on the cached regex: matchAll would copy it each time). */
function matches(sentence: string, re: RegExp): RegExpExecArray[] {
  const out: RegExpExecArray[] = [];
  re.lastIndex = 0;
  for (let m = re.exec(sentence); m && out.length < MAX_PER_SENTENCE; m = re.exec(sentence)) {
    if (m[0] === '') re.lastIndex += 1;
    else out.push(m);
  }
  re.lastIndex = 0;
  return out;
}

/** Whether a cue occurs anywhere in the (normalised) text: most texts mention most cues nowhere, and this skips the per-sentence work. */
function occurs(text: string, re: RegExp): boolean {
  const all = sentences(text);
  re.lastIndex = 0;
  const found = all.some((x) => {
    re.lastIndex = 0;
    return re.test(x);
  });
  re.lastIndex = 0;
  return found;
}

/** Every place a cue occurs in the text, each with its sentence and whether it is negated there. */
export function mentions(text: string, cue: RegExp): Mention[] {
  const re = globalOf(cue);
  const out: Mention[] = [];
  if (!occurs(text, re)) return out;
  for (const sentence of sentences(text)) {
    for (const m of matches(sentence, re)) out.push({ sentence, match: m[0], negated: negatedAt(sentence, m.index, m.index + m[0].length) });
  }
  return out;
}

/** The text says it: the cue occurs at least once without a negation. */
export const affirms = (text: string, cue: RegExp): boolean => mentions(text, cue).some((m) => !m.negated);

/**
 * Several cues at once, where a longer phrase takes precedence over a shorter
 * one inside it: with cues [["check", /SRM check/], ["bare", /SRM/]], "no SRM
 * check" yields one negated "check", not also a negated "bare". Cues are listed
 * from most to least specific; every remaining occurrence is returned, in text
 * order, with its sentence and whether it is negated there.
 */
export function classify<K extends string>(text: string, cues: readonly (readonly [K, RegExp])[]): { kind: K; negated: boolean; sentence: string }[] {
  const out: { kind: K; negated: boolean; sentence: string }[] = [];
  for (const sentence of sentences(text)) {
    const taken: { start: number; end: number; kind: K; negated: boolean }[] = [];
    for (const [kind, cue] of cues) {
      for (const m of matches(sentence, globalOf(cue))) {
        const start = m.index;
        const end = start + Math.max(m[0].length, 1);
        if (taken.some((t) => start < t.end && t.start < end)) continue;
        taken.push({ start, end, kind, negated: negatedAt(sentence, start, start + m[0].length) });
      }
    }
    for (const t of taken.sort((a, b) => a.start - b.start)) out.push({ kind: t.kind, negated: t.negated, sentence });
  }
  return out;
}
