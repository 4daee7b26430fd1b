/**
 * The packaged library: `npm pack`, install the tarball in a scratch project, import
 * `twilio-jwt-conformance/reference` from plain JavaScript and typecheck a TypeScript user of it.
 * The token it mints must equal the one twilio-node recorded for the same input (oracle vector).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadVectors } from '../../conformance/runner/vectors.ts';
import { ROOT } from '../helpers/shared.ts';

const scratch = mkdtempSync(join(tmpdir(), 'tjc-pack-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const npm = (args: string[], cwd: string): string =>
  execFileSync('npm', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, npm_config_loglevel: 'error' } });

describe('the packaged library', () => {
  it('installs from its tarball and mints twilio-node\'s exact token through the public API', { timeout: 240_000 }, () => {
    npm(['pack', '--pack-destination', scratch], ROOT);
    const tarball = readdirSync(scratch).find((f) => f.endsWith('.tgz'))!;
    expect(tarball).toBeTruthy();
    const app = join(scratch, 'app');
    execFileSync('mkdir', ['-p', app]);
    writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'scratch', private: true, type: 'module' }));
    // A Node user of a Node library has Node's types; the declarations mention Buffer and KeyObject.
    npm(['install', '--prefer-offline', '--no-audit', '--no-fund', join(scratch, tarball), '@types/node@20'], app);

    // The oracle recorded this token from twilio-node 6.2.0 for identity "alice" and no grants.
    const v = loadVectors(join(ROOT, 'vectors', 'access_token', 'oracle-node.json')).find((x) => x.id === 'access_token/node/identity-only')!;
    const want = v.expect.node!.kind === 'token' ? v.expect.node!.token : '';
    writeFileSync(
      join(app, 'mint.mjs'),
      `import { AccessToken } from 'twilio-jwt-conformance/reference';
const t = new AccessToken('ACaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa', 'SKbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb', 'secret_0123456789abcdef0123456789', { identity: 'alice', clock: () => ${v.nowMs} });
process.stdout.write(t.toJwt());`,
    );
    expect(execFileSync(process.execPath, ['mint.mjs'], { cwd: app, encoding: 'utf8' })).toBe(want);

    // A TypeScript user gets the declarations.
    writeFileSync(
      join(app, 'use.ts'),
      `import { AccessToken, VoiceGrant, type AccessTokenOptions } from 'twilio-jwt-conformance/reference';
const opts: AccessTokenOptions = { identity: 'alice', profile: 'python' };
const t = new AccessToken('AC1', 'SK1', 'secret', opts);
t.addGrant(new VoiceGrant({ incomingAllow: true }));
const jwt: string = t.toJwt();
export default jwt;`,
    );
    writeFileSync(join(app, 'tsconfig.json'), JSON.stringify({ compilerOptions: { module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, noEmit: true, skipLibCheck: false, types: ['node'] }, files: ['use.ts'] }));
    execFileSync(process.execPath, [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', app], { encoding: 'utf8' });
  });
});
