/**
 * The Ruby semantics twilio-ruby's capability classes lean on: positional arity errors,
 * `NoMethodError` and implicit-conversion messages, `Array#join`, `empty?` and `map { |k, v| }`.
 * Messages are those of Ruby 3.1 (Ruby 3.4 words NoMethodError differently).
 */
import { isHostMap, type HostValue } from '../../lang/host.ts';
import { LibraryError, UnsupportedInput } from '../../lang/lang.ts';
import { rbClassName, rbInspect, rbToS } from '../../lang/ruby.ts';

/** A value as a Ruby object holds it; `undefined` is an argument that was not passed. */
export type RbValue = HostValue | undefined;

/** How Ruby names a receiver in `NoMethodError` (`nil:NilClass`, `"abc":String`, `[1]:Array`). */
function receiver(v: RbValue): string {
  return `${rbInspect(v)}:${rbClassName(v)}`;
}

/** `NoMethodError: undefined method \`name' for <receiver>`. */
export function noMethod(name: string, v: RbValue): LibraryError {
  return new LibraryError('NoMethodError', `undefined method \`${name}' for ${receiver(v)}`);
}

/** `ArgumentError` for a call with the wrong number of positional arguments. */
export function arity(given: number, expected: string): LibraryError {
  return new LibraryError('ArgumentError', `wrong number of arguments (given ${given}, expected ${expected})`);
}

/** A String argument where Ruby converts implicitly (`to_str`): anything else is a `TypeError`. */
export function implicitString(v: RbValue): string {
  if (typeof v === 'string') return v;
  const what = v === undefined || v === null ? 'nil' : typeof v === 'boolean' ? String(v) : rbClassName(v);
  throw new LibraryError('TypeError', `no implicit conversion of ${what} into String`);
}

/** `Array#join(sep)`: nested arrays are joined recursively, `nil` is empty, the rest `to_s`. */
export function rbJoin(items: readonly RbValue[], separator: string): string {
  return items.map((x) => (Array.isArray(x) ? rbJoin(x, separator) : rbToS(x))).join(separator);
}

/** `v.empty?`: a String, Array or Hash answers; anything else has no such method. */
export function isEmpty(v: RbValue): boolean {
  if (typeof v === 'string') return v === '';
  if (Array.isArray(v)) return v.length === 0;
  if (isHostMap(v)) return v.size === 0;
  throw noMethod('empty?', v);
}

/**
 * The `(k, v)` pairs `v.map { |k, v| ... }` sees: a Hash's entries; an Array's elements, each
 * destructured when it is an array itself (else `v` is nil). A String has no `map`.
 */
export function blockPairs(v: RbValue): Array<[RbValue, RbValue]> {
  if (isHostMap(v)) return [...v];
  if (Array.isArray(v)) return v.map((x) => (Array.isArray(x) ? [x[0] ?? null, x[1] ?? null] : [x, null]));
  throw noMethod('map', v);
}

/**
 * Positional arguments per the ruby vocabulary: the required ones stop at the first absent key
 * (so Ruby itself raises the arity error); an absent optional one before a present one is passed
 * as its default.
 */
export function positional(values: Map<string, HostValue>, required: readonly string[], optional: ReadonlyArray<[string, () => HostValue]> = []): HostValue[] {
  const args: HostValue[] = [];
  for (const name of required) {
    if (!values.has(name)) return args;
    args.push(values.get(name)!);
  }
  let last = -1;
  optional.forEach(([name], i) => {
    if (values.has(name)) last = i;
  });
  for (const [name, fallback] of optional.slice(0, last + 1)) args.push(values.has(name) ? values.get(name)! : fallback());
  return args;
}

/** `extraToJwtCalls`: discarded `to_jwt` calls before the answered one (a non-negative Integer). */
export function extraToJwtCalls(values: Map<string, HostValue>): number {
  if (!values.has('extraToJwtCalls')) return 0;
  const n = values.get('extraToJwtCalls');
  if (typeof n !== 'bigint' || n < 0n) throw new UnsupportedInput('extraToJwtCalls must be a non-negative integer');
  return Number(n);
}
