/**
 * How PHP 8.2 binds the arguments of a call to a user function of twilio-php, in its default
 * (coercive) mode, as an adapter makes it: named arguments (a case's keys), or positional ones.
 * Measured against the interpreter (research/php-spec.md; the oracle README's "Typing and
 * messages"):
 *
 * - A required parameter before the last one passed that was not passed is an
 *   `ArgumentCountError` "X(): Argument #2 ($name) not passed", raised before any type check.
 * - Then each parameter in order: a missing one after the last passed is "Too few arguments to
 *   function X(), 2 passed and at least 3 expected" (`exactly` when it has no optional ones);
 *   a passed one is coerced to its type or is a `TypeError` "X(): Argument #1 ($name) must be of
 *   type string, null given". A call made inside twilio-php adds ", called in FILE on line N".
 */
import type { HostValue } from '../../lang/host.ts';
import { LibraryError } from '../../lang/lang.ts';
import { phpCoerceArgument, phpTypeName, type PhpParamType } from '../../lang/php.ts';

/** One parameter: its name (without `$`), its type (`mixed`: untyped; a class name: objects of it only), and how it may be left out. */
export interface PhpParam {
  readonly name: string;
  readonly type: PhpParamType | 'mixed' | { readonly className: string };
  readonly nullable?: boolean;
  /** Has a default: may be left out. */
  readonly optional?: boolean;
}

/** A user function of twilio-php: its name as PHP prints it (`Class::method`) and its parameters. */
export interface PhpFunction {
  readonly name: string;
  readonly params: readonly PhpParam[];
}

/** Where a call comes from inside twilio-php, for the ", called in" suffix of its TypeErrors. */
export interface PhpCallSite {
  readonly file: string;
  readonly line: number;
}

/** The folder of twilio-php's sources, as recorded messages name it. */
export const PHP_SRC = '$TWILIO_PHP_SRC';

/**
 * Bind `args` (by parameter name; absent = not passed) to `fn`'s parameters: the values the
 * function sees, by position (`undefined` where a default applies). Throws PHP's
 * `ArgumentCountError` or `TypeError`.
 */
export function phpCall(fn: PhpFunction, args: ReadonlyMap<string, HostValue>, from?: PhpCallSite): Array<HostValue | undefined> {
  const { params } = fn;
  const passed = params.map((p) => args.has(p.name));
  const count = passed.lastIndexOf(true) + 1;
  // Gaps before the last argument passed are filled with defaults, or refused, before the body runs.
  for (let i = 0; i < count; i++) {
    if (!passed[i] && !params[i].optional) throw new LibraryError('ArgumentCountError', `${fn.name}(): Argument #${i + 1} ($${params[i].name}) not passed`);
  }
  const required = params.filter((p) => !p.optional).length;
  const suffix = from ? `, called in ${PHP_SRC}/${from.file} on line ${from.line}` : '';
  return params.map((p, i) => {
    if (!passed[i]) {
      if (p.optional) return undefined;
      const bound = required === params.length ? 'exactly' : 'at least';
      throw new LibraryError('ArgumentCountError', `Too few arguments to function ${fn.name}(), ${count} passed${suffix && ` in ${PHP_SRC}/${from!.file} on line ${from!.line}`} and ${bound} ${required} expected`);
    }
    const v = args.get(p.name)!;
    if (p.type === 'mixed') return v;
    const refuse = (expected: string): never => {
      throw new LibraryError('TypeError', `${fn.name}(): Argument #${i + 1} ($${p.name}) must be of type ${expected}, ${phpTypeName(v)} given${suffix}`);
    };
    // No value read from JSON is an object of a twilio-php class.
    if (typeof p.type === 'object') return refuse(`${p.nullable ? '?' : ''}${p.type.className}`);
    const r = phpCoerceArgument(v, p.type, p.nullable ?? false);
    return r.ok ? r.value : refuse(r.expected);
  });
}

/** The named arguments of a call from `values` (input keys) renamed to parameters: `[inputKey, paramName]` pairs; absent keys are not passed. */
export function namedArguments(values: ReadonlyMap<string, HostValue>, names: ReadonlyArray<readonly [string, string]>): Map<string, HostValue> {
  const args = new Map<string, HostValue>();
  for (const [key, param] of names) if (values.has(key)) args.set(param, values.get(key)!);
  return args;
}
