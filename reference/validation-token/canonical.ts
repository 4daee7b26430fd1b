/**
 * The canonical request that public-key client validation (PKCV) signs: what every library
 * computes, field by field, before it hashes it into the token's `rqh` claim.
 *
 * ```
 * METHOD
 * PATH
 * QUERY
 * name:value        one line per signed header the request has
 * (empty line)
 * name;name         every signed header name (the `hrh` claim)
 * BODYHASH          sha256 hex of the body, or "" when there is no body
 * ```
 */
import { createHash } from 'node:crypto';

/** A canonical request's fields, each already in the form its library writes it. */
export interface CanonicalRequest {
  method: string;
  path: string;
  query: string;
  /** `name:value` for each signed header present in the request, in the library's order. */
  headerLines: string[];
  /** Every signed header name, in the library's order, whether or not the request has it. */
  signedHeaders: string[];
  /** Lower-case hex SHA-256 of the body, or `""` for an empty body. */
  bodyHash: string;
}

/** The canonical request text: the fields joined by `\n`, header lines followed by an empty line. */
export function formatCanonicalRequest(c: CanonicalRequest): string {
  return [c.method, c.path, c.query, ...c.headerLines, '', c.signedHeaders.join(';'), c.bodyHash].join('\n');
}

/** Lower-case hex SHA-256 of some bytes. */
export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}
