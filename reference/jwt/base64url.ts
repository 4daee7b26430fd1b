/** Unpadded base64url (RFC 7515 §2) of raw bytes. */
export function base64url(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64url');
}

/** Unpadded base64url of a string's UTF-8 bytes (lone surrogates become U+FFFD, as Node encodes them). */
export function base64urlUtf8(s: string): string {
  return Buffer.from(s, 'utf8').toString('base64url');
}
