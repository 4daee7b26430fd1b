/**
 * twilio-ruby's conformance-side entry: the Ruby dialect of the inputs (positional arguments,
 * writers called after construction), the tables its properties check and the adapter that runs
 * under ruby with the twilio-ruby gem or a lib folder. twilio-ruby has no ValidationToken.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ruby as profile } from '../../reference/profiles/ruby/index.ts';
import { isInt, type Plain } from '../properties/spec.ts';
import { packageFile, passThrough } from './launch.ts';
import type { Library } from './library.ts';

/** Ruby truthiness: only nil and false are false. */
const truthy = (v: Plain | undefined): boolean => !(v === undefined || v === null || v === false);

const ADAPTER = 'conformance/adapters/twilio-ruby/adapter.rb';

/** A twilio-ruby `lib` folder given by flag or `TWILIO_RUBY_LIB`, or an installed gem. */
export function findTwilioRuby(lib?: string): { args: string[] } | { error: string } {
  const dir = lib ?? process.env.TWILIO_RUBY_LIB;
  const hint = 'Install the gem (`gem install twilio-ruby`) or export the lib folder of a twilio-ruby checkout ' + '(`git archive HEAD lib | tar -x -C DIR`) and pass --lib DIR/lib or set TWILIO_RUBY_LIB.';
  const ruby = spawnSync('ruby', ['-e', 'require "jwt"'], { stdio: 'ignore', timeout: 20_000 });
  if (ruby.status !== 0) return { error: `ruby with the jwt gem is not available. ${hint}` };
  if (dir) {
    if (!existsSync(join(dir, 'twilio-ruby.rb'))) return { error: `${dir} is not a twilio-ruby lib folder. ${hint}` };
    return { args: ['--lib', dir] };
  }
  const gem = spawnSync('ruby', ['-e', 'require "twilio-ruby"'], { stdio: 'ignore', timeout: 20_000 });
  return gem.status === 0 ? { args: [] } : { error: `twilio-ruby is not installed. ${hint}` };
}

const clock = 'seconds';

export const ruby: Library = {
  profile,
  clock,
  dialect: {
    accessToken: { clock, algorithmChoice: false, foreignGrantOptions: false, rawGrants: false, validUntil: true, toJwtTtl: false },
    clientCapability: {
      clock,
      selfParamKey: false,
      nonObjectParams: true,
      outgoingClientName: true,
      baseJwtFields: true,
      repeatedToJwt: false,
      constructorScopes: false,
      optionsObjectQuirks: false,
      scopeListQuirks: true,
    },
    taskrouterCapability: { clock, style: 'positional', optionsObjectQuirks: false },
  },
  quirkKeys: ['setAfter', 'extraToJwtCalls', 'grantsVia', 'constructorGrants', 'scopesVia', 'via'],
  properties: {
    // research/ruby-spec.md §1-§2: ruby-jwt's header order, nbf always written.
    accessToken: {
      headerOrder: () => ['cty', 'twr', 'typ', 'alg'],
      payloadOrder: ({ sub }) => ['jti', 'grants', 'iss', 'nbf', 'exp', ...(sub ? ['sub'] : [])],
      expOffset: (ttl) => (ttl === undefined ? 3600 : isInt(ttl) ? ttl : undefined),
      nbf: (nbf) => (truthy(nbf) ? { value: nbf! } : 'now'),
      identity: (id) => (truthy(id) ? { value: id! } : 'absent'),
      truthy,
      playback: (g) => (g === undefined ? null : g),
      hasIat: false,
      headerIsUtf8: () => true,
    },
    // Ruby encodes appParams once and joins event filters with a literal `&`: its scopes are
    // ambiguous by design (research/ruby-spec.md §3), so they cannot round-trip.
    clientCapability: { integerKeysFirst: false },
    // research/ruby-spec.md §4: Policy keeps method and allow verbatim.
    taskrouterCapability: { policyKeys: ['url', 'method', 'query_filter', 'post_filter', 'allow'], denyStoredAsAllow: false },
  },
  adapter: {
    name: 'twilio-ruby',
    runOptions: { 'ruby-lib': 'DIR' },
    serveOptions: { lib: 'DIR' },
    launch(opts) {
      const rb = findTwilioRuby(opts['ruby-lib']);
      return 'args' in rb ? { command: ['ruby', packageFile(ADAPTER), ...rb.args] } : { unavailable: rb.error };
    },
    async serve(opts) {
      const rb = findTwilioRuby(opts.lib);
      if ('error' in rb) {
        process.stderr.write(`${rb.error}\n`);
        return 3;
      }
      return passThrough(['ruby', packageFile(ADAPTER), ...rb.args]);
    },
  },
  vectorSeeds: { access_token: 303, client_capability: 13, taskrouter_capability: 23 },
  providerRecordings: {
    file: 'ruby-transcripts.json',
    // The json gem's and Ruby's own wordings change across versions (Ruby 3.4: "undefined method '[]' for nil").
    volatileError: (type) => (type === 'JSON::ParserError' || type === 'Twilio::REST::TwilioError' || type === 'NoMethodError' ? { messageVolatile: true } : undefined),
  },
  // The reference's ClientCapability is timed in its profile too; twilio-ruby is not timed here.
  bench: async () => ({ referenceRows: { client_capability: 'ClientCapability' } }),
};
