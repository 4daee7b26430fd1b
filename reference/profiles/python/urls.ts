/**
 * The URL handling a request goes through in twilio-python's `ValidationClient`, as CPython 3.11
 * (Debian's 3.11.2, with its backported `urlsplit` fixes), urllib3 1.26.12 and requests 2.28.1
 * have it: `urllib.parse` (`urlsplit`, `urlparse`, `urlunparse`, `quote`, `unquote`), urllib3's
 * `parse_url`, and requests' `requote_uri`.
 *
 * Strings are handled by code point, as Python indexes them; a lone surrogate is one code point.
 * Non-ASCII host names (IDNA) and bracketed IPv6 hosts are refused as unsupported: their
 * processing (the `idna` package, `ipaddress`) is not modelled.
 */
import { LibraryError, UnsupportedInput } from '../../lang/lang.ts';
import { pythonUtf8 } from '../../lang/url-encoding.ts';
import { pyRepr } from '../../lang/python.ts';

/** Python's `str.isspace()` (and `\s` in a `str` pattern): whitespace by bidi class or Zs. */
export const PY_SPACE = /[\t\n\v\f\r\x1c-\x1f \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]/;

/** `str.lstrip()` with no argument. */
export function pyLstrip(s: string): string {
  let i = 0;
  while (i < s.length && PY_SPACE.test(s[i])) i++;
  return s.slice(i);
}

/** `s.encode("utf-8", "surrogatepass")`: a lone surrogate becomes the three bytes of its code point. */
export function utf8SurrogatePass(s: string): Buffer {
  const bytes: number[] = [];
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    if (cp >= 0xd800 && cp <= 0xdfff) bytes.push(0xe0 | (cp >> 12), 0x80 | ((cp >> 6) & 0x3f), 0x80 | (cp & 0x3f));
    else for (const b of Buffer.from(ch, 'utf8')) bytes.push(b);
  }
  return Buffer.from(bytes);
}

const ALWAYS_SAFE = new Set('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.-~');
const hex2 = (b: number): string => `%${b.toString(16).toUpperCase().padStart(2, '0')}`;

/** `urllib.parse.quote(s, safe)`: UTF-8 (strict), bytes outside the safe set as `%XX`. */
export function pyQuote(s: string, safe: string): string {
  let out = '';
  for (const b of pythonUtf8(s)) {
    const c = String.fromCharCode(b);
    out += b < 0x80 && (ALWAYS_SAFE.has(c) || safe.includes(c)) ? c : hex2(b);
  }
  return out;
}

/** `urllib.parse.unquote(s)`: `%XX` runs decoded as UTF-8, invalid sequences as U+FFFD. */
export function pyUnquote(s: string): string {
  if (!s.includes('%')) return s;
  // Only ASCII runs are unquoted; non-ASCII text between them stays as it is.
  return s.replace(/[\x00-\x7f]+/g, (run) => {
    const bytes: number[] = [];
    const parts = run.split('%');
    for (const b of Buffer.from(parts[0], 'latin1')) bytes.push(b);
    for (const item of parts.slice(1)) {
      if (/^[0-9a-fA-F]{2}/.test(item)) {
        bytes.push(parseInt(item.slice(0, 2), 16));
        for (const b of Buffer.from(item.slice(2), 'latin1')) bytes.push(b);
      } else {
        bytes.push(0x25);
        for (const b of Buffer.from(item, 'latin1')) bytes.push(b);
      }
    }
    return new TextDecoder('utf-8', { ignoreBOM: true }).decode(Uint8Array.from(bytes));
  });
}

// ---------------------------------------------------------------------------------------------
// urllib.parse (CPython 3.11.2 as Debian ships it)

const WHATWG_C0_CONTROL_OR_SPACE = /^[\x00-\x20]+/;
const SCHEME_CHARS = /^[A-Za-z0-9+\-.]+$/;
const USES_PARAMS = ['', 'ftp', 'hdl', 'prospero', 'http', 'imap', 'https', 'shttp', 'rtsp', 'rtspu', 'sip', 'sips', 'mms', 'sftp', 'tel'];
const USES_NETLOC = ['', 'ftp', 'http', 'gopher', 'nntp', 'telnet', 'imap', 'wais', 'file', 'mms', 'https', 'shttp', 'snews', 'prospero', 'rtsp', 'rtspu', 'rsync', 'svn', 'svn+ssh', 'sftp', 'nfs', 'git', 'git+ssh', 'ws', 'wss'];

export interface SplitResult {
  scheme: string;
  netloc: string;
  path: string;
  query: string;
  fragment: string;
}

/** The first of `/?#` at or after `start`, or the end. */
function splitNetloc(url: string, start: number): [string, string] {
  let delim = url.length;
  for (const c of '/?#') {
    const i = url.indexOf(c, start);
    if (i >= 0) delim = Math.min(delim, i);
  }
  return [url.slice(start, delim), url.slice(delim)];
}

/** `urlsplit(url)`. */
export function pyUrlsplit(input: string): SplitResult {
  let url = input.replace(WHATWG_C0_CONTROL_OR_SPACE, '').replace(/[\t\r\n]/g, '');
  let scheme = '';
  let netloc = '';
  let query = '';
  let fragment = '';
  const i = url.indexOf(':');
  if (i > 0 && /^[A-Za-z]/.test(url) && SCHEME_CHARS.test(url.slice(0, i))) {
    scheme = url.slice(0, i).toLowerCase();
    url = url.slice(i + 1);
  }
  if (url.startsWith('//')) {
    [netloc, url] = splitNetloc(url, 2);
    if ((netloc.includes('[') && !netloc.includes(']')) || (netloc.includes(']') && !netloc.includes('['))) {
      throw new LibraryError('ValueError', 'Invalid IPv6 URL');
    }
    if (netloc.includes('[')) throw new UnsupportedInput("bracketed IPv6 hosts (checked by CPython's ipaddress) are not modelled");
  }
  const hash = url.indexOf('#');
  if (hash >= 0) [url, fragment] = [url.slice(0, hash), url.slice(hash + 1)];
  const q = url.indexOf('?');
  if (q >= 0) [url, query] = [url.slice(0, q), url.slice(q + 1)];
  checkNetloc(netloc);
  return { scheme, netloc, path: url, query, fragment };
}

/** `_checknetloc`: a non-ASCII netloc must not grow URL delimiters under NFKC. */
function checkNetloc(netloc: string): void {
  if (!netloc || /^[\x00-\x7f]*$/.test(netloc)) return;
  const n = netloc.replace(/[@:#?]/g, '');
  const normalized = n.normalize('NFKC');
  if (n === normalized) return;
  if ([...'/?#@:'].some((c) => normalized.includes(c))) {
    throw new LibraryError('ValueError', `netloc '${netloc}' contains invalid characters under NFKC normalization`);
  }
}

export interface ParseResult extends SplitResult {
  params: string;
}

/** `urlparse(url)`: `urlsplit`, then `;params` split off the last path segment for schemes that use them. */
export function pyUrlparse(url: string): ParseResult {
  const s = pyUrlsplit(url);
  let path = s.path;
  let params = '';
  if (USES_PARAMS.includes(s.scheme) && path.includes(';')) {
    let i: number;
    if (path.includes('/')) {
      i = path.indexOf(';', path.lastIndexOf('/'));
      if (i < 0) return { ...s, params };
    } else {
      i = path.indexOf(';');
    }
    [path, params] = [path.slice(0, i), path.slice(i + 1)];
  }
  return { ...s, path, params };
}

/** The `username` and `password` attributes of a parse result (`None` as `undefined`). */
export function pyUserinfo(netloc: string): { username?: string; password?: string } {
  const at = netloc.lastIndexOf('@');
  if (at < 0) return {};
  const info = netloc.slice(0, at);
  const colon = info.indexOf(':');
  return colon < 0 ? { username: info } : { username: info.slice(0, colon), password: info.slice(colon + 1) };
}

/** `urlunparse((scheme, netloc, path, None, query, fragment))`. */
export function pyUrlunparse(scheme: string, netloc: string, path: string, query: string | undefined, fragment: string | undefined): string {
  let url = path;
  if (netloc || (scheme && USES_NETLOC.includes(scheme) && url.slice(0, 2) !== '//')) {
    if (url && url[0] !== '/') url = `/${url}`;
    url = `//${netloc}${url}`;
  }
  if (scheme) url = `${scheme}:${url}`;
  if (query) url = `${url}?${query}`;
  if (fragment) url = `${url}#${fragment}`;
  return url;
}

// ---------------------------------------------------------------------------------------------
// urllib3 1.26.12 util/url.py

/** Python's `$` without MULTILINE: the end, or just before a final newline. */
const END = '(?=\\n?$)';
const IPV4_PAT = '(?:[0-9]{1,3}\\.){3}[0-9]{1,3}';
const REG_NAME_PAT = '(?:[^\\[\\]%:/?#]|%[a-fA-F0-9]{2})*';
const HOST_PORT_RE = new RegExp(`^(${REG_NAME_PAT}|${IPV4_PAT})(?::([0-9]{0,5}))?${END}`, 'su');
const IPV4_RE = new RegExp(`^${IPV4_PAT}${END}`);
const SCHEME_RE = /^(?:[a-zA-Z][a-zA-Z0-9+-]*:|\/)/;
const URI_RE = /^(?:([a-zA-Z][a-zA-Z0-9+.-]*):)?(?:\/\/([^\\/?#]*))?([^?#]*)(?:\?([^#]*))?(?:#(.*))?$/su;
const NORMALIZABLE_SCHEMES = ['http', 'https', undefined];

const UNRESERVED_CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._-~';
const USERINFO_CHARS = `${UNRESERVED_CHARS}!$&'()*+,;=:`;
const PATH_CHARS = `${USERINFO_CHARS}@/`;
const QUERY_CHARS = `${PATH_CHARS}?`;

/** urllib3's `_encode_invalid_chars`: percent-encode what is not allowed, keeping valid `%XX` (upper-cased). */
function encodeInvalidChars(component: string, allowed: string): string {
  let count = 0;
  const normalized = component.replace(/%[a-fA-F0-9]{2}/g, (m) => {
    count++;
    return m.toUpperCase();
  });
  const bytes = utf8SurrogatePass(normalized);
  const isPercentEncoded = count === bytes.filter((b) => b === 0x25).length;
  let out = '';
  for (const b of bytes) {
    const c = String.fromCharCode(b);
    out += (isPercentEncoded && b === 0x25) || (b < 0x80 && allowed.includes(c)) ? c : hex2(b);
  }
  return out;
}

/** `_remove_path_dot_segments` (RFC 3986 §5.2.4 as urllib3 writes it). */
function removeDotSegments(path: string): string {
  const output: string[] = [];
  for (const segment of path.split('/')) {
    if (segment === '.') continue;
    if (segment !== '..') output.push(segment);
    else if (output.length) output.pop();
  }
  if (path.startsWith('/') && (!output.length || output[0])) output.unshift('');
  if (path.endsWith('/.') || path.endsWith('/..')) output.push('');
  return output.join('/');
}

/** Raised by urllib3's parser; requests re-raises it as `InvalidURL`. */
class LocationParseError extends Error {}

function normalizeHost(host: string | undefined, scheme: string | undefined): string | undefined {
  if (!host || !NORMALIZABLE_SCHEMES.includes(scheme) || IPV4_RE.test(host)) return host;
  return host
    .split('.')
    .map((label) => {
      if ([...label].some((c) => c.codePointAt(0)! > 128)) throw new UnsupportedInput('non-ASCII host names (IDNA via the idna package) are not modelled');
      // `label.lower().encode("ascii")`: U+0080 alone slips past the > 128 test and fails here.
      if (label.includes('\x80')) throw new LocationParseError();
      return label.toLowerCase();
    })
    .join('.');
}

export interface Url {
  scheme?: string;
  auth?: string;
  host?: string;
  port?: number;
  path?: string;
  query?: string;
  fragment?: string;
}

/** urllib3's `parse_url(url)`; a failure is requests' `InvalidURL("Failed to parse: <url>")`. */
export function parseUrl(source: string): Url {
  if (!source) return {};
  let url = source;
  if (!SCHEME_RE.test(url)) url = `//${url}`;
  let scheme: string | undefined;
  let auth: string | undefined;
  let host: string | undefined;
  let port: number | undefined;
  let path: string | undefined;
  let query: string | undefined;
  let fragment: string | undefined;
  try {
    const m = URI_RE.exec(url)!;
    [, scheme, , path, query, fragment] = m;
    const authority = m[2];
    const normalize = scheme === undefined || NORMALIZABLE_SCHEMES.includes(scheme.toLowerCase());
    if (scheme) scheme = scheme.toLowerCase();
    if (authority) {
      const at = authority.lastIndexOf('@');
      auth = at >= 0 ? authority.slice(0, at) || undefined : undefined;
      const hostPort = authority.slice(at + 1);
      if (hostPort.includes('[')) throw new UnsupportedInput('bracketed IPv6 hosts are not modelled');
      const hp = HOST_PORT_RE.exec(hostPort);
      if (!hp) throw new LocationParseError();
      host = hp[1];
      if (auth && normalize) auth = encodeInvalidChars(auth, USERINFO_CHARS);
      if (hp[2] !== undefined && hp[2] !== '') {
        port = parseInt(hp[2], 10);
        if (port > 65535) throw new LocationParseError();
      }
    }
    host = normalizeHost(host, scheme);
    if (normalize && path) path = encodeInvalidChars(removeDotSegments(path), PATH_CHARS);
    if (normalize && query) query = encodeInvalidChars(query, QUERY_CHARS);
    if (normalize && fragment) fragment = encodeInvalidChars(fragment, QUERY_CHARS);
  } catch (e) {
    if (e instanceof LocationParseError || (e instanceof LibraryError && e.type === 'UnicodeEncodeError')) {
      throw new LibraryError('InvalidURL', `Failed to parse: ${source}`);
    }
    throw e;
  }
  if (!path) path = query !== undefined || fragment !== undefined ? '' : undefined;
  if (path && !path.startsWith('/')) path = `/${path}`;
  return { scheme, auth, host, port, path, query, fragment };
}

// ---------------------------------------------------------------------------------------------
// requests.utils

const UNRESERVED_SET = new Set(UNRESERVED_CHARS);

/** The value of a `\p{Nd}` digit, as `int()` reads it. */
function decimalValue(ch: string): number | undefined {
  if (/^[0-9]$/.test(ch)) return Number(ch);
  if (!/^\p{Nd}$/u.test(ch)) return undefined;
  // Unicode lays decimal digits out in runs of ten starting at zero.
  let zero = ch.codePointAt(0)!;
  while (/^\p{Nd}$/u.test(String.fromCodePoint(zero - 1))) zero--;
  return (ch.codePointAt(0)! - zero) % 10;
}

/** `int(h, 16)` of a two-character string, or undefined where Python raises ValueError. */
function hexValue(h: string[]): number | undefined {
  let v = 0;
  for (const ch of h) {
    const d = /^[0-9a-fA-F]$/.test(ch) ? parseInt(ch, 16) : decimalValue(ch);
    if (d === undefined) return undefined;
    v = v * 16 + d;
  }
  return v;
}

class InvalidPercentEscape extends Error {}

/** `unquote_unreserved`: `%XX` of an unreserved character becomes the character. */
function unquoteUnreserved(uri: string): string {
  const parts = uri.split('%');
  for (let i = 1; i < parts.length; i++) {
    const cps = [...parts[i]];
    const h = cps.slice(0, 2);
    if (h.length === 2 && /^[\p{L}\p{N}]+$/u.test(h.join(''))) {
      const v = hexValue(h);
      if (v === undefined) throw new InvalidPercentEscape(h.join(''));
      const c = String.fromCodePoint(v);
      parts[i] = UNRESERVED_SET.has(c) ? c + cps.slice(2).join('') : `%${parts[i]}`;
    } else {
      parts[i] = `%${parts[i]}`;
    }
  }
  return parts.join('');
}

/** `requote_uri`: unquote the unreserved, quote the illegal; all of it when an escape is invalid. */
export function requoteUri(uri: string): string {
  try {
    return pyQuote(unquoteUnreserved(uri), "!#$%&'()*+,/:;=?@[]~");
  } catch (e) {
    if (!(e instanceof InvalidPercentEscape)) throw e;
    return pyQuote(uri, "!#$&'()*+,/:;=?@[]~");
  }
}

/** `repr()` of a string, for the messages requests builds with `{url!r}`. */
export const reprStr = (s: string): string => pyRepr(s);
