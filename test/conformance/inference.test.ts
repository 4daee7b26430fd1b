/**
 * An adapter that declares no profile is held to every profile, family by family, and a profile is
 * named only with evidence: nothing passed, too little passed or two profiles fitting equally is
 * "matches no profile", each family can match a different library, and the records of a family are
 * judged against the profile it matched (or its nearest). And a property names the real difference
 * (one side rejecting the input) rather than a verification failure that follows from it.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runProperties } from '../../conformance/properties/run.ts';
import { judge } from '../../conformance/runner/compare.ts';
import { inferFamily, runAdapter, type AdapterRun, type ProfileTally } from '../../conformance/runner/run.ts';
import { AdapterSession } from '../../conformance/runner/session.ts';
import { loadVectors, type ProfileName, type Vector } from '../../conformance/vectors/read.ts';
import { PROFILES } from '../../reference/profiles/index.ts';
import { ROOT } from '../helpers/shared.ts';

const VECTORS = loadVectors(join(ROOT, 'vectors'));
const FIXTURE = join(ROOT, 'test/fixtures/undeclared-adapter.mjs');
const NAMES = Object.keys(PROFILES) as ProfileName[];
const undeclared = (...args: string[]): Promise<AdapterRun> => runAdapter({ name: 'undeclared', command: [process.execPath, FIXTURE, ...args] }, VECTORS, { jobs: 2 });
const score = (pass: number, judged: number, skipped = 0): ProfileTally => ({ pass, judged, skipped });
const families = (run: AdapterRun) => run.inference!.families;
/** Does this profile's library record (and so judge) any case of the family? */
const judges = (p: ProfileName, family: string): boolean => VECTORS.some((v) => v.family === family && v.expect[p] && v.expect[p]!.kind !== 'unsupported');

describe('inferFamily: a profile is named only with evidence', () => {
  it('names the profile with the strictly highest ratio when it passed at least half', () => {
    const f = inferFamily({ node: score(240, 241), python: score(7, 232), ruby: score(6, 207) });
    expect(f.profile).toBe('node');
    expect(f.nearest).toBe('node');
    expect(f.why).toBe('node 240/241, above every other profile (python 7/232, ruby 6/207)');
  });

  it('nothing passed: matches no profile, however the ratios compare', () => {
    const f = inferFamily({ node: score(0, 447), python: score(0, 389), ruby: score(0, 413) });
    expect(f.profile).toBeUndefined();
    expect(f.why).toBe('matches no profile: best is node 0/447 (python 0/389, ruby 0/413)');
    // Shown against the profile that judges the most, so its failures are visible.
    expect(f.nearest).toBe('node');
  });

  it('a handful of coincidental passes (4 python-only decode cases of 62) names nothing', () => {
    const f = inferFamily({ node: score(0, 0), python: score(4, 62), ruby: score(0, 0) });
    expect(f.profile).toBeUndefined();
    expect(f.nearest).toBe('python');
    expect(f.why).toBe('matches no profile: best is python 4/62, under half (node and ruby record none of its cases)');
  });

  it('two profiles that fit equally: no single profile is named', () => {
    const f = inferFamily({ node: score(120, 120), python: score(120, 120), ruby: score(3, 100) });
    expect(f.profile).toBeUndefined();
    expect(f.why).toBe('matches no single profile: node and python fit equally (120/120 each)');
    const g = inferFamily({ node: score(60, 120), python: score(50, 100), ruby: score(0, 100) });
    expect(g.profile).toBeUndefined();
    expect(g.nearest).toBe('node');
    expect(g.why).toBe('matches no single profile: node and python fit equally (node 60/120, python 50/100)');
  });

  it('skipped cases are no evidence: a partial port is named by the cases it answered', () => {
    // The guide's minimal Java adapter: python's layout for what it covers, skips for the rest.
    const f = inferFamily({ node: score(0, 241, 180), python: score(56, 232, 173), ruby: score(0, 207, 150) });
    expect(f.profile).toBe('python');
    expect(f.scores.python).toEqual({ judged: 232, pass: 56 });
    expect(f.why).toBe('python 56/232 (56/59 answered, 173 skipped), above every other profile (node 0/241 (0/61 answered, 180 skipped), ruby 0/207 (0/57 answered, 150 skipped))');
    const none = inferFamily({ node: score(0, 241, 241), python: score(0, 232, 232), ruby: score(0, 207, 207) });
    expect(none.profile).toBeUndefined();
    expect(none.why).toBe('matches no profile: it skipped every case a profile records');
  });

  it('no profile records any case of the family: matches no profile', () => {
    const f = inferFamily({ node: score(0, 0), python: score(0, 0), ruby: score(0, 0) });
    expect(f.profile).toBeUndefined();
    expect(f.why).toMatch(/^matches no profile/);
  });
});

describe('runAdapter on adapters that declare no profile', () => {
  it('an adapter that passes nothing matches no profile in any family', async () => {
    const run = await undeclared('--nothing');
    expect(run.startError).toBeUndefined();
    expect(run.inferredProfile).toBe(true);
    expect(run.profile).toBeUndefined();
    const fams = families(run);
    expect(Object.keys(fams).sort()).toEqual([...new Set(VECTORS.map((v) => v.family))].sort());
    for (const [family, f] of Object.entries(fams)) {
      expect(f.profile, family).toBeUndefined();
      expect(f.why, family).toMatch(/^matches no profile: best is \w+ 0\/\d+/);
      for (const p of NAMES) expect(f.scores[p].pass, `${family} ${p}`).toBe(0);
    }
    // Every record is judged against its family's nearest profile where that profile records the
    // case, and none passes.
    expect(run.records).toHaveLength(VECTORS.length);
    for (const r of run.records) {
      const nearest = fams[r.vector.family].nearest;
      expect(r.profile).toBe(nearest);
      const recorded = r.vector.expect[nearest] !== undefined && r.vector.expect[nearest]!.kind !== 'unsupported';
      expect(r.verdict !== undefined, r.vector.id).toBe(recorded);
      expect(r.verdict?.status).not.toBe('pass');
    }
    // With nothing passing anywhere, the nearest profile is the one recording the most cases of
    // the family: the run judges, per family, as many cases as that profile records.
    const records = (family: string, p: string): number => VECTORS.filter((v) => v.family === family && v.expect[p] !== undefined && v.expect[p]!.kind !== 'unsupported').length;
    const most = Object.keys(fams).reduce((n, family) => n + Math.max(...NAMES.map((p) => records(family, p))), 0);
    expect(run.records.filter((r) => r.verdict).length).toBe(most);
    expect(most).toBeGreaterThan(VECTORS.length / 4);
  });

  for (const x of NAMES) {
    it(`the reference in the ${x} profile, undeclared: every family ${x} records is inferred ${x}, and its records pass`, async () => {
      const run = await undeclared(x);
      const fams = families(run);
      for (const [family, f] of Object.entries(fams)) {
        if (judges(x, family)) {
          expect(f.profile, `${family}: ${f.why}`).toBe(x);
          expect(f.scores[x].pass).toBe(f.scores[x].judged);
          expect(f.why.startsWith(`${x} `)).toBe(true);
        } else {
          // The library has no such family (node's and ruby's jwt, ruby's ValidationToken): no evidence for x.
          expect(f.profile, `${family}: ${f.why}`).toBeUndefined();
        }
      }
      for (const r of run.records.filter((c) => judges(x, c.vector.family))) {
        expect(r.profile).toBe(x);
        if (r.verdict) expect(r.verdict.status, r.vector.id).toBe('pass');
      }
      // One profile for the run only when every family named it.
      const everyFamilyX = Object.keys(fams).every((family) => judges(x, family));
      expect(run.profile).toBe(everyFamilyX ? x : undefined);
    });
  }

  it('a partial port (about a quarter of the cases answered, the rest skipped) is still inferred family by family', async () => {
    const run = await undeclared('python', '--partial');
    for (const [family, f] of Object.entries(families(run))) {
      expect(f.profile, `${family}: ${f.why}`).toBe('python');
      expect(f.scores.python.pass * 2, family).toBeLessThan(f.scores.python.judged);
    }
    expect(run.profile).toBe('python');
  });

  it('restricted to the families a profile records, the run as a whole is inferred that profile', async () => {
    const fams = [...new Set(VECTORS.map((v) => v.family))].filter((f) => judges('ruby', f));
    const run = await undeclared(...fams.map((f) => `${f}=ruby`));
    expect(Object.keys(families(run)).sort()).toEqual([...fams].sort());
    expect(run.profile).toBe('ruby');
    expect(run.inferredProfile).toBe(true);
  });

  it("a mixed adapter (node's access_token, python's jwt) is inferred per family and has no single profile", async () => {
    const run = await undeclared('access_token=node', 'jwt=python');
    const fams = families(run);
    expect(Object.keys(fams).sort()).toEqual(['access_token', 'jwt']);
    expect(fams.access_token.profile).toBe('node');
    expect(fams.jwt.profile).toBe('python');
    expect(run.profile).toBeUndefined();
    expect(run.inferredProfile).toBe(true);
    for (const r of run.records) {
      expect(r.profile).toBe(r.vector.family === 'jwt' ? 'python' : 'node');
      if (r.verdict) expect(r.verdict.status, r.vector.id).toBe('pass');
    }
    expect(fams.access_token.scores.node.pass).toBeGreaterThan(100);
    expect(fams.jwt.scores.python.pass).toBeGreaterThan(10);
  });

  it('a family where two profiles record the same behaviour names neither', async () => {
    // Vectors on which python's expectation is node's: the reference in node fits both equally.
    const same: Vector[] = VECTORS.filter((v) => v.family === 'access_token' && v.expect.node && v.expect.node.kind !== 'unsupported').map((v) => ({ ...v, expect: { ...v.expect, python: v.expect.node } }));
    const run = await runAdapter({ name: 'undeclared', command: [process.execPath, FIXTURE, 'access_token=node'] }, same, { jobs: 2 });
    const f = families(run).access_token;
    expect(f.scores.node).toEqual(f.scores.python);
    expect(f.scores.node.pass).toBe(same.length);
    expect(f.profile).toBeUndefined();
    expect(f.why).toBe(`matches no single profile: node and python fit equally (${same.length}/${same.length} each)`);
    expect(run.profile).toBeUndefined();
  });

  it('a declared profile is not inferred, and every record carries it', async () => {
    const v = VECTORS.filter((x) => x.family === 'access_token');
    const run = await runAdapter({ name: 'undeclared', command: [process.execPath, FIXTURE, 'access_token=python'] }, v, { profile: 'python' });
    expect(run.inferredProfile).toBeUndefined();
    expect(run.inference).toBeUndefined();
    expect(run.profile).toBe('python');
    expect(run.records.every((r) => r.profile === 'python')).toBe(true);
  });
});

describe('a property names a difference in acceptance, not what follows from it', () => {
  const LENIENT = join(ROOT, 'test/fixtures/lenient-adapter.mjs');
  const properties = async (mode: string, only: string, family = 'access_token') => {
    const session = new AdapterSession([process.execPath, LENIENT, mode], { caseTimeoutMs: 60_000 });
    await session.open();
    try {
      // A fixed seed and enough runs that the generator draws an empty secret (about 1 run in 130).
      return await runProperties({ name: 'lenient', run: (c) => session.run(c) }, 'node', [family], { only, seed: 20261203, numRuns: 1500 });
    } finally {
      await session.close();
    }
  };

  it('an adapter that signs with an empty secret, which the profile rejects: the message says so', async () => {
    const results = await properties('--accept-empty-secret', 'access_token/');
    const failed = results.filter((r) => r.status !== 'ok');
    expect(failed.map((r) => r.name).sort()).toEqual(['access_token/differential-layout', 'access_token/signature-verifies']);
    for (const r of failed) {
      expect(r.message, r.name).toBe('the node profile rejects an empty secret (Error: secret is required) but the adapter returned a token');
      const input = r.counterexample!.input as { get(k: string): unknown };
      expect(input.get('secret')).toBe('');
    }
    expect(results.some((r) => /jose|Zero-length/.test(r.message ?? ''))).toBe(false);
  });

  it('an adapter that rejects what the profile accepts: the message names its rejection', async () => {
    const [r] = await properties('--reject-everything', 'access_token/differential-layout');
    expect(r.status).toBe('fail');
    expect(r.message).toMatch(/^the node profile makes a token for (this input|an empty \w+) but the adapter rejected it \(Error: this adapter rejects everything\)$/);
  });

  it('the judge, on a vector, already names the rejection and checks no signature', async () => {
    const v = VECTORS.find((x) => x.id === 'access_token/edge/secret-empty')!;
    const token = 'eyJhbGciOiJIUzI1NiJ9.e30.' + Buffer.alloc(32).toString('base64url');
    expect(await judge(v.expect.node!, { output: { token } }, v)).toEqual({ status: 'fail', level: 'accepted', detail: 'expected rejection "secret is required", got a token' });
  });

  it('the other families name it the same way', async () => {
    const [r] = await properties('--reject-everything', 'client_capability/differential-layout', 'client_capability');
    expect(r.status).toBe('fail');
    expect(r.message).toMatch(/^the node profile makes a token for (this input|an empty \w+) but the adapter rejected it \(Error: this adapter rejects everything\)$/);
  });
});

describe('every reporter marks an inferred profile and shows the per-profile counts', () => {
  it('tty, Markdown, HTML, JSONL, JUnit and TAP', async () => {
    const { renderSummary } = await import('../../conformance/reporters/tty.ts');
    const { renderMarkdown } = await import('../../conformance/reporters/markdown.ts');
    const { renderHtml } = await import('../../conformance/reporters/html.ts');
    const { renderJsonl } = await import('../../conformance/reporters/jsonl.ts');
    const { renderJunit } = await import('../../conformance/reporters/junit.ts');
    const { renderTap } = await import('../../conformance/reporters/tap.ts');
    const { gate } = await import('../../conformance/runner/expectations.ts');
    const vectors = VECTORS.filter((v) => v.family === 'access_token' || v.family === 'jwt');
    const run = await runAdapter({ name: 'undeclared', command: [process.execPath, FIXTURE, 'access_token=python', 'jwt=node'] }, vectors, { jobs: 2 });
    const report = { tool: { name: 'twilio-jwt-conformance', version: 'test' }, started: 's', finished: 'f', vectorCount: vectors.length, runs: [run], gate: gate([run]) };
    // access_token matched python; jwt (node records no jwt case) matches none.
    const at = /access_token: python \(inferred\): python \d+\/\d+, above every other profile \(node \d+\/\d+.*ruby \d+\/\d+/;
    const jwt = /jwt: matches no profile, shown against \w+/;
    for (const [name, text] of [
      ['tty', renderSummary(report)],
      ['markdown', renderMarkdown(report)],
      ['html', renderHtml(report)],
      ['junit', renderJunit(report)],
      ['tap', renderTap(report)],
    ] as const) {
      const plain = name === 'markdown' ? text.replace(/\\(?=[\\`*_{}[\]()#+\-.!|<>~$^&])/g, '') : text;
      expect(plain, name).toMatch(at);
      expect(plain, name).toMatch(jwt);
    }
    const header = JSON.parse(renderJsonl(report).split('\n')[0]);
    const fam = header.adapters[0].inference.families;
    expect(header.adapters[0].inferredProfile).toBe(true);
    expect(fam.access_token.profile).toBe('python');
    expect(fam.access_token.scores.node.judged).toBeGreaterThan(0);
    expect(fam.jwt.profile).toBeUndefined();
  });
});
