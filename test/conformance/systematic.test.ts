/**
 * Systematic differences (conformance/reporters/systematic.ts): per adapter and family, each
 * difference with how many failing cases show it, most frequent first; on hand-made cases and on
 * the shared oracle's twilio-php against twilio-node.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { structuralDiff } from '../../conformance/reporters/diff.ts';
import { systematicDifferences, type SystematicCase } from '../../conformance/reporters/systematic.ts';
import { HAS_SHARED, SHARED } from '../helpers/shared.ts';

const HEADER = '{"alg":"HS256","typ":"JWT","cty":"twilio-fpa;v=1"}';
const PHP_HEADER = '{"typ":"JWT","alg":"HS256","cty":"twilio-fpa;v=1"}';
const payload = (identity: string, more = '') => `{"jti":"SK-1","grants":{"identity":${JSON.stringify(identity)}},"iat":1,"exp":2${more}}`;

/** A failing case: node's texts against a php-like variant (typ first, no iat, `/` as `\/`). */
function phpLike(adapter: string, identity: string, family = 'access_token'): SystematicCase {
  const want = { header: HEADER, payload: payload(identity) };
  const got = { header: PHP_HEADER, payload: payload(identity).replace(',"iat":1', '').replaceAll('/', '\\/') };
  return { adapter, family, status: 'fail', level: 'differs', diff: structuralDiff(want, got) };
}

const pick = (rows: ReturnType<typeof systematicDifferences>) => rows.map((r) => [r.adapter, r.family, r.key, r.count, r.of]);

describe('systematicDifferences', () => {
  it('counts each difference over the failing cases, most frequent first, ties by key', () => {
    const cases = [phpLike('php', 'a/b'), phpLike('php', 'alice'), phpLike('php', 'x/y/z'), phpLike('php', 'bob')];
    expect(systematicDifferences(cases)).toEqual([
      { adapter: 'php', family: 'access_token', key: 'header.order:typ,alg,cty|alg,typ,cty', text: 'header order typ,alg,cty instead of alg,typ,cty', count: 4, of: 4 },
      { adapter: 'php', family: 'access_token', key: 'payload.missing:iat', text: 'payload lacks iat', count: 4, of: 4 },
      // x/y/z has two slashes and counts once.
      { adapter: 'php', family: 'access_token', key: 'text:escaped-slash', text: '`/` written as `\\/`', count: 2, of: 4 },
    ]);
  });

  it('passes, skips, errors and unjudged cases count nowhere', () => {
    const other = (status: string): SystematicCase => ({ ...phpLike('php', 'a/b'), status });
    const rows = systematicDifferences([phpLike('php', 'alice'), other('pass'), other('skip'), other('error'), other('unjudged')]);
    expect(pick(rows)).toEqual([
      ['php', 'access_token', 'header.order:typ,alg,cty|alg,typ,cty', 1, 1],
      ['php', 'access_token', 'payload.missing:iat', 1, 1],
    ]);
    expect(systematicDifferences([other('pass'), other('error')])).toEqual([]);
  });

  it('a failure without a token difference counts in `of` under what kind of failure it is', () => {
    const rows = systematicDifferences([
      phpLike('php', 'alice'),
      { adapter: 'php', family: 'access_token', status: 'fail', level: 'rejected' },
      { adapter: 'php', family: 'access_token', status: 'fail', level: 'rejected' },
      { adapter: 'php', family: 'access_token', status: 'fail', level: 'layout' },
      { adapter: 'php', family: 'access_token', status: 'fail' },
    ]);
    expect(rows.map((r) => [r.key, r.text, r.count, r.of])).toEqual([
      ['failure:rejected', 'rejected where a token was expected', 2, 5],
      ['failure:layout', 'header and payload identical, signature differs', 1, 5],
      ['failure:other', 'fails', 1, 5],
      ['header.order:typ,alg,cty|alg,typ,cty', 'header order typ,alg,cty instead of alg,typ,cty', 1, 5],
      ['payload.missing:iat', 'payload lacks iat', 1, 5],
    ]);
    // Every failing case is counted under at least one key.
    expect(new Set(rows.map((r) => r.of))).toEqual(new Set([5]));
  });

  it('groups by adapter then family, in order of first appearance, even when interleaved', () => {
    const rows = systematicDifferences([phpLike('b', 'alice', 'access_token'), phpLike('a', 'alice', 'access_token'), phpLike('b', 'alice', 'client_capability'), phpLike('b', 'a/b', 'access_token')]);
    expect([...new Set(rows.map((r) => `${r.adapter}/${r.family}`))]).toEqual(['b/access_token', 'b/client_capability', 'a/access_token']);
    expect(rows.filter((r) => r.adapter === 'b' && r.family === 'access_token').map((r) => [r.key, r.count, r.of])).toEqual([
      ['header.order:typ,alg,cty|alg,typ,cty', 2, 2],
      ['payload.missing:iat', 2, 2],
      ['text:escaped-slash', 1, 2],
    ]);
  });

  it('a header order that only adds a member in place (twr) counts with the order without it', () => {
    const withTwr = (h: string) => h.replace(/}$/, ',"twr":"us1"}');
    const twr: SystematicCase = { adapter: 'x', family: 'access_token', status: 'fail', diff: structuralDiff({ header: withTwr(HEADER) }, { header: withTwr(PHP_HEADER) }) };
    const plain: SystematicCase = { adapter: 'x', family: 'access_token', status: 'fail', diff: structuralDiff({ header: HEADER }, { header: PHP_HEADER }) };
    expect(pick(systematicDifferences([plain, twr, plain]))).toEqual([['x', 'access_token', 'header.order:typ,alg,cty|alg,typ,cty', 3, 3]]);
    // With no case without twr there is nothing to merge into: the key keeps twr.
    expect(pick(systematicDifferences([twr]))).toEqual([['x', 'access_token', 'header.order:typ,alg,cty,twr|alg,typ,cty,twr', 1, 1]]);
    // twr moved as well: another difference, not merged.
    const moved: SystematicCase = {
      adapter: 'x',
      family: 'access_token',
      status: 'fail',
      diff: structuralDiff({ header: withTwr(HEADER) }, { header: '{"typ":"JWT","twr":"us1","alg":"HS256","cty":"twilio-fpa;v=1"}' }),
    };
    expect(pick(systematicDifferences([plain, moved]))).toEqual([
      ['x', 'access_token', 'header.order:typ,alg,cty|alg,typ,cty', 1, 2],
      ['x', 'access_token', 'header.order:typ,twr,alg,cty|alg,typ,cty,twr', 1, 2],
    ]);
  });
});

describe.skipIf(!HAS_SHARED)('systematicDifferences of twilio-php against twilio-node (shared oracle)', () => {
  it('names header order, no iat and `\\/` with their counts', () => {
    type Out = { headerJson?: string; payloadJson?: string };
    const oracle = (lib: string) => new Map((JSON.parse(readFileSync(join(SHARED, 'oracle', lib, 'access_token.json'), 'utf8')) as { cases: Array<{ id: string; output: Out }> }).cases.map((c) => [c.id, c.output]));
    const [node, php] = [oracle('node'), oracle('php')];
    const ids = [...node.keys()].filter((id) => node.get(id)!.payloadJson && php.get(id)?.payloadJson);
    const cases = ids.map((id): SystematicCase => {
      const [n, p] = [node.get(id)!, php.get(id)!];
      return { adapter: 'twilio-php', family: 'access_token', status: 'fail', diff: structuralDiff({ header: n.headerJson, payload: n.payloadJson }, { header: p.headerJson, payload: p.payloadJson }) };
    });
    const rows = systematicDifferences(cases);
    const count = (key: string) => rows.find((r) => r.key === key)?.count;
    // Counted independently of the diff, from the texts.
    const slashed = ids.filter((id) => php.get(id)!.payloadJson!.includes('\\/')).length;
    const withIat = ids.filter((id) => 'iat' in JSON.parse(node.get(id)!.payloadJson!) && !('iat' in JSON.parse(php.get(id)!.payloadJson!))).length;
    expect(ids.length).toBeGreaterThan(10);
    expect(slashed).toBeGreaterThan(0);
    expect(rows.every((r) => r.of === ids.length)).toBe(true);
    expect(count('header.order:typ,alg,cty|alg,typ,cty')).toBe(ids.length);
    expect(count('payload.missing:iat')).toBe(withIat);
    expect(withIat).toBe(ids.length);
    expect(count('text:escaped-slash')).toBe(slashed);
    // The two that every case shows come first.
    expect(
      rows
        .slice(0, 2)
        .map((r) => r.key)
        .sort(),
    ).toEqual(['header.order:typ,alg,cty|alg,typ,cty', 'payload.missing:iat']);
  });
});
