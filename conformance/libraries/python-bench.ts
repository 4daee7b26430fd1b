/**
 * twilio-python's bench contenders (conformance/libraries/bench.ts): its AccessToken timed inside
 * its own interpreter (scripts/bench_twilio_python.py, on the bench's fixed inputs), and its
 * adapter's throughput.
 */
import { spawnSync } from 'node:child_process';
import type { LibraryBench } from './bench.ts';
import { packageFile } from './launch.ts';

/**
 * The contenders; nothing runs until the bench asks. `findPython` is the entry's interpreter
 * lookup (passed in: this module is loaded from the entry, which it must not import back).
 */
export function twilioPythonBench(findPython: () => { python: string } | { error: string }): LibraryBench {
  return {
    referenceRows: { client_capability: 'ClientCapability', validation_token: 'ClientValidationJwt RS256' },
    ownInterpreter: {
      row: 'twilio-python AccessToken.to_jwt (own interpreter)',
      accessTokenRate(reps, sliceMs) {
        const py = findPython();
        if (!('python' in py)) return undefined;
        // A checkout's script: the bench runs from one, never from the installed package.
        const r = spawnSync(py.python, [packageFile('scripts/bench_twilio_python.py'), String(reps), String(sliceMs)], { encoding: 'utf8' });
        if (r.status !== 0) throw new Error(`python bench failed: ${r.stderr}`);
        return Number(r.stdout.trim().split('\n').at(-1));
      },
    },
    adapterThroughput: { caseTimeoutMs: 30_000 },
  };
}
