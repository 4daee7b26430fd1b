/**
 * The registry of families: every family the protocol and the vectors know, with its entry
 * (conformance/families/<family>.ts). The runner, differential, fuzz, properties, regen and
 * crosscheck read a family's parts here.
 */
import type { Family } from '../protocol/types.ts';
import type { Expectation } from '../vectors/types.ts';
import { accessToken } from './access-token.ts';
import { clientCapability } from './client-capability.ts';
import { credentialProvider } from './credential-provider.ts';
import type { FamilyEntry } from './family.ts';
import { jwt } from './jwt.ts';
import { taskrouterCapability } from './taskrouter-capability.ts';
import { validationToken } from './validation-token.ts';

export type { CasePreparation, FamilyEntry } from './family.ts';

/** Every family's entry, in the schemas' order. A family added to the protocol's type but not here is a compile error. */
const ENTRIES: Readonly<Record<Family, FamilyEntry>> = {
  access_token: accessToken,
  client_capability: clientCapability,
  taskrouter_capability: taskrouterCapability,
  validation_token: validationToken,
  jwt,
  credential_provider: credentialProvider,
};

/** Every family, in the schemas' order. */
export const FAMILIES: readonly Family[] = Object.keys(ENTRIES) as Family[];

/** Every family's entry, in the order of {@link FAMILIES}. */
export const FAMILY_ENTRIES: readonly FamilyEntry[] = FAMILIES.map((f) => ENTRIES[f]);

/** True for a family name the vectors and the protocol know. */
export function isFamily(name: string): name is Family {
  return Object.hasOwn(ENTRIES, name);
}

/** The entry of a family; throws a `TypeError` naming the known families otherwise. */
export function familyEntry(name: Family | string): FamilyEntry {
  if (!isFamily(name)) throw new TypeError(`unknown family ${JSON.stringify(name)} (expected ${FAMILIES.join(', ')})`);
  return ENTRIES[name];
}

/** The first family whose vectors hold expectations of this kind (to judge an expectation given without its vector). */
export function familyOfExpectation(kind: Expectation['kind']): FamilyEntry {
  return FAMILY_ENTRIES.find((f) => f.expectationKinds.includes(kind))!;
}
