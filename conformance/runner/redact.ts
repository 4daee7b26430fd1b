/**
 * Secrets out of everything the runner reports. The secrets of a case are the string values of
 * its input's secret fields (API secrets, auth tokens, client secrets, passwords, private keys,
 * wherever they sit in the input, `setAfter` overrides included); each is removed in every
 * encoding of {@link secretEncodings}, and any HTTP `Basic` credential whose decoded text
 * contains one is shown decoded with the secret replaced.
 *
 * What is redacted: everything an adapter or the runner wrote (answers, messages, details,
 * copied stderr, faults) and the recorded expectations alike, so both sides of a diff stay
 * aligned. Secrets shorter than {@link MIN_SECRET_LENGTH} characters are left alone (see there).
 */
import { JsonNumber, JsonObject } from '../../reference/json/value.ts';
import { anyOf, base64Forms, base64Fragments, isRedactable, MIN_SECRET_LENGTH, pemPrivateParts, REDACTED, replaceForms, secretEncodings, textEncodings } from '../../reference/providers/secret-encodings.ts';

export { MIN_SECRET_LENGTH, REDACTED };

/**
 * Input fields whose string values are secrets, in every family's vocabulary (camelCase as in the
 * vectors, and the snake_case spellings adapters sometimes echo). `key` is the `jwt` family's
 * decoding key: an HMAC secret (a public key there is redacted too, harmlessly).
 */
export const SECRET_FIELDS: ReadonlySet<string> = new Set([
  'secret',
  'apiSecret',
  'api_secret',
  'authToken',
  'auth_token',
  'secretKey',
  'secret_key',
  'key',
  'privateKeyPem',
  'privateKey',
  'private_key',
  'clientSecret',
  'client_secret',
  'password',
]);

/** Input fields whose values may be the user half of a `Basic` credential (account SID, client id...). */
const isUserField = (k: string): boolean => /(?:Sid|_sid|SID)$/.test(k) || ['clientId', 'client_id', 'username', 'user', 'signingKey'].includes(k);

/** A secret and what it is replaced by. */
export interface SecretSpec {
  value: string;
  /** Default {@link REDACTED}. */
  placeholder?: string;
}

/** The secrets and user names a case input carries (a lossless {@link JsonObject} tree or plain JSON). */
export function caseSecrets(input: unknown): { secrets: string[]; users: string[] } {
  const secrets = new Set<string>();
  const users = new Set<string>();
  const visit = (v: unknown, key: string | undefined, depth: number): void => {
    if (depth > 64) return;
    const text = typeof v === 'string' ? v : v instanceof JsonNumber ? v.text : undefined;
    if (text !== undefined && key !== undefined) {
      if (SECRET_FIELDS.has(key)) secrets.add(text);
      else if (isUserField(key)) users.add(text);
      return;
    }
    if (Array.isArray(v)) for (const x of v) visit(x, key, depth + 1);
    else if (v instanceof JsonObject) for (const [k, x] of v.entries) visit(x, k, depth + 1);
    else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) visit(x, k, depth + 1);
  };
  visit(input, undefined, 0);
  return { secrets: [...secrets], users: [...users] };
}

const BASIC = /\b(Basic)([ \t]+)([A-Za-z0-9+/_-]+={0,2})/gi;

/** Removes a fixed set of secrets, in all their encodings, from text. */
export class Redactor {
  /** A redactor that knows no secret: text passes unchanged. */
  static readonly none = new Redactor([]);

  private readonly pattern: RegExp | undefined;
  private readonly placeholderOf = new Map<string, string>();
  /** Base64 fragments: a match stands for the whole base64 word around it. */
  private readonly fragments = new Set<string>();
  private readonly rawPattern: RegExp | undefined;

  /**
   * @param secrets the secrets (shorter ones than {@link MIN_SECRET_LENGTH} are ignored)
   * @param users user names that may precede a secret in `Basic user:secret`; the base64 of
   *   each `user:secret` is removed whole
   */
  constructor(secrets: Iterable<string | SecretSpec>, users: Iterable<string> = []) {
    const specs = [...secrets].map((s) => (typeof s === 'string' ? { value: s } : s));
    const userList = [...users];
    // Earlier specs win a shared encoding (e.g. the same value under two fields).
    for (const spec of specs) {
      const placeholder = spec.placeholder ?? REDACTED;
      // A PEM key's body and lines are base64 text already: searched raw and as text is encoded.
      const forms = [...secretEncodings(spec.value), ...pemPrivateParts(spec.value).flatMap(textEncodings)];
      if (forms.length === 0) continue;
      for (const f of base64Fragments(spec.value)) this.fragments.add(f);
      for (const u of userList) for (const b of base64Forms(`${u}:${spec.value}`)) forms.push(b);
      for (const f of forms) if (!this.placeholderOf.has(f)) this.placeholderOf.set(f, placeholder);
    }
    this.pattern = anyOf(this.placeholderOf.keys());
    this.rawPattern = anyOf(specs.flatMap((s) => [s.value, ...pemPrivateParts(s.value)]).filter(isRedactable));
  }

  /** True when there is nothing to redact. */
  get empty(): boolean {
    return this.pattern === undefined;
  }

  /** `text` with every encoding of every secret replaced by its placeholder. */
  redact(text: string): string {
    if (!this.pattern || typeof text !== 'string') return text;
    // A Basic credential is shown decoded, the secret replaced, so that a reader still sees whose
    // credential it was (and two redacted credentials compare equal only when they were equal).
    const basic = text.replace(BASIC, (whole, word: string, space: string, b64: string) => {
      const decoded = Buffer.from(b64, 'base64').toString('utf8');
      if (!this.contains(decoded)) return whole;
      return `${word}${space}<base64 of ${JSON.stringify(this.replace(decoded))}>`;
    });
    return this.replace(basic);
  }

  /** Deep-map the strings of a JSON-like value through {@link redact}. */
  redactDeep<T>(v: T): T {
    return mapStrings(v, (s) => this.redact(s)) as T;
  }

  private replace(text: string): string {
    return replaceForms(text, this.pattern!, this.fragments, (m) => this.placeholderOf.get(m) ?? REDACTED);
  }

  private contains(decoded: string): boolean {
    if (this.rawPattern) {
      this.rawPattern.lastIndex = 0;
      if (this.rawPattern.test(decoded)) return true;
    }
    this.pattern!.lastIndex = 0;
    return this.pattern!.test(decoded);
  }
}

/** Deep-map the strings of a JSON-like value (arrays and plain objects; other values as they are). */
export function mapStrings(v: unknown, f: (s: string) => string, depth = 0): unknown {
  if (typeof v === 'string') return f(v);
  if (depth > 64) return v;
  if (Array.isArray(v)) return v.map((x) => mapStrings(x, f, depth + 1));
  if (v && typeof v === 'object' && (Object.getPrototypeOf(v) === Object.prototype || Object.getPrototypeOf(v) === null)) {
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, mapStrings(x, f, depth + 1)]));
  }
  return v;
}

const byInput = new WeakMap<object, Redactor>();
// Vectors share fixture secrets (one PEM key in a hundred validation_token cases): one redactor
// per distinct set of secrets and users, so that a key's many encodings are compiled once.
const bySecrets = new Map<string, Redactor>();
const BY_SECRETS_LIMIT = 256;

/** The redactor of one case input (cached per input object and per set of secrets). */
export function redactorFor(input: unknown): Redactor {
  if (!input || typeof input !== 'object') return Redactor.none;
  let r = byInput.get(input);
  if (!r) {
    const { secrets, users } = caseSecrets(input);
    const key = JSON.stringify([secrets.sort(), users.sort()]);
    r = bySecrets.get(key);
    if (!r) {
      r = secrets.length ? new Redactor(secrets, users) : Redactor.none;
      if (bySecrets.size >= BY_SECRETS_LIMIT) bySecrets.delete(bySecrets.keys().next().value!);
      bySecrets.set(key, r);
    }
    byInput.set(input, r);
  }
  return r;
}

/** One redactor for the secrets of many case inputs (for text not tied to one case: faults, stderr). */
export function redactorForAll(inputs: Iterable<unknown>): Redactor {
  const secrets = new Set<string>();
  const users = new Set<string>();
  for (const input of inputs) {
    const s = caseSecrets(input);
    for (const x of s.secrets) secrets.add(x);
    for (const u of s.users) users.add(u);
  }
  // Each user is paired with each secret; past a few hundred pairs the base64 fragments of the
  // secrets (which match inside any `user:secret`) are left to do that work alone.
  return secrets.size ? new Redactor(secrets, secrets.size * users.size <= 400 ? users : []) : Redactor.none;
}
