import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';

// A fault on our side while checking the start reply (here: the validator throws, as it would if a
// protocol schema could not be read) must still end the adapter it started.
vi.mock('../../conformance/protocol/validate.ts', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../conformance/protocol/validate.ts')>();
  return {
    ...actual,
    checkStartReply: () => {
      throw new Error('schema could not be loaded');
    },
  };
});

const { AdapterProcess } = await import('../../conformance/protocol/client.ts');

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('AdapterProcess.start when checking the start reply throws', () => {
  it('rethrows the fault and leaves no adapter process behind', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'start-fault-'));
    const pidFile = join(dir, 'pid');
    const script = join(dir, 'adapter.mjs');
    // Answers start, then stays alive until killed.
    writeFileSync(
      script,
      `import { writeFileSync } from 'node:fs';
writeFileSync(${JSON.stringify(pidFile)}, String(process.pid));
process.stdin.once('data', () => process.stdout.write('{"implementation":{"name":"x","version":"1"}}\\n'));
setInterval(() => {}, 1000);
`,
    );
    await expect(AdapterProcess.start([process.execPath, script])).rejects.toThrow('schema could not be loaded');
    const pid = Number(readFileSync(pidFile, 'utf8'));
    expect(pid).toBeGreaterThan(0);
    await vi.waitFor(() => expect(alive(pid)).toBe(false), { timeout: 5000, interval: 50 });
  });
});
