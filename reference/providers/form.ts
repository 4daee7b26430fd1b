/**
 * The form encoders the three libraries' HTTP stacks apply to the token request body. They differ
 * in the unreserved set and in how a space is written, which only matters for credentials with
 * unusual characters, but the reference reproduces the body byte for byte.
 */

const hexByte = (b: number): string => `%${b.toString(16).toUpperCase().padStart(2, '0')}`;

function escapeBytes(s: string, keep: RegExp, space: string): string {
  let out = '';
  for (const b of Buffer.from(s, 'utf8')) {
    const c = String.fromCharCode(b);
    out += b === 0x20 ? space : keep.test(c) ? c : hexByte(b);
  }
  return out;
}

const UNRESERVED = /^[A-Za-z0-9\-._~]$/;

/**
 * qs 6 `stringify` (RFC 3986 format) as axios sends twilio-node's form: unreserved
 * `A-Z a-z 0-9 - . _ ~`, space as `%20`; a `null` value gives `key=`, an `undefined` one is left out.
 */
export function qsForm(pairs: ReadonlyArray<readonly [string, string | null | undefined]>): string {
  return pairs
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${escapeBytes(k, UNRESERVED, '%20')}=${escapeBytes(v ?? '', UNRESERVED, '%20')}`)
    .join('&');
}

/** Python `urllib.parse.urlencode` (via requests): `quote_plus` on keys and values. */
export function pythonForm(pairs: ReadonlyArray<readonly [string, string]>): string {
  return pairs.map(([k, v]) => `${escapeBytes(k, UNRESERVED, '+')}=${escapeBytes(v, UNRESERVED, '+')}`).join('&');
}

/**
 * Faraday's `FlatParamsEncoder`: pairs sorted by bytes, `Faraday::Utils.escape` (unreserved
 * `A-Z a-z 0-9 . ~ _ -`, space as `+`); a `nil` value gives the bare key.
 */
export function faradayForm(pairs: ReadonlyArray<readonly [string, string | null]>): string {
  return (
    [...pairs]
      // Ruby sorts the [key, value] pairs: String#<=> compares UTF-8 bytes, keys first.
      .sort(([ka, va], [kb, vb]) => Buffer.compare(Buffer.from(ka), Buffer.from(kb)) || Buffer.compare(Buffer.from(va ?? ''), Buffer.from(vb ?? '')))
      .map(([k, v]) => (v === null ? escapeBytes(k, UNRESERVED, '+') : `${escapeBytes(k, UNRESERVED, '+')}=${escapeBytes(v, UNRESERVED, '+')}`))
      .join('&')
  );
}
