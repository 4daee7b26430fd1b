/**
 * The vectors are the product's data: they validate against their schema, pass the lint, match
 * the reference (no drift), and agree with the real libraries (cross-check).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { signatureVerifies } from '../../conformance/runner/answers.ts';
import { verifiesWithJose } from '../../conformance/runner/compare.ts';
import { JsonObject, type JsonValue } from '../../reference/json/value.ts';
import { vectorFiles } from '../../conformance/vectors/read.ts';
import { crosscheckProfile, formatCrosscheck } from '../../conformance/vectors/build/crosscheck.ts';
import { lint } from '../../conformance/vectors/build/lint.ts';
import { drift, recordedDrift } from '../../conformance/vectors/build/regen.ts';
import { loadVectors } from '../../conformance/vectors/read.ts';
import { ROOT } from '../helpers/shared.ts';

const DIR = join(ROOT, 'vectors');
const REQUIRED = process.env.REQUIRE_REAL_LIBRARIES === '1';

describe('vectors', () => {
  it('every producing file validates against vectors/schema/producing.json', () => {
    const ajv = new Ajv({ allErrors: true, strict: true, strictRequired: false });
    const validate = ajv.compile(JSON.parse(readFileSync(join(DIR, 'schema', 'producing.json'), 'utf8')));
    const files = vectorFiles(DIR).filter((f) => !f.endsWith('flags.json') && JSON.parse(readFileSync(f, 'utf8')).vectors);
    expect(files.length).toBeGreaterThan(5);
    for (const f of files) expect(validate(JSON.parse(readFileSync(f, 'utf8'))), `${f}: ${ajv.errorsText(validate.errors)}`).toBe(true);
  });

  it('pass the lint: unique ids and descriptions, short factual descriptions, every flag defined and used', () => {
    expect(lint()).toEqual([]);
  });

  it('match the reference: regenerating them changes nothing', () => {
    expect(drift()).toEqual([]);
  });

  it('recorded vectors are reproduced by the reference (a hand edit shows here)', async () => {
    expect(await recordedDrift()).toEqual([]);
  });

  const vectors = loadVectors(DIR);

  /** The case signs with an empty key (twilio-php accepts one). */
  const emptyKey = (input: JsonValue): boolean => input instanceof JsonObject && ['secret', 'key', 'authToken', 'secretKey'].some((k) => input.get(k) === '');

  // The runner takes a byte-identical token as the library's own and does not re-verify it: this
  // is where every expected token's signature is checked, once, with jose.
  it('every expected token verifies with jose under its case key, unless jose cannot read its header', async () => {
    const readable = (segment: string): boolean => {
      try {
        new TextDecoder('utf-8', { fatal: true }).decode(Buffer.from(segment, 'base64url'));
        return true;
      } catch {
        return false;
      }
    };
    const wrong: string[] = [];
    let verified = 0;
    let unreadable = 0;
    for (const v of vectors) {
      for (const [profile, e] of Object.entries(v.expect)) {
        if (e?.kind !== 'token') continue;
        // jose refuses a zero-length HMAC key: a library that signs with one is checked by hand.
        const verifies = (await verifiesWithJose(e.token, v.input)) ?? (emptyKey(v.input) ? signatureVerifies(e.token, [new Uint8Array(0)]) : undefined);
        // twilio-node writes the header as latin1, so a non-ASCII twr is not UTF-8: jose refuses it.
        const want = readable(e.token.split('.')[0]);
        if (verifies !== want) wrong.push(`${v.id} [${profile}]: jose says ${verifies}`);
        if (want) verified++;
        else unreadable++;
      }
    }
    expect(wrong).toEqual([]);
    expect(verified).toBeGreaterThan(1000);
    expect(unreadable).toBeGreaterThan(0);
  });
  // twilio-ruby and twilio-php are in no registry here: local checks, where TWILIO_RUBY_LIB / TWILIO_PHP_SRC are set.
  for (const profile of ['node', 'python', 'ruby', 'php'] as const) {
    it(`agree with the real library of the ${profile} profile (cross-check)`, async (ctx) => {
      const report = await crosscheckProfile(profile, vectors);
      console.log(formatCrosscheck([report]));
      if (report.unavailable) {
        if ((profile === 'node' || profile === 'python') && REQUIRED) throw new Error(report.unavailable);
        ctx.skip();
      }
      expect(report.disagreements).toEqual([]);
      expect(report.confirmed).toBeGreaterThan(100);
      // Each of some 800 expectations is one case through the real library: 150 s for twilio-node on a loaded 2-core machine.
    }, 300_000);
  }
});
