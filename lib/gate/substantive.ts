/*
 * "Substantive" means: not empty, not a placeholder, and long enough to say
 * something. Placeholders are the words people type to fill a box ("TBD",
 * "n/a", "lorem ipsum") and template text left in place ("{describe the
 * context}", "<insert link>", "Describe the problem here").
 */

const PLACEHOLDER_ONLY =
  /^(?:tbd|tba|tbc|todo|to ?do|n\/?a|na|none|nothing|nil|null|wip|-+|\.+|x+|\?+|coming soon|later|soon|see above|see below|same as above|placeholder|to be (?:written|determined|decided|added|done|confirmed|completed|defined)|fill(?: this)? in(?: later)?|write (?:this|me)(?: later)?)$/i;

const PLACEHOLDER_ANYWHERE = [
  /lorem ipsum/i,
  /\blorem\b/i,
  /\{[^{}\n]{2,80}\}/, // MADR-style {placeholder}
  /<(?:insert|add|describe|your)[^>\n]{0,80}>/i,
  /\[(?:insert|add|describe|todo|tbd)[^\]\n]{0,80}\]/i,
  /^\s*(?:describe|explain|summari[sz]e|list|write) (?:the|your|here|what|how|why)\b[^.\n]{0,60}(?:here)?\.?\s*$/i,
];

export function words(text: string): string[] {
  return text
    .replace(/```[\s\S]*?```/g, ' ')
    .replace(/[#>*_`~|[\]()!-]+/g, ' ')
    .split(/\s+/)
    .filter((w) => /[\p{L}\p{N}]/u.test(w));
}

export type Substance = { ok: true } | { ok: false; problem: 'empty' | 'placeholder' | 'short'; words: number };

/** Code is the author's words, not template text: `{"unit": "account"}` is not a placeholder. */
function withoutCode(text: string): string {
  return text.replace(/^ {0,3}(`{3,}|~{3,})[^\n]*\n[\s\S]*?(?:^ {0,3}\1[`~]*[ \t]*$|(?![\s\S]))/gm, ' ').replace(/(`+)[\s\S]*?\1/g, ' code ');
}

export function substance(text: string, minWords: number): Substance {
  const trimmed = text.trim();
  const prose = withoutCode(trimmed);
  const count = words(trimmed).length;
  if (!trimmed) return { ok: false, problem: 'empty', words: 0 };
  const flat = trimmed.replace(/[*_`#>\s.!:;,]+$/g, '').replace(/^[*_`#>\s-]+/g, '').trim();
  if (PLACEHOLDER_ONLY.test(flat) || PLACEHOLDER_ANYWHERE.some((re) => re.test(prose))) return { ok: false, problem: 'placeholder', words: count };
  if (count < minWords) return { ok: false, problem: 'short', words: count };
  return { ok: true };
}
