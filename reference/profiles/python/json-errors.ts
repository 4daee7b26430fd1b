/**
 * Where CPython 3.11's `json.loads` rejects a text, and the message of its `JSONDecodeError`
 * (`Expecting value: line 1 column 1 (char 0)`), following the scanner's own order of checks.
 */

const WS = new Set([' ', '\t', '\n', '\r']);
const NUMBER = /^(-?(?:0|[1-9]\d*))(\.\d+)?([eE][-+]?\d+)?/;

class Fail {
  constructor(
    readonly msg: string,
    readonly pos: number,
  ) {}
}

/** `msg: line L column C (char P)` as JSONDecodeError formats it (positions in code points). */
function format(chars: string[], f: Fail): string {
  let line = 1;
  let lastNl = -1;
  for (let i = 0; i < f.pos && i < chars.length; i++) {
    if (chars[i] === '\n') {
      line++;
      lastNl = i;
    }
  }
  return `${f.msg}: line ${line} column ${f.pos - lastNl} (char ${f.pos})`;
}

/** The message `json.loads(text)` raises, or `undefined` when CPython accepts the text. */
export function pythonJsonError(text: string): string | undefined {
  const s = Array.from(text);
  const ws = (i: number): number => {
    while (i < s.length && WS.has(s[i])) i++;
    return i;
  };
  const str = (end: number): number => {
    const begin = end - 1;
    for (;;) {
      if (end >= s.length) throw new Fail('Unterminated string starting at', begin);
      const c = s[end];
      if (c === '"') return end + 1;
      if (c === '\\') {
        if (end + 1 >= s.length) throw new Fail('Unterminated string starting at', begin);
        const e = s[end + 1];
        if (e === 'u') {
          const hex = s.slice(end + 2, end + 6).join('');
          if (!/^[0-9a-fA-F]{4}$/.test(hex)) throw new Fail('Invalid \\uXXXX escape', end + 1);
          end += 6;
        } else if ('"\\/bfnrt'.includes(e)) {
          end += 2;
        } else {
          throw new Fail('Invalid \\escape', end);
        }
        continue;
      }
      // The C scanner (what CPython uses) does not name the character.
      if (c.codePointAt(0)! < 0x20) throw new Fail('Invalid control character at', end);
      end++;
    }
  };
  const value = (i: number): number => {
    const c = s[i];
    if (c === '"') return str(i + 1);
    if (c === '{') return object(i + 1);
    if (c === '[') return array(i + 1);
    const rest = s.slice(i, i + 9).join('');
    for (const lit of ['null', 'true', 'false', 'NaN', 'Infinity', '-Infinity']) if (rest.startsWith(lit)) return i + lit.length;
    const m = NUMBER.exec(s.slice(i, i + 400).join(''));
    if (m) return i + m[0].length;
    throw new Fail('Expecting value', i);
  };
  const object = (end: number): number => {
    end = ws(end);
    if (s[end] !== '"') {
      if (s[end] === '}') return end + 1;
      throw new Fail('Expecting property name enclosed in double quotes', end);
    }
    end++;
    for (;;) {
      end = str(end);
      end = ws(end);
      if (s[end] !== ':') throw new Fail("Expecting ':' delimiter", end);
      end = ws(end + 1);
      end = value(end);
      end = ws(end);
      const next = s[end] ?? '';
      end++;
      if (next === '}') return end;
      if (next !== ',') throw new Fail("Expecting ',' delimiter", end - 1);
      end = ws(end);
      const q = s[end] ?? '';
      end++;
      if (q !== '"') throw new Fail('Expecting property name enclosed in double quotes', end - 1);
    }
  };
  const array = (end: number): number => {
    end = ws(end);
    if (s[end] === ']') return end + 1;
    for (;;) {
      end = value(end);
      end = ws(end);
      const next = s[end] ?? '';
      end++;
      if (next === ']') return end;
      if (next !== ',') throw new Fail("Expecting ',' delimiter", end - 1);
      end = ws(end);
    }
  };
  try {
    const end = ws(value(ws(0)));
    if (end !== s.length) throw new Fail('Extra data', end);
    return undefined;
  } catch (e) {
    if (e instanceof Fail) return format(s, e);
    throw e;
  }
}
