/**
 * The structural diff (conformance/reporters/diff.ts) on real texts: the vectors' recorded tokens
 * of one input across libraries, the shared oracle's twilio-php and twilio-go outputs, and
 * hand-made variants of a node token for each kind of spelling difference.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeDiff, differenceKeys, structuralDiff, type PartDiff, type TokenDiff } from '../../conformance/reporters/diff.ts';
import { HAS_SHARED, ROOT, SHARED } from '../helpers/shared.ts';

interface Recorded {
  headerJson: string;
  payloadJson: string;
}

/** A vector's recorded header and payload texts per library. */
function vector(file: string, id: string): Record<string, Recorded> {
  const doc = JSON.parse(readFileSync(join(ROOT, 'vectors/access_token', file), 'utf8')) as { vectors: Array<{ id: string; expect: Record<string, Recorded> }> };
  const v = doc.vectors.find((x) => x.id === id);
  if (!v) throw new Error(`no vector ${id}`);
  return v.expect;
}

const texts = (r: Recorded) => ({ header: r.headerJson, payload: r.payloadJson });
const keys = (d: TokenDiff | undefined) => differenceKeys(d!).map((k) => k.key);

// twilio-node's token for access_token/node/identity-only, as recorded.
const node = texts(vector('oracle-node.json', 'access_token/node/identity-only').node);

/** A part's diff with its arrays, and only the members a test names. */
const part = (p: Partial<PartDiff>) => ({ order: [], missing: [], extra: [], changed: [], text: [], ...p });

describe('structuralDiff on one input across the libraries (vectors)', () => {
  const astral = vector('edge.json', 'access_token/edge/identity-astral');

  it('node against python: header order, iat and nbf, claim order, and ensure_ascii escapes', () => {
    const d = structuralDiff(texts(astral.node), texts(astral.python))!;
    expect(d.header).toMatchObject(part({ part: 'header', parsed: true, order: [{ path: 'header', want: ['alg', 'typ', 'cty'], got: ['alg', 'cty', 'typ'] }] }));
    expect(d.payload).toMatchObject(
      part({
        part: 'payload',
        parsed: true,
        order: [{ path: 'payload', want: ['jti', 'grants', 'exp', 'iss', 'sub'], got: ['jti', 'grants', 'iss', 'exp', 'sub'] }],
        missing: ['payload.iat'],
        extra: ['payload.nbf'],
        text: [
          { path: 'payload.grants.identity', kind: 'escaped-non-ascii', want: '"José 🎉"', got: '"Jos\\u00e9 \\ud83c\\udf89"' },
          { path: 'payload.grants.identity', kind: 'escaped-astral', want: '"José 🎉"', got: '"Jos\\u00e9 \\ud83c\\udf89"' },
        ],
      }),
    );
    expect(keys(d)).toEqual(['payload.missing:iat', 'payload.extra:nbf', 'header.order:alg,cty,typ|alg,typ,cty', 'payload.order:jti,grants,iss,exp,sub|jti,grants,exp,iss,sub', 'text:escaped-non-ascii', 'text:escaped-astral']);
  });

  it('python against node: the escapes the other way round', () => {
    const d = structuralDiff(texts(astral.python), texts(astral.node))!;
    expect(d.payload!.text.map((t) => t.kind)).toEqual(['raw-non-ascii', 'raw-astral']);
    expect(d.payload!.missing).toEqual(['payload.nbf']);
    expect(d.payload!.extra).toEqual(['payload.iat']);
  });

  it('node against ruby: ruby adds twr (null) to the header', () => {
    const d = structuralDiff(texts(astral.node), texts(astral.ruby))!;
    expect(d.header!.extra).toEqual(['header.twr']);
    expect(d.header!.order).toEqual([{ path: 'header', want: ['alg', 'typ', 'cty'], got: ['cty', 'typ', 'alg'] }]);
    // Ruby writes the same raw UTF-8 as node: no spelling difference.
    expect(d.payload!.text).toEqual([]);
  });

  it('access_token/generated/python-56d7f2fb0b0c: a changed exp, grants order, and a params name python writes with \\u0080', () => {
    const v = vector('generated.json', 'access_token/generated/python-56d7f2fb0b0c');
    const d = structuralDiff(texts(v.node), texts(v.python))!;
    expect(d.payload!.changed).toEqual([{ path: 'payload.exp', want: '1700003600', got: '1700000000' }]);
    expect(d.payload!.order.map((o) => o.path)).toEqual(['payload', 'payload.grants']);
    // The member name is the same string (U+0080), written raw by node and escaped by python.
    expect(d.payload!.text).toEqual([{ path: 'payload.grants.voice.outgoing.params[":k3\u0080"]', kind: 'escaped-non-ascii', want: '":k3\u0080"', got: '":k3\\u0080"' }]);
    expect(differenceKeys(d)).toEqual([
      { key: 'payload.missing:iat', text: 'payload lacks iat' },
      { key: 'payload.extra:nbf', text: 'payload has nbf, not expected' },
      { key: 'payload.changed:exp', text: 'payload.exp differs' },
      { key: 'header.order:alg,cty,typ|alg,typ,cty', text: 'header order alg,cty,typ instead of alg,typ,cty' },
      { key: 'payload.order:jti,grants,iss,exp,sub|jti,grants,exp,iss,sub', text: 'payload order jti,grants,iss,exp,sub instead of jti,grants,exp,iss,sub' },
      // Which grants a case has is its own data: the key says only that their order differs.
      { key: 'payload.order:grants', text: 'payload.grants member order differs' },
      { key: 'text:escaped-non-ascii', text: 'non-ASCII characters written as `\\uXXXX` escapes instead of raw UTF-8' },
    ]);
  });
});

describe.skipIf(!HAS_SHARED)('structuralDiff on the shared oracle (twilio-php, twilio-go)', () => {
  const oracle = (lib: string) => new Map((JSON.parse(readFileSync(join(SHARED, 'oracle', lib, 'access_token.json'), 'utf8')) as { cases: Array<{ id: string; output: Recorded }> }).cases.map((c) => [c.id, c.output]));
  const id = 'access_token/all-grants';

  it('twilio-php: header typ,alg,cty, no iat, `/` written as `\\/`', () => {
    const [n, php] = [oracle('node').get(id)!, oracle('php').get(id)!];
    const d = structuralDiff(texts(n), texts(php))!;
    expect(d.payload!.missing).toEqual(['payload.iat']);
    expect(d.payload!.extra).toEqual([]);
    expect(d.payload!.changed).toEqual([]);
    expect(d.payload!.text).toEqual([
      {
        path: 'payload.grants.player.playbackUrl',
        kind: 'escaped-slash',
        want: '"https://000.us-east-1.playback.live-video.net/api/video/v1/us-east-000.channel.000?token=xxxxx"',
        got: '"https:\\/\\/000.us-east-1.playback.live-video.net\\/api\\/video\\/v1\\/us-east-000.channel.000?token=xxxxx"',
      },
    ]);
    expect(differenceKeys(d)).toEqual([
      { key: 'payload.missing:iat', text: 'payload lacks iat' },
      { key: 'header.order:typ,alg,cty|alg,typ,cty', text: 'header order typ,alg,cty instead of alg,typ,cty' },
      { key: 'payload.order:jti,iss,sub,exp,grants|jti,grants,exp,iss,sub', text: 'payload order jti,iss,sub,exp,grants instead of jti,grants,exp,iss,sub' },
      { key: 'text:escaped-slash', text: '`/` written as `\\/`' },
    ]);
  });

  it('twilio-go: every object sorted by name', () => {
    const [n, go] = [oracle('node').get(id)!, oracle('go').get(id)!];
    const d = structuralDiff(texts(n), texts(go))!;
    expect(d.header!.order).toEqual([{ path: 'header', want: ['alg', 'typ', 'cty'], got: ['alg', 'cty', 'typ'] }]);
    expect(d.payload!.missing).toEqual(['payload.iat']);
    expect(d.payload!.extra).toEqual(['payload.nbf']);
    const nested = d.payload!.order.filter((o) => o.path !== 'payload');
    expect(nested.length).toBeGreaterThan(0);
    for (const o of nested) expect(o.got).toEqual([...o.got].sort());
    // Nested orders are counted by path, with "sorted" as the systematic part.
    expect(keys(d)).toContain('payload.order:grants.voice:sorted');
  });
});

describe('structuralDiff: spelling of equal values (hand-made variants of a node token)', () => {
  const payload = (edit: (p: string) => string) => structuralDiff(node, { ...node, payload: edit(node.payload) })?.payload;

  it('`\\/` is reported even where members also differ (no iat)', () => {
    const want = { header: node.header, payload: node.payload.replace('"alice"', '"a/b"') };
    const got = { header: node.header, payload: want.payload.replace('"a/b"', '"a\\/b"').replace(/"iat":\d+,/, '') };
    const d = structuralDiff(want, got)!;
    expect(d.header).toBeUndefined();
    expect(d.payload).toMatchObject(part({ missing: ['payload.iat'], text: [{ path: 'payload.grants.identity', kind: 'escaped-slash', want: '"a/b"', got: '"a\\/b"' }] }));
    expect(keys(d)).toEqual(['payload.missing:iat', 'text:escaped-slash']);
  });

  it('\\u escapes: non-ASCII, hex case, astral pairs, ASCII written as \\u', () => {
    const with_ = (s: string) => ({ header: node.header, payload: node.payload.replace('"alice"', s) });
    const kinds = (a: string, b: string) => structuralDiff(with_(a), with_(b))!.payload!.text.map((t) => t.kind);
    expect(kinds('"é"', '"\\u00e9"')).toEqual(['escaped-non-ascii']);
    expect(kinds('"\\u00e9"', '"é"')).toEqual(['raw-non-ascii']);
    expect(kinds('"\\u00e9"', '"\\u00E9"')).toEqual(['hex-upper']);
    expect(kinds('"\\u00E9"', '"\\u00e9"')).toEqual(['hex-lower']);
    expect(kinds('"🎉"', '"\\ud83c\\udf89"')).toEqual(['escaped-astral']);
    expect(kinds('"\\ud83c\\udf89"', '"🎉"')).toEqual(['raw-astral']);
    expect(kinds('"a\\nb"', '"a\\u000ab"')).toEqual(['escape-form']);
    expect(kinds('"A"', '"\\u0041"')).toEqual(['escape-form']);
    expect(kinds('"a/é"', '"a\\/\\u00e9"')).toEqual(['escaped-slash', 'escaped-non-ascii']);
  });

  it('number text: 1 and 1.0, 1e21 and 1.0e+21 are spelling; big integers that a double confuses are values', () => {
    const exp = (s: string) => ({ header: node.header, payload: node.payload.replace('"exp":1700003600', `"exp":${s}`) });
    const t = (a: string, b: string) => structuralDiff(exp(a), exp(b))!.payload!;
    expect(t('1700003600', '1700003600.0').text).toEqual([{ path: 'payload.exp', kind: 'number:integer-as-decimal', want: '1700003600', got: '1700003600.0' }]);
    expect(t('1e21', '1.0e+21').text.map((x) => x.kind)).toEqual(['number:spelling']);
    expect(t('1000000000000000000000', '1e21').text.map((x) => x.kind)).toEqual(['number:integer-as-exponent']);
    expect(t('0.5', '5e-1').text.map((x) => x.kind)).toEqual(['number:decimal-as-exponent']);
    const big = t('12345678901234567890', '12345678901234567891');
    expect(big.text).toEqual([]);
    expect(big.changed).toEqual([{ path: 'payload.exp', want: '12345678901234567890', got: '12345678901234567891' }]);
    expect(t('1.5', '1.50').text.map((x) => x.kind)).toEqual(['number:spelling']);
    expect(t('100', '1e2').text.map((x) => x.kind)).toEqual(['number:integer-as-exponent']);
    expect(t('100', '10').changed).toHaveLength(1);
    expect(differenceKeys(structuralDiff(exp('1'), exp('1.0'))!)).toEqual([{ key: 'text:number:integer-as-decimal', text: 'integer numbers written as decimal (e.g. 1 as 1.0)' }]);
  });

  it('whitespace (as json.dumps writes it without separators), at the object that holds it', () => {
    const p = payload((s) => s.replace(/,"/g, ', "').replace(/":/g, '": '))!;
    expect(p.text).toEqual([
      { path: 'payload.grants', kind: 'whitespace', want: 'none', got: 'after-colon " "' },
      { path: 'payload', kind: 'whitespace', want: 'none', got: 'after-colon " "; after-comma " "' },
    ]);
    // Leading or trailing whitespace of the whole text.
    expect(payload((s) => `${s}\n`)!.text).toEqual([{ path: 'payload', kind: 'whitespace', want: 'none', got: 'after-text "\\n"' }]);
    // A member less is not a whitespace difference.
    expect(payload((s) => s.replace(/"iat":\d+,/, ''))!.text).toEqual([]);
  });

  it('duplicate members and escaped member names', () => {
    const dup = payload((s) => s.replace(/}$/, ',"sub":"ACaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"}'))!;
    expect(dup.text.map((t) => [t.path, t.kind])).toEqual([['payload.sub', 'duplicate-key']]);
    expect(dup.order).toEqual([]);
    const reversed = structuralDiff({ ...node, payload: node.payload.replace(/}$/, ',"sub":"ACaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"}') }, node)!;
    expect(reversed.payload!.text.map((t) => t.kind)).toEqual(['duplicate-key-merged']);
    // The last duplicate is the value: a different last value is a change.
    expect(payload((s) => s.replace(/}$/, ',"sub":"x"}'))!.changed).toEqual([{ path: 'payload.sub', want: '"ACaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"', got: '"x"' }]);
    const key = payload((s) => s.replace('"iat"', '"\\u0069at"'))!;
    expect(key.text).toEqual([{ path: 'payload.iat', kind: 'escape-form', want: '"iat"', got: '"\\u0069at"' }]);
    expect(key.missing).toEqual([]);
  });

  it('types and arrays', () => {
    const id = (s: string) => ({ header: node.header, payload: node.payload.replace('"alice"', s) });
    const d = structuralDiff(id('"42"'), id('42'))!;
    expect(d.payload!.changed).toEqual([{ path: 'payload.grants.identity', want: '"42"', got: '42' }]);
    expect(differenceKeys(d)).toEqual([{ key: 'payload.changed:grants.identity:string>number', text: 'payload.grants.identity is a number, expected a string' }]);
    expect(structuralDiff(id('[1,{"a":"x/y"}]'), id('[1,{"a":"x\\/y"}]'))!.payload!.text[0].path).toBe('payload.grants.identity[1].a');
    expect(structuralDiff(id('[1,2]'), id('[1,2,3]'))!.payload!.changed).toEqual([{ path: 'payload.grants.identity', want: '[1,2]', got: '[1,2,3]' }]);
    expect(structuralDiff(id('true'), id('null'))!.payload!.changed).toEqual([{ path: 'payload.grants.identity', want: 'true', got: 'null' }]);
    // Array indexes leave the key.
    expect(keys(structuralDiff(id('[{"a":1}]'), id('[{"a":2}]')))).toEqual(['payload.changed:grants.identity[].a']);
    // So do member names deeper than four below the part (a voice grant's params are the case's own).
    const params = (s: string) => ({ payload: `{"grants":{"voice":{"outgoing":{"params":${s}}}}}` });
    const deep = structuralDiff(params('{"foo":"1","bar":2}'), params('{"foo":1}'))!;
    expect(deep.payload!.missing).toEqual(['payload.grants.voice.outgoing.params.bar']);
    expect(keys(deep)).toEqual(['payload.missing:grants.voice.outgoing.params.*', 'payload.changed:grants.voice.outgoing.params.*:string>number']);
    expect(keys(structuralDiff(params('{"a b":1}'), params('{}')))).toEqual(['payload.missing:grants.voice.outgoing.params[*]']);
  });

  it('long values are cut in the diff', () => {
    const long = 'x'.repeat(500);
    const id = (s: string) => ({ header: node.header, payload: node.payload.replace('"alice"', s) });
    const [c] = structuralDiff(id(`"${long}"`), id(`"${long}y"`))!.payload!.changed;
    expect(c.want).toHaveLength(201);
    expect(c.want.endsWith('…')).toBe(true);
  });
});

describe('structuralDiff: nothing to compare, and what is not JSON', () => {
  it('undefined when equal, when a side is absent, or when a part is absent on one side', () => {
    expect(structuralDiff(node, { ...node })).toBeUndefined();
    expect(structuralDiff(node, {})).toBeUndefined();
    expect(structuralDiff({}, node)).toBeUndefined();
    const d = structuralDiff(node, { payload: node.payload.replace('alice', 'bob') })!;
    expect(d.header).toBeUndefined();
    expect(d.payload!.changed).toHaveLength(1);
  });

  it('a part that is not JSON keeps the first difference and says which side', () => {
    const d = structuralDiff(node, { ...node, payload: node.payload.slice(0, -1) })!;
    expect(d.payload).toMatchObject({ parsed: false, notJson: 'got', order: [], missing: [], changed: [] });
    expect(d.payload!.first).toMatch(new RegExp(`^at ${node.payload.length - 1}: `));
    expect(differenceKeys(d)).toEqual([{ key: 'payload.not-json:got', text: 'payload is not JSON' }]);
    expect(structuralDiff({ payload: 'x' }, { payload: 'y' })!.payload!.notJson).toBe('both');
  });

  it("node's latin1 header with a raw NUL is still compared, member by member", () => {
    const want = '{"alg":"HS256","typ":"JWT","cty":"twilio-fpa;v=1","twr":"\u0000ÿ"}';
    const got = '{"typ":"JWT","alg":"HS256","cty":"twilio-fpa;v=1","twr":"\u0000ÿ"}';
    const d = structuralDiff({ header: want }, { header: got })!;
    expect(d.header).toMatchObject({ parsed: true, controls: 'both', order: [{ path: 'header', want: ['alg', 'typ', 'cty', 'twr'], got: ['typ', 'alg', 'cty', 'twr'] }], text: [] });
    expect(keys(d)).toEqual(['header.order:typ,alg,cty,twr|alg,typ,cty,twr']);
    // Raw on one side only: the escape and the raw control character both show.
    const escaped = structuralDiff({ header: want }, { header: want.replace('\u0000', '\\u0000') })!;
    expect(escaped.header).toMatchObject({ controls: 'want', text: [{ path: 'header.twr', kind: 'escape-form' }] });
    expect(keys(escaped)).toEqual(['header.raw-controls:want', 'text:escape-form']);
  });
});

describe('describeDiff', () => {
  it('lines most important first, the first differing character last', () => {
    const want = { header: node.header, payload: node.payload.replace('"alice"', '"a/b"') };
    const got = {
      header: '{"typ":"JWT","alg":"HS256","cty":"twilio-fpa;v=1"}',
      payload: want.payload
        .replace('"a/b"', '"a\\/b"')
        .replace(/"iat":\d+,/, '')
        .replace(/}$/, ',"nbf":1700000000}')
        .replace('"exp":1700003600', '"exp":1700007200'),
    };
    expect(describeDiff(structuralDiff(want, got)!)).toEqual([
      'payload lacks iat',
      'payload has nbf, not expected',
      'payload.exp: 1700007200 instead of 1700003600',
      'header order typ,alg,cty instead of alg,typ,cty',
      'payload.grants.identity: `/` written as `\\/` ("a/b" → "a\\/b")',
      expect.stringMatching(/^header first difference at 2: want …/),
      expect.stringMatching(new RegExp(`^payload first difference at ${want.payload.indexOf('a/b') + 1}: want …`)),
    ]);
  });
});
