/**
 * What a token family answers for one case: a token (with any outputs its family adds), or, for
 * the `jwt` family's decode, the decoded header and payload.
 */
import type { Minted } from './jwt/compact.ts';
import type { HostValue } from './lang/host.ts';

/** A token and the outputs its family adds beside it (validation_token: `canonicalRequest`, `requestHash`). */
export interface FamilyToken extends Minted {
  extras?: Readonly<Record<string, string>>;
}

/** A token decoded by the library: its header and payload as the library's language holds them. */
export interface FamilyDecoded {
  decoded: { header: HostValue; payload: HostValue };
}

export type FamilyResult = FamilyToken | FamilyDecoded;

export function isDecoded(r: FamilyResult): r is FamilyDecoded {
  return 'decoded' in r;
}
