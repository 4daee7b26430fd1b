/**
 * Making adapter-supplied text safe for each report format. An adapter's name, messages, answers
 * and stderr are data: they must not move a terminal's cursor, open HTML in a CI summary, or turn
 * a TAP failure into a TODO. (Secrets are removed before this, in `report.ts`.)
 */

/**
 * Characters a terminal or a reader would not show as themselves: C0 controls, DEL, C1 controls,
 * the Unicode line and paragraph separators, and the bidirectional overrides and isolates that
 * reorder what is displayed.
 */
const INVISIBLE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

const SHORT: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/** Show invisible characters as escapes (`\x1b`, `\n`, `\u202e`), so that text stays on one line. */
export function visible(s: string): string {
  return String(s).replace(INVISIBLE, (c) => {
    const code = c.charCodeAt(0);
    return SHORT[c] ?? (code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`);
  });
}

/** Terminal text: one line, no raw control characters (ESC, BEL, NUL, C1...). */
export const ttyText = visible;

/**
 * Markdown inline text (GitHub's renderer, `$GITHUB_STEP_SUMMARY`): one line; `&`, `<` and `>` as
 * entities, so that no HTML passes; Markdown punctuation backslash-escaped, so that no link, image,
 * emphasis, math, code span or table cell boundary can be opened from the text.
 */
export function mdText(s: string): string {
  return visible(s)
    .replace(/[&<>]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;' })[c]!)
    .replace(/[\\`*_{}[\]()#!|~$]/g, '\\$&');
}

/** A Markdown code span for identifier-like text; anything else falls back to {@link mdText}. */
export function mdCode(s: string): string {
  return /^[A-Za-z0-9 _./:@+=,-]+$/.test(s) ? `\`${s}\`` : mdText(s);
}

/**
 * A TAP test point's description or directive reason (TAP 13/14): one line, with `\` and `#`
 * escaped as `\\` and `\#`, so that no text can start a `# TODO` or `# SKIP` directive.
 */
export function tapText(s: string): string {
  return visible(s).replace(/[\\#]/g, '\\$&');
}

/** A YAML double-quoted scalar (a JSON string with the characters YAML would not take raw escaped). */
export function yamlString(s: string): string {
  return JSON.stringify(String(s)).replace(/[\u007f-\u009f\u2028\u2029\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
