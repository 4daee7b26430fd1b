/**
 * Every way a secret is commonly written down in text a library, an HTTP exchange or a log line
 * may carry, so that redaction can remove all of them and not only the raw string. Shared by
 * strict mode's errors and by the conformance reports (one list, so the two cannot drift).
 */

/** What a redacted secret is shown as. */
export const REDACTED = '[redacted]';

/**
 * Secrets shorter than this many characters (code points) are not redacted. A one- or
 * two-character "secret" (test inputs have `x`, `60` and the empty string) protects nothing, and
 * replacing every occurrence of it would wreck the text around it: digits in counts, letters in
 * words. Real Twilio auth tokens and API secrets are 32 characters, client secrets longer.
 */
export const MIN_SECRET_LENGTH = 6;

/** True when `value` is long enough to be treated as a secret (see {@link MIN_SECRET_LENGTH}). */
export function isRedactable(value: string): boolean {
  return [...value].length >= MIN_SECRET_LENGTH;
}

/** A base64 fragment shorter than this is not searched for (too likely to occur by chance). */
const MIN_FRAGMENT = 8;

const hex2 = (b: number, upper: boolean): string => {
  const h = b.toString(16).padStart(2, '0');
  return upper ? h.toUpperCase() : h;
};

/**
 * Percent-encode UTF-8 bytes, leaving ASCII letters, digits and the characters of `safe` as they
 * are; a space becomes `+` when `plusForSpace` (application/x-www-form-urlencoded).
 */
function percentEncode(s: string, safe: string, plusForSpace: boolean, upper: boolean): string {
  let out = '';
  for (const b of Buffer.from(s, 'utf8')) {
    const c = String.fromCharCode(b);
    if (b < 0x80 && (/[A-Za-z0-9]/.test(c) || safe.includes(c))) out += c;
    else if (b === 0x20 && plusForSpace) out += '+';
    else out += `%${hex2(b, upper)}`;
  }
  return out;
}

/**
 * The characters each encoder leaves alone besides letters and digits:
 * `encodeURIComponent`; RFC 3986 unreserved (Python's `quote`/`quote_plus`/`urlencode`,
 * which percent-encode `*'()!`); and the WHATWG form serializer (`URLSearchParams`, Ruby's
 * `URI.encode_www_form_component`), which keeps `*` but encodes `'()!~`.
 */
const SAFE_SETS = ["-_.!~*'()", '-_.~', '*-._'];

/** `s` JSON-escaped with every non-ASCII character as `\uXXXX` (Python's `json.dumps` default). */
function jsonAscii(s: string, upper: boolean): string {
  const inner = JSON.stringify(s).slice(1, -1);
  return inner.replace(/[\u007f-\uffff]/g, (c) => `\\u${hex2(c.charCodeAt(0) >> 8, upper)}${hex2(c.charCodeAt(0) & 0xff, upper)}`);
}

/**
 * The stretches of base64 that encode `bytes` wherever they sit in a longer base64 text: at each
 * of the three alignments, the characters that depend only on `bytes` (so `base64(user + ':' +
 * secret)` contains one of them whatever the user is).
 */
export function base64Fragments(text: string | Buffer): string[] {
  const bytes = typeof text === 'string' ? Buffer.from(text, 'utf8') : text;
  const out: string[] = [];
  for (let k = 0; k < 3; k++) {
    const n = k + bytes.length;
    const all = Buffer.concat([Buffer.alloc(k), bytes])
      .toString('base64')
      .replace(/=+$/, '');
    const frag = all.slice(Math.ceil((8 * k) / 6), Math.floor((8 * n) / 6));
    if (frag.length >= MIN_FRAGMENT) out.push(frag, frag.replace(/\+/g, '-').replace(/\//g, '_'));
  }
  return out;
}

/** The base64 encodings of a text: padded, unpadded, and base64url. */
export function base64Forms(text: string): string[] {
  const b64 = Buffer.from(text, 'utf8').toString('base64');
  const url = Buffer.from(text, 'utf8').toString('base64url');
  return [b64, b64.replace(/=+$/, ''), url, url + '='.repeat((4 - (url.length % 4)) % 4)];
}

/**
 * Every encoding of `secret` searched for: raw; JSON-escaped (as JavaScript and as Python's
 * ASCII-only `json.dumps`, both hex cases); percent-encoded by `encodeURIComponent`, RFC 3986 and
 * the WHATWG form serializer, each with a space as `%20` and as `+`, in upper- and lower-case hex;
 * base64 and base64url (whole, and as fragments at any alignment inside longer base64). Empty
 * when the secret is shorter than {@link MIN_SECRET_LENGTH}. Longest first.
 */
export function secretEncodings(secret: string): string[] {
  return remember(`b${secret}`, () => (isRedactable(secret) ? [...new Set([...textEncodings(secret), ...base64Forms(secret), ...base64Fragments(secret)])].sort(longestFirst) : []));
}

/**
 * The encodings of {@link secretEncodings} that text undergoes (raw, JSON, percent), without the
 * base64 ones: what is searched for a PEM body line, itself base64 text.
 */
export function textEncodings(secret: string): string[] {
  return remember(`t${secret}`, () => {
    if (!isRedactable(secret)) return [];
    const out = new Set<string>([secret, JSON.stringify(secret).slice(1, -1), jsonAscii(secret, false), jsonAscii(secret, true)]);
    for (const safe of SAFE_SETS) {
      for (const plus of [false, true]) for (const upper of [true, false]) out.add(percentEncode(secret, safe, plus, upper));
    }
    return [...out].filter((v) => v.length > 0).sort(longestFirst);
  });
}

const longestFirst = (a: string, b: string): number => b.length - a.length;

// Fixture secrets recur across hundreds of cases; their encodings are computed once (bounded).
const memo = new Map<string, string[]>();
function remember(key: string, make: () => string[]): string[] {
  let v = memo.get(key);
  if (!v) {
    v = make();
    if (memo.size >= 1024) memo.delete(memo.keys().next().value!);
    memo.set(key, v);
  }
  return v;
}

/**
 * For a PEM private key: its base64 body on one line and each body line, which is how a key
 * leaks when a tool re-wraps or prints it line by line. Empty for anything else (a public key or
 * certificate is not a secret in itself).
 */
export function pemPrivateParts(text: string): string[] {
  if (!/-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----/.test(text)) return [];
  const lines = text
    .split(/\r?\n|\r/)
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('-----') && !/^[A-Za-z-]+:/.test(l));
  return [lines.join(''), ...lines].filter(isRedactable);
}

/** Escape a string for use inside a regular expression. */
const reEscape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** One regular expression matching every given text, longest alternative first; `undefined` for none. */
export function anyOf(texts: Iterable<string>): RegExp | undefined {
  const list = [...new Set(texts)].filter((t) => t.length > 0).sort((a, b) => b.length - a.length);
  return list.length ? new RegExp(list.map(reEscape).join('|'), 'g') : undefined;
}

const B64_CHAR = /[A-Za-z0-9+/_-]/;

/**
 * Replace every match of `pattern` (global, from {@link anyOf}) in one linear pass. A match in
 * `fragments` (a base64 fragment from {@link base64Fragments}) takes the whole base64 word it
 * sits in, so that no bit of the secret is left at the word's edges.
 */
export function replaceForms(text: string, pattern: RegExp, fragments: ReadonlySet<string>, placeholder: (match: string) => string): string {
  pattern.lastIndex = 0;
  let out = '';
  let last = 0;
  for (let m = pattern.exec(text); m; m = pattern.exec(text)) {
    let start = m.index;
    let end = start + m[0].length;
    if (fragments.has(m[0])) {
      while (start > last && B64_CHAR.test(text[start - 1])) start--;
      while (end < text.length && B64_CHAR.test(text[end])) end++;
      while (text[end] === '=') end++;
    }
    out += text.slice(last, start) + placeholder(m[0]);
    last = end;
    pattern.lastIndex = end;
  }
  return out + text.slice(last);
}
