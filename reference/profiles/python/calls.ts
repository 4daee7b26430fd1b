/** How CPython words a call with missing required positional arguments. */
export function missingArgumentsMessage(func: string, names: string[]): string {
  const quoted = names.map((n) => `'${n}'`);
  const list = quoted.length === 1 ? quoted[0] : quoted.length === 2 ? `${quoted[0]} and ${quoted[1]}` : `${quoted.slice(0, -1).join(', ')}, and ${quoted[quoted.length - 1]}`;
  const noun = names.length === 1 ? 'argument' : 'arguments';
  return `${func} missing ${names.length} required positional ${noun}: ${list}`;
}
