/** `String.getBytes(UTF_8)` and `java.net.URLEncoder.encode(s, "UTF-8")`. */

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** `s.getBytes(StandardCharsets.UTF_8)`: UTF-8, a lone surrogate replaced by `?` (the encoder's replacement byte). */
export function javaUtf8(s: string): Buffer {
  return Buffer.from(s.replace(LONE_SURROGATE, '?'), 'utf8');
}

const UNRESERVED = /^[A-Za-z0-9.\-*_]$/;

/**
 * `URLEncoder.encode(s, "UTF-8")`: `A-Z a-z 0-9 . - * _` kept, space as `+`, every other byte of
 * the UTF-8 form as `%XX` with upper-case hex (`~` is `%7E`, a lone surrogate `%3F`).
 */
export function javaUrlEncode(s: string): string {
  let out = '';
  for (const b of javaUtf8(s)) {
    const c = String.fromCharCode(b);
    out += b === 0x20 ? '+' : UNRESERVED.test(c) ? c : `%${b.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}
