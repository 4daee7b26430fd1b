/**
 * `new java.net.URI(s).normalize().getPath()` (RFC 2396 parsing with the JDK's deviations) for the
 * strings twilio-java hands it: a path, possibly after `//authority`, possibly followed by `?query`
 * and `#fragment`. Written from the JDK's documented behaviour and checked against OpenJDK 17
 * (test/reference/lang/java.test.ts). What is not modelled is refused as {@link UnsupportedInput}:
 * a scheme (`a:b`, an opaque or absolute URI), an authority beyond registry-name characters, and
 * escapes whose bytes are not UTF-8 (the JDK's replacement of them is not modelled).
 */
import { UnsupportedInput } from '../lang.ts';

/** `new URI(s)` failed: the JDK's `URISyntaxException` (its text is not modelled, only the failure). */
export class JavaUriSyntaxError extends Error {
  override name = 'JavaUriSyntaxError';
}

/** ASCII characters a path may hold raw (RFC 2396 pchar, `;` and `/`; `%` only in an escape). */
const PATH_ASCII = /^[A-Za-z0-9\-_.!~*'():@&=+$,;/]$/;
/** ASCII characters a query or fragment may hold raw (uric: reserved, unreserved; `[`, `]` and `?` included). */
const URIC_ASCII = /^[A-Za-z0-9\-_.!~*'():@&=+$,;/?[\]]$/;
/** Registry-name characters of an authority (unreserved, `$ , ; : @ & = +`), escapes left out. */
const REG_NAME = /^[A-Za-z0-9\-_.!~*'()$,;:@&=+]+$/;
/** `Character.isSpaceChar`: the space, line and paragraph separators. */
const SPACE_CHAR = /^[\p{Zs}\p{Zl}\p{Zp}]$/u;

/** A non-ASCII UTF-16 unit java.net.URI takes raw (its "other" category): not a space char, not an ISO control. */
function isOther(c: string): boolean {
  const u = c.charCodeAt(0);
  return u > 0x9f && !SPACE_CHAR.test(c);
}

/** Check one component's characters: the raw ones its set allows, `other` units, and `%HH` escapes. */
function checkChars(s: string, ascii: RegExp): void {
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === '%') {
      if (!/^[0-9A-Fa-f]{2}$/.test(s.slice(i + 1, i + 3))) throw new JavaUriSyntaxError('Malformed escape pair');
      i += 2;
    } else if (!(c.charCodeAt(0) <= 0x7f ? ascii.test(c) : isOther(c))) throw new JavaUriSyntaxError('Illegal character');
  }
}

/**
 * `URI.normalize()` of a path: redundant slashes collapsed, `.` segments dropped, each `..` taking
 * the nearest kept segment before it that is not `..` (a leading `..` stays), a kept segment
 * keeping the slash that followed it, and `./` put before a relative path whose first segment has
 * a colon (so that it does not read as a scheme).
 */
export function javaNormalizePath(path: string): string {
  const absolute = path.startsWith('/');
  const raw = path.split('/');
  // Each non-empty segment, and whether a slash followed it in the input.
  const segs: Array<{ s: string; slash: boolean }> = [];
  raw.forEach((s, i) => {
    if (s !== '') segs.push({ s, slash: i < raw.length - 1 });
  });
  const kept: Array<{ s: string; slash: boolean }> = [];
  for (const seg of segs) {
    if (seg.s === '.') continue;
    if (seg.s === '..') {
      const last = kept.length ? kept[kept.length - 1] : undefined;
      if (last && last.s !== '..') {
        kept.pop();
        continue;
      }
    }
    kept.push(seg);
  }
  let out = (absolute ? '/' : '') + kept.map((k) => k.s + (k.slash ? '/' : '')).join('');
  if (!absolute && kept.length && kept[0].s.includes(':')) out = `./${out}`;
  return out;
}

/** `URI.decode` of a path: each run of `%HH` escapes decoded as UTF-8, other characters kept. */
function decode(s: string): string {
  return s.replace(/(?:%[0-9A-Fa-f]{2})+/g, (run) => {
    const bytes = Buffer.from(run.replace(/%/g, ''), 'hex');
    try {
      return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch {
      throw new UnsupportedInput(`escapes ${run} are not UTF-8 (java.net.URI's replacement of malformed bytes is not modelled)`);
    }
  });
}

/**
 * `new URI(s).normalize().getPath()`: the decoded, normalized path (`""` when there is none).
 * Throws {@link JavaUriSyntaxError} where the JDK throws `URISyntaxException`, and
 * {@link UnsupportedInput} for what is not modelled (see the module comment).
 */
export function javaUriNormalizedPath(s: string): string {
  const schemeEnd = s.search(/[:/?#]/);
  if (schemeEnd >= 0 && s[schemeEnd] === ':') throw new UnsupportedInput(`"${s}" has a scheme or a colon in its first segment: java.net.URI's scheme parsing is not modelled`);
  let p = 0;
  if (s.startsWith('//')) {
    const end = s.slice(2).search(/[/?#]/);
    const q = end < 0 ? s.length : end + 2;
    if (q > 2) {
      if (!REG_NAME.test(s.slice(2, q))) throw new UnsupportedInput("a '//' authority with characters beyond a registry name (escapes, brackets, non-ASCII): java.net.URI's authority parsing is not modelled for them");
    } else if (q === s.length) throw new JavaUriSyntaxError('Expected authority');
    // An empty authority before a path, query or fragment is allowed (a JDK deviation).
    p = q;
  }
  const pathEnd = s.slice(p).search(/[?#]/);
  const q = pathEnd < 0 ? s.length : pathEnd + p;
  const path = s.slice(p, q);
  checkChars(path, PATH_ASCII);
  let rest = s.slice(q);
  if (rest.startsWith('?')) {
    const f = rest.indexOf('#');
    checkChars(rest.slice(1, f < 0 ? undefined : f), URIC_ASCII);
    rest = f < 0 ? '' : rest.slice(f);
  }
  if (rest.startsWith('#')) checkChars(rest.slice(1), URIC_ASCII);
  return decode(javaNormalizePath(path));
}
