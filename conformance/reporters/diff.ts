/**
 * A structural diff of a token's decoded header and payload, expected against got, that a person
 * can read: member order as two lists, missing and extra members by JSON path, differing values by
 * path, and how the text differs where the parsed values are equal (`\/`, `\u00e9`, `1.0`,
 * whitespace, duplicate members). The first differing character stays as a detail.
 *
 * Everything here is pure and the results are plain data, so that they can go into JSONL as they
 * are. {@link differenceKeys} turns a diff into keys that leave the case's own values out, so that
 * `systematic.ts` can count the same difference across cases with different data.
 */
import { parseLossless } from '../../reference/json/parse.ts';
import { firstDifference } from '../runner/compare.ts';

/** How one part (header or payload) of a token differs. */
export interface PartDiff {
  part: 'header' | 'payload';
  /** False when either side is not JSON: then only `first` (and `notJson`) say anything. */
  parsed: boolean;
  /** Which side could not be read as JSON, when `parsed` is false. */
  notJson?: 'want' | 'got' | 'both';
  /**
   * Sides read although their strings hold raw control characters, which strict JSON refuses
   * (node's latin1 header cuts U+0100 to a raw NUL): their structure is still compared.
   */
  controls?: 'want' | 'got' | 'both';
  /** Objects whose member order differs, compared on the members both sides have. */
  order: Array<{ path: string; want: string[]; got: string[] }>;
  /** JSON paths (e.g. `payload.iat`, `payload.grants.video.room`) present only in the expected text. */
  missing: string[];
  /** JSON paths present only in the text got. */
  extra: string[];
  /** Values that differ after parsing, as their JSON source texts (long ones cut, marked `…`). */
  changed: Array<{ path: string; want: string; got: string }>;
  /** Values equal after parsing but written differently; `kind` is one of {@link TEXT_KINDS}' keys or `number:…`. */
  text: Array<{ path: string; kind: string; want: string; got: string }>;
  /** The first differing character with a little context (as the judge's detail). */
  first?: string;
}

/** How a token's header and payload differ; a part is absent when it is identical or not comparable. */
export interface TokenDiff {
  header?: PartDiff;
  payload?: PartDiff;
}

/** One token side: the decoded header and payload texts (either may be absent). */
export interface TokenTexts {
  header?: string;
  payload?: string;
}

/** What each kind of text difference means, as the line a summary shows for it. */
export const TEXT_KINDS: Record<string, string> = {
  'escaped-slash': '`/` written as `\\/`',
  'unescaped-slash': '`\\/` written as `/`',
  'escaped-non-ascii': 'non-ASCII characters written as `\\uXXXX` escapes instead of raw UTF-8',
  'raw-non-ascii': 'non-ASCII characters written raw instead of as `\\uXXXX` escapes',
  'escaped-astral': 'characters beyond U+FFFF written as surrogate-pair escapes instead of raw UTF-8',
  'raw-astral': 'characters beyond U+FFFF written raw instead of as surrogate-pair escapes',
  'hex-upper': '`\\u` escapes in upper-case hex instead of lower-case',
  'hex-lower': '`\\u` escapes in lower-case hex instead of upper-case',
  'escape-form': 'characters escaped another way (e.g. `\\n` and `\\u000a`, or `A` and `\\u0041`)',
  whitespace: 'whitespace between tokens differs',
  'duplicate-key': 'a member written more than once',
  'duplicate-key-merged': 'a member written once where it is expected more than once',
};

// Values shown in a diff are cut to this many characters: a diff names differences, the texts
// themselves are in the case's details.
const MAX_SHOWN = 200;
// Member names deeper than this below the part are replaced by `*` in difference keys: the
// deeper names are the case's own data (a voice grant's outgoing `params`, filters), and keeping
// them would split one systematic difference into one key per case.
const KEY_DEPTH = 4;

// ---------------------------------------------------------------------------------------------
// A JSON tree that keeps each value's source text. parseLossless keeps number text but not a
// string's escapes nor whitespace, so the text is read again here, after parseLossless has
// checked that it is JSON (and bounded its depth), and this reader can assume valid input.

type Node =
  | { t: 'obj'; raw: string; ws: Spaces; members: Array<{ key: string; keyRaw: string; value: Node }> }
  | { t: 'arr'; raw: string; ws: Spaces; items: Node[] }
  | { t: 'str'; raw: string; value: string }
  | { t: 'num'; raw: string }
  | { t: 'lit'; raw: string };

/**
 * The text with every raw control character inside a string written as a `\u` escape: what a
 * library that cuts code points to bytes writes (node's latin1 header turns U+0100 into a raw
 * NUL) is still a structure worth comparing, though strict JSON refuses it.
 */
function escapeControls(text: string): string {
  let out = '';
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString && c === '\\') {
      out += text.slice(i, i + 2);
      i++;
      continue;
    }
    if (c === '"') inString = !inString;
    out += inString && c < ' ' ? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}` : c;
  }
  return out;
}

/**
 * The whitespace of a container between its own tokens: per place (after `{`, before `:`, after
 * `,`...), the distinct runs found there. Per place and distinct, so that a member more or less
 * does not read as a whitespace difference, while `", "` against `","` does.
 */
type Spaces = Record<string, Set<string>>;

function addSpace(sp: Spaces, role: string, run: string): void {
  (sp[role] ??= new Set()).add(run);
}

const runsOf = (runs: Set<string>): string => [...runs].sort().join('\0');

/** Whether two containers' whitespace differs at a place both have. */
function spacesDiffer(a: Spaces, b: Spaces): boolean {
  return Object.keys(a).some((role) => role in b && runsOf(a[role]) !== runsOf(b[role]));
}

/** Whitespace as shown: each place with its non-empty runs, e.g. `after-comma " "`, or `none`. */
function showSpaces(sp: Spaces): string {
  const shownRoles = Object.entries(sp).flatMap(([role, runs]) => {
    const some = [...runs].filter((r) => r !== '').sort();
    return some.length ? [`${role} ${some.map((r) => JSON.stringify(r)).join(' ')}`] : [];
  });
  return shown(shownRoles.length ? shownRoles.join('; ') : 'none');
}

function readTree(text: string): { root: Node; ws: Spaces; controls: boolean } | undefined {
  let controls = false;
  try {
    parseLossless(text);
  } catch {
    try {
      parseLossless(escapeControls(text));
      controls = true;
    } catch {
      return undefined;
    }
  }
  let pos = 0;
  const ws = (): string => {
    const start = pos;
    while (pos < text.length && ' \t\n\r'.includes(text[pos])) pos++;
    return text.slice(start, pos);
  };
  const str = (): { raw: string; value: string } => {
    const start = pos++;
    while (text[pos] !== '"') pos += text[pos] === '\\' ? 2 : 1;
    pos++;
    const raw = text.slice(start, pos);
    return { raw, value: JSON.parse(controls ? escapeControls(raw) : raw) as string };
  };
  const value = (): Node => {
    const start = pos;
    const c = text[pos];
    if (c === '"') return { t: 'str', ...str() };
    if (c === '{' || c === '[') {
      pos++;
      const sp: Spaces = {};
      const members: Array<{ key: string; keyRaw: string; value: Node }> = [];
      const items: Node[] = [];
      const close = c === '{' ? '}' : ']';
      const opening = ws();
      addSpace(sp, text[pos] === close ? 'empty' : 'after-open', opening);
      while (text[pos] !== close) {
        if (c === '{') {
          const k = str();
          addSpace(sp, 'before-colon', ws());
          pos++; // ':'
          addSpace(sp, 'after-colon', ws());
          members.push({ key: k.value, keyRaw: k.raw, value: value() });
        } else {
          items.push(value());
        }
        const after = ws();
        if (text[pos] === ',') {
          addSpace(sp, 'before-comma', after);
          pos++;
          addSpace(sp, 'after-comma', ws());
        } else {
          addSpace(sp, 'before-close', after);
        }
      }
      pos++;
      const raw = text.slice(start, pos);
      return c === '{' ? { t: 'obj', raw, ws: sp, members } : { t: 'arr', raw, ws: sp, items };
    }
    if (c === 't' || c === 'f' || c === 'n') {
      pos += c === 'f' ? 5 : 4;
      return { t: 'lit', raw: text.slice(start, pos) };
    }
    while (pos < text.length && /[-+0-9.eE]/.test(text[pos])) pos++;
    return { t: 'num', raw: text.slice(start, pos) };
  };
  const around: Spaces = {};
  addSpace(around, 'before-text', ws());
  const root = value();
  addSpace(around, 'after-text', ws());
  return { root, ws: around, controls };
}

// ---------------------------------------------------------------------------------------------
// Comparing values

/** A number's exact value as text (sign, significant digits, exponent), so that `1.0`, `1` and `1e0` agree and big integers do not collapse. */
function exactNumber(raw: string): string {
  const m = /^(-?)(\d+)(?:\.(\d+))?(?:[eE]([+-]?\d+))?$/.exec(raw);
  if (!m) return raw;
  let digits = (m[2] + (m[3] ?? '')).replace(/^0+/, '');
  if (digits === '') return '0';
  let exp = BigInt(m[4] ?? '0') - BigInt((m[3] ?? '').length);
  const trimmed = digits.replace(/0+$/, '');
  exp += BigInt(digits.length - trimmed.length);
  digits = trimmed;
  return `${m[1]}${digits}e${exp}`;
}

function numberShape(raw: string): 'integer' | 'decimal' | 'exponent' {
  return /[eE]/.test(raw) ? 'exponent' : raw.includes('.') ? 'decimal' : 'integer';
}

const SHAPE_EXAMPLE = { integer: '1', decimal: '1.0', exponent: '1e0' } as const;

const shown = (s: string): string => (s.length > MAX_SHOWN ? `${s.slice(0, MAX_SHOWN)}…` : s);

/** A member's path: `a.b` for plain names, `a["x.y"]` otherwise. */
function memberPath(path: string, key: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(key) ? `${path}.${key}` : `${path}[${JSON.stringify(key)}]`;
}

/** One character of a string's source: its code point, how it was written, and which form that is. */
interface Unit {
  cp: number;
  spelling: string;
  form: 'raw' | 'short' | 'u' | 'pair';
}

function units(raw: string): Unit[] {
  const out: Unit[] = [];
  const body = raw.slice(1, -1);
  let i = 0;
  while (i < body.length) {
    if (body[i] === '\\') {
      if (body[i + 1] === 'u') {
        const hi = parseInt(body.slice(i + 2, i + 6), 16);
        const next = /^\\u([0-9a-fA-F]{4})/.exec(body.slice(i + 6));
        const lo = next ? parseInt(next[1], 16) : -1;
        if (hi >= 0xd800 && hi < 0xdc00 && lo >= 0xdc00 && lo < 0xe000) {
          out.push({ cp: 0x10000 + ((hi - 0xd800) << 10) + (lo - 0xdc00), spelling: body.slice(i, i + 12), form: 'pair' });
          i += 12;
        } else {
          out.push({ cp: hi, spelling: body.slice(i, i + 6), form: 'u' });
          i += 6;
        }
      } else {
        const e = body.slice(i, i + 2);
        out.push({ cp: (JSON.parse(`"${e}"`) as string).charCodeAt(0), spelling: e, form: 'short' });
        i += 2;
      }
    } else {
      const cp = body.codePointAt(i)!;
      const len = cp > 0xffff ? 2 : 1;
      out.push({ cp, spelling: body.slice(i, i + len), form: 'raw' });
      i += len;
    }
  }
  return out;
}

function classify(w: Unit, g: Unit): string {
  if (w.form === g.form && (w.form === 'u' || w.form === 'pair') && w.spelling.toLowerCase() === g.spelling.toLowerCase()) {
    return g.spelling === g.spelling.toUpperCase().replace(/\\U/g, '\\u') ? 'hex-upper' : 'hex-lower';
  }
  if (w.cp === 0x2f && w.form === 'raw' && g.form === 'short') return 'escaped-slash';
  if (w.cp === 0x2f && w.form === 'short' && g.form === 'raw') return 'unescaped-slash';
  if (w.cp > 0xffff && w.form === 'raw' && g.form === 'pair') return 'escaped-astral';
  if (w.cp > 0xffff && w.form === 'pair' && g.form === 'raw') return 'raw-astral';
  if (w.cp >= 0x80 && w.form === 'raw' && g.form === 'u') return 'escaped-non-ascii';
  if (w.cp >= 0x80 && w.form === 'u' && g.form === 'raw') return 'raw-non-ascii';
  return 'escape-form';
}

/** The kinds of spelling difference between two string sources with the same value. */
function stringKinds(want: string, got: string): string[] {
  const w = units(want);
  const g = units(got);
  const kinds = new Set<string>();
  // Both decode to the same code units; a lone surrogate escaped on one side and raw on the other
  // can still split differently, and then the string is simply "escaped another way".
  if (w.length !== g.length) return ['escape-form'];
  for (let i = 0; i < w.length; i++) {
    if (w[i].cp !== g[i].cp) return ['escape-form'];
    if (w[i].spelling !== g[i].spelling) kinds.add(classify(w[i], g[i]));
  }
  return [...kinds];
}

class Collector {
  readonly order: PartDiff['order'] = [];
  readonly missing: string[] = [];
  readonly extra: string[] = [];
  readonly changed: PartDiff['changed'] = [];
  readonly text: PartDiff['text'] = [];

  compare(want: Node, got: Node, path: string): void {
    if (want.t !== got.t || (want.t === 'lit' && want.raw !== got.raw)) {
      this.changed.push({ path, want: shown(want.raw), got: shown(got.raw) });
      return;
    }
    switch (want.t) {
      case 'str': {
        const g = got as typeof want;
        if (want.value !== g.value) this.changed.push({ path, want: shown(want.raw), got: shown(g.raw) });
        else if (want.raw !== g.raw) this.spelling(path, want.raw, g.raw);
        return;
      }
      case 'num':
        if (exactNumber(want.raw) !== exactNumber(got.raw)) this.changed.push({ path, want: want.raw, got: got.raw });
        else if (want.raw !== got.raw) {
          const [ws, gs] = [numberShape(want.raw), numberShape(got.raw)];
          this.text.push({ path, kind: ws === gs ? 'number:spelling' : `number:${ws}-as-${gs}`, want: want.raw, got: got.raw });
        }
        return;
      case 'lit':
        return;
      case 'arr': {
        const g = got as typeof want;
        if (want.items.length !== g.items.length) {
          this.changed.push({ path, want: shown(want.raw), got: shown(g.raw) });
          return;
        }
        want.items.forEach((item, i) => this.compare(item, g.items[i], `${path}[${i}]`));
        if (spacesDiffer(want.ws, g.ws)) this.text.push({ path, kind: 'whitespace', want: showSpaces(want.ws), got: showSpaces(g.ws) });
        return;
      }
      case 'obj':
        this.objects(want, got as typeof want, path);
    }
  }

  private spelling(path: string, want: string, got: string): void {
    for (const kind of stringKinds(want, got)) this.text.push({ path, kind, want: shown(want), got: shown(got) });
  }

  private objects(want: Extract<Node, { t: 'obj' }>, got: Extract<Node, { t: 'obj' }>, path: string): void {
    // The last of duplicate members is the value (as every parser here reads it); the first
    // appearance is its place in the order.
    const index = (n: typeof want) => {
      const last = new Map<string, (typeof want.members)[number]>();
      const count = new Map<string, number>();
      for (const m of n.members) {
        last.set(m.key, m);
        count.set(m.key, (count.get(m.key) ?? 0) + 1);
      }
      // A Map keeps a key where it was first set, so its keys are in order of first appearance.
      return { keys: [...last.keys()], last, count };
    };
    const w = index(want);
    const g = index(got);
    for (const k of w.keys) if (!g.last.has(k)) this.missing.push(memberPath(path, k));
    for (const k of g.keys) if (!w.last.has(k)) this.extra.push(memberPath(path, k));
    const wantOrder = w.keys.filter((k) => g.last.has(k));
    const gotOrder = g.keys.filter((k) => w.last.has(k));
    if (wantOrder.join('\0') !== gotOrder.join('\0')) this.order.push({ path, want: wantOrder, got: gotOrder });
    for (const k of wantOrder) {
      const p = memberPath(path, k);
      const wm = w.last.get(k)!;
      const gm = g.last.get(k)!;
      if (wm.keyRaw !== gm.keyRaw) this.spelling(p, wm.keyRaw, gm.keyRaw);
      const [wc, gc] = [w.count.get(k)!, g.count.get(k)!];
      if (wc !== gc) {
        const written = (n: typeof want) =>
          n.members
            .filter((m) => m.key === k)
            .map((m) => `${m.keyRaw}:${m.value.raw}`)
            .join(',');
        this.text.push({ path: p, kind: gc > wc ? 'duplicate-key' : 'duplicate-key-merged', want: shown(written(want)), got: shown(written(got)) });
      }
      this.compare(wm.value, gm.value, p);
    }
    if (spacesDiffer(want.ws, got.ws)) this.text.push({ path, kind: 'whitespace', want: showSpaces(want.ws), got: showSpaces(got.ws) });
  }
}

function diffPart(part: 'header' | 'payload', want: string, got: string): PartDiff {
  const first = firstDifference(want, got);
  const w = readTree(want);
  const g = readTree(got);
  const empty = { order: [], missing: [], extra: [], changed: [], text: [] };
  if (!w || !g) return { part, parsed: false, notJson: !w && !g ? 'both' : !w ? 'want' : 'got', ...empty, first };
  const c = new Collector();
  c.compare(w.root, g.root, part);
  if (spacesDiffer(w.ws, g.ws)) c.text.push({ path: part, kind: 'whitespace', want: showSpaces(w.ws), got: showSpaces(g.ws) });
  const controls = w.controls && g.controls ? 'both' : w.controls ? 'want' : g.controls ? 'got' : undefined;
  return { part, parsed: true, ...(controls ? { controls } : {}), order: c.order, missing: c.missing, extra: c.extra, changed: c.changed, text: c.text, first };
}

/**
 * How the header and payload texts got differ from the expected ones, or undefined when they are
 * equal or there is nothing to compare (a part absent on either side is not compared: a rejection
 * has no header).
 */
export function structuralDiff(want: TokenTexts, got: TokenTexts): TokenDiff | undefined {
  const out: TokenDiff = {};
  for (const part of ['header', 'payload'] as const) {
    const w = want[part];
    const g = got[part];
    if (typeof w !== 'string' || typeof g !== 'string' || w === g) continue;
    out[part] = diffPart(part, w, g);
  }
  return out.header || out.payload ? out : undefined;
}

// ---------------------------------------------------------------------------------------------
// Keys and lines

/** A path relative to its part (`payload.grants.video` → `grants.video`). */
const relative = (part: string, path: string): string => (path === part ? '' : path.slice(part.length).replace(/^\./, ''));

/**
 * A path with the case's own data left out: array indexes become `[]`, and member names deeper
 * than {@link KEY_DEPTH} below the part become `*`.
 */
function genericPath(part: string, path: string): string {
  const rel = relative(part, path);
  const segments = rel.match(/\[\d+\]|\["(?:[^"\\]|\\.)*"\]|[^.[\]]+/g) ?? [];
  return segments
    .map((s, i) => (/^\[\d+\]$/.test(s) ? '[]' : i >= KEY_DEPTH ? (s.startsWith('[') ? '[*]' : '*') : s))
    .map((s, i) => (i === 0 || s.startsWith('[') ? s : `.${s}`))
    .join('');
}

const isSorted = (keys: string[]): boolean => keys.every((k, i) => i === 0 || keys[i - 1] < k);

interface Item {
  key: string;
  text: string;
  line: string;
}

/** Every difference of a diff as a key, a case-independent text and a case's line, most important first. */
function items(d: TokenDiff): Item[] {
  const parts = [d.header, d.payload].filter((p): p is PartDiff => p !== undefined);
  const out: Item[] = [];
  for (const p of parts) {
    if (p.parsed) continue;
    const text = p.notJson === 'got' ? `${p.part} is not JSON` : p.notJson === 'want' ? `expected ${p.part} is not JSON` : `neither ${p.part} is JSON`;
    out.push({ key: `${p.part}.not-json:${p.notJson}`, text, line: text });
  }
  for (const p of parts) {
    // Both sides alike is what was expected; one side alone is a difference in itself.
    if (p.controls === 'got' || p.controls === 'want') {
      const text = p.controls === 'got' ? `${p.part} has raw control characters in strings (not JSON)` : `expected ${p.part} has raw control characters in strings, got has none`;
      out.push({ key: `${p.part}.raw-controls:${p.controls}`, text, line: text });
    }
  }
  for (const p of parts) {
    for (const m of p.missing) {
      const g = genericPath(p.part, m);
      out.push({ key: `${p.part}.missing:${g}`, text: `${p.part} lacks ${g}`, line: `${p.part} lacks ${relative(p.part, m)}` });
    }
  }
  for (const p of parts) {
    for (const m of p.extra) {
      const g = genericPath(p.part, m);
      out.push({ key: `${p.part}.extra:${g}`, text: `${p.part} has ${g}, not expected`, line: `${p.part} has ${relative(p.part, m)}, not expected` });
    }
  }
  for (const p of parts) {
    for (const c of p.changed) {
      const g = genericPath(p.part, c.path);
      const where = g ? `${p.part}.${g}` : p.part;
      const wt = jsonType(c.want);
      const gt = jsonType(c.got);
      const [key, text] = wt !== gt ? [`${p.part}.changed:${g}:${wt}>${gt}`, `${where} is ${article(gt)}, expected ${article(wt)}`] : [`${p.part}.changed:${g}`, `${where} differs`];
      out.push({ key, text, line: `${c.path}: ${c.got} instead of ${c.want}` });
    }
  }
  for (const p of parts) {
    for (const o of p.order) {
      const line = `${o.path} order ${o.got.join(',')} instead of ${o.want.join(',')}`;
      if (o.path === p.part) {
        // The part's own members are the token's fixed vocabulary (alg, typ, iat...): the lists are the key.
        out.push({ key: `${p.part}.order:${o.got.join(',')}|${o.want.join(',')}`, text: line, line });
      } else {
        const g = genericPath(p.part, o.path);
        // Nested names vary with the case (which grants it has): what is systematic is that the
        // order differs, or that the members come sorted by name.
        if (isSorted(o.got) && !isSorted(o.want)) out.push({ key: `${p.part}.order:${g}:sorted`, text: `${p.part}.${g} members sorted by name`, line });
        else out.push({ key: `${p.part}.order:${g}`, text: `${p.part}.${g} member order differs`, line });
      }
    }
  }
  for (const p of parts) {
    for (const t of p.text) out.push({ key: `text:${t.kind}`, text: textKindLine(t.kind), line: `${t.path}: ${textKindLine(t.kind)} (${t.want} → ${t.got})` });
  }
  return out;
}

function jsonType(text: string): string {
  const c = text[0];
  if (c === '{') return 'object';
  if (c === '[') return 'array';
  if (c === '"') return 'string';
  if (c === 't' || c === 'f') return 'boolean';
  if (c === 'n') return 'null';
  return 'number';
}

const article = (t: string): string => (/^[aeiou]/.test(t) ? `an ${t}` : `a ${t}`);

function textKindLine(kind: string): string {
  const known = TEXT_KINDS[kind];
  if (known) return known;
  const m = /^number:(\w+)-as-(\w+)$/.exec(kind);
  if (m) {
    const [w, g] = [m[1] as keyof typeof SHAPE_EXAMPLE, m[2] as keyof typeof SHAPE_EXAMPLE];
    return `${w} numbers written as ${g} (e.g. ${SHAPE_EXAMPLE[w]} as ${SHAPE_EXAMPLE[g]})`;
  }
  if (kind === 'number:spelling') return 'numbers written another way with the same value (e.g. 1.50 and 1.5)';
  return `text differs (${kind})`;
}

/**
 * Short lines for a person, most important first: unreadable parts, missing, extra and changed
 * members, member order, spelling; the first differing character last, as a detail.
 */
export function describeDiff(d: TokenDiff): string[] {
  const lines = items(d).map((i) => i.line);
  for (const p of [d.header, d.payload]) if (p?.first) lines.push(`${p.part} first difference ${p.first}`);
  return lines;
}

/**
 * The differences of a diff as keys that leave the case's own values out, each once, with the
 * line a summary shows for it, so that the same difference can be counted across cases:
 * - `header.order:typ,alg,cty|alg,typ,cty` (got|want; the part's own members are fixed names);
 *   nested objects `payload.order:grants` or `payload.order:grants:sorted`;
 * - `payload.missing:iat`, `payload.extra:nbf`, `payload.changed:exp`, and
 *   `payload.changed:grants.identity:string>number` where the JSON type changed;
 * - `text:escaped-slash` and the other {@link TEXT_KINDS}, `text:number:integer-as-decimal`,
 *   whichever part and member they are in;
 * - `header.not-json:got` where a part could not be compared.
 * In paths, array indexes are `[]` and names deeper than four members below the part are `*`.
 */
export function differenceKeys(d: TokenDiff): Array<{ key: string; text: string }> {
  const seen = new Map<string, string>();
  // Cut like values: member names are the adapter's text, and a key must stay a short line.
  for (const i of items(d)) if (!seen.has(shown(i.key))) seen.set(shown(i.key), shown(i.text));
  return [...seen].map(([key, text]) => ({ key, text }));
}
