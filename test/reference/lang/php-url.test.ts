/**
 * PHP's URL encoders as modelled (reference/lang/php/url.ts) against the installed php:
 * `urlencode` and `rawurlencode` of every byte and of generated strings (lone surrogates as the
 * invalid bytes PHP would hold), and `http_build_query` of generated nested arrays and objects
 * with the arguments twilio-php passes and others. Skipped where php is absent, unless
 * REQUIRE_REAL_LIBRARIES=1.
 */
import { describe, expect, it } from 'vitest';
import type { HostValue } from '../../../reference/lang/host.ts';
import { phpHttpBuildQuery, phpRawurlencode, phpUrlencode, type PhpArray } from '../../../reference/lang/php.ts';
import { phpString, phpValue } from './php-arbitraries.ts';
import { askPhp, HAS_PHP, sample, hex, mismatches, tag } from './php-oracle.ts';

describe.skipIf(!HAS_PHP)('urlencode and rawurlencode vs php', () => {
  it('encode every byte, and 3000 generated strings, as PHP does', () => {
    // Latin-1 characters are two UTF-8 bytes each; lone surrogates are three invalid ones.
    const strings = [...Array.from({ length: 256 }, (_, c) => String.fromCharCode(c)), '\ud800', '\udfff', 'a b~c', '\u{1F389}', ...sample(phpString, 3000, 3101)];
    const php = askPhp(strings.map((s) => ({ op: 'url', hex: hex(s) })));
    expect(
      mismatches(
        strings,
        strings.map((s) => ['ok', phpUrlencode(s), phpRawurlencode(s)]),
        php,
      ),
    ).toEqual([]);
  });
});

describe.skipIf(!HAS_PHP)('http_build_query vs php', () => {
  const arrays = sample(
    phpValue.filter((v): v is PhpArray => v !== null && typeof v === 'object'),
    3000,
    3102,
  );

  it("http_build_query($a, '', '&') of 3000 nested arrays and objects, as ClientToken calls it", () => {
    const php = askPhp(arrays.map((v) => ({ op: 'hbq', v: tag(v) })));
    expect(
      mismatches(
        arrays,
        arrays.map((v) => ['ok', hex(phpHttpBuildQuery(v))]),
        php,
      ),
    ).toEqual([]);
  });

  it('with a numeric prefix, another separator, RFC 3986 encoding and floats under precision 14', () => {
    const php = askPhp(arrays.map((v) => ({ op: 'hbq', v: tag(v), prefix: 'n_', sep: ';', raw: true })));
    const ours = arrays.map((v) => ['ok', hex(phpHttpBuildQuery(v, { numericPrefix: 'n_', argSeparator: ';', encoding: 'RFC3986' }))]);
    expect(mismatches(arrays, ours, php)).toEqual([]);
  });

  it('as twilio-php scopes use it: the parameters built once, then the scope query built over them again', () => {
    const params = sample(
      phpValue.filter((v): v is PhpArray => v !== null && typeof v === 'object'),
      500,
      3103,
    );
    const scopes: HostValue[] = params.map(
      (p) =>
        new Map<string, HostValue>([
          ['appSid', 'AP123'],
          ['appParams', phpHttpBuildQuery(p)],
          ['clientName', 'alice~bob'],
        ]),
    );
    const php = askPhp(scopes.map((v) => ({ op: 'hbq', v: tag(v) })));
    expect(
      mismatches(
        scopes,
        scopes.map((v) => ['ok', hex(phpHttpBuildQuery(v as PhpArray))]),
        php,
      ),
    ).toEqual([]);
  });
});
