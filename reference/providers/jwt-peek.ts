/**
 * Reading a JWT without verifying it, the first step of every library's expiry check. Each
 * library splits and decodes differently; these are the shared pieces.
 */

/** The text of a base64 or base64url segment, decoded leniently (as Node, PyJWT and Ruby do). */
export function segmentText(segment: string, encoding: 'utf8' | 'latin1' = 'utf8'): string {
  return Buffer.from(segment, 'base64').toString(encoding);
}

/** `JSON.parse`, or `undefined` when the text is not JSON. */
export function tryJson(text: string): { value: unknown } | undefined {
  try {
    return { value: JSON.parse(text) as unknown };
  } catch {
    return undefined;
  }
}

/** A plain JSON object (not an array, not null). */
export function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Ruby's `String#split('.')`: like JavaScript's, but trailing empty fields are dropped. */
export function rubySplitDot(s: string): string[] {
  const parts = s.split('.');
  while (parts.length > 0 && parts[parts.length - 1] === '') parts.pop();
  return parts;
}
