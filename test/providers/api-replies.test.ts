/**
 * A resource fetch answered 2xx with a body that is not a usable record. The expected outcomes
 * below were recorded from the real libraries (twilio-node 6.2.0 in Node 20, twilio-python
 * 9.11.0, twilio-ruby 7.11.1 with json 2.6 on Ruby 3.1) through the local server; each profile's
 * rules must give them. Strict mode refuses every such body with a typed error. The vector file
 * built from these scenarios must be what the reference gives (it is confirmed live by
 * vectors:crosscheck and the real-library tests).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { startOAuthServer } from '../../conformance/oauth/server.ts';
import { LibraryError } from '../../reference/lang/lang.ts';
import { PROFILES } from '../../reference/profiles/index.ts';
import { familyRules } from '../../reference/profiles/lacks.ts';
import { ApiClient } from '../../reference/providers/api-client.ts';
import { ApiResponseMalformedError, CredentialError } from '../../reference/providers/errors.ts';
import type { HttpReply } from '../../reference/providers/http.ts';
import { NoAuthCredentialProvider } from '../../reference/providers/providers.ts';
import type { ApiResource } from '../../reference/providers/rules.ts';
import { strictApiRules } from '../../reference/providers/strict.ts';
import { API_REPLIES_FILE, buildApiReplies } from '../../scripts/vectors/provider-replies.ts';

type Outcome = 'ok' | [type: string, message: string];

/** Body → what each real library's fetch did (recorded live). */
const RECORDED: Array<{ body: string; contentType?: string; resource?: ApiResource; node: Outcome; python: Outcome; ruby: Outcome }> = [
  { body: '', node: ['SyntaxError', 'Unexpected end of JSON input'], python: ['json.decoder.JSONDecodeError', 'Expecting value: line 1 column 1 (char 0)'], ruby: 'ok' },
  { body: '', contentType: 'text/plain', node: ['SyntaxError', 'Unexpected end of JSON input'], python: ['json.decoder.JSONDecodeError', 'Expecting value: line 1 column 1 (char 0)'], ruby: 'ok' },
  { body: ' ', node: ['SyntaxError', 'Unexpected end of JSON input'], python: ['json.decoder.JSONDecodeError', 'Expecting value: line 1 column 2 (char 1)'], ruby: ['JSON::ParserError', "859: unexpected token at ''"] },
  {
    body: '<html>',
    contentType: 'text/html',
    node: ['SyntaxError', 'Unexpected token \'<\', "<html>" is not valid JSON'],
    python: ['json.decoder.JSONDecodeError', 'Expecting value: line 1 column 1 (char 0)'],
    ruby: ['JSON::ParserError', "859: unexpected token at '<html>'"],
  },
  { body: 'null', node: ['TypeError', "Cannot read properties of null (reading 'auth_token')"], python: ['AttributeError', "'NoneType' object has no attribute 'get'"], ruby: ['NoMethodError', "undefined method `[]' for nil:NilClass"] },
  {
    body: 'null',
    resource: 'organization_account',
    node: ['TypeError', "Cannot read properties of null (reading 'account_sid')"],
    python: ['AttributeError', "'NoneType' object has no attribute 'get'"],
    ruby: ['NoMethodError', "undefined method `[]' for nil:NilClass"],
  },
  { body: '[]', node: 'ok', python: ['AttributeError', "'list' object has no attribute 'get'"], ruby: ['TypeError', 'no implicit conversion of String into Integer'] },
  { body: '"text"', node: ['SyntaxError', 'Unexpected token \'e\', "text" is not valid JSON'], python: ['AttributeError', "'str' object has no attribute 'get'"], ruby: 'ok' },
  { body: '5', node: 'ok', python: ['AttributeError', "'int' object has no attribute 'get'"], ruby: ['TypeError', 'no implicit conversion of String into Integer'] },
  { body: '1.5', node: 'ok', python: ['AttributeError', "'float' object has no attribute 'get'"], ruby: ['NoMethodError', "undefined method `[]' for 1.5:Float"] },
  { body: 'true', node: 'ok', python: ['AttributeError', "'bool' object has no attribute 'get'"], ruby: ['NoMethodError', "undefined method `[]' for true:TrueClass"] },
  { body: '{}', node: 'ok', python: 'ok', ruby: 'ok' },
];

const reply = (body: string, contentType = 'application/json'): HttpReply => ({ status: 200, contentType, headers: {}, body });

function outcome(f: () => unknown): Outcome {
  try {
    f();
    return 'ok';
  } catch (e) {
    if (e instanceof LibraryError) return [e.type, e.message];
    throw e;
  }
}

describe('a 2xx API body a library cannot read', () => {
  for (const profile of ['node', 'python', 'ruby'] as const) {
    it(`${profile}: each body gives what the real library gave`, () => {
      const rules = familyRules(PROFILES[profile].providers);
      const got = RECORDED.map((r) => outcome(() => rules.readApiRecord(reply(r.body, r.contentType), r.resource ?? 'account')));
      expect(got).toEqual(RECORDED.map((r) => r[profile]));
    });
  }

  it('the API client reads 2xx bodies with the profile and leaves error statuses to apiError', async () => {
    const srv = await startOAuthServer({ proxy: false, script: { api: [{ kind: 'raw', status: 200, body: '' }, { kind: 'raw', status: 404, body: '' }, { kind: 'resource' }] } });
    try {
      const rules = familyRules(PROFILES.node.providers);
      const client = new ApiClient({ rules, baseUrl: srv.url, credentialProvider: new NoAuthCredentialProvider({ rules, clock: () => 0, tokenBaseUrl: srv.url, environment: {} }) });
      const path = '/2010-04-01/Accounts/AC00000000000000000000000000000001.json';
      await expect(client.get(path)).rejects.toMatchObject({ type: 'SyntaxError', message: 'Unexpected end of JSON input' });
      await expect(client.get(path)).rejects.toMatchObject({ type: 'RestException', message: '[HTTP 404] Failed to execute request' });
      await expect(client.get(path)).resolves.toMatchObject({ status: 200, body: { sid: 'AC00000000000000000000000000000001' } });
    } finally {
      await srv.close();
    }
  });

  it('strict mode refuses an empty, non-JSON or non-object 2xx body with a typed error, never a success', () => {
    const typed = (body: string): unknown => {
      try {
        return strictApiRules.readApiRecord(reply(body), 'account');
      } catch (e) {
        const cause = (e as { cause?: unknown }).cause;
        return cause instanceof CredentialError ? { name: cause.name, code: cause.code, message: cause.message } : e;
      }
    };
    const malformed = (detail: ApiResponseMalformedError['detail']) => ({ name: 'ApiResponseMalformedError', code: 'api_response_malformed', message: `the API's reply is malformed (HTTP 200, ${detail})` });
    expect(typed('')).toEqual(malformed('empty'));
    expect(typed(' \n')).toEqual(malformed('empty'));
    expect(typed('<html>')).toEqual(malformed('not JSON'));
    expect(typed('null')).toEqual(malformed('not a JSON object'));
    expect(typed('[]')).toEqual(malformed('not a JSON object'));
    expect(typed('"text"')).toEqual(malformed('not a JSON object'));
    expect(typed('{"sid":"AC1"}')).toEqual({ sid: 'AC1' });
  });
});

describe('vectors/credential_provider/api-replies.json', () => {
  it('is what scripts/vectors/provider-replies.ts builds from the reference', async () => {
    expect(readFileSync(API_REPLIES_FILE, 'utf8')).toBe(await buildApiReplies());
  });
});
