import type { AccessTokenRules } from '../access-token/rules.ts';
import type { BaseJwtRules } from '../base-jwt/rules.ts';
import type { ClientCapabilityRules } from '../client-capability/rules.ts';
import type { Lang } from '../lang/lang.ts';
import type { ProviderRules } from '../providers/rules.ts';
import type { TaskRouterRules } from '../taskrouter/rules.ts';
import type { ValidationTokenRules } from '../validation-token/rules.ts';
import type { Lacks } from './lacks.ts';

/**
 * The name of a profile: one of the built-in ones or one registered at run time
 * (`registerProfile`); `isProfileName` says whether a string is one.
 */
export type ProfileName = string;

/**
 * Everything one library does differently, in one place: the language it runs in and, per token
 * family, its rules. Adding a library (twilio-java, twilio-go) means adding one profile here and
 * its conformance entry (conformance/libraries/<lib>.ts), or registering both at run time.
 */
export interface Profile {
  readonly name: ProfileName;
  /** The real library and version this profile was measured against. */
  readonly library: { name: string; version: string };
  readonly lang: Lang;
  readonly accessToken: AccessTokenRules;
  /** OAuth2 credential providers, strategies and token managers, or why the reference has none for the library. */
  readonly providers: ProviderRules | Lacks;
  /** ClientCapability (Twilio Client scopes), or why the reference has none for the library. */
  readonly clientCapability: ClientCapabilityRules | Lacks;
  /** TaskRouterCapability and its helpers, or why the reference has none for the library. */
  readonly taskrouterCapability: TaskRouterRules | Lacks;
  /** PKCV validation tokens (ValidationToken / ClientValidationJwt), or why the library has none. */
  readonly validationToken: ValidationTokenRules | Lacks;
  /** The library's public base JWT class (encode, `from_jwt`), or why it exposes none. */
  readonly jwt: BaseJwtRules | Lacks;
}
